//! Atomic file writes: the text goes to a temporary file in the same folder,
//! is flushed to disk, then renamed over the target, so a crash or a full
//! disk never leaves half a file and never loses the previous one.
//!
//! A rename replaces whatever has the name, so the target is checked first:
//! only a regular file or a new path is written. A symbolic link is
//! followed and its target written (the link stays a link); a FIFO, a
//! device, a socket or a folder is refused, so `-o /dev/full` as root
//! cannot replace the device node with a file. A new file gets the user's
//! normal permissions (0666 less the umask); a replaced file keeps its own.

use std::fs;
use std::io::{Error, ErrorKind, Write};
use std::path::{Path, PathBuf};

/// Writes `bytes` to `path` atomically. On error the previous file, if any,
/// is untouched and the temporary file is removed. Refuses a `path` that is
/// (or links to) anything but a regular file; see the module documentation.
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
    let target = writable_target(path)?;
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(".demarche-").suffix(".tmp");
    #[cfg(unix)]
    {
        // Read and write for everyone, less the umask: what a new file gets
        // from any other program (tempfile's 0600 suits secrets, not
        // exports).
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(fs::Permissions::from_mode(0o666));
    }
    let mut file = builder.tempfile_in(dir)?;
    file.write_all(bytes)?;
    if let Ok(existing) = fs::metadata(&target) {
        // A replaced file keeps who may read it.
        file.as_file().set_permissions(existing.permissions())?;
    }
    file.as_file().sync_all()?;
    Ok(PreparedWrite { file, path: target })
}

/// The path a write to `path` must replace: `path` itself when it is a
/// regular file or does not exist, the file a symbolic link leads to, or an
/// error for anything else.
fn writable_target(path: &Path) -> std::io::Result<PathBuf> {
    let link = match fs::symlink_metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == ErrorKind::NotFound => return Ok(path.to_owned()),
        Err(e) => return Err(e),
    };
    let target = if link.file_type().is_symlink() {
        match fs::canonicalize(path) {
            Ok(target) => target,
            Err(e) if e.kind() == ErrorKind::NotFound => {
                return Err(Error::new(
                    ErrorKind::InvalidInput,
                    "it is a symbolic link to a file that does not exist; write to the link's target instead",
                ));
            }
            Err(e) => return Err(e),
        }
    } else {
        path.to_owned()
    };
    let kind = fs::metadata(&target)?.file_type();
    if kind.is_file() {
        return Ok(target);
    }
    let what = if kind.is_dir() {
        "a folder"
    } else {
        special_kind(&kind)
    };
    Err(Error::new(
        ErrorKind::InvalidInput,
        format!(
            "it is {what}, not a regular file; only a regular file or a new path is written (use `-o -` for standard output)"
        ),
    ))
}

#[cfg(unix)]
fn special_kind(kind: &fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if kind.is_fifo() {
        "a FIFO"
    } else if kind.is_char_device() || kind.is_block_device() {
        "a device"
    } else if kind.is_socket() {
        "a socket"
    } else {
        "a special file"
    }
}

#[cfg(not(unix))]
fn special_kind(_: &fs::FileType) -> &'static str {
    "a special file"
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
        // A directory in the way: the write is refused, the folder stays.
        let blocked = dir.path().join("blocked");
        std::fs::create_dir(&blocked).unwrap();
        std::fs::write(blocked.join("inside"), b"x").unwrap();
        let e = write_atomic(&blocked, b"y").unwrap_err();
        assert_eq!(
            e.to_string(),
            "it is a folder, not a regular file; only a regular file or a new path is written (use `-o -` for standard output)"
        );
        assert!(blocked.join("inside").exists());
        assert_eq!(std::fs::read_to_string(&good).unwrap(), "kept");
    }

    #[cfg(unix)]
    #[test]
    fn a_symbolic_link_is_followed_and_stays_a_link() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("real.dot");
        std::fs::write(&target, b"old").unwrap();
        let link = dir.path().join("link.dot");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        write_atomic(&link, b"new").unwrap();
        assert!(
            std::fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "new");
        let dangling = dir.path().join("dangling.dot");
        std::os::unix::fs::symlink(dir.path().join("nowhere"), &dangling).unwrap();
        let e = write_atomic(&dangling, b"x").unwrap_err();
        assert_eq!(
            e.to_string(),
            "it is a symbolic link to a file that does not exist; write to the link's target instead"
        );
        assert!(
            std::fs::symlink_metadata(&dangling)
                .unwrap()
                .file_type()
                .is_symlink()
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_device_is_never_replaced() {
        let e = write_atomic(Path::new("/dev/null"), b"x").unwrap_err();
        assert_eq!(
            e.to_string(),
            "it is a device, not a regular file; only a regular file or a new path is written (use `-o -` for standard output)"
        );
        let kind = std::fs::symlink_metadata("/dev/null").unwrap().file_type();
        use std::os::unix::fs::FileTypeExt;
        assert!(kind.is_char_device());
    }

    #[cfg(unix)]
    #[test]
    fn new_files_get_the_usual_permissions_and_old_ones_keep_theirs() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        // What any program's new file gets here, umask applied.
        let probe = dir.path().join("probe");
        std::fs::write(&probe, b"").unwrap();
        let usual = std::fs::metadata(&probe).unwrap().permissions().mode() & 0o777;
        let path = dir.path().join("graph.svg");
        write_atomic(&path, b"x").unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, usual);
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
        write_atomic(&path, b"y").unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o640);
    }
}
