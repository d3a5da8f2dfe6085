//! Applying what the user did and what the tasks reported: the one place
//! the app's state changes.

use super::*;
use crate::analysis::PlayModel;
use crate::io::{GameFile, list_folder};
use crate::ui::state::{FileDialog, Purpose};

impl DemarcheApp {
    /// Applies one action. The only place the app's state changes. After
    /// it, whether the analysis is revealed is worked out again, so a
    /// reveal covers the step it was made at and the next one hides again.
    pub fn apply(&mut self, change: impl Into<Change>) {
        match change.into() {
            Change::User(action) => self.apply_action(action),
            Change::Task(event) => self.apply_event(event),
        }
    }

    /// Applies what a task reported.
    pub(super) fn apply_event(&mut self, event: Event) {
        match event {
            Event::Loaded {
                source,
                reload,
                result,
            } => self.job_done(source, reload, result),
            Event::Exported {
                format,
                path,
                result,
            } => self.export_done(format, &path, result),
            Event::AutosaveFailed(e) => self.state.status = Some(format!("Autosave failed: {e}")),
            Event::FileChanged => self.reload_pending = true,
            Event::SessionSaved { path, result } => {
                self.state.status = Some(match result {
                    Ok(()) => format!("Saved the session to {}.", path.display()),
                    Err(e) => format!("Could not save the session: {e}"),
                });
            }
            Event::SessionOpened {
                path,
                generation,
                result,
            } => {
                let Some(document) = &mut self.state.document else {
                    return;
                };
                if generation != self.generation {
                    self.state.status = Some(format!(
                        "Did not open the session {}: the scenario changed while it was read; open it again.",
                        path.display()
                    ));
                    return;
                }
                match result {
                    Ok(opened) => {
                        let (session, report) = *opened;
                        document.session = session;
                        self.state.status = Some(if report.is_empty() {
                            format!("Opened the session {}.", path.display())
                        } else {
                            format!(
                                "Opened the session {}; {}",
                                path.display(),
                                report.join("; ")
                            )
                        });
                        self.autosave();
                    }
                    Err(e) => {
                        self.state.status = Some(format!("Could not open the session: {e}"));
                    }
                }
            }
            Event::LibraryListed(entries) => self.state.library = entries,
            Event::FolderListed { asked, result } => {
                if let Some(dialog) = &mut self.state.file_dialog
                    && dialog.folder == asked
                {
                    dialog.listing = Some(match result {
                        Ok((folder, entries)) => {
                            dialog.folder = folder;
                            Ok(entries)
                        }
                        Err(why) => Err(why),
                    });
                }
            }
        }
    }

    /// Asks for another frame, in which the analysis catches up with a
    /// changed choice (the odds are worked out before the panels draw).
    pub(super) fn redraw(&self) {
        if let Some(ctx) = &self.ctx {
            ctx.request_repaint();
        }
    }

    pub(super) fn apply_action(&mut self, action: UiAction) {
        match action {
            UiAction::Session(action) => self.session_action(action),
            UiAction::Command(command) => self.command(command),
            UiAction::Open(source) => {
                self.state.windows.library = false;
                self.start_job(source, false);
            }
            UiAction::PickMove(n) => {
                self.class_move_taken(n);
                let picked = self
                    .state
                    .document
                    .as_ref()
                    .and_then(|d| d.session.numbered_move(n));
                if let Some(action) = picked {
                    self.session_action(action);
                }
            }
            UiAction::SetCompare { side, visit } => {
                if let Some(slot) = self.state.compare.get_mut(side) {
                    *slot = Some(visit);
                }
            }
            UiAction::CancelJob => {
                if let Some(job) = &self.job {
                    job.cancel();
                }
            }
            UiAction::DismissFailure => self.state.failure = None,
            UiAction::Copy(text) => {
                if let Some(ctx) = &self.ctx {
                    ctx.copy_text(text.clone());
                }
                self.state.status = Some(format!("Copied {text}"));
            }
            UiAction::SaveSessionTo(path) => {
                if let Some(document) = &self.state.document {
                    let session = document.session.clone();
                    self.file_task(move || Event::SessionSaved {
                        result: save_session(&path, &session).map_err(|e| e.to_string()),
                        path,
                    });
                }
            }
            UiAction::OpenSessionFrom(path) => self.open_session(path),
            UiAction::ExportTo {
                format,
                audience,
                path,
            } => self.start_export(format, audience, path),
            UiAction::SetSeminarScale(scale) => {
                self.state.settings.seminar_scale = crate::ui::style::seminar_scale(scale);
                if let Some(ctx) = &self.ctx {
                    apply_theme(ctx, &self.state.settings, self.state.seminar);
                }
            }
            UiAction::CancelExport => {
                if let Some(export) = self.export.take() {
                    export.job.cancel();
                    self.state.status = Some(format!(
                        "Cancelled the export of the {}; nothing was written.",
                        export.format.what()
                    ));
                }
            }
            UiAction::SetModel(model) => {
                if self.state.settings.model != model {
                    self.state.settings.model = model;
                    self.redraw();
                }
            }
            UiAction::Browse(folder) => {
                if let Some(dialog) = &mut self.state.file_dialog {
                    dialog.folder = folder.clone();
                    dialog.listing = None;
                    self.file_task(move || Event::FolderListed {
                        result: list_folder(&folder),
                        asked: folder,
                    });
                }
            }
            UiAction::CloseDialog => self.state.file_dialog = None,
            UiAction::Class(action) => self.class_action(action),
            UiAction::SetLambda(lambda) => {
                let lambda = PlayModel::qre(lambda).lambda().unwrap_or(0.0);
                if self.state.settings.lambda != lambda {
                    self.state.settings.lambda = lambda;
                    self.redraw();
                }
            }
        }
    }

    /// Exports in `format` (a debrief for `audience`) to `path` on another
    /// thread, the same export as `demarche export`.
    pub(super) fn start_export(
        &mut self,
        format: ExportFormat,
        audience: crate::report::Audience,
        path: PathBuf,
    ) {
        let (Some(document), Some(reports)) = (&self.state.document, &self.reports) else {
            return;
        };
        if let Some(old) = self.export.take() {
            old.job.cancel();
        }
        let session = document.session.snapshot();
        let sets = reports.information_sets().to_vec();
        // The node names only where they label the nodes: a million-node
        // game's are not copied for a debrief.
        let names = matches!(
            format,
            ExportFormat::Svg | ExportFormat::Dot | ExportFormat::Efg
        )
        .then(|| document.layout.names().clone());
        let destination = path.clone();
        let job = Background::spawn(
            move |cancel| {
                let prepared = prepare_export(
                    format,
                    audience,
                    &session,
                    GameFile {
                        information_sets: &sets,
                        names: names.as_ref(),
                    },
                    &today_utc(),
                    &destination,
                )
                .map_err(|e| why(&e))?;
                // Cancelled before it is put in place: nothing is written.
                if cancel.load(std::sync::atomic::Ordering::Relaxed) {
                    return Err("cancelled".to_owned());
                }
                prepared.commit().map_err(|e| why(&e))
            },
            self.waker(),
        );
        self.export = Some(Export { format, path, job });
    }

    /// Opens the file dialog for `purpose`, in the folder of the last
    /// scenario opened (else `scenarios/`, else the working folder), listed
    /// on another thread.
    pub(super) fn open_dialog(&mut self, purpose: Purpose) {
        let folder = self
            .state
            .settings
            .last_file
            .as_ref()
            .and_then(|p| p.parent())
            .map_or_else(|| PathBuf::from("scenarios"), Path::to_owned);
        // Counted over the app's life: a dialog opened after one was
        // closed starts afresh, not with the last one's name.
        self.n_dialogs += 1;
        let serial = self.n_dialogs;
        self.state.file_dialog = Some(FileDialog {
            purpose,
            serial,
            folder: folder.clone(),
            listing: None,
        });
        self.file_task(move || Event::FolderListed {
            // A folder that is gone falls back to the working folder.
            result: list_folder(&folder).or_else(|_| list_folder(Path::new("."))),
            asked: folder,
        });
    }

    /// Reads a saved session onto the open scenario, on another thread.
    pub(super) fn open_session(&mut self, path: PathBuf) {
        let Some(document) = &self.state.document else {
            return;
        };
        let fresh = Session::with_graph(
            Arc::clone(document.session.scenario_arc()),
            Arc::clone(document.session.graph_arc()),
        )
        .with_seed(self.seed);
        let generation = self.generation;
        self.file_task(move || Event::SessionOpened {
            result: load_session(&path, fresh)
                .map(Box::new)
                .map_err(|e| e.to_string()),
            path,
            generation,
        });
    }

    pub(super) fn session_action(&mut self, action: Action) {
        let Some(document) = &mut self.state.document else {
            return;
        };
        let undo = action == Action::Undo;
        match document.session.apply(action) {
            Ok(()) => {
                self.state.status = None;
                if undo {
                    self.class_undone();
                }
                self.autosave();
            }
            Err(e) => self.state.status = Some(e.to_string()),
        }
    }

    pub(super) fn command(&mut self, command: Command) {
        if let Some(format) = command.export_format() {
            self.open_dialog(Purpose::Export(format));
            return;
        }
        let state = &mut self.state;
        match command {
            Command::Open => self.open_dialog(Purpose::OpenScenario),
            Command::OpenSession => self.open_dialog(Purpose::OpenSession),
            Command::SaveSession => self.open_dialog(Purpose::SaveSession),
            Command::ExportDebrief
            | Command::ExportDebriefHtml
            | Command::ExportDot
            | Command::ExportSvg
            | Command::ExportEfg
            | Command::ExportBallots => {}
            Command::Reload => {
                if let Some(source) = self.current_source() {
                    self.start_job(source, true);
                }
            }
            Command::Library => {
                state.windows.library = !state.windows.library;
                state.library = Vec::new();
                // Read when the window opens, so it lists what is there now;
                // on another thread, as a large file there takes a while to
                // check.
                if state.windows.library {
                    self.file_task(|| {
                        Event::LibraryListed(library_entries(Path::new("scenarios")))
                    });
                }
            }
            Command::Quit => {
                if let Some(ctx) = &self.ctx {
                    ctx.send_viewport_cmd(ViewportCommand::Close);
                }
            }
            Command::Undo => self.session_action(Action::Undo),
            Command::Redo => self.session_action(Action::Redo),
            Command::Back => self.session_action(Action::Back),
            Command::Forward => self.session_action(Action::Forward),
            Command::Restart => self.session_action(Action::Restart),
            Command::Bookmark => {
                let label = self.state.document.as_ref().map_or(String::new(), |d| {
                    let n = d.session.path().len();
                    format!("After {n} moves")
                });
                self.session_action(Action::Bookmark { label });
            }
            Command::ViewStory => state.view = View::Story,
            Command::ViewMap => state.view = View::Map,
            Command::ViewCompare => state.view = View::Compare,
            Command::ViewAnalysis => state.view = View::Analysis,
            Command::Seminar => {
                state.seminar = !state.seminar;
                state.revealed_at = None;
                state.keep_revealed = false;
                state.notes_revealed = false;
                if let Some(ctx) = &self.ctx {
                    ctx.send_viewport_cmd_to(
                        egui::ViewportId::ROOT,
                        ViewportCommand::Fullscreen(state.seminar),
                    );
                    apply_theme(ctx, &state.settings, state.seminar);
                }
            }
            Command::Reveal => {
                if !state.hides_analysis() {
                    state.status = Some(
                        "The analysis is shown: hide it until revealed under View, or in seminar mode (F11)."
                            .to_owned(),
                    );
                } else if state.revealed() {
                    state.revealed_at = None;
                    state.keep_revealed = false;
                } else {
                    state.revealed_at = state.current_visit();
                }
            }
            Command::KeepRevealed => {
                state.keep_revealed = !state.keep_revealed;
                // Unpinning keeps the step on screen revealed.
                state.revealed_at = state.current_visit();
            }
            Command::HideAnalysis => {
                state.settings.hide_analysis = !state.settings.hide_analysis;
                state.revealed_at = None;
                state.keep_revealed = false;
            }
            Command::RevealNotes => state.notes_revealed = !state.notes_revealed,
            Command::Presenter => {
                let open = !state.presenter.open;
                state.presenter = crate::ui::state::Presenter {
                    open,
                    opened_at: open.then(std::time::Instant::now),
                };
            }
            Command::Theme => {
                state.settings.dark = !state.settings.dark;
                if let Some(ctx) = &self.ctx {
                    apply_theme(ctx, &state.settings, state.seminar);
                }
            }
            Command::FitMap => {
                state.view = View::Map;
                state.request_fit(true);
            }
            Command::Shortcuts => state.windows.shortcuts = !state.windows.shortcuts,
            Command::About => state.windows.about = !state.windows.about,
        }
    }
}
