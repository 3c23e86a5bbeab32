//! Reading service returns: the template, the study's form and batch
//! sheets (`ingest::sheets`, `ingest::layout_*`), and cleaning each.

use crate::ingest::recognise::Signature;
use crate::ingest::{IngestError, Layout, ReturnKind, clean, layout_batch, read_sheets};
use crate::kinds::read::{Reader, batch_rows};

pub const READER: Reader = Reader {
    signature: |schema| Signature {
        kind: ReturnKind::Service,
        name: "service returns",
        identity: &[&["service_name"], &["people_total"]],
        field_of: Box::new(move |t| {
            schema
                .field_by_key(t)
                .or_else(|| schema.field_by_label(t))
                .map(|f| f.key.clone())
        }),
        question_of: Box::new(move |k| schema.field(k).map(|f| f.question.clone())),
    },
    csv_first: false,
    csv: |grid, schema, reading| {
        let header = layout_batch::header(grid, schema)?;
        Some(batch_rows(grid, &header, Layout::Batch, reading))
    },
    workbook: |grids, schema, reading| match read_sheets(grids, schema, &mut reading.report) {
        Err(IngestError::NotAReturn { .. }) => None,
        other => Some(other),
    },
    interpret: clean::interpret,
    check_file: |_, _| {},
};
