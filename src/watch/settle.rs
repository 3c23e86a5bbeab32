//! When is a file in the inbox complete? Pure logic, fed listings and a
//! clock, so it is tested without the file system or waiting.
//!
//! A file is ready once its size and modification time are the same at two
//! looks at least the settle window apart, and no Office lock file
//! (`~$name`) stands beside it. The modification time's age alone is not
//! enough: copy tools keep the original time of a file still being copied.

use std::collections::HashMap;
use std::time::{Duration, Instant, SystemTime};

/// One regular file in a listing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seen {
    pub name: String,
    pub size: u64,
    pub modified: SystemTime,
    /// An Office lock file `~$<name>` is beside it: still open in Excel.
    pub locked: bool,
}

#[derive(Debug)]
struct Observation {
    size: u64,
    modified: SystemTime,
    stable_since: Instant,
}

#[derive(Debug)]
pub struct Tracker {
    settle: Duration,
    unfinished: Duration,
    files: HashMap<String, Observation>,
    /// Files handed over that may still be there (unreadable, say): left
    /// alone until their size or time changes.
    taken: HashMap<String, (u64, SystemTime)>,
}

impl Tracker {
    /// `settle`: how long a file must stay the same before it is taken;
    /// `unfinished`: how long one that looks cut short must.
    pub fn new(settle: Duration, unfinished: Duration) -> Tracker {
        Tracker {
            settle,
            unfinished: unfinished.max(settle),
            files: HashMap::new(),
            taken: HashMap::new(),
        }
    }

    /// Record a listing taken at `now`; return the names ready to take, in
    /// listing order. Files gone from the listing are forgotten.
    ///
    /// `cut_short(name)` says whether a file's shape says it is unfinished
    /// (see [`super::complete`]); such a file waits the longer
    /// `unfinished` window. It is asked only of a file that has settled and
    /// is still inside that window, so a listing reads no file contents.
    pub fn observe(
        &mut self,
        listing: &[Seen],
        now: Instant,
        cut_short: &dyn Fn(&str) -> bool,
    ) -> Vec<String> {
        self.files
            .retain(|name, _| listing.iter().any(|s| &s.name == name));
        self.taken
            .retain(|name, _| listing.iter().any(|s| &s.name == name));
        let mut ready = Vec::new();
        for s in listing {
            if self.taken.get(&s.name) == Some(&(s.size, s.modified)) {
                continue;
            }
            self.taken.remove(&s.name);
            let obs = self.files.entry(s.name.clone()).or_insert(Observation {
                size: s.size,
                modified: s.modified,
                stable_since: now,
            });
            if obs.size != s.size || obs.modified != s.modified {
                *obs = Observation {
                    size: s.size,
                    modified: s.modified,
                    stable_since: now,
                };
            }
            let stable = now.duration_since(obs.stable_since);
            if !s.locked
                && stable >= self.settle
                && (stable >= self.unfinished || !cut_short(&s.name))
            {
                ready.push(s.name.clone());
            }
        }
        ready
    }

    /// Files seen and not yet taken: the caller should look again soon.
    pub fn pending(&self) -> bool {
        !self.files.is_empty()
    }

    /// Files handed to a run. Normally they leave the inbox; one still
    /// there unchanged next time is not offered again until it changes.
    pub fn taken(&mut self, names: &[String]) {
        for n in names {
            if let Some(o) = self.files.remove(n) {
                self.taken.insert(n.clone(), (o.size, o.modified));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every file looks whole.
    fn whole(_: &str) -> bool {
        false
    }

    fn seen(name: &str, size: u64, secs: u64) -> Seen {
        Seen {
            name: name.into(),
            size,
            modified: SystemTime::UNIX_EPOCH + Duration::from_secs(secs),
            locked: false,
        }
    }

    #[test]
    fn a_file_is_ready_after_two_stable_looks() {
        let mut t = Tracker::new(Duration::from_millis(500), Duration::from_secs(30));
        let t0 = Instant::now();
        assert!(
            t.observe(&[seen("a.xlsx", 10, 1)], t0, &whole).is_empty(),
            "first look"
        );
        assert!(
            t.observe(
                &[seen("a.xlsx", 10, 1)],
                t0 + Duration::from_millis(200),
                &whole
            )
            .is_empty(),
            "too soon"
        );
        assert_eq!(
            t.observe(
                &[seen("a.xlsx", 10, 1)],
                t0 + Duration::from_millis(500),
                &whole
            ),
            ["a.xlsx"]
        );
    }

    #[test]
    fn a_growing_file_waits() {
        let mut t = Tracker::new(Duration::from_millis(500), Duration::from_secs(30));
        let t0 = Instant::now();
        t.observe(&[seen("a.xlsx", 10, 1)], t0, &whole);
        // The second half arrives: the clock starts again.
        assert!(
            t.observe(
                &[seen("a.xlsx", 20, 2)],
                t0 + Duration::from_millis(600),
                &whole
            )
            .is_empty()
        );
        assert!(
            t.observe(
                &[seen("a.xlsx", 20, 2)],
                t0 + Duration::from_millis(900),
                &whole
            )
            .is_empty()
        );
        assert_eq!(
            t.observe(
                &[seen("a.xlsx", 20, 2)],
                t0 + Duration::from_millis(1100),
                &whole
            ),
            ["a.xlsx"]
        );
    }

    #[test]
    fn an_open_workbook_waits_for_excel_to_close_it() {
        let mut t = Tracker::new(Duration::from_millis(100), Duration::from_secs(30));
        let t0 = Instant::now();
        let mut s = seen("a.xlsx", 10, 1);
        s.locked = true;
        t.observe(std::slice::from_ref(&s), t0, &whole);
        assert!(
            t.observe(
                std::slice::from_ref(&s),
                t0 + Duration::from_secs(5),
                &whole
            )
            .is_empty()
        );
        s.locked = false;
        assert_eq!(
            t.observe(&[s], t0 + Duration::from_secs(6), &whole),
            ["a.xlsx"]
        );
    }

    #[test]
    fn a_file_left_behind_is_not_offered_again_until_it_changes() {
        let mut t = Tracker::new(Duration::from_millis(100), Duration::from_secs(30));
        let t0 = Instant::now();
        t.observe(&[seen("a.xlsx", 10, 1)], t0, &whole);
        let ready = t.observe(
            &[seen("a.xlsx", 10, 1)],
            t0 + Duration::from_millis(100),
            &whole,
        );
        t.taken(&ready);
        assert!(
            t.observe(
                &[seen("a.xlsx", 10, 1)],
                t0 + Duration::from_secs(9),
                &whole
            )
            .is_empty()
        );
        assert!(!t.pending());
        // Saved again: offered once settled.
        t.observe(
            &[seen("a.xlsx", 12, 2)],
            t0 + Duration::from_secs(10),
            &whole,
        );
        assert_eq!(
            t.observe(
                &[seen("a.xlsx", 12, 2)],
                t0 + Duration::from_secs(11),
                &whole
            ),
            ["a.xlsx"]
        );
    }

    #[test]
    fn a_file_cut_short_waits_the_longer_window() {
        let mut t = Tracker::new(Duration::from_millis(500), Duration::from_secs(30));
        let t0 = Instant::now();
        let s = seen("a.csv", 10, 1);
        let short = |_: &str| true;
        t.observe(std::slice::from_ref(&s), t0, &short);
        assert!(
            t.observe(
                std::slice::from_ref(&s),
                t0 + Duration::from_secs(5),
                &short
            )
            .is_empty(),
            "a slow writer's pause is not the end of the file"
        );
        // Left like that for the whole window: taken (and judged by reading).
        assert_eq!(
            t.observe(
                std::slice::from_ref(&s),
                t0 + Duration::from_secs(30),
                &short
            ),
            ["a.csv"]
        );
    }

    #[test]
    fn vanished_files_are_forgotten() {
        let mut t = Tracker::new(Duration::from_millis(100), Duration::from_secs(30));
        let t0 = Instant::now();
        t.observe(&[seen("a.xlsx", 10, 1)], t0, &whole);
        t.observe(&[], t0 + Duration::from_millis(50), &whole);
        assert!(!t.pending());
        // Back again: a new first look.
        assert!(
            t.observe(
                &[seen("a.xlsx", 10, 1)],
                t0 + Duration::from_millis(200),
                &whole
            )
            .is_empty()
        );
    }
}
