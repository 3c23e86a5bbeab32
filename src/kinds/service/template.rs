//! Layout A, the jobtally template: a `Return` sheet of
//! `key | question | value` rows in field order, and a `Notes` sheet.

use std::collections::BTreeMap;

use rust_xlsxwriter::XlsxError;

use crate::ingest::Schema;
use crate::ingest::schema::FieldDef;
use crate::xlsx_out::{Out, SheetOut, workbook_bytes};

/// Core fields (the study's reduced request) are shown in bold.
pub fn is_core(field: &FieldDef, schema: &Schema) -> bool {
    match field.split {
        Some(s) => schema.splits[s].core,
        None => !matches!(
            field.key.as_str(),
            "service_description"
                | "service_aim"
                | "service_providers"
                | "running_since"
                | "eligible_population"
        ),
    }
}

/// How a filled-in template is laid out (the demo varies it, as officers do).
#[derive(Debug, Clone, Copy, Default)]
pub struct TemplateStyle {
    /// Officers sometimes delete the key column; the reader then goes by question.
    pub drop_key_column: bool,
    /// Write only the core fields.
    pub core_only: bool,
}

/// The `Return` and `Notes` sheets, with `values` in column C.
pub fn template_sheets(values: &BTreeMap<String, Out>, style: TemplateStyle) -> Vec<SheetOut> {
    let schema = Schema::builtin();
    let mut ret = SheetOut::new("Return");
    let (kc, qc, vc) = if style.drop_key_column {
        (None, 0u16, 1u16)
    } else {
        (Some(0u16), 1, 2)
    };
    if let Some(k) = kc {
        ret.put_bold(0, k, "key");
        ret.widths.push((k, 26.0));
    }
    ret.put_bold(0, qc, "question");
    ret.put_bold(0, vc, "value");
    ret.widths.push((qc, 70.0));
    ret.widths.push((vc, 24.0));
    let mut row = 1;
    for field in &schema.fields {
        let core = is_core(field, schema);
        if style.core_only && !core {
            continue;
        }
        if let Some(k) = kc {
            ret.put(row, k, field.key.as_str());
        }
        if core {
            ret.put_bold(row, qc, field.question.as_str());
        } else {
            ret.put(row, qc, field.question.as_str());
        }
        if let Some(v) = values.get(&field.key) {
            ret.put(row, vc, v.clone());
        }
        row += 1;
    }
    vec![ret, notes_sheet()]
}

pub fn template_bytes(
    values: &BTreeMap<String, Out>,
    style: TemplateStyle,
) -> Result<Vec<u8>, XlsxError> {
    workbook_bytes(&template_sheets(values, style))
}

fn notes_sheet() -> SheetOut {
    let lines = [
        (
            "jobtally service return - notes for completing this workbook",
            true,
        ),
        ("", false),
        (
            "Complete one workbook for each employment support service and each financial year.",
            false,
        ),
        (
            "Enter answers in the 'value' column of the Return sheet only; do not change the 'key' column.",
            false,
        ),
        (
            "Fields in bold are the core data: please prioritise these.",
            false,
        ),
        ("", false),
        (
            "Do not leave boxes blank: write 0 if the answer is zero, and 'not known' if you do not know.",
            true,
        ),
        (
            "A blank box means 'nothing given'; 'not known' tells us you looked and the figure is not recorded.",
            false,
        ),
        (
            "In a split (e.g. people by client group) a blank category next to filled ones is read as 0.",
            false,
        ),
        ("", false),
        ("Year: write the financial year, e.g. 2012/13.", false),
        ("Money: whole pounds, e.g. 182400 or £182,400.", false),
        (
            "Counts: whole numbers of people. A split may be given as percentages (e.g. 45%) of its total.",
            false,
        ),
        (
            "Models: put an x against every model that describes the service.",
            false,
        ),
        (
            "Support level: general support needed in a typical week, not just employment support.",
            false,
        ),
        (
            "Job outcome: a person supported to gain a new job, retain an existing job, or become self-employed.",
            false,
        ),
        (
            "If your service counts job outcomes in a particular way (e.g. 16+ hours a week), say so in 'Who is the service aimed at'.",
            false,
        ),
        ("", false),
        (
            "Save the finished workbook into the shared inbox folder; it is picked up automatically.",
            false,
        ),
    ];
    SheetOut::notes(&lines)
}
