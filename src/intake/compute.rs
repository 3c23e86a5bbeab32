//! Step 3's middle: the results and the queue from the current returns,
//! inside the run's transaction.

use std::collections::{HashMap, HashSet};
use std::time::Instant;

use tracing::info;

use super::{Intake, IntakeError, Vouched};
use crate::checks;
use crate::ingest::PerKind;
use crate::pipeline;
use crate::reference::Reference;
use crate::store;

/// What [`Intake::compute`] gives: the results with how many returns of
/// each kind they hold, and the queue as its sync left it, with its flags.
pub(super) struct Computed {
    pub tables: pipeline::Tables,
    pub kinds: PerKind,
    /// For an intake that keeps it (else let go before the second pass,
    /// whose models set a run's peak memory).
    pub queue: Option<store::anomalies::Queue>,
    pub flags: crate::kinds::Flags,
}

impl Intake<'_> {
    /// What the last run left of the ledger, if the ledger still holds the
    /// mark it wrote. Taken out of what this intake keeps either way, so a
    /// run that fails leaves nothing for the next.
    pub(super) fn vouched(
        &self,
        tx: &rusqlite::Connection,
    ) -> Result<Option<Vouched>, IntakeError> {
        let Some(left) = self.kept().and_then(|mut k| k.ledger.take()) else {
            return Ok(None);
        };
        let vouched = store::mark::read(tx)? == Some(left.token);
        tracing::debug!(vouched, "the ledger's mark");
        Ok(vouched.then_some(left))
    }

    /// Results and the queue from the current returns, inside the run's
    /// transaction: amendments are laid over the returns, the models the
    /// checks read run, the checks' findings sync the queue, and then the
    /// other models run with the queue's flags (and those of the first
    /// that read a table whose flags changed, again). The tables the
    /// second pass gave are being encoded in `encoding`. `vouched`: what
    /// the last run left of the ledger, when nothing else has changed it
    /// since (the returns it decoded are then not read again, nor the
    /// queue).
    pub(super) fn compute(
        &self,
        tx: &rusqlite::Connection,
        encoding: &crate::results::Encoding,
        vouched: Option<Vouched>,
    ) -> Result<Computed, IntakeError> {
        let t = Instant::now();
        let lap = |what: &str| crate::logging::lap(t, what);
        let raw = match (self.kept().as_mut(), &vouched) {
            (Some(kept), Some(_)) => store::returns::current_unchanged(tx, &mut kept.decoded)?,
            (Some(kept), None) => store::returns::current_kept(tx, &mut kept.decoded)?,
            (None, _) => store::returns::current(tx)?,
        };
        lap("returns decoded");
        let overlaid = checks::overlay::apply(raw, &store::amendments::active(tx)?);
        store::amendments::supersede(tx, &overlaid.superseded)?;
        // Reference data, models and checks are read each run, so an
        // analyst's edit applies at once.
        let reference = Reference::load(Some(&self.ws.root))?;
        let models = pipeline::models_for(Some(&self.ws.root))?;
        let checks = checks::load(Some(&self.ws.root))?;
        let ctx = pipeline::Context {
            schema: self.schema,
            reference: &reference,
            models: &models,
            config: self.config,
            memo: Some(&self.memo),
        };
        lap("reference, models and checks loaded");
        let (before, kept_queue) = match vouched {
            Some(v) => (v.flags, Some(v.queue)),
            None => (store::anomalies::flags(tx)?, None),
        };
        // First only the models the checks read: the rest wait for the
        // queue, whose flags decide which services count.
        let texts: Vec<&str> = checks.iter().map(|c| c.sql.as_str()).collect();
        let for_checks = pipeline::models::read_by(&models, &texts);
        let first = pipeline::run_only(&overlaid.returns, &ctx, &before, Some(&for_checks))?;
        lap("models the checks read run");
        let resubmissions = store::returns::resubmissions(tx)?;
        let findings = checks::run(
            &first.all,
            &overlaid.returns,
            &checks,
            &resubmissions,
            Some(&self.memo),
            self.notes.as_ref(),
        )?;
        lap("checks run");
        let reasons = CloseReasons {
            amended: &overlaid.amended,
            current: overlaid
                .returns
                .iter()
                .map(|r| (r.identity_key(), r.id))
                .collect(),
        };
        let queue = match kept_queue {
            Some(queue) => queue,
            None => store::anomalies::Queue::read(tx)?,
        };
        let keep = self.kept.is_some();
        let synced = store::anomalies::sync(tx, findings.iter(), &reasons, queue, keep)?;
        lap("queue synced");
        info!(
            created = synced.counts.created,
            reopened = synced.counts.reopened,
            closed = synced.counts.closed,
            "queue synced"
        );
        let after = synced.flags;
        let queue = keep.then_some(synced.queue);
        drop(findings);
        // The decoded returns are let go before the second pass, whose
        // models set the run's peak memory; it needs only their identities.
        let counts = PerKind::of(overlaid.returns.iter().map(|r| r.data.kind));
        let identities = pipeline::flagged_identities(&overlaid.returns);
        drop(reasons);
        drop(overlaid);
        // The models not yet run follow on the first pass's tables, with
        // the queue's flags; those it ran are run again only if they read
        // a table whose flags changed.
        // Each table the second pass gives is final, and is encoded for
        // the results while the models after it run.
        let encode = |table: &str, df: &polars::prelude::DataFrame| encoding.start(table, df);
        let out = pipeline::finish(&identities, &ctx, (&before, &after), first, Some(&encode))?;
        lap("models run with the queue's flags");
        Ok(Computed {
            tables: out.results,
            kinds: counts,
            queue,
            flags: after,
        })
    }
}

/// Why an anomaly that no longer fires went away.
struct CloseReasons<'a> {
    amended: &'a HashSet<String>,
    current: HashMap<&'a str, i64>,
}

impl store::anomalies::CloseReason for CloseReasons<'_> {
    fn reason(&self, identity: &str, return_id: Option<i64>) -> &'static str {
        if self.amended.contains(identity) {
            "amended"
        } else if return_id.is_some() && self.current.get(identity).copied() != return_id {
            "resubmitted"
        } else {
            "data changed"
        }
    }
}
