//! The support team's working hours: when it is away, and when it is back.
//!
//! `WORKING_HOURS` (e.g. `Mon-Fri 09:00-18:00, Sat 10:00-14:00`) in
//! `TIMEZONE` (an IANA name such as `Europe/Berlin`, from the `chrono-tz`
//! database, so daylight saving is right), minus `HOLIDAYS` (dates). Pure:
//! the time comes in as an argument, nothing here reads a clock.

use std::collections::BTreeSet;

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, TimeZone, Weekday};
use chrono_tz::Tz;

/// When the team works.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Schedule {
    /// Opening hours per weekday (Monday first): from, until.
    days: [Vec<(NaiveTime, NaiveTime)>; 7],
    zone: Tz,
    holidays: BTreeSet<NaiveDate>,
    /// The hours as written, for reports.
    written: String,
}

/// When the team is back, in its own time zone.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Back {
    /// `today`, `tomorrow`, or the weekday's English name in lower case
    /// (`monday`...): a choice in the message files.
    pub day: String,
    /// The time, written as `09:00`.
    pub time: String,
    /// The team's time zone (`Europe/Berlin`): the person may live in
    /// another. Empty in messages saved before it was said.
    #[serde(default)]
    pub zone: String,
}

const WEEKDAYS: [(&str, Weekday); 7] = [
    ("mon", Weekday::Mon),
    ("tue", Weekday::Tue),
    ("wed", Weekday::Wed),
    ("thu", Weekday::Thu),
    ("fri", Weekday::Fri),
    ("sat", Weekday::Sat),
    ("sun", Weekday::Sun),
];

impl Schedule {
    /// Reads the settings; each error says what is wrong in plain words.
    pub fn parse(hours: &str, zone: &str, holidays: &str) -> Result<Schedule, String> {
        let zone: Tz = zone
            .trim()
            .parse()
            .map_err(|_| format!("{zone:?} is not a time zone name such as Europe/Berlin"))?;
        let mut days: [Vec<(NaiveTime, NaiveTime)>; 7] = Default::default();
        for part in hours.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (span, times) = part.split_once(char::is_whitespace).ok_or_else(|| {
                format!("{part:?} needs days and hours, like Mon-Fri 09:00-18:00")
            })?;
            let (from, until) = times
                .trim()
                .split_once('-')
                .ok_or_else(|| format!("{times:?} needs a start and an end, like 09:00-18:00"))?;
            let time = |t: &str| {
                NaiveTime::parse_from_str(t.trim(), "%H:%M")
                    .map_err(|_| format!("{t:?} is not a time like 09:00"))
            };
            let (from, until) = (time(from)?, time(until)?);
            if from >= until {
                return Err(format!("{times:?} ends before it starts"));
            }
            for day in weekdays(span)? {
                days[day.num_days_from_monday() as usize].push((from, until));
            }
        }
        if days.iter().all(Vec::is_empty) {
            return Err(format!("{hours:?} names no working hours"));
        }
        for ranges in &mut days {
            ranges.sort();
        }
        let mut dates = BTreeSet::new();
        for date in holidays.split(',').map(str::trim).filter(|d| !d.is_empty()) {
            let date = NaiveDate::parse_from_str(date, "%Y-%m-%d")
                .map_err(|_| format!("{date:?} is not a date like 2026-12-25"))?;
            dates.insert(date);
        }
        Ok(Schedule {
            days,
            zone,
            holidays: dates,
            written: hours.trim().to_string(),
        })
    }

    /// The working hours as they were written.
    pub fn hours_text(&self) -> String {
        self.written.clone()
    }

    /// The holidays, as `2026-12-25, 2026-12-26` (`-` for none).
    pub fn holidays_text(&self) -> String {
        if self.holidays.is_empty() {
            return "-".into();
        }
        let dates: Vec<String> = self.holidays.iter().map(|d| d.to_string()).collect();
        dates.join(", ")
    }

    /// `None` while the team works at `now` (Unix seconds); else when it is
    /// back. `None` too if it would not be back within a year (all holidays).
    pub fn back(&self, now: u64) -> Option<Back> {
        let now = self
            .zone
            .timestamp_opt(i64::try_from(now).ok()?, 0)
            .single()?;
        if self.is_open(&now) {
            return None;
        }
        let today = now.date_naive();
        for offset in 0..366 {
            let date = today + Duration::days(offset);
            if self.holidays.contains(&date) {
                continue;
            }
            let ranges = &self.days[date.weekday().num_days_from_monday() as usize];
            for (from, _) in ranges {
                // A start that daylight saving skips opens at the first
                // moment after the gap.
                let Some(start) = self.local(date, *from) else {
                    continue;
                };
                if start > now {
                    let day = match offset {
                        0 => "today".to_string(),
                        1 => "tomorrow".to_string(),
                        _ => weekday_name(date.weekday()).to_string(),
                    };
                    return Some(Back {
                        day,
                        time: start.format("%H:%M").to_string(),
                        zone: self.zone.name().to_string(),
                    });
                }
            }
        }
        None
    }

    fn is_open(&self, now: &DateTime<Tz>) -> bool {
        let date = now.date_naive();
        if self.holidays.contains(&date) {
            return false;
        }
        let time = now.time();
        self.days[date.weekday().num_days_from_monday() as usize]
            .iter()
            .any(|(from, until)| *from <= time && time < *until)
    }

    /// The moment `time` on `date` in the team's zone (the earlier of two
    /// when clocks go back; the first hour after when they skip it).
    fn local(&self, date: NaiveDate, time: NaiveTime) -> Option<DateTime<Tz>> {
        let naive = date.and_time(time);
        self.zone
            .from_local_datetime(&naive)
            .earliest()
            .or_else(|| {
                self.zone
                    .from_local_datetime(&(naive + Duration::hours(1)))
                    .earliest()
            })
    }
}

/// `Mon-Fri`, `Sat`, `Mon,Wed` is not allowed (commas separate ranges).
fn weekdays(span: &str) -> Result<Vec<Weekday>, String> {
    let day = |name: &str| {
        let lower = name.trim().to_ascii_lowercase();
        WEEKDAYS
            .iter()
            .position(|(n, _)| lower.starts_with(n))
            .ok_or_else(|| format!("{name:?} is not a weekday like Mon"))
    };
    let (first, last) = match span.split_once('-') {
        Some((a, b)) => (day(a)?, day(b)?),
        None => {
            let d = day(span)?;
            (d, d)
        }
    };
    let mut days = Vec::new();
    let mut i = first;
    loop {
        days.push(WEEKDAYS[i].1);
        if i == last {
            return Ok(days);
        }
        i = (i + 1) % 7;
    }
}

fn weekday_name(day: Weekday) -> &'static str {
    match day {
        Weekday::Mon => "monday",
        Weekday::Tue => "tuesday",
        Weekday::Wed => "wednesday",
        Weekday::Thu => "thursday",
        Weekday::Fri => "friday",
        Weekday::Sat => "saturday",
        Weekday::Sun => "sunday",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_config_shows_the_hours_as_written_and_the_holidays_in_order() {
        let schedule = Schedule::parse(
            " Mon-Fri 09:00-18:00 ",
            "Europe/Berlin",
            "2026-12-26,2026-12-25",
        )
        .unwrap();
        assert_eq!(schedule.hours_text(), "Mon-Fri 09:00-18:00");
        assert_eq!(schedule.holidays_text(), "2026-12-25, 2026-12-26");
        let none = Schedule::parse("Mon-Fri 09:00-18:00", "UTC", "").unwrap();
        assert_eq!(none.holidays_text(), "-");
    }

    /// Unix seconds of a local time in `zone`.
    fn at(zone: &str, local: &str) -> u64 {
        let zone: Tz = zone.parse().unwrap();
        let naive = chrono::NaiveDateTime::parse_from_str(local, "%Y-%m-%d %H:%M").unwrap();
        zone.from_local_datetime(&naive)
            .earliest()
            .unwrap()
            .timestamp() as u64
    }

    fn back(day: &str, time: &str) -> Option<Back> {
        Some(Back {
            day: day.into(),
            time: time.into(),
            zone: "Europe/Berlin".into(),
        })
    }

    fn back_in_utc(day: &str, time: &str) -> Option<Back> {
        back(day, time).map(|b| Back {
            zone: "UTC".into(),
            ..b
        })
    }

    fn office() -> Schedule {
        Schedule::parse("Mon-Fri 09:00-18:00", "Europe/Berlin", "2026-12-25").unwrap()
    }

    #[test]
    fn open_during_working_hours_and_back_after_them() {
        let s = office();
        // Wednesday 2026-12-02.
        assert_eq!(s.back(at("Europe/Berlin", "2026-12-02 10:00")), None);
        assert_eq!(
            s.back(at("Europe/Berlin", "2026-12-02 07:30")),
            back("today", "09:00")
        );
        assert_eq!(
            s.back(at("Europe/Berlin", "2026-12-02 18:00")),
            back("tomorrow", "09:00")
        );
        // Friday evening: back on Monday.
        assert_eq!(
            s.back(at("Europe/Berlin", "2026-12-04 19:00")),
            back("monday", "09:00")
        );
    }

    #[test]
    fn holidays_are_skipped() {
        let s = office();
        // Thursday 24 December after work: Friday the 25th is a holiday.
        assert_eq!(
            s.back(at("Europe/Berlin", "2026-12-24 20:00")),
            back("monday", "09:00")
        );
        assert_eq!(
            s.back(at("Europe/Berlin", "2026-12-25 11:00")),
            back("monday", "09:00")
        );
    }

    #[test]
    fn hours_are_the_teams_local_hours_across_daylight_saving() {
        let s = office();
        // Clocks go forward on Sunday 29 March 2026 in Berlin: Monday's 09:00
        // is 07:00 UTC, a week before it was 08:00 UTC.
        let before = at("Europe/Berlin", "2026-03-27 19:00");
        assert_eq!(s.back(before), back("monday", "09:00"));
        let monday = at("Europe/Berlin", "2026-03-30 09:00");
        assert_eq!(monday % 86_400, 7 * 3600);
        assert_eq!(s.back(monday), None);
        assert_eq!(s.back(monday - 60), back("today", "09:00"));
        // A week earlier, the same local time is an hour later in UTC.
        assert_eq!(at("Europe/Berlin", "2026-03-23 09:00") % 86_400, 8 * 3600);
    }

    #[test]
    fn a_start_that_daylight_saving_skips_opens_an_hour_later() {
        // 02:30 does not exist on 29 March 2026 in Berlin.
        let s = Schedule::parse("Sun 02:30-05:00", "Europe/Berlin", "").unwrap();
        let night = at("Europe/Berlin", "2026-03-29 01:00");
        assert_eq!(s.back(night), back("today", "03:30"));
    }

    #[test]
    fn hours_that_daylight_saving_skips_entirely_are_not_promised_for_today() {
        // 02:00-03:00 does not exist on 29 March 2026 in Berlin: at 03:00
        // (the first moment after the gap) that day's hours are over, so
        // the team is back the next Sunday, not "today at 03:00".
        let s = Schedule::parse("Sun 02:00-03:00", "Europe/Berlin", "").unwrap();
        let after_gap = at("Europe/Berlin", "2026-03-29 03:00");
        assert_eq!(s.back(after_gap), back("sunday", "02:00"));
    }

    #[test]
    fn several_ranges_and_a_week_that_wraps_are_read() {
        let s = Schedule::parse("Sat-Mon 10:00-12:00, Wed 14:00-16:00", "UTC", "").unwrap();
        // Tuesday 2026-12-01 noon: next is Wednesday 14:00.
        assert_eq!(
            s.back(at("UTC", "2026-12-01 12:00")),
            back_in_utc("tomorrow", "14:00")
        );
        // Thursday: next is Saturday.
        assert_eq!(
            s.back(at("UTC", "2026-12-03 12:00")),
            back_in_utc("saturday", "10:00")
        );
        assert_eq!(
            s.back(at("UTC", "2026-12-06 11:00")),
            None,
            "Sunday is open"
        );
    }

    #[test]
    fn bad_settings_are_named_in_words() {
        let err = |h: &str, z: &str, d: &str| Schedule::parse(h, z, d).unwrap_err();
        assert!(err("Mon-Fri 9-18", "UTC", "").contains("\"9\""));
        assert!(err("Mon-Fri 09:00-18:00", "Mars/Base", "").contains("time zone"));
        assert!(err("Funday 09:00-18:00", "UTC", "").contains("weekday"));
        assert!(err("Mon 18:00-09:00", "UTC", "").contains("ends before"));
        assert!(err("Mon 09:00-18:00", "UTC", "25.12.2026").contains("date"));
    }
}
