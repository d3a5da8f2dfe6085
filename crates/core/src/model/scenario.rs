//! The validated scenario: what the engine, analysis and app work with.
//!
//! Every name has been resolved to an index, every condition parsed and
//! type-checked, every probability turned into a number. A `Scenario` also
//! keeps where it came from ([`Origin`]) so later checks, such as the
//! warnings found by expanding the graph, can still point at a line.

use std::sync::Arc;

use super::condition::{Condition, Effect};
use super::diagnostic::{Diagnostic, Severity};
use super::likelihood::format_percent;
use super::locate::SpanTable;
use super::variable::Variable;
use super::{ActorIndex, MoveIndex, OutcomeIndex, SourceIndex, VariableIndex};

/// A whole validated scenario.
#[derive(Clone, Debug)]
pub struct Scenario {
    pub id: String,
    pub title: String,
    pub summary: String,
    pub as_of: String,
    pub sources: Vec<Source>,
    pub actors: Vec<Actor>,
    pub variables: Vec<Variable>,
    pub moves: Vec<Move>,
    pub outcomes: Vec<Outcome>,
    /// What the cited sources forecast, to set beside what the scenario's
    /// judgements derive ([`crate::analysis::compare_source_forecasts`]).
    pub source_forecasts: Vec<SourceForecast>,
    pub turns: TurnRule,
    pub opening: String,
    pub limits: Limits,
    /// Option prioritization, indexed like `actors`: each actor's
    /// conditions, as written and resolved, most important first. Empty for
    /// an actor with none (stability then ranks by outcome payoffs).
    pub priorities: Vec<Vec<(String, Condition)>>,
    /// Instructor notes: learning goals and discussion questions.
    pub teaching: Teaching,
    /// The conflict in option form, when the file is written that way:
    /// then option `k` is variable `k`, and the moves take up or drop one
    /// option each.
    pub conflict: Option<OptionForm>,
    /// The file and text it was read from.
    pub origin: Origin,
}

/// A conflict in the option form of the Graph Model for Conflict
/// Resolution: each option is a flag owned by one actor, some changes
/// cannot be made, some combinations cannot be, and each actor ranks the
/// states. A move in the conflict's analysis changes any set of its
/// actor's options at once.
#[derive(Clone, Debug)]
pub struct OptionForm {
    /// Indexed like the scenario's variables: option `k` is variable `k`.
    pub options: Vec<ConflictOption>,
    /// Conditions, as written and resolved, that no state may meet.
    pub infeasible: Vec<(String, Condition)>,
    /// Indexed like the actors.
    pub preferences: Vec<Preference>,
}

/// One option: who owns it and which change cannot be made.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ConflictOption {
    pub actor: ActorIndex,
    pub irreversible: Irreversible,
}

pub use super::file::IrreversibleFile as Irreversible;

impl ConflictOption {
    /// Whether the option may be taken up (changed from false to true).
    pub fn can_take(&self) -> bool {
        self.irreversible != Irreversible::OnceDropped
    }

    /// Whether the option may be dropped (changed from true to false).
    pub fn can_drop(&self) -> bool {
        self.irreversible != Irreversible::OnceTaken
    }
}

/// How an actor ranks the states of an option-form conflict.
#[derive(Clone, Debug)]
pub enum Preference {
    /// Option prioritization: conditions most important first; a state
    /// scores the sum of 2^(n - 1 - t) over the statements t it meets.
    Priorities(Vec<(String, Condition)>),
    /// A direct ranking: tiers most preferred first; a state belongs to the
    /// first tier whose condition it meets.
    Ranking(Vec<(String, Condition)>),
}

/// A cited document.
#[derive(Clone, Debug, PartialEq)]
pub struct Source {
    pub id: String,
    pub title: String,
    pub author: String,
    pub publisher: String,
    pub date: String,
    pub link: Option<String>,
    /// The author says a source dated only by a month or year that holds
    /// `as_of` came out before it (the hindsight check then stays quiet).
    pub before_as_of: bool,
}

impl Source {
    /// Who is speaking, for a sentence: the author, else the publisher,
    /// else the title, else the id.
    pub fn speaker(&self) -> &str {
        [&self.author, &self.publisher, &self.title]
            .into_iter()
            .find(|t| !t.trim().is_empty())
            .map_or(self.id.as_str(), String::as_str)
    }
}

/// What a source forecasts: that play ends in one of `outcomes`, with the
/// likelihood it states, in its own words.
#[derive(Clone, Debug, PartialEq)]
pub struct SourceForecast {
    /// The outcomes the forecast is about (one, or a set read together).
    pub outcomes: Vec<OutcomeIndex>,
    /// The likelihood as stated: a word (with its ICD 203 range) or a
    /// number.
    pub likelihood: super::Stated,
    /// The source and its words.
    pub citation: Citation,
}

/// Someone who makes moves.
#[derive(Clone, Debug, PartialEq)]
pub struct Actor {
    pub id: String,
    pub name: String,
    pub description: String,
    /// Display colour as red, green, blue.
    pub colour: [u8; 3],
}

impl Actor {
    /// The id of the actor that stands for chance: Gambit's chance player
    /// in a game read from a `.efg` file, or an actor a scenario's author
    /// names so. The map draws its turns as chance's, and writing a game
    /// out makes it Gambit's chance player where it can be.
    pub const CHANCE_ID: &'static str = "chance";

    /// Whether this actor stands for chance (its id is [`Self::CHANCE_ID`]).
    pub fn is_chance(&self) -> bool {
        self.id == Self::CHANCE_ID
    }

    /// The name, or the id when there is none.
    pub fn display_name(&self) -> &str {
        text_or_id(&self.name, &self.id)
    }
}

/// `text`, or `id` where the author left it empty.
fn text_or_id<'a>(text: &'a str, id: &'a str) -> &'a str {
    if text.is_empty() { id } else { text }
}

/// A citation of a source.
#[derive(Clone, Debug, PartialEq)]
pub struct Citation {
    pub source: SourceIndex,
    pub quote: String,
}

/// A move an actor can make.
#[derive(Clone, Debug)]
pub struct Move {
    pub id: String,
    pub actor: ActorIndex,
    pub label: String,
    pub description: String,
    /// The text of the availability condition, as written.
    pub when_text: String,
    pub when: Condition,
    pub effects: Vec<Effect>,
    pub narrative: String,
    pub citations: Vec<Citation>,
    pub next: Option<ActorIndex>,
    /// Chance results; empty means one certain result.
    pub results: Vec<ChanceResult>,
    /// The author's judgement of how likely the actor is to choose this
    /// move when it is available (the forecast play model); `None` for no
    /// judgement.
    pub likelihood: Option<super::Stated>,
}

impl Move {
    /// The label, or the id when there is none.
    pub fn display_name(&self) -> &str {
        text_or_id(&self.label, &self.id)
    }
}

/// One chance result of a move.
#[derive(Clone, Debug)]
pub struct ChanceResult {
    pub id: String,
    pub label: String,
    pub probability: f64,
    /// The likelihood word it was written as, if any.
    pub likelihood: Option<super::Likelihood>,
    pub effects: Vec<Effect>,
    pub narrative: String,
    pub citations: Vec<Citation>,
    pub next: Option<ActorIndex>,
}

impl ChanceResult {
    /// The label, or the id when there is none.
    pub fn display_name(&self) -> &str {
        text_or_id(&self.label, &self.id)
    }

    /// "likely (70 %)" or "25 %".
    pub fn probability_text(&self) -> String {
        let percent = format_percent(self.probability);
        match self.likelihood {
            Some(word) => format!("{} ({percent})", word.word()),
            None => percent,
        }
    }
}

/// A named end state.
#[derive(Clone, Debug)]
pub struct Outcome {
    pub id: String,
    pub label: String,
    pub description: String,
    pub when_text: String,
    pub when: Condition,
    /// Payoff per actor, indexed like `Scenario::actors`.
    pub payoffs: Vec<f64>,
    pub citations: Vec<Citation>,
}

impl Outcome {
    /// The label, or the id when there is none.
    pub fn display_name(&self) -> &str {
        text_or_id(&self.label, &self.id)
    }
}

/// Instructor notes.
#[derive(Clone, Debug, Default)]
pub struct Teaching {
    /// Learning goals for the whole scenario.
    pub goals: Vec<String>,
    pub notes: Vec<TeachingNote>,
}

/// An instructor note attached to situations by a condition.
#[derive(Clone, Debug)]
pub struct TeachingNote {
    /// The condition as written; empty for the opening situation only.
    pub when_text: String,
    pub when: Condition,
    pub text: String,
    pub questions: Vec<String>,
}

impl Teaching {
    /// The notes for a situation: those whose condition holds, and at the
    /// opening those without a condition.
    pub fn notes_for(&self, values: &[i64], at_opening: bool) -> Vec<&TeachingNote> {
        self.notes
            .iter()
            .filter(|n| {
                if n.when_text.trim().is_empty() {
                    at_opening
                } else {
                    n.when.holds(values)
                }
            })
            .collect()
    }
}

/// Who moves next.
#[derive(Clone, Debug, PartialEq)]
pub enum TurnRule {
    /// Turns pass in this order; an actor with no available move is skipped.
    Rotation(Vec<ActorIndex>),
    /// Any actor with an available move may move.
    Free,
    /// `first` opens; then each move or result names who answers (`next`);
    /// when it names nobody, anyone may move.
    ByMove { first: ActorIndex },
}

/// How far expansion goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Situations deeper than this (in moves from the start) are not expanded.
    pub max_depth: u32,
    /// Expansion stops before the graph holds more situations than this.
    pub max_situations: u64,
}

/// Where a scenario came from: the file name shown in messages, its text,
/// and where each value sits in it.
#[derive(Clone, Debug, Default)]
pub struct Origin {
    pub file: String,
    pub text: Arc<str>,
    pub spans: Arc<SpanTable>,
}

impl Origin {
    /// A diagnostic pointing at the value at `path` (or its nearest parent).
    pub fn diagnostic(
        &self,
        severity: Severity,
        path: &str,
        message: impl Into<String>,
    ) -> Diagnostic {
        let span = self.spans.nearest(path).unwrap_or(0..0);
        Diagnostic::at(severity, &self.file, &self.text, span, message).with_path(path)
    }
}

impl Scenario {
    /// The actor with this string id.
    pub fn actor_by_id(&self, id: &str) -> Option<ActorIndex> {
        self.actors
            .iter()
            .position(|a| a.id == id)
            .map(|i| ActorIndex(i as u16))
    }

    /// The move with this string id.
    pub fn move_by_id(&self, id: &str) -> Option<MoveIndex> {
        self.moves
            .iter()
            .position(|m| m.id == id)
            .map(|i| MoveIndex(i as u32))
    }

    /// The outcome with this string id.
    pub fn outcome_by_id(&self, id: &str) -> Option<OutcomeIndex> {
        self.outcomes
            .iter()
            .position(|o| o.id == id)
            .map(|i| OutcomeIndex(i as u32))
    }

    /// The variable with this string id.
    pub fn variable_by_id(&self, id: &str) -> Option<VariableIndex> {
        self.variables
            .iter()
            .position(|v| v.id == id)
            .map(|i| VariableIndex(i as u16))
    }

    /// The actor at an index.
    pub fn actor(&self, index: ActorIndex) -> &Actor {
        &self.actors[index.index()]
    }

    /// The move at an index.
    pub fn move_(&self, index: MoveIndex) -> &Move {
        &self.moves[index.index()]
    }

    /// The outcome at an index.
    pub fn outcome(&self, index: OutcomeIndex) -> &Outcome {
        &self.outcomes[index.index()]
    }

    /// The initial stored value of every variable.
    pub fn initial_values(&self) -> Vec<i64> {
        self.variables.iter().map(|v| v.initial).collect()
    }

    /// The first outcome (in file order) whose condition holds, if any.
    pub fn outcome_met(&self, values: &[i64]) -> Option<OutcomeIndex> {
        self.outcomes
            .iter()
            .position(|o| o.when.holds(values))
            .map(|i| OutcomeIndex(i as u32))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::is_bare_word;

    #[test]
    fn percentages_drop_needless_decimals() {
        assert_eq!(format_percent(0.7), "70 %");
        assert_eq!(format_percent(0.025), "2.5 %");
        assert_eq!(format_percent(1.0 / 3.0), "33.33 %");
    }

    #[test]
    fn bare_words_are_identifiers_but_not_keywords() {
        assert!(is_bare_word("max_pressure"));
        assert!(!is_bare_word("60%"));
        assert!(!is_bare_word("and"));
    }
}
