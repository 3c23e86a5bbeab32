//! The reading machinery below every kind: workbooks and CSVs into cells,
//! batch headers, header scoring, cell-to-value conventions, the coded
//! answer interpreter and the guarded reader threads. Every reader ends in
//! the same [`Return`]; a kind's own readers and rules live in its folder
//! under `kinds/`, and `kinds::read` reads a file by asking each kind.

pub mod bounds;
pub mod cells;
pub mod clean;
pub mod coded;
pub mod csvfile;
pub mod form_schema;
pub mod layout_batch;
pub mod model;
pub mod privacy;
pub mod recognise;
pub mod schema;
pub mod sheets;
pub mod text;
pub mod values;
pub mod workbook;

pub use model::{
    Layout, Note, PerKind, RawReturn, Return, ReturnKeys, ReturnKind, Severity, StoredReturn,
};
pub use schema::Schema;
pub use values::Value;

use cells::Grid;
pub use sheets::{extras_report, not_a_return};

/// Guards applied before and while reading, from `config/jobtally.toml`.
#[derive(Debug, Clone, Copy)]
pub struct ReadLimits {
    pub max_file_bytes: u64,
    pub max_uncompressed_bytes: u64,
    pub max_cells: u64,
    /// A read taking longer than this is abandoned and the file rejected.
    pub max_seconds: u64,
    /// Returns (rows, responses, records) one file may hold.
    pub max_returns_per_file: usize,
    /// Characters one text value may hold; longer is cut, with a note.
    pub max_text_chars: usize,
    /// Characters a name (a service, council, provider or site) may hold.
    pub max_name_chars: usize,
    /// Warnings and notes one file may put in the queue one by one.
    pub max_notes_per_file: usize,
}

impl Default for ReadLimits {
    fn default() -> Self {
        ReadLimits {
            max_file_bytes: 50 * 1024 * 1024,
            max_uncompressed_bytes: 200 * 1024 * 1024,
            max_cells: 2_000_000,
            max_seconds: 60,
            max_returns_per_file: 10_000,
            max_text_chars: 2_000,
            max_name_chars: 200,
            max_notes_per_file: 1_000,
        }
    }
}

/// Why a file could not be read. Each says, in plain English, what is wrong;
/// [`IngestError::hint`] says what to do about it.
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    #[error("empty file (0 bytes)")]
    Empty,
    #[error("no data rows: the file has a header row but no services beneath it")]
    NoDataRows,
    #[error(
        "not a service return or commissioner survey: could not find {missing} (looked for the labels or column headers {looked_for})"
    )]
    NotAReturn { missing: String, looked_for: String },
    #[error("the file mixes two kinds of return: {detail}")]
    MixedKinds { detail: String },
    #[error("the return has no figures filled in")]
    Blank,
    #[error("the workbook is password-protected (encrypted), so it cannot be read")]
    Encrypted,
    #[error("not a spreadsheet: {detail}")]
    NotSpreadsheet { detail: String },
    #[error("the workbook is damaged or truncated: {detail}")]
    Corrupt { detail: String },
    #[error("unsupported file type \".{ext}\"")]
    Unsupported { ext: String },
    #[error("the file is {size} bytes, over the limit of {limit} bytes; it was not read")]
    TooLarge { size: u64, limit: u64 },
    #[error(
        "the workbook would expand to {size} bytes when opened, over the limit of {limit} bytes; it was not read"
    )]
    Expands { size: u64, limit: u64 },
    #[error("sheet '{sheet}' has {cells} cells, over the limit of {limit}")]
    TooManyCells {
        sheet: String,
        cells: u64,
        limit: u64,
    },
    #[error("the file holds {returns} returns (rows), over the limit of {limit} a file")]
    TooManyReturns { returns: usize, limit: usize },
    #[error("reading the file took longer than {seconds} s and was stopped")]
    Timeout { seconds: u64 },
    #[error("the file could not be read: the spreadsheet reader failed on it ({detail})")]
    ReaderFailed { detail: String },
}

impl IngestError {
    /// What the sender should do, for `rejected/<name>.error.txt`.
    pub fn hint(&self) -> &'static str {
        match self {
            IngestError::Empty => {
                "The file arrived empty - it may still have been copying. Save it again and drop it into the inbox again."
            }
            IngestError::NoDataRows => {
                "Add one row per service under the header row, then drop the file into the inbox again."
            }
            IngestError::NotAReturn { .. } | IngestError::Blank => {
                "Use the jobtally template (`jobtally template --out return.xlsx`) or the study form, fill in at least the service name and the number of people supported, and drop it into the inbox again."
            }
            IngestError::MixedKinds { .. } => {
                "Put each kind of return in a file (or sheet) of its own - `jobtally template --kind <kind>` writes each one's layout - and drop them into the inbox again."
            }
            IngestError::Timeout { .. } | IngestError::ReaderFailed { .. } => {
                "Open the file in Excel, save it again as a new .xlsx (or export it as CSV), and drop that into the inbox."
            }
            IngestError::Encrypted => {
                "Remove the password (File > Info > Protect Workbook > Encrypt with Password, clear it), save, and drop the file into the inbox again."
            }
            IngestError::NotSpreadsheet { .. } | IngestError::Unsupported { .. } => {
                "Save the return as an Excel workbook (.xlsx) or a CSV file and drop it into the inbox again."
            }
            IngestError::Corrupt { .. } => {
                "Open the file in Excel to check it, save it again as .xlsx (or ask the sender for a fresh copy), and drop it into the inbox again."
            }
            IngestError::TooLarge { .. }
            | IngestError::Expands { .. }
            | IngestError::TooManyCells { .. }
            | IngestError::TooManyReturns { .. } => {
                "A return is small: check this is the right file, remove unrelated sheets or data, or ask the administrator to raise the limit in config/jobtally.toml."
            }
        }
    }
}

/// What a file held.
#[derive(Debug, Clone, Default)]
pub struct FileRead {
    pub returns: Vec<Return>,
    /// Unrecognised labels, extra columns, skipped sheets: for the ingest report.
    pub report: Vec<String>,
}

/// File kinds by name; anything else is refused without being read.
pub fn extension(name: &str) -> String {
    std::path::Path::new(name)
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase()
}

/// A file's rows as read, each with the layout it was read in.
pub type Rows = Vec<(RawReturn, Layout)>;

/// What reading a file gathers besides its rows.
#[derive(Default)]
pub struct Reading {
    /// The ingest report's lines so far.
    pub report: Vec<String>,
    /// Identifier columns taken out of person records.
    pub stripped: Vec<privacy::Stripped>,
    /// The header fits of the sheet read (the best-fitting sheet of a
    /// workbook), for saying which kind the file was read as and why.
    pub kind_fits: Vec<recognise::Fit>,
    /// A workbook's sheets, kept to score a form read from one of them.
    pub sheets: Vec<Grid>,
}

/// Refuse a file before reading it: empty, or over the size limit.
pub fn check_size(bytes: &[u8], limits: &ReadLimits) -> Result<(), IngestError> {
    if bytes.is_empty() {
        return Err(IngestError::Empty);
    }
    if bytes.len() as u64 > limits.max_file_bytes {
        return Err(IngestError::TooLarge {
            size: bytes.len() as u64,
            limit: limits.max_file_bytes,
        });
    }
    Ok(())
}

/// How one file's bytes are read into returns (`kinds::read::read_bytes`,
/// which knows every kind).
pub type ReadFn = fn(&str, &[u8], &ReadLimits) -> Result<FileRead, IngestError>;

/// A file to read: its name (for its kind) and its bytes.
pub type ReadJob = (String, std::sync::Arc<Vec<u8>>);

/// Read many files in parallel on a few reader threads (one per core, at
/// most four), so no file can stop the others: a panic in a reader becomes
/// that file's rejection, and when no read finishes for
/// `limits.max_seconds` the files still out are rejected as too slow (their
/// threads are left to finish on their own). Results come back in order.
pub fn read_all(
    jobs: Vec<(String, std::sync::Arc<Vec<u8>>)>,
    limits: &ReadLimits,
    read: ReadFn,
) -> Vec<Result<FileRead, IngestError>> {
    use std::sync::mpsc;
    use std::sync::{Arc, Mutex};
    let n = jobs.len();
    if n == 0 {
        return Vec::new();
    }
    let workers = std::thread::available_parallelism()
        .map_or(2, |p| p.get())
        .clamp(1, 4)
        .min(n);
    let (job_tx, job_rx) = mpsc::channel::<(usize, String, Arc<Vec<u8>>)>();
    let job_rx = Arc::new(Mutex::new(job_rx));
    let (res_tx, res_rx) = mpsc::channel();
    let mut spawned = 0;
    for _ in 0..workers {
        let (jobs, results, limits) = (Arc::clone(&job_rx), res_tx.clone(), *limits);
        let worker = std::thread::Builder::new().name("reader".into()).spawn(move || {
            loop {
                let job = match jobs.lock() {
                    Ok(queue) => queue.recv(),
                    Err(_) => break,
                };
                let Ok((index, name, bytes)) = job else { break };
                let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    read(&name, &bytes, &limits).and_then(|read| bounds::bound(read, &limits))
                }));
                let outcome = outcome.unwrap_or_else(|panic| {
                    let detail = panic
                        .downcast_ref::<&str>()
                        .map(|s| s.to_string())
                        .or_else(|| panic.downcast_ref::<String>().cloned())
                        .unwrap_or_else(|| "unknown".into());
                    tracing::error!(file = %name, detail = %detail, "a reader panicked; the file is rejected");
                    Err(IngestError::ReaderFailed { detail })
                });
                if results.send((index, outcome)).is_err() {
                    break;
                }
            }
        });
        spawned += usize::from(worker.is_ok());
    }
    drop(res_tx);
    if spawned == 0 {
        return (0..n)
            .map(|_| {
                Err(IngestError::ReaderFailed {
                    detail: "no reader thread could be started".into(),
                })
            })
            .collect();
    }
    for (i, (name, bytes)) in jobs.into_iter().enumerate() {
        if job_tx.send((i, name, bytes)).is_err() {
            break;
        }
    }
    drop(job_tx);
    let mut results: Vec<Option<Result<FileRead, IngestError>>> = (0..n).map(|_| None).collect();
    let mut outstanding = n;
    let stall = std::time::Duration::from_secs(limits.max_seconds.max(1));
    while outstanding > 0 {
        match res_rx.recv_timeout(stall) {
            Ok((i, r)) => {
                results[i] = Some(r);
                outstanding -= 1;
            }
            Err(_) => break,
        }
    }
    results
        .into_iter()
        .map(|r| {
            r.unwrap_or(Err(IngestError::Timeout {
                seconds: limits.max_seconds,
            }))
        })
        .collect()
}

/// One file through [`read_all`].
pub fn read_guarded(
    name: &str,
    bytes: std::sync::Arc<Vec<u8>>,
    limits: &ReadLimits,
    read: ReadFn,
) -> Result<FileRead, IngestError> {
    read_all(vec![(name.to_string(), bytes)], limits, read)
        .pop()
        .unwrap_or(Err(IngestError::ReaderFailed {
            detail: "no result".into(),
        }))
}
