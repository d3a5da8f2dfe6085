//! What the analysis says about the open scenario, kept for the window:
//! rational play from the start (solved when the scenario loads), the
//! outcome probabilities and rational path from the current situation
//! (worked out when it changes, on another thread for large graphs), and
//! the stability table and tornado (worked out when the analysis view first
//! needs them, on another thread).

use std::ops::ControlFlow;
use std::sync::Arc;
use std::sync::atomic::Ordering;

use super::worker::Background;
use crate::analysis::sensitivity::{Tornado, TornadoOptions, tornado};
use crate::analysis::{
    BehaviourEquilibrium, Equilibria, OutcomeProbabilities, Path, PlayModel, Solution,
    StabilityTable, outcome_probabilities, stability_with,
};
use crate::engine::{SituationGraph, SituationId};
use crate::io::efg::{InformationSet, reachable_information_sets};
use crate::model::{MoveIndex, Scenario};
use crate::session::Session;

/// Above this many situations, per-situation analysis runs off the UI thread.
const BACKGROUND_ABOVE: usize = 50_000;

/// The analysis of one situation.
#[derive(Clone, Debug)]
pub struct Odds {
    pub situation: SituationId,
    pub n_situations: usize,
    /// Outcome probabilities if every available move is equally likely.
    pub uniform: OutcomeProbabilities,
    /// The information sets of two or more nodes reachable from here (a
    /// Gambit game), described; when there are any, nothing below is
    /// rational play, which backward induction cannot give for them.
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

/// Stability and sensitivity, worked out together on demand.
pub struct Deep {
    pub stability: Result<StabilityTable, String>,
    pub tornado: Result<Tornado, String>,
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
            deep: None,
            pending_deep: None,
        }
    }

    /// Makes sure the odds are for the current situation: picks up a
    /// finished computation, or starts one. Small graphs are done at once.
    pub fn update(&mut self, session: &Session, wake: impl Fn() + Send + 'static) {
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
        if self
            .odds
            .as_ref()
            .is_some_and(|o| o.situation == current && o.n_situations == n)
        {
            return;
        }
        let scenario = Arc::clone(session.scenario_arc());
        let graph = Arc::clone(session.graph_arc());
        let solution = Arc::clone(&self.solution);
        let sets = Arc::clone(&self.information_sets);
        let behaviour = self.equilibrium();
        if n <= BACKGROUND_ABOVE {
            self.odds = Some(odds(
                &scenario,
                &graph,
                &solution,
                &sets,
                behaviour.as_deref(),
                current,
            ));
        } else {
            let job = Background::spawn(
                move |_| {
                    odds(
                        &scenario,
                        &graph,
                        &solution,
                        &sets,
                        behaviour.as_deref(),
                        current,
                    )
                },
                wake,
            );
            self.pending_odds = Some((current, n, job));
        }
    }

    /// The behaviour equilibrium, when there is one.
    pub fn equilibrium(&self) -> Option<Arc<BehaviourEquilibrium>> {
        self.behaviour
            .as_ref()
            .and_then(|b| b.as_ref().ok())
            .cloned()
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
            self.deep = Some(Arc::new(Deep {
                stability: Err("A Gambit game has a tree but no rules: its moves do not change variables, so no actor can move between situations freely as the graph model needs.".to_owned()),
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
                Deep {
                    stability: stability_with(&scenario, &graph, &mut stop)
                        .map_err(|e| e.to_string()),
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
        if let Some(job) = self.pending_deep.take() {
            self.deep = job.wait().map(Arc::new);
        }
    }
}

/// The analysis of one situation. O(the unfolding below it).
pub fn odds(
    scenario: &Scenario,
    graph: &SituationGraph,
    solution: &Solution,
    information_sets: &[InformationSet],
    behaviour: Option<&BehaviourEquilibrium>,
    at: SituationId,
) -> Odds {
    let uniform = outcome_probabilities(scenario, graph, at, PlayModel::Uniform);
    let blocked: Vec<String> = reachable_information_sets(information_sets, graph, at)
        .into_iter()
        .map(|set| set.describe(scenario))
        .collect();
    // With an equilibrium of the whole game, every situation is read from
    // it, so the marks, the map and the payoffs agree.
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
        return Odds {
            situation: at,
            n_situations: graph.n_situations(),
            blocked: Vec::new(),
            uniform,
            payoffs: Some(rational.expected_payoffs.clone()),
            rational: Some(rational),
            path: Some(path),
            move_values,
            sequence_form: true,
        };
    }
    if !blocked.is_empty() {
        return Odds {
            situation: at,
            n_situations: graph.n_situations(),
            blocked,
            uniform,
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
        uniform,
        rational,
        payoffs,
        path,
        move_values,
        sequence_form: false,
    }
}
