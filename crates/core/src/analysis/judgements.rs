//! The numbers an analysis depends on: every outcome's payoffs, every
//! chance result's probability and every move's judged likelihood, read from the scenario and changed one at a
//! time by sensitivity analysis. The graph's structure never depends on
//! them, so changing one needs no new expansion.

use super::parameter::Parameter;
use crate::engine::Step;
use crate::model::{OutcomeIndex, Scenario};

/// Payoffs and probabilities, as the scenario gives them or as varied.
#[derive(Clone, Debug, PartialEq)]
pub struct Judgements {
    /// `payoffs[outcome][actor]`, indexed like the scenario's tables.
    pub payoffs: Vec<Vec<f64>>,
    /// `probabilities[move][result]`; empty for a move without results.
    pub probabilities: Vec<Vec<f64>>,
    /// `judged[move]`: the author's judged probability that the actor
    /// chooses the move when it is available (the forecast), or `None`.
    pub judged: Vec<Option<f64>>,
}

impl Judgements {
    /// The scenario's own judgements.
    pub fn of(scenario: &Scenario) -> Judgements {
        Judgements {
            payoffs: scenario
                .outcomes
                .iter()
                .map(|o| o.payoffs.clone())
                .collect(),
            probabilities: scenario
                .moves
                .iter()
                .map(|m| m.results.iter().map(|r| r.probability).collect())
                .collect(),
            judged: (0..scenario.moves.len())
                .map(|m| Judgements::judged_in(scenario, crate::model::MoveIndex(m as u32)))
                .collect(),
        }
    }

    /// The scenario's own judged probability of a move, as
    /// [`Judgements::of`] reads it, without copying every payoff (a game
    /// may have an outcome per leaf).
    pub fn judged_in(scenario: &Scenario, move_: crate::model::MoveIndex) -> Option<f64> {
        scenario
            .moves
            .get(move_.index())
            .and_then(|m| m.likelihood.map(|l| l.probability))
    }

    /// A parameter's current value (0 for one that names nothing here).
    pub fn value(&self, parameter: Parameter) -> f64 {
        match parameter {
            Parameter::Payoff { outcome, actor } => self
                .payoffs
                .get(outcome.index())
                .and_then(|p| p.get(actor.index()))
                .copied()
                .unwrap_or(0.0),
            Parameter::Probability { move_, result } => self
                .probabilities
                .get(move_.index())
                .and_then(|p| p.get(result.index()))
                .copied()
                .unwrap_or(0.0),
        }
    }

    /// Sets a parameter. A probability is clamped to 0..1 and the move's
    /// other results are scaled in proportion so that they still sum to
    /// one; when they had no probability at all, they share the rest
    /// equally.
    pub fn set(&mut self, parameter: Parameter, value: f64) {
        match parameter {
            Parameter::Payoff { outcome, actor } => {
                if let Some(p) = self
                    .payoffs
                    .get_mut(outcome.index())
                    .and_then(|p| p.get_mut(actor.index()))
                {
                    *p = value;
                }
            }
            Parameter::Probability { move_, result } => {
                let Some(results) = self.probabilities.get_mut(move_.index()) else {
                    return;
                };
                let r = result.index();
                let Some(&old) = results.get(r) else { return };
                let value = value.clamp(0.0, 1.0);
                let rest_before = 1.0 - old;
                let rest_after = 1.0 - value;
                let n_others = results.len().saturating_sub(1);
                for (j, q) in results.iter_mut().enumerate() {
                    if j == r {
                        *q = value;
                    } else if rest_before > 1e-12 {
                        *q *= rest_after / rest_before;
                    } else if n_others > 0 {
                        *q = rest_after / n_others as f64;
                    }
                }
            }
        }
    }

    /// The probability of a step under these judgements (1 for a move
    /// without chance results).
    pub fn step_probability(&self, step: &Step) -> f64 {
        match step.result {
            None => 1.0,
            Some(r) => self
                .probabilities
                .get(step.move_.index())
                .and_then(|p| p.get(r.index()))
                .copied()
                .unwrap_or(step.probability),
        }
    }

    /// A move's judged probability, if it has one.
    pub fn judged(&self, move_: crate::model::MoveIndex) -> Option<f64> {
        self.judged.get(move_.index()).copied().flatten()
    }

    /// An outcome's payoffs, indexed like the actors.
    pub fn outcome_payoffs(&self, outcome: OutcomeIndex) -> &[f64] {
        self.payoffs
            .get(outcome.index())
            .map_or(&[][..], Vec::as_slice)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{MoveIndex, ResultIndex};

    fn three_results() -> Judgements {
        Judgements {
            payoffs: vec![vec![1.0, 2.0]],
            probabilities: vec![vec![0.5, 0.3, 0.2], vec![1.0, 0.0, 0.0]],
            judged: vec![None, None],
        }
    }

    #[test]
    fn other_results_scale_in_proportion() {
        let mut j = three_results();
        let p = Parameter::Probability {
            move_: MoveIndex(0),
            result: ResultIndex(0),
        };
        j.set(p, 0.75);
        let q = &j.probabilities[0];
        assert!((q[0] - 0.75).abs() < 1e-12);
        assert!((q[1] - 0.15).abs() < 1e-12);
        assert!((q[2] - 0.10).abs() < 1e-12);
        assert_eq!(j.value(p), 0.75);
    }

    #[test]
    fn a_certain_result_shares_the_rest_equally() {
        let mut j = three_results();
        j.set(
            Parameter::Probability {
                move_: MoveIndex(1),
                result: ResultIndex(0),
            },
            0.4,
        );
        assert_eq!(j.probabilities[1], vec![0.4, 0.3, 0.3]);
    }
}
