//! Runs the declarative models in `pipelines/` over polars LazyFrames.
//!
//! Each model is one SQL `SELECT` whose result table takes the file's name;
//! it reads the `returns` input and the models before it by name.

pub mod frame;

use polars::prelude::*;
use polars::sql::SQLContext;

use crate::ingest::Schema;
use crate::store::StoredReturn;

/// The models, in dependency order. Compiled in so a fresh workspace works.
pub const MODELS: &[(&str, &str)] = &[("services", include_str!("../../pipelines/services.sql"))];

#[derive(Debug, thiserror::Error)]
pub enum PipelineError {
    #[error("building the returns table: {0}")]
    Frame(PolarsError),
    #[error("pipeline model {model}: {source}")]
    Model { model: String, source: PolarsError },
}

/// The result tables of one run, by name, in model order.
pub type Tables = Vec<(String, DataFrame)>;

pub fn run(returns: &[StoredReturn], schema: &Schema) -> Result<Tables, PipelineError> {
    let input = frame::returns_frame(returns, schema).map_err(PipelineError::Frame)?;
    let mut ctx = SQLContext::new();
    ctx.register("returns", input.lazy());
    let mut out = Vec::new();
    for (name, sql) in MODELS {
        let model_err = |source| PipelineError::Model {
            model: (*name).to_string(),
            source,
        };
        let df = ctx
            .execute(sql)
            .and_then(LazyFrame::collect)
            .map_err(model_err)?;
        ctx.register(name, df.clone().lazy());
        out.push(((*name).to_string(), df));
    }
    Ok(out)
}
