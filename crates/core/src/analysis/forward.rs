//! The forward pass: the probability of a situation flows forward through
//! the bounded unfolding (parents before children): it is split among the
//! available moves as a [`Policy`] says, then among each move's results by
//! their probabilities; what reaches an outcome is that outcome's; what
//! reaches a dead end is "dead end"; what reaches the graph's frontier or is
//! cut by the horizon inside a cycle is "unresolved". These parts always sum
//! to 1. O(states x steps per situation).
//!
//! The solvers above (backward induction, quantal response) hand their
//! answers down through the two traits [`ChosenMoves`] and [`MoveFlows`],
//! so this pass never names them.

use super::judgements::Judgements;
use super::play_model::OutcomeProbabilities;
use super::unfold::Unfolding;
use crate::engine::{SituationGraph, SituationId, Status};
use crate::model::{ActorIndex, MoveIndex, forecast_shares};

/// The moves rational play takes in each state of an unfolding (backward
/// induction's answer, [`super::Solution`]).
pub(crate) trait ChosenMoves {
    /// The moves taken in `state`: the first best move of each possible
    /// mover.
    fn chosen_in(&self, state: u32) -> Vec<MoveIndex>;
}

/// Each state's move probabilities and step flows as a quantal response
/// solved them.
pub(crate) trait MoveFlows {
    /// The move probabilities of a state, in step order (empty where no one
    /// moves).
    fn move_probabilities(&self, state: u32) -> &[f64];
    /// The flows out of a state: the state each step leads to and its
    /// chance from this state (empty where no one moves).
    fn step_flows(&self, state: u32) -> &[(u32, f64)];
}

/// How the probability of a state is split among its available moves.
#[derive(Clone, Copy)]
pub(crate) enum Policy<'a> {
    /// Equally.
    Uniform,
    /// By the judgements ([`forecast_shares`]).
    Judged,
    /// The first best move of each possible mover, each equally.
    Rational(&'a dyn ChosenMoves),
    /// Logit quantal response, as solved.
    Logit(&'a dyn MoveFlows),
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
            Policy::Judged => {
                scratch.judged.clear();
                scratch
                    .judged
                    .extend(moves.iter().map(|m| judgements.judged(m.0)));
                forecast_shares(&scratch.judged, out);
            }
            Policy::Rational(solution) => {
                out.extend(moves.iter().map(|_| 0.0));
                let mut n = 0usize;
                for chosen in solution.chosen_in(state) {
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
                let probabilities = logit.move_probabilities(state);
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
    logit: &dyn MoveFlows,
) -> OutcomeProbabilities {
    push_forward(
        graph,
        unfolding,
        judgements,
        n_actors,
        start,
        |state, m, mass, unresolved| {
            let flows = logit.step_flows(state);
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
