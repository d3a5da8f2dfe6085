//! Outcome probabilities: how likely each outcome is from a situation under
//! a play model, with the rest of the probability named, never dropped.
//!
//! The probability of the situation flows forward through the bounded
//! unfolding (parents before children): a move's share is split among its
//! results by their probabilities; what reaches an outcome is that
//! outcome's; what reaches a dead end is "dead end"; what reaches the
//! graph's frontier or is cut by the horizon inside a cycle is
//! "unresolved". These parts always sum to 1. O(states x steps per
//! situation).

use super::judgements::Judgements;
use super::solve::{Solution, solve_unfolding};
use super::unfold::{NONE, Unfolding};
use crate::engine::{SituationGraph, SituationId, Status};
use crate::model::Scenario;

/// How actors choose their moves.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PlayModel {
    /// Every available move is equally likely (whoever makes it); then
    /// chance by its probabilities.
    Uniform,
    /// Actors play their best moves (backward induction, see
    /// [`super::solve`]); on a free turn each possible mover is equally
    /// likely; then chance by its probabilities.
    Rational,
}

impl PlayModel {
    /// The model's name on the command line: `uniform` or `rational`.
    pub fn name(self) -> &'static str {
        match self {
            PlayModel::Uniform => "uniform",
            PlayModel::Rational => "rational",
        }
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
    let n_actors = scenario.actors.len();
    let unfolding = std::sync::Arc::new(Unfolding::build(graph, from, horizon));
    let judgements = Judgements::of(scenario);
    let root = unfolding.root_state();
    if root == NONE {
        return OutcomeProbabilities::unresolved(scenario.outcomes.len(), n_actors);
    }
    match model {
        PlayModel::Uniform => spread(graph, &unfolding, &judgements, n_actors, root, model, None),
        PlayModel::Rational => {
            let solution = solve_unfolding(n_actors, graph, unfolding, judgements);
            solution.outcome_probabilities(graph)
        }
    }
}

/// Pushes probability from `start` forward through the unfolding.
/// `solution` is needed for rational play.
pub(crate) fn spread(
    graph: &SituationGraph,
    unfolding: &Unfolding,
    judgements: &Judgements,
    n_actors: usize,
    start: u32,
    model: PlayModel,
    solution: Option<&Solution>,
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
    let mut chosen = Vec::new();
    for &state in unfolding.order().iter().rev() {
        let m = mass[state as usize];
        if m == 0.0 {
            continue;
        }
        let situation = unfolding.situation(state);
        match graph.status(situation) {
            Status::Outcome(o) => {
                if let Some(p) = out.by_outcome.get_mut(o.index()) {
                    *p += m;
                }
                continue;
            }
            Status::DeadEnd => {
                out.dead_end += m;
                continue;
            }
            Status::Frontier(_) => {
                out.unresolved += m;
                continue;
            }
            Status::Open if unfolding.is_cut(state) => {
                out.unresolved += m;
                out.beyond_horizon += m;
                continue;
            }
            Status::Open => {}
        }
        chosen.clear();
        match (model, solution) {
            (PlayModel::Rational, Some(solution)) => chosen.extend(solution.chosen(state)),
            _ => {
                for step in graph.steps(situation) {
                    let move_ = graph.step(step).move_;
                    if chosen.last() != Some(&move_) {
                        chosen.push(move_);
                    }
                }
            }
        }
        if chosen.is_empty() {
            out.dead_end += m;
            continue;
        }
        let share = m / chosen.len() as f64;
        for step_id in graph.steps(situation) {
            let step = graph.step(step_id);
            if !chosen.contains(&step.move_) {
                continue;
            }
            let child = unfolding.child(state, graph.target(step_id));
            let p = share * judgements.step_probability(step);
            match mass.get_mut(child as usize) {
                Some(c) => *c += p,
                None => out.unresolved += p,
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
    }
}
