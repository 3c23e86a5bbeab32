//! One directory holds a deployment: `inbox/` (the only place people write),
//! `archive/`, `rejected/`, `results/`, `state.db` and `logs/`.
//!
//! Directories are created private (0700): returns carry contact details.
//! The lock file keeps two processes from working one inbox at once.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

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
        "the workspace {root} is in use by another jobtally process (PID {pid}); stop it first, or let it process the inbox"
    )]
    Locked { root: String, pid: u32 },
    #[error("cannot take the workspace lock {path}: {source}")]
    Lock {
        path: String,
        source: std::io::Error,
    },
}

impl Workspace {
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

    /// Take the workspace lock. A lock left by a process that no longer
    /// runs is taken over (and said so in the log).
    pub fn lock(&self) -> Result<WorkspaceLock, WorkspaceError> {
        let path = self.lock_path();
        let lock_err = |source| WorkspaceError::Lock {
            path: path.display().to_string(),
            source,
        };
        for _ in 0..2 {
            match fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&path)
            {
                Ok(mut f) => {
                    writeln!(f, "{}", std::process::id()).map_err(lock_err)?;
                    f.sync_all().map_err(lock_err)?;
                    return Ok(WorkspaceLock { path });
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    let holder = fs::read_to_string(&path)
                        .ok()
                        .and_then(|s| s.trim().parse::<u32>().ok());
                    match holder {
                        Some(pid) if pid != std::process::id() && process_alive(pid) => {
                            return Err(WorkspaceError::Locked {
                                root: self.root.display().to_string(),
                                pid,
                            });
                        }
                        _ => {
                            tracing::warn!(lock = %path.display(), holder = ?holder, "taking over a stale workspace lock");
                            fs::remove_file(&path).map_err(lock_err)?;
                        }
                    }
                }
                Err(e) => return Err(lock_err(e)),
            }
        }
        Err(lock_err(std::io::Error::other(
            "lock file keeps reappearing",
        )))
    }

    /// The PID holding the lock, if a live process does.
    pub fn lock_holder(&self) -> Option<u32> {
        let pid = fs::read_to_string(self.lock_path())
            .ok()?
            .trim()
            .parse::<u32>()
            .ok()?;
        process_alive(pid).then_some(pid)
    }
}

/// Released when dropped.
#[derive(Debug)]
pub struct WorkspaceLock {
    path: PathBuf,
}

impl Drop for WorkspaceLock {
    fn drop(&mut self) {
        if let Err(e) = fs::remove_file(&self.path) {
            tracing::warn!(error = %e, "could not remove the workspace lock");
        }
    }
}

fn process_alive(pid: u32) -> bool {
    // /proc is the portable-enough answer on Linux; elsewhere assume alive
    // so that a lock is never broken wrongly.
    if cfg!(target_os = "linux") {
        Path::new(&format!("/proc/{pid}")).exists()
    } else {
        true
    }
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
