//! What the analysis says about the open scenario, kept for the window:
//! rational play from the start (solved when the scenario loads), the
//! outcome probabilities under the chosen play model and the rational path
//! from the current situation (worked out when either changes, on another
//! thread for large graphs), the lambda from which quantal response is as
//! good as rational, and the stability table, tornado and lambda sweep
//! (worked out when the analysis view first needs them, on another
//! thread).

use std::ops::ControlFlow;
use std::sync::Arc;
use std::sync::atomic::Ordering;

use super::BACKGROUND_ABOVE;
use super::worker::Background;
use crate::analysis::sensitivity::{Tornado, TornadoOptions, tornado};
use crate::analysis::{
    BehaviourEquilibrium, Equilibria, Forecast, LambdaSweep, OutcomeProbabilities, Path,
    PlayAnalysis, PlayModel, Solution, StabilityError, StabilityTable, stability_with,
};
use crate::engine::{InformationSet, reachable_information_sets};
use crate::engine::{SituationGraph, SituationId};
use crate::model::{MoveIndex, Scenario};
use crate::session::Session;

/// The analysis of one situation.
#[derive(Clone, Debug)]
pub struct Odds {
    pub situation: SituationId,
    pub n_situations: usize,
    /// The unfolding from here, kept to answer for another play model.
    pub analysis: Arc<PlayAnalysis>,
    /// Outcome probabilities and their intervals under the chosen model.
    pub forecast: Forecast,
    /// The information sets of two or more nodes reachable from here (a
    /// Gambit game), described; when there are any, backward induction
    /// (rational play and quantal response) cannot be used from here, and
    /// rational play is the game's equilibrium when there is one
    /// (`sequence_form`).
    pub blocked: Vec<String>,
    /// Outcome probabilities under rational play, when the solution covers
    /// this situation.
    pub rational: Option<OutcomeProbabilities>,
    /// Each actor's expected payoff under rational play.
    pub payoffs: Option<Vec<f64>>,
    /// The rational path from here.
    pub path: Option<Path>,
    /// For each actor who may move here: its value for each available move
    /// (move, expected payoff to the mover), best first.
    pub move_values: Vec<(crate::model::ActorIndex, Vec<(MoveIndex, f64)>)>,
    /// Whether `rational`, `payoffs` and `path` come from the game's Nash
    /// equilibrium in behaviour strategies (sequence form) rather than
    /// backward induction; `path` then follows the likeliest moves.
    pub sequence_form: bool,
}

impl Odds {
    /// Whether rational play cannot be shown from here: information sets
    /// are reachable and the game has no equilibrium to read it from.
    pub fn rational_withheld(&self) -> bool {
        !self.blocked.is_empty() && !self.sequence_form
    }

    /// Whether `model`'s probabilities cannot be shown from here: quantal
    /// response is worked out by backward induction, which information
    /// sets defeat; rational play as [`Odds::rational_withheld`] says.
    pub fn withholds(&self, model: PlayModel) -> bool {
        match model {
            PlayModel::Rational => self.rational_withheld(),
            PlayModel::Qre { .. } => !self.blocked.is_empty(),
            PlayModel::Uniform | PlayModel::Forecast => false,
        }
    }
}

/// Why there is no stability table.
#[derive(Clone, Debug, PartialEq)]
pub enum NoStability {
    /// The scenario does not give what the graph model needs (an actor's
    /// preference over every situation, or rules to move by): shown as a
    /// quiet note saying what to add, not as a failure.
    Missing(String),
    /// The analysis could not finish (too many states, memory, cancelled).
    Failed(String),
}

/// Stability and sensitivity, worked out together on demand.
pub struct Deep {
    pub stability: Result<StabilityTable, NoStability>,
    pub tornado: Result<Tornado, String>,
    /// Quantal response from the start, lambda 0 to rational.
    pub sweep: LambdaSweep,
}

/// The analysis kept for one open scenario.
pub struct Insight {
    pub solution: Arc<Solution>,
    /// A Gambit game's information sets of two or more nodes.
    information_sets: Arc<Vec<InformationSet>>,
    /// A two-player game's Nash equilibrium in behaviour strategies, when
    /// information sets are reachable from the start (or why none).
    pub behaviour: Option<Result<Arc<BehaviourEquilibrium>, String>>,
    /// Every pure subgame-perfect equilibrium from the start (up to a cap),
    /// when the unfolding was small enough to count them while loading.
    pub equilibria: Option<Arc<Equilibria>>,
    /// Those reachable from the start, described: rational play from the
    /// start is not shown when there are any.
    pub blocked_at_start: Vec<String>,
    /// Whether the scenario is a Gambit game: no rules to move by, so no
    /// stability table or tornado.
    pub is_game: bool,
    pub odds: Option<Odds>,
    pending_odds: Option<(SituationId, usize, Background<Odds>)>,
    /// The current situation's odds under another model, being worked out
    /// (large graphs); one at a time, the newest model asked for next.
    pending_forecast: Option<(PlayModel, Background<Forecast>)>,
    /// The lambda from which quantal response from the start cannot be told
    /// from rational play: the top of the lambda slider.
    pub rational_lambda: Option<f64>,
    pending_rational_lambda: Option<Background<f64>>,
    pub deep: Option<Arc<Deep>>,
    pending_deep: Option<Background<Deep>>,
}

impl Insight {
    /// The analysis of a freshly loaded scenario; `information_sets` are a
    /// Gambit game's (empty for a RON scenario).
    pub fn new(
        scenario: &Scenario,
        graph: &SituationGraph,
        solution: Arc<Solution>,
        information_sets: Vec<InformationSet>,
        behaviour: Option<Result<Arc<BehaviourEquilibrium>, String>>,
        equilibria: Option<Arc<Equilibria>>,
        is_game: bool,
    ) -> Insight {
        let blocked_at_start = reachable_information_sets(&information_sets, graph, graph.start())
            .into_iter()
            .map(|set| set.describe(scenario))
            .collect();
        Insight {
            solution,
            information_sets: Arc::new(information_sets),
            behaviour,
            equilibria,
            blocked_at_start,
            is_game,
            odds: None,
            pending_odds: None,
            pending_forecast: None,
            rational_lambda: None,
            pending_rational_lambda: None,
            deep: None,
            pending_deep: None,
        }
    }

    /// Makes sure the odds are for the current situation under `model`:
    /// picks up a finished computation, or starts one. Small graphs are
    /// done at once; on large ones the last odds stay shown meanwhile.
    pub fn update(
        &mut self,
        session: &Session,
        model: PlayModel,
        wake: impl Fn() + Clone + Send + 'static,
    ) {
        self.update_rational_lambda(session, wake.clone());
        let current = session.current();
        let n = session.graph().n_situations();
        if let Some((situation, size, job)) = &self.pending_odds {
            if *situation == current && *size == n {
                if let Some(result) = job.poll() {
                    self.odds = result;
                    self.pending_odds = None;
                }
                return;
            }
            job.cancel();
            self.pending_odds = None;
        }
        let here = self
            .odds
            .as_ref()
            .is_some_and(|o| o.situation == current && o.n_situations == n);
        if !here {
            self.pending_forecast = None;
            let scenario = Arc::clone(session.scenario_arc());
            let graph = Arc::clone(session.graph_arc());
            let solution = Arc::clone(&self.solution);
            let sets = Arc::clone(&self.information_sets);
            let behaviour = self.equilibrium();
            let work = move || {
                odds(
                    &scenario,
                    &graph,
                    &solution,
                    &sets,
                    behaviour.as_deref(),
                    current,
                    model,
                )
            };
            if n <= BACKGROUND_ABOVE {
                self.odds = Some(work());
            } else {
                let job = Background::spawn(move |_| work(), wake);
                self.pending_odds = Some((current, n, job));
            }
            return;
        }
        self.update_model(session, model, wake);
    }

    /// The odds worked out for `at`, if they are for it.
    pub fn odds_at(&self, at: SituationId) -> Option<&Odds> {
        self.odds.as_ref().filter(|o| o.situation == at)
    }

    /// The behaviour equilibrium, when there is one.
    pub fn equilibrium(&self) -> Option<Arc<BehaviourEquilibrium>> {
        self.behaviour
            .as_ref()
            .and_then(|b| b.as_ref().ok())
            .cloned()
    }

    /// The current odds under another model, from the unfolding they keep.
    fn update_model(
        &mut self,
        session: &Session,
        model: PlayModel,
        wake: impl Fn() + Send + 'static,
    ) {
        let Some(odds) = &mut self.odds else {
            return;
        };
        if let Some((asked, job)) = &self.pending_forecast {
            match job.poll() {
                None => return,
                Some(result) => {
                    if let Some(forecast) = result {
                        debug_assert_eq!(forecast.model, *asked);
                        odds.forecast = forecast;
                    }
                    self.pending_forecast = None;
                }
            }
        }
        if odds.forecast.model == model {
            return;
        }
        let graph = Arc::clone(session.graph_arc());
        let analysis = Arc::clone(&odds.analysis);
        let equilibrium = odds.sequence_form.then(|| odds.rational.clone()).flatten();
        if odds.n_situations <= BACKGROUND_ABOVE {
            odds.forecast = model_forecast(&analysis, &graph, model, equilibrium);
        } else {
            // A job already running is let finish (a quantal response pass
            // cannot stop half way); the newest model is asked for after.
            let job = Background::spawn(
                move |_| model_forecast(&analysis, &graph, model, equilibrium),
                wake,
            );
            self.pending_forecast = Some((model, job));
        }
    }

    /// Works out the top of the lambda slider once per scenario.
    fn update_rational_lambda(&mut self, session: &Session, wake: impl Fn() + Send + 'static) {
        if self.rational_lambda.is_some() {
            return;
        }
        if let Some(job) = &self.pending_rational_lambda {
            if let Some(result) = job.poll() {
                self.rational_lambda = result;
                self.pending_rational_lambda = None;
            }
            return;
        }
        let scenario = Arc::clone(session.scenario_arc());
        let graph = Arc::clone(session.graph_arc());
        let work = move || {
            PlayAnalysis::new(&scenario, &graph, graph.start(), scenario.limits.max_depth)
                .rational_lambda(&graph)
        };
        if graph_is_small(session) {
            self.rational_lambda = Some(work());
        } else {
            self.pending_rational_lambda = Some(Background::spawn(move |_| work(), wake));
        }
    }

    /// Whether the odds shown are still being worked out for another model.
    pub fn model_pending(&self) -> Option<PlayModel> {
        self.pending_forecast.as_ref().map(|(m, _)| *m)
    }

    /// A Gambit game's information sets of two or more nodes (empty for a
    /// RON scenario).
    pub fn information_sets(&self) -> &Arc<Vec<InformationSet>> {
        &self.information_sets
    }

    /// The rational moves at `at`, for marking the move buttons: none while
    /// the odds for `at` are being worked out in a game with information
    /// sets, or when one can be reached from `at`.
    pub fn rational_choices(&self, at: SituationId) -> Vec<MoveIndex> {
        if let Some(eq) = self.equilibrium()
            && let Some(set) = eq.set_of(at)
        {
            // The moves the equilibrium plays here.
            return set
                .moves
                .iter()
                .filter(|(_, p)| *p > 1e-9)
                .map(|(m, _)| *m)
                .collect();
        }
        if !self.information_sets.is_empty() {
            let clear = self
                .odds
                .as_ref()
                .is_some_and(|o| o.situation == at && o.blocked.is_empty());
            if !clear {
                return Vec::new();
            }
        }
        self.solution
            .choices(at)
            .into_iter()
            .flat_map(|c| c.moves)
            .collect()
    }

    /// Whether the odds for the current situation are still being worked out.
    pub fn odds_pending(&self) -> bool {
        self.pending_odds.is_some()
    }

    /// Starts the stability table and the tornado, if not done or running.
    pub fn request_deep(&mut self, session: &Session, wake: impl Fn() + Send + 'static) {
        if self.deep.is_some() || self.pending_deep.is_some() {
            return;
        }
        if self.is_game {
            let graph = session.graph();
            let sweep = PlayAnalysis::new(
                session.scenario(),
                graph,
                graph.start(),
                session.scenario().limits.max_depth,
            )
            .lambda_sweep(graph);
            self.deep = Some(Arc::new(Deep {
                sweep,
                stability: Err(NoStability::Missing("A Gambit game has a tree but no rules: its moves do not change variables, so no actor can move between situations freely as the graph model needs.".to_owned())),
                tornado: Err("Sensitivity re-expands a scenario by its rules with one judgement changed, and a Gambit game has none; open the RON scenario it was exported from to vary its judgements.".to_owned()),
            }));
            return;
        }
        let scenario = Arc::clone(session.scenario_arc());
        let graph = Arc::clone(session.graph_arc());
        self.pending_deep = Some(Background::spawn(
            move |cancel| {
                let mut stop = |_: &crate::analysis::Progress| {
                    if cancel.load(Ordering::Relaxed) {
                        ControlFlow::Break(())
                    } else {
                        ControlFlow::Continue(())
                    }
                };
                let mut stability = || {
                    stability_with(&scenario, &graph, &mut stop).map_err(|e| match e {
                        StabilityError::NoPreference { .. } => NoStability::Missing(e.to_string()),
                        _ => NoStability::Failed(e.to_string()),
                    })
                };
                // In option form stability is the analysis: turn-based play
                // and its sensitivity do not apply.
                if scenario.conflict.is_some() {
                    return Deep {
                        stability: stability(),
                        sweep: LambdaSweep {
                            lambdas: Vec::new(),
                            probabilities: Vec::new(),
                            rational_lambda: 0.0,
                            limit: OutcomeProbabilities::unresolved(
                                scenario.outcomes.len(),
                                scenario.actors.len(),
                            ),
                        },
                        tornado: Err(
                            "A conflict in option form has no payoffs or likelihoods to vary."
                                .to_owned(),
                        ),
                    };
                }
                let sweep =
                    PlayAnalysis::new(&scenario, &graph, graph.start(), scenario.limits.max_depth)
                        .lambda_sweep(&graph);
                Deep {
                    sweep,
                    stability: stability_with(&scenario, &graph, &mut stop).map_err(|e| match e {
                        StabilityError::NoPreference { .. } => NoStability::Missing(e.to_string()),
                        _ => NoStability::Failed(e.to_string()),
                    }),
                    tornado: tornado(&scenario, &graph, &TornadoOptions::default(), &mut stop)
                        .map_err(|e| e.to_string()),
                }
            },
            wake,
        ));
    }

    /// Picks up the stability table and tornado when they are ready.
    pub fn poll_deep(&mut self) {
        if let Some(job) = &self.pending_deep
            && let Some(result) = job.poll()
        {
            self.deep = result.map(Arc::new);
            self.pending_deep = None;
        }
    }

    /// Whether the stability table and tornado are being worked out.
    pub fn deep_pending(&self) -> bool {
        self.pending_deep.is_some()
    }

    /// Waits for everything running (for tests and scripts).
    pub fn finish(&mut self) {
        if let Some((_, _, job)) = self.pending_odds.take() {
            self.odds = job.wait();
        }
        if let Some((_, job)) = self.pending_forecast.take()
            && let (Some(odds), Some(forecast)) = (&mut self.odds, job.wait())
        {
            odds.forecast = forecast;
        }
        if let Some(job) = self.pending_rational_lambda.take() {
            self.rational_lambda = job.wait();
        }
        if let Some(job) = self.pending_deep.take() {
            self.deep = job.wait().map(Arc::new);
        }
    }
}

/// Whether per-situation analysis runs on the window's thread.
fn graph_is_small(session: &Session) -> bool {
    session.graph().n_situations() <= BACKGROUND_ABOVE
}

/// The analysis of one situation, with the outcome probabilities under
/// `model`. O(the unfolding below it).
pub fn odds(
    scenario: &Scenario,
    graph: &SituationGraph,
    solution: &Solution,
    information_sets: &[InformationSet],
    behaviour: Option<&BehaviourEquilibrium>,
    at: SituationId,
    model: PlayModel,
) -> Odds {
    let analysis = Arc::new(PlayAnalysis::new(
        scenario,
        graph,
        at,
        scenario.limits.max_depth,
    ));
    let blocked: Vec<String> = reachable_information_sets(information_sets, graph, at)
        .into_iter()
        .map(|set| set.describe(scenario))
        .collect();
    // With an equilibrium of the whole game, rational play from every
    // situation is read from it, so the marks, the map and the payoffs
    // agree.
    if let Some(eq) = behaviour {
        let (rational, path) = eq.play_from(scenario, graph, at);
        let mut move_values = Vec::new();
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
        }
        let forecast = model_forecast(&analysis, graph, model, Some(rational.clone()));
        return Odds {
            situation: at,
            n_situations: graph.n_situations(),
            blocked,
            analysis,
            forecast,
            payoffs: Some(rational.expected_payoffs.clone()),
            rational: Some(rational),
            path: Some(path),
            move_values,
            sequence_form: true,
        };
    }
    let forecast = analysis.forecast(graph, model, true);
    if !blocked.is_empty() {
        return Odds {
            situation: at,
            n_situations: graph.n_situations(),
            blocked,
            analysis,
            forecast,
            rational: None,
            payoffs: None,
            path: None,
            move_values: Vec::new(),
            sequence_form: false,
        };
    }
    let rational = solution.outcome_probabilities_from(graph, at);
    let payoffs = solution.payoffs(at).map(<[f64]>::to_vec);
    let path = solution.path_from(graph, at);
    // The mover's expected payoff for each available move: the chance-
    // weighted payoffs of where its results lead.
    let mut move_values: Vec<(crate::model::ActorIndex, Vec<(MoveIndex, f64)>)> = Vec::new();
    for choice in solution.choices(at) {
        let mover = choice.actor;
        let mut values: Vec<(MoveIndex, f64)> = Vec::new();
        for m in graph.moves(at) {
            if scenario.move_(m).actor != mover {
                continue;
            }
            let mut value = 0.0;
            let mut known = true;
            for s in graph.steps(at).filter(|s| graph.step(*s).move_ == m) {
                match solution.payoffs(graph.target(s)) {
                    Some(p) => {
                        value +=
                            graph.step(s).probability * p.get(mover.index()).copied().unwrap_or(0.0)
                    }
                    None => known = false,
                }
            }
            if known {
                values.push((m, value));
            }
        }
        values.sort_by(|a, b| b.1.total_cmp(&a.1));
        move_values.push((mover, values));
    }
    Odds {
        situation: at,
        n_situations: graph.n_situations(),
        blocked,
        analysis,
        forecast,
        rational,
        payoffs,
        path,
        move_values,
        sequence_form: false,
    }
}

/// The forecast under `model`; for rational play in a game solved by the
/// sequence form, the equilibrium's own play (`equilibrium`), which backward
/// induction cannot give there.
fn model_forecast(
    analysis: &PlayAnalysis,
    graph: &SituationGraph,
    model: PlayModel,
    equilibrium: Option<OutcomeProbabilities>,
) -> Forecast {
    match (model, equilibrium) {
        (PlayModel::Rational, Some(probabilities)) => Forecast {
            model,
            probabilities,
            intervals: None,
        },
        _ => analysis.forecast(graph, model, true),
    }
}
