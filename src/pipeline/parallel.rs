//! Several SQL queries over one set of tables at once, two per core: the
//! models of one dependency level, or the checks, are independent queries
//! over small tables, where polars itself keeps mostly to one thread.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use polars::prelude::*;
use polars::sql::SQLContext;

use super::memo::{Memo, Read};
use super::plans::{Plans, Scans};

/// The stack of a query thread: as the main thread's, and then some.
const QUERY_STACK: usize = 64 * 1024 * 1024;

/// Run each query over `ctx`'s tables, on up to two threads per core (at
/// most four), each with [`QUERY_STACK`]. Gives each query's table, or its
/// error, and how long it took, in the order of `queries`.
pub fn collect_each(
    ctx: &SQLContext,
    queries: &[&str],
) -> Vec<(PolarsResult<DataFrame>, Duration)> {
    collect_planned(ctx, queries, None)
}

/// As [`collect_each`], taking each query's plan from `plans` where one
/// is kept for the tables of `scans` (which `ctx` holds), and keeping the
/// plans it translates.
fn collect_planned(
    ctx: &SQLContext,
    queries: &[&str],
    plans: Option<(&Plans, &Scans)>,
) -> Vec<(PolarsResult<DataFrame>, Duration)> {
    // Two threads a core: a query is planned on its own thread, and
    // executed mostly on polars' pool, so one query's planning overlaps
    // another's execution. On two cores, four threads took a new return's
    // run from about 121 to 113 ms, with the same peak memory at 20,000
    // returns (docs/PERFORMANCE.md).
    let workers = std::thread::available_parallelism()
        .map_or(2, |p| p.get() * 2)
        .clamp(1, 4)
        .min(queries.len());
    if workers == 0 {
        return Vec::new();
    }
    // Even one query goes to a thread of its own: planning a long query
    // needs a deeper stack than the caller's may be (a test's thread).
    let next = AtomicUsize::new(0);
    let mut done: Vec<(usize, (PolarsResult<DataFrame>, Duration))> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..workers)
            .filter_map(|_| {
                let (next, mut ctx) = (&next, ctx.clone());
                // Planning a long query recurses deeply (in a debug build
                // beyond a spawned thread's usual 2 MiB).
                std::thread::Builder::new()
                    .name("query".into())
                    .stack_size(QUERY_STACK)
                    .spawn_scoped(s, move || {
                        let mut mine = Vec::new();
                        loop {
                            let i = next.fetch_add(1, Ordering::Relaxed);
                            let Some(q) = queries.get(i) else { break };
                            mine.push((i, collect_one(&mut ctx, q, plans)));
                        }
                        mine
                    })
                    .ok()
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| {
                h.join().unwrap_or_else(|_| {
                    // A panicking query: its slot is filled in below.
                    Vec::new()
                })
            })
            .collect()
    });
    done.sort_by_key(|(i, _)| *i);
    if done.is_empty() {
        // No thread could be started (or every one failed): ask here.
        let mut ctx = ctx.clone();
        return queries
            .iter()
            .map(|q| collect_one(&mut ctx, q, plans))
            .collect();
    }
    let mut out: Vec<Option<(PolarsResult<DataFrame>, Duration)>> =
        (0..queries.len()).map(|_| None).collect();
    for (i, r) in done {
        out[i] = Some(r);
    }
    out.into_iter()
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
        .collect()
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
    let scans = Scans::new(tables);
    let ctx = &SQLContext::new();
    for (name, lf) in scans.frames() {
        ctx.register(name, lf);
    }
    let Some(memo) = memo else {
        let texts: Vec<&str> = queries.iter().map(|q| q.sql).collect();
        return collect_each(ctx, &texts)
            .into_iter()
            .map(|(df, took)| Answer {
                df,
                took,
                remembered: false,
            })
            .collect();
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
    let planned = collect_planned(ctx, &texts, Some((memo.plans(), &scans)));
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
    answers
        .into_iter()
        .map(|a| {
            a.unwrap_or_else(|| Answer {
                df: Err(PolarsError::ComputeError("no answer was given".into())),
                took: Duration::ZERO,
                remembered: false,
            })
        })
        .collect()
}

fn collect_one(
    ctx: &mut SQLContext,
    sql: &str,
    plans: Option<(&Plans, &Scans)>,
) -> (PolarsResult<DataFrame>, Duration) {
    let started = Instant::now();
    let lf = match plans {
        Some((plans, scans)) => match plans.recall(sql, scans) {
            Some(lf) => Ok(lf),
            None => ctx.execute(sql).inspect(|lf| plans.keep(sql, lf, scans)),
        },
        None => ctx.execute(sql),
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
