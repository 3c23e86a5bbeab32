//! Amendments laid over the returns before anything is computed. The
//! stored return (and the archived file) are never changed.

use std::collections::{HashMap, HashSet};

use crate::ingest::Value;
use crate::store::StoredReturn;
use crate::store::amendments::Amendment;

pub struct Overlaid {
    pub returns: Vec<StoredReturn>,
    /// Amendments whose original value a resubmission changed.
    pub superseded: Vec<i64>,
    /// Identities with an amendment applied this run.
    pub amended: HashSet<String>,
}

pub fn apply(mut returns: Vec<StoredReturn>, amendments: &[Amendment]) -> Overlaid {
    let mut superseded = Vec::new();
    let mut amended = HashSet::new();
    if amendments.is_empty() {
        return Overlaid {
            returns,
            superseded,
            amended,
        };
    }
    let index: HashMap<String, usize> = returns
        .iter()
        .enumerate()
        .map(|(i, r)| (r.identity_key().to_string(), i))
        .collect();
    for a in amendments {
        let Some(&i) = index.get(&a.identity) else {
            continue;
        };
        let r = &mut returns[i];
        if *r.data.value(&a.field) == a.old_value {
            crate::kinds::naming::amend(r, |data| {
                data.values
                    .insert(a.field.clone(), Value::Number(a.new_value));
            });
            amended.insert(a.identity.clone());
        } else {
            // The site resubmitted a different figure: theirs wins.
            superseded.push(a.id);
        }
    }
    Overlaid {
        returns,
        superseded,
        amended,
    }
}
