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
        let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
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
}
