//! The demo's contract returns: the Tri-borough review's own, as shipped.

use crate::kinds::{DemoInputs, DemoOutput};

/// The Tri-borough review's contract returns for 2011/12 (the shipped
/// example set: client counts per borough as the review prints them).
pub const TRI_BOROUGH_CONTRACTS: &str =
    include_str!("../../../config/examples/tri_borough_contracts_2011_12.csv");

/// Write the example contract returns into `inbox`; returns the rows written.
pub fn write_contracts(inbox: &std::path::Path) -> std::io::Result<usize> {
    let path = crate::watch::mover::unique_path(
        inbox,
        "Tri-borough contract monitoring 2011-12.csv",
        &|_| false,
    );
    std::fs::write(path, TRI_BOROUGH_CONTRACTS)?;
    Ok(TRI_BOROUGH_CONTRACTS.lines().count().saturating_sub(1))
}

pub fn demo(inp: &DemoInputs) -> std::io::Result<DemoOutput> {
    Ok(DemoOutput {
        returns: write_contracts(inp.inbox)?,
        files: 1,
        reference_files: Vec::new(),
    })
}
