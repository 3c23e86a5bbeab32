//! Configuration: the commented defaults in `config/jobtally.toml` are
//! compiled in; a workspace's own `jobtally.toml` or `--config FILE`
//! overrides them. Unknown keys are an error, so a typo is never silently
//! ignored.

use std::path::Path;

use serde::Deserialize;

use crate::ingest::ReadLimits;

pub const DEFAULT_CONFIG: &str = include_str!("../config/jobtally.toml");

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    #[serde(default)]
    pub limits: Limits,
    #[serde(default)]
    pub watch: Watch,
    #[serde(default)]
    pub analysis: Analysis,
    #[serde(default)]
    pub checks: Checks,
    #[serde(default)]
    pub results: Results,
    /// Who operators are, for the queue's audit trail (else --as or $USER).
    #[serde(default)]
    pub operator: Option<String>,
}

/// Thresholds of the anomaly checks.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Checks {
    /// A split may differ from its total by this many without a query...
    pub split_tolerance: f64,
    /// ...or by this percentage of the total, whichever is larger.
    pub split_tolerance_pct: f64,
    /// Robust z-score beyond which a cost is an outlier.
    pub outlier_z: f64,
    /// Year-on-year change (as a fraction) that is worth a call.
    pub year_on_year_swing: f64,
}

impl Default for Checks {
    fn default() -> Self {
        Checks {
            split_tolerance: 1.0,
            split_tolerance_pct: 2.0,
            outlier_z: 3.5,
            year_on_year_swing: 0.5,
        }
    }
}

/// What `results/` keeps.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Results {
    /// Run directories kept (the newest; the current one always), so a
    /// reader of a recent run is never cut off and the folder stays small.
    pub keep_runs: usize,
}

impl Default for Results {
    fn default() -> Self {
        Results { keep_runs: 10 }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Analysis {
    /// Leave services with an open error anomaly out of group figures.
    pub exclude_services_with_errors: bool,
}

impl Default for Analysis {
    fn default() -> Self {
        Analysis {
            exclude_services_with_errors: true,
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Limits {
    pub max_file_mb: u64,
    pub max_uncompressed_mb: u64,
    pub max_cells: u64,
    pub max_read_seconds: u64,
    pub max_rows_per_file: usize,
    pub max_text_chars: usize,
    pub max_name_chars: usize,
    pub max_notes_per_file: usize,
}

impl Default for Limits {
    fn default() -> Self {
        let d = ReadLimits::default();
        Limits {
            max_file_mb: d.max_file_bytes / (1024 * 1024),
            max_uncompressed_mb: d.max_uncompressed_bytes / (1024 * 1024),
            max_cells: d.max_cells,
            max_read_seconds: d.max_seconds,
            max_rows_per_file: d.max_returns_per_file,
            max_text_chars: d.max_text_chars,
            max_name_chars: d.max_name_chars,
            max_notes_per_file: d.max_notes_per_file,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum WatchMode {
    Native,
    Poll,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Watch {
    pub mode: WatchMode,
    pub poll_seconds: u64,
    pub settle_ms: u64,
    /// How long a file that looks cut short (a CSV stopping mid-row, a
    /// workbook without its end) must stay unchanged before it is taken.
    pub unfinished_wait_seconds: u64,
}

impl Default for Watch {
    fn default() -> Self {
        Watch {
            mode: WatchMode::Native,
            poll_seconds: 2,
            settle_ms: 500,
            unfinished_wait_seconds: 30,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read config file {path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("config file {path} is not valid: {source}")]
    Parse {
        path: String,
        source: Box<toml::de::Error>,
    },
}

impl Config {
    /// The compiled-in defaults.
    pub fn defaults() -> Config {
        Config {
            limits: Limits::default(),
            watch: Watch::default(),
            analysis: Analysis::default(),
            checks: Checks::default(),
            results: Results::default(),
            operator: None,
        }
    }

    pub fn parse(text: &str, path: &str) -> Result<Config, ConfigError> {
        toml::from_str(text).map_err(|e| ConfigError::Parse {
            path: path.to_string(),
            source: Box::new(e),
        })
    }

    /// `explicit` (from `--config`) must exist; otherwise the workspace's
    /// `jobtally.toml` is used when present, else the defaults.
    pub fn load(explicit: Option<&Path>, workspace: &Path) -> Result<Config, ConfigError> {
        let path = match explicit {
            Some(p) => p.to_path_buf(),
            None => {
                let p = workspace.join("jobtally.toml");
                if !p.exists() {
                    return Ok(Config::defaults());
                }
                p
            }
        };
        let text = std::fs::read_to_string(&path).map_err(|source| ConfigError::Read {
            path: path.display().to_string(),
            source,
        })?;
        Config::parse(&text, &path.display().to_string())
    }

    pub fn read_limits(&self) -> ReadLimits {
        ReadLimits {
            max_file_bytes: self.limits.max_file_mb.saturating_mul(1024 * 1024),
            max_uncompressed_bytes: self.limits.max_uncompressed_mb.saturating_mul(1024 * 1024),
            max_cells: self.limits.max_cells,
            max_seconds: self.limits.max_read_seconds,
            max_returns_per_file: self.limits.max_rows_per_file,
            max_text_chars: self.limits.max_text_chars,
            max_name_chars: self.limits.max_name_chars,
            max_notes_per_file: self.limits.max_notes_per_file,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_file_equals_the_defaults() {
        let c = Config::parse(DEFAULT_CONFIG, "default").expect("parses");
        let d = Config::defaults();
        assert_eq!(c.limits.max_file_mb, d.limits.max_file_mb);
        assert_eq!(c.limits.max_uncompressed_mb, d.limits.max_uncompressed_mb);
        assert_eq!(c.limits.max_cells, d.limits.max_cells);
        assert_eq!(c.watch.mode, d.watch.mode);
        assert_eq!(c.watch.settle_ms, d.watch.settle_ms);
        assert_eq!(
            c.analysis.exclude_services_with_errors,
            d.analysis.exclude_services_with_errors
        );
    }

    #[test]
    fn typos_are_errors() {
        assert!(Config::parse("[limits]\nmax_file_mbb = 3\n", "x").is_err());
    }
}
