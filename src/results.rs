//! `results/`: each run writes its tables as parquet into a new
//! `run-<id>/` directory, then `current` (a small file naming the run) is
//! replaced atomically, so a reader never sees half a run.

use std::fs::{self, File};
use std::io::Write;
use std::path::{Path, PathBuf};

use polars::prelude::*;

mod parquet;

use crate::watch::mover::FileStamp;
use crate::workspace::Workspace;
use parquet::encode;

#[derive(Debug, thiserror::Error)]
pub enum ResultsError {
    #[error("writing results to {path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("writing table {table}: {source}")]
    Write { table: String, source: PolarsError },
    #[error("no results yet: run `jobtally run` (or drop returns into {inbox}) first")]
    NoResults { inbox: String },
    #[error("there is no results table named \"{name}\" (tables: {known})")]
    NoTable { name: String, known: String },
    #[error("reading table {table}: {source}")]
    Read { table: String, source: PolarsError },
}

fn io_err(path: &Path) -> impl FnOnce(std::io::Error) -> ResultsError + '_ {
    move |source| ResultsError::Io {
        path: path.display().to_string(),
        source,
    }
}

/// The tables a long-lived publisher (the daemon's intake) last wrote,
/// each with the stamp of its file: a table that holds the same in the
/// next run is hard-linked to that file instead of being encoded, written
/// and synced again, if the file is still the one written (inode, size,
/// times; a run directory removed and made again by another process holds
/// other files). A new service return changes the service tables; the
/// survey's, the contracts' and the people's are linked.
#[derive(Default)]
pub struct Written {
    tables: std::collections::HashMap<String, (DataFrame, PathBuf, FileStamp)>,
    /// The removal of the runs the last publishing pruned, under way on a
    /// thread of its own: the results were current before it began, so
    /// nobody waits for it; the next publishing waits for it first, so no
    /// two ever overlap.
    removing: Option<std::thread::JoinHandle<()>>,
}

impl Written {
    /// The file last written for `table`, if it still lies where it was
    /// written, unchanged, and holds what `df` holds.
    fn same_file(&self, table: &str, df: &DataFrame) -> Option<&Path> {
        let (kept, path, id) = self.tables.get(table)?;
        // Elsewhere than unix a stamp has no inode, and cannot tell the
        // file from another written at the same path.
        let same_file = cfg!(unix) && FileStamp::of(path).ok().as_ref() == Some(id);
        (same_file && crate::pipeline::memo::same_table(kept, df)).then_some(path.as_path())
    }
}

/// Tables encoded as parquet ahead of publishing, each on a thread of its
/// own as soon as it is final, so the encoding runs beside the models
/// still to come instead of after them.
#[derive(Default)]
pub struct Encoding {
    started: std::sync::Mutex<std::collections::HashMap<String, Started>>,
}

/// A table given to be encoded (what it held when given), and its encoding
/// under way.
type Started = (DataFrame, std::thread::JoinHandle<PolarsResult<Vec<u8>>>);

impl Encoding {
    /// Start encoding `df` as `table`. Should no thread start, the table
    /// is encoded when published, as any other.
    pub fn start(&self, table: &str, df: &DataFrame) {
        let mut copy = df.clone();
        let started = std::thread::Builder::new()
            .name("encode".into())
            .spawn(move || encode(&mut copy));
        if let Ok(handle) = started {
            crate::kept::lock(&self.started).insert(table.to_string(), (df.clone(), handle));
        }
    }

    /// The encoding of `table`, if one was started for what `df` holds
    /// (an error is left to the writer, to be reported as it is).
    fn take(&self, table: &str, df: &DataFrame) -> Option<Vec<u8>> {
        let (given, handle) = crate::kept::lock(&self.started).remove(table)?;
        let bytes = handle.join().ok()?.ok()?;
        crate::pipeline::memo::same_table(&given, df).then_some(bytes)
    }
}

/// Write every table of a run and make it the current one, then prune
/// the runs beyond the newest `keep_runs`. With `written` (what this
/// publisher wrote last), a table unchanged since is linked to its file.
pub fn publish(
    ws: &Workspace,
    run_id: i64,
    tables: &mut [(String, DataFrame)],
    keep_runs: usize,
    mut written: Option<&mut Written>,
    encoded: Option<&Encoding>,
) -> Result<PathBuf, ResultsError> {
    if let Some(removing) = written.as_mut().and_then(|w| w.removing.take()) {
        let _ = removing.join();
    }
    let name = format!("run-{run_id}");
    let staging = ws.results().join(format!(".{name}.partial"));
    let final_dir = ws.results().join(&name);
    if staging.exists() {
        fs::remove_dir_all(&staging).map_err(io_err(&staging))?;
    }
    fs::create_dir_all(&staging).map_err(io_err(&staging))?;
    if let Err(e) = write_tables(&staging, tables, written.as_deref(), encoded) {
        // Half a run is of no use, and on a full disk its space is needed.
        let _ = fs::remove_dir_all(&staging);
        return Err(e);
    }
    if final_dir.exists() {
        // Left by a run that crashed before publishing: replace it.
        fs::remove_dir_all(&final_dir).map_err(io_err(&final_dir))?;
    }
    fs::rename(&staging, &final_dir).map_err(io_err(&final_dir))?;
    if let Some(w) = written.as_mut() {
        w.tables = tables
            .iter()
            .filter_map(|(table, df)| {
                let path = final_dir.join(format!("{table}.parquet"));
                let id = FileStamp::of(&path).ok()?;
                Some((table.clone(), (df.clone(), path, id)))
            })
            .collect();
    }
    write_atomic(
        &ws.results().join("current"),
        format!("{name}\n").as_bytes(),
    )?;
    let doomed = prune(ws, run_id, keep_runs);
    match written {
        // A daemon's publishing: the old runs go while it waits for files.
        Some(w) if !doomed.is_empty() => {
            w.removing = std::thread::Builder::new()
                .name("prune".into())
                .spawn(move || remove_all(&doomed))
                .map_err(|e| tracing::debug!(error = %e, "old runs removed in line"))
                .ok();
        }
        _ => remove_all(&doomed),
    }
    Ok(final_dir)
}

/// Each table as a parquet file in `dir`, synced. A table is encoded in
/// memory first (or taken from `encoded`), so a failed write (a full disk)
/// is reported as what it is, not as an encoder's error; the tables are
/// encoded on every core at once (a new service return changes a dozen
/// tables, and encoding them is most of what publishing costs). The files
/// are synced together at the end, several at once, then the directory. A table `last` wrote and
/// that is unchanged is a hard link to that file (synced when it was
/// written; the link itself is in the directory's sync).
fn write_tables(
    dir: &Path,
    tables: &mut [(String, DataFrame)],
    last: Option<&Written>,
    encoded: Option<&Encoding>,
) -> Result<(), ResultsError> {
    let mut to_write = Vec::with_capacity(tables.len());
    for (table, df) in tables.iter_mut() {
        let path = dir.join(format!("{table}.parquet"));
        if let Some(old) = last.and_then(|w| w.same_file(table, df)) {
            match fs::hard_link(old, &path) {
                Ok(()) => continue,
                // A file system without links, or the old run pruned by
                // another process meanwhile: written as any other.
                Err(e) => tracing::debug!(table = %table, error = %e, "results table not linked"),
            }
        }
        to_write.push((table.as_str(), &mut *df, path));
    }
    if to_write.is_empty()
        && let Ok(d) = File::open(dir)
    {
        // Every table linked: the links are in the directory, which is
        // otherwise synced with the files written (not every platform
        // can sync a directory).
        let _ = d.sync_all();
        return Ok(());
    }
    let written: Vec<PathBuf> = to_write.iter().map(|(_, _, p)| p.clone()).collect();
    let queue = std::sync::Mutex::new(to_write);
    let workers = std::thread::available_parallelism().map_or(1, usize::from);
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| -> Result<(), ResultsError> {
                    loop {
                        // Taken in a statement of its own, so the queue is
                        // free while the table is written.
                        let next = crate::kept::lock(&queue).pop();
                        let Some((table, df, path)) = next else {
                            return Ok(());
                        };
                        let bytes = encoded.and_then(|e| e.take(table, df));
                        write_table(table, df, bytes, &path)?;
                    }
                })
            })
            .collect();
        handles.into_iter().try_for_each(|h| {
            h.join().unwrap_or_else(|_| {
                Err(ResultsError::Io {
                    path: dir.display().to_string(),
                    source: std::io::Error::other("a results writer thread failed"),
                })
            })
        })
    })?;
    crate::watch::mover::sync_all(written.iter().map(PathBuf::as_path)).map_err(io_err(dir))
}

/// One table written to `path` (not synced): as `encoded`, else encoded
/// now.
fn write_table(
    table: &str,
    df: &mut DataFrame,
    encoded: Option<Vec<u8>>,
    path: &Path,
) -> Result<(), ResultsError> {
    let bytes = match encoded {
        Some(bytes) => bytes,
        None => encode(df).map_err(|source| ResultsError::Write {
            table: table.to_string(),
            source,
        })?,
    };
    let mut file = File::create(path).map_err(io_err(path))?;
    crate::fault::no_space("results").map_err(io_err(path))?;
    file.write_all(&bytes).map_err(io_err(path))
}

/// The run directories older than the newest `keep` (never `current`),
/// and staging directories a crash left behind, for [`remove_all`]. Each
/// goes by a rename out of the `run-<id>` namespace first, so a
/// half-removed run is never seen as one. Only the worker holding the
/// workspace lock publishes, so no other run is being written meanwhile.
fn prune(ws: &Workspace, current: i64, keep: usize) -> Vec<PathBuf> {
    let Ok(entries) = fs::read_dir(ws.results()) else {
        return Vec::new();
    };
    let mut runs: Vec<(i64, PathBuf)> = Vec::new();
    let mut leftovers: Vec<PathBuf> = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if let Some(id) = name
            .strip_prefix("run-")
            .and_then(|n| n.parse::<i64>().ok())
        {
            runs.push((id, entry.path()));
        } else if name.starts_with(".run-")
            && (name.ends_with(".partial") || name.ends_with(".pruning"))
        {
            leftovers.push(entry.path());
        }
    }
    runs.sort_by_key(|r| std::cmp::Reverse(r.0));
    for (id, path) in runs.into_iter().skip(keep.max(1)) {
        if id == current {
            continue;
        }
        let doomed = ws.results().join(format!(".run-{id}.pruning"));
        match fs::rename(&path, &doomed) {
            Ok(()) => leftovers.push(doomed),
            Err(e) => {
                tracing::warn!(dir = %path.display(), error = %e, "could not prune an old run")
            }
        }
    }
    leftovers
}

/// Remove what [`prune`] put aside. A directory that cannot be removed is
/// logged, and tried again at the next pruning.
fn remove_all(doomed: &[PathBuf]) {
    for path in doomed {
        if let Err(e) = fs::remove_dir_all(path) {
            tracing::warn!(dir = %path.display(), error = %e, "could not remove an old run's directory");
        }
    }
}

/// Replace a small file atomically: write a sibling, sync, rename.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), ResultsError> {
    crate::watch::mover::write_atomic(path, bytes).map_err(io_err(path))
}

/// The directory of the current run, if any run has been published.
pub fn current_dir(ws: &Workspace) -> Option<PathBuf> {
    let name = fs::read_to_string(ws.results().join("current")).ok()?;
    let name = name.trim();
    let valid = name.starts_with("run-") && name[4..].chars().all(|c| c.is_ascii_digit());
    let dir = ws.results().join(name);
    (valid && dir.is_dir()).then_some(dir)
}

/// The id of the current run.
pub fn current_run_id(ws: &Workspace) -> Option<i64> {
    current_dir(ws)?
        .file_name()?
        .to_str()?
        .strip_prefix("run-")?
        .parse()
        .ok()
}

/// Names of the tables in the current run.
pub fn table_names(ws: &Workspace) -> Vec<String> {
    let Some(dir) = current_dir(ws) else {
        return Vec::new();
    };
    let mut names: Vec<String> = fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            e.file_name()
                .to_str()?
                .strip_suffix(".parquet")
                .map(str::to_string)
        })
        .collect();
    names.sort();
    names
}

/// Read one table of the current run.
pub fn read_table(ws: &Workspace, name: &str) -> Result<DataFrame, ResultsError> {
    let dir = current_dir(ws).ok_or_else(|| ResultsError::NoResults {
        inbox: ws.inbox().display().to_string(),
    })?;
    let path = dir.join(format!("{name}.parquet"));
    if !path.is_file() {
        return Err(ResultsError::NoTable {
            name: name.to_string(),
            known: table_names(ws).join(", "),
        });
    }
    let file = File::open(&path).map_err(io_err(&path))?;
    ParquetReader::new(file)
        .finish()
        .map_err(|source| ResultsError::Read {
            table: name.to_string(),
            source,
        })
}

#[cfg(all(test, unix))]
mod tests {
    use std::os::unix::fs::MetadataExt;

    use super::*;

    fn table(x: &[i64]) -> DataFrame {
        DataFrame::new(x.len(), vec![Column::new("x".into(), x)]).expect("frame")
    }

    fn inode(ws: &Workspace, run: i64, table: &str) -> u64 {
        let path = ws.results().join(format!("run-{run}/{table}.parquet"));
        fs::metadata(path).expect("results file").ino()
    }

    #[test]
    fn an_unchanged_table_is_linked_and_only_to_the_file_written() {
        let dir = tempfile::tempdir().expect("temp dir");
        let ws = Workspace::open(dir.path()).expect("workspace");
        let mut written = Written::default();
        let run = |id: i64, a: &[i64], b: &[i64], w: &mut Written| {
            let mut tables = vec![("a".to_string(), table(a)), ("b".to_string(), table(b))];
            publish(&ws, id, &mut tables, 10, Some(w), None).expect("publish");
        };
        run(1, &[1, 2], &[3], &mut written);
        run(2, &[1, 2], &[4], &mut written);
        assert_eq!(inode(&ws, 1, "a"), inode(&ws, 2, "a"), "unchanged: linked");
        assert_ne!(inode(&ws, 1, "b"), inode(&ws, 2, "b"), "changed: written");
        assert!(read_table(&ws, "b").expect("b").equals(&table(&[4])));

        // Another file at the path written last: not linked to, even when
        // the table is the same.
        let last = ws.results().join("run-2/a.parquet");
        fs::remove_file(&last).expect("remove");
        fs::write(&last, b"not this run's table").expect("write");
        run(3, &[1, 2], &[4], &mut written);
        assert_ne!(inode(&ws, 2, "a"), inode(&ws, 3, "a"));
        assert!(read_table(&ws, "a").expect("a").equals(&table(&[1, 2])));
        assert_eq!(inode(&ws, 2, "b"), inode(&ws, 3, "b"));

        // Without what was written, every table is written.
        let mut tables = vec![("a".to_string(), table(&[1, 2]))];
        publish(&ws, 4, &mut tables, 10, None, None).expect("publish");
        assert_ne!(inode(&ws, 3, "a"), inode(&ws, 4, "a"));
    }

    #[test]
    fn a_table_encoded_ahead_is_written_only_if_it_is_the_one_published() {
        let dir = tempfile::tempdir().expect("temp dir");
        let ws = Workspace::open(dir.path()).expect("workspace");
        let encoding = Encoding::default();
        let (a, b) = (table(&[1, 2]), table(&[3]));
        encoding.start("a", &a);
        encoding.start("b", &b);
        // `b` changed after its encoding started: written as it is now.
        let mut tables = vec![("a".to_string(), a.clone()), ("b".to_string(), table(&[5]))];
        publish(&ws, 1, &mut tables, 10, None, Some(&encoding)).expect("publish");
        assert!(read_table(&ws, "a").expect("a").equals(&a));
        assert!(read_table(&ws, "b").expect("b").equals(&table(&[5])));
        // Each encoding is taken once: a later run encodes afresh.
        publish(&ws, 2, &mut tables, 10, None, Some(&encoding)).expect("publish");
        assert!(read_table(&ws, "a").expect("a").equals(&a));
    }

    #[test]
    fn a_daemons_old_runs_go_after_publishing_and_before_the_next() {
        let dir = tempfile::tempdir().expect("temp dir");
        let ws = Workspace::open(dir.path()).expect("workspace");
        let mut written = Written::default();
        for id in 1..=3 {
            let mut tables = vec![("a".to_string(), table(&[id]))];
            publish(&ws, id, &mut tables, 1, Some(&mut written), None).expect("publish");
            assert_eq!(current_run_id(&ws), Some(id));
            // Whatever is still being removed is out of the runs' names.
            assert!(!ws.results().join(format!("run-{}", id - 1)).exists());
        }
        if let Some(removing) = written.removing.take() {
            removing.join().expect("removed");
        }
        let left: Vec<String> = fs::read_dir(ws.results())
            .expect("results")
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n != "current")
            .collect();
        assert_eq!(
            left,
            vec!["run-3".to_string()],
            "only the current run is left"
        );
    }
}
