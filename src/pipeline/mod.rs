//! Runs the declarative models in `pipelines/` over polars LazyFrames.
//!
//! Each model is one SQL `SELECT` whose result table takes the file's name;
//! it reads the input tables (`returns` for service returns, `responses`
//! and the `survey_*` tables for the commissioner survey, the reference
//! tables) and the models before it by name.

pub mod contract_frames;
pub mod frame;
pub mod inputs;
pub mod models;
pub mod person_frames;
pub mod reference_tables;
pub mod survey_frames;

use polars::prelude::*;
use polars::sql::SQLContext;

use crate::ingest::{ReturnKind, Schema};
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
    flags: &frame::Flags,
) -> Result<Output, PipelineError> {
    let frame_err = PipelineError::Frame;
    let exclude = c.config.analysis.exclude_services_with_errors;
    let of_kind = |kind: ReturnKind| -> Vec<&StoredReturn> {
        returns.iter().filter(|r| r.data.kind == kind).collect()
    };
    let (services, responses, contracts, persons) = (
        of_kind(ReturnKind::Service),
        of_kind(ReturnKind::Commissioner),
        of_kind(ReturnKind::ProviderContract),
        of_kind(ReturnKind::Person),
    );
    let returns = services.as_slice();
    let input =
        frame::returns_frame(returns, c.schema, c.reference, flags, exclude).map_err(frame_err)?;
    let mut all: Tables = vec![
        ("returns".into(), input),
        (
            "split_cells".into(),
            inputs::split_cells(returns, c.schema).map_err(frame_err)?,
        ),
        (
            "value_states".into(),
            inputs::value_states(returns).map_err(frame_err)?,
        ),
        (
            "check_settings".into(),
            inputs::check_settings(&c.config.checks).map_err(frame_err)?,
        ),
    ];
    for (name, df) in survey_frames::tables(&responses, c.reference, flags).map_err(frame_err)? {
        all.push((name.to_string(), df));
    }
    for (name, df) in contract_frames::tables(&contracts, c.reference, flags).map_err(frame_err)? {
        all.push((name.to_string(), df));
    }
    let others: Vec<&StoredReturn> = services.iter().chain(&responses).copied().collect();
    for (name, df) in person_frames::tables(&persons, &others, c.reference).map_err(frame_err)? {
        all.push((name.to_string(), df));
    }
    for (name, df) in reference_tables::tables(c.reference).map_err(frame_err)? {
        all.push((name.to_string(), df));
    }
    let mut ctx = SQLContext::new();
    for (name, df) in &all {
        ctx.register(name, df.clone().lazy());
    }
    let mut results = Vec::new();
    for model in c.models {
        let model_err = |source| PipelineError::Model {
            model: model.name.clone(),
            source,
        };
        let started = std::time::Instant::now();
        let df = ctx
            .execute(&model.sql)
            .and_then(LazyFrame::collect)
            .map_err(model_err)?;
        tracing::debug!(model = %model.name, ms = started.elapsed().as_millis() as u64, rows = df.height(), "model run");
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
