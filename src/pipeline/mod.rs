//! Runs the declarative models in `pipelines/<kind>/` over polars LazyFrames.
//!
//! Each model is one SQL `SELECT` whose result table takes the file's name;
//! it reads the input tables (`returns` for service returns, `responses`
//! and the `survey_*` tables for the commissioner survey, the reference
//! tables) and the models before it by name.

mod flow;
pub mod kept_frames;
mod kept_rows;
pub mod memo;
pub mod models;
pub mod parallel;
pub mod plans;
pub mod reference_tables;
pub mod sql_names;

use polars::prelude::*;

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
const INTERNAL: &[&str] = &["service_groups", "contract_rows", "per100_sums"];

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
    /// Answers kept from earlier runs (the daemon's), if any.
    pub memo: Option<&'a memo::Memo>,
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
/// tables: what the checks need before the queue is synced. The rest
/// follow with [`finish`].
pub fn run_only(
    returns: &[StoredReturn],
    c: &Context<'_>,
    flags: &Flags,
    wanted: Option<&std::collections::BTreeSet<String>>,
) -> Result<Output, PipelineError> {
    let all = input_tables(returns, c, flags)?;
    run_models(
        c,
        all,
        Vec::new(),
        |name| wanted.is_none_or(|w| w.contains(name)),
        None,
    )
}

/// After the queue is synced: the first pass (`earlier`, run with the
/// flags `before`) completed with the queue's flags `after`, as [`run`]
/// with `after` would give it. The flag columns are replaced on the input
/// tables (the same returns, so the same rows in the same order); a model
/// the first pass ran is kept unless it reads, itself or through another
/// model, a table whose flags changed; every other model runs. A new
/// service return changes only the service table's flags, so the other
/// kinds' models are not run twice. `identities`: [`flagged_identities`]
/// of the returns (they may be let go first).
pub fn finish(
    identities: &FlaggedIdentities,
    c: &Context<'_>,
    (before, after): (&Flags, &Flags),
    earlier: Output,
    on_final: Option<&OnFinal<'_>>,
) -> Result<Output, PipelineError> {
    let changed = changed_tables(identities, before, after);
    let stale = models::affected_by(c.models, &changed);
    let kept = |n: &str| !stale.contains(n);
    let mut all: Tables = earlier.all.into_iter().filter(|(n, _)| kept(n)).collect();
    let results: Tables = earlier
        .results
        .into_iter()
        .filter(|(n, _)| kept(n))
        .collect();
    if !changed.is_empty() {
        set_all_flags(&mut all, identities, after, c.config).map_err(PipelineError::Frame)?;
    }
    tracing::debug!(changed = ?changed, again = stale.len(), "models the queue's flags change");
    let done: std::collections::HashSet<String> = all.iter().map(|(n, _)| n.clone()).collect();
    run_models(c, all, results, |name| !done.contains(name), on_final)
}

/// Told of each results table as soon as it is final (its model has run
/// for the last time this run): to start writing it out.
pub type OnFinal<'a> = dyn Fn(&str, &DataFrame) + Sync + 'a;

/// The flagged tables in which some return's flags differ between the two.
fn changed_tables(
    identities: &FlaggedIdentities,
    before: &Flags,
    after: &Flags,
) -> std::collections::HashSet<&'static str> {
    identities
        .iter()
        .filter(|(_, ids)| {
            ids.iter()
                .any(|id| flags_of(before, id) != flags_of(after, id))
        })
        .filter_map(|(kind, _)| crate::kinds::spec(*kind).flags.map(|f| f.table))
        .collect()
}

/// Every input table: each kind's frames, the check settings and the
/// reference tables.
fn input_tables(
    returns: &[StoredReturn],
    c: &Context<'_>,
    flags: &Flags,
) -> Result<Tables, PipelineError> {
    let frame_err = PipelineError::Frame;
    let started = std::time::Instant::now();
    let mut all: Tables = Vec::new();
    for kind in &KINDS {
        let t = std::time::Instant::now();
        let inputs = FrameInputs::of(kind, returns, c.schema, c.reference);
        let (frames, reuse) = match c.memo.and_then(memo::Memo::frames) {
            Some(k) => k.tables(kind, &inputs),
            None => (kind.frames)(&inputs).map(|f| (f, kept_frames::Reuse::Built)),
        }
        .map_err(frame_err)?;
        for (name, df) in &frames {
            tracing::debug!(kind = ?kind.kind, table = %name, rows = df.height(), columns = df.width(), mb = df.estimated_size() / (1 << 20), ?reuse, "input table built");
        }
        all.extend(frames);
        tracing::debug!(kind = ?kind.kind, ms = t.elapsed().as_millis() as u64, ?reuse, "kind's frames built");
    }
    all.push((
        "check_settings".into(),
        check_settings(&c.config.checks).map_err(frame_err)?,
    ));
    for (name, df) in reference_tables::tables(c.reference).map_err(frame_err)? {
        all.push((name.to_string(), df));
    }
    set_all_flags(&mut all, &flagged_identities(returns), flags, c.config).map_err(frame_err)?;
    crate::logging::lap(started, "input frames built");
    Ok(all)
}

/// The identity of each current return of each kind whose tables carry
/// the queue's flags, in table row order: all [`finish`] needs of the
/// returns, so they can be let go first.
pub type FlaggedIdentities = Vec<(crate::ingest::ReturnKind, Vec<String>)>;

pub fn flagged_identities(returns: &[StoredReturn]) -> FlaggedIdentities {
    KINDS
        .iter()
        .filter(|k| k.flags.is_some())
        .map(|k| {
            let ids = crate::kinds::of_kind(returns, k.kind)
                .iter()
                .map(|r| r.identity_key().to_string())
                .collect();
            (k.kind, ids)
        })
        .collect()
}

/// The queue's columns on every flagged kind's table (see [`set_flags`]).
fn set_all_flags(
    tables: &mut Tables,
    identities: &FlaggedIdentities,
    flags: &Flags,
    config: &crate::config::Config,
) -> PolarsResult<()> {
    for (kind, ids) in identities {
        if let Some(f) = crate::kinds::spec(*kind).flags {
            set_flags(tables, f, ids, flags, config)?;
        }
    }
    Ok(())
}

/// A return's flags (open anomalies, an open error): none when the queue
/// has nothing open on it.
fn flags_of(flags: &Flags, identity: &str) -> (i64, bool) {
    flags.get(identity).copied().unwrap_or((0, false))
}

/// The queue's columns on a kind's flagged table: `excluded` (when the
/// kind has it) and `open_anomalies`, one value per return (given by its
/// identity, in row order), replacing any there.
fn set_flags(
    tables: &mut Tables,
    f: crate::kinds::FlagColumns,
    identities: &[String],
    flags: &Flags,
    config: &crate::config::Config,
) -> PolarsResult<()> {
    let Some((_, df)) = tables.iter_mut().find(|(n, _)| n == f.table) else {
        return Ok(());
    };
    let (open, error): (Vec<i64>, Vec<bool>) =
        identities.iter().map(|i| flags_of(flags, i)).unzip();
    if f.excluded {
        let exclude = config.analysis.exclude_services_with_errors;
        let excluded: Vec<bool> = error.iter().map(|e| exclude && *e).collect();
        df.with_column(Column::new("excluded".into(), excluded))?;
    }
    df.with_column(Column::new("open_anomalies".into(), open))?;
    Ok(())
}

/// Run the models `run` says yes to over `all` (the tables so far),
/// adding each result to `all` and, unless internal, to `results` (in
/// model order). A model is asked as soon as the models it reads have
/// run ([`flow::Flow`]), several at a time.
fn run_models(
    c: &Context<'_>,
    mut all: Tables,
    mut results: Tables,
    run: impl Fn(&str) -> bool,
    on_final: Option<&OnFinal<'_>>,
) -> Result<Output, PipelineError> {
    let deps = models::dependencies(c.models);
    let mut pending: Vec<usize> = (0..c.models.len())
        .filter(|i| run(&c.models[*i].name))
        .collect();
    let mut asked: Vec<usize> = Vec::new();
    let mut flow = flow::Flow::new(c.memo, &all);
    loop {
        // Ask every model none of whose tables is still to come; the memo
        // may answer some at once, which may make others ready.
        let mut answered_here = true;
        while answered_here {
            answered_here = false;
            let waiting = |i: &usize| {
                deps.get(&c.models[*i].name).is_some_and(|d| {
                    pending
                        .iter()
                        .chain(&asked)
                        .any(|p| d.contains(&c.models[*p].name))
                })
            };
            let (later, ready): (Vec<usize>, Vec<usize>) = pending.iter().partition(|i| waiting(i));
            pending = later;
            for i in ready {
                let model = &c.models[i];
                let query = parallel::Query {
                    key: format!("model {}", model.name),
                    sql: model.sql.as_str(),
                };
                match flow.ask(i, &query, &all) {
                    Some(answer) => {
                        let df = model_table(model, answer)?;
                        took(
                            model,
                            df,
                            &mut all,
                            &mut results,
                            &mut flow,
                            on_final,
                            false,
                        );
                        answered_here = true;
                    }
                    None => asked.push(i),
                }
            }
        }
        let Some((i, answer)) = flow.next() else {
            if pending.is_empty() {
                break;
            }
            // Not reachable: models::order refuses a cycle.
            return Err(PipelineError::Models(models::ModelError::Cycle(
                pending.iter().map(|i| c.models[*i].name.clone()).collect(),
            )));
        };
        asked.retain(|a| *a != i);
        let model = &c.models[i];
        let df = model_table(model, answer)?;
        took(model, df, &mut all, &mut results, &mut flow, on_final, true);
    }
    // In model order, as one model after another would give them.
    let position = |n: &str| c.models.iter().position(|m| m.name == n);
    results.sort_by_key(|(n, _)| position(n));
    Ok(Output { results, all })
}

/// A model's answer, logged, or its error.
fn model_table(
    model: &models::Model,
    answer: parallel::Answer,
) -> Result<DataFrame, PipelineError> {
    let df = answer.df.map_err(|source| PipelineError::Model {
        model: model.name.clone(),
        source,
    })?;
    let (took, remembered) = (answer.took, answer.remembered);
    let (rss_mb, peak_mb) = crate::logging::memory_mb();
    tracing::debug!(model = %model.name, ms = took.as_millis() as u64, remembered, rows = df.height(), mb = df.estimated_size() / (1 << 20), rss_mb, peak_mb, "model run");
    Ok(df)
}

/// A model's table taken into the run: a table of the flow for the
/// models after it, and a result unless internal (told to `on_final`
/// when it was `computed`, not remembered: a remembered table is the one
/// published last time, and is linked, not written).
fn took(
    model: &models::Model,
    df: DataFrame,
    all: &mut Tables,
    results: &mut Tables,
    flow: &mut flow::Flow<'_>,
    on_final: Option<&OnFinal<'_>>,
    computed: bool,
) {
    flow.add(&model.name, &df);
    all.push((model.name.clone(), df.clone()));
    if !INTERNAL.contains(&model.name.as_str()) {
        if let Some(f) = on_final.filter(|_| computed) {
            f(&model.name, &df);
        }
        results.push((model.name.clone(), df));
    }
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
