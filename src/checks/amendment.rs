//! An amendment checked against the return's related figures before it is
//! saved: the return as it stands (its earlier amendments applied) and the
//! return as amended go through the same models and checks, and any error
//! the amendment would newly raise — outcomes above the people supported,
//! a part above its whole — is a conflict the operator sees first.

use std::collections::BTreeSet;

use super::{Check, CheckError};
use crate::ingest::{Severity, StoredReturn, Value};
use crate::kinds::Flags;
use crate::pipeline::{self, Context, PipelineError};
use crate::store::anomalies::Finding;

#[derive(Debug, thiserror::Error)]
pub enum ConflictCheckError {
    #[error(transparent)]
    Pipeline(#[from] PipelineError),
    #[error(transparent)]
    Check(#[from] CheckError),
}

/// The error findings the return raises on its own.
fn errors(
    r: &StoredReturn,
    ctx: &Context<'_>,
    checks: &[Check],
) -> Result<Vec<Finding>, ConflictCheckError> {
    let alone = std::slice::from_ref(r);
    let out = pipeline::run(alone, ctx, &Flags::new())?;
    Ok(super::run(&out.all, alone, checks, &[], None, None)?
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .cloned()
        .collect())
}

/// The errors `field` = `value` would raise that the return does not
/// raise now, as their messages.
pub fn new_errors(
    current: &StoredReturn,
    field: &str,
    value: f64,
    ctx: &Context<'_>,
    checks: &[Check],
) -> Result<Vec<String>, ConflictCheckError> {
    let before: BTreeSet<(String, String, String)> = errors(current, ctx, checks)?
        .into_iter()
        .map(|f| (f.rule, f.field, f.values))
        .collect();
    let mut amended = current.clone();
    crate::kinds::naming::amend(&mut amended, |data| {
        data.values.insert(field.to_string(), Value::Number(value));
        // A value's reading notes belong to the value it replaces.
        data.notes.retain(|n| n.field.as_deref() != Some(field));
    });
    Ok(errors(&amended, ctx, checks)?
        .into_iter()
        .filter(|f| !before.contains(&(f.rule.clone(), f.field.clone(), f.values.clone())))
        .map(|f| f.message)
        .collect())
}
