//! Outcome probabilities: how likely each outcome is from a situation under
//! a play model, with the rest of the probability named, never dropped.
//!
//! The probability of the situation flows forward through the bounded
//! unfolding (parents before children): it is split among the available
//! moves as the play model says (a [`Policy`]), then among each move's
//! results by their probabilities; what reaches an outcome is that
//! outcome's; what reaches a dead end is "dead end"; what reaches the
//! graph's frontier or is cut by the horizon inside a cycle is
//! "unresolved". These parts always sum to 1. O(states x steps per
//! situation).

use super::judgements::Judgements;
use super::play::PlayAnalysis;
use super::qre::Logit;
use super::solve::Solution;
use super::unfold::Unfolding;
use crate::engine::{SituationGraph, SituationId, Status};
use crate::model::{ActorIndex, MoveIndex, Scenario, forecast_shares};

/// How actors choose their moves. Chance always follows its
/// probabilities.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum PlayModel {
    /// Every available move is equally likely, whoever makes it.
    Uniform,
    /// The author's judgements: a move with a judged likelihood gets it,
    /// the moves without one share the rest equally (pooled over every
    /// actor who may move, on a free turn); judgements adding up to more
    /// than 1, or to less with nothing to share, are scaled to 1. Without
    /// judgements, exactly [`PlayModel::Uniform`].
    Forecast,
    /// Logit agent quantal response equilibrium (McKelvey and Palfrey
    /// 1998): the mover chooses each move with probability proportional
    /// to `exp(lambda x its expected payoff)`, solved by backward
    /// induction. `lambda` 0 is uniform play; `f64::INFINITY` is the limit,
    /// best moves only, tied ones equally likely. On a free turn each
    /// available move is weighted by `exp(-lambda x how far it falls
    /// short of its actor's best move)`, normalised over every move, so
    /// that lambda 0 is uniform and the limit picks each mover equally
    /// (with one best move each), as rational play does. A negative or NaN
    /// lambda counts as 0.
    Qre {
        /// How sharply better moves are preferred (per unit of payoff).
        lambda: f64,
    },
    /// Actors play their best moves (backward induction, see
    /// [`super::solve`]); on a free turn each possible mover is equally
    /// likely.
    Rational,
}

impl PlayModel {
    /// The model's name on the command line: `uniform`, `forecast`, `qre`
    /// or `rational`.
    pub fn name(self) -> &'static str {
        match self {
            PlayModel::Uniform => "uniform",
            PlayModel::Forecast => "forecast",
            PlayModel::Qre { .. } => "qre",
            PlayModel::Rational => "rational",
        }
    }

    /// What the model assumes, in a few plain words, for headings.
    pub fn description(self) -> String {
        match self {
            PlayModel::Uniform => "every available move equally likely".to_owned(),
            PlayModel::Forecast => "the author's judged likelihoods".to_owned(),
            PlayModel::Qre { lambda } => {
                format!("quantal response, lambda {}", lambda_text(lambda))
            }
            PlayModel::Rational => "rational play".to_owned(),
        }
    }

    /// Lambda, for the quantal response model.
    pub fn lambda(self) -> Option<f64> {
        match self {
            PlayModel::Qre { lambda } => Some(lambda),
            _ => None,
        }
    }
}

/// Lambda as text: `1`, `0.25`, `inf`.
fn lambda_text(lambda: f64) -> String {
    if lambda.is_infinite() {
        "inf".to_owned()
    } else {
        format!("{}", lambda + 0.0)
    }
}

/// Where play from a situation ends, with probabilities summing to 1.
#[derive(Clone, Debug, PartialEq)]
pub struct OutcomeProbabilities {
    /// The probability of each outcome, indexed like the scenario's.
    pub by_outcome: Vec<f64>,
    /// Ending on the graph's frontier or cut by the horizon in a cycle.
    pub unresolved: f64,
    /// The part of `unresolved` cut by the horizon.
    pub beyond_horizon: f64,
    /// Ending where no one can move and no outcome is met.
    pub dead_end: f64,
    /// Each actor's expected payoff: outcomes weighted by their
    /// probabilities, unresolved and dead ends counting 0.
    pub expected_payoffs: Vec<f64>,
}

impl OutcomeProbabilities {
    /// Everything unresolved (for a situation outside the unfolding).
    pub(crate) fn unresolved(n_outcomes: usize, n_actors: usize) -> OutcomeProbabilities {
        OutcomeProbabilities {
            by_outcome: vec![0.0; n_outcomes],
            unresolved: 1.0,
            beyond_horizon: 0.0,
            dead_end: 0.0,
            expected_payoffs: vec![0.0; n_actors],
        }
    }

    /// The sum of every part; 1 up to rounding.
    pub fn total(&self) -> f64 {
        self.by_outcome.iter().sum::<f64>() + self.unresolved + self.dead_end
    }
}

/// Outcome probabilities from a situation under a play model, counting the
/// scenario's `limits.max_depth` moves inside cycles. O(states x steps per
/// situation x actors).
pub fn outcome_probabilities(
    scenario: &Scenario,
    graph: &SituationGraph,
    from: SituationId,
    model: PlayModel,
) -> OutcomeProbabilities {
    outcome_probabilities_within(scenario, graph, from, model, scenario.limits.max_depth)
}

/// As [`outcome_probabilities`], counting `horizon` moves inside cycles.
pub fn outcome_probabilities_within(
    scenario: &Scenario,
    graph: &SituationGraph,
    from: SituationId,
    model: PlayModel,
    horizon: u32,
) -> OutcomeProbabilities {
    PlayAnalysis::new(scenario, graph, from, horizon).probabilities(graph, model)
}

/// How the probability of a state is split among its available moves.
#[derive(Clone, Copy)]
pub(crate) enum Policy<'a> {
    /// Equally.
    Uniform,
    /// By the judgements ([`forecast_shares`]).
    Forecast,
    /// The first best move of each possible mover, each equally.
    Rational(&'a Solution),
    /// Logit quantal response, as solved.
    Logit(&'a Logit),
}

/// The distinct moves available in a situation, in step order (a move's
/// steps are consecutive), with their actors.
pub(crate) fn available_moves(
    graph: &SituationGraph,
    situation: SituationId,
    out: &mut Vec<(MoveIndex, ActorIndex)>,
) {
    out.clear();
    for step in graph.steps(situation) {
        let step = graph.step(step);
        if out.last().map(|m| m.0) != Some(step.move_) {
            out.push((step.move_, step.actor));
        }
    }
}

/// Scratch space for [`Policy::fill`].
#[derive(Default)]
pub(crate) struct Scratch {
    judged: Vec<Option<f64>>,
}

impl Policy<'_> {
    /// Each available move's probability in `state`, aligned with `moves`
    /// (from [`available_moves`]).
    pub(crate) fn fill(
        &self,
        state: u32,
        moves: &[(MoveIndex, ActorIndex)],
        judgements: &Judgements,
        scratch: &mut Scratch,
        out: &mut Vec<f64>,
    ) {
        out.clear();
        match self {
            Policy::Uniform => {
                let share = 1.0 / moves.len().max(1) as f64;
                out.extend(moves.iter().map(|_| share));
            }
            Policy::Forecast => {
                scratch.judged.clear();
                scratch
                    .judged
                    .extend(moves.iter().map(|m| judgements.judged(m.0)));
                forecast_shares(&scratch.judged, out);
            }
            Policy::Rational(solution) => {
                out.extend(moves.iter().map(|_| 0.0));
                let mut n = 0usize;
                for chosen in solution.chosen(state) {
                    if let Some(k) = moves.iter().position(|m| m.0 == chosen) {
                        out[k] = 1.0;
                        n += 1;
                    }
                }
                let share = 1.0 / n.max(1) as f64;
                for p in out.iter_mut() {
                    *p *= share;
                }
            }
            Policy::Logit(logit) => {
                let probabilities = logit.probabilities(state);
                if probabilities.len() == moves.len() {
                    out.extend_from_slice(probabilities);
                } else {
                    let share = 1.0 / moves.len().max(1) as f64;
                    out.extend(moves.iter().map(|_| share));
                }
            }
        }
    }
}

/// Pushes probability from `start` forward through the unfolding, moves
/// chosen as `policy` says.
pub(crate) fn spread(
    graph: &SituationGraph,
    unfolding: &Unfolding,
    judgements: &Judgements,
    n_actors: usize,
    start: u32,
    policy: Policy<'_>,
) -> OutcomeProbabilities {
    let mut moves = Vec::new();
    let mut shares = Vec::new();
    let mut scratch = Scratch::default();
    push_forward(
        graph,
        unfolding,
        judgements,
        n_actors,
        start,
        |state, m, mass, unresolved| {
            let situation = unfolding.situation(state);
            available_moves(graph, situation, &mut moves);
            if moves.is_empty() {
                return false;
            }
            policy.fill(state, &moves, judgements, &mut scratch, &mut shares);
            let mut k = 0usize;
            for step_id in graph.steps(situation) {
                let step = graph.step(step_id);
                while moves.get(k).is_some_and(|x| x.0 != step.move_) {
                    k += 1;
                }
                let share = shares.get(k).copied().unwrap_or(0.0);
                if share == 0.0 {
                    continue;
                }
                let child = unfolding.child(state, graph.target(step_id));
                let p = m * share * judgements.step_probability(step);
                match mass.get_mut(child as usize) {
                    Some(c) => *c += p,
                    None => *unresolved += p,
                }
            }
            true
        },
    )
}

/// Pushes probability from `start` forward along the logit QRE's solved
/// flows: each step's chance from its state, move and result together.
pub(crate) fn spread_logit(
    graph: &SituationGraph,
    unfolding: &Unfolding,
    judgements: &Judgements,
    n_actors: usize,
    start: u32,
    logit: &Logit,
) -> OutcomeProbabilities {
    push_forward(
        graph,
        unfolding,
        judgements,
        n_actors,
        start,
        |state, m, mass, unresolved| {
            let flows = logit.flows(state);
            for &(child, w) in flows {
                if w == 0.0 {
                    continue;
                }
                match mass.get_mut(child as usize) {
                    Some(c) => *c += m * w,
                    None => *unresolved += m * w,
                }
            }
            !flows.is_empty()
        },
    )
}

/// The forward pass both spreads share, parents before children: what
/// reaches an outcome, a dead end, the frontier or the horizon is counted
/// there; from an open state `open(state, mass, masses, unresolved)` passes
/// its mass on and says whether the state had a move (if not, it is a dead
/// end).
fn push_forward(
    graph: &SituationGraph,
    unfolding: &Unfolding,
    judgements: &Judgements,
    n_actors: usize,
    start: u32,
    mut open: impl FnMut(u32, f64, &mut [f64], &mut f64) -> bool,
) -> OutcomeProbabilities {
    let n_outcomes = judgements.payoffs.len();
    let mut out = OutcomeProbabilities {
        by_outcome: vec![0.0; n_outcomes],
        unresolved: 0.0,
        beyond_horizon: 0.0,
        dead_end: 0.0,
        expected_payoffs: vec![0.0; n_actors],
    };
    let mut mass = vec![0.0; unfolding.n_state_ids()];
    let Some(m) = mass.get_mut(start as usize) else {
        return OutcomeProbabilities::unresolved(n_outcomes, n_actors);
    };
    *m = 1.0;
    for &state in unfolding.order().iter().rev() {
        let m = mass[state as usize];
        if m == 0.0 {
            continue;
        }
        match graph.status(unfolding.situation(state)) {
            Status::Outcome(o) => {
                if let Some(p) = out.by_outcome.get_mut(o.index()) {
                    *p += m;
                }
            }
            Status::DeadEnd => out.dead_end += m,
            Status::Frontier(_) => out.unresolved += m,
            Status::Open if unfolding.is_cut(state) => {
                out.unresolved += m;
                out.beyond_horizon += m;
            }
            Status::Open => {
                if !open(state, m, &mut mass, &mut out.unresolved) {
                    out.dead_end += m;
                }
            }
        }
    }
    for (o, p) in out.by_outcome.iter().enumerate() {
        for (e, payoff) in out.expected_payoffs.iter_mut().zip(&judgements.payoffs[o]) {
            *e += p * payoff;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::expand;
    use crate::model::load_str;

    #[test]
    fn uniform_play_on_the_harbour_by_hand() {
        // East offers (likely accepted) or breaks off, each half the time;
        // a rejection stalls the talks and West may patrol or return.
        let text = std::fs::read_to_string("tests/data/ok/harbour.ron").unwrap();
        let scenario = load_str(&text, "harbour.ron").unwrap();
        let graph = expand(&scenario);
        let p = outcome_probabilities(&scenario, &graph, graph.start(), PlayModel::Uniform);
        assert!((p.total() - 1.0).abs() < 1e-12);
        // The first round alone: agreement 0.5 x 0.7, breakdown 0.5.
        assert!(p.by_outcome[0] > 0.35);
        assert!(p.by_outcome[2] > 0.5);
        // No judgements: the forecast is uniform play, to the bit.
        let forecast = outcome_probabilities(&scenario, &graph, graph.start(), PlayModel::Forecast);
        assert_eq!(forecast, p);
        // And so is quantal response with lambda 0 (solved backwards, so
        // equal up to rounding).
        let qre = outcome_probabilities(
            &scenario,
            &graph,
            graph.start(),
            PlayModel::Qre { lambda: 0.0 },
        );
        for (x, y) in qre.by_outcome.iter().zip(&p.by_outcome) {
            assert!((x - y).abs() < 1e-12);
        }
        for (x, y) in qre.expected_payoffs.iter().zip(&p.expected_payoffs) {
            assert!((x - y).abs() < 1e-12);
        }
    }
}
