//! Writes demo services into an inbox as officers would send them: 40 %
//! jobtally templates (some with the key column deleted), 30 % the study's
//! own form (some local copies naming the year only in their questions),
//! 30 % batch sheets (UTF-8 CSV, Windows-1252 CSV with semicolons, xlsx).
//! One service is resubmitted after a draft, and one file is sent twice.

use std::collections::BTreeMap;
use std::fs::File;
use std::io;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

mod study_form;

use study_form::study_form;

use super::template::{TemplateStyle, template_bytes};
use crate::demo::{DemoService, GROUPS, Rng, SUPPORT, TYPES};
use crate::ingest::Schema;
use crate::ingest::cells::{format_number, thousands};
use crate::kinds::{DemoInputs, DemoOutput};
use crate::watch::mover::{safe_name, unique_path};
use crate::xlsx_out::{Out, SheetOut, workbook_bytes};

#[derive(Debug, Default)]
pub struct DemoWritten {
    pub files: Vec<PathBuf>,
    /// Service returns written, not counting the draft and the copy.
    pub services: usize,
}

pub(super) const MODEL_KEYS: [&str; 6] = [
    "model_retention",
    "model_place_train",
    "model_mainstream_training",
    "model_train_place",
    "model_life_stage",
    "model_funding_mechanism",
];

pub(super) fn xlsx_err(e: rust_xlsxwriter::XlsxError) -> io::Error {
    io::Error::other(e.to_string())
}

pub fn write(inbox: &Path, services: &[DemoService], seed: u64) -> io::Result<DemoWritten> {
    let mut rng = Rng::new(seed ^ 0x5EED_D3A0);
    let mut out = DemoWritten::default();
    let base = SystemTime::now() - Duration::from_secs(3600);
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    let mut batches: [Vec<&DemoService>; 3] = [Vec::new(), Vec::new(), Vec::new()];
    let mut resubmitted = false;
    for (i, s) in services.iter().enumerate() {
        match i % 10 {
            0..=3 => {
                let style = TemplateStyle {
                    drop_key_column: i % 10 == 3,
                    core_only: rng.chance(0.5),
                };
                let name = format!(
                    "{} - {} {}.xlsx",
                    s.commissioner,
                    s.service_name,
                    s.period.replace('/', "-")
                );
                if !resubmitted && services.len() >= 5 {
                    // A draft with a wrong outcome count, replaced by the revised return.
                    let mut draft = s.clone();
                    draft.outcomes_total += 5;
                    let values = template_values(&draft, &mut rng);
                    let bytes = template_bytes(&values, style).map_err(xlsx_err)?;
                    files.push((
                        format!("{} (draft).xlsx", name.trim_end_matches(".xlsx")),
                        bytes,
                    ));
                    resubmitted = true;
                }
                let values = template_values(s, &mut rng);
                files.push((name, template_bytes(&values, style).map_err(xlsx_err)?));
            }
            4..=6 => {
                let local_copy = i % 10 == 6;
                let sheet = study_form(s, local_copy, &mut rng);
                let name = format!(
                    "Employment support return - {} ({}).xlsx",
                    s.service_name, s.commissioner
                );
                files.push((name, workbook_bytes(&[sheet]).map_err(xlsx_err)?));
            }
            _ => batches[i % 3].push(s),
        }
        out.services += 1;
    }
    for (k, batch) in batches.iter().enumerate() {
        if batch.is_empty() {
            continue;
        }
        let (name, bytes) = batch_file(k, batch, &mut rng)?;
        files.push((name, bytes));
    }
    // One file is sent twice.
    if let Some((name, bytes)) = files
        .iter()
        .find(|(n, _)| n.ends_with(".xlsx") && !n.contains("(draft)"))
        .cloned()
        && services.len() >= 5
    {
        files.push((
            format!("{} (copy).xlsx", name.trim_end_matches(".xlsx")),
            bytes,
        ));
    }
    let mut written: Vec<PathBuf> = Vec::new();
    for (i, (name, bytes)) in files.iter().enumerate() {
        let path = unique_path(inbox, &safe_name(name), &|p| written.iter().any(|w| w == p));
        std::fs::write(&path, bytes)?;
        // Deterministic order of arrival: drafts first, copies last.
        let offset = if name.contains("(draft)") {
            0
        } else if name.contains("(copy)") {
            10_000
        } else {
            10 + i as u64
        };
        File::options()
            .write(true)
            .open(&path)?
            .set_modified(base + Duration::from_secs(offset))?;
        written.push(path);
    }
    out.files = written;
    Ok(out)
}

/// Money as officers write it; every form reads back to the same amount.
pub(super) fn money(v: f64, rng: &mut Rng, allow_cell: bool) -> Out {
    let whole = format_number(v);
    match rng.below(5) {
        0 if allow_cell => Out::Number(v),
        1 => Out::Text(format!("£{}", thousands(v as i64))),
        2 if v % 100.0 == 0.0 && v >= 10_000.0 => {
            Out::Text(format!("£{}k", format_number(v / 1000.0)))
        }
        3 => Out::Text(format!("£{}.00", thousands(v as i64))),
        _ => Out::Text(whole),
    }
}

pub(super) fn count(v: i64, rng: &mut Rng, allow_cell: bool) -> Out {
    match rng.below(4) {
        0 if allow_cell => Out::Number(v as f64),
        1 if v >= 1000 => Out::Text(thousands(v)),
        2 => Out::Text(format!(" {v} ")),
        _ => Out::Text(v.to_string()),
    }
}

pub(super) fn period(p: &str, rng: &mut Rng, allow_date: bool) -> Out {
    let y: u16 = p[..4].parse().unwrap_or(2012);
    let yy = &p[5..7];
    if allow_date && p == "2011/12" && rng.chance(0.5) {
        // What Excel makes of a typed 2011/12.
        return Out::Date(2011, 12, 1);
    }
    Out::Text(match rng.below(6) {
        0 => format!("{y}-{yy}"),
        1 => format!("{y}/{}", y + 1),
        2 => format!("FY{y}/{yy}"),
        3 => format!("{}/{yy}", y % 100),
        4 => format!("{y} to {}", y + 1),
        _ => p.to_string(),
    })
}

/// A split's cells: zeros often left blank (never when every part is 0),
/// sometimes as percentages that convert back exactly, "not known" or blank
/// when the service does not know.
pub(super) fn split_cells(
    parts: Option<&[i64]>,
    total: i64,
    rng: &mut Rng,
    allow_percent: bool,
) -> Vec<Option<Out>> {
    let Some(parts) = parts else {
        let nk = rng.chance(0.5);
        return vec![nk.then(|| Out::Text("not known".into())); 7];
    };
    let any_nonzero = parts.iter().any(|&p| p != 0);
    if allow_percent && any_nonzero && total > 0 && rng.chance(0.2) {
        let pcts: Vec<f64> = parts
            .iter()
            .map(|&p| (p as f64 / total as f64 * 10_000.0).round() / 100.0)
            .collect();
        let exact = parts
            .iter()
            .zip(&pcts)
            .all(|(&p, &pct)| (pct / 100.0 * total as f64).round() as i64 == p);
        if exact {
            return pcts
                .iter()
                .map(|p| Some(Out::Text(format!("{}%", format_number(*p)))))
                .collect();
        }
    }
    parts
        .iter()
        .map(|&p| {
            if p == 0 && any_nonzero && rng.chance(0.6) {
                None
            } else {
                Some(count(p, rng, true))
            }
        })
        .collect()
}

pub(super) fn tick(on: bool, rng: &mut Rng) -> Option<Out> {
    on.then(|| Out::Text(["x", "X", "✓", "yes"][rng.below(4)].to_string()))
}

pub(super) fn template_values(s: &DemoService, rng: &mut Rng) -> BTreeMap<String, Out> {
    let mut v = BTreeMap::new();
    v.insert("collector_name".into(), Out::Text(s.collector_name.clone()));
    v.insert(
        "collector_contact".into(),
        Out::Text(s.collector_contact.clone()),
    );
    v.insert("period".into(), period(&s.period, rng, true));
    v.insert("commissioner".into(), Out::Text(s.commissioner.clone()));
    v.insert("service_name".into(), Out::Text(s.service_name.clone()));
    v.insert("client_groups_aimed".into(), Out::Text(s.aimed_at.clone()));
    for (k, on) in MODEL_KEYS.iter().zip(s.models) {
        if let Some(t) = tick(on, rng) {
            v.insert((*k).into(), t);
        }
    }
    v.insert("total_cost".into(), money(s.total_cost, rng, true));
    v.insert("people_total".into(), count(s.people_total, rng, true));
    v.insert("outcomes_total".into(), count(s.outcomes_total, rng, true));
    let mut put_split = |prefix: &str,
                         keys: &[&str],
                         parts: Option<&[i64]>,
                         total: i64,
                         pct: bool,
                         rng: &mut Rng| {
        for (k, cell) in keys.iter().zip(split_cells(parts, total, rng, pct)) {
            if let Some(c) = cell {
                v.insert(format!("{prefix}{k}"), c);
            }
        }
    };
    put_split(
        "people_",
        &GROUPS,
        Some(&s.people_groups),
        s.people_total,
        true,
        rng,
    );
    put_split(
        "people_",
        &SUPPORT,
        s.support.as_ref().map(|a| &a[..]),
        s.people_total,
        false,
        rng,
    );
    put_split(
        "outcomes_",
        &TYPES,
        s.outcome_types.as_ref().map(|a| &a[..]),
        s.outcomes_total,
        false,
        rng,
    );
    put_split(
        "outcomes_",
        &GROUPS,
        s.outcome_groups.as_ref().map(|a| &a[..]),
        s.outcomes_total,
        false,
        rng,
    );
    put_split(
        "outcomes_",
        &SUPPORT,
        s.outcome_support.as_ref().map(|a| &a[..]),
        s.outcomes_total,
        false,
        rng,
    );
    v
}

/// The columns of a batch sheet: every core field but autism.
pub(super) fn batch_keys() -> Vec<String> {
    let mut keys: Vec<String> = [
        "collector_name",
        "collector_contact",
        "period",
        "commissioner",
        "service_name",
        "client_groups_aimed",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    keys.extend(MODEL_KEYS.iter().map(|s| s.to_string()));
    keys.push("total_cost".into());
    keys.push("people_total".into());
    let six: Vec<&str> = GROUPS.iter().copied().filter(|g| *g != "autism").collect();
    keys.extend(six.iter().map(|g| format!("people_{g}")));
    keys.extend(SUPPORT.iter().map(|g| format!("people_{g}")));
    keys.push("outcomes_total".into());
    keys.extend(TYPES.iter().map(|g| format!("outcomes_{g}")));
    keys.extend(six.iter().map(|g| format!("outcomes_{g}")));
    keys.extend(SUPPORT.iter().map(|g| format!("outcomes_{g}")));
    keys
}

pub(super) fn batch_row(s: &DemoService, rng: &mut Rng, cells: bool) -> BTreeMap<String, Out> {
    let mut v = template_values(s, rng);
    if !cells {
        // CSV has no typed cells: a date-typed period is written as text.
        if let Some(Out::Date(..)) = v.get("period") {
            v.insert("period".into(), Out::Text(s.period.clone()));
        }
    }
    v
}

pub(super) fn out_text(o: &Out) -> String {
    match o {
        Out::Text(t) => t.clone(),
        Out::Number(n) => format_number(*n),
        Out::Date(y, m, d) => format!("{d:02}/{m:02}/{y}"),
    }
}

pub(super) fn batch_file(
    k: usize,
    batch: &[&DemoService],
    rng: &mut Rng,
) -> io::Result<(String, Vec<u8>)> {
    let schema = Schema::builtin();
    let keys = batch_keys();
    let headers: Vec<String> = keys
        .iter()
        .map(|key| {
            if k == 1 {
                schema
                    .field(key)
                    .map(|f| f.question.clone())
                    .unwrap_or_else(|| key.clone())
            } else {
                key.clone()
            }
        })
        .chain(std::iter::once("Notes".to_string()))
        .collect();
    let mut rows: Vec<BTreeMap<String, Out>> =
        batch.iter().map(|s| batch_row(s, rng, k == 2)).collect();
    if k == 1 {
        // Windows-1252 has no tick mark: officers on such machines type x.
        for row in &mut rows {
            for v in row.values_mut() {
                if *v == Out::Text("✓".into()) {
                    *v = Out::Text("x".into());
                }
            }
        }
    }
    match k {
        2 => {
            let mut sh = SheetOut::new("Returns");
            for (c, h) in headers.iter().enumerate() {
                sh.put_bold(0, c as u16, h.as_str());
            }
            for (r, row) in rows.iter().enumerate() {
                for (c, key) in keys.iter().enumerate() {
                    if let Some(v) = row.get(key) {
                        sh.put(r as u32 + 1, c as u16, v.clone());
                    }
                }
                sh.put(
                    r as u32 + 1,
                    keys.len() as u16,
                    "figures checked by finance",
                );
            }
            Ok((
                "Batch returns - county services.xlsx".into(),
                workbook_bytes(&[sh]).map_err(xlsx_err)?,
            ))
        }
        _ => {
            let delimiter = if k == 1 { b';' } else { b',' };
            let mut w = csv::WriterBuilder::new()
                .delimiter(delimiter)
                .from_writer(Vec::new());
            w.write_record(&headers).map_err(io::Error::other)?;
            for row in &rows {
                let mut record: Vec<String> = keys
                    .iter()
                    .map(|key| row.get(key).map(out_text).unwrap_or_default())
                    .collect();
                record.push(String::new());
                w.write_record(&record).map_err(io::Error::other)?;
            }
            let text = String::from_utf8(
                w.into_inner()
                    .map_err(|e| io::Error::other(e.to_string()))?,
            )
            .map_err(io::Error::other)?;
            if k == 1 {
                let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(&text);
                Ok((
                    "batch returns (windows excel).csv".into(),
                    bytes.into_owned(),
                ))
            } else {
                let mut bytes = b"\xEF\xBB\xBF".to_vec();
                bytes.extend_from_slice(text.as_bytes());
                Ok(("batch-returns-north.csv".into(), bytes))
            }
        }
    }
}

/// An evidence-based register for the demo services, written to
/// `<workspace>/reference/evidence_based.csv` unless the workspace already
/// has one: the IPS services and a few supported-employment services, as an
/// analyst would list those known to follow an evidence-based model.
/// Returns whether it was written.
pub fn write_register(workspace: &Path, services: &[DemoService]) -> io::Result<bool> {
    let path = workspace.join("reference").join("evidence_based.csv");
    if path.exists() {
        return Ok(false);
    }
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(["commissioner", "service_name", "model", "source"])
        .map_err(io::Error::other)?;
    let chosen = services
        .iter()
        .filter(|s| s.service_name == "IPS Employment Service")
        .map(|s| (s, "IPS", "demo: IPS fidelity review"))
        .chain(
            services
                .iter()
                .filter(|s| s.service_name == "Supported Employment Service")
                .take(3)
                .map(|s| (s, "supported employment", "demo: BASE quality standards")),
        );
    for (s, model, source) in chosen {
        w.write_record([
            s.commissioner.as_str(),
            s.service_name.as_str(),
            model,
            source,
        ])
        .map_err(io::Error::other)?;
    }
    let bytes = w
        .into_inner()
        .map_err(|e| io::Error::other(e.to_string()))?;
    crate::workspace::create_private_dir(&workspace.join("reference")).map_err(io::Error::other)?;
    std::fs::write(&path, bytes)?;
    Ok(true)
}

/// The demo's service returns in every layout, and the evidence-based
/// register that names some of them.
pub fn demo(inp: &DemoInputs) -> io::Result<DemoOutput> {
    let written = write(inp.inbox, inp.services, inp.seed)?;
    let mut reference_files = Vec::new();
    if write_register(inp.root, inp.services)? {
        reference_files.push(inp.root.join("reference").join("evidence_based.csv"));
    }
    Ok(DemoOutput {
        returns: written.services,
        files: written.files.len(),
        reference_files,
    })
}
