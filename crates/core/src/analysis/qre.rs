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
//! Lambda infinite is the limit itself: the best moves (tied by
//! [`super::tied`] at their own size) share the probability equally.
//! Rational play instead takes the first tied move in file order, so where
//! moves tie the limit is a different subgame-perfect equilibrium (on the
//! ultimatum game the responder mixes at an offer of 0 and the proposer
//! offers 1, the limiting logit equilibrium; rational play accepts and
//! offers 0).
//!
//! One pass, children first. At each state it reads the steps once to
//! find what each move is worth to its own mover (that alone decides the
//! weights), then records each step's chance from the state (its move's
//! probability times its result's) and sums every actor's expected payoff
//! along those chances. Payoffs are carried in blocks of two, four, six or
//! eight numbers, so that the sums compile to a few vector instructions.
//! Where play ends then follows from one forward pass along the recorded
//! chances, without reading the graph's steps again
//! ([`super::forward::spread_logit`]). O(states x steps per
//! situation x actors), plus one exponential per available move that is
//! not its actor's best (the best one's weight is exactly 1).

use super::forward::MoveFlows;
use super::judgements::Judgements;
use super::play_model::sound_lambda;
use super::solve::tied;
use super::unfold::{NONE, Unfolding, payoff_lanes};
use crate::engine::{SituationGraph, Status};
use crate::model::ActorIndex;

/// The logit QRE on one unfolding: each state's move probabilities (and,
/// while solving, its expected payoffs).
#[derive(Clone, Debug)]
pub(crate) struct Logit {
    /// Per state id: where its move probabilities start in `choices`, and
    /// how many (none where no one moves).
    choice_at: Vec<(u32, u32)>,
    /// Move probabilities, grouped by state, in step order.
    choices: Vec<f64>,
    /// Per state id: where its flows start in `flows`, and how many.
    flow_at: Vec<(u32, u32)>,
    /// Each step of each state where someone moves, grouped by state: the
    /// state it leads to ([`NONE`] where the horizon cuts it) and its
    /// chance from its state, its move's probability times its result's.
    flows: Vec<(u32, f64)>,
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

    /// The flows out of a state (empty where no one moves).
    pub(crate) fn flows(&self, state: u32) -> &[(u32, f64)] {
        let (start, len) = self.flow_at.get(state as usize).copied().unwrap_or((0, 0));
        self.flows
            .get(start as usize..(start + len) as usize)
            .unwrap_or(&[])
    }
}

impl MoveFlows for Logit {
    fn move_probabilities(&self, state: u32) -> &[f64] {
        self.probabilities(state)
    }

    fn step_flows(&self, state: u32) -> &[(u32, f64)] {
        self.flows(state)
    }
}

/// Payoffs are carried in blocks of a fixed size, four actors or eight,
/// so that the sums over a block compile to a few vector instructions.
type Block<const L: usize> = [f64; L];

/// Copies a row of blocks: a single block (up to eight actors, the usual
/// case) by assignment rather than a call to `memcpy`.
fn set_row<const L: usize>(into: &mut [Block<L>], from: &[Block<L>]) {
    match (into, from) {
        ([a], [b]) => *a = *b,
        (into, from) => into.copy_from_slice(from),
    }
}

/// Actor `a`'s entry in a row of blocks.
fn entry<const L: usize>(row: &[Block<L>], a: ActorIndex) -> f64 {
    row.get(a.index() / L).map_or(0.0, |b| b[a.index() % L])
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
    match payoff_lanes(n_actors) {
        2 => logit_in::<2>(n_actors, graph, unfolding, judgements, lambda),
        4 => logit_in::<4>(n_actors, graph, unfolding, judgements, lambda),
        6 => logit_in::<6>(n_actors, graph, unfolding, judgements, lambda),
        _ => logit_in::<8>(n_actors, graph, unfolding, judgements, lambda),
    }
}

/// [`logit`] with payoffs in blocks of `L`.
fn logit_in<const L: usize>(
    n_actors: usize,
    graph: &SituationGraph,
    unfolding: &Unfolding,
    judgements: &Judgements,
    lambda: f64,
) -> Logit {
    let lambda = sound_lambda(lambda);
    // Per state: each actor's expected payoff, in `width` blocks. Dead
    // ends, the frontier and cut paths stay at 0.
    let width = n_actors.div_ceil(L).max(1);
    let n_ids = unfolding.n_state_ids();
    let mut values = vec![[0.0; L]; n_ids * width];
    // Each outcome's payoffs as a row of blocks, copied into its states.
    let mut outcome_rows = vec![[0.0; L]; judgements.payoffs.len() * width];
    for (row, payoffs) in outcome_rows
        .chunks_exact_mut(width)
        .zip(&judgements.payoffs)
    {
        for (a, p) in payoffs.iter().enumerate() {
            if let Some(block) = row.get_mut(a / L) {
                block[a % L] = *p;
            }
        }
    }
    let mut choice_at = vec![(0u32, 0u32); n_ids];
    let mut choices = Vec::with_capacity(unfolding.n_states());
    let mut flow_at = vec![(0u32, 0u32); n_ids];
    let mut flows = Vec::with_capacity(unfolding.n_states());
    // The state's steps: the state each leads to, its result's
    // probability, and which of the state's moves it belongs to.
    let mut steps: Vec<(u32, f64, u32)> = Vec::new();
    // The state's moves: each one's actor and what it is worth to that
    // actor.
    let mut movers: Vec<ActorIndex> = Vec::new();
    let mut worth: Vec<f64> = Vec::new();
    // Each actor's best worth in the state; NaN where it has no move.
    let mut best = vec![f64::NAN; n_actors];

    for &state in unfolding.order() {
        let situation = unfolding.situation(state);
        let base = state as usize * width;
        match graph.status(situation) {
            Status::Outcome(o) => {
                let from = o.index() * width;
                if let Some(row) = outcome_rows.get(from..from + width) {
                    set_row(&mut values[base..base + width], row);
                }
                continue;
            }
            Status::DeadEnd | Status::Frontier(_) => continue,
            Status::Open if unfolding.is_cut(state) => continue,
            Status::Open => {}
        }

        // What each move is worth to its actor: its results' states by
        // probability, read in one pass over the state's steps (a move's
        // are consecutive). Only the mover's payoff is needed to choose.
        movers.clear();
        worth.clear();
        steps.clear();
        let mut current = None;
        for step_id in graph.steps(situation) {
            let step = graph.step(step_id);
            if current != Some(step.move_) {
                current = Some(step.move_);
                movers.push(step.actor);
                worth.push(0.0);
            }
            let child = unfolding.child(state, graph.target(step_id));
            let p = judgements.step_probability(step);
            steps.push((child, p, movers.len() as u32 - 1));
            if child == NONE {
                continue;
            }
            let child_base = child as usize * width;
            if let Some(u) = worth.last_mut() {
                *u += p * entry(&values[child_base..child_base + width], step.actor);
            }
        }
        if movers.is_empty() {
            continue;
        }

        // Each actor's best worth to itself, then the logit weights: the
        // best move's is exactly 1 without an exponential.
        for (&u, a) in worth.iter().zip(&movers) {
            if let Some(b) = best.get_mut(a.index()) {
                *b = if b.is_nan() { u } else { b.max(u) };
            }
        }
        let from = choices.len();
        let mut total = 0.0;
        for (&u, a) in worth.iter().zip(&movers) {
            let top = best.get(a.index()).copied().unwrap_or(u);
            let w = if u == top {
                1.0
            } else if lambda.is_infinite() {
                if tied(u, top, 0.0) { 1.0 } else { 0.0 }
            } else {
                (lambda * (u - top)).exp()
            };
            total += w;
            choices.push(w);
        }
        for a in &movers {
            if let Some(b) = best.get_mut(a.index()) {
                *b = f64::NAN;
            }
        }
        if total != 1.0 {
            let scale = 1.0 / total;
            for pi in &mut choices[from..] {
                *pi *= scale;
            }
        }
        choice_at[state as usize] = (from as u32, movers.len() as u32);

        // Each step's chance from the state, and the state's expected
        // payoffs: every actor's, summed along those chances, block by
        // block (one block up to eight actors).
        let chosen = &choices[from..];
        let flow_from = flows.len();
        flows.extend(
            steps
                .iter()
                .map(|&(child, p, k)| (child, chosen[k as usize] * p)),
        );
        flow_at[state as usize] = (flow_from as u32, steps.len() as u32);
        for b in 0..width {
            let mut sum = [0.0; L];
            for &(child, w) in &flows[flow_from..] {
                if child == NONE || w == 0.0 {
                    continue;
                }
                let from = &values[child as usize * width + b];
                for (x, y) in sum.iter_mut().zip(from) {
                    *x += w * y;
                }
            }
            values[base + b] = sum;
        }
    }

    Logit {
        choice_at,
        choices,
        flow_at,
        flows,
    }
}
