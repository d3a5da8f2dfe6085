//! Sensitivity: how much the analysis depends on one judgement.
//!
//! [`sweep`] varies one [`Parameter`] over a range, re-solves at evenly
//! spaced points and reports the thresholds where the rational path (its
//! moves and followed results) or the set of equilibria under a stability
//! concept changes. Between two neighbouring points that differ, the
//! threshold is found by bisection to 1e-9 of the range, and bisection
//! goes on above it while the result there is not yet the upper point's,
//! so successive changes between two points are all found (each bisection
//! costs about 30 more solves). A change that happens and is undone between
//! two neighbouring points is missed: use more points for a finer grid.
//! When the parameter is a payoff that ranks states for stability, the
//! equilibria are recomputed at each point too. [`tornado`] moves every parameter alone to
//! the low and high end of its plausible range and ranks them by how far
//! they move the expected payoffs at the start (a one-way tornado diagram).
//!
//! A probability is varied with the move's other results scaled in
//! proportion so that they still sum to one (see [`Judgements::set`]).
//! Neither payoffs nor probabilities change the graph, so the unfolding is
//! built once and each point costs one backward induction: O(points x
//! states x steps per situation x actors) for a sweep, O(parameters x the
//! same) for a tornado.

use std::ops::ControlFlow;
use std::sync::Arc;

use super::gmcr::{Concept, ConflictModel, equilibria, stable_bits};
use super::judgements::Judgements;
use super::parameter::Parameter;
use super::progress::{Cancelled, Progress, Stopped};
use super::solve::{Path, PathEnd, Solution, solve_unfolding};
use super::unfold::Unfolding;
use crate::engine::{SituationGraph, TooLarge};
use crate::model::{MoveIndex, ResultIndex, Scenario};

/// How a sweep is run.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SweepOptions {
    /// The values swept, `(low, high)`; `None` for the default: 0 to 1 for
    /// a probability, and for a payoff the lowest to the highest payoff in
    /// the scenario (widened to take in the current value; the current
    /// value plus and minus 1 when all payoffs are equal).
    pub range: Option<(f64, f64)>,
    /// Evenly spaced points, both ends included (at least 2).
    pub points: usize,
}

impl Default for SweepOptions {
    fn default() -> Self {
        SweepOptions {
            range: None,
            points: 101,
        }
    }
}

/// Why a sweep could not run.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum SensitivityError {
    /// The range is empty, reversed, not finite or outside 0..1 for a
    /// probability.
    #[error("range {low}..{high} is not valid for {parameter}: {problem}")]
    Range {
        /// The parameter's id.
        parameter: String,
        /// The low end as given.
        low: f64,
        /// The high end as given.
        high: f64,
        /// What is wrong with the range.
        problem: String,
    },
    /// Fewer than two points.
    #[error("a sweep needs at least 2 points, not {0}")]
    Points(usize),
    /// The caller asked to stop.
    #[error("analysis cancelled")]
    Cancelled,
    /// The unfolding from the start did not fit in memory.
    #[error(transparent)]
    TooLarge(#[from] TooLarge),
}

impl From<Cancelled> for SensitivityError {
    fn from(_: Cancelled) -> Self {
        SensitivityError::Cancelled
    }
}

/// One point of a sweep.
#[derive(Clone, Debug, PartialEq)]
pub struct SweepPoint {
    /// The parameter's value.
    pub value: f64,
    /// Every actor's expected payoff at the start under rational play.
    pub payoffs: Vec<f64>,
    /// The rational path from the start.
    pub path: Path,
    /// The equilibria under each concept (in [`Concept::ALL`] order), when
    /// the parameter can change them (see [`Sweep::stability_note`]).
    pub equilibria: Option<Vec<Vec<usize>>>,
}

/// What changes at a threshold.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Change {
    /// The rational path.
    Path,
    /// The equilibria under a concept.
    Equilibria(Concept),
}

/// A value where the analysis changes.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Threshold {
    /// Where it changes (to 1e-9 of the range).
    pub value: f64,
    /// What changes there.
    pub change: Change,
    /// The sweep point just below it.
    pub below: usize,
    /// The sweep point just above it.
    pub above: usize,
}

/// A sweep of one parameter.
#[derive(Clone, Debug, PartialEq)]
pub struct Sweep {
    /// The parameter swept.
    pub parameter: Parameter,
    /// The parameter's value in the scenario.
    pub base: f64,
    /// The range swept.
    pub range: (f64, f64),
    /// The evenly spaced points, low to high.
    pub points: Vec<SweepPoint>,
    /// Where the path or the equilibria change, lowest value first.
    pub thresholds: Vec<Threshold>,
    /// Why equilibria are not followed, when they are not: the parameter
    /// cannot change them, or stability cannot be analysed.
    pub stability_note: Option<String>,
}

/// The most thresholds of one kind looked for between two neighbouring
/// sweep points.
const MAX_CHANGES_BETWEEN_POINTS: usize = 16;

/// Sweeps one parameter; see the module documentation. `progress` is
/// called once per point; `Break` stops the sweep.
pub fn sweep(
    scenario: &Scenario,
    graph: &SituationGraph,
    parameter: Parameter,
    options: &SweepOptions,
    progress: &mut dyn FnMut(&Progress) -> ControlFlow<()>,
) -> Result<Sweep, SensitivityError> {
    let unfolding = Arc::new(Unfolding::try_build(
        graph,
        graph.start(),
        scenario.limits.max_depth,
        scenario.actors.len(),
    )?);
    sweep_on(scenario, graph, unfolding, parameter, options, progress)
}

/// [`sweep`] on an unfolding from the start already built (the one the
/// rest of the analysis shares).
pub(crate) fn sweep_on(
    scenario: &Scenario,
    graph: &SituationGraph,
    unfolding: Arc<Unfolding>,
    parameter: Parameter,
    options: &SweepOptions,
    progress: &mut dyn FnMut(&Progress) -> ControlFlow<()>,
) -> Result<Sweep, SensitivityError> {
    let base_judgements = Judgements::of(scenario);
    let base = base_judgements.value(parameter);
    let (low, high) = options
        .range
        .unwrap_or_else(|| default_range(&base_judgements, parameter, base));
    check_range(scenario, parameter, low, high)?;
    if options.points < 2 {
        return Err(SensitivityError::Points(options.points));
    }

    let (conflict, stability_note) = conflict_for(scenario, graph, parameter);
    let evaluate = |value: f64| {
        let mut judgements = base_judgements.clone();
        judgements.set(parameter, value);
        let solution = solve_unfolding(
            scenario.actors.len(),
            graph,
            Arc::clone(&unfolding),
            judgements.clone(),
        );
        let equilibria = conflict.as_ref().and_then(|model| {
            let (prefs, _) = model.preferences(scenario, &judgements).ok()?;
            let bits = stable_bits(model, &prefs, &mut super::progress::no_progress).ok()?;
            Some(
                Concept::ALL
                    .iter()
                    .map(|c| equilibria(&bits, model.n_actors, *c))
                    .collect::<Vec<_>>(),
            )
        });
        point(graph, value, &solution, equilibria)
    };

    let n = options.points;
    let mut points = Vec::with_capacity(n);
    for i in 0..n {
        let report = Progress {
            stage: "points",
            done: i,
            total: n,
        };
        if progress(&report).is_break() {
            return Err(SensitivityError::Cancelled);
        }
        let value = if i + 1 == n {
            high
        } else {
            low + (high - low) * i as f64 / (n - 1) as f64
        };
        points.push(evaluate(value));
    }

    let tolerance = 1e-9 * (high - low).abs().max(1e-9);
    let mut thresholds = Vec::new();
    for i in 1..n {
        let (a, b) = (&points[i - 1], &points[i]);
        let mut changes = Vec::new();
        if path_key(&a.path) != path_key(&b.path) {
            changes.push(Change::Path);
        }
        if let (Some(ea), Some(eb)) = (&a.equilibria, &b.equilibria) {
            for (c, concept) in Concept::ALL.iter().enumerate() {
                if ea.get(c) != eb.get(c) {
                    changes.push(Change::Equilibria(*concept));
                }
            }
        }
        for change in changes {
            let key = |p: &SweepPoint| match change {
                Change::Path => format!("{:?}", path_key(&p.path)),
                Change::Equilibria(concept) => {
                    let c = Concept::ALL.iter().position(|x| *x == concept).unwrap_or(0);
                    format!("{:?}", p.equilibria.as_ref().and_then(|e| e.get(c)))
                }
            };
            // Bisect for the first change above `lo`; when the state just
            // above it is not yet the upper point's, look again from there.
            let above_key = key(b);
            let (mut lo, mut lo_key) = (a.value, key(a));
            for _ in 0..MAX_CHANGES_BETWEEN_POINTS {
                let (mut hi, mut hi_key) = (b.value, above_key.clone());
                while hi - lo > tolerance {
                    let mid = lo + (hi - lo) / 2.0;
                    if mid <= lo || mid >= hi {
                        break;
                    }
                    let mid_key = key(&evaluate(mid));
                    if mid_key == lo_key {
                        lo = mid;
                    } else {
                        hi = mid;
                        hi_key = mid_key;
                    }
                }
                thresholds.push(Threshold {
                    value: lo + (hi - lo) / 2.0,
                    change,
                    below: i - 1,
                    above: i,
                });
                if hi_key == above_key {
                    break;
                }
                (lo, lo_key) = (hi, hi_key);
            }
        }
    }

    Ok(Sweep {
        parameter,
        base,
        range: (low, high),
        points,
        thresholds,
        stability_note,
    })
}

/// The moves and followed results of a path, and its end: what a reader
/// sees change.
pub fn path_key(path: &Path) -> (Vec<(MoveIndex, Option<ResultIndex>)>, PathEnd) {
    (
        path.steps.iter().map(|s| (s.move_, s.result)).collect(),
        path.end,
    )
}

fn point(
    graph: &SituationGraph,
    value: f64,
    solution: &Solution,
    equilibria: Option<Vec<Vec<usize>>>,
) -> SweepPoint {
    SweepPoint {
        value,
        payoffs: solution.root_payoffs(),
        path: solution.path(graph),
        equilibria,
    }
}

/// The conflict model when a payoff parameter can change the equilibria,
/// or a note saying why they are not followed.
fn conflict_for(
    scenario: &Scenario,
    graph: &SituationGraph,
    parameter: Parameter,
) -> (Option<ConflictModel>, Option<String>) {
    let Parameter::Payoff { actor, .. } = parameter else {
        return (
            None,
            Some("equilibria do not depend on probabilities".to_owned()),
        );
    };
    if scenario
        .priorities
        .get(actor.index())
        .is_some_and(|p| !p.is_empty())
    {
        return (
            None,
            Some(format!(
                "equilibria do not depend on this payoff: \"{}\" ranks situations by its priorities",
                scenario.actor(actor).id
            )),
        );
    }
    let built = super::gmcr::check_preferences(scenario, graph).and_then(|()| {
        let model = ConflictModel::build(scenario, graph, &mut super::progress::no_progress)?;
        model.preferences(scenario, &Judgements::of(scenario))?;
        Ok(model)
    });
    match built {
        Ok(model) => (Some(model), None),
        Err(e) => (None, Some(format!("equilibria not followed: {e}"))),
    }
}

fn default_range(judgements: &Judgements, parameter: Parameter, base: f64) -> (f64, f64) {
    if parameter.is_probability() {
        return (0.0, 1.0);
    }
    let all = judgements.payoffs.iter().flatten().copied();
    let low = all.clone().fold(base, f64::min);
    let high = all.fold(base, f64::max);
    if high > low {
        (low, high)
    } else {
        (base - 1.0, base + 1.0)
    }
}

fn check_range(
    scenario: &Scenario,
    parameter: Parameter,
    low: f64,
    high: f64,
) -> Result<(), SensitivityError> {
    let problem = if !low.is_finite() || !high.is_finite() {
        Some("both ends must be numbers")
    } else if low >= high {
        Some("the low end must be below the high end")
    } else if parameter.is_probability() && (low < 0.0 || high > 1.0) {
        Some("a probability stays within 0..1")
    } else {
        None
    };
    match problem {
        Some(problem) => Err(SensitivityError::Range {
            parameter: parameter.id(scenario),
            low,
            high,
            problem: problem.to_owned(),
        }),
        None => Ok(()),
    }
}

/// How far a tornado moves each parameter.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TornadoOptions {
    /// Payoffs move this far down and up (default 1: one rank).
    pub payoff_delta: f64,
    /// Probabilities written as numbers move this far down and up, within
    /// 0..1 (default 0.1). A probability written as an ICD 203 likelihood
    /// word moves across the word's range instead ("likely": 55-80 %).
    pub probability_delta: f64,
}

impl Default for TornadoOptions {
    fn default() -> Self {
        TornadoOptions {
            payoff_delta: 1.0,
            probability_delta: 0.1,
        }
    }
}

/// One bar of a tornado: a parameter at the low and the high end.
#[derive(Clone, Debug, PartialEq)]
pub struct TornadoBar {
    /// The parameter moved.
    pub parameter: Parameter,
    /// The value in the scenario.
    pub base: f64,
    /// The low end of its range.
    pub low: f64,
    /// The high end of its range.
    pub high: f64,
    /// Every actor's expected payoff at the start with the parameter low.
    pub payoffs_low: Vec<f64>,
    /// The same with the parameter high.
    pub payoffs_high: Vec<f64>,
    /// The largest change of any actor's expected payoff between the two.
    pub swing: f64,
    /// Whether the rational path at either end differs from the base path.
    pub path_changes: bool,
}

/// A one-way tornado over every parameter.
#[derive(Clone, Debug, PartialEq)]
pub struct Tornado {
    /// Every actor's expected payoff at the start with the scenario's own
    /// judgements.
    pub base_payoffs: Vec<f64>,
    /// Bars, the largest swing first (file order on ties).
    pub bars: Vec<TornadoBar>,
}

/// A one-way tornado: every parameter of [`Parameter::all`] alone at the
/// low and high end of its range (see [`TornadoOptions`]), ranked by swing.
/// `progress` is called once per parameter; `Break` stops it.
pub fn tornado(
    scenario: &Scenario,
    graph: &SituationGraph,
    options: &TornadoOptions,
    progress: &mut dyn FnMut(&Progress) -> ControlFlow<()>,
) -> Result<Tornado, Stopped> {
    let unfolding = Arc::new(Unfolding::try_build(
        graph,
        graph.start(),
        scenario.limits.max_depth,
        scenario.actors.len(),
    )?);
    Ok(tornado_on(scenario, graph, unfolding, options, progress)?)
}

/// [`tornado`] on an unfolding from the start already built (the one
/// the rest of the analysis shares).
pub(crate) fn tornado_on(
    scenario: &Scenario,
    graph: &SituationGraph,
    unfolding: Arc<Unfolding>,
    options: &TornadoOptions,
    progress: &mut dyn FnMut(&Progress) -> ControlFlow<()>,
) -> Result<Tornado, Cancelled> {
    let base_judgements = Judgements::of(scenario);
    let n_actors = scenario.actors.len();
    let solve_at = |judgements: Judgements| {
        solve_unfolding(n_actors, graph, Arc::clone(&unfolding), judgements)
    };
    let base_solution = solve_at(base_judgements.clone());
    let base_payoffs = base_solution.root_payoffs();
    let base_path = path_key(&base_solution.path(graph));

    let parameters = Parameter::all(scenario);
    let mut bars = Vec::with_capacity(parameters.len());
    for (i, &parameter) in parameters.iter().enumerate() {
        let report = Progress {
            stage: "parameters",
            done: i,
            total: parameters.len(),
        };
        if progress(&report).is_break() {
            return Err(Cancelled);
        }
        let base = base_judgements.value(parameter);
        let (low, high) = tornado_range(scenario, parameter, base, options);
        let mut ends = [low, high].map(|value| {
            let mut judgements = base_judgements.clone();
            judgements.set(parameter, value);
            let solution = solve_at(judgements);
            (solution.root_payoffs(), path_key(&solution.path(graph)))
        });
        let [(payoffs_low, path_low), (payoffs_high, path_high)] = &mut ends;
        let swing = payoffs_low
            .iter()
            .zip(payoffs_high.iter())
            .map(|(a, b)| (b - a).abs())
            .fold(0.0, f64::max);
        bars.push(TornadoBar {
            parameter,
            base,
            low,
            high,
            path_changes: *path_low != base_path || *path_high != base_path,
            payoffs_low: std::mem::take(payoffs_low),
            payoffs_high: std::mem::take(payoffs_high),
            swing,
        });
    }
    bars.sort_by(|a, b| b.swing.total_cmp(&a.swing));
    Ok(Tornado { base_payoffs, bars })
}

fn tornado_range(
    scenario: &Scenario,
    parameter: Parameter,
    base: f64,
    options: &TornadoOptions,
) -> (f64, f64) {
    match parameter {
        Parameter::Payoff { .. } => (base - options.payoff_delta, base + options.payoff_delta),
        Parameter::Probability { move_, result } => {
            let word = scenario
                .moves
                .get(move_.index())
                .and_then(|m| m.results.get(result.index()))
                .and_then(|r| r.likelihood);
            match word {
                Some(word) => {
                    let (low, high) = word.range_percent();
                    (f64::from(low) / 100.0, f64::from(high) / 100.0)
                }
                None => (
                    (base - options.probability_delta).max(0.0),
                    (base + options.probability_delta).min(1.0),
                ),
            }
        }
    }
}
