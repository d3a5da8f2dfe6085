//! What students see and what they are asked: plain data the app builds from its session.

use serde::{Deserialize, Serialize};

pub use demarche_core::session::{OptionSpec, QuestionKind, TeamRule};

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
