//! The one owner of what the analysis says. A [`Study`] is one generation
//! of an open scenario and its graph (a new one on every load, reload or
//! growth of the graph); it hands out one [`Analysis`] per situation
//! analysed from, and each answers with a plain-data [`SituationReport`].
//! Every derived result is computed at most once per analysis (the
//! unfolding, backward induction, the rational lambda, the pure
//! equilibria, the last quantal response) and the game's equilibrium in
//! behaviour strategies at most once per study.
//!
//! # The invariant: rational play at a situation is solved from there
//!
//! The report at a situation comes from the unfolding rooted at that
//! situation with the full horizon, as `demarche solve --from` does: inside
//! a cycle, a situation met one move after the start has its whole horizon
//! ahead of it, not one move less. So the outcome bars, the expected
//! payoffs, the path and each move's worth always come from one solution,
//! and the app and the command line print the same numbers.
//!
//! # Which method gives rational play
//!
//! Decided here and nowhere else ([`RationalPlay`]): backward induction
//! where no information set of two or more nodes can be reached from the
//! situation; where one can, the game's Nash equilibrium in behaviour
//! strategies (sequence form, solved once from the start) when there is
//! one, and otherwise nothing, with the information sets that stop it.
//! Quantal response is worked out by backward induction too, so it is
//! withheld where information sets can be reached.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use super::deciding::{DecidingPayoff, deciding_payoff};
use super::lambda::LambdaSweep;
use super::move_shares::move_shares;
use super::play::{PlayAnalysis, Prediction};
use super::play_model::{OutcomeProbabilities, PlayModel};
use super::progress::{Progress, Stopped};
use super::sensitivity::{Tornado, TornadoOptions, tornado_on};
use super::sequence::{BehaviourEquilibrium, sequence_equilibrium};
use super::situation_report::{
    MoveReport, RationalAnswer, RationalPlay, SituationReport, StepReport, Withheld,
};
use super::solve::Choice;
use super::source_forecast::{SourceForecastComparison, compare_source_forecasts};
use super::spe::{DEFAULT_EQUILIBRIUM_CAP, Equilibria, enumerate};
use crate::engine::{InformationSet, reachable_information_sets};
use crate::engine::{SituationGraph, SituationId, Status, TooLarge};
use crate::model::{ActorIndex, MoveIndex, Scenario};

/// How many analyses (situations analysed from) a study keeps: the start,
/// the current situation and a few recent ones (Compare's two sides, the
/// step just left).
const KEPT_ANALYSES: usize = 8;

/// The largest unfolding (in states) whose pure equilibria are counted
/// without being asked ([`Analysis::counted_equilibria`]).
pub const COUNT_EQUILIBRIA_UP_TO: usize = 20_000;

/// One generation of a scenario and its graph, as analysed.
pub struct Study {
    scenario: Arc<Scenario>,
    graph: Arc<SituationGraph>,
    generation: u64,
    horizon: u32,
    game: Arc<Game>,
    analyses: Mutex<Vec<Arc<Analysis>>>,
    n_unfoldings: AtomicU64,
}

/// What belongs to the game as a whole: its information sets of two or
/// more nodes and its equilibrium in behaviour strategies.
struct Game {
    sets: Vec<InformationSet>,
    /// How many times the rational lambda was searched for, by any
    /// analysis of this study.
    n_rational_lambdas: AtomicU64,
    behaviour: OnceLock<Option<Result<Arc<BehaviourEquilibrium>, String>>>,
}

impl Study {
    /// A study of `graph`, generation `generation`, counting the scenario's
    /// `limits.max_depth` moves inside cycles. `information_sets` are a
    /// Gambit game's sets of two or more nodes (empty for a RON scenario).
    pub fn new(
        scenario: Arc<Scenario>,
        graph: Arc<SituationGraph>,
        generation: u64,
        information_sets: Vec<InformationSet>,
    ) -> Study {
        let horizon = scenario.limits.max_depth;
        Study::with_horizon(scenario, graph, generation, information_sets, horizon)
    }

    /// As [`Study::new`], counting `horizon` moves inside cycles.
    pub fn with_horizon(
        scenario: Arc<Scenario>,
        graph: Arc<SituationGraph>,
        generation: u64,
        information_sets: Vec<InformationSet>,
        horizon: u32,
    ) -> Study {
        Study {
            scenario,
            graph,
            generation,
            horizon,
            game: Arc::new(Game {
                sets: information_sets,
                n_rational_lambdas: AtomicU64::new(0),
                behaviour: OnceLock::new(),
            }),
            analyses: Mutex::new(Vec::new()),
            n_unfoldings: AtomicU64::new(0),
        }
    }

    /// The generation it was made for.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// The scenario.
    pub fn scenario(&self) -> &Arc<Scenario> {
        &self.scenario
    }

    /// The graph.
    pub fn graph(&self) -> &Arc<SituationGraph> {
        &self.graph
    }

    /// Whether this study is of exactly this graph (the session grows its
    /// graph on demand, which makes a new one).
    pub fn is_of(&self, graph: &Arc<SituationGraph>) -> bool {
        Arc::ptr_eq(&self.graph, graph)
    }

    /// The information sets of two or more nodes (a Gambit game's).
    pub fn information_sets(&self) -> &[InformationSet] {
        &self.game.sets
    }

    /// How many unfoldings this study has built (each analysis builds one,
    /// once): for tests that check nothing is worked out twice.
    pub fn n_unfoldings(&self) -> u64 {
        self.n_unfoldings.load(Ordering::Relaxed)
    }

    /// How many times an analysis of this study searched for the rational
    /// lambda (each does at most once).
    pub fn n_rational_lambdas(&self) -> u64 {
        self.game.n_rational_lambdas.load(Ordering::Relaxed)
    }

    /// The analysis from the start.
    pub fn start(&self) -> Arc<Analysis> {
        self.analysis(self.graph.start())
    }

    /// The analysis from `root`, built on first use and kept while it is
    /// among the last few asked for. O(the unfolding below `root`) the
    /// first time.
    pub fn analysis(&self, root: SituationId) -> Arc<Analysis> {
        let start = self.graph.start();
        if let Ok(kept) = self.analyses.lock()
            && let Some(found) = kept.iter().find(|a| a.root() == root)
        {
            return Arc::clone(found);
        }
        // Built outside the lock: two threads asking at once may both
        // build, and the second is dropped.
        let built = Arc::new(Analysis::build(self, root));
        self.n_unfoldings.fetch_add(1, Ordering::Relaxed);
        if let Ok(mut kept) = self.analyses.lock() {
            if let Some(found) = kept.iter().find(|a| a.root() == root) {
                return Arc::clone(found);
            }
            if kept.len() >= KEPT_ANALYSES {
                // The start is kept for good: the sweep, the tornado and
                // the slider's top read it.
                if let Some(oldest) = kept.iter().position(|a| a.root() != start) {
                    kept.remove(oldest);
                }
            }
            kept.push(Arc::clone(&built));
        }
        built
    }

    /// The report at `at` under `model` (with intervals if asked).
    pub fn report(
        &self,
        at: SituationId,
        model: PlayModel,
        with_intervals: bool,
    ) -> SituationReport {
        self.analysis(at).report(model, with_intervals)
    }

    /// The game's Nash equilibrium in behaviour strategies from the start,
    /// when information sets can be reached from it (or why there is
    /// none); `None` for a game of perfect information. Solved once.
    pub fn behaviour(&self) -> Option<Result<Arc<BehaviourEquilibrium>, String>> {
        behaviour(&self.game, &self.scenario, &self.graph).clone()
    }
}

/// The outcomes reachable from `at`, read from what each of its steps
/// reaches (the search from each step's situation is done already) rather
/// than searched again: in file order. `None` when the moves do not list
/// every step, or `at` is not open.
fn reachable_through(
    graph: &SituationGraph,
    at: SituationId,
    moves: &[MoveReport],
) -> Option<Vec<crate::model::OutcomeIndex>> {
    let listed: usize = moves.iter().map(|m| m.steps.len()).sum();
    if graph.status(at) != Status::Open || listed != graph.steps(at).len() {
        return None;
    }
    let mut met: Vec<bool> = Vec::new();
    let mut meet = |o: crate::model::OutcomeIndex| {
        if met.len() <= o.index() {
            met.resize(o.index() + 1, false);
        }
        met[o.index()] = true;
    };
    for step in moves.iter().flat_map(|m| &m.steps) {
        match step.status {
            Status::Outcome(o) => meet(o),
            _ => step.reachable.iter().copied().for_each(&mut meet),
        }
    }
    Some(
        met.iter()
            .enumerate()
            .filter(|(_, m)| **m)
            .map(|(k, _)| crate::model::OutcomeIndex(k as u32))
            .collect(),
    )
}

/// The game's equilibrium, solved on first use.
fn behaviour<'a>(
    game: &'a Game,
    scenario: &Scenario,
    graph: &SituationGraph,
) -> &'a Option<Result<Arc<BehaviourEquilibrium>, String>> {
    game.behaviour.get_or_init(|| {
        if reachable_information_sets(&game.sets, graph, graph.start()).is_empty() {
            return None;
        }
        let sets: Vec<Vec<SituationId>> = game.sets.iter().map(|s| s.situations.clone()).collect();
        Some(
            sequence_equilibrium(scenario, graph, graph.start(), &sets)
                .map(Arc::new)
                .map_err(|e| e.to_string()),
        )
    })
}

/// What the analysis says from one situation: the bounded unfolding from
/// it, read with the scenario's judgements, and everything derived from
/// it, each worked out once.
pub struct Analysis {
    scenario: Arc<Scenario>,
    graph: Arc<SituationGraph>,
    generation: u64,
    game: Arc<Game>,
    root: SituationId,
    horizon: u32,
    /// The unfolding from the root read with the scenario's judgements, or
    /// why it did not fit in memory (then every play model is withheld
    /// with that reason, and what needs no unfolding is still answered).
    play: Result<PlayAnalysis, TooLarge>,
    /// The information sets reachable from the root, described.
    blocked: Vec<String>,
    rational: OnceLock<RationalPlay>,
    rational_lambda: OnceLock<f64>,
    equilibria: OnceLock<Option<Equilibria>>,
    moves: OnceLock<(Vec<MoveReport>, Vec<crate::model::OutcomeIndex>)>,
    /// The last prediction under each model asked for (a model's second
    /// request, with or without intervals, costs nothing).
    predictions: Mutex<Vec<(PlayModel, bool, Prediction)>>,
}

impl Analysis {
    fn build(study: &Study, root: SituationId) -> Analysis {
        let blocked = reachable_information_sets(&study.game.sets, &study.graph, root)
            .into_iter()
            .map(|set| set.describe(&study.scenario))
            .collect();
        Analysis {
            scenario: Arc::clone(&study.scenario),
            graph: Arc::clone(&study.graph),
            generation: study.generation,
            game: Arc::clone(&study.game),
            root,
            horizon: study.horizon,
            play: PlayAnalysis::try_new(&study.scenario, &study.graph, root, study.horizon),
            blocked,
            rational: OnceLock::new(),
            rational_lambda: OnceLock::new(),
            equilibria: OnceLock::new(),
            moves: OnceLock::new(),
            predictions: Mutex::new(Vec::new()),
        }
    }

    /// The situation analysed from.
    pub fn root(&self) -> SituationId {
        self.root
    }

    /// The generation of the study it belongs to.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// The analysis of one play model at a time on this unfolding, or why
    /// the unfolding did not fit in memory.
    pub fn play(&self) -> Result<&PlayAnalysis, &TooLarge> {
        self.play.as_ref()
    }

    /// The information sets reachable from here, described (empty for a
    /// game of perfect information below).
    pub fn blocked(&self) -> &[String] {
        &self.blocked
    }

    /// Why `model` gives no answer from here, if it does not.
    pub fn withheld(&self, model: PlayModel) -> Option<Withheld> {
        let reason = match (model, &self.play) {
            // Rational play may be read from the game's equilibrium, which
            // needs no unfolding from here.
            (PlayModel::Rational, _) => match self.rational() {
                RationalPlay::Withheld { reasons } => reasons.join("; "),
                _ => return None,
            },
            (_, Err(too_large)) => too_large.to_string(),
            (PlayModel::Uniform | PlayModel::Judged, Ok(_)) => return None,
            (PlayModel::Qre { .. }, Ok(_)) if !self.blocked.is_empty() => {
                "from here the game reaches information sets, where a mover does not know which node it is at, and quantal response is worked out by backward induction, which cannot handle them".to_owned()
            }
            (PlayModel::Qre { .. }, Ok(_)) => return None,
        };
        Some(Withheld {
            model_name: model.name(),
            reason,
        })
    }

    /// Where play goes under `model`, with intervals if asked (each widened
    /// by rounding to hold its point); under rational play in a game solved
    /// by the sequence form, the equilibrium's own play (no intervals).
    pub fn prediction(
        &self,
        model: PlayModel,
        with_intervals: bool,
    ) -> Result<Prediction, Withheld> {
        if let Some(withheld) = self.withheld(model) {
            return Err(withheld);
        }
        if let Ok(kept) = self.predictions.lock()
            && let Some((_, _, p)) = kept
                .iter()
                .find(|(m, i, _)| *m == model && (*i || !with_intervals))
        {
            return Ok(p.clone());
        }
        let prediction = match (model, self.rational(), &self.play) {
            (PlayModel::Rational, RationalPlay::SequenceForm(answer), _) => Prediction {
                model,
                probabilities: answer.probabilities.clone(),
                intervals: None,
            },
            (_, _, Ok(play)) => play.forecast(&self.graph, model, with_intervals),
            (_, _, Err(too_large)) => {
                return Err(Withheld {
                    model_name: model.name(),
                    reason: too_large.to_string(),
                });
            }
        };
        if let Ok(mut kept) = self.predictions.lock() {
            kept.retain(|(m, _, _)| *m != model);
            // One entry per model; quantal response keeps its last lambda.
            kept.retain(|(m, _, _)| m.lambda().is_none() || model.lambda().is_none());
            kept.push((model, with_intervals, prediction.clone()));
        }
        Ok(prediction)
    }

    /// Rational play from here, by the method that applies (see the module
    /// documentation). Solved once.
    pub fn rational(&self) -> &RationalPlay {
        self.rational.get_or_init(|| self.solve_rational())
    }

    fn solve_rational(&self) -> RationalPlay {
        let at = self.root();
        let behaviour = behaviour(&self.game, &self.scenario, &self.graph);
        if let Some(Ok(eq)) = behaviour.as_ref() {
            // With an equilibrium of the whole game, rational play from
            // every situation is read from it, so the marks, the map and
            // the payoffs agree.
            return RationalPlay::SequenceForm(self.sequence_answer(eq));
        }
        if !self.blocked.is_empty() {
            let mut reasons = self.blocked.clone();
            if let Some(Err(why)) = behaviour.as_ref() {
                reasons.push(format!(
                    "the game has no equilibrium to read it from: {why}"
                ));
            }
            return RationalPlay::Withheld { reasons };
        }
        let solution = match &self.play {
            Ok(play) => play.rational(&self.graph),
            Err(too_large) => {
                return RationalPlay::Withheld {
                    reasons: vec![too_large.to_string()],
                };
            }
        };
        RationalPlay::BackwardInduction(RationalAnswer {
            payoffs: solution.root_payoffs(),
            probabilities: solution.outcome_probabilities(&self.graph),
            path: solution.path(&self.graph),
            choices: solution.choices(at),
            move_values: solution.root_move_values(&self.graph),
        })
    }

    /// Rational play read from the game's equilibrium.
    fn sequence_answer(&self, eq: &BehaviourEquilibrium) -> RationalAnswer {
        let (scenario, graph, at) = (&*self.scenario, &*self.graph, self.root());
        let (probabilities, path) = eq.play_from(scenario, graph, at);
        let mut move_values = Vec::new();
        let mut choices = Vec::new();
        if let Some(set) = eq.set_of(at) {
            let mover = set.actor;
            let mut values: Vec<(MoveIndex, f64)> = Vec::new();
            for (m, _) in &set.moves {
                let mut value = 0.0;
                for s in graph.steps(at).filter(|s| graph.step(*s).move_ == *m) {
                    let (below, _) = eq.play_from(scenario, graph, graph.target(s));
                    value += graph.step(s).probability
                        * below
                            .expected_payoffs
                            .get(mover.index())
                            .copied()
                            .unwrap_or(0.0);
                }
                values.push((*m, value));
            }
            values.sort_by(|a, b| b.1.total_cmp(&a.1));
            move_values.push((mover, values));
            // The moves the equilibrium plays here.
            choices.push(Choice {
                actor: mover,
                moves: set
                    .moves
                    .iter()
                    .filter(|(_, p)| *p > 1e-9)
                    .map(|(m, _)| *m)
                    .collect(),
            });
        }
        RationalAnswer {
            payoffs: probabilities.expected_payoffs.clone(),
            probabilities,
            path,
            choices,
            move_values,
        }
    }

    /// The report here under `model`, with intervals if asked.
    pub fn report(&self, model: PlayModel, with_intervals: bool) -> SituationReport {
        let (moves, reachable) = self.moves();
        SituationReport {
            generation: self.generation,
            situation: self.root(),
            horizon: self.horizon,
            prediction: self.prediction(model, with_intervals),
            rational: self.rational().clone(),
            reachable: reachable.clone(),
            moves: moves.clone(),
            cut_by_horizon: self
                .play
                .as_ref()
                .is_ok_and(PlayAnalysis::is_cut_by_horizon),
            source_forecasts: self.source_forecasts(),
            information_sets: self.blocked.clone(),
        }
    }

    /// Each source forecast beside what the judged moves derive from here.
    fn source_forecasts(&self) -> Vec<SourceForecastComparison> {
        if self.scenario.source_forecasts.is_empty() {
            return Vec::new();
        }
        match self.prediction(PlayModel::Judged, true) {
            Ok(judged) => compare_source_forecasts(
                &self.scenario,
                &judged.probabilities,
                judged.intervals.as_ref(),
            ),
            Err(_) => Vec::new(),
        }
    }

    /// Each available move and what it leads to, and the outcomes still
    /// reachable from here. O(moves x the graph below) once.
    fn moves(&self) -> &(Vec<MoveReport>, Vec<crate::model::OutcomeIndex>) {
        self.moves.get_or_init(|| {
            let (scenario, graph, at) = (&*self.scenario, &*self.graph, self.root());
            let moves: Vec<MoveReport> = move_shares(scenario, graph, at)
                .into_iter()
                .map(|share| MoveReport {
                    move_: share.move_,
                    actor: scenario.move_(share.move_).actor,
                    steps: graph
                        .steps(at)
                        .filter(|s| graph.step(*s).move_ == share.move_)
                        .map(|s| {
                            let step = graph.step(s);
                            let to = graph.target(s);
                            let status = graph.status(to);
                            StepReport {
                                step: s,
                                result: step.result,
                                probability: step.probability,
                                to,
                                status,
                                reachable: if status == Status::Open {
                                    graph.reachable_outcomes(to)
                                } else {
                                    Vec::new()
                                },
                            }
                        })
                        .collect(),
                    share,
                })
                .collect();
            let reachable = reachable_through(graph, at, &moves)
                .unwrap_or_else(|| graph.reachable_outcomes(at));
            (moves, reachable)
        })
    }

    /// The lambda from which quantal response from here cannot be told
    /// from rational play: the top of the lambda slider. Worked out once
    /// (at most 40 quantal response passes). `None` when the unfolding did
    /// not fit in memory.
    pub fn rational_lambda(&self) -> Option<f64> {
        let play = self.play.as_ref().ok()?;
        Some(*self.rational_lambda.get_or_init(|| {
            self.game.n_rational_lambdas.fetch_add(1, Ordering::Relaxed);
            play.rational_lambda(&self.graph)
        }))
    }

    /// Quantal response from lambda 0 to [`Analysis::rational_lambda`]; no
    /// lambda at all when the unfolding did not fit in memory.
    pub fn lambda_sweep(&self) -> LambdaSweep {
        match (&self.play, self.rational_lambda()) {
            (Ok(play), Some(top)) => play.lambda_sweep_up_to(&self.graph, top),
            _ => LambdaSweep::none(self.scenario.outcomes.len(), self.scenario.actors.len()),
        }
    }

    /// Every pure subgame-perfect equilibrium from here (up to
    /// [`DEFAULT_EQUILIBRIUM_CAP`] and a work budget of a few visits per
    /// state), when the unfolding has at most [`COUNT_EQUILIBRIA_UP_TO`]
    /// states; counted once. `None` for a larger unfolding, one that did
    /// not fit in memory, or where backward induction does not apply.
    pub fn counted_equilibria(&self) -> Option<&Equilibria> {
        self.equilibria
            .get_or_init(|| {
                let n = self.play.as_ref().ok()?.n_states();
                (n <= COUNT_EQUILIBRIA_UP_TO && self.blocked.is_empty())
                    .then(|| {
                        self.equilibria(DEFAULT_EQUILIBRIUM_CAP, 4 * n as u64 + 10_000, &|| false)
                            .ok()
                    })
                    .flatten()
            })
            .as_ref()
    }

    /// Every pure subgame-perfect equilibrium from here on this unfolding,
    /// stopping after `cap` or `max_visits` state visits, or when
    /// `cancelled` says so; or why the unfolding did not fit in memory.
    pub fn equilibria(
        &self,
        cap: usize,
        max_visits: u64,
        cancelled: &dyn Fn() -> bool,
    ) -> Result<Equilibria, TooLarge> {
        let play = self.play.as_ref().map_err(Clone::clone)?;
        Ok(enumerate(
            play.rational(&self.graph),
            &self.graph,
            cap.max(1),
            max_visits,
            cancelled,
        ))
    }

    /// The tornado on this unfolding: every parameter alone at the ends of
    /// its range, ranked by how far it moves the expected payoffs.
    pub fn tornado(
        &self,
        options: &TornadoOptions,
        progress: &mut dyn FnMut(&Progress) -> std::ops::ControlFlow<()>,
    ) -> Result<Tornado, Stopped> {
        let play = self
            .play
            .as_ref()
            .map_err(|e| Stopped::TooLarge(e.clone()))?;
        Ok(tornado_on(
            &self.scenario,
            &self.graph,
            Arc::clone(play.unfolding()),
            options,
            progress,
        )?)
    }

    /// The payoff rational play from here rests on most closely, and where
    /// it flips, read from `tornado` (this analysis's own) by sweeping its
    /// path-changing payoffs on this unfolding.
    pub fn deciding_payoff(
        &self,
        tornado: &Tornado,
        progress: &mut dyn FnMut(&Progress) -> std::ops::ControlFlow<()>,
    ) -> Option<DecidingPayoff> {
        deciding_payoff(
            &self.scenario,
            &self.graph,
            self.play.as_ref().ok()?.unfolding(),
            tornado,
            progress,
        )
    }

    /// Where play ends under rational play (as [`Analysis::rational`]), for
    /// a caller that only wants the bars.
    pub fn rational_probabilities(&self) -> Option<&OutcomeProbabilities> {
        self.rational().answer().map(|a| &a.probabilities)
    }

    /// Each actor's best-move value here, by actor, for the mover(s).
    pub fn move_values(&self) -> &[(ActorIndex, Vec<(MoveIndex, f64)>)] {
        self.rational()
            .answer()
            .map_or(&[], |a| a.move_values.as_slice())
    }
}
