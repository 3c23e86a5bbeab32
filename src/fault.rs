//! Crash injection for tests of crash safety: with
//! `JOBTALLY_CRASH_AT=<step>` the process aborts (as `kill -9` would stop
//! it) when a run reaches that step. Steps: `after_parse`,
//! `after_results_written`, `after_commit`, `after_first_move`.

/// Abort here if the environment asks for a crash at `step`.
pub fn point(step: &str) {
    if std::env::var("JOBTALLY_CRASH_AT").is_ok_and(|s| s == step) {
        eprintln!("jobtally: crash injected at {step}");
        std::process::abort();
    }
}
