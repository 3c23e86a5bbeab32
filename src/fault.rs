//! Fault injection for tests of crash safety and of a full disk.
//!
//! With `JOBTALLY_CRASH_AT=<step>` the process aborts (as `kill -9` would
//! stop it) when a run reaches that step. Steps: `after_parse`,
//! `after_results_written`, `after_commit`, `after_first_move`.
//!
//! With `JOBTALLY_FULL_AT=<write>` that write fails as on a full disk
//! (ENOSPC). Writes: `results` (a run's tables), `place` (a file's copy in
//! archive/ or rejected/).
//!
//! With `JOBTALLY_DENY_AT=remove` removing a file from the inbox fails as
//! it does for a service account without the right (EACCES).
//!
//! With `JOBTALLY_BATCH_BYTES=<n>` a run takes its files in batches of at
//! most n bytes (not 64 MiB), so a test can make a drop of a few small
//! files span several batches.

/// Abort here if the environment asks for a crash at `step`.
pub fn point(step: &str) {
    if std::env::var("JOBTALLY_CRASH_AT").is_ok_and(|s| s == step) {
        eprintln!("jobtally: crash injected at {step}");
        std::process::abort();
    }
}

/// Fail as a full disk does if the environment asks for it at `write`.
pub fn no_space(write: &str) -> std::io::Result<()> {
    if std::env::var("JOBTALLY_FULL_AT").is_ok_and(|s| s == write) {
        // ENOSPC, as the operating system reports it.
        return Err(std::io::Error::from_raw_os_error(28));
    }
    Ok(())
}

/// Fail as a missing permission does if the environment asks for it at `op`.
pub fn denied(op: &str) -> std::io::Result<()> {
    if std::env::var("JOBTALLY_DENY_AT").is_ok_and(|s| s == op) {
        // EACCES, as the operating system reports it.
        return Err(std::io::Error::from_raw_os_error(13));
    }
    Ok(())
}

/// The bytes a batch may hold: `default`, unless a test asks for less.
pub fn batch_bytes(default: u64) -> u64 {
    std::env::var("JOBTALLY_BATCH_BYTES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(default)
}
