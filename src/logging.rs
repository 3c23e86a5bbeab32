//! Logging with `tracing`: human-readable lines on stderr, and a daily
//! rolling file in the workspace's `logs/`. `JOBTALLY_LOG` overrides the
//! level (e.g. `JOBTALLY_LOG=debug`).

use std::io::IsTerminal;
use std::path::Path;

use tracing_subscriber::EnvFilter;
use tracing_subscriber::fmt;
use tracing_subscriber::prelude::*;

fn filter(default: &str) -> EnvFilter {
    EnvFilter::try_from_env("JOBTALLY_LOG").unwrap_or_else(|_| EnvFilter::new(default))
}

/// stderr at `stderr_level` plus `logs/jobtally.log.<date>` at info.
pub fn init(logs: &Path, stderr_level: &str) {
    let file = tracing_appender::rolling::daily(logs, "jobtally.log");
    let _ = tracing_subscriber::registry()
        .with(
            fmt::layer()
                .with_writer(std::io::stderr)
                .with_target(false)
                .with_ansi(std::io::stderr().is_terminal())
                .with_filter(filter(stderr_level)),
        )
        .with(
            fmt::layer()
                .with_writer(file)
                .with_ansi(false)
                .with_filter(filter("info")),
        )
        .try_init();
}

/// The terminal UI owns the screen: logs go to `logs/` only.
pub fn init_file_only(logs: &Path) {
    let file = tracing_appender::rolling::daily(logs, "jobtally.log");
    let _ = tracing_subscriber::registry()
        .with(
            fmt::layer()
                .with_writer(file)
                .with_ansi(false)
                .with_filter(filter("info")),
        )
        .try_init();
}
