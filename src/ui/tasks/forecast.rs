//! The forecast for the presenter view: where play from the current
//! situation ends under the author's judged move likelihoods
//! ([`PlayModel::Forecast`]) and each available move's judged share,
//! worked out when the situation changes (on another thread for large
//! graphs), only while the presenter view is open.

use std::sync::Arc;

use super::keyed::Keyed;
use crate::analysis::{OutcomeProbabilities, PlayModel, move_forecast, outcome_probabilities};
use crate::engine::{SituationGraph, SituationId};
use crate::model::{MoveIndex, Scenario};
use crate::session::Session;

use super::BACKGROUND_ABOVE;

/// The forecast from one situation.
#[derive(Clone, Debug)]
pub struct ForecastOdds {
    pub situation: SituationId,
    pub n_situations: usize,
    /// Where play ends under the forecast.
    pub probabilities: OutcomeProbabilities,
    /// Each available move with the forecast's probability of it, in the
    /// order the graph lists them.
    pub move_shares: Vec<(MoveIndex, f64)>,
}

/// The forecast kept for the presenter view, for a situation of a graph
/// of so many situations.
#[derive(Default)]
pub struct ForecastTask {
    odds: Keyed<(SituationId, usize), ForecastOdds>,
}

impl ForecastTask {
    /// Makes sure the forecast is for the current situation: picks up a
    /// finished computation, or starts one. Small graphs are done at once.
    pub fn update(&mut self, session: &Session, wake: impl Fn() + Send + 'static) {
        let current = session.current();
        let n = session.graph().n_situations();
        let scenario = Arc::clone(session.scenario_arc());
        let graph = Arc::clone(session.graph_arc());
        self.odds.update(
            (current, n),
            n > BACKGROUND_ABOVE,
            move |_| forecast_from(&scenario, &graph, current),
            wake,
        );
    }

    /// The forecast for `at`, if it is ready.
    pub fn at(&self, at: SituationId) -> Option<&ForecastOdds> {
        self.odds.get_where(|(situation, _)| *situation == at)
    }

    /// Waits for a forecast running on another thread (tests and scripts).
    pub fn finish(&mut self) {
        self.odds.finish();
    }
}

/// The forecast from `at`. O(the unfolding below it).
pub fn forecast_from(scenario: &Scenario, graph: &SituationGraph, at: SituationId) -> ForecastOdds {
    ForecastOdds {
        situation: at,
        n_situations: graph.n_situations(),
        probabilities: outcome_probabilities(scenario, graph, at, PlayModel::Forecast),
        move_shares: move_forecast(scenario, graph, at),
    }
}
