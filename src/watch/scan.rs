//! The inbox listing: what is there to take, and what is left alone.
//! Only regular files directly in `inbox/`; symlinks are never followed
//! and sub-directories never entered.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

#[derive(Debug, Clone)]
pub struct Candidate {
    pub name: String,
    pub path: PathBuf,
    pub size: u64,
    pub modified: SystemTime,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ignored {
    pub name: String,
    pub why: &'static str,
}

#[derive(Debug, Default)]
pub struct Scan {
    /// In processing order: modification time, then name.
    pub candidates: Vec<Candidate>,
    pub ignored: Vec<Ignored>,
}

/// Names that are still being written or belong to another program.
pub fn temporary_name(name: &str) -> Option<&'static str> {
    let lower = name.to_lowercase();
    if name.starts_with("~$") {
        Some("Office lock file")
    } else if name.starts_with('.') {
        Some("hidden file")
    } else if [
        ".tmp",
        ".part",
        ".partial",
        ".crdownload",
        ".download",
        ".swp",
    ]
    .iter()
    .any(|s| lower.ends_with(s))
    {
        Some("temporary file still being written")
    } else {
        None
    }
}

pub fn scan_inbox(inbox: &Path) -> std::io::Result<Scan> {
    let mut scan = Scan::default();
    for entry in fs::read_dir(inbox)? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        // symlink_metadata: a link is reported as a link, never followed.
        let meta = match fs::symlink_metadata(entry.path()) {
            Ok(m) => m,
            Err(_) => continue, // gone since the listing
        };
        let ft = meta.file_type();
        let why = if ft.is_symlink() {
            Some("symbolic link (not followed)")
        } else if ft.is_dir() {
            Some("sub-directory (not entered)")
        } else if !ft.is_file() {
            Some("not a regular file")
        } else {
            temporary_name(&name)
        };
        match why {
            Some(why) => scan.ignored.push(Ignored { name, why }),
            None => scan.candidates.push(Candidate {
                name,
                path: entry.path(),
                size: meta.len(),
                modified: meta.modified().unwrap_or(SystemTime::UNIX_EPOCH),
            }),
        }
    }
    scan.candidates.sort_by(|a, b| {
        a.modified
            .cmp(&b.modified)
            .then_with(|| a.name.cmp(&b.name))
    });
    scan.ignored.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(scan)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temporary_names() {
        assert!(temporary_name("~$return.xlsx").is_some());
        assert!(temporary_name(".DS_Store").is_some());
        assert!(temporary_name("return.xlsx.part").is_some());
        assert!(temporary_name("upload.TMP").is_some());
        assert!(temporary_name("return 2012-13 (final).xlsx").is_none());
    }
}
