//! Everything the screens show, loaded in one go on a worker thread (never
//! during render): the results tables as plain rows, the queue and the
//! ledger. A new snapshot replaces the old one whole.

mod areas;
mod decode;
mod pb;
mod people;
mod results;
mod survey;

pub use areas::{AreasData, RateGap, SpendNeed};
pub use pb::{PbAuthority, PbData, PbProvider, label as pb_label};
pub use people::{CollectionRow, OutcomeRow, PeopleData, ProfileRow};
pub use results::{
    AuthorityValue, GroupSummary, Headline, Per100, Per100Method, Segment, Service, Site,
};

use crate::format;
use crate::ops::{self, Anomaly, FileRecord, OpsError, RunRecord};
use crate::reference::Band;
use crate::workspace::Workspace;

#[derive(Debug, Clone, Default)]
pub struct Snapshot {
    pub run_id: Option<i64>,
    pub periods: Vec<String>,
    pub services: Vec<Service>,
    pub sites: Vec<Site>,
    pub authorities: Vec<AuthorityValue>,
    pub areas: AreasData,
    pub people: PeopleData,
    /// The providers' personal-budget survey.
    pub pb: PbData,
    /// The survey's headline tables, as lines of text.
    pub survey: Vec<String>,
    pub summary: Vec<GroupSummary>,
    pub per100: Vec<Per100>,
    pub segments: Vec<Segment>,
    pub bands: Vec<Band>,
    pub anomalies: Vec<Anomaly>,
    pub files: Vec<FileRecord>,
    pub inbox_waiting: Vec<String>,
    pub inbox_ignored: Vec<(String, String)>,
    pub last_run: Option<RunRecord>,
    pub files_accepted: usize,
}

/// Load everything the screens show.
pub fn load(ws: &Workspace) -> Result<Snapshot, OpsError> {
    let reference = ops::reference(ws)?;
    let mut snap = Snapshot {
        bands: reference.benchmarks.band.clone(),
        run_id: ops::current_run(ws),
        ..Snapshot::default()
    };
    if snap.run_id.is_some() {
        let table = |n: &str| ops::results_table(ws, n);
        snap.services = results::services(&table("services")?, &reference)?;
        snap.sites = results::sites(&table("sites")?)?;
        snap.summary = results::summary(&table("summary")?)?;
        // Results published before the survey existed have no survey tables.
        let optional = |n: &str| ops::results_table(ws, n).ok();
        if let Some(df) = optional("opportunity") {
            results::add_opportunity(&mut snap.sites, &df)?;
        }
        if let Some(df) = optional("authority_value") {
            snap.authorities = results::authorities(&df)?;
        }
        snap.survey = survey::survey_lines(&optional)?;
        snap.areas = areas::areas_data(&optional)?;
        snap.people = people::people_data(&optional)?;
        snap.pb = pb::pb_data(&optional)?;
        snap.per100 = results::per100(&table("per100")?)?;
        snap.segments = results::segments(&table("per100_segments")?)?;
    }
    let mut periods: Vec<String> = snap
        .services
        .iter()
        .map(|s| s.period.clone())
        .filter(|p| !p.is_empty())
        .collect();
    periods.sort();
    periods.dedup();
    snap.periods = periods;
    let ledger = ops::ledger(ws)?;
    snap.anomalies = ledger.anomalies;
    snap.files = ledger.files;
    snap.files_accepted = ledger.files_accepted;
    snap.last_run = ledger.last_run;
    if let Ok(scan) = ops::inbox(ws) {
        snap.inbox_waiting = scan
            .candidates
            .into_iter()
            .map(|c| format::sanitise(&c.name))
            .collect();
        snap.inbox_ignored = scan
            .ignored
            .into_iter()
            .map(|i| (format::sanitise(&i.name), i.why.to_string()))
            .collect();
    }
    Ok(snap)
}
