//! `support-bot stats`: the team's figures ([`crate::stats`]) for a cron
//! report.

use std::path::Path;
use std::process::ExitCode;

use crate::replies::Reply;
use crate::stats::compute;

/// Prints the figures of the data file named by `data_file` (then in
/// English, days in UTC), or else of the store the settings name (in
/// `TEAM_LANGUAGE`, days in `TIMEZONE`). Reads without changing anything.
/// Exit code 0, 1 if the store cannot be read, 2 for a settings problem.
pub fn run(data_file: Option<&Path>) -> ExitCode {
    let (store, config) = match super::store_for_command(data_file) {
        Ok(found) => found,
        Err(code) => return code,
    };
    let (language, zone) = match &config {
        Some(config) => (config.languages.team, config.timezone),
        None => (crate::texts::FALLBACK, chrono_tz::UTC),
    };
    let model = match store.read() {
        Ok(model) => model,
        Err(e) => {
            eprintln!("support-bot: cannot read the figures: {e}");
            return ExitCode::FAILURE;
        }
    };
    let stats = compute(&model, crate::clock::now(), zone);
    let reply = Reply::Stats {
        stats: Box::new(stats),
        zone: zone.name().to_string(),
    };
    println!("{}", reply.render(language).text);
    ExitCode::SUCCESS
}
