//! Several SQL queries over one set of tables at once, two per core: the
//! models of one dependency level, or the checks, are independent queries
//! over small tables, where polars itself keeps mostly to one thread.

use std::panic::AssertUnwindSafe;
use std::sync::mpsc;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use polars::prelude::*;
use polars::sql::SQLContext;

use super::memo::{Memo, Read};
use super::plans::{Plans, Scans};

/// The stack of a query thread: as the main thread's, and then some.
const QUERY_STACK: usize = 64 * 1024 * 1024;

/// Run each query over `ctx`'s tables on the query threads. Gives each
/// query's table, or its error, and how long it took, in the order of
/// `queries`.
pub fn collect_each(
    ctx: &SQLContext,
    queries: &[&str],
) -> Vec<(PolarsResult<DataFrame>, Duration)> {
    collect_planned(ctx, queries, None, || ()).0
}

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
                        // A query that panics sends no answer, which its
                        // caller reports; the thread goes on.
                        let _ = std::panic::catch_unwind(AssertUnwindSafe(job));
                    }
                });
            started += usize::from(spawned.is_ok());
        }
        (started > 0).then_some(QueryThreads { jobs })
    }
}

/// As [`collect_each`], taking each query's plan from `plans` where one
/// is kept for the tables of `scans` (which `ctx` holds), and keeping the
/// plans it translates; the caller's thread does `meanwhile` while the
/// queries run.
fn collect_planned<R>(
    ctx: &SQLContext,
    queries: &[&str],
    plans: Option<(&Plans, &Arc<Scans>)>,
    meanwhile: impl FnOnce() -> R,
) -> (Vec<(PolarsResult<DataFrame>, Duration)>, R) {
    let Some(threads) = QueryThreads::get() else {
        // No thread could be started: ask here.
        let done = meanwhile();
        let answers = queries
            .iter()
            .map(|q| collect_one(|| ctx.clone(), q, plans))
            .collect();
        return (answers, done);
    };
    let ctx = Arc::new(ctx.clone());
    let (answer, answers) = mpsc::channel();
    for (i, q) in queries.iter().enumerate() {
        let (ctx, sql, answer) = (Arc::clone(&ctx), q.to_string(), answer.clone());
        let plans = plans.map(|(p, s)| (p.clone(), Arc::clone(s)));
        let job: Job = Box::new(move || {
            // Translating needs a context of its own (sharing the tables,
            // which nothing registers while these queries run).
            let got = collect_one(|| (*ctx).clone(), &sql, plans.as_ref().map(|(p, s)| (p, s)));
            // The caller waits for every answer; it is gone only if it
            // panicked itself.
            let _ = answer.send((i, got));
        });
        if threads.jobs.send(job).is_err() {
            break;
        }
    }
    drop(answer);
    let done = meanwhile();
    let mut out: Vec<Option<(PolarsResult<DataFrame>, Duration)>> =
        (0..queries.len()).map(|_| None).collect();
    for (i, got) in answers {
        if let Some(slot) = out.get_mut(i) {
            *slot = Some(got);
        }
    }
    let answers = out
        .into_iter()
        .map(|r| {
            r.unwrap_or_else(|| {
                (
                    Err(PolarsError::ComputeError(
                        "the query's thread panicked".into(),
                    )),
                    Duration::ZERO,
                )
            })
        })
        .collect();
    (answers, done)
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

/// As [`collect_each`] over `tables`, answering from `memo` each query
/// whose text and tables are as when it last ran, and keeping the new
/// answers there.
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
    let scans = Arc::new(Scans::new(tables));
    let ctx = &SQLContext::new();
    for (name, lf) in scans.frames() {
        ctx.register(name, lf);
    }
    let Some(memo) = memo else {
        let texts: Vec<&str> = queries.iter().map(|q| q.sql).collect();
        let (answers, done) = collect_planned(ctx, &texts, None, meanwhile);
        let answers = answers
            .into_iter()
            .map(|(df, took)| Answer {
                df,
                took,
                remembered: false,
            })
            .collect();
        return (answers, done);
    };
    let reads: Vec<Option<Read>> = queries.iter().map(|q| memo.read(q.sql, tables)).collect();
    let mut answers: Vec<Option<Answer>> = queries
        .iter()
        .zip(&reads)
        .map(|(q, read)| {
            let started = Instant::now();
            let df = memo.recall(&q.key, q.sql, read.as_ref()?)?;
            Some(Answer {
                df: Ok(df),
                took: started.elapsed(),
                remembered: true,
            })
        })
        .collect();
    let missing: Vec<usize> = (0..queries.len())
        .filter(|i| answers[*i].is_none())
        .collect();
    let texts: Vec<&str> = missing.iter().map(|i| queries[*i].sql).collect();
    let (planned, done) = collect_planned(ctx, &texts, Some((memo.plans(), &scans)), meanwhile);
    for (i, (df, took)) in missing.into_iter().zip(planned) {
        if let (Ok(df), Some(read)) = (&df, reads[i].clone()) {
            memo.keep(&queries[i].key, queries[i].sql, read, df);
        }
        answers[i] = Some(Answer {
            df,
            took,
            remembered: false,
        });
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

/// One query's table: its kept plan run, or its text translated in the
/// context `ctx` gives (only then asked for) and run.
pub(super) fn collect_one(
    ctx: impl FnOnce() -> SQLContext,
    sql: &str,
    plans: Option<(&Plans, &Arc<Scans>)>,
) -> (PolarsResult<DataFrame>, Duration) {
    let started = Instant::now();
    let translate = || ctx().execute(sql);
    let lf = match plans {
        Some((plans, scans)) => match plans.recall(sql, scans) {
            Some(lf) => Ok(lf),
            None => translate().inspect(|lf| plans.keep(sql, lf, scans)),
        },
        None => translate(),
    };
    (lf.and_then(LazyFrame::collect), started.elapsed())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_come_back_in_the_order_asked() -> PolarsResult<()> {
        let ctx = SQLContext::new();
        let df = DataFrame::new(3, vec![Column::new("x".into(), [1i64, 2, 3])])?;
        ctx.register("t", df.lazy());
        let queries: Vec<String> = (0..9)
            .map(|i| format!("SELECT x + {i} AS y FROM t"))
            .collect();
        let refs: Vec<&str> = queries.iter().map(String::as_str).collect();
        let answers = collect_each(&ctx, &refs);
        for (i, (df, _)) in answers.into_iter().enumerate() {
            let first = df?.column("y")?.i64()?.get(0);
            assert_eq!(first, Some(1 + i as i64));
        }
        let bad = collect_each(&ctx, &["SELECT nope FROM t", "SELECT x FROM t"]);
        assert!(bad[0].0.is_err() && bad[1].0.is_ok());
        Ok(())
    }
}
