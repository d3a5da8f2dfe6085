//! The forecast's probability of each move available in one situation:
//! what the presenter view and the debrief set beside the move a class
//! chose.

use super::judgements::Judgements;
use crate::engine::{SituationGraph, SituationId};
use crate::model::{MoveIndex, Scenario, forecast_shares};

/// Each move available at `at`, in the graph's order, with the forecast's
/// probability of it ([`super::PlayModel::Forecast`]): a judged move gets
/// its judgement, the others share the rest equally (pooled over every
/// actor who may move, on a free turn). O(moves + scenario moves).
pub fn move_forecast(
    scenario: &Scenario,
    graph: &SituationGraph,
    at: SituationId,
) -> Vec<(MoveIndex, f64)> {
    let judgements = Judgements::of(scenario);
    let moves = graph.moves(at);
    let judged: Vec<Option<f64>> = moves.iter().map(|m| judgements.judged(*m)).collect();
    let mut shares = Vec::new();
    forecast_shares(&judged, &mut shares);
    moves.into_iter().zip(shares).collect()
}
