//! Logging with `tracing`: human-readable lines on stderr, and a daily
//! rolling file in the workspace's `logs/`. `JOBTALLY_LOG` overrides the
//! level (e.g. `JOBTALLY_LOG=debug`).
//!
//! Every field is written with its control characters blanked, as cell
//! values are on screen: a file name carrying a newline or a terminal
//! escape cannot forge a log line or reach the operator's terminal.
//! A `logs/` that cannot be written is said once on stderr, and the
//! process carries on logging to stderr alone.

use std::io::IsTerminal;
use std::path::Path;

use tracing_appender::rolling::{RollingFileAppender, Rotation};
use tracing_subscriber::EnvFilter;
use tracing_subscriber::field::RecordFields;
use tracing_subscriber::fmt::format::{DefaultFields, Writer};
use tracing_subscriber::fmt::{self, FormatFields};
use tracing_subscriber::prelude::*;

fn filter(default: &str) -> EnvFilter {
    EnvFilter::try_from_env("JOBTALLY_LOG").unwrap_or_else(|_| EnvFilter::new(default))
}

/// The default field formatting, with control characters blanked.
struct Sanitised;

impl<'w> FormatFields<'w> for Sanitised {
    fn format_fields<R: RecordFields>(
        &self,
        mut writer: Writer<'w>,
        fields: R,
    ) -> std::fmt::Result {
        let mut plain = String::new();
        DefaultFields::new().format_fields(Writer::new(&mut plain), fields)?;
        writer.write_str(&crate::format::sanitise(&plain))
    }
}

/// `logs/jobtally.log.<date>`, or why it cannot be written.
fn log_file(logs: &Path) -> Result<RollingFileAppender, String> {
    RollingFileAppender::builder()
        .rotation(Rotation::DAILY)
        .filename_prefix("jobtally.log")
        .build(logs)
        .map_err(|e| {
            format!(
                "cannot write the log in {}: {e}; logging to the terminal only - make the folder writable by this account",
                logs.display()
            )
        })
}

/// stderr at `stderr_level` plus `logs/jobtally.log.<date>` at info.
pub fn init(logs: &Path, stderr_level: &str) {
    let file = log_file(logs);
    let unwritable = file.as_ref().err().cloned();
    let _ = tracing_subscriber::registry()
        .with(
            fmt::layer()
                .with_writer(std::io::stderr)
                .with_target(false)
                .with_ansi(std::io::stderr().is_terminal())
                .fmt_fields(Sanitised)
                .with_filter(filter(stderr_level)),
        )
        .with(file.ok().map(|file| {
            fmt::layer()
                .with_writer(file)
                .with_ansi(false)
                .fmt_fields(Sanitised)
                .with_filter(filter("info"))
        }))
        .try_init();
    if let Some(why) = unwritable {
        tracing::warn!("{why}");
    }
}

/// The terminal UI owns the screen: logs go to `logs/` only. Returns why
/// they cannot, for the UI to show.
pub fn init_file_only(logs: &Path) -> Option<String> {
    match log_file(logs) {
        Ok(file) => {
            let _ = tracing_subscriber::registry()
                .with(
                    fmt::layer()
                        .with_writer(file)
                        .with_ansi(false)
                        .fmt_fields(Sanitised)
                        .with_filter(filter("info")),
                )
                .try_init();
            None
        }
        Err(why) => Some(why),
    }
}

/// This process's memory now and at its peak, in MB (Linux's
/// `/proc/self/status` `VmRSS` and `VmHWM`; `(0, 0)` elsewhere), for the
/// phase lines of a debug log: where a run's memory goes. `(0, 0)` when
/// debug lines are not logged: reading the file fifty times a run then
/// costs more than the rest of the logging.
pub fn memory_mb() -> (u64, u64) {
    if !tracing::enabled!(tracing::Level::DEBUG) {
        return (0, 0);
    }
    memory_mb_now()
}

/// As [`memory_mb`], read whatever the log shows.
pub fn memory_mb_now() -> (u64, u64) {
    let Ok(status) = std::fs::read_to_string("/proc/self/status") else {
        return (0, 0);
    };
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
            .map_or(0, |kb| kb / 1024)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

/// Log one phase of a run at debug level: its name, milliseconds since
/// `since`, and the memory in use and at its peak.
pub fn lap(since: std::time::Instant, what: &str) {
    if !tracing::enabled!(tracing::Level::DEBUG) {
        return;
    }
    let (rss_mb, peak_mb) = memory_mb_now();
    tracing::debug!(
        ms = since.elapsed().as_millis() as u64,
        rss_mb,
        peak_mb,
        "{what}"
    );
}
