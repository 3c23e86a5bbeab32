//! Where a file goes once its data are committed, and getting it there
//! without ever losing a byte: the bytes that were hashed and parsed are
//! written to their destination and synced before the inbox copy is
//! removed, and the inbox copy is removed only if it has not changed since.

use std::fs::{self, File};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use sha2::{Digest, Sha256};

pub fn sha256_hex(bytes: &[u8]) -> String {
    format!("{:x}", Sha256::digest(bytes))
}

/// The SHA-256 of a file, read in pieces.
pub fn sha256_file(path: &Path) -> std::io::Result<String> {
    let mut f = File::open(path)?;
    let mut h = Sha256::new();
    std::io::copy(&mut f, &mut h)?;
    Ok(format!("{:x}", h.finalize()))
}

/// A file name safe to create inside the workspace: one path component,
/// no separators or control characters, at most 180 bytes.
pub fn safe_name(name: &str) -> String {
    let mut cleaned: String = name
        .chars()
        .map(|c| {
            if c == '/' || c == '\\' || c.is_control() {
                '_'
            } else {
                c
            }
        })
        .collect();
    if cleaned.is_empty() || cleaned == "." || cleaned == ".." {
        cleaned = "unnamed".into();
    }
    if cleaned.len() > 180 {
        let ext = Path::new(&cleaned)
            .extension()
            .and_then(|e| e.to_str())
            .filter(|e| e.len() <= 10)
            .map(|e| format!(".{e}"))
            .unwrap_or_default();
        let mut stem: String = String::new();
        for c in cleaned.chars() {
            if stem.len() + c.len_utf8() + ext.len() > 180 {
                break;
            }
            stem.push(c);
        }
        cleaned = format!("{stem}{ext}");
    }
    cleaned
}

/// `dir/name`, or `dir/stem~2.ext`, `~3`, ... : the first that neither
/// exists nor is already planned in this batch. Never overwrites.
pub fn unique_path(dir: &Path, name: &str, planned: &dyn Fn(&Path) -> bool) -> PathBuf {
    let first = dir.join(name);
    if !first.exists() && !planned(&first) {
        return first;
    }
    let p = Path::new(name);
    let stem = p.file_stem().and_then(|s| s.to_str()).unwrap_or(name);
    let ext = p
        .extension()
        .and_then(|e| e.to_str())
        .map(|e| format!(".{e}"))
        .unwrap_or_default();
    (2..)
        .map(|i| dir.join(format!("{stem}~{i}{ext}")))
        .find(|c| !c.exists() && !planned(c))
        .unwrap_or(first)
}

/// Write bytes to a new private file (returns hold contact details).
pub fn write_file(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir)?;
    }
    let mut opts = fs::OpenOptions::new();
    opts.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    opts.open(path)?.write_all(bytes)
}

/// Write bytes to a new private file and sync it and its directory.
pub fn write_synced(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_file(path, bytes)?;
    sync_all(std::iter::once(path))
}

/// Replace a file whole or not at all: write a sibling, sync it, rename it
/// over `path`, then sync the directory (where the platform allows), so a
/// reader or a crash never sees half of it.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

/// Remove a file from the inbox.
pub fn remove_from_inbox(source: &Path) -> std::io::Result<()> {
    crate::fault::denied("remove")?;
    fs::remove_file(source)
}

/// Put the file's bytes (or, for a file too large to hold, the file
/// itself) at `dest`, not yet synced: see [`sync_all`].
pub fn put(source: &Path, dest: &Path, bytes: Option<&[u8]>) -> std::io::Result<()> {
    crate::fault::no_space("place")?;
    match bytes {
        Some(b) => write_file(dest, b),
        None => move_large(source, dest),
    }
}

/// How many files are synced at once: each sync waits on the disk, and
/// the filesystem commits syncs that wait together in one journal write.
const SYNC_THREADS: usize = 8;

/// Make files durable: every file (several at once), then each directory
/// they are in, once.
pub fn sync_all<'a>(paths: impl Iterator<Item = &'a Path>) -> std::io::Result<()> {
    let paths: Vec<&Path> = paths.collect();
    let chunk = paths.len().div_ceil(SYNC_THREADS).max(1);
    std::thread::scope(|scope| {
        let workers: Vec<_> = paths
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || -> std::io::Result<()> {
                    for p in part {
                        File::open(p)?.sync_all()?;
                    }
                    Ok(())
                })
            })
            .collect();
        workers.into_iter().try_for_each(|w| {
            w.join()
                .unwrap_or_else(|_| Err(std::io::Error::other("a file sync thread failed")))
        })
    })?;
    let mut dirs: Vec<&Path> = Vec::new();
    for d in paths.iter().filter_map(|p| p.parent()) {
        if !dirs.contains(&d) {
            dirs.push(d);
        }
    }
    for d in dirs {
        if let Ok(f) = File::open(d) {
            // Not every platform can sync a directory.
            let _ = f.sync_all();
        }
    }
    Ok(())
}

/// What says a file is still the one that was read: its size and
/// modification time, and on Unix its inode and change time — which no
/// program can set back, so a file overwritten in place with its old size
/// and modification time restored, or another file renamed in with them,
/// is seen as changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileStamp {
    pub size: u64,
    modified: Option<SystemTime>,
    inode: u64,
    changed: (i64, i64),
}

impl FileStamp {
    /// The stamp of the file at `path` (a link's own, never its target's).
    pub fn of(path: &Path) -> std::io::Result<FileStamp> {
        fs::symlink_metadata(path).map(|m| FileStamp::from_metadata(&m))
    }

    fn from_metadata(m: &fs::Metadata) -> FileStamp {
        #[cfg(unix)]
        let (inode, changed) = {
            use std::os::unix::fs::MetadataExt;
            (m.ino(), (m.ctime(), m.ctime_nsec()))
        };
        #[cfg(not(unix))]
        let (inode, changed) = (0, (0, 0));
        FileStamp {
            size: m.len(),
            modified: m.modified().ok(),
            inode,
            changed,
        }
    }
}

/// Remove the inbox copy if it is still the one that was read (the same
/// [`FileStamp`]). A file changed in the meantime stays in the inbox and is
/// read again as new. Returns whether it was removed.
pub fn remove_if_unchanged(source: &Path, read: &FileStamp) -> std::io::Result<bool> {
    let unchanged = FileStamp::of(source).is_ok_and(|now| now == *read);
    if unchanged {
        remove_from_inbox(source)?;
    }
    Ok(unchanged)
}

/// Move an inbox file to its destination by renaming it — no copy to
/// write — when it is still the file that was read: a regular file with
/// one link and the same [`FileStamp`]. `Ok(false)`: not renamed (changed
/// meanwhile, a link, or another filesystem), so the bytes read are to be
/// written instead.
pub fn rename_if_unchanged(source: &Path, dest: &Path, read: &FileStamp) -> std::io::Result<bool> {
    crate::fault::no_space("place")?;
    // Renaming out of the inbox needs the right to remove from it; without
    // it the bytes are written instead and the inbox copy stays.
    if crate::fault::denied("remove").is_err() {
        return Ok(false);
    }
    let Ok(meta) = fs::symlink_metadata(source) else {
        return Ok(false);
    };
    #[cfg(unix)]
    let single = {
        use std::os::unix::fs::MetadataExt;
        meta.nlink() == 1
    };
    #[cfg(not(unix))]
    let single = true;
    if !meta.file_type().is_file() || !single || FileStamp::from_metadata(&meta) != *read {
        return Ok(false);
    }
    if let Some(dir) = dest.parent() {
        fs::create_dir_all(dir)?;
    }
    if fs::rename(source, dest).is_err() {
        return Ok(false);
    }
    // Kept files are private, as a written copy is; a file that keeps its
    // old mode is still safely placed, so this is only warned about.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if let Err(e) = fs::set_permissions(dest, fs::Permissions::from_mode(0o600)) {
            tracing::warn!(file = %dest.display(), error = %e, "placed, but could not make the file private");
        }
    }
    Ok(true)
}

/// Files too large to hold in memory are renamed (or copied across devices).
fn move_large(source: &Path, dest: &Path) -> std::io::Result<()> {
    if let Some(dir) = dest.parent() {
        fs::create_dir_all(dir)?;
    }
    match fs::rename(source, dest) {
        Ok(()) => Ok(()),
        Err(_) => fs::copy(source, dest).map(|_| ()),
    }
}

/// The reason file beside a rejected file.
pub fn error_text(name: &str, sha: &str, received: &str, reason: &str, hint: &str) -> String {
    let name = crate::format::sanitise(name);
    format!(
        "jobtally could not use the file \"{name}\".\n\n\
         Why: {reason}\n\n\
         What to do: {hint}\n\n\
         Received: {received}\nSHA-256: {sha}\n\
         The file is kept here unchanged; nothing in it was used.\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn safe_names_stay_inside() {
        assert_eq!(safe_name("a/../b.xlsx"), "a_.._b.xlsx");
        assert_eq!(safe_name(".."), "unnamed");
        let long = format!("{}.xlsx", "é".repeat(300));
        let s = safe_name(&long);
        assert!(s.len() <= 180 && s.ends_with(".xlsx"));
    }

    #[test]
    fn unique_paths_never_overwrite() {
        let dir = tempfile::tempdir().expect("tempdir");
        fs::write(dir.path().join("a.xlsx"), b"x").expect("write");
        let p = unique_path(dir.path(), "a.xlsx", &|_| false);
        assert_eq!(p, dir.path().join("a~2.xlsx"));
        let planned = dir.path().join("a~2.xlsx");
        let p = unique_path(dir.path(), "a.xlsx", &|c| c == planned);
        assert_eq!(p, dir.path().join("a~3.xlsx"));
    }
}
