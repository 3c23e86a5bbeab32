//! Reading provider contract monitoring: batch sheets naming the provider,
//! the area and the client group.

use crate::ingest::cells::Grid;
use crate::ingest::coded::{self, UnknownCode};
use crate::ingest::layout_batch::{self, BatchHeader};
use crate::ingest::recognise::{self, Signature};
use crate::ingest::{IngestError, Layout, Reading, ReturnKind};
use crate::kinds::read::{Found, Reader, batch_rows};

pub const READER: Reader = Reader {
    signature: |_| signature(),
    csv_first: false,
    csv: |grid, _, reading| {
        let header = contract_header(grid)?;
        Some(batch_rows(grid, &header, Layout::Batch, reading))
    },
    workbook: |grids, _, reading| read_contract_sheets(grids, reading),
    interpret: |raw, layout, schema| {
        coded::interpret(
            raw,
            ReturnKind::ProviderContract,
            layout,
            super::schema(),
            &schema.values,
            UnknownCode::Unreadable,
        )
    },
    check_file: |_, _| {},
};

fn signature() -> Signature<'static> {
    recognise::coded(
        ReturnKind::ProviderContract,
        "provider contract rows",
        &[&["provider"], &["area"], &["client_group"]],
        super::schema(),
    )
}

/// The header of a provider contract batch: it names the provider, the
/// area and the client group.
fn contract_header(grid: &Grid) -> Option<BatchHeader> {
    let schema = super::schema();
    layout_batch::header_with(
        grid,
        |text| schema.field_by_label(text).map(|f| f.key.clone()),
        |seen| {
            ["provider", "area", "client_group"]
                .iter()
                .all(|k| seen.contains(*k))
        },
    )
}

/// Provider contract batch sheets in a workbook: `None` when no sheet has
/// a contract header, `NoDataRows` when one has but no rows beneath.
fn read_contract_sheets(grids: &[Grid], reading: &mut Reading) -> Found {
    let mut out = Vec::new();
    let mut headers = 0;
    for grid in grids {
        if let Some(h) = contract_header(grid) {
            headers += 1;
            reading.report.extend(crate::ingest::extras_report(&h));
            out.extend(
                layout_batch::read(grid, &h)
                    .into_iter()
                    .map(|r| (r, Layout::Batch)),
            );
        }
    }
    match (headers, out.is_empty()) {
        (0, _) => None,
        (_, true) => Some(Err(IngestError::NoDataRows)),
        _ => Some(Ok(out)),
    }
}
