//! The compare view's odds: for each of its two sides, the outcomes still
//! reachable from the side's situation and how likely each is under the
//! chosen play model, worked out when the side, the model or the graph
//! changes (on another thread for large graphs), only while the view is
//! open, never once a frame.

use std::sync::Arc;

use super::BACKGROUND_ABOVE;
use super::keyed::Keyed;
use crate::analysis::{OutcomeProbabilities, PlayAnalysis, PlayModel};
use crate::engine::{SituationGraph, SituationId};
use crate::model::{OutcomeIndex, Scenario};
use crate::session::Session;

/// What the odds of one side are worked out for: its situation, in a
/// graph of so many situations, under a model.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CompareKey {
    pub situation: SituationId,
    pub n_situations: usize,
    pub model: PlayModel,
}

/// The odds from one side's situation.
#[derive(Clone, Debug)]
pub struct CompareOdds {
    /// The outcomes reachable from it, in the scenario's order.
    pub reachable: Vec<OutcomeIndex>,
    /// Where play from it ends under the model.
    pub probabilities: OutcomeProbabilities,
}

/// The odds of both sides.
#[derive(Default)]
pub struct CompareTask {
    sides: [Keyed<CompareKey, CompareOdds>; 2],
}

impl CompareTask {
    /// Makes sure each side's odds are for `situations[side]` under
    /// `model`: picks up finished computations, or starts them.
    pub fn update(
        &mut self,
        session: &Session,
        situations: [SituationId; 2],
        model: PlayModel,
        wake: impl Fn() + Clone + Send + 'static,
    ) {
        let n_situations = session.graph().n_situations();
        for (side, situation) in self.sides.iter_mut().zip(situations) {
            let scenario = Arc::clone(session.scenario_arc());
            let graph = Arc::clone(session.graph_arc());
            side.update(
                CompareKey {
                    situation,
                    n_situations,
                    model,
                },
                n_situations > BACKGROUND_ABOVE,
                move |_| odds_from(&scenario, &graph, situation, model),
                wake.clone(),
            );
        }
    }

    /// Side `side`'s odds for `key`, if they are ready.
    pub fn odds(&self, side: usize, key: &CompareKey) -> Option<&CompareOdds> {
        self.sides.get(side).and_then(|s| s.get(key))
    }

    /// Waits for both sides (tests and scripts).
    pub fn finish(&mut self) {
        for side in &mut self.sides {
            side.finish();
        }
    }
}

/// The odds from `at` under `model`. O(the unfolding below it).
pub fn odds_from(
    scenario: &Scenario,
    graph: &SituationGraph,
    at: SituationId,
    model: PlayModel,
) -> CompareOdds {
    CompareOdds {
        reachable: graph.reachable_outcomes(at),
        probabilities: PlayAnalysis::new(scenario, graph, at, scenario.limits.max_depth)
            .probabilities(graph, model),
    }
}
