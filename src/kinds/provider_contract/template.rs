//! `jobtally template --kind provider_contract`: a keyed contract sheet.

use rust_xlsxwriter::XlsxError;

pub fn template() -> Result<Vec<u8>, XlsxError> {
    crate::kinds::template::keyed_sheet(
        super::schema(),
        "Contracts",
        "One row per provider x area x client group x funder x year. Area: as in reference/area_reference.csv, or 'all' when not split by area.",
    )
}
