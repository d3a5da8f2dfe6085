//! The eframe app: it owns the state, the panels' view state and the work
//! off the window's thread (loading, analysis, the file watch, autosave,
//! exports, session files). Each frame it collects what that work reports
//! as [`Event`]s, draws the window from a read-only [`Screen`], and hands
//! the events and the actions the panels pushed to [`DemarcheApp::apply`],
//! the one place the state changes.
//!
//! - `mod.rs`: the app, starting it, the frame.
//! - `apply.rs`: applying actions and events, the commands.
//! - `tasks.rs`: the work off the window's thread (loads, exports, file
//!   reads and writes, the reports due each frame).
//! - `keyboard.rs`: keys to actions.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use egui::{Context, Key, ViewportCommand};

use super::action::UiAction;
use super::command::Command;
use super::event::{Change, Event};
use super::shell::{Views, presenter_viewport, shell_ui};
use super::state::{AppState, Busy, Document, Failure, Problem, Screen, Settings, View};
use super::style::apply_theme;
use super::tasks::{
    Autosaver, Background, FileWatcher, Job, JobFailure, LoadHold, LoadOptions, Loaded, Reports,
    ScriptedChanges, Wanted,
};
use crate::analysis::Study;
use crate::engine::Status;
use crate::io::{
    ExportError, ExportFormat, ScenarioSource, autosave_path, library_entries, load_session,
    prepare_export, save_session, today_utc,
};
use crate::session::{Action, Session};

mod apply;
mod class;
mod keyboard;
mod tasks;

use keyboard::keyboard;

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
    /// Saves of the open file told by a script instead of watched on disk
    /// (with `watch`).
    pub scripted_changes: Option<ScriptedChanges>,
    /// A gate loads wait at before they report (tests).
    pub hold_loads: Option<LoadHold>,
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
    /// How many file dialogs have been opened.
    n_dialogs: u64,
    job: Option<Job>,
    /// The file changed while a load was running: load it again after.
    reload_pending: bool,
    watcher: Option<FileWatcher>,
    scripted_changes: Option<ScriptedChanges>,
    hold_loads: Option<LoadHold>,
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
    /// The class server and the question it asks, while a class runs.
    class: Option<class::ClassRun>,
    /// What the start-a-class form has chosen so far.
    class_start: crate::ui::class::StartChoice,
}

/// Frame intervals and the time each frame's work took, for
/// `DEMARCHE_FRAME_STATS`.
#[derive(Default)]
struct FrameStats {
    last: Option<f64>,
    intervals_ms: Vec<f64>,
    work_ms: Vec<f64>,
}

impl FrameStats {
    fn summary(&self) -> String {
        fn spread(samples: &[f64]) -> Option<String> {
            let mut sorted = samples.to_vec();
            sorted.sort_by(f64::total_cmp);
            let mean = sorted.iter().sum::<f64>() / sorted.len().max(1) as f64;
            let at = |q: f64| sorted[((sorted.len() - 1) as f64 * q) as usize];
            (!sorted.is_empty()).then(|| {
                format!(
                    "mean {mean:.1} ms, median {:.1} ms, p95 {:.1} ms, max {:.1} ms",
                    at(0.5),
                    at(0.95),
                    at(1.0)
                )
            })
        }
        match (spread(&self.intervals_ms), spread(&self.work_ms)) {
            (Some(intervals), Some(work)) => format!(
                "{} frames; interval {intervals}; work per frame {work}",
                self.work_ms.len()
            ),
            _ => "no frames".to_owned(),
        }
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
            n_dialogs: 0,
            job: None,
            reload_pending: false,
            watcher: None,
            scripted_changes: options.scripted_changes,
            hold_loads: options.hold_loads,
            autosaver,
            data_dir: options.data_dir,
            watch: options.watch,
            seed,
            title: String::new(),
            ctx: Some(ctx.clone()),
            export: None,
            frame_stats: std::env::var_os("DEMARCHE_FRAME_STATS").map(|_| FrameStats::default()),
            class: None,
            class_start: Default::default(),
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

    /// One frame: poll the work in progress, draw, apply actions.
    pub fn frame(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        if self.ctx.is_none() {
            self.ctx = Some(ctx.clone());
        }
        let began = std::time::Instant::now();
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
        self.refresh_class(&ctx, &mut actions);
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
        class::class_window(&ctx, &self.state, &mut self.class_start, &mut actions);
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
        if let Some(stats) = &mut self.frame_stats {
            stats.work_ms.push(began.elapsed().as_secs_f64() * 1000.0);
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

    /// The work in progress, for the status bar.
    pub(super) fn busy(&self) -> Option<Busy> {
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
