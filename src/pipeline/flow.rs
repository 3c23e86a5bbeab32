//! Queries asked as soon as the tables they read are there. A model's
//! answer becomes a table of the flow the moment it comes back, so a model
//! runs once the models it reads have run, not once every model of their
//! dependency level has: the query threads are not left idle behind the
//! slowest query of a level.

use std::collections::HashMap;
use std::panic::AssertUnwindSafe;
use std::sync::{Arc, mpsc};
use std::time::{Duration, Instant};

use polars::prelude::*;

use super::memo::{Memo, Read};
use super::parallel::{Answer, Job, Query, QueryThreads, collect_one};
use super::plans::Scans;

type Got = (usize, (PolarsResult<DataFrame>, Duration));

/// The tables so far, and the queries asked of them not yet answered.
pub struct Flow<'m> {
    memo: Option<&'m Memo>,
    scans: Scans,
    answer: mpsc::Sender<Got>,
    answers: mpsc::Receiver<Got>,
    /// Each query sent off: its key and text, and the tables it read, to
    /// keep its answer under.
    sent: HashMap<usize, (String, String, Option<Read>)>,
}

impl<'m> Flow<'m> {
    /// A flow over `tables`, answering from `memo` where it can.
    pub fn new(memo: Option<&'m Memo>, tables: &[(String, DataFrame)]) -> Flow<'m> {
        let scans = Scans::new(tables);
        let (answer, answers) = mpsc::channel();
        Flow {
            memo,
            scans,
            answer,
            answers,
            sent: HashMap::new(),
        }
    }

    /// A table for the queries asked from now on (a query's answer).
    pub fn add(&mut self, name: &str, df: &DataFrame) {
        self.scans.add(name, df);
    }

    /// Ask query `id` of `tables` (the flow's tables, as the memo is to
    /// compare them): its answer at once when the memo holds it, else
    /// `None`, and [`Flow::next`] gives it when it comes.
    pub fn ask(
        &mut self,
        id: usize,
        q: &Query<'_>,
        tables: &[(String, DataFrame)],
    ) -> Option<Answer> {
        let started = Instant::now();
        let read = self.memo.and_then(|m| m.read(q.sql, tables));
        if let (Some(memo), Some(read)) = (self.memo, &read)
            && let Some(df) = memo.recall(&q.key, q.sql, read)
        {
            return Some(Answer {
                df: Ok(df),
                took: started.elapsed(),
                remembered: true,
            });
        }
        self.sent
            .insert(id, (q.key.clone(), q.sql.to_string(), read));
        let scans = Arc::new(self.scans.clone());
        let plans = self.memo.map(|m| m.plans().clone());
        let (sql, answer) = (q.sql.to_string(), self.answer.clone());
        let job: Job = Box::new(move || {
            // A query that panics is answered all the same: the flow
            // waits for every answer.
            let got = std::panic::catch_unwind(AssertUnwindSafe(|| {
                collect_one(&sql, &scans, plans.as_ref())
            }))
            .unwrap_or_else(|_| {
                let panicked = PolarsError::ComputeError("the query panicked".into());
                (Err(panicked), Duration::ZERO)
            });
            let _ = answer.send((id, got));
        });
        if let Err(job) = QueryThreads::send(job) {
            // No query thread could be started: asked here.
            job();
        }
        None
    }

    /// The next answer of a query sent off (and kept in the memo), with
    /// its id; `None` when none is awaited.
    pub fn next(&mut self) -> Option<(usize, Answer)> {
        if self.sent.is_empty() {
            return None;
        }
        // Never disconnected: the flow holds a sender itself.
        let (id, (df, took)) = self.answers.recv().ok()?;
        if let Some((key, sql, read)) = self.sent.remove(&id)
            && let (Some(memo), Ok(df), Some(read)) = (self.memo, &df, read)
        {
            memo.keep(&key, &sql, read, df);
        }
        Some((
            id,
            Answer {
                df,
                took,
                remembered: false,
            },
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn query<'a>(key: &str, sql: &'a str) -> Query<'a> {
        Query {
            key: key.to_string(),
            sql,
        }
    }

    /// An answer becomes a table the next query reads; asked again over
    /// the same tables, the memo answers at once.
    #[test]
    fn answers_become_tables_and_are_remembered() -> PolarsResult<()> {
        let memo = Memo::new();
        let t = DataFrame::new(3, vec![Column::new("x".into(), [1i64, 2, 3])])?;
        let mut tables = vec![("t".to_string(), t)];
        let first = query("a", "SELECT x * 10 AS y FROM t");
        let second = query("b", "SELECT SUM(y) AS s FROM a");
        for round in 0..2 {
            tables.truncate(1);
            let mut flow = Flow::new(Some(&memo), &tables);
            let a = match flow.ask(0, &first, &tables) {
                Some(answer) => answer,
                None => flow.next().map(|(_, answer)| answer).expect("an answer"),
            };
            assert_eq!(a.remembered, round == 1);
            let a = a.df?;
            flow.add("a", &a);
            tables.push(("a".to_string(), a));
            let b = match flow.ask(1, &second, &tables) {
                Some(answer) => answer,
                None => {
                    let (id, answer) = flow.next().expect("an answer");
                    assert_eq!(id, 1);
                    answer
                }
            };
            assert_eq!(b.df?.column("s")?.i64()?.get(0), Some(60));
            assert!(flow.next().is_none(), "nothing more awaited");
        }
        let bad = query("c", "SELECT nope FROM t");
        let mut flow = Flow::new(None, &tables);
        assert!(flow.ask(2, &bad, &tables).is_none());
        let (_, answer) = flow.next().expect("an answer");
        assert!(answer.df.is_err());
        Ok(())
    }
}
