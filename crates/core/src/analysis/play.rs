//! One play model at a time: outcome probabilities, expected payoffs and
//! intervals from a situation under the model the user chose, over one
//! bounded unfolding built once ([`PlayAnalysis`]), so that switching
//! models or dragging lambda costs one pass each.

use std::sync::{Arc, Mutex, OnceLock};

use super::forward::{Policy, spread, spread_logit};
use super::intervals::{Intervals, Ranges, intervals};
use super::judgements::Judgements;
use super::play_model::{OutcomeProbabilities, PlayModel};
use super::qre::{Logit, logit};
use super::solve::{Solution, solve_unfolding};
use super::unfold::{NONE, Unfolding};
use crate::engine::{SituationGraph, SituationId, TooLarge};
use crate::model::{OutcomeIndex, Scenario};

/// What play from a situation comes to under one model: the prediction a
/// report gives.
#[derive(Clone, Debug, PartialEq)]
pub struct Prediction {
    /// The model used.
    pub model: PlayModel,
    /// Where play ends, with each actor's expected payoff.
    pub probabilities: OutcomeProbabilities,
    /// Each outcome's interval, when asked for.
    pub intervals: Option<Intervals>,
}

impl Prediction {
    /// Outcome `o`'s probability.
    pub fn probability_of(&self, o: OutcomeIndex) -> f64 {
        self.probabilities
            .by_outcome
            .get(o.index())
            .copied()
            .unwrap_or(0.0)
    }

    /// Outcome `o`'s interval, when intervals were asked for.
    pub fn range_of(&self, o: OutcomeIndex) -> Option<(f64, f64)> {
        self.intervals
            .as_ref()
            .and_then(|i| i.by_outcome.get(o.index()).copied())
    }

    /// Which of the `reachable` outcomes a screen lists, at most `max`:
    /// all of them, in file order, when they fit; otherwise the `max` most
    /// likely, most likely first (ties in file order), and the rest
    /// counted with their total probability. A game with an outcome per
    /// leaf may reach tens of thousands, which no one reads one by one.
    /// O(reachable) to choose, O(max log max) to order.
    pub fn listed(&self, reachable: &[OutcomeIndex], max: usize) -> Listed {
        if reachable.len() <= max {
            return Listed {
                shown: reachable.to_vec(),
                left_out: 0,
                left_out_probability: 0.0,
            };
        }
        let more_likely = |a: &OutcomeIndex, b: &OutcomeIndex| {
            self.probability_of(*b)
                .total_cmp(&self.probability_of(*a))
                .then(a.cmp(b))
        };
        let mut order = reachable.to_vec();
        if max > 0 {
            order.select_nth_unstable_by(max - 1, more_likely);
        }
        let rest = order.split_off(max);
        order.sort_unstable_by(more_likely);
        Listed {
            shown: order,
            left_out: rest.len(),
            left_out_probability: rest.iter().map(|o| self.probability_of(*o)).sum(),
        }
    }
}

/// The outcomes a screen lists from a prediction ([`Prediction::listed`]).
#[derive(Clone, Debug, PartialEq)]
pub struct Listed {
    /// The outcomes to list, in the order to list them.
    pub shown: Vec<OutcomeIndex>,
    /// How many reachable outcomes are left out.
    pub left_out: usize,
    /// Their total probability.
    pub left_out_probability: f64,
}

impl Listed {
    /// The line for what is left out ("39970 more reachable outcomes,
    /// together 12 %"), given how a percentage is written; `None` when
    /// nothing is.
    pub fn rest_line(&self, percent: impl Fn(f64) -> String) -> Option<String> {
        (self.left_out > 0).then(|| {
            format!(
                "{} more reachable outcome{}, together {}",
                self.left_out,
                if self.left_out == 1 { "" } else { "s" },
                percent(self.left_out_probability)
            )
        })
    }
}

/// The bounded unfolding from one situation with the judgements and
/// ranges it is read with, ready to answer for any play model. Building it
/// is O(situations + steps + situations reaching a cycle x horizon); each
/// question is one pass over it (see each method). Rational play is solved
/// once, on first use, and kept.
#[derive(Debug)]
pub struct PlayAnalysis {
    unfolding: Arc<Unfolding>,
    judgements: Judgements,
    ranges: Ranges,
    n_actors: usize,
    rational: OnceLock<Solution>,
    /// The last quantal response solved, by lambda: redrawing at the same
    /// lambda, or asking for its intervals, costs no second solve.
    last_logit: Mutex<Option<(f64, Arc<Logit>)>>,
}

impl PlayAnalysis {
    /// The unfolding of `graph` from `from`, counting `horizon` moves
    /// inside cycles, read with the scenario's own judgements. Its tables
    /// grow as any vector does: a caller that takes the graph or the
    /// horizon from a user goes through [`super::check_horizon`] first, or
    /// calls [`PlayAnalysis::try_new`].
    pub fn new(
        scenario: &Scenario,
        graph: &SituationGraph,
        from: SituationId,
        horizon: u32,
    ) -> PlayAnalysis {
        PlayAnalysis::on(scenario, Unfolding::build(graph, from, horizon))
    }

    /// [`PlayAnalysis::new`] that fails cleanly where the memory ends: an
    /// unfolding whose states could pass the memory budget
    /// ([`super::check_horizon`]), or one whose room the system refuses, is the
    /// analysis's "too large" error, never an abort.
    pub fn try_new(
        scenario: &Scenario,
        graph: &SituationGraph,
        from: SituationId,
        horizon: u32,
    ) -> Result<PlayAnalysis, TooLarge> {
        Ok(PlayAnalysis::on(
            scenario,
            Unfolding::try_build(graph, from, horizon, scenario.actors.len())?,
        ))
    }

    fn on(scenario: &Scenario, unfolding: Unfolding) -> PlayAnalysis {
        let judgements = Judgements::of(scenario);
        PlayAnalysis {
            unfolding: Arc::new(unfolding),
            ranges: Ranges::of(scenario, &judgements),
            judgements,
            n_actors: scenario.actors.len(),
            rational: OnceLock::new(),
            last_logit: Mutex::new(None),
        }
    }

    /// The same unfolding read with other point judgements (payoffs, chance
    /// probabilities, judged likelihoods), as sensitivity analysis varies
    /// them; the ranges stay the scenario's, widened to hold the new
    /// points.
    pub fn with_judgements(self, scenario: &Scenario, judgements: Judgements) -> PlayAnalysis {
        PlayAnalysis {
            ranges: Ranges::of(scenario, &judgements),
            judgements,
            rational: OnceLock::new(),
            last_logit: Mutex::new(None),
            ..self
        }
    }

    /// The situation analysed from.
    pub fn root(&self) -> SituationId {
        self.unfolding.root()
    }

    /// Moves counted inside cycles.
    pub fn horizon(&self) -> u32 {
        self.unfolding.horizon()
    }

    /// Whether the horizon cuts some path.
    pub fn is_cut_by_horizon(&self) -> bool {
        self.unfolding.is_cut_anywhere()
    }

    /// How many states the unfolding has.
    pub fn n_states(&self) -> usize {
        self.unfolding.n_states()
    }

    /// The judgements read with.
    pub fn judgements(&self) -> &Judgements {
        &self.judgements
    }

    /// The unfolding itself, for the solvers that share it.
    pub(crate) fn unfolding(&self) -> &Arc<Unfolding> {
        &self.unfolding
    }

    /// Rational play on this unfolding (backward induction), solved on
    /// first use. O(states x steps per situation x actors).
    pub fn rational(&self, graph: &SituationGraph) -> &Solution {
        self.rational.get_or_init(|| {
            solve_unfolding(
                self.n_actors,
                graph,
                Arc::clone(&self.unfolding),
                self.judgements.clone(),
            )
        })
    }

    /// Where play ends under `model`, with each actor's expected payoff.
    /// `graph` is the graph the analysis was built on. Uniform and
    /// forecast: one forward pass, O(states x steps per situation). Quantal
    /// response: one backward pass for the move probabilities, O(states x
    /// steps per situation x actors), then a forward pass. Rational:
    /// backward induction, then a forward pass.
    pub fn probabilities(&self, graph: &SituationGraph, model: PlayModel) -> OutcomeProbabilities {
        let n_outcomes = self.judgements.payoffs.len();
        let root = self.unfolding.root_state();
        if root == NONE {
            return OutcomeProbabilities::unresolved(n_outcomes, self.n_actors);
        }
        let forward = |policy| {
            spread(
                graph,
                &self.unfolding,
                &self.judgements,
                self.n_actors,
                root,
                policy,
            )
        };
        match model {
            PlayModel::Uniform => forward(Policy::Uniform),
            PlayModel::Judged => forward(Policy::Judged),
            PlayModel::Rational => forward(Policy::Rational(self.rational(graph))),
            PlayModel::Qre { lambda } => {
                self.logit_probabilities(graph, &self.logit(graph, lambda))
            }
        }
    }

    /// Quantal response with `lambda`, solved on this unfolding (or the
    /// last one solved, if it was for the same lambda).
    fn logit(&self, graph: &SituationGraph, lambda: f64) -> Arc<Logit> {
        if let Ok(last) = self.last_logit.lock()
            && let Some((l, solved)) = last.as_ref()
            && l.to_bits() == lambda.to_bits()
        {
            return Arc::clone(solved);
        }
        let solved = Arc::new(logit(
            self.n_actors,
            graph,
            &self.unfolding,
            &self.judgements,
            lambda,
        ));
        if let Ok(mut last) = self.last_logit.lock() {
            *last = Some((lambda, Arc::clone(&solved)));
        }
        solved
    }

    /// Where play ends along a solved quantal response.
    fn logit_probabilities(&self, graph: &SituationGraph, solved: &Logit) -> OutcomeProbabilities {
        let root = self.unfolding.root_state();
        if root == NONE {
            return OutcomeProbabilities::unresolved(self.judgements.payoffs.len(), self.n_actors);
        }
        spread_logit(
            graph,
            &self.unfolding,
            &self.judgements,
            self.n_actors,
            root,
            solved,
        )
    }

    /// The interval of each outcome's probability under `model`, every
    /// likelihood word ranging over its ICD 203 range (see "Intervals" in
    /// [`crate::analysis`]). Under rational
    /// play and quantal response the actors' move probabilities are held at
    /// their point values. One pass over the unfolding for every outcome
    /// at once: O(states x steps per situation x outcomes reachable per
    /// state), a few times one model's pass (see `intervals.rs`), plus
    /// solving the model once for those two.
    pub fn intervals(&self, graph: &SituationGraph, model: PlayModel) -> Intervals {
        match model {
            PlayModel::Uniform => self.interval_pass(graph, Policy::Uniform),
            PlayModel::Judged => self.interval_pass(graph, Policy::Judged),
            PlayModel::Rational => {
                self.interval_pass(graph, Policy::Rational(self.rational(graph)))
            }
            PlayModel::Qre { lambda } => {
                self.interval_pass(graph, Policy::Logit(&*self.logit(graph, lambda)))
            }
        }
    }

    /// The intervals with moves chosen as `policy` says.
    fn interval_pass(&self, graph: &SituationGraph, policy: Policy<'_>) -> Intervals {
        let root = self.unfolding.root_state();
        if root == NONE {
            return Intervals {
                by_outcome: vec![(0.0, 0.0); self.judgements.payoffs.len()],
                choices_fixed: matches!(policy, Policy::Rational(_) | Policy::Logit(_)),
            };
        }
        intervals(
            graph,
            &self.unfolding,
            &self.judgements,
            &self.ranges,
            root,
            policy,
        )
    }

    /// Probabilities and, if `with_intervals`, intervals under `model`,
    /// each interval widened by rounding to hold its point.
    pub fn forecast(
        &self,
        graph: &SituationGraph,
        model: PlayModel,
        with_intervals: bool,
    ) -> Prediction {
        // Quantal response is solved once for both.
        let solved = model.lambda().map(|lambda| self.logit(graph, lambda));
        let probabilities = match &solved {
            Some(solved) => self.logit_probabilities(graph, solved),
            None => self.probabilities(graph, model),
        };
        let intervals = with_intervals.then(|| {
            let mut intervals = match &solved {
                Some(solved) => self.interval_pass(graph, Policy::Logit(&**solved)),
                None => self.intervals(graph, model),
            };
            for ((low, high), p) in intervals
                .by_outcome
                .iter_mut()
                .zip(&probabilities.by_outcome)
            {
                *low = low.min(*p);
                *high = high.max(*p);
            }
            intervals
        });
        Prediction {
            model,
            probabilities,
            intervals,
        }
    }
}

/// The interval of each outcome's probability from a situation under a
/// play model, counting `horizon` moves inside cycles; see
/// [`PlayAnalysis::intervals`].
pub fn outcome_intervals(
    scenario: &Scenario,
    graph: &SituationGraph,
    from: SituationId,
    model: PlayModel,
    horizon: u32,
) -> Intervals {
    PlayAnalysis::new(scenario, graph, from, horizon)
        .forecast(graph, model, true)
        .intervals
        .unwrap_or(Intervals {
            by_outcome: Vec::new(),
            choices_fixed: false,
        })
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::expand;
    use crate::model::load_str;

    #[test]
    fn uniform_play_on_the_harbour_by_hand() {
        // East offers (likely accepted) or breaks off, each half the time;
        // a rejection stalls the talks and West may patrol or return.
        let text = include_str!("../../../../tests/data/ok/harbour.ron");
        let scenario = load_str(text, "harbour.ron").unwrap();
        let graph = expand(&scenario);
        let p = outcome_probabilities(&scenario, &graph, graph.start(), PlayModel::Uniform);
        assert!((p.total() - 1.0).abs() < 1e-12);
        // The first round alone: agreement 0.5 x 0.7, breakdown 0.5.
        assert!(p.by_outcome[0] > 0.35);
        assert!(p.by_outcome[2] > 0.5);
        // No judgements: the forecast is uniform play, to the bit.
        let forecast = outcome_probabilities(&scenario, &graph, graph.start(), PlayModel::Judged);
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

    #[test]
    fn a_long_list_shows_the_most_likely_and_counts_the_rest() {
        let mut probabilities = OutcomeProbabilities::unresolved(6, 1);
        probabilities.by_outcome = vec![0.1, 0.3, 0.05, 0.3, 0.2, 0.05];
        let prediction = Prediction {
            model: PlayModel::Uniform,
            probabilities,
            intervals: None,
        };
        let all: Vec<OutcomeIndex> = (0..6).map(OutcomeIndex).collect();
        // All fit: every one, in file order.
        let listed = prediction.listed(&all, 6);
        assert_eq!(listed.shown, all);
        assert_eq!(listed.rest_line(|p| format!("{p}")), None);
        // Three of six: the most likely first, a tie in file order.
        let listed = prediction.listed(&all, 3);
        assert_eq!(
            listed.shown,
            [OutcomeIndex(1), OutcomeIndex(3), OutcomeIndex(4)]
        );
        assert_eq!(listed.left_out, 3);
        assert!((listed.left_out_probability - 0.2).abs() < 1e-12);
        assert_eq!(
            listed
                .rest_line(|p| format!("{:.0} %", p * 100.0))
                .as_deref(),
            Some("3 more reachable outcomes, together 20 %")
        );
        // Only what is reachable is listed.
        let some = [OutcomeIndex(0), OutcomeIndex(2), OutcomeIndex(5)];
        let listed = prediction.listed(&some, 1);
        assert_eq!(listed.shown, [OutcomeIndex(0)]);
        assert_eq!(
            listed.rest_line(|p| format!("{p}")).as_deref(),
            Some("2 more reachable outcomes, together 0.1")
        );
    }
}
