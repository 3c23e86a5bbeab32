//! The demo's person records: the Jobs First evaluation's baseline, as
//! shipped, and its collection targets.

use crate::kinds::{DemoInputs, DemoOutput};

/// The Jobs First evaluation's baseline case records as its interim
/// report tabulates them (74 people in four sites), and the targets it set
/// (20 per cohort per site and collection point, five active sites).
pub const JOBS_FIRST_RECORDS: &str =
    include_str!("../../../config/examples/jobs_first_baseline.csv");
pub const JOBS_FIRST_EXPECTED: &str =
    include_str!("../../../config/examples/jobs_first_expected.csv");

/// Write the example person records into the inbox and, unless the
/// workspace has one, their targets as `reference/expected.csv`. Returns
/// the records written and whether the targets were written.
pub fn write_people(
    root: &std::path::Path,
    inbox: &std::path::Path,
) -> std::io::Result<(usize, bool)> {
    let path =
        crate::watch::mover::unique_path(inbox, "Jobs First baseline records.csv", &|_| false);
    std::fs::write(path, JOBS_FIRST_RECORDS)?;
    let expected = root.join("reference").join("expected.csv");
    let wrote = !expected.exists();
    if wrote {
        std::fs::create_dir_all(root.join("reference"))?;
        std::fs::write(&expected, JOBS_FIRST_EXPECTED)?;
    }
    Ok((JOBS_FIRST_RECORDS.lines().count().saturating_sub(1), wrote))
}

pub fn demo(inp: &DemoInputs) -> std::io::Result<DemoOutput> {
    let (records, targets) = write_people(inp.root, inp.inbox)?;
    Ok(DemoOutput {
        returns: records,
        files: 1,
        reference_files: if targets {
            vec![inp.root.join("reference").join("expected.csv")]
        } else {
            Vec::new()
        },
    })
}
