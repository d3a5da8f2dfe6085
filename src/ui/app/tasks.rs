//! The app's work off the window's thread: starting loads and taking in
//! what they read, exports, session files and the library, autosave, the
//! file watch, and the reports the panels read this frame.

use super::*;

impl DemarcheApp {
    /// What a finished export reports.
    pub(super) fn exported_event(export: &Export, result: Option<Result<(), String>>) -> Event {
        Event::Exported {
            format: export.format,
            path: export.path.clone(),
            result: result.unwrap_or_else(|| Err("the export stopped".to_owned())),
        }
    }

    /// What a finished load reports.
    pub(super) fn loaded_event(job: &Job, result: Result<Loaded, JobFailure>) -> Event {
        Event::Loaded {
            source: job.source.clone(),
            reload: job.reload,
            result: result.map(Box::new),
        }
    }

    /// Shows how an export went (the writing, the fsync and the rename
    /// happened on the export's thread).
    pub(super) fn export_done(
        &mut self,
        format: ExportFormat,
        path: &Path,
        result: Result<(), String>,
    ) {
        self.export = None;
        let what = format.what();
        self.state.status = Some(match result {
            Ok(()) => format!("Exported the {what} to {}.", path.display()),
            Err(e) => format!("Could not export the {what} to {}: {e}", path.display()),
        });
    }

    pub(super) fn start_job(&mut self, source: ScenarioSource, reload: bool) {
        if let Some(old) = self.job.take() {
            old.cancel();
        }
        let ctx = self.ctx.clone();
        self.generation += 1;
        let options = LoadOptions {
            generation: self.generation,
            hold: self.hold_loads.clone(),
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
    pub(super) fn waker(&self) -> impl Fn() + Clone + Send + 'static {
        let ctx = self.ctx.clone();
        move || {
            if let Some(ctx) = &ctx {
                ctx.request_repaint();
            }
        }
    }

    /// Starts a file read or write on another thread; what it reports is
    /// applied when it is done.
    pub(super) fn file_task(&mut self, work: impl FnOnce() -> Event + Send + 'static) {
        let task = Background::spawn(move |_| work(), self.waker());
        self.file_tasks.push(task);
    }

    pub(super) fn job_done(
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
    pub(super) fn install(&mut self, loaded: Loaded, reload: bool) {
        if !reload {
            self.class_leaves_scenario();
        }
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
        if !reload {
            self.class_joins_scenario();
        }
        self.autosave();
    }

    pub(super) fn watch_source(&mut self, source: &ScenarioSource) {
        if !self.watch || self.scripted_changes.is_some() {
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
    pub(super) fn autosave(&mut self) {
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

    /// Collects what the work off the window's thread has finished, as
    /// events for `apply`: a load, a change to the file, an export, an
    /// autosave error, a session file or the library read.
    pub(super) fn poll_tasks(&mut self) -> Vec<Event> {
        let mut events = Vec::new();
        if let Some(job) = &self.job
            && let Some(result) = job.poll()
        {
            events.push(Self::loaded_event(job, result));
        }
        if self.watcher.as_ref().is_some_and(FileWatcher::changed)
            || self
                .scripted_changes
                .as_ref()
                .is_some_and(ScriptedChanges::changed)
        {
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
    pub(super) fn start_due_work(&mut self) {
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

    pub(super) fn current_source(&self) -> Option<ScenarioSource> {
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
