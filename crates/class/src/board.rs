//! What students see and what they are asked: plain data the app builds from its session.

use serde::{Deserialize, Serialize};

/// What the student page shows of the scenario, exactly as the projector shows it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Board {
    /// The scenario's title.
    pub title: String,
    /// The step of the walk the class is on (0 at the opening situation).
    pub step: u32,
    /// The situation in words: its narrative, one paragraph per line.
    pub narrative: Vec<String>,
    /// The situation's labelled facts ("Enrichment: 60%"), as the projector lists them.
    pub facts: Vec<String>,
    /// The actor to move, by name, if one is.
    pub to_move: Option<String>,
}

/// One option of a question: a move or a result, with what the model and the author say.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OptionSpec {
    /// The option's label as the projector shows it.
    pub label: String,
    /// The model's forecast probability of this option.
    pub model: f64,
    /// The author's judgement, as the scenario words it ("likely"), if any.
    pub judgement_word: Option<String>,
    /// The author's judged probability, if any.
    pub judgement: Option<f64>,
}

impl OptionSpec {
    /// An option with the model's forecast and no author's judgement.
    pub fn new(label: impl Into<String>, model: f64) -> Self {
        Self {
            label: label.into(),
            model,
            judgement_word: None,
            judgement: None,
        }
    }
}

/// How a team's secret choice is made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum TeamRule {
    /// The option most of the team's members chose (the earlier option on a tie).
    Majority,
    /// The choice of the team's captain, its first member to join.
    Captain,
}

/// What kind of question the instructor opened.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum QuestionKind {
    /// Which move should the actor to move make? One ballot each, changeable until locked.
    Vote,
    /// A probability for each option, scored with a Brier score once the step is played.
    Predict,
    /// The team of the actor to move chooses in secret; the other teams predict.
    Teams {
        /// The index of the moving team in the class's [`TeamSetup`].
        moving_team: usize,
        /// How the moving team's choice is made.
        rule: TeamRule,
    },
}

/// A question for the current step, as the app opens it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuestionSpec {
    /// The step it is asked at.
    pub step: u32,
    /// Vote, predict or teams.
    pub kind: QuestionKind,
    /// The question in words ("What should Iran do?").
    pub prompt: String,
    /// What students choose among, in the order the projector lists them.
    pub options: Vec<OptionSpec>,
}

/// The class's teams, one per actor.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TeamSetup {
    /// The teams' labels (the actors' names).
    pub labels: Vec<String>,
    /// Whether students pick their team; otherwise the server deals them out evenly.
    pub students_choose: bool,
}
