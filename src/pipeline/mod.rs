//! Runs the declarative models in `pipelines/` over polars LazyFrames.
//!
//! Each model is one SQL `SELECT` whose result table takes the file's name;
//! it reads the `returns` input and the models before it by name.

pub mod frame;
pub mod models;
pub mod reference_tables;

use polars::prelude::*;
use polars::sql::SQLContext;

use crate::ingest::Schema;
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
const INTERNAL: &[&str] = &["service_groups"];

/// Run every model over the current returns.
pub fn run(
    returns: &[StoredReturn],
    schema: &Schema,
    reference: &Reference,
    models: &[models::Model],
    exclude_errors: bool,
) -> Result<Tables, PipelineError> {
    let input = frame::returns_frame(returns, schema, reference, exclude_errors)
        .map_err(PipelineError::Frame)?;
    let mut ctx = SQLContext::new();
    ctx.register("returns", input.lazy());
    for (name, df) in reference_tables::tables(reference).map_err(PipelineError::Frame)? {
        ctx.register(name, df.lazy());
    }
    let mut out = Vec::new();
    for model in models {
        let model_err = |source| PipelineError::Model {
            model: model.name.clone(),
            source,
        };
        let df = ctx
            .execute(&model.sql)
            .and_then(LazyFrame::collect)
            .map_err(model_err)?;
        ctx.register(&model.name, df.clone().lazy());
        if !INTERNAL.contains(&model.name.as_str()) {
            out.push((model.name.clone(), df));
        }
    }
    Ok(out)
}

/// The models to run for a workspace, in dependency order.
pub fn models_for(
    workspace: Option<&std::path::Path>,
) -> Result<Vec<models::Model>, PipelineError> {
    Ok(models::order(models::load(workspace)?)?)
}
