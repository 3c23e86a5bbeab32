//! Answers kept from one run to the next. A model or check is a pure
//! function of its SQL and the tables it reads, so when a query's text and
//! every table it names hold what they held when it last ran, its last
//! answer is its answer. The daemon keeps one memo for its life: a new
//! service return then re-runs the service models and checks, not the
//! survey's, the contracts' or the people's. A model run again whose table
//! comes out the same keeps its version, so what reads it is spared too.
//!
//! Tables are compared by content (values, nulls, names and types; floats
//! bit for bit), never by where they came from: a table that cannot be
//! shown to be the same is a new one, and what reads it runs.

use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard};

use polars::prelude::*;

/// Words in a query that make its answer depend on more than its tables
/// (the clock, chance): such a query is never answered from the memo.
const VOLATILE: &[&str] = &[
    "now",
    "today",
    "current_date",
    "current_time",
    "current_timestamp",
    "localtimestamp",
    "random",
    "rand",
    "uuid",
];

/// The memo: the last table seen under each name, with its version, and
/// each query's last answer with the versions it read.
#[derive(Default)]
pub struct Memo {
    state: Mutex<State>,
    plans: super::plans::Plans,
    /// Each kind's input tables, for a memo that lives over many runs (it
    /// would only hold a one-run memo's returns longer).
    frames: Option<super::kept_frames::KeptFrames>,
}

#[derive(Default)]
struct State {
    seen: HashMap<String, Seen>,
    answers: HashMap<String, Answer>,
    next: u64,
}

struct Seen {
    df: DataFrame,
    version: u64,
}

struct Answer {
    sql: String,
    read: Read,
    df: DataFrame,
}

/// The tables a query reads, by name, with the version of each it read.
pub type Read = Vec<(String, u64)>;

impl Memo {
    pub fn new() -> Memo {
        Memo::default()
    }

    /// A memo for many runs (a daemon's), which keeps the kinds' input
    /// tables too.
    pub fn long_lived() -> Memo {
        Memo {
            frames: Some(Default::default()),
            ..Memo::default()
        }
    }

    /// The kinds' input tables kept from the last run, if this memo keeps
    /// them.
    pub fn frames(&self) -> Option<&super::kept_frames::KeptFrames> {
        self.frames.as_ref()
    }

    /// The translated plans kept beside the answers: a query whose tables
    /// changed is run again, but not translated again.
    pub fn plans(&self) -> &super::plans::Plans {
        &self.plans
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        crate::kept::lock(&self.state)
    }

    /// The version of `df` as the table `name`: the version last given
    /// under that name when it holds the same, else a new one.
    pub fn version(&self, name: &str, df: &DataFrame) -> u64 {
        let mut state = self.lock();
        if let Some(seen) = state.seen.get_mut(name)
            && same_table(&seen.df, df)
        {
            // The newest copy, so the next look is by address.
            seen.df = df.clone();
            return seen.version;
        }
        state.next += 1;
        let version = state.next;
        state.seen.insert(
            name.to_string(),
            Seen {
                df: df.clone(),
                version,
            },
        );
        version
    }

    /// What a query of `tables` reads, with versions: the tables it names
    /// (as identifiers, in any case; see [`super::sql_names`]).
    pub fn read(&self, sql: &str, tables: &[(String, DataFrame)]) -> Option<Read> {
        let words = super::sql_names::names(sql);
        if VOLATILE.iter().any(|v| words.contains(*v)) {
            return None;
        }
        let mut read: Read = tables
            .iter()
            .filter(|(n, _)| super::sql_names::includes(&words, n))
            .map(|(n, df)| (n.clone(), self.version(n, df)))
            .collect();
        read.sort();
        Some(read)
    }

    /// The last answer to the query `key`, if it was the same text over
    /// the same tables.
    pub fn recall(&self, key: &str, sql: &str, read: &Read) -> Option<DataFrame> {
        let state = self.lock();
        let answer = state.answers.get(key)?;
        (answer.sql == sql && &answer.read == read).then(|| answer.df.clone())
    }

    /// Keep `df` as the answer to the query `key`.
    pub fn keep(&self, key: &str, sql: &str, read: Read, df: &DataFrame) {
        self.lock().answers.insert(
            key.to_string(),
            Answer {
                sql: sql.to_string(),
                read,
                df: df.clone(),
            },
        );
    }
}

/// Whether two tables hold the same: shape, column names and types, nulls
/// and values, floats bit for bit (so -0.0 is not 0.0 and NaN is NaN).
pub fn same_table(a: &DataFrame, b: &DataFrame) -> bool {
    a.shape() == b.shape()
        && a.columns()
            .iter()
            .zip(b.columns())
            .all(|(x, y)| x.name() == y.name() && x.dtype() == y.dtype() && same_column(x, y))
}

fn same_column(x: &Column, y: &Column) -> bool {
    let (xs, ys) = (x.as_materialized_series(), y.as_materialized_series());
    if std::sync::Arc::ptr_eq(&xs.0, &ys.0) {
        return true;
    }
    if let (Ok(a), Ok(b)) = (xs.f64(), ys.f64()) {
        return a
            .iter()
            .zip(b.iter())
            .all(|(p, q)| p.map(f64::to_bits) == q.map(f64::to_bits));
    }
    if let (Ok(a), Ok(b)) = (xs.f32(), ys.f32()) {
        return a
            .iter()
            .zip(b.iter())
            .all(|(p, q)| p.map(f32::to_bits) == q.map(f32::to_bits));
    }
    xs.null_count() == ys.null_count() && xs.equals_missing(ys)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn df(x: &[Option<f64>], s: &[&str]) -> DataFrame {
        DataFrame::new(
            x.len(),
            vec![Column::new("x".into(), x), Column::new("s".into(), s)],
        )
        .expect("frame")
    }

    #[test]
    fn a_table_keeps_its_version_while_it_holds_the_same() {
        let memo = Memo::new();
        let a = memo.version("t", &df(&[Some(1.0), None], &["a", "b"]));
        assert_eq!(a, memo.version("t", &df(&[Some(1.0), None], &["a", "b"])));
        let b = memo.version("t", &df(&[Some(1.0), Some(2.0)], &["a", "b"]));
        assert_ne!(a, b);
        assert_ne!(
            b,
            memo.version("t", &df(&[Some(1.0), Some(2.0)], &["a", "c"]))
        );
        assert_ne!(
            b,
            memo.version("u", &df(&[Some(1.0), Some(2.0)], &["a", "b"]))
        );
    }

    #[test]
    fn floats_are_compared_bit_for_bit_and_types_matter() {
        assert!(!same_table(
            &df(&[Some(0.0)], &["a"]),
            &df(&[Some(-0.0)], &["a"])
        ));
        assert!(same_table(
            &df(&[Some(f64::NAN)], &["a"]),
            &df(&[Some(f64::NAN)], &["a"])
        ));
        let ints = DataFrame::new(1, vec![Column::new("x".into(), [1i64])]).expect("frame");
        let floats = DataFrame::new(1, vec![Column::new("x".into(), [1.0f64])]).expect("frame");
        assert!(!same_table(&ints, &floats));
    }

    #[test]
    fn an_answer_is_recalled_only_for_the_same_text_over_the_same_tables() {
        let memo = Memo::new();
        let t = vec![
            ("Returns".to_string(), df(&[Some(1.0)], &["a"])),
            ("other".to_string(), df(&[Some(2.0)], &["b"])),
        ];
        let sql = "SELECT x FROM returns";
        let read = memo.read(sql, &t).expect("not volatile");
        assert_eq!(read.len(), 1, "only the table it names, in any case");
        let answer = df(&[Some(9.0)], &["z"]);
        memo.keep("model:m", sql, read.clone(), &answer);
        assert!(memo.recall("model:m", sql, &read).is_some());
        assert!(
            memo.recall("model:m", "SELECT x + 1 FROM returns", &read)
                .is_none()
        );
        let changed = vec![("Returns".to_string(), df(&[Some(3.0)], &["a"]))];
        let now = memo.read(sql, &changed).expect("not volatile");
        assert!(memo.recall("model:m", sql, &now).is_none());
        assert!(memo.read("SELECT CURRENT_DATE FROM returns", &t).is_none());
    }
}
