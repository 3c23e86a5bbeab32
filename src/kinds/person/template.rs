//! `jobtally template --kind person`: a keyed sheet of person records.

use rust_xlsxwriter::XlsxError;

use crate::ingest::form_schema::FormSchema;

pub fn template() -> Result<Vec<u8>, XlsxError> {
    crate::kinds::template::keyed_sheet(
        FormSchema::person(),
        "Records",
        "One row per person per collection point. person_id is a pseudonym the site keeps: never a name, NHS number or National Insurance number (such columns are removed on arrival).",
    )
}
