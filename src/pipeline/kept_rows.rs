//! A kind's tables brought up to date from their last build when only some
//! of its returns are new: the rows of the new returns are built, the rows
//! of the others are kept, and each table is put back in the returns'
//! order. The tables a kind names in [`KindSpec::by_return`] hold rows of
//! one return each, so this gives exactly what a build from nothing would;
//! its other tables hang on the schema and the reference data alone, which
//! the caller has found unchanged.

use std::collections::HashMap;
use std::ops::Range;

use polars::prelude::*;

use crate::ingest::StoredReturn;
use crate::kinds::{ByReturn, FrameInputs, Frames, KindSpec, ReturnRows};

/// New returns above this share of the whole, and the tables are built
/// from nothing: keeping rows then saves little over building them.
const NEW_AT_MOST_ONE_IN: usize = 4;

/// `kind`'s tables for `inputs`, from `frames` built over `kept` and the
/// rows of the returns not among them (`same` tells a kept return from
/// one to build again). `None` when the kind's tables cannot be brought
/// up to date this way: build them whole.
pub fn merged(
    kind: &KindSpec,
    inputs: &FrameInputs,
    kept: &[StoredReturn],
    frames: &Frames,
    same: impl Fn(&StoredReturn, &StoredReturn) -> bool,
) -> PolarsResult<Option<Frames>> {
    if kind.by_return.is_empty() || kind.frames_read != [kind.kind] {
        return Ok(None);
    }
    let by_id: HashMap<i64, usize> = kept.iter().enumerate().map(|(j, r)| (r.id, j)).collect();
    let places: Vec<Option<usize>> = inputs
        .returns
        .iter()
        .map(|r| by_id.get(&r.id).copied().filter(|&j| same(&kept[j], r)))
        .collect();
    let new: Vec<&StoredReturn> = inputs
        .returns
        .iter()
        .zip(&places)
        .filter(|(_, p)| p.is_none())
        .map(|(r, _)| *r)
        .collect();
    if new.len() * NEW_AT_MOST_ONE_IN > inputs.returns.len() {
        return Ok(None);
    }
    let fresh = (kind.frames)(&FrameInputs {
        returns: new.clone(),
        schema: inputs.schema,
        reference: inputs.reference,
    })?;
    if fresh.len() != frames.len() {
        return Ok(None);
    }
    let mut out = Frames::with_capacity(frames.len());
    for (name, old) in frames {
        let Some(by) = kind.by_return.iter().find(|b| b.table == name) else {
            // Built from the schema and the reference data alone.
            out.push((name.clone(), old.clone()));
            continue;
        };
        let Some((_, rows)) = fresh.iter().find(|(n, _)| n == name) else {
            return Ok(None);
        };
        let parts = Parts {
            kept: (old, kept.len()),
            new: (rows, new.len()),
        };
        match parts.rejoined(&places, by)? {
            Some(df) => out.push((name.clone(), df)),
            None => return Ok(None),
        }
    }
    Ok(Some(out))
}

/// One table's rows over the kept returns and over the new ones, each with
/// the number of returns it was built from.
struct Parts<'a> {
    kept: (&'a DataFrame, usize),
    new: (&'a DataFrame, usize),
}

impl Parts<'_> {
    /// The table over every return in `places` order (a kept return's
    /// place among the kept ones, or `None` for the next new one). `None`
    /// when the two do not fit together as the kind promised.
    fn rejoined(&self, places: &[Option<usize>], by: &ByReturn) -> PolarsResult<Option<DataFrame>> {
        let (kept, new) = (self.kept.0, self.new.0);
        if kept.schema() != new.schema() {
            return Ok(None);
        }
        let (Some(kept_rows), Some(new_rows)) = (
            row_ranges(kept, self.kept.1, by.rows)?,
            row_ranges(new, self.new.1, by.rows)?,
        ) else {
            return Ok(None);
        };
        let after_kept = kept.height();
        let mut take: Vec<IdxSize> = Vec::with_capacity(after_kept + new.height());
        let mut numbers: Vec<i32> = Vec::with_capacity(take.capacity());
        let mut new_rows = new_rows.into_iter();
        for (i, place) in (0i32..).zip(places) {
            let rows = match place {
                Some(j) => kept_rows[*j].clone(),
                None => match new_rows.next() {
                    Some(r) => r.start + after_kept..r.end + after_kept,
                    None => return Ok(None),
                },
            };
            for row in rows {
                take.push(row as IdxSize);
                numbers.push(i);
            }
        }
        let mut df = kept
            .vstack(new)?
            .take(&IdxCa::from_vec("rows".into(), take))?;
        if let ReturnRows::Numbered(column) = by.rows {
            df.with_column(Column::new(column.into(), numbers))?;
        }
        Ok(Some(df))
    }
}

/// The rows of each of the `returns` returns a table was built from, in
/// order; `None` when the table does not hold them as promised (a number
/// out of range, missing or going back).
fn row_ranges(
    df: &DataFrame,
    returns: usize,
    rows: ReturnRows,
) -> PolarsResult<Option<Vec<Range<usize>>>> {
    let numbers = match rows {
        ReturnRows::One if df.height() == returns => {
            return Ok(Some((0..returns).map(|i| i..i + 1).collect()));
        }
        ReturnRows::One => return Ok(None),
        ReturnRows::Numbered(column) => df.column(column)?.i32()?.clone(),
    };
    let mut counts = vec![0usize; returns];
    let mut last = 0usize;
    for n in numbers.iter() {
        let Some(n) = n.and_then(|n| usize::try_from(n).ok()) else {
            return Ok(None);
        };
        if n >= returns || n < last {
            return Ok(None);
        }
        counts[n] += 1;
        last = n;
    }
    let mut start = 0;
    Ok(Some(
        counts
            .into_iter()
            .map(|c| {
                let r = start..start + c;
                start += c;
                r
            })
            .collect(),
    ))
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::super::kept_frames::{KeptFrames, Reuse};
    use super::*;
    use crate::ingest::{Layout, Return, ReturnKind, Schema, Value};
    use crate::kinds::naming::held;
    use crate::kinds::spec;
    use crate::reference::Reference;

    /// A service return whose values vary with `id`: known and unknown
    /// councils, blank, "not known" and unreadable cells, and splits.
    fn service(id: i64) -> StoredReturn {
        let councils = ["Stockport", "Leeds City Council", "Nowhere Borough", "Kent"];
        let mut values = BTreeMap::new();
        values.insert(
            "commissioner".to_string(),
            Value::Text(councils[id as usize % councils.len()].into()),
        );
        values.insert(
            "service_name".into(),
            Value::Text(format!("Service {}", id % 5)),
        );
        values.insert(
            "period".into(),
            Value::Text(format!("20{}-1{}", 10 + id % 3, 1 + id % 3)),
        );
        let state = |k: i64| match (id + k) % 7 {
            0 => Value::Missing,
            1 => Value::NotKnown,
            2 => Value::Invalid("lots".into()),
            n => Value::Number((id * 13 + k * n) as f64),
        };
        for (k, field) in (0i64..).zip(&Schema::builtin().fields) {
            if !values.contains_key(&field.key) {
                values.insert(field.key.clone(), state(k));
            }
        }
        let data = Return {
            kind: ReturnKind::Service,
            layout: Layout::Template,
            location: format!("row {id}"),
            values,
            notes: Vec::new(),
            extras: BTreeMap::new(),
        };
        held(id, data, "xlsx")
    }

    fn tables(
        kept: &KeptFrames,
        returns: &[StoredReturn],
        reference: &Reference,
    ) -> (Frames, Reuse) {
        let kind = spec(ReturnKind::Service);
        let inputs = FrameInputs::of(kind, returns, Schema::builtin(), reference);
        kept.tables(kind, &inputs).expect("tables")
    }

    fn assert_as_built_whole(got: &Frames, returns: &[StoredReturn], reference: &Reference) {
        let kind = spec(ReturnKind::Service);
        let whole = (kind.frames)(&FrameInputs::of(
            kind,
            returns,
            Schema::builtin(),
            reference,
        ))
        .expect("whole");
        assert_eq!(got.len(), whole.len());
        for ((n, a), (m, b)) in got.iter().zip(&whole) {
            assert_eq!(n, m);
            assert!(a.equals_missing(b), "{n} differs:\n{a}\n{b}");
        }
    }

    #[test]
    fn new_rows_in_kept_tables_are_what_a_whole_build_gives() {
        let reference = Reference::builtin().expect("reference");
        let kept = KeptFrames::default();
        let mut returns: Vec<StoredReturn> = (1..=12).map(service).collect();
        assert_eq!(tables(&kept, &returns, &reference).1, Reuse::Built);
        // One new return in the middle, one gone, one decoded again.
        returns.insert(5, service(40));
        returns.remove(9);
        returns[2] = service(returns[2].id);
        let (got, reuse) = tables(&kept, &returns, &reference);
        assert_eq!(reuse, Reuse::NewRows);
        assert_as_built_whole(&got, &returns, &reference);
        // Only a return gone: nothing to build.
        returns.remove(0);
        let (got, reuse) = tables(&kept, &returns, &reference);
        assert_eq!(reuse, Reuse::NewRows);
        assert_as_built_whole(&got, &returns, &reference);
        // The same returns in another order.
        returns.swap(1, 7);
        let (got, _) = tables(&kept, &returns, &reference);
        assert_as_built_whole(&got, &returns, &reference);
        // Mostly new: built whole.
        let all_new: Vec<StoredReturn> = (100..110).map(service).collect();
        assert_eq!(tables(&kept, &all_new, &reference).1, Reuse::Built);
    }

    #[test]
    fn rows_out_of_their_returns_order_are_not_taken_apart() {
        let df = DataFrame::new(3, vec![Column::new("n".into(), [0i32, 2, 1])]).expect("df");
        let numbered = ReturnRows::Numbered("n");
        assert!(row_ranges(&df, 3, numbered).expect("ranges").is_none());
        assert!(row_ranges(&df, 2, numbered).expect("ranges").is_none());
        let df = DataFrame::new(4, vec![Column::new("n".into(), [0i32, 0, 2, 2])]).expect("df");
        assert_eq!(
            row_ranges(&df, 3, numbered).expect("ranges"),
            Some(vec![0..2, 2..2, 2..4])
        );
        assert!(
            row_ranges(&df, 3, ReturnRows::One)
                .expect("ranges")
                .is_none()
        );
    }
}
