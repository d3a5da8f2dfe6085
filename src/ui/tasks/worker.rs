//! Long work off the UI thread: reading, validating and expanding a
//! scenario, then laying out its map. The window polls the job each frame,
//! shows its progress bar and can cancel it; the result arrives as a
//! message, never by blocking the UI.

use std::ops::ControlFlow;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, TryRecvError, channel};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::analysis::{
    BehaviourEquilibrium, DEFAULT_EQUILIBRIUM_CAP, Equilibria, Solution, all_equilibria_with,
    check_horizon, sequence_equilibrium, solve,
};
use crate::engine::{ExpandError, MapLayout, SituationGraph, SituationId};
use crate::engine::{InformationSet, reachable_information_sets};
use crate::io::{Expanded, LoadError, ScenarioSource, open};
use crate::model::{Diagnostics, Scenario};

/// The largest unfolding (in states) whose pure equilibria are counted
/// while loading.
pub const COUNT_EQUILIBRIA_UP_TO: usize = 20_000;

/// A scenario read, validated, expanded, laid out and solved.
pub struct Loaded {
    pub source: ScenarioSource,
    pub scenario: Arc<Scenario>,
    pub graph: SituationGraph,
    pub layout: Arc<MapLayout>,
    /// Rational play from the start (backward induction).
    pub solution: Arc<Solution>,
    /// Things to tell the user about the file (e.g. information sets
    /// analysis cannot handle in a Gambit game).
    pub notes: Vec<String>,
    /// A Gambit game's information sets of two or more nodes (empty for a
    /// RON scenario); rational play is not shown where one can be reached.
    pub information_sets: Vec<InformationSet>,
    /// For a two-player game with information sets reachable from the
    /// start: its Nash equilibrium in behaviour strategies (sequence form),
    /// or why there is none.
    pub behaviour: Option<Result<Arc<BehaviourEquilibrium>, String>>,
    /// Every pure subgame-perfect equilibrium from the start (up to a cap),
    /// counted while loading for unfoldings of at most
    /// [`COUNT_EQUILIBRIA_UP_TO`] states.
    pub equilibria: Option<Arc<Equilibria>>,
    /// Whether the scenario is a Gambit game (no rules to move by, so no
    /// stability or sensitivity analysis).
    pub is_game: bool,
    pub elapsed: Duration,
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
    pub fn spawn(source: ScenarioSource, reload: bool, wake: impl Fn() + Send + 'static) -> Job {
        let shared = Arc::new(Shared::default());
        let (sender, receiver) = channel();
        let worker_shared = Arc::clone(&shared);
        let worker_source = source.clone();
        let spawned = std::thread::Builder::new()
            .name("demarche-load".into())
            .spawn(move || {
                let result = run(worker_source, &worker_shared, &wake);
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

fn run(source: ScenarioSource, shared: &Shared, wake: &dyn Fn()) -> Result<Loaded, JobFailure> {
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
    } = expanded;
    set_phase(shared, "laying out the map");
    wake();
    let layout = MapLayout::new(&graph);
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
    let solution = solve(&scenario, &graph);
    if shared.cancel.load(Ordering::Relaxed) {
        return Err(JobFailure::Cancelled);
    }
    // Counting equilibria is bounded by a few visits per state, and stops
    // when the load is cancelled; a large unfolding is left to
    // `solve --all` so that loading does not take twice as long.
    let equilibria = (solution.n_states() <= COUNT_EQUILIBRIA_UP_TO).then(|| {
        Arc::new(all_equilibria_with(
            &scenario,
            &graph,
            graph.start(),
            scenario.limits.max_depth,
            DEFAULT_EQUILIBRIUM_CAP,
            4 * solution.n_states() as u64 + 10_000,
            &|| shared.cancel.load(Ordering::Relaxed),
        ))
    });
    if shared.cancel.load(Ordering::Relaxed) {
        return Err(JobFailure::Cancelled);
    }
    let behaviour =
        if reachable_information_sets(&information_sets, &graph, graph.start()).is_empty() {
            None
        } else {
            set_phase(shared, "solving the sequence form");
            wake();
            let sets: Vec<Vec<SituationId>> = information_sets
                .iter()
                .map(|set| set.situations.clone())
                .collect();
            Some(
                sequence_equilibrium(&scenario, &graph, graph.start(), &sets)
                    .map(Arc::new)
                    .map_err(|e| e.to_string()),
            )
        };
    Ok(Loaded {
        source,
        scenario: Arc::new(scenario),
        graph,
        layout: Arc::new(layout),
        solution: Arc::new(solution),
        notes,
        information_sets,
        behaviour,
        equilibria,
        is_game,
        elapsed: started.elapsed(),
    })
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
