//! What the analysis says about one situation, as plain data: the
//! [`SituationReport`] every reader takes (the outcomes panel, the Analysis
//! view, the presenter, Compare, the debrief and `demarche solve`), so that
//! none of them works out an answer of its own and all of them agree.

use super::move_shares::MoveShare;
use super::play::Prediction;
use super::play_model::{OutcomeProbabilities, PlayModel};
use super::solve::{Choice, Path};
use super::source_forecast::SourceForecastComparison;
use crate::engine::{SituationId, Status, StepId};
use crate::model::{ActorIndex, MoveIndex, OutcomeIndex, ResultIndex};

/// Everything the analysis says about one situation under one play model.
#[derive(Clone, Debug)]
pub struct SituationReport {
    /// The generation of the scenario and graph it was made for: a report of
    /// an older generation is never shown as the current one's.
    pub generation: u64,
    /// The situation it is about: the root of the analysis it comes from.
    pub situation: SituationId,
    /// Moves counted inside cycles.
    pub horizon: u32,
    /// Where play goes under the model asked for, or why the model cannot
    /// say from here.
    pub prediction: Result<Prediction, Withheld>,
    /// What rational play does from here, solved from here.
    pub rational: RationalPlay,
    /// The outcomes still reachable from here, in the scenario's order.
    pub reachable: Vec<OutcomeIndex>,
    /// Each available move, in the order the graph lists them.
    pub moves: Vec<MoveReport>,
    /// Whether the horizon cuts some path from here.
    pub cut_by_horizon: bool,
    /// Each forecast the scenario's sources state, set beside what its
    /// judged moves derive from here (the forecast model with intervals),
    /// whichever model the report is for.
    pub source_forecasts: Vec<SourceForecastComparison>,
    /// The information sets of two or more nodes reachable from here (a
    /// Gambit game's), described; empty below a game of perfect
    /// information.
    pub information_sets: Vec<String>,
}

/// Why a play model gives no answer from a situation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Withheld {
    /// The model that cannot answer.
    pub model_name: &'static str,
    /// Why, in a sentence.
    pub reason: String,
}

/// Rational play from a situation, by the method that applies there
/// (decided once, in [`super::Analysis`]): backward induction where the
/// game below has perfect information, the game's equilibrium in behaviour
/// strategies (sequence form) where a two-player game reaches information
/// sets, and nothing, with the reason, where neither applies.
#[derive(Clone, Debug)]
pub enum RationalPlay {
    /// Backward induction on the bounded unfolding from here.
    BackwardInduction(RationalAnswer),
    /// Read from the Nash equilibrium in behaviour strategies of the whole
    /// game; the path follows the likeliest moves.
    SequenceForm(RationalAnswer),
    /// Neither method applies from here.
    Withheld {
        /// Why, in sentences (the information sets in the way).
        reasons: Vec<String>,
    },
}

impl RationalPlay {
    /// The answer, unless withheld.
    pub fn answer(&self) -> Option<&RationalAnswer> {
        match self {
            RationalPlay::BackwardInduction(a) | RationalPlay::SequenceForm(a) => Some(a),
            RationalPlay::Withheld { .. } => None,
        }
    }

    /// Whether it comes from the game's equilibrium (sequence form).
    pub fn is_sequence_form(&self) -> bool {
        matches!(self, RationalPlay::SequenceForm(_))
    }
}

/// What rational play comes to from a situation.
#[derive(Clone, Debug)]
pub struct RationalAnswer {
    /// Each actor's expected payoff.
    pub payoffs: Vec<f64>,
    /// Where rational play ends.
    pub probabilities: OutcomeProbabilities,
    /// The rational path from here.
    pub path: Path,
    /// The best moves here, one choice per actor who may move (several on
    /// a free turn); the first move of each is the one taken.
    pub choices: Vec<Choice>,
    /// For each actor who may move here: its expected payoff for each of
    /// its available moves, best first (file order on ties).
    pub move_values: Vec<(ActorIndex, Vec<(MoveIndex, f64)>)>,
}

impl RationalAnswer {
    /// The moves rational play may take here (every tied best move).
    pub fn best_moves(&self) -> Vec<MoveIndex> {
        self.choices
            .iter()
            .flat_map(|c| c.moves.iter().copied())
            .collect()
    }
}

/// One available move and what it leads to.
#[derive(Clone, Debug, PartialEq)]
pub struct MoveReport {
    pub move_: MoveIndex,
    /// Who makes it.
    pub actor: ActorIndex,
    /// Its probability under the author's judgements (judged likelihoods;
    /// unjudged moves share the rest), whose number that is, and the
    /// values it may take.
    pub share: MoveShare,
    /// Each of its steps (one per chance result, or one).
    pub steps: Vec<StepReport>,
}

/// One step of a move: a result and where it leads.
#[derive(Clone, Debug, PartialEq)]
pub struct StepReport {
    pub step: StepId,
    /// The chance result, for a move with results.
    pub result: Option<ResultIndex>,
    /// The result's probability (1 for a move without results).
    pub probability: f64,
    /// The situation it leads to.
    pub to: SituationId,
    /// How that situation stands: an outcome, a dead end, the frontier, or
    /// open.
    pub status: Status,
    /// The outcomes still reachable from there (empty unless open).
    pub reachable: Vec<OutcomeIndex>,
}

impl SituationReport {
    /// The prediction, if it is for `model`.
    pub fn prediction_for(&self, model: PlayModel) -> Option<&Prediction> {
        self.prediction.as_ref().ok().filter(|p| p.model == model)
    }

    /// The move `move_`, if it is available here.
    pub fn move_report(&self, move_: MoveIndex) -> Option<&MoveReport> {
        self.moves.iter().find(|m| m.move_ == move_)
    }

    /// The moves rational play may take here (none where withheld).
    pub fn rational_moves(&self) -> Vec<MoveIndex> {
        self.rational
            .answer()
            .map(RationalAnswer::best_moves)
            .unwrap_or_default()
    }
}
