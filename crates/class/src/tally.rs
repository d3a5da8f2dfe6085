//! What the projector reads each frame: a snapshot of the class and the open question.
//!
//! Before the reveal it holds only how many have answered; the distribution, the class's
//! mean and spread, and the teams' choices appear once the instructor reveals.

use crate::{BrierScores, QuestionKind};

/// A snapshot of the class for the projector.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Tally {
    /// Students who have joined.
    pub n_students: usize,
    /// Whether joining is locked.
    pub joining_locked: bool,
    /// The question in progress, if one is open.
    pub question: Option<QuestionTally>,
}

/// One option as the projector shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct OptionTally {
    /// The option's label.
    pub label: String,
    /// The model's forecast.
    pub model: f64,
    /// The author's judgement in words, if any.
    pub judgement_word: Option<String>,
    /// The author's judged probability, if any.
    pub judgement: Option<f64>,
    /// How many chose it (after the reveal, for votes and team choices).
    pub count: Option<usize>,
    /// Its share of the choices (after the reveal).
    pub share: Option<f64>,
    /// The class's mean probability (after the reveal, for predictions).
    pub mean: Option<f64>,
    /// The standard deviation of the class's probabilities (after the reveal).
    pub spread: Option<f64>,
}

/// One team as the projector shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct TeamTally {
    /// The team's label (its actor's name).
    pub label: String,
    /// How many students are in it.
    pub n_members: usize,
    /// How many of them have answered the open question.
    pub n_answered: usize,
    /// Whether it is the team to move.
    pub moving: bool,
    /// Whether its answer is in: the captain chose, everyone answered, or the instructor locked.
    pub locked: bool,
}

/// The open question's state.
#[derive(Debug, Clone, PartialEq)]
pub struct QuestionTally {
    /// The step it was asked at.
    pub step: u32,
    /// Vote, predict or teams.
    pub kind: QuestionKind,
    /// The question in words.
    pub prompt: String,
    /// How many ballots are in.
    pub n_ballots: usize,
    /// Whether the ballots are locked.
    pub locked: bool,
    /// Whether the results are revealed.
    pub revealed: bool,
    /// The options, with counts and means once revealed.
    pub options: Vec<OptionTally>,
    /// The teams (empty unless the question is a teams question).
    pub teams: Vec<TeamTally>,
    /// The moving team's choice (after the reveal).
    pub team_choice: Option<usize>,
    /// The option the class chose: the most voted (after the reveal), or the team's choice.
    pub class_choice: Option<usize>,
    /// The option that happened, once the step is played.
    pub realised: Option<usize>,
    /// Brier scores, once the step is played.
    pub scores: Option<BrierScores>,
}

impl QuestionTally {
    /// The line the projector shows under the question, e.g. "12 of 30 have voted" or
    /// "Revealed: 30 ballots".
    pub fn status_line(&self, n_students: usize) -> String {
        let verb = match self.kind {
            QuestionKind::Vote => "voted",
            QuestionKind::Predict => "predicted",
            QuestionKind::Teams { .. } => "answered",
        };
        let state = if self.revealed {
            "revealed"
        } else if self.locked {
            "locked"
        } else {
            "open"
        };
        format!("{} of {n_students} have {verb} ({state})", self.n_ballots)
    }
}
