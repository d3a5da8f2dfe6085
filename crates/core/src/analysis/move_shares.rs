//! The forecast's probability of each move available in one situation:
//! what the presenter view and the debrief set beside the move a class
//! chose, and whose number each one is (the author's judgement, or a
//! share derived from what the judgements leave).

use super::judgements::Judgements;
use crate::engine::{SituationGraph, SituationId};
use crate::model::{MoveIndex, Scenario, Stated, forecast_shares};

/// Each move available at `at`, in the graph's order, with the forecast's
/// probability of it ([`super::PlayModel::Judged`]): a judged move gets
/// its judgement, the others share the rest equally (pooled over every
/// actor who may move, on a free turn). O(moves + scenario moves).
pub fn judged_move_shares(
    scenario: &Scenario,
    graph: &SituationGraph,
    at: SituationId,
) -> Vec<(MoveIndex, f64)> {
    let moves = graph.moves(at);
    let judged: Vec<Option<f64>> = moves
        .iter()
        .map(|m| Judgements::judged_in(scenario, *m))
        .collect();
    let mut shares = Vec::new();
    forecast_shares(&judged, &mut shares);
    moves.into_iter().zip(shares).collect()
}

/// Whose number a move's forecast probability is: what the app marks.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum ShareOrigin {
    /// The author judged it: their stated likelihood.
    Judged(Stated),
    /// Unjudged beside judged moves: an equal share of what the judged
    /// moves leave, a number nobody stated. It may be anything from 0 to
    /// the whole remainder.
    Derived,
    /// No move here is judged: every move equally likely, as uniform play.
    Uniform,
}

/// One move's forecast probability, whose number it is, and the range it
/// may take.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct MoveShare {
    /// The move.
    pub move_: MoveIndex,
    /// The point forecast ([`judged_move_shares`]).
    pub probability: f64,
    /// Whose number it is.
    pub origin: ShareOrigin,
    /// The values it may take: a judged word's ICD 203 range (a number is
    /// a point); for a derived share, 0 to the whole remainder (1 less the
    /// judged moves' lowest values); for uniform play, the point.
    pub range: (f64, f64),
}

/// [`judged_move_shares`] with each probability marked as the author's
/// (judged) or derived, and its range. O(moves + scenario moves).
pub fn move_shares(scenario: &Scenario, graph: &SituationGraph, at: SituationId) -> Vec<MoveShare> {
    let forecast = judged_move_shares(scenario, graph, at);
    let stated: Vec<Option<Stated>> = forecast
        .iter()
        .map(|(m, _)| scenario.moves.get(m.index()).and_then(|x| x.likelihood))
        .collect();
    let any_judged = stated.iter().any(Option::is_some);
    let remainder = (1.0 - stated.iter().flatten().map(|s| s.range().0).sum::<f64>()).max(0.0);
    forecast
        .into_iter()
        .zip(stated)
        .map(|((move_, probability), stated)| {
            let (origin, range) = match stated {
                Some(s) => (ShareOrigin::Judged(s), s.range()),
                None if any_judged => (ShareOrigin::Derived, (0.0, remainder)),
                None => (ShareOrigin::Uniform, (probability, probability)),
            };
            MoveShare {
                move_,
                probability,
                origin,
                range,
            }
        })
        .collect()
}
