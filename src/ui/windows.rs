//! Small windows: the keyboard shortcuts (from the command list), About,
//! and the scenario library.

use std::path::{Path, PathBuf};

use egui::{Context, RichText};

use super::app::{AppState, UiAction};
use super::command::Command;
use super::worker::ScenarioSource;
use crate::model::load_file;

/// Help > Keyboard shortcuts.
pub fn shortcuts_window(ctx: &Context, open: &mut bool) {
    egui::Window::new("Keyboard shortcuts")
        .open(open)
        .resizable(false)
        .show(ctx, |ui| {
            egui::Grid::new("shortcuts").striped(true).show(ui, |ui| {
                for command in Command::ALL {
                    ui.label(RichText::new(command.label()).strong());
                    ui.label(
                        command
                            .shortcut()
                            .map(|s| ctx.format_shortcut(&s))
                            .unwrap_or_default(),
                    );
                    ui.label(command.tooltip());
                    ui.end_row();
                }
                ui.label(RichText::new("Take move 1-9").strong());
                ui.label("1 … 9");
                ui.label("Take the numbered move (a move with chance results is rolled)");
                ui.end_row();
                ui.label(RichText::new("Back / forward in seminar mode").strong());
                ui.label("Left / Right arrows");
                ui.label("Walk the history with the arrow keys");
                ui.end_row();
            });
        });
}

/// Help > About.
pub fn about_window(ctx: &Context, open: &mut bool) {
    egui::Window::new("About demarche")
        .open(open)
        .resizable(false)
        .show(ctx, |ui| {
            ui.heading(format!("demarche {}", env!("CARGO_PKG_VERSION")));
            ui.label(
                "Explore diplomacy scenarios as branching graphs of actors, moves and outcomes.",
            );
            ui.label(format!("Licence: {}", env!("CARGO_PKG_LICENSE")));
        });
}

/// One entry of the library.
#[derive(Clone, Debug)]
pub struct LibraryEntry {
    pub source: ScenarioSource,
    pub title: String,
    pub summary: String,
    pub as_of: String,
    pub sources: Vec<String>,
}

/// The library: each built-in scenario, as the file of the same name in
/// `folder` when there is one (so it can be edited and reloads on save),
/// then every other valid `.ron` and `.efg` in `folder`, by file name.
pub fn library_entries(folder: &Path) -> Vec<LibraryEntry> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(folder)
        .map(|dir| dir.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.retain(|p| p.extension().is_some_and(|e| e == "ron") || crate::io::efg::is_efg(p));
    files.sort();
    let mut entries = Vec::new();
    for built_in in &crate::LIBRARY {
        let on_disk = files
            .iter()
            .position(|p| p.file_name().is_some_and(|n| n == built_in.name));
        let opened = match on_disk {
            Some(i) => {
                let path = files.remove(i);
                load_file(&path)
                    .ok()
                    .map(|s| (ScenarioSource::File(path), s))
            }
            None => None,
        };
        let opened = opened.or_else(|| {
            crate::model::load_str(built_in.text, built_in.name)
                .ok()
                .map(|s| (ScenarioSource::BuiltIn(built_in.name), s))
        });
        if let Some((source, s)) = opened {
            entries.push(entry(source, &s));
        }
    }
    for path in files {
        if let Ok(opened) = crate::io::open_scenario(&path) {
            entries.push(entry(ScenarioSource::File(path), &opened.scenario));
        }
    }
    entries
}

fn entry(source: ScenarioSource, s: &crate::model::Scenario) -> LibraryEntry {
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

/// File > Scenario library.
pub fn library_window(
    ctx: &Context,
    state: &mut AppState,
    entries: &[LibraryEntry],
    actions: &mut Vec<UiAction>,
) {
    let mut open = state.windows.library;
    egui::Window::new("Scenario library")
        .open(&mut open)
        .default_width(560.0)
        .show(ctx, |ui| {
            if entries.is_empty() {
                ui.label("No scenarios found.");
            }
            egui::ScrollArea::vertical()
                .max_height(480.0)
                .show(ui, |ui| {
                    for (i, e) in entries.iter().enumerate() {
                        ui.horizontal(|ui| {
                            ui.label(RichText::new(&e.title).strong());
                            if ui.button("Open").clicked() {
                                actions.push(UiAction::Open(e.source.clone()));
                            }
                        });
                        let place = match &e.source {
                            ScenarioSource::BuiltIn(_) => "built in".to_owned(),
                            ScenarioSource::File(p) => p.display().to_string(),
                        };
                        ui.label(RichText::new(format!("As of {} · {place}", e.as_of)).weak());
                        ui.label(&e.summary);
                        egui::CollapsingHeader::new(format!("Sources ({})", e.sources.len()))
                            .id_salt(("library-sources", i))
                            .show(ui, |ui| {
                                for s in &e.sources {
                                    ui.label(RichText::new(s).small());
                                }
                            });
                        ui.separator();
                    }
                });
        });
    state.windows.library = open;
}
