//! `results/`: each run writes its tables as parquet into a new
//! `run-<id>/` directory, then `current` (a small file naming the run) is
//! replaced atomically, so a reader never sees half a run.

use std::fs::{self, File};
use std::io::Write;
use std::path::{Path, PathBuf};

use polars::prelude::*;

use crate::workspace::Workspace;

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

/// Write every table of a run and make it the current one, then prune
/// the runs beyond the newest `keep_runs`.
pub fn publish(
    ws: &Workspace,
    run_id: i64,
    tables: &mut [(String, DataFrame)],
    keep_runs: usize,
) -> Result<PathBuf, ResultsError> {
    let name = format!("run-{run_id}");
    let staging = ws.results().join(format!(".{name}.partial"));
    let final_dir = ws.results().join(&name);
    if staging.exists() {
        fs::remove_dir_all(&staging).map_err(io_err(&staging))?;
    }
    fs::create_dir_all(&staging).map_err(io_err(&staging))?;
    if let Err(e) = write_tables(&staging, tables) {
        // Half a run is of no use, and on a full disk its space is needed.
        let _ = fs::remove_dir_all(&staging);
        return Err(e);
    }
    if final_dir.exists() {
        // Left by a run that crashed before publishing: replace it.
        fs::remove_dir_all(&final_dir).map_err(io_err(&final_dir))?;
    }
    fs::rename(&staging, &final_dir).map_err(io_err(&final_dir))?;
    write_atomic(
        &ws.results().join("current"),
        format!("{name}\n").as_bytes(),
    )?;
    prune(ws, run_id, keep_runs);
    Ok(final_dir)
}

/// Each table as a parquet file in `dir`, synced. A table is encoded in
/// memory first, so a failed write (a full disk) is reported as what it
/// is, not as an encoder's error. The files are synced together at the
/// end, several at once, then the directory.
fn write_tables(dir: &Path, tables: &mut [(String, DataFrame)]) -> Result<(), ResultsError> {
    let mut written = Vec::with_capacity(tables.len());
    for (table, df) in tables.iter_mut() {
        let path = dir.join(format!("{table}.parquet"));
        let mut bytes = Vec::new();
        ParquetWriter::new(&mut bytes)
            .with_compression(ParquetCompression::Uncompressed)
            .finish(df)
            .map_err(|source| ResultsError::Write {
                table: table.clone(),
                source,
            })?;
        let mut file = File::create(&path).map_err(io_err(&path))?;
        crate::fault::no_space("results").map_err(io_err(&path))?;
        file.write_all(&bytes).map_err(io_err(&path))?;
        written.push(path);
    }
    crate::watch::mover::sync_all(written.iter().map(PathBuf::as_path)).map_err(io_err(dir))
}

/// Remove run directories older than the newest `keep` (never `current`),
/// and staging directories a crash left behind. Each goes by a rename out
/// of the `run-<id>` namespace first, so a half-removed run is never seen
/// as one. Only the worker holding the workspace lock publishes, so no
/// other run is being written meanwhile. A directory that cannot be removed
/// is logged and tried again next time.
fn prune(ws: &Workspace, current: i64, keep: usize) {
    let Ok(entries) = fs::read_dir(ws.results()) else {
        return;
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
    for path in leftovers {
        if let Err(e) = fs::remove_dir_all(&path) {
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
