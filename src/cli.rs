//! Command-line interface (the contract in DESIGN.md).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::ingest::{ReturnKind, Severity};

#[derive(Debug, Parser)]
#[command(
    name = "jobtally",
    version,
    about = "What employment support for disabled people achieves and costs, from services' yearly returns",
    long_about = "jobtally reads the yearly returns of employment-support services dropped into a \
                  workspace's inbox/, checks and cleans them, and works out cost per person, job outcome \
                  rates, cost per job outcome and 'for every 100 people supported' figures. It also reads \
                  commissioners' spend survey and sets each authority's reported spend against its \
                  services' returns.\n\n\
                  With no command it opens the terminal UI on the workspace."
)]
pub struct Cli {
    /// The workspace directory (inbox/, archive/, results/, state.db).
    #[arg(
        long,
        global = true,
        env = "JOBTALLY_WORKSPACE",
        default_value = "workspace"
    )]
    pub workspace: PathBuf,

    /// A configuration file to use instead of <workspace>/jobtally.toml.
    #[arg(long, global = true, env = "JOBTALLY_CONFIG")]
    pub config: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Open the terminal UI (the default).
    Tui(TuiArgs),
    /// The daemon: watch inbox/ and take every file as it arrives.
    Watch(WatchArgs),
    /// Take everything in inbox/ now, publish results, print a summary.
    Run(RunArgs),
    /// Write realistic synthetic returns into inbox/ (all three layouts, and
    /// commissioner survey responses and the Tri-borough contract returns).
    Demo(DemoArgs),
    /// Write a blank workbook: a service return (layout A), or the
    /// commissioner survey form (`--kind commissioner`), or a provider
    /// contract sheet (`--kind provider_contract`).
    Template(TemplateArgs),
    /// Write a results table as CSV, parquet or xlsx.
    Export(ExportArgs),
    /// How many job outcomes a budget buys, as a range.
    Estimate(EstimateArgs),
    /// What a figure means, how it is computed, and which services are
    /// behind it: `jobtally explain summary mean_cost_per_outcome --group mh`.
    Explain(ExplainArgs),
    /// The follow-up queue: list anomalies, show a call sheet, record what
    /// a site said, amend a figure.
    Queue(QueueArgs),
    /// Workspace health: files seen, accepted, rejected, last run.
    Status(StatusArgs),
    /// Make a new state database from the files in archive/, when state.db
    /// is lost, damaged or from another workspace. The old one is kept
    /// beside it; its queue and amendments are carried over if readable.
    Rebuild,
}

#[derive(Debug, Args, Default)]
pub struct TuiArgs {
    /// Do not take files from the inbox while the UI is open.
    #[arg(long)]
    pub no_watch: bool,
}

#[derive(Debug, Args, Default)]
pub struct StatusArgs {
    /// Also verify the workspace: every file in the ledger is where it was
    /// put, with the SHA-256 it arrived with.
    #[arg(long)]
    pub check: bool,
    /// Also list every value of the current returns that had to be
    /// interpreted or could not be read, by file: what was sent, how it
    /// was read.
    #[arg(long)]
    pub notes: bool,
}

#[derive(Debug, Args, Default)]
pub struct RunArgs {
    /// Also list, for each file, every value that had to be interpreted or
    /// could not be read, unrecognised labels and extra columns.
    #[arg(long, short)]
    pub verbose: bool,
}

#[derive(Debug, Args, Default)]
pub struct WatchArgs {
    /// Rescan the inbox on a timer instead of using file events (for
    /// network shares, where events are often not delivered).
    #[arg(long)]
    pub poll: bool,
}

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// How many services.
    #[arg(long, default_value_t = 70)]
    pub services: usize,
    /// Seed: the same seed writes the same returns.
    #[arg(long, default_value_t = 2013)]
    pub seed: u64,
}

#[derive(Debug, Args)]
pub struct TemplateArgs {
    /// Where to write the workbook (.xlsx).
    #[arg(long)]
    pub out: PathBuf,
    /// Which return: `service` (a service-year), `commissioner` (the
    /// commissioner spend survey, laid out like the paper form),
    /// `provider_contract` (contract monitoring, one row per contract line)
    /// or `person` (person records, one row per person per collection).
    #[arg(long, default_value = "service", value_parser = kind_arg)]
    pub kind: ReturnKind,
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// A results table: services, sites, summary, per100, opportunity or
    /// benchmarks.
    pub table: String,
    /// One of its columns, e.g. mean_cost_per_outcome.
    pub column: String,
    /// For a group's figure: all, ld, mh, mixed or evidence_based.
    #[arg(long, default_value = "all")]
    pub group: String,
    /// For a group's figure: a year (2012/13) or all.
    #[arg(long, default_value = "all")]
    pub period: String,
}

#[derive(Debug, Args)]
pub struct EstimateArgs {
    /// The budget in pounds, as a return would write it: 250000, £250,000
    /// or £250k.
    #[arg(long, allow_negative_numbers = true, value_parser = budget_arg)]
    pub budget: f64,
    /// all, ld, mh, mixed or evidence_based.
    #[arg(long)]
    pub group: Option<String>,
    /// Only this commissioner's services (any spelling of its name).
    #[arg(long)]
    pub site: Option<String>,
    /// Only this financial year, e.g. 2012/13.
    #[arg(long)]
    pub period: Option<String>,
}

#[derive(Debug, Clone, Copy, ValueEnum, Default, PartialEq, Eq)]
pub enum ListFormat {
    #[default]
    Table,
    Csv,
    Json,
}

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct QueueArgs {
    #[command(subcommand)]
    pub command: Option<QueueCommand>,
    /// open, contacted, awaiting_data, resolved_confirmed, resolved_corrected,
    /// dismissed, active (the first three; the default) or all.
    #[arg(long, default_value = "active")]
    pub status: String,
    /// error, warning or info (the default lists errors and warnings:
    /// the calls to make).
    #[arg(long, value_parser = severity_arg, conflicts_with = "all")]
    pub severity: Option<Severity>,
    /// Every severity, info notes too.
    #[arg(long)]
    pub all: bool,
    /// Only this commissioner's services (any spelling).
    #[arg(long)]
    pub site: Option<String>,
    #[arg(long, value_enum, default_value_t = ListFormat::Table)]
    pub format: ListFormat,
}

#[derive(Debug, Subcommand)]
pub enum QueueCommand {
    /// The call sheet for one anomaly: everything needed on the phone.
    Show { id: i64 },
    /// Change an anomaly's status, add a note, or assign it.
    Set {
        id: i64,
        #[arg(long)]
        status: Option<String>,
        #[arg(long)]
        note: Option<String>,
        #[arg(long)]
        assignee: Option<String>,
        /// Who you are (else `operator` in jobtally.toml, else $USER).
        #[arg(long = "as")]
        operator: Option<String>,
    },
    /// Correct a figure after a call (the return itself is never changed).
    Amend {
        id: i64,
        /// The field key, e.g. outcomes_total.
        field: String,
        /// The correct figure, e.g. 41 or £182,400.
        value: String,
        /// Why: what the site said.
        #[arg(long)]
        note: String,
        #[arg(long = "as")]
        operator: Option<String>,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ExportFormat {
    Csv,
    Parquet,
    Xlsx,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The results table (services, sites, summary, per100, per100_segments,
    /// correlations, benchmarks, trends), or `all` (xlsx: a sheet each).
    #[arg(long)]
    pub table: String,
    #[arg(long, value_enum, default_value_t = ExportFormat::Csv)]
    pub format: ExportFormat,
    /// Output file, or - for standard output (the default).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// With a CSV file: also write `<name>.notes.csv` beside it, each
    /// column's definition, method and n (an xlsx export has a Notes sheet).
    #[arg(long)]
    pub notes: bool,
}

/// `--budget`: money as the returns write it, read by the returns' reader.
fn budget_arg(s: &str) -> Result<f64, String> {
    use crate::ingest::values::{Parsed, parse_money};
    let cell = crate::ingest::cells::Cell::Text(s.to_string());
    match parse_money(&cell, &crate::ingest::Schema::builtin().values) {
        Parsed::Number { value, .. } => Ok(value),
        _ => Err(format!(
            "{s:?} is not an amount of money: write it as 250000, £250,000 or £250k"
        )),
    }
}

/// `--severity`: the words the queue shows.
fn kind_arg(s: &str) -> Result<ReturnKind, String> {
    ReturnKind::ALL
        .into_iter()
        .find(|k| k.as_str() == s)
        .ok_or_else(|| {
            let kinds: Vec<&str> = ReturnKind::ALL.iter().map(|k| k.as_str()).collect();
            format!("{s:?} is not a return kind: use {}", kinds.join(", "))
        })
}

fn severity_arg(s: &str) -> Result<Severity, String> {
    Severity::parse(s).ok_or_else(|| format!("{s:?} is not a severity: use error, warning or info"))
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    #[test]
    fn cli_is_well_formed() {
        super::Cli::command().debug_assert();
    }
}
