//! Runs the declarative models in `pipelines/<kind>/` over polars LazyFrames.
//!
//! Each model is one SQL `SELECT` whose result table takes the file's name;
//! it reads the input tables (`returns` for service returns, `responses`
//! and the `survey_*` tables for the commissioner survey, the reference
//! tables) and the models before it by name.

pub mod models;
pub mod reference_tables;

use polars::prelude::*;
use polars::sql::SQLContext;

use crate::config::Checks;
use crate::ingest::Schema;
pub use crate::kinds::Flags;
use crate::kinds::{FrameInputs, KINDS};
use crate::reference::Reference;
use crate::store::StoredReturn;

#[derive(Debug, thiserror::Error)]
pub enum PipelineError {
    #[error("building the input tables: {0}")]
    Frame(PolarsError),
    #[error("pipeline model {model}: {source}")]
    Model { model: String, source: PolarsError },
    #[error(transparent)]
    Models(#[from] models::ModelError),
}

/// The result tables of one run, by name, in model order.
pub type Tables = Vec<(String, DataFrame)>;

/// Tables that feed other models but are not results of their own.
const INTERNAL: &[&str] = &["service_groups", "contract_rows"];

/// One pipeline run: the published tables, and every table (inputs and
/// internal ones too) for the checks to query.
pub struct Output {
    pub results: Tables,
    pub all: Tables,
}

/// What a run needs besides the returns.
pub struct Context<'a> {
    pub schema: &'a Schema,
    pub reference: &'a Reference,
    pub models: &'a [models::Model],
    pub config: &'a crate::config::Config,
}

/// Run every model over the current returns.
pub fn run(
    returns: &[StoredReturn],
    c: &Context<'_>,
    flags: &Flags,
) -> Result<Output, PipelineError> {
    run_only(returns, c, flags, None)
}

/// Run only the models named in `wanted` (in model order), with the input
/// tables: what the checks need before the queue is synced. The rest can
/// follow with [`finish`] when the queue's flags are unchanged.
pub fn run_only(
    returns: &[StoredReturn],
    c: &Context<'_>,
    flags: &Flags,
    wanted: Option<&std::collections::BTreeSet<String>>,
) -> Result<Output, PipelineError> {
    let all = input_tables(returns, c, flags)?;
    run_models(c, all, Vec::new(), |name| {
        wanted.is_none_or(|w| w.contains(name))
    })
}

/// The models [`run_only`] left out, over its tables (valid only with the
/// same returns and flags): the full output, as [`run`] would give it.
pub fn finish(c: &Context<'_>, earlier: Output) -> Result<Output, PipelineError> {
    let done: std::collections::HashSet<String> =
        earlier.all.iter().map(|(n, _)| n.clone()).collect();
    let mut out = run_models(c, earlier.all, earlier.results, |name| !done.contains(name))?;
    // In model order, as a full run gives them.
    let position = |n: &str| c.models.iter().position(|m| m.name == n);
    out.results.sort_by_key(|(n, _)| position(n));
    Ok(out)
}

/// Every input table: each kind's frames, the check settings and the
/// reference tables.
fn input_tables(
    returns: &[StoredReturn],
    c: &Context<'_>,
    flags: &Flags,
) -> Result<Tables, PipelineError> {
    let frame_err = PipelineError::Frame;
    let inputs = FrameInputs {
        returns,
        schema: c.schema,
        reference: c.reference,
        flags,
        config: c.config,
    };
    let mut all: Tables = Vec::new();
    for kind in &KINDS {
        all.extend((kind.frames)(&inputs).map_err(frame_err)?);
    }
    all.push((
        "check_settings".into(),
        check_settings(&c.config.checks).map_err(frame_err)?,
    ));
    for (name, df) in reference_tables::tables(c.reference).map_err(frame_err)? {
        all.push((name.to_string(), df));
    }
    crate::logging::lap(std::time::Instant::now(), "input frames built");
    Ok(all)
}

/// Run the models `run` says yes to, in model order, over `all` (the
/// tables so far), adding each result to `all` and, unless internal, to
/// `results`.
fn run_models(
    c: &Context<'_>,
    mut all: Tables,
    mut results: Tables,
    run: impl Fn(&str) -> bool,
) -> Result<Output, PipelineError> {
    let mut ctx = SQLContext::new();
    for (name, df) in &all {
        ctx.register(name, df.clone().lazy());
    }
    for model in c.models.iter().filter(|m| run(&m.name)) {
        let model_err = |source| PipelineError::Model {
            model: model.name.clone(),
            source,
        };
        let started = std::time::Instant::now();
        let df = ctx
            .execute(&model.sql)
            .and_then(LazyFrame::collect)
            .map_err(model_err)?;
        let (rss_mb, peak_mb) = crate::logging::memory_mb();
        tracing::debug!(model = %model.name, ms = started.elapsed().as_millis() as u64, rows = df.height(), rss_mb, peak_mb, "model run");
        ctx.register(&model.name, df.clone().lazy());
        all.push((model.name.clone(), df.clone()));
        if !INTERNAL.contains(&model.name.as_str()) {
            results.push((model.name.clone(), df));
        }
    }
    Ok(Output { results, all })
}

/// The models to run for a workspace, in dependency order.
pub fn models_for(
    workspace: Option<&std::path::Path>,
) -> Result<Vec<models::Model>, PipelineError> {
    Ok(models::order(models::load(workspace)?)?)
}

/// The check thresholds from the configuration, as a one-row table the
/// checks join to.
pub fn check_settings(c: &Checks) -> PolarsResult<DataFrame> {
    DataFrame::new(
        1,
        vec![
            Column::new("one".into(), [1i32]),
            Column::new("split_tolerance".into(), [c.split_tolerance]),
            Column::new("split_tolerance_pct".into(), [c.split_tolerance_pct]),
            Column::new("outlier_z".into(), [c.outlier_z]),
            Column::new("year_on_year_swing".into(), [c.year_on_year_swing]),
        ],
    )
}
