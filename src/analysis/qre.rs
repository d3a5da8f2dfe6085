//! Bounded rationality: the logit agent quantal response equilibrium
//! (McKelvey and Palfrey 1998, "Quantal response equilibria for extensive
//! form games", Experimental Economics 1), computed on the bounded
//! unfolding by backward induction.
//!
//! On a game of perfect information the agent QRE is unique and found
//! children first: at each decision the mover chooses each move with
//! probability proportional to `exp(lambda x u)`, `u` the move's expected
//! payoff to the mover (payoffs as written in the file, Gambit's
//! convention, not rescaled), chance by its probabilities. Weights are
//! computed as `exp(lambda x (u - best))`, the best at 1, so nothing
//! overflows. Dead ends, the frontier and cut paths are worth 0, as in
//! [`super::solve`].
//!
//! A free turn (several actors may move) weighs every available move by
//! `exp(-lambda x (best of its actor - u))` and normalises over all of
//! them: within one actor's moves that is the logit choice; lambda 0 makes
//! every move equally likely (uniform play, which pools the movers); in
//! the limit each actor's best move keeps weight 1 and the rest vanish, so
//! each possible mover is equally likely and plays its best move (rational
//! play's chance pick of the mover).
//!
//! Lambda infinite is the limit itself: the best moves (within
//! [`super::TIE_TOLERANCE`]) share the probability equally. Rational play
//! instead takes the first tied move in file order, so where moves tie the
//! limit is a different subgame-perfect equilibrium (on the ultimatum game
//! the responder mixes at an offer of 0 and the proposer offers 1, the
//! limiting logit equilibrium; rational play accepts and offers 0).
//!
//! One pass, children first, carries each state's expected payoffs and
//! keeps every state's move probabilities; where play ends then follows
//! from one forward pass with those probabilities, as for the other models
//! ([`super::probabilities::spread`]). O(states x steps per situation x
//! actors), plus one exponential per available move.

use super::judgements::Judgements;
use super::probabilities::available_moves;
use super::solve::ties;
use super::unfold::{NONE, Unfolding};
use crate::engine::{SituationGraph, Status};
use crate::model::{ActorIndex, MoveIndex};

/// The logit QRE on one unfolding: each state's move probabilities (and,
/// while solving, its expected payoffs).
#[derive(Clone, Debug)]
pub(crate) struct Logit {
    /// Per state id: where its move probabilities start in `choices`, and
    /// how many (none where no one moves).
    choice_at: Vec<(u32, u32)>,
    /// Move probabilities, grouped by state, in step order.
    choices: Vec<f64>,
}

impl Logit {
    /// The move probabilities of a state, in step order (empty where no
    /// one moves).
    pub(crate) fn probabilities(&self, state: u32) -> &[f64] {
        let (start, len) = self
            .choice_at
            .get(state as usize)
            .copied()
            .unwrap_or((0, 0));
        self.choices
            .get(start as usize..(start + len) as usize)
            .unwrap_or(&[])
    }
}

/// Solves the logit QRE with `lambda` over an unfolding. O(states x steps
/// per situation x actors).
pub(crate) fn logit(
    n_actors: usize,
    graph: &SituationGraph,
    unfolding: &Unfolding,
    judgements: &Judgements,
    lambda: f64,
) -> Logit {
    let lambda = if lambda >= 0.0 { lambda } else { 0.0 };
    // Per state: each actor's expected payoff. Dead ends, the frontier and
    // cut paths stay at 0.
    let width = n_actors;
    let n_ids = unfolding.n_state_ids();
    let mut values = vec![0.0; n_ids * width];
    let mut choice_at = vec![(0u32, 0u32); n_ids];
    let mut choices = Vec::new();
    let mut moves: Vec<(MoveIndex, ActorIndex)> = Vec::new();
    let mut worth: Vec<f64> = Vec::new();
    let mut weight: Vec<f64> = Vec::new();
    let mut best: Vec<(ActorIndex, f64)> = Vec::new();

    for &state in unfolding.order() {
        let situation = unfolding.situation(state);
        let base = state as usize * width;
        match graph.status(situation) {
            Status::Outcome(o) => {
                let payoffs = judgements.outcome_payoffs(o);
                for (v, p) in values[base..base + n_actors].iter_mut().zip(payoffs) {
                    *v = *p;
                }
                continue;
            }
            Status::DeadEnd | Status::Frontier(_) => continue,
            Status::Open if unfolding.is_cut(state) => continue,
            Status::Open => {}
        }
        available_moves(graph, situation, &mut moves);
        if moves.is_empty() {
            continue;
        }

        // What each move is worth: its results' states by probability.
        worth.clear();
        worth.resize(moves.len() * width, 0.0);
        let mut k = 0usize;
        for step_id in graph.steps(situation) {
            let step = graph.step(step_id);
            while moves.get(k).is_some_and(|m| m.0 != step.move_) {
                k += 1;
            }
            let p = judgements.step_probability(step);
            let at = k * width;
            let Some(w) = worth.get_mut(at..at + width) else {
                continue;
            };
            let child = unfolding.child(state, graph.target(step_id));
            if child == NONE {
                continue;
            }
            let child_base = child as usize * width;
            for (x, c) in w.iter_mut().zip(&values[child_base..child_base + width]) {
                *x += p * c;
            }
        }

        // Each actor's best worth to itself, then the logit weights.
        best.clear();
        for (k, m) in moves.iter().enumerate() {
            let u = worth[k * width + m.1.index()];
            match best.iter_mut().find(|b| b.0 == m.1) {
                Some(b) => b.1 = b.1.max(u),
                None => best.push((m.1, u)),
            }
        }
        weight.clear();
        for (k, m) in moves.iter().enumerate() {
            let u = worth[k * width + m.1.index()];
            let top = best.iter().find(|b| b.0 == m.1).map_or(u, |b| b.1);
            let w = if lambda.is_infinite() {
                if ties(u, top) { 1.0 } else { 0.0 }
            } else {
                (lambda * (u - top)).exp()
            };
            weight.push(w);
        }
        let total: f64 = weight.iter().sum();
        for w in &mut weight {
            *w /= total;
        }

        let v = &mut values[base..base + width];
        for (k, pi) in weight.iter().enumerate() {
            if *pi == 0.0 {
                continue;
            }
            for (x, y) in v.iter_mut().zip(&worth[k * width..(k + 1) * width]) {
                *x += pi * y;
            }
        }
        choice_at[state as usize] = (choices.len() as u32, weight.len() as u32);
        choices.extend_from_slice(&weight);
    }

    Logit { choice_at, choices }
}
