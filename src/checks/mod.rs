//! Anomaly checks. Most rules are SQL files in `pipelines/<kind>/checks/` (one
//! rule each, returning the offending rows); the readers' own notes (values
//! that had to be interpreted or could not be read) and resubmissions that
//! changed figures are turned into findings here. Everything is re-derived
//! on every run, so the queue can close what no longer holds.

pub mod amendment;
pub mod notes;
pub mod overlay;

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use polars::prelude::*;

use crate::ingest::{Return, Severity, Value};
use crate::kinds::Named;
use crate::pipeline::Tables;
use crate::pipeline::models::CHECK_FILES;
use crate::store::StoredReturn;
use crate::store::anomalies::Finding;

#[derive(Debug, thiserror::Error)]
pub enum CheckError {
    #[error("check {file}: {detail}")]
    Header { file: String, detail: String },
    #[error("check {rule}: {source}")]
    Run { rule: String, source: PolarsError },
    #[error("reading check {path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
}

#[derive(Debug, Clone)]
pub struct Check {
    pub rule: String,
    pub severity: Severity,
    pub about: String,
    pub sql: String,
}

/// The header every check file opens with:
/// `-- rule: <file name>`, `-- severity: error|warning|info`, `-- about: ...`.
pub fn parse_check(file: &str, text: &str) -> Result<Check, CheckError> {
    let err = |detail: String| CheckError::Header {
        file: file.to_string(),
        detail,
    };
    let mut fields: HashMap<&str, String> = HashMap::new();
    for line in text.lines().take_while(|l| l.starts_with("--")) {
        let body = line.trim_start_matches('-').trim();
        let (k, v) = body
            .split_once(':')
            .ok_or_else(|| err(format!("header line \"{line}\" is not `-- key: value`")))?;
        let k = k.trim();
        if !["rule", "severity", "about"].contains(&k) {
            return Err(err(format!("unknown header key \"{k}\"")));
        }
        fields.insert(k, v.trim().to_string());
    }
    let rule = fields
        .remove("rule")
        .ok_or_else(|| err("no `-- rule:` line".into()))?;
    if rule != file {
        return Err(err(format!("rule \"{rule}\" must match the file name")));
    }
    let given = fields.remove("severity");
    let severity = match given.as_deref().and_then(Severity::parse) {
        Some(s) => s,
        None => {
            return Err(err(format!(
                "severity must be error, warning or info, not {:?}",
                given.as_deref()
            )));
        }
    };
    Ok(Check {
        rule,
        severity,
        about: fields.remove("about").unwrap_or_default(),
        sql: text.to_string(),
    })
}

/// The built-in checks, each replaced by `<workspace>/pipelines/checks/<rule>.sql`.
pub fn load(workspace: Option<&Path>) -> Result<Vec<Check>, CheckError> {
    let mut texts: std::collections::BTreeMap<String, String> = CHECK_FILES
        .iter()
        .map(|(n, _, t)| (n.to_string(), t.to_string()))
        .collect();
    if let Some(dir) = workspace
        .map(|w| w.join("pipelines/checks"))
        .filter(|d| d.is_dir())
    {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.extension().and_then(|e| e.to_str()) != Some("sql") {
                continue;
            }
            let Some(name) = path.file_stem().and_then(|s| s.to_str()) else {
                continue;
            };
            let text = std::fs::read_to_string(&path).map_err(|source| CheckError::Read {
                path: path.display().to_string(),
                source,
            })?;
            texts.insert(name.to_string(), text);
        }
    }
    texts.iter().map(|(n, t)| parse_check(n, t)).collect()
}

/// A run's findings, in the order the queue meets them: the SQL checks',
/// the readers' notes' (each return's shared with what a daemon keeps),
/// and the resubmissions'.
#[derive(Debug, Default)]
pub struct Findings {
    checked: Vec<Finding>,
    notes: Vec<Arc<[Finding]>>,
    resubmitted: Vec<Finding>,
}

impl Findings {
    pub fn iter(&self) -> impl Iterator<Item = &Finding> {
        self.checked
            .iter()
            .chain(self.notes.iter().flat_map(|n| n.iter()))
            .chain(self.resubmitted.iter())
    }
}

/// Every finding of this run: the SQL checks', the readers' notes, and
/// what resubmissions changed. `kept`: the note findings a daemon keeps
/// between runs (see [`notes`]).
pub fn run(
    tables: &Tables,
    returns: &[StoredReturn],
    checks: &[Check],
    resubmissions: &[(i64, Return, Return)],
    memo: Option<&crate::pipeline::memo::Memo>,
    kept: Option<&notes::KeptNotes>,
) -> Result<Findings, CheckError> {
    let by_key: HashMap<&str, &StoredReturn> =
        returns.iter().map(|r| (r.service_key(), r)).collect();
    use crate::pipeline::parallel::{Query, collect_remembered_while};
    let queries: Vec<Query<'_>> = checks
        .iter()
        .map(|c| Query {
            key: format!("check {}", c.rule),
            sql: c.sql.as_str(),
        })
        .collect();
    // The readers' notes and the resubmissions are worked out while the
    // SQL checks run.
    let (answers, (notes, resubmitted)) = collect_remembered_while(memo, tables, &queries, || {
        (
            notes::findings(returns, kept),
            resubmission_findings(returns, resubmissions),
        )
    });
    let mut checked = Vec::new();
    for (check, answer) in checks.iter().zip(answers) {
        let first = checked.len();
        let df = answer.df.map_err(|source| CheckError::Run {
            rule: check.rule.clone(),
            source,
        })?;
        tracing::debug!(rule = %check.rule, ms = answer.took.as_millis() as u64, remembered = answer.remembered, rows = df.height(), "check run");
        findings_of(&df, check, &by_key, &mut checked)?;
        // Grouped SQL returns rows in any order: sort each check's findings
        // so new anomalies get their ids in the same order on every run.
        checked[first..].sort_by(|a, b| {
            (&a.service_key, &a.field, &a.values).cmp(&(&b.service_key, &b.field, &b.values))
        });
    }
    Ok(Findings {
        checked,
        notes,
        resubmitted,
    })
}

/// One SQL check's rows as findings: about a return (by its service key),
/// or, for area-level checks, about an area and period.
fn findings_of(
    df: &DataFrame,
    check: &Check,
    by_key: &HashMap<&str, &StoredReturn>,
    findings: &mut Vec<Finding>,
) -> Result<(), CheckError> {
    let run_err = |source| CheckError::Run {
        rule: check.rule.clone(),
        source,
    };
    let col = |n: &str| -> Result<StringChunked, CheckError> {
        Ok(df
            .column(n)
            .and_then(|c| c.cast(&DataType::String))
            .map_err(run_err)?
            .str()
            .map_err(run_err)?
            .clone())
    };
    let (keys, fields, values, messages) = (
        col("service_key")?,
        col("field")?,
        col("values")?,
        col("message")?,
    );
    // Area-level checks (no return to point at) name an area and period.
    let area_level = df.column("area").is_ok() && df.column("period").is_ok();
    let (areas, periods) = if area_level {
        (Some(col("area")?), Some(col("period")?))
    } else {
        (None, None)
    };
    for i in 0..df.height() {
        let (field, value, message) = (
            fields.get(i).unwrap_or("-"),
            values.get(i).unwrap_or(""),
            messages.get(i).unwrap_or(""),
        );
        if let Some(r) = keys.get(i).and_then(|k| by_key.get(k)) {
            findings.push(finding(
                r,
                &check.rule,
                check.severity,
                field,
                value,
                message,
            ));
        } else if let (Some(a), Some(p)) = (
            areas.as_ref().and_then(|c| c.get(i)),
            periods.as_ref().and_then(|c| c.get(i)),
        ) {
            findings.push(area_finding(
                a,
                p,
                &check.rule,
                check.severity,
                field,
                value,
                message,
            ));
        }
    }
    Ok(())
}

/// A warning for each resubmission that changed a figure.
fn resubmission_findings(
    returns: &[StoredReturn],
    resubmissions: &[(i64, Return, Return)],
) -> Vec<Finding> {
    let current: HashMap<i64, &StoredReturn> = returns.iter().map(|r| (r.id, r)).collect();
    let mut findings = Vec::new();
    for (id, cur, old) in resubmissions {
        let Some(r) = current.get(id) else { continue };
        let changes = changed_figures(old, cur);
        if !changes.is_empty() {
            let values = changes.join(", ");
            let message = format!(
                "A resubmitted return changed {values}. Can you confirm the new figures are the right ones?"
            );
            findings.push(finding(
                r,
                "resubmission_changed",
                Severity::Warning,
                "figures",
                &values,
                &message,
            ));
        }
    }
    findings
}

fn finding(
    r: &StoredReturn,
    rule: &str,
    severity: Severity,
    field: &str,
    values: &str,
    message: &str,
) -> Finding {
    Finding {
        rule: rule.to_string(),
        severity,
        identity: r.identity_key().to_string(),
        service_key: r.service_key().to_string(),
        commissioner: r.data.site_label().map(str::to_string),
        service_name: r.data.title(),
        period: r.data.period().map(str::to_string),
        field: field.to_string(),
        values: values.to_string(),
        message: message.to_string(),
        people: r.data.people(),
        return_id: Some(r.id),
    }
}

/// A finding about an area and year rather than one return.
fn area_finding(
    area: &str,
    period: &str,
    rule: &str,
    severity: Severity,
    field: &str,
    values: &str,
    message: &str,
) -> Finding {
    Finding {
        rule: rule.to_string(),
        severity,
        identity: format!(
            "area\u{1f}{}\u{1f}{period}",
            crate::ingest::text::normalise(area)
        ),
        service_key: format!(
            "area/{}/{}",
            crate::ingest::text::slug(area),
            period.replace('/', "-")
        ),
        commissioner: Some(area.to_string()),
        service_name: None,
        period: Some(period.to_string()),
        field: field.to_string(),
        values: values.to_string(),
        message: message.to_string(),
        people: None,
        return_id: None,
    }
}

/// "people_total 96 -> 100" for every figure that differs.
fn changed_figures(old: &Return, new: &Return) -> Vec<String> {
    let mut keys: Vec<&String> = old.values.keys().chain(new.values.keys()).collect();
    keys.sort();
    keys.dedup();
    keys.into_iter()
        .filter(|k| {
            let (a, b) = (old.value(k), new.value(k));
            (matches!(a, Value::Number(_)) || matches!(b, Value::Number(_))) && a != b
        })
        .map(|k| {
            format!(
                "{k} {} -> {}",
                old.value(k).describe(),
                new.value(k).describe()
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_checks_have_valid_headers() {
        let checks = load(None).expect("checks");
        assert!(
            checks
                .iter()
                .any(|c| c.rule == "part_exceeds_whole" && c.severity == Severity::Error)
        );
        assert!(checks.iter().all(|c| !c.about.is_empty()));
    }

    #[test]
    fn headers_are_strict() {
        assert!(parse_check("x", "-- rule: x\n-- severity: bad\nSELECT 1").is_err());
        assert!(parse_check("x", "-- rule: y\n-- severity: info\nSELECT 1").is_err());
        assert!(parse_check("x", "-- rule: x\n-- sevrity: info\nSELECT 1").is_err());
        assert!(parse_check("x", "-- rule: x\n-- severity: info\nSELECT 1").is_ok());
    }
}
