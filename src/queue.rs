//! The follow-up queue as operators see it: who is working it, and the
//! call sheet for one anomaly.

use std::fmt::Write as _;

use crate::config::Config;
use crate::format::sanitise;
use crate::ingest::cells::Cell;
use crate::ingest::form_schema::AnswerKind;
use crate::ingest::schema::FieldKind;
use crate::ingest::values::{Parsed, parse_count, parse_money};
use crate::ingest::{Return, Schema, Value};
use crate::kinds::Named;
use crate::store::{self, Store, StoreError, StoredReturn};

/// `--as NAME`, else `operator` in jobtally.toml, else the OS user; `None`
/// when none is known, so a change is never put down to nobody.
pub fn operator(explicit: Option<&str>, config: &Config) -> Option<String> {
    [
        explicit.map(str::to_string),
        config.operator.clone(),
        std::env::var("USER").ok(),
        std::env::var("USERNAME").ok(),
    ]
    .into_iter()
    .flatten()
    .map(|name| sanitise(name.trim()))
    .find(|name| !name.is_empty())
}

/// Keep `name` as the workspace's operator (`operator = "…"` at the top of
/// its jobtally.toml), so the question is asked once. Returns the name as
/// kept.
pub fn save_operator(root: &std::path::Path, name: &str) -> std::io::Result<String> {
    let name: String = sanitise(name.trim()).chars().take(60).collect();
    if name.is_empty() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "a name is needed",
        ));
    }
    let path = root.join("jobtally.toml");
    let old = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(e),
    };
    // Top-level keys must come before the first [table], so the line goes
    // first; an earlier operator line is replaced.
    let kept: Vec<&str> = old
        .lines()
        .filter(|l| {
            !l.trim_start().starts_with("operator ") && !l.trim_start().starts_with("operator=")
        })
        .collect();
    let quoted = toml::Value::String(name.clone()).to_string();
    let text = format!(
        "# Who makes queue changes from this workspace (asked once by the UI).\noperator = {quoted}\n{}\n",
        kept.join("\n")
    );
    crate::watch::mover::write_atomic(&path, text.as_bytes())?;
    Ok(name)
}

/// A field an amendment may correct: a money or count field of a service
/// return, or a money or percentage answer of the spend survey.
pub fn is_figure(field: &str) -> bool {
    figure_kind(field).is_some()
}

#[derive(Clone, Copy)]
enum FigureKind {
    Money,
    Count,
    Percent,
}

fn figure_kind(field: &str) -> Option<FigureKind> {
    if let Some(f) = Schema::builtin().field(field) {
        return match f.kind {
            FieldKind::Money => Some(FigureKind::Money),
            FieldKind::Count => Some(FigureKind::Count),
            _ => None,
        };
    }
    match crate::kinds::commissioner::schema().field(field)?.kind {
        AnswerKind::Money => Some(FigureKind::Money),
        AnswerKind::Percent => Some(FigureKind::Percent),
        _ => None,
    }
}

/// A figure for `field`, read as the return's own conventions read it.
pub fn parse_figure(field: &str, text: &str) -> Option<f64> {
    let words = &Schema::builtin().values;
    let cell = Cell::Text(text.to_string());
    let parsed = match figure_kind(field)? {
        FigureKind::Money => parse_money(&cell, words),
        FigureKind::Count => parse_count(&cell, words),
        FigureKind::Percent => match parse_money(&cell, words) {
            Parsed::Percent(value) => Parsed::Number {
                value,
                interpreted: None,
            },
            Parsed::Number { value, .. } if value <= 100.0 => Parsed::Number {
                value,
                interpreted: None,
            },
            _ => Parsed::Invalid(text.to_string()),
        },
    };
    match parsed {
        Parsed::Number { value, .. } if value >= 0.0 => Some(value),
        _ => None,
    }
}

/// What an amendment replaced.
#[derive(Debug, Clone)]
pub struct Amended {
    pub service_name: Option<String>,
    pub old: Value,
}

/// Record an operator's correction of `field` on anomaly `id`'s service,
/// against the value the current return holds. The CLI and the UI both
/// come here; the caller has checked the field and value.
pub fn amend(
    store: &mut Store,
    id: i64,
    field: &str,
    value: f64,
    note: &str,
    who: &str,
) -> Result<Amended, StoreError> {
    let a = store::anomalies::get(store.conn(), id)?.ok_or(StoreError::NoAnomaly(id))?;
    let current = store::returns::current_for(store.conn(), &a.identity)?
        .ok_or(StoreError::NoCurrentReturn(id))?;
    let old = current.data.value(field).clone();
    store::amendments::record(
        store.conn_mut(),
        &a.identity,
        field,
        &old,
        value,
        who,
        note,
        Some(id),
    )?;
    Ok(Amended {
        service_name: a.service_name,
        old,
    })
}

/// The current return of an anomaly's service with its active amendments
/// applied: the figures as they now stand.
pub fn amended_return(store: &Store, id: i64) -> Result<StoredReturn, StoreError> {
    let conn = store.conn();
    let a = store::anomalies::get(conn, id)?.ok_or(StoreError::NoAnomaly(id))?;
    let current = current_amended(conn, &a.identity)?;
    current.ok_or(StoreError::NoCurrentReturn(id))
}

fn current_amended(
    conn: &rusqlite::Connection,
    identity: &str,
) -> Result<Option<StoredReturn>, StoreError> {
    let Some(current) = store::returns::current_for(conn, identity)? else {
        return Ok(None);
    };
    let active: Vec<_> = store::amendments::active(conn)?
        .into_iter()
        .filter(|m| m.identity == identity)
        .collect();
    Ok(crate::checks::overlay::apply(vec![current], &active)
        .returns
        .pop())
}

/// Everything an operator needs on the phone for one anomaly.
pub fn call_sheet(store: &Store, id: i64) -> Result<String, StoreError> {
    let conn = store.conn();
    let a = store::anomalies::get(conn, id)?.ok_or(StoreError::NoAnomaly(id))?;
    // Figures as they stand, amendments applied.
    let current = current_amended(conn, &a.identity)?;
    let mut s = String::new();
    let t = |x: Option<&str>| sanitise(x.unwrap_or("–"));
    let _ = writeln!(
        s,
        "Anomaly {}  [{}] {}  - {}{}  (priority {:.0})",
        a.id,
        a.severity,
        a.rule,
        a.status.as_str(),
        a.assignee
            .as_deref()
            .map(|w| format!(", assigned to {w}"))
            .unwrap_or_default(),
        a.priority
    );
    let _ = writeln!(
        s,
        "Service:      {} ({})",
        t(a.service_name.as_deref()),
        t(a.period.as_deref())
    );
    let _ = writeln!(s, "Commissioner: {}", t(a.commissioner.as_deref()));
    if let Some(r) = &current {
        let contact = (crate::kinds::spec(r.data.kind).contact)(&r.data);
        let _ = writeln!(s, "Contact:      {contact}");
        let _ = writeln!(
            s,
            "Return:       {} (received {})",
            sanitise(&r.source_file),
            r.received_at
        );
        let _ = writeln!(s, "\nFigures in context:");
        for line in context_lines(&r.data, &a.field) {
            let _ = writeln!(s, "  {line}");
        }
    }
    let readable = crate::kinds::labels::readable;
    let _ = writeln!(s, "\nOn the return: {}", readable(&sanitise(&a.values)));
    let _ = writeln!(s, "\nAsk:\n  {}", readable(&sanitise(&a.message)));
    write_amendments(&mut s, conn, &a.identity)?;
    let _ = writeln!(s, "\nHistory (newest first):");
    for e in store::anomalies::events(conn, id)?.into_iter().rev() {
        let change = match (&e.from_status, &e.to_status) {
            (Some(f), Some(t)) => format!(" {f} -> {t}"),
            (None, Some(t)) => format!(" -> {t}"),
            _ => String::new(),
        };
        let note = e
            .note
            .map(|n| format!(": {}", sanitise(&n)))
            .unwrap_or_default();
        let _ = writeln!(s, "  {} {} {}{}{}", e.at, e.who, e.what, change, note);
    }
    Ok(s)
}

/// The core figures, and the split the anomaly is about next to its total;
/// for a survey response, Table 1 (and Table 3 when it is about Table 3).
pub fn context_lines(r: &crate::ingest::Return, field: &str) -> Vec<String> {
    (crate::kinds::spec(r.kind).context)(r, field)
}

/// Where a service's list of fields begins in its detail.
pub const FIELDS_HEADING: &str = "\nEvery field as read:";

/// A service in full: every field as read (missing and not known told
/// apart), each split next to its total, the derived figures, anomalies,
/// and the history of submissions and amendments.
pub fn service_detail(
    store: &Store,
    reference: &crate::reference::Reference,
    service_key: &str,
) -> Result<String, StoreError> {
    let conn = store.conn();
    let Some(identity) = store::returns::identity_of(conn, service_key)? else {
        return Ok(format!("No current return for {service_key}."));
    };
    let Some(r) = store::returns::current_for(conn, &identity)? else {
        return Ok(format!("No current return for {service_key}."));
    };
    let mut s = String::new();
    write_heading(&mut s, &r);
    write_figures(&mut s, &r.data, reference);
    write_fields(&mut s, &r.data);
    let anomalies: Vec<_> = store::anomalies::all(conn)?
        .into_iter()
        .filter(|a| a.identity == identity)
        .collect();
    let _ = writeln!(s, "\nAnomalies ({}):", anomalies.len());
    for a in anomalies {
        let _ = writeln!(
            s,
            "  #{} [{}] {} - {}: {}",
            a.id,
            a.severity,
            a.status.as_str(),
            a.rule,
            sanitise(&a.message)
        );
    }
    let _ = writeln!(s, "\nSubmissions:");
    for sub in store::returns::history(conn, &identity)? {
        let state = if sub.superseded_by.is_some() {
            " (superseded)"
        } else if sub.return_id == r.id {
            " (current)"
        } else {
            ""
        };
        let _ = writeln!(s, "  {} {}{state}", sub.received_at, sanitise(&sub.file));
    }
    write_amendments(&mut s, conn, &identity)?;
    Ok(s)
}

fn or_dash(x: Option<&str>) -> String {
    sanitise(x.unwrap_or("–"))
}

/// Which service and year, from which file, and whom to call.
fn write_heading(s: &mut String, r: &StoredReturn) {
    let d = &r.data;
    let _ = writeln!(
        s,
        "{} - {} ({})",
        or_dash(d.text("commissioner")),
        or_dash(d.text("service_name")),
        or_dash(d.period())
    );
    let _ = writeln!(
        s,
        "From {} (layout {}), received {}",
        sanitise(&r.source_file),
        d.layout_name(),
        r.received_at
    );
    let _ = writeln!(
        s,
        "Contact: {}, {}",
        or_dash(d.text("collector_name")),
        or_dash(d.text("collector_contact"))
    );
}

/// Cost, people and outcomes, the ratios between them, and where each
/// ratio falls against the evidence-based bands.
fn write_figures(s: &mut String, d: &Return, reference: &crate::reference::Reference) {
    let ratio =
        |a: Option<f64>, b: Option<f64>| a.zip(b).filter(|(_, b)| *b > 0.0).map(|(a, b)| a / b);
    let (cost, people, jobs) = (
        d.number("total_cost"),
        d.number("people_total"),
        d.number("outcomes_total"),
    );
    let _ = writeln!(
        s,
        "\nCost {} · people {} · job outcomes {}\nCost per person {} · outcome rate {} · cost per job outcome {}",
        crate::format::money(cost),
        crate::format::count(people),
        crate::format::count(jobs),
        crate::format::money(ratio(cost, people)),
        crate::format::rate(ratio(jobs, people)),
        crate::format::money(ratio(cost, jobs)),
    );
    let figures = [
        ("cost_per_person", ratio(cost, people)),
        ("outcome_rate", ratio(jobs, people)),
        ("cost_per_outcome", ratio(cost, jobs)),
    ];
    for band in &reference.benchmarks.band {
        let Some((_, Some(v))) = figures.iter().find(|(m, _)| *m == band.metric) else {
            continue;
        };
        let position = match (band.low, band.high) {
            (Some(l), _) if *v < l => "below",
            (_, Some(h)) if *v > h => "above",
            _ => "inside",
        };
        let _ = writeln!(
            s,
            "  {} is {position} the band: {}",
            band.metric.replace('_', " "),
            band.label
        );
    }
}

/// Each split beside its total, then every field as read (missing and not
/// known told apart).
fn write_fields(s: &mut String, d: &Return) {
    let schema = Schema::builtin();
    let _ = writeln!(s, "\nSplits against their totals:");
    for sp in schema
        .splits
        .iter()
        .filter(|sp| sp.fields.iter().any(|f| !d.value(f).is_missing()))
    {
        let parts: Vec<String> = sp
            .fields
            .iter()
            .zip(&sp.categories)
            .filter(|(f, _)| !d.value(f).is_missing())
            .map(|(f, c)| format!("{c} {}", d.value(f).describe()))
            .collect();
        let sum: f64 = sp.fields.iter().filter_map(|f| d.number(f)).sum();
        let _ = writeln!(
            s,
            "  {}: {} = {} of {} {}",
            sp.name,
            parts.join(", "),
            crate::format::number(sum),
            sp.parent,
            d.value(&sp.parent).describe()
        );
    }
    let _ = writeln!(s, "{FIELDS_HEADING}");
    for f in &schema.fields {
        if let Some(v) = d.values.get(&f.key) {
            let _ = writeln!(s, "  {:<28} {}", f.key, sanitise(&v.describe()));
        }
    }
}

/// The amendments of a service-year, old -> new, with who and why.
fn write_amendments(
    s: &mut String,
    conn: &rusqlite::Connection,
    identity: &str,
) -> Result<(), StoreError> {
    let amendments = store::amendments::for_identity(conn, identity)?;
    if !amendments.is_empty() {
        let _ = writeln!(s, "\nAmendments:");
        for m in amendments {
            let _ = writeln!(
                s,
                "  {} {}: {} -> {} by {} ({}) [{}]",
                m.at,
                crate::kinds::labels::label_or_words(&m.field),
                m.old_value.describe(),
                crate::format::number(m.new_value),
                m.who,
                sanitise(&m.why),
                m.status
            );
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_validate() {
        assert!(is_figure("outcomes_total"));
        assert!(is_figure("people_ld"));
        assert!(!is_figure("commissioner"));
        assert_eq!(parse_figure("outcomes_total", "41"), Some(41.0));
        assert_eq!(parse_figure("outcomes_total", "4.5"), None);
        assert_eq!(parse_figure("total_cost", "£95k"), Some(95_000.0));
        assert_eq!(parse_figure("total_cost", "-5"), None);
        assert!(is_figure("spend_health_2011_12"));
        assert_eq!(
            parse_figure("spend_health_2011_12", "£1.2m"),
            Some(1_200_000.0)
        );
        assert_eq!(parse_figure("delivery_vcs_pct", "40%"), Some(40.0));
        assert_eq!(parse_figure("delivery_vcs_pct", "140"), None);
        assert!(!is_figure("five_year"));
    }
}
