//! A folder's contents for the app's file dialog: what it lists, read on a
//! worker thread so that browsing never touches the disk from the window's
//! thread.

use std::path::{Path, PathBuf};

/// One entry of a folder.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FolderEntry {
    /// Its file name.
    pub name: String,
    /// Whether it is a folder (to open) rather than a file (to choose).
    pub is_folder: bool,
}

/// A folder's entries, folders first, each group by name; hidden entries
/// (a leading dot) left out. The folder comes back absolute. A folder that
/// cannot be read gives the reason in one sentence.
pub fn list_folder(folder: &Path) -> Result<(PathBuf, Vec<FolderEntry>), String> {
    let absolute = std::path::absolute(folder).unwrap_or_else(|_| folder.to_owned());
    let read = std::fs::read_dir(&absolute)
        .map_err(|e| format!("cannot read the folder {}: {e}", absolute.display()))?;
    let mut entries: Vec<FolderEntry> = read
        .filter_map(Result::ok)
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') {
                return None;
            }
            // Follows links, so a link to a folder opens like a folder.
            let is_folder = e.path().is_dir();
            Some(FolderEntry { name, is_folder })
        })
        .collect();
    entries.sort_by(|a, b| {
        b.is_folder
            .cmp(&a.is_folder)
            .then_with(|| a.name.to_lowercase().cmp(&b.name.to_lowercase()))
    });
    Ok((absolute, entries))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_come_first_then_files_by_name_and_hidden_ones_are_left_out() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("b.ron"), "x").unwrap();
        std::fs::write(dir.path().join("A.efg"), "x").unwrap();
        std::fs::write(dir.path().join(".hidden"), "x").unwrap();
        std::fs::create_dir(dir.path().join("zeta")).unwrap();
        let (folder, entries) = list_folder(dir.path()).unwrap();
        assert!(folder.is_absolute());
        let names: Vec<(&str, bool)> = entries
            .iter()
            .map(|e| (e.name.as_str(), e.is_folder))
            .collect();
        assert_eq!(names, [("zeta", true), ("A.efg", false), ("b.ron", false)]);
    }

    #[test]
    fn a_missing_folder_says_which() {
        let dir = tempfile::tempdir().unwrap();
        let gone = dir.path().join("gone");
        let e = list_folder(&gone).unwrap_err();
        assert!(e.starts_with("cannot read the folder "), "{e}");
        assert!(e.contains("gone"), "{e}");
    }
}
