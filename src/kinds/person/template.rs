//! `jobtally template --kind person`: a keyed sheet of person records.

use rust_xlsxwriter::XlsxError;

pub fn template() -> Result<Vec<u8>, XlsxError> {
    crate::kinds::template::keyed_sheet(
        super::schema(),
        "Records",
        "One row per person per collection point. person_id is a pseudonym the site keeps: never a name, NHS number or National Insurance number (such columns are removed on arrival).",
    )
}
