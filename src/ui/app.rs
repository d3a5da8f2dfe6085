//! The eframe app: it owns the state, the panels' view state and the work
//! off the window's thread (loading, analysis, the file watch, autosave,
//! exports). Each frame it polls that work, draws the window from a
//! read-only [`Screen`] and applies the actions the panels pushed;
//! [`DemarcheApp::apply`] is the one place the state changes.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use egui::{Context, Key, ViewportCommand};

use super::action::UiAction;
use super::command::Command;
use super::event::{Change, Event};
use super::panels::dialogs::Dialog;
use super::shell::{Views, presenter_viewport, shell_ui};
use super::state::{AppState, Busy, Document, Failure, Problem, Screen, Settings, View};
use super::style::apply_theme;
use super::tasks::{
    Autosaver, Background, FileWatcher, Job, JobFailure, LoadOptions, Loaded, Reports, Wanted,
};
use crate::analysis::Study;
use crate::engine::Status;
use crate::io::{
    ExportError, ExportFormat, ScenarioSource, autosave_path, library_entries, load_session,
    prepare_export, save_session, today_utc,
};
use crate::session::{Action, Session};

/// An export being made off the UI thread (a large graph's DOT, SVG or
/// game tree can take seconds), written and put in place there too.
pub struct Export {
    pub format: ExportFormat,
    pub path: PathBuf,
    job: Background<Result<(), String>>,
}

/// How the app was started.
#[derive(Clone, Debug, Default)]
pub struct AppOptions {
    /// The scenario to open; `None` opens the last one, or the built-in one.
    pub source: Option<ScenarioSource>,
    /// Where sessions are autosaved; `None` turns autosave off.
    pub data_dir: Option<PathBuf>,
    /// Settings from the last run.
    pub settings: Settings,
    /// Watch the scenario file and reload on save.
    pub watch: bool,
    /// The seed chance rolls draw from; `None` takes one from the clock.
    pub seed: Option<u64>,
}

/// The app.
pub struct DemarcheApp {
    pub state: AppState,
    views: Views,
    /// What the analysis says about the open document: the reports every
    /// panel reads, for its generation.
    reports: Option<Reports>,
    /// The generation of the scenario and graph last handed out: bumped on
    /// every load, reload and growth of the graph, so no cache outlives
    /// what it was worked out for.
    generation: u64,
    /// File reads and writes under way (session files, the library),
    /// each reporting an [`Event`].
    file_tasks: Vec<Background<Event>>,
    job: Option<Job>,
    /// The file changed while a load was running: load it again after.
    reload_pending: bool,
    watcher: Option<FileWatcher>,
    autosaver: Option<Autosaver>,
    data_dir: Option<PathBuf>,
    watch: bool,
    /// The seed new sessions roll with.
    seed: u64,
    title: String,
    ctx: Option<Context>,
    /// The export being made, if any.
    export: Option<Export>,
    /// Frame intervals in ms, kept when `DEMARCHE_FRAME_STATS` is set and
    /// summarised on exit (for measuring the window under load).
    frame_stats: Option<FrameStats>,
}

/// Frame intervals, for `DEMARCHE_FRAME_STATS`.
#[derive(Default)]
struct FrameStats {
    last: Option<f64>,
    intervals_ms: Vec<f64>,
}

impl FrameStats {
    fn summary(&self) -> String {
        let mut sorted = self.intervals_ms.clone();
        sorted.sort_by(f64::total_cmp);
        if sorted.is_empty() {
            return "no frames".to_owned();
        }
        let mean = sorted.iter().sum::<f64>() / sorted.len() as f64;
        let at = |q: f64| sorted[((sorted.len() - 1) as f64 * q) as usize];
        format!(
            "{} frames, interval mean {mean:.1} ms, median {:.1} ms, p95 {:.1} ms, max {:.1} ms",
            sorted.len() + 1,
            at(0.5),
            at(0.95),
            at(1.0)
        )
    }
}

impl DemarcheApp {
    /// A new app; the first scenario starts loading at once. Without a
    /// scenario to open it opens the last one; if that file is gone, it
    /// says so and shows the library instead of opening another one.
    pub fn new(ctx: &Context, options: AppOptions) -> DemarcheApp {
        let last_file = options.settings.last_file.clone();
        let source = match (&options.source, &last_file) {
            (Some(source), _) => Some(source.clone()),
            (None, Some(path)) if path.exists() => Some(ScenarioSource::File(path.clone())),
            (None, Some(_)) => None,
            (None, None) => Some(ScenarioSource::BuiltIn(
                options
                    .settings
                    .last_built_in
                    .as_deref()
                    .and_then(crate::built_in)
                    .map_or(crate::DEFAULT_SCENARIO_NAME, |b| b.name),
            )),
        };
        let seed = options.seed.unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(1, |d| d.as_secs() % 100_000)
        });
        let autosaver = options.data_dir.as_ref().map(|_| {
            let ctx = ctx.clone();
            Autosaver::spawn(move || ctx.request_repaint())
        });
        let mut app = DemarcheApp {
            state: AppState::new(options.settings),
            views: Views::new(),
            reports: None,
            generation: 0,
            file_tasks: Vec::new(),
            job: None,
            reload_pending: false,
            watcher: None,
            autosaver,
            data_dir: options.data_dir,
            watch: options.watch,
            seed,
            title: String::new(),
            ctx: Some(ctx.clone()),
            export: None,
            frame_stats: std::env::var_os("DEMARCHE_FRAME_STATS").map(|_| FrameStats::default()),
        };
        apply_theme(ctx, &app.state.settings, false);
        match (source, last_file) {
            (Some(source), _) => app.start_job(source, false),
            (None, Some(path)) => {
                app.state.failure = Some(Failure {
                    source: ScenarioSource::File(path.clone()),
                    problem: Problem::Message(format!(
                        "The scenario open last time, {}, is no longer there (moved, renamed or deleted). Pick one from the library, or open a file.",
                        path.display()
                    )),
                    reloading: false,
                });
                app.command(Command::Library);
            }
            (None, None) => {}
        }
        app
    }

    /// The running load, if any.
    pub fn job(&self) -> Option<&Job> {
        self.job.as_ref()
    }

    /// What the analysis says about the open scenario.
    pub fn reports(&self) -> Option<&Reports> {
        self.reports.as_ref()
    }

    /// Waits for analysis running on other threads (tests and scripts).
    pub fn finish_analysis(&mut self) {
        if let Some(reports) = &mut self.reports {
            reports.finish();
        }
    }

    /// Waits for the file reads and writes under way and applies what they
    /// report (tests and scripts; the window polls instead).
    pub fn finish_files(&mut self) {
        for task in std::mem::take(&mut self.file_tasks) {
            if let Some(event) = task.wait() {
                self.apply(event);
            }
        }
    }

    /// The map's view state (selection, search matches, what is hidden),
    /// for tests.
    pub fn map_view(&self) -> &super::panels::map::MapView {
        &self.views.map
    }

    /// Waits for the running load to finish and takes its result. For
    /// tests and scripts; the window polls instead.
    pub fn finish_job(&mut self) {
        while let Some(job) = &self.job {
            match job.wait() {
                Some(result) => {
                    let event = Self::loaded_event(job, result);
                    self.apply(event);
                }
                None => break,
            }
        }
    }

    /// Waits for the running export to be written (for tests and scripts).
    pub fn finish_export(&mut self) {
        if let Some(export) = &self.export {
            let event = Self::exported_event(export, export.job.wait());
            self.apply(event);
        }
    }

    /// Waits until every autosave queued so far is written (for tests and
    /// scripts; the window never waits).
    pub fn finish_autosave(&self) {
        if let Some(autosaver) = &self.autosaver {
            autosaver.flush();
        }
    }

    /// Whether a change to the scenario file is waiting for the running
    /// load to finish before it is loaded.
    pub fn reload_pending(&self) -> bool {
        self.reload_pending
    }

    /// What a finished export reports.
    fn exported_event(export: &Export, result: Option<Result<(), String>>) -> Event {
        Event::Exported {
            format: export.format,
            path: export.path.clone(),
            result: result.unwrap_or_else(|| Err("the export stopped".to_owned())),
        }
    }

    /// What a finished load reports.
    fn loaded_event(job: &Job, result: Result<Loaded, JobFailure>) -> Event {
        Event::Loaded {
            source: job.source.clone(),
            reload: job.reload,
            result: result.map(Box::new),
        }
    }

    /// Shows how an export went (the writing, the fsync and the rename
    /// happened on the export's thread).
    fn export_done(&mut self, format: ExportFormat, path: &Path, result: Result<(), String>) {
        self.export = None;
        let what = format.what();
        self.state.status = Some(match result {
            Ok(()) => format!("Exported the {what} to {}.", path.display()),
            Err(e) => format!("Could not export the {what} to {}: {e}", path.display()),
        });
    }

    fn start_job(&mut self, source: ScenarioSource, reload: bool) {
        if let Some(old) = self.job.take() {
            old.cancel();
        }
        let ctx = self.ctx.clone();
        self.generation += 1;
        let options = LoadOptions {
            generation: self.generation,
            seed: self.seed,
            autosave_dir: self.data_dir.clone(),
        };
        self.job = Some(Job::spawn(source, reload, options, move || {
            if let Some(ctx) = &ctx {
                ctx.request_repaint();
            }
        }));
    }

    /// A function that asks the window for another frame, for tasks to
    /// call when they have something to report.
    fn waker(&self) -> impl Fn() + Clone + Send + 'static {
        let ctx = self.ctx.clone();
        move || {
            if let Some(ctx) = &ctx {
                ctx.request_repaint();
            }
        }
    }

    /// Starts a file read or write on another thread; what it reports is
    /// applied when it is done.
    fn file_task(&mut self, work: impl FnOnce() -> Event + Send + 'static) {
        let task = Background::spawn(move |_| work(), self.waker());
        self.file_tasks.push(task);
    }

    fn job_done(
        &mut self,
        source: ScenarioSource,
        reload: bool,
        result: Result<Box<Loaded>, JobFailure>,
    ) {
        self.job = None;
        // Only the open scenario failing to reload leaves its last good
        // version on screen; a scenario that never opened leaves whatever
        // was there.
        let reloading = self
            .state
            .document
            .as_ref()
            .is_some_and(|d| d.source == source);
        let problem = match result {
            Ok(loaded) => return self.install(*loaded, reload),
            Err(JobFailure::Invalid(diagnostics)) => Problem::Invalid(diagnostics),
            Err(JobFailure::Unreadable(message)) => Problem::Message(message),
            Err(JobFailure::Cancelled) => {
                self.state.status = Some(format!("Stopped loading {}.", source.display()));
                return;
            }
        };
        // Watch a broken file too, so fixing it reloads; but not in place
        // of the open scenario, which stays watched.
        if self.state.document.is_none() || reloading {
            self.watch_source(&source);
        }
        self.state.failure = Some(Failure {
            source,
            problem,
            reloading,
        });
    }

    /// Puts a freshly loaded scenario on screen. A reload carries the walk
    /// and its undo history onto the new graph (it stays where it was if it
    /// still can); a new scenario restores its autosaved session, if any.
    fn install(&mut self, loaded: Loaded, reload: bool) {
        let scenario = Arc::clone(&loaded.scenario);
        let previous = self.state.document.as_ref().map(|d| &d.session);
        let (session, mut report) = match (previous, loaded.session) {
            (Some(previous), _) if reload => {
                previous.carried_onto(scenario, Arc::clone(&loaded.graph))
            }
            (_, Some(restored)) => restored,
            (_, None) => (
                Session::with_graph(scenario, Arc::clone(&loaded.graph)).with_seed(self.seed),
                Vec::new(),
            ),
        };
        report.extend(loaded.notes.iter().cloned());
        let n = session.graph().n_situations();
        let title = loaded.scenario.title.clone();
        let what = if reload { "Reloaded" } else { "Opened" };
        self.state.status = Some(if report.is_empty() {
            format!(
                "{what} \"{title}\": {n} situations in {:.0} ms.",
                loaded.elapsed.as_secs_f64() * 1000.0
            )
        } else {
            format!("{what} \"{title}\"; {}", report.join("; "))
        });
        let settings = &mut self.state.settings;
        match &loaded.source {
            ScenarioSource::File(path) => {
                // Remembered by absolute path: the next start may be from
                // another folder.
                let path = std::path::absolute(path).unwrap_or_else(|_| path.clone());
                settings.last_file = Some(path.clone());
                settings.last_built_in = None;
                settings.recent.retain(|p| *p != path);
                settings.recent.insert(0, path);
                settings.recent.truncate(8);
            }
            ScenarioSource::BuiltIn(name) => {
                settings.last_file = None;
                settings.last_built_in = Some((*name).to_owned());
            }
        }
        if !reload {
            self.state.compare = [None, None];
            self.state.request_fit(false);
        }
        self.watch_source(&loaded.source);
        self.state.failure = None;
        // Every report of the last generation goes with it: nothing worked
        // out for the old file is shown for the new one.
        self.reports = Some(Reports::new(loaded.study, loaded.is_game));
        self.state.document = Some(Document {
            source: loaded.source,
            session,
            layout: loaded.layout,
            load_ms: loaded.elapsed.as_secs_f64() * 1000.0,
        });
        self.autosave();
    }

    fn watch_source(&mut self, source: &ScenarioSource) {
        if !self.watch {
            return;
        }
        let ScenarioSource::File(path) = source else {
            self.watcher = None;
            return;
        };
        if self.watcher.as_ref().is_some_and(|w| w.watches(path)) {
            return;
        }
        let ctx = self.ctx.clone();
        self.watcher = match FileWatcher::new(path, move || {
            if let Some(ctx) = &ctx {
                ctx.request_repaint();
            }
        }) {
            Ok(w) => Some(w),
            Err(e) => {
                self.state.status = Some(format!(
                    "Cannot watch {}: {e}; use File > Reload.",
                    path.display()
                ));
                None
            }
        };
    }

    /// Hands the session to the autosave thread, which writes it where the
    /// next start finds it. A failure is shown when the thread reports it
    /// and loses nothing: the session stays in memory.
    fn autosave(&mut self) {
        let (Some(autosaver), Some(dir), Some(document)) =
            (&self.autosaver, &self.data_dir, &self.state.document)
        else {
            return;
        };
        let session = &document.session;
        match session.to_ron() {
            Ok(text) => autosaver.save(autosave_path(dir, &session.scenario().id), text),
            Err(e) => self.state.status = Some(format!("Autosave failed: {e}")),
        }
    }

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
    fn apply_event(&mut self, event: Event) {
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
        }
    }

    /// Asks for another frame, in which the analysis catches up with a
    /// changed choice (the odds are worked out before the panels draw).
    fn redraw(&self) {
        if let Some(ctx) = &self.ctx {
            ctx.request_repaint();
        }
    }

    fn apply_action(&mut self, action: UiAction) {
        match action {
            UiAction::Session(action) => self.session_action(action),
            UiAction::Command(command) => self.command(command),
            UiAction::Open(source) => {
                self.state.windows.library = false;
                self.start_job(source, false);
            }
            UiAction::PickMove(n) => {
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
            UiAction::ExportTo { format, path } => self.start_export(format, path),
            UiAction::SetSeminarScale(scale) => {
                self.state.settings.seminar_scale = super::style::seminar_scale(scale);
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
            UiAction::SetLambda(lambda) => {
                let lambda = if lambda.is_finite() {
                    lambda.max(0.0)
                } else {
                    0.0
                };
                if self.state.settings.lambda != lambda {
                    self.state.settings.lambda = lambda;
                    self.redraw();
                }
            }
        }
    }

    /// Exports in `format` to `path` on another thread, the same export as
    /// `demarche export`.
    fn start_export(&mut self, format: ExportFormat, path: PathBuf) {
        let (Some(document), Some(reports)) = (&self.state.document, &self.reports) else {
            return;
        };
        if let Some(old) = self.export.take() {
            old.job.cancel();
        }
        let session = document.session.snapshot();
        let sets = reports.information_sets().to_vec();
        let destination = path.clone();
        let job = Background::spawn(
            move |cancel| {
                let prepared = prepare_export(format, &session, &sets, &today_utc(), &destination)
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

    /// Reads a saved session onto the open scenario, on another thread.
    fn open_session(&mut self, path: PathBuf) {
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

    fn session_action(&mut self, action: Action) {
        let Some(document) = &mut self.state.document else {
            return;
        };
        match document.session.apply(action) {
            Ok(()) => {
                self.state.status = None;
                self.autosave();
            }
            Err(e) => self.state.status = Some(e.to_string()),
        }
    }

    fn command(&mut self, command: Command) {
        if let Some(format) = command.export_format() {
            self.views.dialog = Some(Dialog::export(format));
            return;
        }
        let state = &mut self.state;
        match command {
            Command::Open => self.views.dialog = Some(Dialog::open_scenario(&state.settings)),
            Command::OpenSession => self.views.dialog = Some(Dialog::open_session()),
            Command::SaveSession => self.views.dialog = Some(Dialog::save_session()),
            Command::ExportDebrief
            | Command::ExportDebriefHtml
            | Command::ExportDot
            | Command::ExportSvg
            | Command::ExportEfg => {}
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
                state.presenter = super::state::Presenter {
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

    fn current_source(&self) -> Option<ScenarioSource> {
        if let Some(job) = &self.job {
            return Some(job.source.clone());
        }
        if let Some(d) = &self.state.document {
            return Some(d.source.clone());
        }
        if let Some(failure) = &self.state.failure {
            return Some(failure.source.clone());
        }
        let settings = &self.state.settings;
        settings
            .last_file
            .clone()
            .map(ScenarioSource::File)
            .or_else(|| {
                settings
                    .last_built_in
                    .as_deref()
                    .and_then(crate::built_in)
                    .map(|b| ScenarioSource::BuiltIn(b.name))
            })
    }
}

/// Reads shortcuts and number keys into actions, from whichever window
/// `ctx` is drawing (the projector's or the presenter view's, so either
/// keyboard drives both).
fn keyboard(ctx: &Context, seminar: bool, actions: &mut Vec<UiAction>) {
    let typing = ctx.text_edit_focused();
    // egui lets Ctrl+Z match Ctrl+Shift+Z, so shortcuts with more
    // modifiers are tried first.
    let mut commands = Command::ALL;
    commands.sort_by_key(|c| {
        std::cmp::Reverse(c.shortcut().map_or(0, |s| {
            let m = s.modifiers;
            u8::from(m.alt) + u8::from(m.shift) + u8::from(m.command || m.ctrl)
        }))
    });
    for command in commands {
        let Some(shortcut) = command.shortcut() else {
            continue;
        };
        if typing && command.is_plain_key() {
            continue;
        }
        if ctx.input_mut(|i| i.consume_shortcut(&shortcut)) {
            actions.push(UiAction::Command(command));
        }
    }
    if typing {
        return;
    }
    const NUMBERS: [Key; 9] = [
        Key::Num1,
        Key::Num2,
        Key::Num3,
        Key::Num4,
        Key::Num5,
        Key::Num6,
        Key::Num7,
        Key::Num8,
        Key::Num9,
    ];
    for (i, key) in NUMBERS.iter().enumerate() {
        if ctx.input_mut(|input| input.consume_key(egui::Modifiers::NONE, *key)) {
            actions.push(UiAction::PickMove(i + 1));
        }
    }
    if seminar {
        if ctx.input_mut(|i| i.consume_key(egui::Modifiers::NONE, Key::ArrowLeft)) {
            actions.push(UiAction::Command(Command::Back));
        }
        if ctx.input_mut(|i| i.consume_key(egui::Modifiers::NONE, Key::ArrowRight)) {
            actions.push(UiAction::Command(Command::Forward));
        }
    }
}

impl DemarcheApp {
    /// The work in progress, for the status bar.
    fn busy(&self) -> Option<Busy> {
        if let Some(job) = &self.job {
            return Some(Busy::Loading {
                what: format!("{} {}", job.phase(), job.source.display()),
                n_situations: job.n_situations(),
                expanded_of_known: job.expanded_of_known(),
            });
        }
        self.export.as_ref().map(|export| Busy::Exporting {
            what: format!(
                "Exporting the {} to {}",
                export.format.what(),
                export.path.display()
            ),
        })
    }

    /// Collects what the work off the window's thread has finished, as
    /// events for `apply`: a load, a change to the file, an export, an
    /// autosave error, a session file or the library read.
    fn poll_tasks(&mut self) -> Vec<Event> {
        let mut events = Vec::new();
        if let Some(job) = &self.job
            && let Some(result) = job.poll()
        {
            events.push(Self::loaded_event(job, result));
        }
        if self.watcher.as_ref().is_some_and(FileWatcher::changed) {
            events.push(Event::FileChanged);
        }
        if let Some(export) = &self.export
            && let Some(result) = export.job.poll()
        {
            events.push(Self::exported_event(export, result));
        }
        if let Some(e) = self.autosaver.as_ref().and_then(Autosaver::error) {
            events.push(Event::AutosaveFailed(e));
        }
        let mut running = Vec::new();
        for task in std::mem::take(&mut self.file_tasks) {
            match task.poll() {
                Some(Some(event)) => events.push(event),
                Some(None) => {}
                None => running.push(task),
            }
        }
        self.file_tasks = running;
        events
    }

    /// Starts what is due: a reload the file asked for once no load is
    /// running (so a save during a load is loaded after it), and the
    /// reports the panels will read this frame, for the current generation.
    fn start_due_work(&mut self) {
        if self.reload_pending
            && self.job.is_none()
            && let Some(source) = self.current_source()
        {
            self.reload_pending = false;
            self.start_job(source, true);
        }
        let Some(document) = &self.state.document else {
            return;
        };
        let session = &document.session;
        // The session grows its graph where the walk reaches the frontier:
        // a new graph is a new generation.
        if let Some(reports) = &self.reports
            && !reports.study().is_of(session.graph_arc())
        {
            self.generation += 1;
            let study = Study::new(
                Arc::clone(session.scenario_arc()),
                Arc::clone(session.graph_arc()),
                self.generation,
                reports.information_sets().to_vec(),
            );
            let is_game = reports.is_game;
            self.reports = Some(Reports::new(Arc::new(study), is_game));
        }
        let wake = self.waker();
        let Some(reports) = &mut self.reports else {
            return;
        };
        let state = &self.state;
        // A conflict in option form shows stability in the outcomes
        // panel, so it is worked out at once.
        let option_form = session.scenario().conflict.is_some();
        let wanted = Wanted {
            presenter: state.presenter.open,
            compare: (state.view == View::Compare && state.revealed()).then(|| {
                state
                    .compared(session)
                    .map(|v| session.walk().visit(v).situation)
            }),
            findings: option_form || (state.view == View::Analysis && !state.seminar),
        };
        reports.update(session.current(), state.settings.play_model(), wanted, wake);
    }

    /// One frame: poll the work in progress, draw, apply actions.
    pub fn frame(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        if self.ctx.is_none() {
            self.ctx = Some(ctx.clone());
        }
        if let Some(stats) = &mut self.frame_stats {
            let now = ctx.input(|i| i.time);
            if let Some(last) = stats.last {
                stats.intervals_ms.push((now - last) * 1000.0);
            }
            stats.last = Some(now);
        }
        for event in self.poll_tasks() {
            self.apply(event);
        }
        self.start_due_work();
        let dropped: Vec<PathBuf> = ctx.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_path_buf())
                .filter(|p| !p.as_os_str().is_empty())
                .collect()
        });

        let title = match &self.state.document {
            Some(d) => format!("demarche - {}", d.session.scenario().title),
            None => "demarche".to_owned(),
        };
        if title != self.title {
            ctx.send_viewport_cmd(ViewportCommand::Title(title.clone()));
            self.title = title;
        }

        let mut actions = Vec::new();
        keyboard(&ctx, self.state.seminar, &mut actions);
        for path in dropped {
            if path.extension().is_some_and(|e| e == "ron" || e == "efg") {
                actions.push(UiAction::Open(ScenarioSource::File(path)));
            }
        }
        let busy = self.busy();
        let screen = Screen {
            state: &self.state,
            reports: self.reports.as_ref(),
            busy: busy.as_ref(),
        };
        shell_ui(ui, &screen, &mut self.views, &mut actions);
        if self.state.presenter.open {
            let seminar = self.state.seminar;
            presenter_viewport(&ctx, &screen, &mut actions, &|ctx, actions| {
                keyboard(ctx, seminar, actions);
            });
            // The class clock ticks.
            ctx.request_repaint_after(std::time::Duration::from_secs(1));
        }
        for action in actions {
            self.apply(action);
        }
        if self.job.is_some() || self.reload_pending {
            ctx.request_repaint_after(std::time::Duration::from_millis(100));
        }
    }

    /// Whether the current situation ends in an outcome.
    pub fn at_outcome(&self) -> bool {
        self.state.document.as_ref().is_some_and(|d| {
            matches!(
                d.session.graph().status(d.session.current()),
                Status::Outcome(_)
            )
        })
    }
}

impl eframe::App for DemarcheApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.frame(ui);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, SETTINGS_KEY, &self.state.settings);
    }

    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        // Write what autosave still holds before the window goes.
        self.autosaver = None;
        if let Some(stats) = &self.frame_stats {
            eprintln!("demarche: {}", stats.summary());
        }
    }
}

/// Why an export failed, for a message that already names the file.
fn why(error: &ExportError) -> String {
    match error {
        ExportError::Write { reason, .. } => reason.to_string(),
        other => other.to_string(),
    }
}

/// The key the settings are stored under.
pub const SETTINGS_KEY: &str = "demarche-settings";
