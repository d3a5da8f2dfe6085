//! Keeping an unreadable file aside: a saved session the app cannot read
//! (garbage, cut short, or written by a newer version) is renamed to a new
//! name next to it before the next autosave could overwrite it, and the
//! user is told where it went.

use std::fs;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};

/// How many numbered names are tried before giving up.
const MAX_TRIES: u32 = 1000;

/// Renames `path` to a name not in use next to it, `session.unreadable.ron`,
/// then `session.unreadable-2.ron` and so on, and returns the new path.
/// Never replaces an existing file: the new name is claimed with a hard
/// link (which fails if the name exists) before the old name is removed,
/// or, where hard links are not supported, by a rename to a name checked
/// to be free just before.
pub fn keep_aside(path: &Path) -> std::io::Result<PathBuf> {
    let dir = path.parent().unwrap_or_else(|| Path::new(""));
    let stem = path
        .file_stem()
        .map_or_else(|| "file".into(), |s| s.to_string_lossy());
    let extension = path
        .extension()
        .map(|x| format!(".{}", x.to_string_lossy()))
        .unwrap_or_default();
    for n in 1..=MAX_TRIES {
        let suffix = if n == 1 {
            String::new()
        } else {
            format!("-{n}")
        };
        let candidate = dir.join(format!("{stem}.unreadable{suffix}{extension}"));
        match fs::hard_link(path, &candidate) {
            Ok(()) => {
                fs::remove_file(path)?;
                return Ok(candidate);
            }
            Err(e) if e.kind() == ErrorKind::AlreadyExists => continue,
            Err(e) if e.kind() == ErrorKind::NotFound => return Err(e),
            Err(_) => {
                // No hard links here (some network and FAT file systems).
                if fs::symlink_metadata(&candidate).is_ok() {
                    continue;
                }
                fs::rename(path, &candidate)?;
                return Ok(candidate);
            }
        }
    }
    Err(std::io::Error::new(
        ErrorKind::AlreadyExists,
        format!("{MAX_TRIES} files named like it are already kept aside"),
    ))
}

/// What the app says after [`keep_aside`]: which file could not be read,
/// why, and where it is now.
pub fn kept_aside_message(original: &Path, kept: &Path, why: &str) -> String {
    format!(
        "The saved session {} could not be read ({why}). It was kept as {} and a new session was started.",
        original.display(),
        kept.display()
    )
}

/// Why the bytes of a session file are not text, or `None` when they are
/// UTF-8: "byte 0x9f at offset 12 is not UTF-8 text".
pub fn not_text_reason(bytes: &[u8]) -> Option<String> {
    let e = std::str::from_utf8(bytes).err()?;
    let at = e.valid_up_to();
    Some(match (e.error_len(), bytes.get(at)) {
        (Some(_), Some(b)) => {
            format!("the file is not text: byte 0x{b:02x} at offset {at} is not UTF-8")
        }
        _ => "the file is not text: it ends inside a character".to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unreadable_file_is_renamed_to_a_free_name() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let path = dir.path().join("session.ron");
        let first = dir.path().join("session.unreadable.ron");
        fs::write(&first, b"kept before").unwrap_or_else(|e| panic!("{e}"));
        fs::write(&path, b"\x9fgarbage").unwrap_or_else(|e| panic!("{e}"));
        let kept = keep_aside(&path).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(kept, dir.path().join("session.unreadable-2.ron"));
        assert!(!path.exists());
        assert_eq!(fs::read(&kept).ok(), Some(b"\x9fgarbage".to_vec()));
        assert_eq!(fs::read(&first).ok(), Some(b"kept before".to_vec()));
        assert_eq!(
            kept_aside_message(&path, &kept, "version 2 is newer than this build reads")
                .replace(&dir.path().display().to_string(), "DIR"),
            "The saved session DIR/session.ron could not be read (version 2 is newer than this build reads). It was kept as DIR/session.unreadable-2.ron and a new session was started."
        );
    }

    #[test]
    fn a_missing_file_is_an_error() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let e = keep_aside(&dir.path().join("gone.ron")).err();
        assert_eq!(e.map(|e| e.kind()), Some(ErrorKind::NotFound));
    }

    #[test]
    fn garbage_bytes_are_named() {
        assert_eq!(not_text_reason(b"(version: 1)"), None);
        assert_eq!(
            not_text_reason(b"(vers\x9fion"),
            Some("the file is not text: byte 0x9f at offset 5 is not UTF-8".to_owned())
        );
        assert_eq!(
            not_text_reason("é".as_bytes().get(..1).unwrap_or_default()),
            Some("the file is not text: it ends inside a character".to_owned())
        );
    }
}
