//! Each kind's input tables kept from one run to the next, for a daemon.
//! A kind's tables are a function of what its [`FrameInputs`] hold: the
//! current returns of the kinds it reads, the schema and the reference
//! data. When all three are what they were at the last build, the last
//! tables are its tables; a new service return then builds the service
//! tables again, not the survey's, the contracts' or the people's.
//!
//! Returns are told apart by the decoded copy they share with the daemon's
//! kept returns (the same allocation, held here so it cannot be reused),
//! and by where they came from; an amended return is a new copy.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use polars::prelude::PolarsResult;

use crate::ingest::{ReturnKind, Schema, StoredReturn};
use crate::kinds::{FrameInputs, Frames, KindSpec};

#[derive(Default)]
pub struct KeptFrames {
    by_kind: Mutex<HashMap<ReturnKind, Built>>,
}

/// One kind's tables with what they were built from.
struct Built {
    returns: Vec<StoredReturn>,
    /// The schema's address: the schema is compared by address alone.
    schema: usize,
    reference: [u8; 32],
    frames: Frames,
}

/// How a kind's tables for a run came about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reuse {
    /// Built from nothing.
    Built,
    /// The rows of new returns built, the others' kept
    /// ([`super::kept_rows`]).
    NewRows,
    /// Only the tables that follow other kinds' returns built, the
    /// kind's own returns being the same ([`crate::kinds::Follows`]).
    Followed,
    /// The last tables, unchanged.
    Kept,
}

impl KeptFrames {
    /// `kind`'s tables from `inputs`: the kept ones if they were built from
    /// the same, else brought up to date or built now (and kept).
    pub fn tables(&self, kind: &KindSpec, inputs: &FrameInputs) -> PolarsResult<(Frames, Reuse)> {
        let reference = inputs.reference.fingerprint();
        let schema = std::ptr::from_ref::<Schema>(inputs.schema) as usize;
        let mut by_kind = crate::kept::lock(&self.by_kind);
        let mut merged = None;
        if let Some(b) = by_kind.get(&kind.kind)
            && b.schema == schema
            && b.reference == reference
        {
            if same_returns(&b.returns, &inputs.returns) {
                return Ok((b.frames.clone(), Reuse::Kept));
            }
            merged = match followed(kind, inputs, b)? {
                Some(frames) => Some((frames, Reuse::Followed)),
                None => super::kept_rows::merged(kind, inputs, &b.returns, &b.frames, same_return)?
                    .map(|frames| (frames, Reuse::NewRows)),
            };
        }
        by_kind.remove(&kind.kind);
        let (frames, reuse) = match merged {
            Some(done) => done,
            None => ((kind.frames)(inputs)?, Reuse::Built),
        };
        by_kind.insert(
            kind.kind,
            Built {
                returns: inputs.returns.iter().map(|r| (*r).clone()).collect(),
                schema,
                reference,
                frames: frames.clone(),
            },
        );
        Ok((frames, reuse))
    }
}

/// When `kind`'s own returns are those `kept` was built from (only the
/// other kinds' it follows changed): the kept tables with just those that
/// follow the others built again.
fn followed(kind: &KindSpec, inputs: &FrameInputs, kept: &Built) -> PolarsResult<Option<Frames>> {
    let Some(follows) = kind.follows else {
        return Ok(None);
    };
    let own = kept.returns.iter().filter(|r| r.data.kind == kind.kind);
    if !same_returns(own, &inputs.of_kind(kind.kind)) {
        return Ok(None);
    }
    let mut fresh = (follows.frames)(inputs)?;
    let mut frames = kept.frames.clone();
    for (name, df) in &mut frames {
        if let Some(i) = fresh.iter().position(|(n, _)| n == name) {
            *df = fresh.swap_remove(i).1;
        }
    }
    Ok(Some(frames))
}

/// The same returns in the same order: the same decoded copies, from the
/// same rows and files.
fn same_returns<'a>(
    kept: impl IntoIterator<Item = &'a StoredReturn>,
    now: &[&StoredReturn],
) -> bool {
    let mut kept = kept.into_iter();
    now.iter()
        .all(|b| kept.next().is_some_and(|a| same_return(a, b)))
        && kept.next().is_none()
}

/// The same decoded copy, from the same row and file.
fn same_return(a: &StoredReturn, b: &StoredReturn) -> bool {
    a.id == b.id
        && a.file_id == b.file_id
        && Arc::ptr_eq(&a.data, &b.data)
        && Arc::ptr_eq(&a.keys, &b.keys)
        && a.source_file == b.source_file
        && a.received_at == b.received_at
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kinds::naming::held;
    use crate::kinds::spec;
    use crate::reference::Reference;

    fn stored(id: i64, kind: &str) -> StoredReturn {
        let json = format!(
            r#"{{"kind":"{kind}","layout":"Template","location":"row {id}","values":{{}},"notes":[],"extras":{{}}}}"#
        );
        held(id, serde_json::from_str(&json).expect("a return"), "csv")
    }

    fn built(kept: &KeptFrames, returns: &[StoredReturn], reference: &Reference) -> bool {
        let kind = spec(ReturnKind::Service);
        let inputs = FrameInputs::of(kind, returns, Schema::builtin(), reference);
        kept.tables(kind, &inputs).expect("tables").1 == Reuse::Kept
    }

    #[test]
    fn a_kinds_tables_are_kept_only_while_what_they_read_is_unchanged() {
        let reference = Reference::builtin().expect("reference");
        let kept = KeptFrames::default();
        let mut returns = vec![stored(1, "service"), stored(2, "service")];
        assert!(!built(&kept, &returns, &reference), "built the first time");
        assert!(
            built(&kept, &returns, &reference),
            "kept when nothing changed"
        );
        // Another kind's return is not what the service tables read.
        returns.push(stored(3, "commissioner"));
        assert!(built(&kept, &returns, &reference));
        // The same content decoded again (or amended) is another copy.
        returns[0] = stored(1, "service");
        assert!(!built(&kept, &returns, &reference));
        assert!(built(&kept, &returns, &reference));
        // The same copy from another file.
        returns[1].source_file = "other.csv".into();
        assert!(!built(&kept, &returns, &reference));
        // A return of the kind added.
        returns.push(stored(4, "service"));
        assert!(!built(&kept, &returns, &reference));
    }

    /// A new service return builds again only the person tables that
    /// follow the services, and they come out as a build from nothing.
    #[test]
    fn only_the_tables_that_follow_other_kinds_are_built_again() {
        let reference = Reference::builtin().expect("reference");
        let kind = spec(ReturnKind::Person);
        let kept = KeptFrames::default();
        let person = |id: i64, site: &str, who: &str| {
            let json = format!(
                r#"{{"kind":"person","layout":"Template","location":"row {id}","values":{{"site":{{"state":"text","value":"{site}"}},"person_id":{{"state":"text","value":"{who}"}},"cohort":{{"state":"text","value":"jobs_first"}},"collection":{{"state":"text","value":"baseline"}},"gender":{{"state":"text","value":"male"}}}},"notes":[],"extras":{{}}}}"#
            );
            held(id, serde_json::from_str(&json).expect("a return"), "xlsx")
        };
        let mut returns = vec![
            person(1, "Leeds", "a"),
            stored(2, "service"),
            person(3, "York", "b"),
        ];
        let tables = |returns: &[StoredReturn]| {
            let inputs = FrameInputs::of(kind, returns, Schema::builtin(), &reference);
            let (frames, reuse) = kept.tables(kind, &inputs).expect("tables");
            let fresh = (kind.frames)(&inputs).expect("tables");
            assert_eq!(frames.len(), fresh.len());
            for ((n, a), (m, b)) in frames.iter().zip(&fresh) {
                assert_eq!(n, m);
                assert!(a.equals_missing(b), "{n} as built from nothing");
            }
            reuse
        };
        assert_eq!(tables(&returns), Reuse::Built);
        returns.push(stored(4, "service"));
        assert_eq!(tables(&returns), Reuse::Followed);
        returns.push(stored(5, "commissioner"));
        returns.swap(0, 2);
        assert_eq!(tables(&returns), Reuse::Built, "the people reordered");
        returns.push(person(6, "Leeds", "c"));
        assert_eq!(tables(&returns), Reuse::Built);
        assert_eq!(tables(&returns), Reuse::Kept);
    }

    #[test]
    fn other_reference_data_builds_the_tables_again() {
        let dir = tempfile::tempdir().expect("tempdir");
        let builtin = Reference::builtin().expect("reference");
        let same = Reference::load(Some(dir.path())).expect("reference");
        std::fs::create_dir(dir.path().join("reference")).expect("mkdir");
        std::fs::write(
            dir.path().join("reference/expected.csv"),
            "site,cohort,collection,expected\n",
        )
        .expect("write");
        let other = Reference::load(Some(dir.path())).expect("reference");
        assert_eq!(builtin.fingerprint(), same.fingerprint());
        let kept = KeptFrames::default();
        let returns = vec![stored(1, "service")];
        assert!(!built(&kept, &returns, &builtin));
        assert!(built(&kept, &returns, &same), "the same data loaded again");
        // What a run is handed: clones sharing the kept decoded copies.
        let again = returns.clone();
        assert!(built(&kept, &again, &same), "the same copies");
        assert_ne!(other.fingerprint(), builtin.fingerprint());
        assert!(!built(&kept, &again, &other));
    }
}
