//! One directory holds a deployment: `inbox/` (the only place people write),
//! `archive/`, `rejected/`, `results/`, `state.db` and `logs/`.
//!
//! Directories are created private (0700): returns carry contact details.
//! The lock file keeps two processes from working one inbox at once.

use std::fs;
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

/// How long taking the lock keeps trying before it says another process
/// holds it.
const LOOK_OUTLASTED: std::time::Duration = std::time::Duration::from_millis(750);

#[derive(Debug, Clone)]
pub struct Workspace {
    pub root: PathBuf,
}

#[derive(Debug, thiserror::Error)]
pub enum WorkspaceError {
    #[error("cannot create workspace directory {path}: {source}")]
    Create {
        path: String,
        source: std::io::Error,
    },
    #[error("{path} exists and is not a directory")]
    NotADirectory { path: String },
    #[error(
        "there is no workspace at {path}: give the right --workspace, or start one there with `jobtally run` (or `jobtally demo` for example returns)"
    )]
    Missing { path: String },
    #[error(
        "the workspace {root} is in use by another jobtally process (PID {pid}); stop it first, or let it process the inbox"
    )]
    Locked {
        root: String,
        pid: u32,
        /// The holder watches the inbox (a daemon or a UI), so it holds the
        /// workspace until it stops; else it is a command that lets go soon.
        watching: bool,
        /// The holder is a UI watching as a convenience: it hands the
        /// watching over when `jobtally watch` asks ([`Workspace::ask_to_hand_over`]).
        hands_over: bool,
    },
    #[error("cannot take the workspace lock {path}: {source}")]
    Lock {
        path: String,
        source: std::io::Error,
    },
}

impl Workspace {
    /// Open a workspace that exists already: for commands that only read
    /// or change what is there, so a mistyped path is not made a new
    /// workspace.
    pub fn existing(root: &Path) -> Result<Workspace, WorkspaceError> {
        if !root.exists() {
            return Err(WorkspaceError::Missing {
                path: root.display().to_string(),
            });
        }
        Workspace::open(root)
    }

    /// Open (creating if needed) a workspace directory and its layout.
    pub fn open(root: &Path) -> Result<Workspace, WorkspaceError> {
        if root.exists() && !root.is_dir() {
            return Err(WorkspaceError::NotADirectory {
                path: root.display().to_string(),
            });
        }
        let ws = Workspace {
            root: root.to_path_buf(),
        };
        for dir in [
            ws.root.clone(),
            ws.inbox(),
            ws.archive(),
            ws.rejected(),
            ws.results(),
            ws.logs(),
        ] {
            create_private_dir(&dir)?;
        }
        Ok(ws)
    }

    pub fn inbox(&self) -> PathBuf {
        self.root.join("inbox")
    }
    pub fn archive(&self) -> PathBuf {
        self.root.join("archive")
    }
    pub fn rejected(&self) -> PathBuf {
        self.root.join("rejected")
    }
    pub fn results(&self) -> PathBuf {
        self.root.join("results")
    }
    pub fn logs(&self) -> PathBuf {
        self.root.join("logs")
    }
    pub fn state_db(&self) -> PathBuf {
        self.root.join("state.db")
    }
    fn lock_path(&self) -> PathBuf {
        self.root.join("jobtally.lock")
    }

    /// Take the workspace lock: an exclusive lock the operating system
    /// holds on `jobtally.lock` for as long as the returned guard lives
    /// (`flock` on Unix), so two processes can never both hold it, and a
    /// lock whose process has died — crashed, killed, rebooted — is free
    /// whatever PID the file still names. The PID written into the file is
    /// only for messages.
    pub fn lock(&self) -> Result<WorkspaceLock, WorkspaceError> {
        self.lock_as(Holder::Command)
    }

    /// The lock, saying in the lock file what kind of holder takes it.
    pub fn lock_as(&self, holder: Holder) -> Result<WorkspaceLock, WorkspaceError> {
        let path = self.lock_path();
        let lock_err = |source| WorkspaceError::Lock {
            path: path.display().to_string(),
            source,
        };
        let mut file = open_lock_file(&path).map_err(lock_err)?;
        // `status` and the UI look at the lock by taking a shared lock for
        // a moment. Trying again for a while outlasts such a look, even when
        // the looking process is descheduled on a busy machine; a worker
        // holds its lock for far longer than this.
        let deadline = std::time::Instant::now() + LOOK_OUTLASTED;
        loop {
            match file.try_lock() {
                Ok(()) => break,
                Err(fs::TryLockError::WouldBlock) if std::time::Instant::now() < deadline => {
                    std::thread::sleep(std::time::Duration::from_millis(20));
                }
                Err(fs::TryLockError::WouldBlock) => {
                    let (pid, watching, hands_over) = read_holder(&mut file);
                    return Err(WorkspaceError::Locked {
                        root: self.root.display().to_string(),
                        pid,
                        watching,
                        hands_over,
                    });
                }
                Err(fs::TryLockError::Error(e)) => return Err(lock_err(e)),
            }
        }
        // Held: say who holds it. The file is never removed (removing it
        // would let a third process lock a new file while a second waits on
        // the old one).
        file.set_len(0).map_err(lock_err)?;
        file.seek(SeekFrom::Start(0)).map_err(lock_err)?;
        writeln!(file, "{}", std::process::id()).map_err(lock_err)?;
        if holder != Holder::Command {
            writeln!(file, "{WATCHER}").map_err(lock_err)?;
        }
        if holder == Holder::Ui {
            writeln!(file, "{HANDS_OVER}").map_err(lock_err)?;
        }
        file.sync_all().map_err(lock_err)?;
        Ok(WorkspaceLock { _file: file })
    }

    /// The PID of the process holding the lock, if one does (0 when it
    /// holds it but the file does not say who).
    pub fn lock_holder(&self) -> Option<u32> {
        self.holder().map(|(pid, _)| pid)
    }

    /// The process holding the lock, if one does, and whether it watches
    /// the inbox.
    pub fn holder(&self) -> Option<(u32, bool)> {
        let mut file = open_lock_file(&self.lock_path()).ok()?;
        match file.try_lock_shared() {
            Ok(()) => None,
            Err(fs::TryLockError::WouldBlock) => {
                let (pid, watching, _) = read_holder(&mut file);
                Some((pid, watching))
            }
            Err(fs::TryLockError::Error(_)) => None,
        }
    }

    fn hand_over_path(&self) -> PathBuf {
        self.root.join("jobtally.watch-request")
    }

    /// Ask a UI that watches as a convenience to hand the watching over
    /// (`jobtally watch` does, then waits for the lock).
    pub fn ask_to_hand_over(&self) -> std::io::Result<()> {
        fs::write(self.hand_over_path(), format!("{}\n", std::process::id()))
    }

    /// Whether a `jobtally watch` asked for the watching.
    pub fn hand_over_asked(&self) -> bool {
        self.hand_over_path().exists()
    }

    /// The request is met (or given up): forget it.
    pub fn hand_over_done(&self) {
        if let Err(e) = fs::remove_file(self.hand_over_path())
            && e.kind() != std::io::ErrorKind::NotFound
        {
            tracing::warn!(error = %e, "could not remove the watch request");
        }
    }
}

/// Every regular file under `dir`, at any depth, in no set order.
/// Symbolic links are not followed (the results' `current` link would give
/// a run's files twice); a folder that cannot be read gives none.
pub fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(folder) = pending.pop() {
        let Ok(entries) = fs::read_dir(&folder) else {
            continue;
        };
        for e in entries.flatten() {
            match e.file_type() {
                Ok(t) if t.is_dir() => pending.push(e.path()),
                Ok(t) if t.is_file() => out.push(e.path()),
                _ => {}
            }
        }
    }
    out
}

/// The disk (or the user's quota on it) is full.
pub fn is_no_space(e: &std::io::Error) -> bool {
    matches!(
        e.kind(),
        std::io::ErrorKind::StorageFull | std::io::ErrorKind::QuotaExceeded
    )
}

fn open_lock_file(path: &Path) -> std::io::Result<fs::File> {
    fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(path)
}

/// Who takes the workspace lock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Holder {
    /// A command that lets go when it is done (`run`, `queue set`).
    Command,
    /// A daemon watching the inbox: it holds on until it stops.
    Watcher,
    /// A UI watching the inbox as a convenience: it holds on until it
    /// stops, or until `jobtally watch` asks for the watching.
    Ui,
}

/// The lock file's second line when a watcher holds it.
const WATCHER: &str = "watching";
/// Its third line when the watcher is a UI that hands over to `watch`.
const HANDS_OVER: &str = "hands over";

fn read_lock_file(file: &mut fs::File) -> Option<String> {
    let mut text = String::new();
    file.seek(SeekFrom::Start(0)).ok()?;
    file.read_to_string(&mut text).ok()?;
    Some(text)
}

/// The holder's PID (0 when the file does not say), whether it watches,
/// and whether it hands the watching over when asked.
fn read_holder(file: &mut fs::File) -> (u32, bool, bool) {
    let text = read_lock_file(file).unwrap_or_default();
    let mut lines = text.lines();
    let pid = lines
        .next()
        .and_then(|l| l.trim().parse().ok())
        .unwrap_or(0);
    let rest: Vec<&str> = lines.map(str::trim).collect();
    (pid, rest.contains(&WATCHER), rest.contains(&HANDS_OVER))
}

/// Held while it lives; the operating system releases the lock when the
/// file is closed, however the process ends.
#[derive(Debug)]
pub struct WorkspaceLock {
    _file: fs::File,
}

pub fn create_private_dir(dir: &Path) -> Result<(), WorkspaceError> {
    let err = |source| WorkspaceError::Create {
        path: dir.display().to_string(),
        source,
    };
    if dir.is_dir() {
        return Ok(());
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)
            .map_err(err)
    }
    #[cfg(not(unix))]
    {
        fs::create_dir_all(dir).map_err(err)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_under_finds_every_depth_and_follows_no_link() -> std::io::Result<()> {
        let dir = tempfile::tempdir()?;
        let deep = dir.path().join("a/b");
        fs::create_dir_all(&deep)?;
        fs::write(dir.path().join("top.csv"), "x")?;
        fs::write(deep.join("deep.xlsx"), "x")?;
        #[cfg(unix)]
        std::os::unix::fs::symlink(dir.path().join("a"), dir.path().join("link"))?;
        let mut found: Vec<String> = files_under(dir.path())
            .iter()
            .filter_map(|p| p.strip_prefix(dir.path()).ok())
            .map(|p| p.to_string_lossy().into_owned())
            .collect();
        found.sort();
        assert_eq!(found, ["a/b/deep.xlsx", "top.csv"]);
        assert!(files_under(&dir.path().join("absent")).is_empty());
        Ok(())
    }
}
