//! The app: plain state, the one [`UiAction`] enum every panel returns, and
//! [`DemarcheApp::apply`], the one place state changes. Panels draw from
//! the state and push actions; the frame loop applies them after drawing.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use egui::{Context, Key, ViewportCommand};

use super::command::Command;
use super::layout::MapLayout;
use super::map::MapView;
use super::watch::FileWatcher;
use super::worker::{Background, Job, JobFailure, Loaded, ScenarioSource};
use crate::engine::Status;
use crate::model::{Diagnostics, MoveIndex, ResultIndex};
use crate::session::{Action, Session, VisitId};

/// The centre view.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum View {
    Story,
    Map,
    Compare,
    Analysis,
}

/// An open scenario with the user's walk through it.
pub struct Document {
    pub source: ScenarioSource,
    pub session: Session,
    pub layout: Arc<MapLayout>,
    /// What the analysis says: rational play, odds, stability, tornado.
    pub insight: super::insight::Insight,
    /// How long reading and expanding took.
    pub load_ms: f64,
}

/// A scenario that could not be opened or reloaded. The last good scenario
/// stays on screen while this is shown.
#[derive(Clone, Debug)]
pub enum Failure {
    /// The file has errors, each at its line and column.
    Invalid {
        file: String,
        diagnostics: Diagnostics,
    },
    /// Something else went wrong (a file that cannot be read or written).
    Message(String),
}

/// The last chance roll, shown under the moves.
#[derive(Clone, Debug, PartialEq)]
pub struct Roll {
    pub move_: MoveIndex,
    pub result: ResultIndex,
    /// The number drawn, from 0 to 1.
    pub drawn: f64,
    pub seed: u64,
    pub number: u64,
}

/// Settings kept between runs.
#[derive(Clone, Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct Settings {
    /// The scenario file open at the last exit; `None` for a built-in one.
    pub last_file: Option<PathBuf>,
    /// The built-in scenario open at the last exit, by file name.
    #[serde(default)]
    pub last_built_in: Option<String>,
    pub recent: Vec<PathBuf>,
    pub dark: bool,
}

/// Which windows are open.
#[derive(Clone, Copy, Debug, Default)]
pub struct Windows {
    pub shortcuts: bool,
    pub about: bool,
    pub library: bool,
}

/// Everything the app shows, as plain data.
pub struct AppState {
    pub document: Option<Document>,
    pub failure: Option<Failure>,
    /// A one-line message in the status bar.
    pub status: Option<String>,
    pub view: View,
    pub seminar: bool,
    /// In seminar mode, whether probabilities and analysis are shown.
    pub revealed: bool,
    /// Whether the instructor notes are shown.
    pub notes_revealed: bool,
    pub compare: [Option<VisitId>; 2],
    pub roll: Option<Roll>,
    pub seed: u64,
    pub n_rolls: u64,
    pub windows: Windows,
    pub settings: Settings,
}

/// Everything a user can do in the window.
#[derive(Clone, Debug, PartialEq)]
pub enum UiAction {
    /// A change to the walk: take a move, go back, bookmark, undo...
    Session(Action),
    /// A menu command or its shortcut.
    Command(Command),
    /// Open a scenario.
    Open(ScenarioSource),
    /// Roll the dice for a move with chance results and take the result.
    Roll(MoveIndex),
    /// Take the `n`-th (from 1) available move; a chance move is rolled.
    PickMove(usize),
    /// Choose the branch shown on one side of the compare view.
    SetCompare {
        side: usize,
        visit: VisitId,
    },
    /// Stop the running load.
    CancelJob,
    /// Hide the errors panel.
    DismissFailure,
    /// Put text on the clipboard (an error location).
    Copy(String),
    SaveSessionTo(PathBuf),
    OpenSessionFrom(PathBuf),
    ExportDebriefTo(PathBuf),
    ExportDotTo(PathBuf),
    ExportSvgTo(PathBuf),
    ExportEfgTo(PathBuf),
    /// Stop the running export; nothing is written.
    CancelExport,
}

/// How the graph is exported.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum GraphFormat {
    /// Graphviz DOT, the path bold.
    Dot,
    /// The map drawn as SVG, the path bold.
    Svg,
    /// The unfolding from the start as a Gambit game.
    Efg,
}

/// An export being made off the UI thread (a large graph's DOT, SVG or
/// game tree can take seconds); written when ready.
pub struct Export {
    /// What is exported, for messages: "graph", "map", "game tree".
    pub what: &'static str,
    pub path: PathBuf,
    job: Background<Result<String, String>>,
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
}

/// The app.
pub struct DemarcheApp {
    pub state: AppState,
    pub(super) map: MapView,
    pub(super) dialog: Option<super::dialogs::Dialog>,
    /// The scenario library, read when its window opens.
    pub(super) library: Option<Vec<super::windows::LibraryEntry>>,
    /// The note field's text, and the visit it belongs to.
    pub(super) note_draft: String,
    pub(super) note_for: Option<VisitId>,
    job: Option<Job>,
    watcher: Option<FileWatcher>,
    data_dir: Option<PathBuf>,
    watch: bool,
    title: String,
    ctx: Option<Context>,
    /// The export being made, if any.
    pub(super) export: Option<Export>,
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
    /// A new app; the first scenario starts loading at once.
    pub fn new(ctx: &Context, options: AppOptions) -> DemarcheApp {
        let source = options
            .source
            .clone()
            .unwrap_or_else(|| match &options.settings.last_file {
                Some(path) if path.exists() => ScenarioSource::File(path.clone()),
                _ => ScenarioSource::BuiltIn(
                    options
                        .settings
                        .last_built_in
                        .as_deref()
                        .and_then(crate::built_in)
                        .map_or(crate::DEFAULT_SCENARIO_NAME, |b| b.name),
                ),
            });
        let seed = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(1, |d| d.as_secs() % 100_000);
        let mut app = DemarcheApp {
            state: AppState {
                document: None,
                failure: None,
                status: None,
                view: View::Story,
                seminar: false,
                revealed: false,
                notes_revealed: false,
                compare: [None, None],
                roll: None,
                seed,
                n_rolls: 0,
                windows: Windows::default(),
                settings: options.settings,
            },
            map: MapView::new(),
            dialog: None,
            library: None,
            note_draft: String::new(),
            note_for: None,
            job: None,
            watcher: None,
            data_dir: options.data_dir,
            watch: options.watch,
            title: String::new(),
            ctx: Some(ctx.clone()),
            export: None,
            frame_stats: std::env::var_os("DEMARCHE_FRAME_STATS").map(|_| FrameStats::default()),
        };
        super::theme::apply(ctx, app.state.settings.dark, false);
        app.start_job(source, false);
        app
    }

    /// The running load, if any.
    pub fn job(&self) -> Option<&Job> {
        self.job.as_ref()
    }

    /// Waits for analysis running on other threads (tests and scripts).
    pub fn finish_analysis(&mut self) {
        if let Some(document) = &mut self.state.document {
            document.insight.finish();
        }
    }

    /// Waits for the running load to finish and takes its result. For
    /// tests and scripts; the window polls instead.
    pub fn finish_job(&mut self) {
        while let Some(job) = &self.job {
            match job.wait() {
                Some(result) => self.job_done(result),
                None => break,
            }
        }
    }

    /// Waits for the running export and writes it (for tests and scripts).
    pub fn finish_export(&mut self) {
        if let Some(export) = self.export.take() {
            let result = export.job.wait();
            self.export_done(&export, result);
        }
    }

    /// Makes the export text on another thread; it is written when ready.
    fn start_export(
        &mut self,
        path: PathBuf,
        what: &'static str,
        work: impl FnOnce() -> Result<String, String> + Send + 'static,
    ) {
        if let Some(old) = self.export.take() {
            old.job.cancel();
        }
        let ctx = self.ctx.clone();
        let job = Background::spawn(
            move |_| work(),
            move || {
                if let Some(ctx) = &ctx {
                    ctx.request_repaint();
                }
            },
        );
        self.export = Some(Export { what, path, job });
    }

    fn poll_export(&mut self) {
        let Some(export) = &self.export else { return };
        if let Some(result) = export.job.poll()
            && let Some(export) = self.export.take()
        {
            self.export_done(&export, result);
        }
    }

    fn export_done(&mut self, export: &Export, result: Option<Result<String, String>>) {
        match result {
            Some(Ok(text)) => self.write_export(&export.path, &text, export.what),
            Some(Err(e)) => {
                self.state.status = Some(format!("Could not export the {}: {e}", export.what));
            }
            None => {
                self.state.status = Some(format!(
                    "Could not export the {}: the export stopped",
                    export.what
                ));
            }
        }
    }

    fn start_job(&mut self, source: ScenarioSource, reload: bool) {
        if let Some(old) = self.job.take() {
            old.cancel();
        }
        let ctx = self.ctx.clone();
        self.job = Some(Job::spawn(source, reload, move || {
            if let Some(ctx) = &ctx {
                ctx.request_repaint();
            }
        }));
    }

    fn poll_job(&mut self) {
        let Some(result) = self.job.as_ref().and_then(Job::poll) else {
            return;
        };
        self.job_done(result);
    }

    fn job_done(&mut self, result: Result<Loaded, JobFailure>) {
        let Some(job) = self.job.take() else { return };
        match result {
            Ok(loaded) => self.install(loaded, job.reload),
            Err(JobFailure::Invalid(diagnostics)) => {
                self.state.failure = Some(Failure::Invalid {
                    file: job.source.display(),
                    diagnostics,
                });
                // Watch a broken file too, so fixing it reloads.
                self.watch_source(&job.source);
            }
            Err(JobFailure::Unreadable(message)) => {
                self.state.failure = Some(Failure::Message(message));
            }
            Err(JobFailure::Cancelled) => {
                self.state.status = Some(format!("Stopped loading {}.", job.source.display()));
            }
        }
    }

    /// Puts a freshly loaded scenario on screen. A reload keeps the walk
    /// (replayed by move ids, so it stays where it was if it still can); a
    /// new scenario restores its autosaved session, if there is one.
    fn install(&mut self, loaded: Loaded, reload: bool) {
        let mut session = Session::with_graph(Arc::clone(&loaded.scenario), loaded.graph);
        let mut report = Vec::new();
        let previous = if reload {
            self.state
                .document
                .as_ref()
                .and_then(|d| d.session.to_ron().ok())
        } else {
            self.autosave_path(&loaded.scenario.id)
                .and_then(|p| std::fs::read_to_string(p).ok())
        };
        if let Some(text) = previous {
            match Session::from_ron_into(&text, session.clone()) {
                Ok((restored, dropped)) => {
                    session = restored;
                    report = dropped;
                }
                Err(e) => report.push(format!("the saved session could not be read: {e}")),
            }
        }
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
                settings.last_file = Some(path.clone());
                settings.last_built_in = None;
                settings.recent.retain(|p| p != path);
                settings.recent.insert(0, path.clone());
                settings.recent.truncate(8);
            }
            ScenarioSource::BuiltIn(name) => {
                settings.last_file = None;
                settings.last_built_in = Some((*name).to_owned());
            }
        }
        if !reload {
            self.state.compare = [None, None];
            self.state.roll = None;
            self.map.fit_next_frame = true;
        }
        self.watch_source(&loaded.source);
        self.state.failure = None;
        let insight = super::insight::Insight::new(
            &loaded.scenario,
            session.graph(),
            loaded.solution,
            loaded.information_sets,
            loaded.is_game,
        );
        self.state.document = Some(Document {
            source: loaded.source,
            session,
            layout: loaded.layout,
            insight,
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
        let same = self
            .watcher
            .as_ref()
            .is_some_and(|w| std::fs::canonicalize(path).is_ok_and(|p| p == w.path()));
        if same {
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

    fn autosave_path(&self, scenario_id: &str) -> Option<PathBuf> {
        let safe: String = scenario_id
            .chars()
            .map(|c| {
                if c.is_alphanumeric() || c == '-' || c == '_' {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        self.data_dir
            .as_ref()
            .map(|d| d.join("sessions").join(format!("{safe}.ron")))
    }

    /// Saves the session where the next start finds it. A failure is shown
    /// and loses nothing: the session stays in memory.
    fn autosave(&mut self) {
        let Some(document) = &self.state.document else {
            return;
        };
        let Some(path) = self.autosave_path(&document.session.scenario().id) else {
            return;
        };
        let result = path
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .map_err(|e| e.to_string())
            .and_then(|()| document.session.save(&path).map_err(|e| e.to_string()));
        if let Err(e) = result {
            self.state.status = Some(format!("Autosave failed: {e}"));
        }
    }

    /// Applies one action. The only place the app's state changes.
    pub fn apply(&mut self, action: UiAction) {
        match action {
            UiAction::Session(action) => self.session_action(action),
            UiAction::Command(command) => self.command(command),
            UiAction::Open(source) => {
                self.state.windows.library = false;
                self.start_job(source, false);
            }
            UiAction::Roll(move_) => self.roll(move_),
            UiAction::PickMove(n) => {
                let Some(document) = &self.state.document else {
                    return;
                };
                let moves = super::story::available_moves(&document.session);
                let Some(&move_) = n.checked_sub(1).and_then(|i| moves.get(i)) else {
                    return;
                };
                if document.session.scenario().move_(move_).results.is_empty() {
                    self.session_action(Action::Take {
                        move_,
                        result: None,
                    });
                } else {
                    self.roll(move_);
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
                    self.state.status = Some(match document.session.save(&path) {
                        Ok(()) => format!("Saved the session to {}.", path.display()),
                        Err(e) => format!("Could not save the session: {e}"),
                    });
                }
            }
            UiAction::OpenSessionFrom(path) => self.open_session(&path),
            UiAction::ExportDebriefTo(path) => {
                let Some(document) = &self.state.document else {
                    return;
                };
                let text = crate::io::debrief(&document.session, &crate::io::today_utc());
                self.write_export(&path, &text, "debrief");
            }
            UiAction::ExportDotTo(path) => self.export_graph(path, GraphFormat::Dot),
            UiAction::ExportSvgTo(path) => self.export_graph(path, GraphFormat::Svg),
            UiAction::ExportEfgTo(path) => self.export_graph(path, GraphFormat::Efg),
            UiAction::CancelExport => {
                if let Some(export) = self.export.take() {
                    export.job.cancel();
                    self.state.status = Some(format!(
                        "Cancelled the export of the {}; nothing was written.",
                        export.what
                    ));
                }
            }
        }
    }

    /// Exports the graph in `format` off the UI thread.
    fn export_graph(&mut self, path: PathBuf, format: GraphFormat) {
        let Some(document) = &self.state.document else {
            return;
        };
        let session = &document.session;
        let scenario = Arc::clone(session.scenario_arc());
        let graph = Arc::clone(session.graph_arc());
        let steps = session.path();
        let sets = Arc::clone(document.insight.information_sets());
        let what = match format {
            GraphFormat::Dot => "graph",
            GraphFormat::Svg => "map",
            GraphFormat::Efg => "game tree",
        };
        self.start_export(path, what, move || match format {
            GraphFormat::Dot => Ok(crate::io::graph_to_dot(&scenario, &graph, &steps)),
            GraphFormat::Svg => {
                crate::io::graph_to_svg(&scenario, &graph, &steps).map_err(|e| e.to_string())
            }
            GraphFormat::Efg => {
                crate::io::scenario_to_efg(&scenario, &graph, &sets).map_err(|e| e.to_string())
            }
        });
    }

    fn write_export(&mut self, path: &Path, text: &str, what: &str) {
        self.state.status = Some(match crate::io::write_atomic(path, text.as_bytes()) {
            Ok(()) => format!("Exported the {what} to {}.", path.display()),
            Err(e) => format!("Could not export the {what} to {}: {e}", path.display()),
        });
    }

    fn open_session(&mut self, path: &Path) {
        let Some(document) = &mut self.state.document else {
            return;
        };
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) => {
                self.state.status = Some(format!("Could not read {}: {e}", path.display()));
                return;
            }
        };
        let fresh = Session::with_graph(
            Arc::clone(document.session.scenario_arc()),
            document.session.graph().clone(),
        );
        match Session::from_ron_into(&text, fresh) {
            Ok((session, report)) => {
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
            Err(e) => self.state.status = Some(format!("Could not open the session: {e}")),
        }
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

    /// Draws a number with the session's seed and takes the result it falls in.
    fn roll(&mut self, move_: MoveIndex) {
        let Some(document) = &self.state.document else {
            return;
        };
        let m = document.session.scenario().move_(move_);
        if m.results.is_empty() {
            self.session_action(Action::Take {
                move_,
                result: None,
            });
            return;
        }
        self.state.n_rolls += 1;
        let drawn = unit_draw(self.state.seed, self.state.n_rolls);
        let mut cumulative = 0.0;
        let mut chosen = m.results.len() - 1;
        for (j, r) in m.results.iter().enumerate() {
            cumulative += r.probability;
            if drawn < cumulative {
                chosen = j;
                break;
            }
        }
        let result = ResultIndex(chosen as u16);
        self.state.roll = Some(Roll {
            move_,
            result,
            drawn,
            seed: self.state.seed,
            number: self.state.n_rolls,
        });
        self.session_action(Action::Take {
            move_,
            result: Some(result),
        });
    }

    fn command(&mut self, command: Command) {
        let state = &mut self.state;
        match command {
            Command::Open => {
                self.dialog = Some(super::dialogs::Dialog::open_scenario(&state.settings))
            }
            Command::OpenSession => self.dialog = Some(super::dialogs::Dialog::open_session()),
            Command::SaveSession => self.dialog = Some(super::dialogs::Dialog::save_session()),
            Command::ExportDebrief => self.dialog = Some(super::dialogs::Dialog::export_debrief()),
            Command::ExportDot => self.dialog = Some(super::dialogs::Dialog::export_dot()),
            Command::ExportSvg => self.dialog = Some(super::dialogs::Dialog::export_svg()),
            Command::ExportEfg => self.dialog = Some(super::dialogs::Dialog::export_efg()),
            Command::Reload => {
                if let Some(source) = self.current_source() {
                    self.start_job(source, true);
                }
            }
            Command::Library => state.windows.library = !state.windows.library,
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
                    let n = d.session.walk().path_to(d.session.walk().current()).len() - 1;
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
                state.revealed = false;
                state.notes_revealed = false;
                if let Some(ctx) = &self.ctx {
                    ctx.send_viewport_cmd(ViewportCommand::Fullscreen(state.seminar));
                    super::theme::apply(ctx, state.settings.dark, state.seminar);
                }
            }
            Command::Reveal => {
                if state.seminar {
                    state.revealed = !state.revealed;
                }
            }
            Command::RevealNotes => state.notes_revealed = !state.notes_revealed,
            Command::Theme => {
                state.settings.dark = !state.settings.dark;
                if let Some(ctx) = &self.ctx {
                    super::theme::apply(ctx, state.settings.dark, state.seminar);
                }
            }
            Command::FitMap => {
                state.view = View::Map;
                self.map.fit_next_frame = true;
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

    /// Reads shortcuts and number keys into actions.
    fn keyboard(&self, ctx: &Context, actions: &mut Vec<UiAction>) {
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
        if self.state.seminar {
            if ctx.input_mut(|i| i.consume_key(egui::Modifiers::NONE, Key::ArrowLeft)) {
                actions.push(UiAction::Command(Command::Back));
            }
            if ctx.input_mut(|i| i.consume_key(egui::Modifiers::NONE, Key::ArrowRight)) {
                actions.push(UiAction::Command(Command::Forward));
            }
        }
    }

    /// One frame: poll the worker and the file watch, draw, apply actions.
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
        self.poll_job();
        if self.watcher.as_ref().is_some_and(FileWatcher::changed)
            && self.job.is_none()
            && let Some(source) = self.current_source()
        {
            self.start_job(source, true);
        }
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

        if let Some(document) = &mut self.state.document {
            let wake = {
                let ctx = ctx.clone();
                move || ctx.request_repaint()
            };
            document.insight.update(&document.session, wake.clone());
            document.insight.poll_deep();
            if self.state.view == View::Analysis && !self.state.seminar {
                document.insight.request_deep(&document.session, wake);
            }
        }

        self.poll_export();
        let mut actions = Vec::new();
        self.keyboard(&ctx, &mut actions);
        for path in dropped {
            if path.extension().is_some_and(|e| e == "ron" || e == "efg") {
                actions.push(UiAction::Open(ScenarioSource::File(path)));
            }
        }
        super::shell::shell_ui(ui, self, &mut actions);
        for action in actions {
            self.apply(action);
        }
        if self.job.is_some() {
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
        if let Some(stats) = &self.frame_stats {
            eprintln!("demarche: {}", stats.summary());
        }
    }
}

/// The key the settings are stored under.
pub const SETTINGS_KEY: &str = "demarche-settings";

/// A number in [0, 1) from a seed and a roll number (SplitMix64), so a
/// class can replay the same rolls from the same seed.
pub fn unit_draw(seed: u64, number: u64) -> f64 {
    let mut z = seed.wrapping_add(number.wrapping_mul(0x9E37_79B9_7F4A_7C15));
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^= z >> 31;
    (z >> 11) as f64 / (1u64 << 53) as f64
}
