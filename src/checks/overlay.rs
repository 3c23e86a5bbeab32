//! Amendments laid over the returns before anything is computed. The
//! stored return (and the archived file) are never changed.

use std::collections::{HashMap, HashSet};

use crate::ingest::Value;
use crate::kinds::Named;
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
    let index: HashMap<String, usize> = returns
        .iter()
        .enumerate()
        .map(|(i, r)| (r.data.identity_key(), i))
        .collect();
    let mut superseded = Vec::new();
    let mut amended = HashSet::new();
    for a in amendments {
        let Some(&i) = index.get(&a.identity) else {
            continue;
        };
        let data = &mut returns[i].data;
        if *data.value(&a.field) == a.old_value {
            std::sync::Arc::make_mut(data)
                .values
                .insert(a.field.clone(), Value::Number(a.new_value));
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
