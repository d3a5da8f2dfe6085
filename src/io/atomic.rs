//! Atomic file writes: the text goes to a temporary file in the same folder,
//! is flushed to disk, then renamed over the target, so a crash or a full
//! disk never leaves half a file and never loses the previous one.

use std::io::Write;
use std::path::{Path, PathBuf};

/// Writes `bytes` to `path` atomically. On error the previous file, if any,
/// is untouched and the temporary file is removed.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    prepare_atomic(path, bytes)?.commit()
}

/// A write made and flushed to disk but not yet put in place: the slow part
/// of [`write_atomic`], which can run on another thread, while the quick
/// rename waits for [`PreparedWrite::commit`]. Dropped uncommitted (a
/// cancelled export), it removes its temporary file and the target is
/// untouched.
pub struct PreparedWrite {
    file: tempfile::NamedTempFile,
    path: PathBuf,
}

impl PreparedWrite {
    /// Puts the written file in place of the target (a rename).
    pub fn commit(self) -> std::io::Result<()> {
        self.file.persist(&self.path).map_err(|e| e.error)?;
        Ok(())
    }

    /// The file it will replace.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

/// Writes `bytes` to a temporary file beside `path` and flushes it to disk.
pub fn prepare_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<PreparedWrite> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut file = tempfile::Builder::new()
        .prefix(".demarche-")
        .suffix(".tmp")
        .tempfile_in(dir)?;
    file.write_all(bytes)?;
    file.as_file().sync_all()?;
    Ok(PreparedWrite {
        file,
        path: path.to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_the_file_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.md");
        write_atomic(&path, b"first").unwrap();
        write_atomic(&path, b"second").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "second");
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 1);
    }

    #[test]
    fn a_prepared_write_dropped_uncommitted_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.md");
        write_atomic(&path, b"old").unwrap();
        let prepared = prepare_atomic(&path, b"new").unwrap();
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);
        drop(prepared);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "old");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
        prepare_atomic(&path, b"new").unwrap().commit().unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
    }

    #[test]
    fn a_failed_write_keeps_the_old_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("missing-folder").join("out.md");
        assert!(write_atomic(&path, b"x").is_err());
        let good = dir.path().join("good.md");
        write_atomic(&good, b"kept").unwrap();
        // A directory in the way of the rename: the write fails, the folder stays.
        let blocked = dir.path().join("blocked");
        std::fs::create_dir(&blocked).unwrap();
        std::fs::write(blocked.join("inside"), b"x").unwrap();
        assert!(write_atomic(&blocked, b"y").is_err());
        assert!(blocked.join("inside").exists());
        assert_eq!(std::fs::read_to_string(&good).unwrap(), "kept");
    }
}
