//! Long work off the UI thread: reading, validating and expanding a
//! scenario, then laying out its map. The window polls the job each frame,
//! shows its progress bar and can cancel it; the result arrives as a
//! message, never by blocking the UI.

use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, TryRecvError, channel};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::analysis::{Study, check_horizon};
use crate::engine::{ExpandError, MapLayout, SituationGraph};
use crate::io::{
    Expanded, LoadError, ScenarioSource, SessionFileError, autosave_path, keep_aside,
    kept_aside_message, load_session, open,
};
use crate::model::{Diagnostics, Scenario};
use crate::session::Session;

/// A scenario read, validated, expanded, laid out and solved.
pub struct Loaded {
    pub source: ScenarioSource,
    pub scenario: Arc<Scenario>,
    pub graph: Arc<SituationGraph>,
    pub layout: Arc<MapLayout>,
    /// The analysis of this generation, with rational play from the start
    /// solved, its pure equilibria counted (small unfoldings) and a game's
    /// equilibrium in behaviour strategies found (see [`Study`]).
    pub study: Arc<Study>,
    /// For a new scenario (not a reload): its session, restored from the
    /// autosave if there is one, with what of it did not fit or why it
    /// could not be read.
    pub session: Option<(Session, Vec<String>)>,
    /// Things to tell the user about the file (e.g. information sets
    /// analysis cannot handle in a Gambit game).
    pub notes: Vec<String>,
    /// Whether the scenario is a Gambit game (no rules to move by, so no
    /// stability or sensitivity analysis).
    pub is_game: bool,
    pub elapsed: Duration,
}

/// What a load needs besides the file.
#[derive(Clone, Debug)]
pub struct LoadOptions {
    /// The generation the loaded scenario gets (see [`Study`]).
    pub generation: u64,
    /// Holds the finished load back until it opens (tests: a save that
    /// arrives during a load, for certain).
    pub hold: Option<LoadHold>,
    /// The seed a new session rolls with.
    pub seed: u64,
    /// Where sessions are autosaved, to restore a new scenario's; `None`
    /// starts fresh.
    pub autosave_dir: Option<PathBuf>,
}

/// A gate that finished loads wait at before they report, while it is
/// closed: tests close it to make a load last as long as they need. Open
/// when made; clones share one gate.
#[derive(Clone, Debug, Default)]
pub struct LoadHold(Arc<(std::sync::Mutex<bool>, std::sync::Condvar)>);

impl LoadHold {
    /// Loads that finish from now on wait until [`LoadHold::open`].
    pub fn close(&self) {
        let (closed, _) = &*self.0;
        if let Ok(mut closed) = closed.lock() {
            *closed = true;
        }
    }

    /// Lets every waiting and later load report.
    pub fn open(&self) {
        let (closed, opened) = &*self.0;
        if let Ok(mut closed) = closed.lock() {
            *closed = false;
        }
        opened.notify_all();
    }

    /// Waits while the gate is closed.
    fn wait_open(&self) {
        let (closed, opened) = &*self.0;
        let Ok(mut guard) = closed.lock() else { return };
        while *guard {
            match opened.wait(guard) {
                Ok(g) => guard = g,
                Err(_) => return,
            }
        }
    }
}

/// Why a job gave no scenario.
pub enum JobFailure {
    /// The file has errors; shown in the errors panel.
    Invalid(Diagnostics),
    /// The file could not be read.
    Unreadable(String),
    /// The user cancelled.
    Cancelled,
}

/// How far a job has got, shared with the worker thread.
#[derive(Default)]
struct Shared {
    n_situations: AtomicU64,
    /// While expanding: situations expanded, and known (expanded or
    /// waiting), the total as far as it is known.
    n_expanded: AtomicU64,
    n_known: AtomicU64,
    cancel: AtomicBool,
    phase: Mutex<&'static str>,
}

/// A running job.
pub struct Job {
    pub source: ScenarioSource,
    /// Whether this job reloads the open scenario (then the walk is kept).
    pub reload: bool,
    shared: Arc<Shared>,
    receiver: Receiver<Result<Loaded, JobFailure>>,
    pub started: Instant,
}

impl Job {
    /// Starts reading `source` on a worker thread; `wake` is called when
    /// there is progress to show or a result to collect.
    pub fn spawn(
        source: ScenarioSource,
        reload: bool,
        options: LoadOptions,
        wake: impl Fn() + Send + 'static,
    ) -> Job {
        let shared = Arc::new(Shared::default());
        let (sender, receiver) = channel();
        let worker_shared = Arc::clone(&shared);
        let worker_source = source.clone();
        // The load counts against the budget of the thread that asked for
        // it (a test's scoped budget, or the process's).
        let budget = crate::engine::current_budget();
        let spawned = std::thread::Builder::new()
            .name("demarche-load".into())
            .spawn(move || {
                let _budget = crate::engine::scoped_budget(budget);
                let result = run(worker_source, reload, &options, &worker_shared, &wake);
                if let Some(hold) = &options.hold {
                    hold.wait_open();
                }
                // The window may have gone; then nobody needs the result.
                let _ = sender.send(result);
                wake();
            });
        let job = Job {
            source,
            reload,
            shared,
            receiver,
            started: Instant::now(),
        };
        if let Err(e) = spawned {
            let (sender, receiver) = channel();
            let _ = sender.send(Err(JobFailure::Unreadable(format!(
                "cannot start a worker thread: {e}"
            ))));
            return Job { receiver, ..job };
        }
        job
    }

    /// The result, once there is one.
    pub fn poll(&self) -> Option<Result<Loaded, JobFailure>> {
        match self.receiver.try_recv() {
            Ok(result) => Some(result),
            Err(TryRecvError::Empty) => None,
            Err(TryRecvError::Disconnected) => Some(Err(JobFailure::Unreadable(
                "the worker stopped without a result".to_owned(),
            ))),
        }
    }

    /// Blocks until the result arrives (for tests and scripts; the window
    /// polls instead). `None` if the worker is gone without one.
    pub fn wait(&self) -> Option<Result<Loaded, JobFailure>> {
        self.receiver.recv().ok()
    }

    /// Asks the worker to stop; it answers with `Cancelled`.
    pub fn cancel(&self) {
        self.shared.cancel.store(true, Ordering::Relaxed);
    }

    /// Situations found so far.
    pub fn n_situations(&self) -> u64 {
        self.shared.n_situations.load(Ordering::Relaxed)
    }

    /// While expanding, the situations expanded and the total known so
    /// far (it grows as expansion finds more); `None` in the other phases,
    /// whose size is not known ahead.
    pub fn expanded_of_known(&self) -> Option<(u64, u64)> {
        let known = self.shared.n_known.load(Ordering::Relaxed);
        (self.phase() == "expanding" && known > 0)
            .then(|| (self.shared.n_expanded.load(Ordering::Relaxed), known))
    }

    /// What the worker is doing now.
    pub fn phase(&self) -> &'static str {
        self.shared.phase.lock().map_or("working", |p| *p)
    }
}

fn set_phase(shared: &Shared, phase: &'static str) {
    if let Ok(mut p) = shared.phase.lock() {
        *p = phase;
    }
}

fn run(
    source: ScenarioSource,
    reload: bool,
    options: &LoadOptions,
    shared: &Shared,
    wake: &dyn Fn(),
) -> Result<Loaded, JobFailure> {
    let started = Instant::now();
    set_phase(shared, "reading");
    // A Gambit .efg comes with its graph built from the tree; a scenario
    // file is expanded by its rules.
    let opened = open(&source).map_err(|e| match e {
        LoadError::Invalid(d) => JobFailure::Invalid(d),
        e => JobFailure::Unreadable(e.to_string()),
    })?;
    set_phase(shared, "expanding");
    let mut last_wake = Instant::now();
    let expanded = opened
        .expand_with(&mut |p| {
            shared
                .n_situations
                .store(p.n_situations as u64, Ordering::Relaxed);
            shared
                .n_expanded
                .store(p.n_expanded as u64, Ordering::Relaxed);
            shared
                .n_known
                .store((p.n_expanded + p.n_queued) as u64, Ordering::Relaxed);
            if last_wake.elapsed() > Duration::from_millis(50) {
                last_wake = Instant::now();
                wake();
            }
            if shared.cancel.load(Ordering::Relaxed) {
                ControlFlow::Break(())
            } else {
                ControlFlow::Continue(())
            }
        })
        .map_err(|e| match e {
            ExpandError::Cancelled => JobFailure::Cancelled,
            ExpandError::TooLarge(e) => JobFailure::Unreadable(e.to_string()),
        })?;
    let Expanded {
        scenario,
        graph,
        information_sets,
        notes,
        is_game,
        names,
    } = expanded;
    set_phase(shared, "laying out the map");
    wake();
    let layout = MapLayout::new(&graph).with_names(names);
    if shared.cancel.load(Ordering::Relaxed) {
        return Err(JobFailure::Cancelled);
    }
    set_phase(shared, "solving");
    wake();
    // Rational play unfolds cycles to the depth limit; refuse a limit that
    // would not fit in memory rather than abort.
    check_horizon(
        &graph,
        graph.start(),
        scenario.limits.max_depth,
        scenario.actors.len(),
    )
    .map_err(|e| JobFailure::Unreadable(e.to_string()))?;
    let scenario = Arc::new(scenario);
    let graph = Arc::new(graph);
    let study = Arc::new(Study::new(
        Arc::clone(&scenario),
        Arc::clone(&graph),
        options.generation,
        information_sets,
    ));
    let start = study.start();
    start.rational();
    if shared.cancel.load(Ordering::Relaxed) {
        return Err(JobFailure::Cancelled);
    }
    // Counting equilibria is bounded by a few visits per state; a large
    // unfolding is left to `solve --all` so that loading does not take
    // twice as long.
    start.counted_equilibria();
    if shared.cancel.load(Ordering::Relaxed) {
        return Err(JobFailure::Cancelled);
    }
    if !study.information_sets().is_empty() {
        set_phase(shared, "solving the sequence form");
        wake();
        study.behaviour();
    }
    // A new scenario (not a reload) starts where its autosaved session
    // left off; reading that file is work for this thread too.
    let session = (!reload).then(|| {
        let fresh =
            Session::with_graph(Arc::clone(&scenario), Arc::clone(&graph)).with_seed(options.seed);
        match &options.autosave_dir {
            Some(dir) => restore(dir, fresh),
            None => (fresh, Vec::new()),
        }
    });
    Ok(Loaded {
        source,
        scenario,
        graph,
        session,
        layout: Arc::new(layout),
        study,
        notes,
        is_game,
        elapsed: started.elapsed(),
    })
}

/// `fresh` with the session autosaved for its scenario in `dir`, if there
/// is one; and what of it did not fit, or why it could not be read. A file
/// that cannot be read is kept aside under a new name, so the next
/// autosave does not overwrite it, and the message says where.
pub fn restore(dir: &Path, fresh: Session) -> (Session, Vec<String>) {
    let path = autosave_path(dir, &fresh.scenario().id);
    let why = match load_session(&path, fresh.clone()) {
        Ok(restored) => return restored,
        Err(SessionFileError::Read { reason, .. })
            if reason.kind() == std::io::ErrorKind::NotFound =>
        {
            return (fresh, Vec::new());
        }
        Err(SessionFileError::NotText { why, .. }) => why,
        Err(SessionFileError::Format(e)) => e.to_string(),
        Err(e) => {
            return (
                fresh,
                vec![format!("the saved session could not be read: {e}")],
            );
        }
    };
    let message = match keep_aside(&path) {
        Ok(kept) => kept_aside_message(&path, &kept, &why),
        Err(e) => format!(
            "the saved session {} could not be read ({why}) nor kept aside ({e}); it will be overwritten",
            path.display()
        ),
    };
    (fresh, vec![message])
}

/// A computation on its own thread whose result the window picks up when
/// it is ready (analysis that may take a while on a large graph).
pub struct Background<T> {
    receiver: Receiver<T>,
    cancel: Arc<AtomicBool>,
}

impl<T: Send + 'static> Background<T> {
    /// Starts `work` on a new thread; it gets a cancel flag to check, and
    /// `wake` is called when it is done.
    pub fn spawn(
        work: impl FnOnce(&AtomicBool) -> T + Send + 'static,
        wake: impl Fn() + Send + 'static,
    ) -> Background<T> {
        let (sender, receiver) = channel();
        let cancel = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&cancel);
        let spawned = std::thread::Builder::new()
            .name("demarche-analysis".into())
            .spawn(move || {
                let _ = sender.send(work(&flag));
                wake();
            });
        if spawned.is_err() {
            // No thread: the receiver reports the sender gone, see `poll`.
        }
        Background { receiver, cancel }
    }

    /// The result once ready; `Some(None)` if the thread ended without one.
    pub fn poll(&self) -> Option<Option<T>> {
        match self.receiver.try_recv() {
            Ok(result) => Some(Some(result)),
            Err(TryRecvError::Empty) => None,
            Err(TryRecvError::Disconnected) => Some(None),
        }
    }

    /// Blocks until the result is ready (for tests and scripts).
    pub fn wait(&self) -> Option<T> {
        self.receiver.recv().ok()
    }

    /// Asks the computation to stop.
    pub fn cancel(&self) {
        self.cancel.store(true, Ordering::Relaxed);
    }
}
