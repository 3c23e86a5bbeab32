//! Several SQL queries over one set of tables at once, on query threads
//! kept for the process's life, two per core: the checks, or the models
//! as they become ready ([`super::flow`]), are independent queries over
//! small tables, where polars itself keeps mostly to one thread.

use std::panic::AssertUnwindSafe;
use std::sync::mpsc;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use polars::prelude::*;
use polars::sql::SQLContext;

use super::flow::Flow;
use super::memo::Memo;
use super::plans::{Plans, Scans};

/// The stack of a query thread: as the main thread's, and then some.
const QUERY_STACK: usize = 64 * 1024 * 1024;

/// One query for a query thread, with its answer's way back.
pub(super) type Job = Box<dyn FnOnce() + Send + 'static>;

/// The query threads: two a core (at most four), started with the first
/// query and kept for the process's life. A query is planned on its own
/// thread and executed mostly on polars' pool, so one query's planning
/// overlaps another's execution (on two cores, four threads took a new
/// return's run from about 121 to 113 ms against two). Kept, not started
/// for each set of queries: a thread's end handed its allocator's pages
/// back and its start faulted in a new stack, several milliseconds of a
/// daemon's run (docs/PERFORMANCE.md).
pub(super) struct QueryThreads {
    jobs: mpsc::Sender<Job>,
}

impl QueryThreads {
    /// The process's query threads; `None` when not one could be started.
    fn get() -> Option<&'static QueryThreads> {
        static THREADS: OnceLock<Option<QueryThreads>> = OnceLock::new();
        THREADS.get_or_init(QueryThreads::start).as_ref()
    }

    /// Hand `job` to a query thread; given back if there is none.
    pub(super) fn send(job: Job) -> Result<(), Job> {
        match QueryThreads::get() {
            Some(threads) => threads.jobs.send(job).map_err(|e| e.0),
            None => Err(job),
        }
    }

    fn start() -> Option<QueryThreads> {
        let count = std::thread::available_parallelism()
            .map_or(2, |p| p.get() * 2)
            .clamp(1, 4);
        let (jobs, waiting) = mpsc::channel::<Job>();
        let waiting = Arc::new(Mutex::new(waiting));
        let mut started = 0;
        for _ in 0..count {
            let waiting = Arc::clone(&waiting);
            // Planning a long query recurses deeply (in a debug build
            // beyond a spawned thread's usual 2 MiB).
            let spawned = std::thread::Builder::new()
                .name("query".into())
                .stack_size(QUERY_STACK)
                .spawn(move || {
                    loop {
                        let job = crate::kept::lock(&waiting).recv();
                        let Ok(job) = job else { break };
                        // A job answers its own panic with an error
                        // (super::flow); this only keeps the thread going
                        // should one not.
                        let _ = std::panic::catch_unwind(AssertUnwindSafe(job));
                    }
                });
            started += usize::from(spawned.is_ok());
        }
        (started > 0).then_some(QueryThreads { jobs })
    }
}

/// One query of [`collect_remembered`]: the key its answer is kept under,
/// and its text.
pub struct Query<'a> {
    pub key: String,
    pub sql: &'a str,
}

/// An answer of [`collect_remembered`]: the table (or error), how long it
/// took, and whether it came from the memo.
pub struct Answer {
    pub df: PolarsResult<DataFrame>,
    pub took: Duration,
    pub remembered: bool,
}

/// Run each query over `tables` on the query threads, answering from
/// `memo` each query whose text and tables are as when it last ran, and
/// keeping the new answers there. Gives each query's table, or its error,
/// in the order of `queries`.
pub fn collect_remembered(
    memo: Option<&Memo>,
    tables: &[(String, DataFrame)],
    queries: &[Query<'_>],
) -> Vec<Answer> {
    collect_remembered_while(memo, tables, queries, || ()).0
}

/// As [`collect_remembered`], the caller's thread doing `meanwhile` while
/// the queries run.
pub fn collect_remembered_while<R>(
    memo: Option<&Memo>,
    tables: &[(String, DataFrame)],
    queries: &[Query<'_>],
    meanwhile: impl FnOnce() -> R,
) -> (Vec<Answer>, R) {
    let mut flow = Flow::new(memo, tables);
    let mut answers: Vec<Option<Answer>> = queries
        .iter()
        .enumerate()
        .map(|(i, q)| flow.ask(i, q, tables))
        .collect();
    let done = meanwhile();
    while let Some((i, answer)) = flow.next() {
        if let Some(slot) = answers.get_mut(i) {
            *slot = Some(answer);
        }
    }
    let answers = answers
        .into_iter()
        .map(|a| {
            a.unwrap_or_else(|| Answer {
                df: Err(PolarsError::ComputeError("no answer was given".into())),
                took: Duration::ZERO,
                remembered: false,
            })
        })
        .collect();
    (answers, done)
}

/// One query's table: its kept plan run, or its text translated over a
/// context of its own on `scans`' tables and run (the plan kept).
pub(super) fn collect_one(
    sql: &str,
    scans: &Scans,
    plans: Option<&Plans>,
) -> (PolarsResult<DataFrame>, Duration) {
    let started = Instant::now();
    let translate = || context(scans).execute(sql);
    let lf = match plans {
        Some(plans) => match plans.recall(sql, scans) {
            Some(lf) => Ok(lf),
            None => translate().inspect(|lf| plans.keep(sql, lf, scans)),
        },
        None => translate(),
    };
    (lf.and_then(LazyFrame::collect), started.elapsed())
}

/// A context of its own over `scans`' tables. Never a clone of one that
/// is still being added to: clones share their tables behind one lock,
/// which polars' SQL reads twice over while translating, and a table
/// added in between (a write waiting) would leave the reader waiting on
/// itself.
fn context(scans: &Scans) -> SQLContext {
    let ctx = SQLContext::new();
    for (name, lf) in scans.frames() {
        ctx.register(name, lf);
    }
    ctx
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_come_back_in_the_order_asked() -> PolarsResult<()> {
        let df = DataFrame::new(3, vec![Column::new("x".into(), [1i64, 2, 3])])?;
        let tables = vec![("t".to_string(), df)];
        let ask = |sql: &[String]| {
            let queries: Vec<Query<'_>> = sql
                .iter()
                .map(|q| Query {
                    key: q.clone(),
                    sql: q,
                })
                .collect();
            collect_remembered(None, &tables, &queries)
        };
        let queries: Vec<String> = (0..9)
            .map(|i| format!("SELECT x + {i} AS y FROM t"))
            .collect();
        let answers = ask(&queries);
        for (i, answer) in answers.into_iter().enumerate() {
            let first = answer.df?.column("y")?.i64()?.get(0);
            assert_eq!(first, Some(1 + i as i64));
        }
        let bad = ask(&["SELECT nope FROM t".into(), "SELECT x FROM t".into()]);
        assert!(bad[0].df.is_err() && bad[1].df.is_ok());
        Ok(())
    }
}
