//! Translated plans kept between runs. Turning a query's SQL into a polars
//! plan costs about as much as running it over 2,000 returns, and depends
//! only on the text and on the names and column types of the tables it
//! reads, never on their rows. So a plan is kept with a stand-in (an empty
//! table of the same columns) where each table was scanned; the next run
//! over tables of the same names and columns puts the new rows in place of
//! the stand-ins and runs it, without translating the text again.
//!
//! A plan is kept only when every part of it is known to hold nothing but
//! its inputs and its expressions: a subquery inside an expression (whose
//! plan sits where the walk below does not look), a file scan (which keeps
//! what it read of the file) or any other kind of step is translated
//! afresh on every run.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use polars::prelude::*;
use polars_plan::plans::DslFunction;

/// Texts whose plans are kept before the store starts over: the shipped
/// models and checks are about a hundred.
const KEPT: usize = 512;

/// The tables of one run as the queries scan them, by name.
#[derive(Clone)]
pub struct Scans {
    by_name: HashMap<String, Arc<DataFrame>>,
    /// The name of each table by the address of its rows.
    by_address: HashMap<usize, String>,
}

impl Scans {
    pub fn new(tables: &[(String, DataFrame)]) -> Scans {
        let by_name: HashMap<String, Arc<DataFrame>> = tables
            .iter()
            .map(|(n, df)| (n.clone(), Arc::new(df.clone())))
            .collect();
        let by_address = by_name
            .iter()
            .map(|(n, df)| (address(df), n.clone()))
            .collect();
        Scans {
            by_name,
            by_address,
        }
    }

    /// One more table (or another under a name already held).
    pub fn add(&mut self, name: &str, df: &DataFrame) {
        let df = Arc::new(df.clone());
        if let Some(old) = self.by_name.insert(name.to_string(), Arc::clone(&df)) {
            self.by_address.remove(&address(&old));
        }
        self.by_address.insert(address(&df), name.to_string());
    }

    /// Each table as a lazy scan of its rows, to register for SQL.
    pub fn frames(&self) -> impl Iterator<Item = (&str, LazyFrame)> {
        self.by_name.iter().map(|(n, df)| (n.as_str(), scan(df)))
    }

    /// The tables `sql` can read (those it names), with their columns.
    fn read_by(&self, sql: &str) -> Vec<(String, SchemaRef)> {
        let names = super::sql_names::names(sql);
        let mut read: Vec<(String, SchemaRef)> = self
            .by_name
            .iter()
            .filter(|(n, _)| super::sql_names::includes(&names, n))
            .map(|(n, df)| (n.clone(), df.schema().clone()))
            .collect();
        read.sort_by(|a, b| a.0.cmp(&b.0));
        read
    }
}

/// A lazy scan of exactly these rows (the same allocation).
fn scan(df: &Arc<DataFrame>) -> LazyFrame {
    LazyFrame::from(DslPlan::DataFrameScan {
        df: Arc::clone(df),
        schema: df.schema().clone(),
    })
}

fn address(df: &Arc<DataFrame>) -> usize {
    Arc::as_ptr(df) as usize
}

/// One kept plan: the tables (and columns) it was translated over, and
/// the stand-in scanned in place of each.
struct Kept {
    read: Vec<(String, SchemaRef)>,
    plan: DslPlan,
    optimizations: OptFlags,
    stand_ins: HashMap<usize, String>,
}

/// The plans kept, by query text. A clone shares them (a query thread
/// holds one while it runs).
#[derive(Default, Clone)]
pub struct Plans {
    kept: Arc<Mutex<HashMap<String, Arc<Kept>>>>,
}

impl Plans {
    pub fn new() -> Plans {
        Plans::default()
    }

    /// Let go of every kept plan.
    pub fn clear(&self) {
        crate::kept::lock(&self.kept).clear();
    }

    /// The kept plan of `sql` over `scans`, when it was translated over
    /// tables of the same names and columns as those it reads now.
    pub fn recall(&self, sql: &str, scans: &Scans) -> Option<LazyFrame> {
        let kept = Arc::clone(crate::kept::lock(&self.kept).get(sql)?);
        if kept.read != scans.read_by(sql) {
            return None;
        }
        let plan = swap_scans(&kept.plan, &mut |df| {
            let name = kept.stand_ins.get(&address(df))?;
            scans.by_name.get(name).cloned()
        })?;
        Some(LazyFrame::from(plan).with_optimizations(kept.optimizations))
    }

    /// Keep the plan `lf`, translated from `sql` over `scans`, if it can
    /// be run again over other rows (see the module's notes).
    pub fn keep(&self, sql: &str, lf: &LazyFrame, scans: &Scans) {
        if super::sql_names::has_expression_subquery(sql) {
            return;
        }
        let read = scans.read_by(sql);
        // One stand-in per table scanned, by the table's name.
        let mut made: HashMap<String, Arc<DataFrame>> = HashMap::new();
        let plan = swap_scans(&lf.logical_plan, &mut |df| {
            let name = scans.by_address.get(&address(df))?;
            let empty = made
                .entry(name.clone())
                .or_insert_with(|| Arc::new(DataFrame::empty_with_schema(df.schema().as_ref())));
            Some(Arc::clone(empty))
        });
        let Some(plan) = plan else { return };
        // Every table it scans must be one it names, or a change to it
        // would not be seen.
        if made.keys().any(|n| !read.iter().any(|(r, _)| r == n)) {
            return;
        }
        let stand_ins = made
            .iter()
            .map(|(name, empty)| (address(empty), name.clone()))
            .collect();
        let kept = Arc::new(Kept {
            read,
            plan,
            optimizations: lf.get_current_optimizations(),
            stand_ins,
        });
        let mut all = crate::kept::lock(&self.kept);
        if all.len() >= KEPT {
            all.clear();
        }
        all.insert(sql.to_string(), kept);
    }
}

/// `plan` with each table scan `swap` gives a table for scanning that
/// table instead (the others as they were); `None` when the plan holds a
/// step this walk does not know.
fn swap_scans(
    plan: &DslPlan,
    swap: &mut dyn FnMut(&Arc<DataFrame>) -> Option<Arc<DataFrame>>,
) -> Option<DslPlan> {
    Walk {
        swap,
        done: HashMap::new(),
    }
    .plan(plan)
}

/// One walk of a plan. A step several others read (a CTE named twice) is
/// one shared node: it is rebuilt once, and shared again.
struct Walk<'a> {
    swap: &'a mut dyn FnMut(&Arc<DataFrame>) -> Option<Arc<DataFrame>>,
    done: HashMap<*const DslPlan, Arc<DslPlan>>,
}

impl Walk<'_> {
    fn shared(&mut self, input: &Arc<DslPlan>) -> Option<Arc<DslPlan>> {
        if let Some(done) = self.done.get(&Arc::as_ptr(input)) {
            return Some(Arc::clone(done));
        }
        let new = Arc::new(self.plan(input)?);
        self.done.insert(Arc::as_ptr(input), Arc::clone(&new));
        Some(new)
    }

    fn plan(&mut self, plan: &DslPlan) -> Option<DslPlan> {
        let mut out = plan.clone();
        match &mut out {
            DslPlan::DataFrameScan { df, .. } => {
                if let Some(new) = (self.swap)(df) {
                    *df = new;
                }
            }
            DslPlan::Filter { input, .. }
            | DslPlan::Cache { input, .. }
            | DslPlan::Select { input, .. }
            | DslPlan::GroupBy {
                input, apply: None, ..
            }
            | DslPlan::HStack { input, .. }
            | DslPlan::Distinct { input, .. }
            | DslPlan::Sort { input, .. }
            | DslPlan::Slice { input, .. } => *input = self.shared(input)?,
            // Functions of the rows alone; not one that may hold a
            // closure over other data.
            DslPlan::MapFunction {
                input,
                function:
                    DslFunction::RowIndex { .. }
                    | DslFunction::Explode { .. }
                    | DslFunction::Rename { .. }
                    | DslFunction::Unnest { .. }
                    | DslFunction::Stats(_)
                    | DslFunction::FillNan(_)
                    | DslFunction::Hint(_),
            } => *input = self.shared(input)?,
            DslPlan::Join {
                input_left,
                input_right,
                ..
            } => {
                *input_left = self.shared(input_left)?;
                *input_right = self.shared(input_right)?;
            }
            DslPlan::Union { inputs, .. } | DslPlan::HConcat { inputs, .. } => {
                for input in inputs.iter_mut() {
                    *input = self.plan(input)?;
                }
            }
            // A step already translated for its schema: its plan in the
            // translation's own arena is not used again (another run has
            // another arena), so only its source is swapped.
            DslPlan::IR { dsl, node, .. } => {
                *dsl = self.shared(dsl)?;
                *node = None;
            }
            _ => return None,
        }
        Some(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use polars::sql::SQLContext;

    fn table(xs: &[i64], group: &[&str]) -> PolarsResult<DataFrame> {
        DataFrame::new(
            xs.len(),
            vec![Column::new("x".into(), xs), Column::new("g".into(), group)],
        )
    }

    fn context(scans: &Scans) -> SQLContext {
        let ctx = SQLContext::new();
        for (n, lf) in scans.frames() {
            ctx.register(n, lf);
        }
        ctx
    }

    const QUERY: &str = "WITH s AS (SELECT g, SUM(x) AS total FROM t GROUP BY g) \
        SELECT t.g, t.x, s.total, u.x AS other FROM t JOIN s ON s.g = t.g \
        LEFT JOIN u ON u.x = t.x ORDER BY t.g, t.x";

    fn fresh(tables: &[(String, DataFrame)], sql: &str) -> PolarsResult<DataFrame> {
        context(&Scans::new(tables)).execute(sql)?.collect()
    }

    #[test]
    fn a_kept_plan_over_new_rows_gives_what_a_fresh_translation_gives() -> PolarsResult<()> {
        let first = vec![
            ("t".to_string(), table(&[1, 2, 3], &["a", "a", "b"])?),
            ("u".to_string(), table(&[2], &["z"])?),
        ];
        let plans = Plans::new();
        let scans = Scans::new(&first);
        let lf = context(&scans).execute(QUERY)?;
        plans.keep(QUERY, &lf, &scans);
        assert!(lf.collect()?.equals_missing(&fresh(&first, QUERY)?));
        let second = vec![
            (
                "t".to_string(),
                table(&[5, 6, 7, 8], &["b", "c", "c", "a"])?,
            ),
            ("u".to_string(), table(&[7, 8], &["y", "z"])?),
        ];
        let recalled = plans
            .recall(QUERY, &Scans::new(&second))
            .ok_or_else(|| PolarsError::ComputeError("no plan kept".into()))?
            .collect()?;
        assert!(recalled.equals_missing(&fresh(&second, QUERY)?));
        assert_eq!(recalled.height(), 4);
        Ok(())
    }

    #[test]
    fn a_plan_is_not_recalled_over_other_columns() -> PolarsResult<()> {
        let first = vec![("t".to_string(), table(&[1], &["a"])?)];
        let sql = "SELECT x, g FROM t";
        let plans = Plans::new();
        let scans = Scans::new(&first);
        plans.keep(sql, &context(&scans).execute(sql)?, &scans);
        assert!(plans.recall(sql, &Scans::new(&first)).is_some());
        let floats = DataFrame::new(
            1,
            vec![
                Column::new("x".into(), [1.5f64]),
                Column::new("g".into(), ["a"]),
            ],
        )?;
        assert!(
            plans
                .recall(sql, &Scans::new(&[("t".into(), floats)]))
                .is_none()
        );
        // A table it names appearing (a model added) is a change too.
        let more = vec![
            ("t".to_string(), table(&[1], &["a"])?),
            ("g".to_string(), table(&[1], &["a"])?),
        ];
        assert!(plans.recall(sql, &Scans::new(&more)).is_none());
        Ok(())
    }

    #[test]
    fn a_subquery_in_an_expression_is_translated_each_time() -> PolarsResult<()> {
        let tables = vec![
            ("t".to_string(), table(&[1, 2], &["a", "b"])?),
            ("u".to_string(), table(&[2], &["b"])?),
        ];
        let sql = "SELECT x FROM t WHERE x IN (SELECT x FROM u)";
        let plans = Plans::new();
        let scans = Scans::new(&tables);
        plans.keep(sql, &context(&scans).execute(sql)?, &scans);
        assert!(plans.recall(sql, &scans).is_none());
        Ok(())
    }
}
