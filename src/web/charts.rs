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

/// A bar chart: `classes` names each series (for colours), `title` is
/// read by screen readers.
fn bar_chart(title: &str, bars: &[Bar], classes: &[&str]) -> String {
    let (width, height, top, bottom) = (600.0_f64, 180.0_f64, 12.0_f64, 30.0_f64);
    let max = bars
        .iter()
        .flat_map(|b| b.values.iter().copied())
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let slot = width / bars.len().max(1) as f64;
    let series = classes.len().max(1) as f64;
    let bar_width = (slot * 0.8 / series).max(1.0);
    let plot = height - top - bottom;
    let mut out = format!(
        r#"<svg class="chart" viewBox="0 0 {width} {height}" role="img" aria-label="{}" xmlns="http://www.w3.org/2000/svg"><title>{}</title>"#,
        escape(title),
        escape(title)
    );
    out.push_str(&format!(r#"<text x="0" y="10">{}</text>"#, max as u64));
    let every = (bars.len() / 10).max(1);
    for (i, bar) in bars.iter().enumerate() {
        let x0 = i as f64 * slot + slot * 0.1;
        for (s, value) in bar.values.iter().enumerate() {
            let h = (*value as f64 / max) * plot;
            let x = x0 + s as f64 * bar_width;
            let y = top + plot - h;
            out.push_str(&format!(
                r#"<rect class="{}" x="{x:.1}" y="{y:.1}" width="{:.1}" height="{h:.1}"><title>{}: {value}</title></rect>"#,
                classes.get(s).copied().unwrap_or(""),
                (bar_width - 1.0).max(1.0),
                escape(&bar.label)
            ));
        }
        if i % every == 0 {
            out.push_str(&format!(
                r#"<text x="{x0:.1}" y="{:.1}">{}</text>"#,
                height - 10.0,
                escape(&bar.label)
            ));
        }
    }
    out.push_str("</svg>");
    out
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

/// The dashboard's content.
pub fn dashboard(web: &Web, now: UnixTime) -> Markup {
    let since = now.saturating_sub(DAYS as u64 * DAY);
    let (stats, counts, states, days, first_answers, ages) = web.store.read(|m| {
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
        let ages: Vec<u64> = m
            .tickets
            .values()
            .filter(|t| t.status == TicketStatus::Open)
            .map(|t| now.saturating_sub(t.opened_at))
            .collect();
        (
            stats,
            m.ticket_counts(),
            m.state_counts(),
            per_day(web, m, now),
            first_answers,
            ages,
        )
    });
    let duration = |s: Option<u64>| {
        s.map_or_else(
            || web.t("stats-none"),
            |s| crate::replies::duration(web.language, s),
        )
    };
    let rating = stats
        .average_rating_tenths
        .map_or_else(|| web.t("stats-none"), |t| format!("{}.{}", t / 10, t % 10));
    let figures: Vec<(String, String)> = vec![
        (web.t("web-fig-open"), counts.open.to_string()),
        (
            web.t("web-fig-unanswered"),
            stats.unanswered_now.to_string(),
        ),
        (
            web.t("web-fig-today"),
            format!("{} / {}", stats.today.opened, stats.today.closed),
        ),
        (
            web.t("web-fig-week"),
            format!("{} / {}", stats.this_week.opened, stats.this_week.closed),
        ),
        (
            web.t("web-fig-month"),
            format!("{} / {}", stats.this_month.opened, stats.this_month.closed),
        ),
        (
            web.t("web-fig-first-answer"),
            duration(stats.median_first_answer),
        ),
        (web.t("web-fig-to-close"), duration(stats.median_to_close)),
        (web.t("web-fig-rating"), rating),
        (web.t("web-fig-total"), counts.total.to_string()),
        (
            web.t("web-fig-chats"),
            states
                .by_name()
                .iter()
                .map(|(_, n)| n)
                .sum::<usize>()
                .to_string(),
        ),
        (
            web.t("web-fig-status"),
            if web.store.is_degraded() {
                web.t("web-fig-status-degraded")
            } else {
                web.t("web-fig-status-ok")
            },
        ),
    ];
    let per_day_title = web.t("web-chart-per-day");
    let first_title = web.t("web-chart-first-answer");
    let ages_title = web.t("web-chart-ages");
    html! {
        section.figures {
            @for (label, value) in &figures {
                div { span.muted { (label) } b { (value) } }
            }
        }
        h2 { (per_day_title) }
        p.muted { (web.t("web-chart-legend")) }
        (svg(bar_chart(&per_day_title, &days, &["opened", "closed"])))
        h2 { (first_title) }
        (svg(bar_chart(&first_title, &buckets(web, first_answers.into_iter(), &FIRST_ANSWER), &["opened"])))
        h2 { (ages_title) }
        (svg(bar_chart(&ages_title, &buckets(web, ages.into_iter(), &AGES), &["opened"])))
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
}
