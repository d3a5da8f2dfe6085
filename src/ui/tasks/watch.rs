//! Watching the open scenario file so the app reloads when it is saved.
//!
//! The folder is watched rather than the file, because editors often save
//! by writing a new file and renaming it over the old one.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, channel};

use notify::{RecommendedWatcher, RecursiveMode, Watcher};

/// A watch on one file.
pub struct FileWatcher {
    path: PathBuf,
    // Kept alive for as long as the watch should last.
    _watcher: RecommendedWatcher,
    events: Receiver<()>,
}

impl FileWatcher {
    /// Watches `path`; `wake` is called from the watcher's thread on every
    /// change so the window can repaint and pick it up.
    pub fn new(path: &Path, wake: impl Fn() + Send + 'static) -> notify::Result<FileWatcher> {
        let path = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_owned());
        let name = path.file_name().map(|n| n.to_owned());
        let (sender, events) = channel();
        let mut watcher =
            notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
                let Ok(event) = event else { return };
                let ours = event
                    .paths
                    .iter()
                    .any(|p| p.file_name().map(|n| n.to_owned()) == name);
                if ours && (event.kind.is_modify() || event.kind.is_create()) {
                    let _ = sender.send(());
                    wake();
                }
            })?;
        let folder = path.parent().unwrap_or(Path::new("."));
        watcher.watch(folder, RecursiveMode::NonRecursive)?;
        Ok(FileWatcher {
            path,
            _watcher: watcher,
            events,
        })
    }

    /// Whether the file changed since the last call (several events from
    /// one save count once).
    pub fn changed(&self) -> bool {
        let mut changed = false;
        while self.events.try_recv().is_ok() {
            changed = true;
        }
        changed
    }

    /// The watched file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Whether this watches the file at `path` (however it is written).
    pub fn watches(&self, path: &Path) -> bool {
        std::fs::canonicalize(path).is_ok_and(|p| p == self.path)
    }
}

/// Saves told by hand instead of seen on disk: a script or a test says
/// "the file was saved" and the app reloads as it would for a real save,
/// with no file-system timing involved. Clones share one count.
#[derive(Clone, Debug, Default)]
pub struct ScriptedChanges(std::sync::Arc<std::sync::atomic::AtomicUsize>);

impl ScriptedChanges {
    /// The open file was saved (once more).
    pub fn saved(&self) {
        self.0.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    }

    /// Whether a save was told since the last call.
    pub fn changed(&self) -> bool {
        self.0.swap(0, std::sync::atomic::Ordering::SeqCst) > 0
    }
}

#[cfg(test)]
mod tests {
    use std::sync::mpsc::channel;
    use std::time::Duration;

    use super::*;

    #[test]
    fn a_save_of_the_file_wakes_the_window_and_a_neighbour_s_does_not() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("scenario.ron");
        std::fs::write(&path, "first").unwrap();
        let (woken, wakes) = channel();
        let watcher = FileWatcher::new(&path, move || {
            let _ = woken.send(());
        })
        .unwrap();
        assert!(!watcher.changed());
        // Saving another file in the folder is not our file: it wakes
        // nothing, so the first wake is our save's.
        std::fs::write(dir.path().join("other.ron"), "x").unwrap();
        std::fs::write(&path, "second").unwrap();
        // A bound, not a pause: returns at the first event.
        wakes.recv_timeout(Duration::from_secs(10)).unwrap();
        assert!(watcher.changed());
    }

    #[test]
    fn told_saves_count_once_until_read() {
        let changes = ScriptedChanges::default();
        assert!(!changes.changed());
        changes.saved();
        changes.clone().saved();
        assert!(changes.changed());
        assert!(!changes.changed());
    }
}
