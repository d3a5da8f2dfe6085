//! The road from uniform to rational play: quantal response swept over
//! lambda, from 0 (every move equally likely) to where play can no longer
//! be told from its limit (best moves only), with the lambdas where the
//! most likely outcome changes, said in words.

use super::play::PlayAnalysis;
use super::play_model::{OutcomeProbabilities, PlayModel};
use crate::engine::SituationGraph;
use crate::model::{OutcomeIndex, Scenario};

/// Play is "indistinguishable from rational" once no outcome's probability
/// (nor the unresolved or dead-end part) is further than this from its
/// value in the limit: a twentieth of a percentage point, below what the
/// app and the command line print.
pub const INDISTINGUISHABLE: f64 = 0.0005;

/// The first lambda tried when looking for where play becomes rational;
/// each next one doubles it.
const FIRST_LAMBDA: f64 = 1.0 / 1024.0;

/// Doublings tried at most: lambda up to 2^30 (about a billion).
const MAX_DOUBLINGS: u32 = 40;

/// Points in a sweep besides lambda 0.
const SWEEP_POINTS: usize = 48;

/// Quantal response play at a range of lambdas.
#[derive(Clone, Debug, PartialEq)]
pub struct LambdaSweep {
    /// The lambdas, rising: 0 first, then spaced evenly on a log scale up
    /// to [`LambdaSweep::rational_lambda`].
    pub lambdas: Vec<f64>,
    /// Play at each lambda.
    pub probabilities: Vec<OutcomeProbabilities>,
    /// The lambda from which play is within [`INDISTINGUISHABLE`] of its
    /// limit.
    pub rational_lambda: f64,
    /// Play in the limit: best moves only, tied best moves equally likely.
    pub limit: OutcomeProbabilities,
}

impl LambdaSweep {
    /// A sweep with no lambda in it, where quantal response does not apply
    /// (a conflict in option form) or could not be worked out.
    pub fn none(n_outcomes: usize, n_actors: usize) -> LambdaSweep {
        LambdaSweep {
            lambdas: Vec::new(),
            probabilities: Vec::new(),
            rational_lambda: 0.0,
            limit: OutcomeProbabilities::unresolved(n_outcomes, n_actors),
        }
    }
}

/// Where the most likely outcome changes as lambda grows.
#[derive(Clone, Debug, PartialEq)]
pub struct Crossing {
    /// The first lambda of the sweep at which `to` leads.
    pub lambda: f64,
    /// The outcome that led before, if any outcome did.
    pub from: Option<OutcomeIndex>,
    /// The outcome that leads from here on (`None`: nothing resolves).
    pub to: Option<OutcomeIndex>,
}

impl PlayAnalysis {
    /// The smallest lambda on the grid 2^-10, 2^-9, ... from which
    /// quantal response play stays within [`INDISTINGUISHABLE`] of its
    /// limit at that lambda and the two next doublings; at most 2^30.
    /// At most 40 quantal response passes.
    pub fn rational_lambda(&self, graph: &SituationGraph) -> f64 {
        let limit = self.probabilities(
            graph,
            PlayModel::Qre {
                lambda: f64::INFINITY,
            },
        );
        // Each lambda is tried once; the answer is the first of three close
        // ones in a row.
        let mut lambda = FIRST_LAMBDA;
        let mut close_in_a_row = 0;
        for _ in 0..MAX_DOUBLINGS {
            let p = self.probabilities(graph, PlayModel::Qre { lambda });
            if distance(&p, &limit) <= INDISTINGUISHABLE {
                close_in_a_row += 1;
                if close_in_a_row == 3 {
                    return lambda / 4.0;
                }
            } else {
                close_in_a_row = 0;
            }
            lambda *= 2.0;
        }
        lambda
    }

    /// Quantal response play at lambda 0 and at [`SWEEP_POINTS`] lambdas
    /// spaced evenly on a log scale up to [`PlayAnalysis::rational_lambda`].
    /// About a hundred quantal response passes in all.
    pub fn lambda_sweep(&self, graph: &SituationGraph) -> LambdaSweep {
        self.lambda_sweep_up_to(graph, self.rational_lambda(graph))
    }

    /// As [`PlayAnalysis::lambda_sweep`], up to `top`, the rational lambda
    /// already worked out.
    pub fn lambda_sweep_up_to(&self, graph: &SituationGraph, top: f64) -> LambdaSweep {
        let bottom = top / 1e4;
        let mut lambdas = vec![0.0];
        for k in 0..SWEEP_POINTS {
            let t = k as f64 / (SWEEP_POINTS - 1) as f64;
            lambdas.push(bottom * (top / bottom).powf(t));
        }
        let probabilities = lambdas
            .iter()
            .map(|&lambda| self.probabilities(graph, PlayModel::Qre { lambda }))
            .collect();
        LambdaSweep {
            lambdas,
            probabilities,
            rational_lambda: top,
            limit: self.probabilities(
                graph,
                PlayModel::Qre {
                    lambda: f64::INFINITY,
                },
            ),
        }
    }
}

impl LambdaSweep {
    /// The most likely outcome at sweep point `k` (ties: the first in file
    /// order), if any outcome has a probability above the unresolved part's.
    pub fn leader(&self, k: usize) -> Option<OutcomeIndex> {
        let p = self.probabilities.get(k)?;
        let (best, value) =
            p.by_outcome
                .iter()
                .enumerate()
                .fold((None, 0.0), |(best, value), (o, &q)| {
                    if q > value + 1e-12 {
                        (Some(o), q)
                    } else {
                        (best, value)
                    }
                });
        best.filter(|_| value > 0.0).map(|o| OutcomeIndex(o as u32))
    }

    /// Every change of the most likely outcome along the sweep.
    pub fn crossings(&self) -> Vec<Crossing> {
        let mut out = Vec::new();
        let mut before = self.leader(0);
        for k in 1..self.lambdas.len() {
            let now = self.leader(k);
            if now != before {
                out.push(Crossing {
                    lambda: self.lambdas[k],
                    from: before,
                    to: now,
                });
                before = now;
            }
        }
        out
    }

    /// What the sweep shows, in words, with outcome labels: the most likely
    /// outcome at lambda 0 and in the limit, where it changes, and from
    /// which lambda play is as good as rational.
    pub fn finding(&self, scenario: &Scenario) -> String {
        let name = |o: Option<OutcomeIndex>| match o {
            Some(o) => format!("\"{}\"", scenario.outcome(o).label),
            None => "no outcome".to_owned(),
        };
        let first = self.leader(0);
        let crossings = self.crossings();
        let mut text = format!(
            "With every move equally likely (lambda 0) the most likely outcome is {}.",
            name(first)
        );
        if crossings.is_empty() {
            text.push_str(" It stays the most likely all the way to rational play.");
        } else {
            for c in &crossings {
                text.push_str(&format!(
                    " From lambda {} it is {}.",
                    lambda_words(c.lambda),
                    name(c.to)
                ));
            }
        }
        text.push_str(&format!(
            " From lambda {} on, play cannot be told from rational play (every probability within {} percentage points).",
            lambda_words(self.rational_lambda),
            INDISTINGUISHABLE * 100.0
        ));
        text
    }
}

/// A lambda with two significant figures: `0.031`, `1.4`, `250`.
pub fn lambda_words(lambda: f64) -> String {
    if lambda.is_infinite() {
        return "infinity".to_owned();
    }
    if lambda == 0.0 {
        return "0".to_owned();
    }
    let digits = (1 - lambda.abs().log10().floor() as i32).max(0) as usize;
    let text = format!("{lambda:.digits$}");
    if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_owned()
    } else {
        // Two significant figures for large lambdas too (10 or more, so
        // the magnitude is a whole number).
        let magnitude = 10f64.powi(lambda.log10().floor() as i32 - 1);
        format!("{:.0}", (lambda / magnitude).round() * magnitude)
    }
}

/// The largest difference between two results, part by part.
fn distance(a: &OutcomeProbabilities, b: &OutcomeProbabilities) -> f64 {
    a.by_outcome
        .iter()
        .zip(&b.by_outcome)
        .map(|(x, y)| (x - y).abs())
        .chain([
            (a.unresolved - b.unresolved).abs(),
            (a.dead_end - b.dead_end).abs(),
        ])
        .fold(0.0, f64::max)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lambdas_read_with_two_significant_figures() {
        assert_eq!(lambda_words(0.0), "0");
        assert_eq!(lambda_words(0.03125), "0.031");
        assert_eq!(lambda_words(1.3862), "1.4");
        assert_eq!(lambda_words(16.0), "16");
        assert_eq!(lambda_words(256.0), "260");
        assert_eq!(lambda_words(f64::INFINITY), "infinity");
    }
}
