//! Strict test mode, one rule for every test binary (the API tests, the
//! browser tests, the benchmarks): it is on when the environment variable
//! `CI` is set to anything but `""`, `0` or `false`, which is also when
//! insta refuses new snapshots. `.ci/run` sets `CI=true`.
//!
//! In strict mode a test that cannot run (no PostgreSQL, no browser) fails;
//! elsewhere it says why in one line and is skipped.

/// Whether strict mode is on (see the module doc).
pub fn strict() -> bool {
    strict_by(std::env::var("CI").ok().as_deref())
}

/// The rule itself, for the value of `CI` (`None`: not set).
pub fn strict_by(ci: Option<&str>) -> bool {
    !matches!(ci, None | Some("" | "0" | "false"))
}

/// A test cannot run because `missing`: fails in strict mode, else prints
/// one line (past the test harness's capture, so it shows) and returns, so
/// that the caller skips.
pub fn cannot_run(missing: &str) {
    assert!(
        !strict(),
        "this test cannot run: {missing}; in strict mode (CI={:?}) it must",
        std::env::var("CI").unwrap_or_default()
    );
    let line = format!("skipped: {missing}\n");
    let _ = std::io::Write::write_all(&mut std::io::stderr(), line.as_bytes());
}

#[cfg(test)]
mod tests {
    #[test]
    fn strict_mode_is_on_for_any_ci_value_but_empty_0_and_false() {
        for on in ["true", "1", "yes", "TRUE", "woodpecker"] {
            assert!(super::strict_by(Some(on)), "{on}");
        }
        for off in [None, Some(""), Some("0"), Some("false")] {
            assert!(!super::strict_by(off), "{off:?}");
        }
    }
}
