//! Several SQL queries over one set of tables at once, one per core: the
//! models of one dependency level, or the checks, are independent queries
//! over small tables, where polars itself keeps mostly to one thread.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use polars::prelude::*;
use polars::sql::SQLContext;

/// The stack of a query thread: as the main thread's, and then some.
const QUERY_STACK: usize = 64 * 1024 * 1024;

/// Run each query over `ctx`'s tables, on up to one thread per core (at
/// most four). Gives each query's table, or its error, and how long it
/// took, in the order of `queries`.
pub fn collect_each(
    ctx: &SQLContext,
    queries: &[&str],
) -> Vec<(PolarsResult<DataFrame>, Duration)> {
    let workers = std::thread::available_parallelism()
        .map_or(2, |p| p.get())
        .clamp(1, 4)
        .min(queries.len());
    if workers <= 1 {
        let mut ctx = ctx.clone();
        return queries.iter().map(|q| collect_one(&mut ctx, q)).collect();
    }
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
                            mine.push((i, collect_one(&mut ctx, q)));
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
        return queries.iter().map(|q| collect_one(&mut ctx, q)).collect();
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

fn collect_one(ctx: &mut SQLContext, sql: &str) -> (PolarsResult<DataFrame>, Duration) {
    let started = Instant::now();
    let df = ctx.execute(sql).and_then(LazyFrame::collect);
    (df, started.elapsed())
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
