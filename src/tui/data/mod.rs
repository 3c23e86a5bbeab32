//! Everything the screens show, loaded in one go on a worker thread (never
//! during render): the results tables as plain rows, the queue and the
//! ledger. A new snapshot replaces the old one whole.

mod areas;
mod decode;
mod people;
mod results;
mod survey;

pub use areas::{AreasData, RateGap, SpendNeed};
pub use people::{CollectionRow, OutcomeRow, PeopleData, ProfileRow};
pub use results::{AuthorityValue, GroupSummary, Headline, Per100, Segment, Service, Site};

use crate::format;
use crate::reference::{Band, Reference};
use crate::store::anomalies::Anomaly;
use crate::store::{self, FileRecord, RunRecord};
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

/// Load everything the screens show. Errors are plain sentences.
pub fn load(ws: &Workspace) -> Result<Snapshot, String> {
    let err = |e: &dyn std::fmt::Display| e.to_string();
    let reference = Reference::load(Some(&ws.root)).map_err(|e| err(&e))?;
    let mut snap = Snapshot {
        bands: reference.benchmarks.band.clone(),
        run_id: crate::results::current_run_id(ws),
        ..Snapshot::default()
    };
    if snap.run_id.is_some() {
        let table = |n: &str| crate::results::read_table(ws, n).map_err(|e| err(&e));
        snap.services = results::services(&table("services")?, &reference).map_err(|e| err(&e))?;
        snap.sites = results::sites(&table("sites")?).map_err(|e| err(&e))?;
        snap.summary = results::summary(&table("summary")?).map_err(|e| err(&e))?;
        // Results published before the survey existed have no survey tables.
        let optional = |n: &str| crate::results::read_table(ws, n).ok();
        if let Some(df) = optional("authority_value") {
            snap.authorities = results::authorities(&df).map_err(|e| err(&e))?;
        }
        snap.survey = survey::survey_lines(&optional).map_err(|e| err(&e))?;
        snap.areas = areas::areas_data(&optional).map_err(|e| err(&e))?;
        snap.people = people::people_data(&optional).map_err(|e| err(&e))?;
        snap.per100 = results::per100(&table("per100")?).map_err(|e| err(&e))?;
        snap.segments = results::segments(&table("per100_segments")?).map_err(|e| err(&e))?;
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
    let store = crate::store::identity::open(ws).map_err(|e| err(&e))?;
    snap.anomalies = store::anomalies::all(store.conn()).map_err(|e| err(&e))?;
    snap.files = store::files::recent(store.conn(), 500).map_err(|e| err(&e))?;
    snap.files_accepted = store::files::counts(store.conn()).map_err(|e| err(&e))?.0;
    snap.last_run = store::runs::last(store.conn()).map_err(|e| err(&e))?;
    if let Ok(scan) = crate::watch::scan::scan_inbox(&ws.inbox()) {
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
