//! Working hours: a ticket opened while the team is away says when it is back.

use std::sync::Arc;

use chrono::{Datelike, Duration, Utc};
use support_bot::hours::Schedule;

use crate::helpers::*;

#[tokio::test]
async fn a_ticket_opened_while_the_team_is_away_says_once_when_it_is_back() {
    let fake = fake_telegram().await;
    let dir = Arc::new(tempfile::tempdir().unwrap());
    let mut config = test_config(&fake, &dir, &[ADMIN]);
    // Today and tomorrow are holidays: the team is back the day after.
    let today = Utc::now().date_naive();
    let holidays = format!("{today}, {}", today + Duration::days(1));
    config.hours = Some(Schedule::parse("Mon-Sun 09:00-18:00", "UTC", &holidays).unwrap());
    let mut app = spawn_app_with(fake, dir, config).await;

    let sent = app.says(ANN, "My order is late", 2).await;
    let to_ann = sent.iter().find(|m| m.chat_id == ANN).unwrap();
    let day = (today + Duration::days(2)).weekday();
    let expected = format!(
        "Our team is away right now. They will be back on {day_name} at 09:00 (UTC time)",
        day_name = match day {
            chrono::Weekday::Mon => "Monday",
            chrono::Weekday::Tue => "Tuesday",
            chrono::Weekday::Wed => "Wednesday",
            chrono::Weekday::Thu => "Thursday",
            chrono::Weekday::Fri => "Friday",
            chrono::Weekday::Sat => "Saturday",
            chrono::Weekday::Sun => "Sunday",
        }
    );
    assert!(to_ann.text.contains(&expected), "{}", to_ann.text);
    assert!(to_ann.text.starts_with("Thank you! I opened ticket"));

    // Said once per ticket: a later message is not told again.
    let sent = app.says(ANN, "It was order 1234", 2).await;
    let to_ann = sent.iter().find(|m| m.chat_id == ANN).unwrap();
    assert!(!to_ann.text.contains("away"), "{}", to_ann.text);
    app.stop().await;
}

#[tokio::test]
async fn without_working_hours_nobody_is_told_the_team_is_away() {
    let mut app = spawn_app().await;
    let sent = app.says(ANN, "My order is late", 3).await;
    assert!(sent.iter().all(|m| !m.text.contains("away")));
    app.stop().await;
}
