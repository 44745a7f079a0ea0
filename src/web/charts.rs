//! The dashboard: the figures of `/stats` and `/status`, and charts drawn
//! here as SVG (no script, nothing fetched): tickets opened and closed per
//! day over 30 days, time to the first answer, open tickets by age.

use std::sync::Arc;

use chrono::{DateTime, Duration, TimeZone, Utc};
use maud::{html, Markup};

use super::pages::svg;
use super::Web;
use crate::model::{Author, Model, TicketStatus, UnixTime};

/// Days in the opened/closed chart.
const DAYS: usize = 30;

/// One bar group: its label and one value per series.
struct Bar {
    label: String,
    values: Vec<u64>,
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A chart's height in CSS pixels; its width is the page's. Across, the
/// chart is laid out in percent and its text is never scaled, so labels
/// keep the page's size on a phone as on a desktop.
const HEIGHT: f64 = 220.0;
/// Pixels above the top gridline and below the zero line (the labels).
const TOP: f64 = 12.0;
const BOTTOM: f64 = 40.0;
/// Percent of the width left of the plot (the numbers of the axis) and
/// right of it.
const LEFT: f64 = 7.0;
const RIGHT: f64 = 1.0;

/// The step between gridlines and the axis's top: at most five steps of
/// 1, 2 or 5 times a power of ten, the top at or above `max`.
fn scale(max: u64) -> (u64, u64) {
    let mut power = 1u64;
    loop {
        for unit in [1, 2, 5] {
            let step = unit * power;
            let steps = max.div_ceil(step).max(1);
            if steps <= 5 {
                return (step, steps * step);
            }
        }
        power = power.saturating_mul(10);
    }
}

/// A label on one or two lines (split at the space nearest its middle),
/// centred at `x` percent.
fn label(x: f64, text: &str, class: &str) -> String {
    let y = HEIGHT - BOTTOM + 16.0;
    let middle = text.len() / 2;
    let split = text
        .match_indices(' ')
        .map(|(i, _)| i)
        .min_by_key(|i| i.abs_diff(middle));
    let lines: Vec<&str> = match split {
        Some(i) if text.chars().count() > 8 => vec![&text[..i], &text[i + 1..]],
        _ => vec![text],
    };
    let mut out = format!(r#"<text class="{class}" x="{x:.2}%" y="{y:.1}" text-anchor="middle">"#);
    for (n, line) in lines.iter().enumerate() {
        let dy = if n == 0 { "0" } else { "1.2em" };
        out.push_str(&format!(
            r#"<tspan x="{x:.2}%" dy="{dy}">{}</tspan>"#,
            escape(line)
        ));
    }
    out.push_str("</text>");
    out
}

/// A bar chart: `classes` names each series (for colours; the legend
/// beside the chart names them in words), `title` is read by screen
/// readers. Gridlines at round numbers with the axis's numbers, the zero
/// line, a label under each bar group (on a phone, every other one of a
/// long chart: `minor`).
fn bar_chart(title: &str, bars: &[Bar], classes: &[&str]) -> String {
    let max = bars
        .iter()
        .flat_map(|b| b.values.iter().copied())
        .max()
        .unwrap_or(0);
    let (step, top) = scale(max);
    let plot = HEIGHT - TOP - BOTTOM;
    let y_of = |value: u64| TOP + plot * (1.0 - value as f64 / top as f64);
    let width = 100.0 - LEFT - RIGHT;
    let slot = width / bars.len().max(1) as f64;
    let series = classes.len().max(1) as f64;
    let bar_width = slot * 0.8 / series;
    let mut out = format!(
        r#"<svg class="chart" width="100%" height="{HEIGHT}" role="img" aria-label="{}" xmlns="http://www.w3.org/2000/svg"><title>{}</title>"#,
        escape(title),
        escape(title)
    );
    let mut value = 0;
    while value <= top {
        let y = y_of(value);
        let class = if value == 0 { "zero" } else { "grid" };
        out.push_str(&format!(
            r#"<line class="{class}" x1="{LEFT}%" x2="{:.2}%" y1="{y:.1}" y2="{y:.1}"/><text class="tick" x="{:.2}%" y="{:.1}" text-anchor="end">{value}</text>"#,
            100.0 - RIGHT,
            LEFT - 0.8,
            y + 4.0
        ));
        value += step;
    }
    out.push_str(&format!(
        r#"<line class="axis" x1="{LEFT}%" x2="{LEFT}%" y1="{TOP}" y2="{:.1}"/>"#,
        y_of(0)
    ));
    // Long charts are labelled every third group, every sixth on a phone,
    // counted back from the last (today).
    let (every, phone) = if bars.len() > 12 { (3, 6) } else { (1, 1) };
    for (i, bar) in bars.iter().enumerate() {
        let x0 = LEFT + i as f64 * slot + slot * 0.1;
        for (s, value) in bar.values.iter().enumerate() {
            let y = y_of(*value);
            out.push_str(&format!(
                r#"<rect class="{}" x="{:.2}%" y="{y:.1}" width="{:.2}%" height="{:.1}"><title>{}: {value}</title></rect>"#,
                classes.get(s).copied().unwrap_or(""),
                x0 + s as f64 * bar_width,
                (bar_width * 0.92).max(0.1),
                y_of(0) - y,
                escape(&bar.label)
            ));
        }
        let back = bars.len() - 1 - i;
        if back.is_multiple_of(every) {
            let class = if back.is_multiple_of(phone) {
                "label"
            } else {
                "label minor"
            };
            out.push_str(&label(LEFT + (i as f64 + 0.5) * slot, &bar.label, class));
        }
    }
    out.push_str("</svg>");
    out
}

/// The names of a chart's series beside their colours.
fn legend(series: &[(&str, String)]) -> Markup {
    html! {
        ul.legend {
            @for (class, name) in series {
                li { span class=(format!("swatch {class}")) aria-hidden="true" {} (name) }
            }
        }
    }
}

fn day_of(web: &Web, at: UnixTime) -> Option<chrono::NaiveDate> {
    let t = DateTime::<Utc>::from_timestamp(i64::try_from(at).ok()?, 0)?;
    Some(web.zone.from_utc_datetime(&t.naive_utc()).date_naive())
}

/// Opened and closed per day, the last [`DAYS`] days (in the team's zone).
fn per_day(web: &Web, model: &Model, now: UnixTime) -> Vec<Bar> {
    let Some(today) = day_of(web, now) else {
        return Vec::new();
    };
    let first = today - Duration::days(DAYS as i64 - 1);
    let mut counts = vec![[0u64; 2]; DAYS];
    let mut count = |at: Option<UnixTime>, series: usize| {
        if let Some(day) = at.and_then(|at| day_of(web, at)) {
            let index = (day - first).num_days();
            if (0..DAYS as i64).contains(&index) {
                counts[index as usize][series] += 1;
            }
        }
    };
    for t in model.tickets.values() {
        count(Some(t.opened_at), 0);
        count(t.closed_at, 1);
    }
    counts
        .iter()
        .enumerate()
        .map(|(i, [opened, closed])| Bar {
            label: (first + Duration::days(i as i64))
                .format("%m-%d")
                .to_string(),
            values: vec![*opened, *closed],
        })
        .collect()
}

/// How many tickets fall in each bucket of seconds (upper bounds; the
/// last bucket takes the rest).
fn buckets(web: &Web, seconds: impl Iterator<Item = u64>, bounds: &[(u64, &str)]) -> Vec<Bar> {
    let mut counts = vec![0u64; bounds.len()];
    for s in seconds {
        let i = bounds
            .iter()
            .position(|(bound, _)| s < *bound)
            .unwrap_or(bounds.len() - 1);
        counts[i] += 1;
    }
    bounds
        .iter()
        .zip(counts)
        .map(|((_, key), n)| Bar {
            label: web.t(key),
            values: vec![n],
        })
        .collect()
}

const HOUR: u64 = 3600;
const DAY: u64 = 24 * HOUR;
const FIRST_ANSWER: [(u64, &str); 5] = [
    (5 * 60, "web-bucket-5m"),
    (HOUR, "web-bucket-1h"),
    (4 * HOUR, "web-bucket-4h"),
    (DAY, "web-bucket-1d"),
    (u64::MAX, "web-bucket-more"),
];
const AGES: [(u64, &str); 5] = [
    (HOUR, "web-bucket-1h"),
    (DAY, "web-bucket-1d"),
    (3 * DAY, "web-bucket-3d"),
    (7 * DAY, "web-bucket-7d"),
    (u64::MAX, "web-bucket-more"),
];

/// The dashboard's body as every viewer gets it: computed once per change
/// of the store (and once a minute, as ages and days move on), on a
/// blocking thread, whoever and however many ask.
pub async fn shared_dashboard(web: &Arc<Web>) -> maud::PreEscaped<String> {
    let mut cached = web.dashboard.lock().await;
    let now = crate::clock::now();
    let key = (web.store.read(|m| m.seq), now / 60);
    if let Some((at, body)) = cached.as_ref() {
        if *at == key {
            return maud::PreEscaped(body.clone());
        }
    }
    let computing = Arc::clone(web);
    let body = tokio::task::spawn_blocking(move || dashboard(&computing, now).into_string()).await;
    let body = match body {
        Ok(body) => body,
        Err(error) => std::panic::resume_unwind(error.into_panic()),
    };
    *cached = Some((key, body.clone()));
    maud::PreEscaped(body)
}

/// A figure: what it is, its value, and a line under it (if any).
struct Figure {
    label: String,
    value: String,
    note: Option<String>,
}

impl Figure {
    fn new(label: String, value: String) -> Figure {
        Figure {
            label,
            value,
            note: None,
        }
    }
}

fn figures(class: &str, label: &str, figures: &[Figure]) -> Markup {
    html! {
        section class=(class) aria-label=(label) {
            @for figure in figures {
                div.figure {
                    span.label { (figure.label) }
                    b.value { (figure.value) }
                    @if let Some(note) = &figure.note { span.note { (note) } }
                }
            }
        }
    }
}

/// The dashboard's content: first the four figures a lead acts on (open
/// now, waiting for the team, the median first answer, the rating), then
/// the periods, the charts, and last the operations (the store's health).
pub fn dashboard(web: &Web, now: UnixTime) -> Markup {
    let since = now.saturating_sub(DAYS as u64 * DAY);
    let (stats, counts, states, days, first_answers, ages, waiting) = web.store.read(|m| {
        let stats = crate::stats::compute(m, now, web.zone);
        let first_answers: Vec<u64> = m
            .tickets
            .values()
            .filter(|t| t.opened_at >= since)
            .filter_map(|t| {
                t.messages
                    .iter()
                    .find(|e| matches!(e.from, Author::Admin(_)) && !e.note)
                    .map(|e| e.at.saturating_sub(t.opened_at))
            })
            .collect();
        let open: Vec<&crate::model::Ticket> = m
            .tickets
            .values()
            .filter(|t| t.status == TicketStatus::Open)
            .collect();
        let ages: Vec<u64> = open
            .iter()
            .map(|t| now.saturating_sub(t.opened_at))
            .collect();
        let waiting = open
            .iter()
            .filter(|t| super::views::standing(t) == super::views::Standing::Waiting)
            .count();
        (
            stats,
            m.ticket_counts(),
            m.state_counts(),
            per_day(web, m, now),
            first_answers,
            ages,
            waiting,
        )
    });
    let duration = |s: Option<u64>| {
        s.map_or_else(
            || web.t("stats-none"),
            |s| crate::replies::duration(web.language, s),
        )
    };
    let rating = stats.average_rating_tenths.map_or_else(
        || web.t("stats-none"),
        |t| format!("{}.{} / 5", t / 10, t % 10),
    );
    let period = |p: crate::stats::Period| format!("{} / {}", p.opened, p.closed);
    let lead = [
        Figure::new(web.t("web-fig-open"), counts.open.to_string()),
        Figure {
            note: Some(web.t_with("web-fig-unanswered", &[("n", stats.unanswered_now.into())])),
            ..Figure::new(web.t("web-status-waiting"), waiting.to_string())
        },
        Figure::new(
            web.t("web-fig-first-answer"),
            duration(stats.median_first_answer),
        ),
        Figure {
            note: (stats.ratings > 0)
                .then(|| web.t_with("web-fig-ratings", &[("n", stats.ratings.into())])),
            ..Figure::new(web.t("web-fig-rating"), rating)
        },
    ];
    let periods = [
        Figure::new(web.t("web-fig-today"), period(stats.today)),
        Figure::new(web.t("web-fig-week"), period(stats.this_week)),
        Figure::new(web.t("web-fig-month"), period(stats.this_month)),
        Figure::new(web.t("web-fig-to-close"), duration(stats.median_to_close)),
    ];
    let operations = [
        Figure::new(
            web.t("web-fig-status"),
            if web.store.is_degraded() {
                web.t("web-fig-status-degraded")
            } else {
                web.t("web-fig-status-ok")
            },
        ),
        Figure::new(web.t("web-fig-total"), counts.total.to_string()),
        Figure::new(
            web.t("web-fig-chats"),
            states
                .by_name()
                .iter()
                .map(|(_, n)| n)
                .sum::<usize>()
                .to_string(),
        ),
    ];
    let per_day_title = web.t("web-chart-per-day");
    let first_title = web.t("web-chart-first-answer");
    let ages_title = web.t("web-chart-ages");
    let tickets = [("opened", web.t("web-series-tickets"))];
    html! {
        (figures("figures lead", &web.t("web-now"), &lead))
        (figures("figures periods", &web.t("web-periods"), &periods))
        section.chart-box {
            h2 { (per_day_title) }
            (legend(&[("opened", web.t("web-series-opened")), ("closed", web.t("web-series-closed"))]))
            (svg(bar_chart(&per_day_title, &days, &["opened", "closed"])))
        }
        section.chart-box {
            h2 { (first_title) }
            (legend(&tickets))
            (svg(bar_chart(&first_title, &buckets(web, first_answers.into_iter(), &FIRST_ANSWER), &["opened"])))
        }
        section.chart-box {
            h2 { (ages_title) }
            (legend(&tickets))
            (svg(bar_chart(&ages_title, &buckets(web, ages.into_iter(), &AGES), &["opened"])))
        }
        section #operations {
            h2 { (web.t("web-operations")) }
            (figures("figures operations", &web.t("web-operations"), &operations))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chart_is_svg_with_a_bar_per_value_and_escapes_its_labels() {
        let bars = vec![
            Bar {
                label: "<a>".into(),
                values: vec![3, 1],
            },
            Bar {
                label: "b".into(),
                values: vec![0, 2],
            },
        ];
        let out = bar_chart("t & t", &bars, &["opened", "closed"]);
        assert!(out.starts_with("<svg"));
        assert_eq!(out.matches("<rect").count(), 4);
        assert!(out.contains("&lt;a&gt;") && !out.contains("<a>"), "{out}");
        assert!(out.contains("t &amp; t"));
    }

    #[test]
    fn the_axis_goes_up_in_round_steps_to_at_least_the_highest_bar() {
        assert_eq!(scale(0), (1, 1));
        assert_eq!(scale(1), (1, 1));
        assert_eq!(scale(5), (1, 5));
        assert_eq!(scale(6), (2, 6));
        assert_eq!(scale(11), (5, 15));
        assert_eq!(scale(37), (10, 40));
        assert_eq!(scale(1234), (500, 1500));
    }

    #[test]
    fn a_chart_has_a_zero_line_gridlines_numbered_and_bars_standing_on_zero() {
        let bars = vec![
            Bar {
                label: "under 4 hours".into(),
                values: vec![3],
            },
            Bar {
                label: "longer".into(),
                values: vec![0],
            },
        ];
        let out = bar_chart("t", &bars, &["opened"]);
        // 0, 1, 2, 3: one zero line, three gridlines, each numbered.
        assert_eq!(out.matches(r#"<line class="zero""#).count(), 1, "{out}");
        assert_eq!(out.matches(r#"<line class="grid""#).count(), 3, "{out}");
        for n in 0..=3 {
            assert!(
                out.contains(&format!(r#"text-anchor="end">{n}</text>"#)),
                "{out}"
            );
        }
        assert!(out.contains(r#"<line class="axis""#));
        // Every bar ends on the zero line; the highest reaches the top.
        let zero = TOP + (HEIGHT - TOP - BOTTOM);
        assert!(out.contains(&format!(r#"y="{TOP:.1}" width="#)), "{out}");
        assert!(out.contains(&format!(r#"y="{zero:.1}" width="#)), "{out}");
        // A long label on two lines, a short one on one.
        assert!(
            out.contains(r#">under</tspan><tspan"#) && out.contains(r#">4 hours</tspan>"#),
            "{out}"
        );
        assert!(out.contains(r#"dy="0">longer</tspan></text>"#), "{out}");
    }

    #[test]
    fn a_long_chart_labels_every_third_day_and_every_sixth_on_a_phone_counting_from_today() {
        let bars: Vec<Bar> = (0..30)
            .map(|i| Bar {
                label: format!("d{i}"),
                values: vec![1],
            })
            .collect();
        let out = bar_chart("t", &bars, &["opened"]);
        assert_eq!(out.matches(r#"class="label""#).count(), 5, "{out}");
        assert_eq!(out.matches(r#"class="label minor""#).count(), 5, "{out}");
        assert!(out.contains(r#">d29</tspan>"#) && out.contains(r#">d26</tspan>"#));
        assert!(!out.contains(r#">d28</tspan>"#));
    }
}
