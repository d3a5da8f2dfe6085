//! The scenario library as the app lists it: the scenarios built into the
//! binary, each as the file of the same name in a folder when there is one
//! (so it can be edited and reloads on save), then every other scenario
//! file in that folder.

use std::path::{Path, PathBuf};

use super::open::{ScenarioSource, is_efg, load_file, open_scenario};
use crate::model::{Scenario, load_str};

/// One entry of the library.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LibraryEntry {
    /// Where it opens from.
    pub source: ScenarioSource,
    pub title: String,
    pub summary: String,
    pub as_of: String,
    /// Each source as "title, author, publisher, date".
    pub sources: Vec<String>,
}

/// The library: each built-in scenario, as the file of the same name in
/// `folder` when that file is valid, then every other valid `.ron` and
/// `.efg` in `folder`, by file name. A folder that cannot be read lists
/// only the built-in scenarios. Reads every file in the folder.
pub fn library_entries(folder: &Path) -> Vec<LibraryEntry> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(folder)
        .map(|dir| dir.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.retain(|p| p.extension().is_some_and(|e| e == "ron") || is_efg(p));
    files.sort();
    let mut entries = Vec::new();
    for built_in in &crate::LIBRARY {
        let on_disk = files
            .iter()
            .position(|p| p.file_name().is_some_and(|n| n == built_in.name));
        let opened = on_disk.and_then(|i| {
            let path = files.remove(i);
            load_file(&path)
                .ok()
                .map(|s| (ScenarioSource::File(path), s))
        });
        let opened = opened.or_else(|| {
            load_str(built_in.text, built_in.name)
                .ok()
                .map(|s| (ScenarioSource::BuiltIn(built_in.name), s))
        });
        if let Some((source, s)) = opened {
            entries.push(entry(source, &s));
        }
    }
    for path in files {
        if let Ok(opened) = open_scenario(&path) {
            entries.push(entry(ScenarioSource::File(path), &opened.scenario));
        }
    }
    entries
}

fn entry(source: ScenarioSource, s: &Scenario) -> LibraryEntry {
    LibraryEntry {
        source,
        title: s.title.clone(),
        summary: s.summary.clone(),
        as_of: s.as_of.clone(),
        sources: s
            .sources
            .iter()
            .map(|x| {
                [
                    x.title.as_str(),
                    x.author.as_str(),
                    x.publisher.as_str(),
                    x.date.as_str(),
                ]
                .iter()
                .filter(|p| !p.is_empty())
                .copied()
                .collect::<Vec<_>>()
                .join(", ")
            })
            .collect(),
    }
}
