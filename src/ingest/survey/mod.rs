//! The commissioner spend survey (return kind `commissioner`): its schema,
//! the two layouts it arrives in (a survey tool's export, one row per
//! response; the paper form as a workbook) and the interpretation of
//! answers. The study's cleaning of whole responses (incomplete and
//! duplicate starts, several responses from one authority) is in
//! `crate::survey`, since it needs every response at once.

pub mod form;

pub use super::form_schema::{AnswerKind, FormField, FormSchema, GridDef};

use super::cells::Grid;
use super::layout_batch::{self, BatchHeader};

/// The header of a survey export: it names the authority and either a
/// figure of Table 1 or the survey tool's response id.
pub fn batch_header(grid: &Grid, schema: &FormSchema) -> Option<BatchHeader> {
    layout_batch::header_with(
        grid,
        |text| schema.field_by_label(text).map(|f| f.key.clone()),
        |seen| {
            seen.contains("authority")
                && (seen.contains("response_id") || seen.iter().any(|k| k.starts_with("spend_")))
        },
    )
}
