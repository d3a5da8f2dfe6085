//! The scenario file as written: serde types that mirror the RON text.
//!
//! These types hold what the author wrote, with string ids and condition
//! text. `validate` turns them into a [`crate::model::Scenario`], which is
//! what the rest of the program uses.

use std::collections::BTreeMap;
use std::fmt;

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize};

/// A whole scenario file.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(rename = "Scenario", deny_unknown_fields)]
pub struct ScenarioFile {
    /// Short machine id, e.g. `"vienna-2021"`.
    pub id: String,
    /// Title shown in the window and the library.
    pub title: String,
    /// One or two sentences on what the scenario is about.
    #[serde(default)]
    pub summary: String,
    /// The date the situation is described as of, e.g. `"2021-11-29"`.
    #[serde(default)]
    pub as_of: String,
    /// Documents the scenario cites.
    #[serde(default)]
    pub sources: Vec<SourceFile>,
    /// Who takes part.
    pub actors: Vec<ActorFile>,
    /// The dimensions of the situation (none in a conflict written in
    /// option form: there the options are the variables).
    #[serde(default)]
    pub variables: Vec<VariableFile>,
    /// What the actors can do (none in option form: the moves follow from
    /// the options).
    #[serde(default)]
    pub moves: Vec<MoveFile>,
    /// The end states.
    #[serde(default)]
    pub outcomes: Vec<OutcomeFile>,
    /// What the cited sources themselves forecast, to set beside what the
    /// scenario's judgements derive.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub source_forecasts: Vec<SourceForecastFile>,
    /// Who moves next.
    #[serde(default)]
    pub turns: TurnRuleFile,
    /// The narrative shown at the start.
    #[serde(default)]
    pub opening: String,
    /// How far expansion goes.
    #[serde(default)]
    pub limits: LimitsFile,
    /// Option prioritization for conflict stability (as in GMCR+): per
    /// actor id, conditions the actor wants to hold, most important first.
    /// Optional; without it stability ranks situations by outcome payoffs.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub priorities: BTreeMap<String, Vec<String>>,
    /// Instructor notes: learning goals and discussion questions.
    #[serde(default)]
    pub teaching: TeachingFile,
    /// A conflict in the option form of the Graph Model for Conflict
    /// Resolution: options owned by actors, infeasible combinations and
    /// preferences. With it, the variables and moves follow from the
    /// options.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conflict: Option<ConflictFile>,
}

/// A conflict in option form, as written.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(rename = "Conflict", deny_unknown_fields)]
pub struct ConflictFile {
    /// Every option, each owned by one actor.
    pub options: Vec<OptionFile>,
    /// Conditions on the options that no state may meet.
    #[serde(default)]
    pub infeasible: Vec<String>,
    /// Per actor id, how it ranks the states.
    #[serde(default)]
    pub preferences: BTreeMap<String, PreferenceFile>,
}

/// One option of a decision maker, as written.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(rename = "Option", deny_unknown_fields)]
pub struct OptionFile {
    pub id: String,
    /// The actor who takes up or drops the option.
    pub actor: String,
    pub label: String,
    #[serde(default)]
    pub description: String,
    /// Whether the option is taken up in the status quo.
    #[serde(default)]
    pub initial: bool,
    /// Which change, if any, cannot be made.
    #[serde(default)]
    pub irreversible: IrreversibleFile,
    /// The label of the move that takes the option up; empty for
    /// "Take up: <label>".
    #[serde(default)]
    pub take: String,
    /// The label of the move that drops it; empty for "Drop: <label>".
    #[serde(default)]
    pub drop: String,
    #[serde(default)]
    pub cite: Vec<CiteFile>,
}

/// Which way an option can no longer change.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename = "Irreversible")]
pub enum IrreversibleFile {
    /// It can be taken up and dropped.
    #[default]
    No,
    /// Once taken up it cannot be dropped (an air strike).
    OnceTaken,
    /// Once dropped it cannot be taken up again (a walk-out).
    OnceDropped,
}

/// How an actor ranks the states, as written.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(rename = "Preference")]
pub enum PreferenceFile {
    /// Option prioritization: conditions most important first, each worth
    /// more than all those after it together.
    Priorities(Vec<String>),
    /// A direct ranking: conditions most preferred first; a state belongs
    /// to the first it meets, and states in one tier tie.
    Ranking(Vec<String>),
}

/// Instructor notes as written.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(rename = "Teaching", deny_unknown_fields)]
pub struct TeachingFile {
    /// What the class should take away, for the whole scenario.
    #[serde(default)]
    pub goals: Vec<String>,
    /// Notes shown in situations that meet their condition.
    #[serde(default)]
    pub notes: Vec<TeachingNoteFile>,
}

/// One instructor note, attached to the situations meeting `when`.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(rename = "Note", deny_unknown_fields)]
pub struct TeachingNoteFile {
    /// Which situations the note belongs to; empty means the opening only.
    #[serde(default)]
    pub when: String,
    /// The learning point.
    #[serde(default)]
    pub text: String,
    /// Questions to put to the class.
    #[serde(default)]
    pub questions: Vec<String>,
}

/// A cited document.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(rename = "Source", deny_unknown_fields)]
pub struct SourceFile {
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub author: String,
    #[serde(default)]
    pub publisher: String,
    #[serde(default)]
    pub date: String,
    #[serde(default)]
    pub link: Option<String>,
    /// The author's word that a source dated only by a month (or year)
    /// that holds `as_of` was published before `as_of`; without it, the
    /// hindsight check warns.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub before_as_of: bool,
}

/// What a source forecasts, as written: one outcome or a set of them, how
/// likely the source says it is, and the words it says it in.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(rename = "SourceForecast", deny_unknown_fields)]
pub struct SourceForecastFile {
    /// Outcome ids: the forecast is that play ends in one of them.
    pub outcomes: Vec<String>,
    /// The source's likelihood: a likelihood word or a number from 0 to 1.
    pub likelihood: ProbabilityLiteral,
    /// The source's id.
    pub source: String,
    /// The source's own words, verbatim.
    #[serde(default)]
    pub quote: String,
}

/// Someone who can make moves.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(rename = "Actor", deny_unknown_fields)]
pub struct ActorFile {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub description: String,
    /// `"#rrggbb"`.
    #[serde(default)]
    pub colour: Option<String>,
}

/// One dimension of the situation.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(rename = "Variable", deny_unknown_fields)]
pub struct VariableFile {
    pub id: String,
    #[serde(default)]
    pub label: String,
    #[serde(default)]
    pub description: String,
    pub domain: DomainFile,
    pub initial: Literal,
    /// Display labels for levels, by level name (`"max_pressure":
    /// "Maximum pressure"`); a level without one is shown by its name.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub level_labels: BTreeMap<String, String>,
}

/// The values a variable can take.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(rename = "Domain")]
pub enum DomainFile {
    /// Ordered levels, lowest first.
    Levels(Vec<String>),
    /// True or false.
    Flag,
    /// A whole number between `min` and `max`, both included.
    Integer { min: i64, max: i64 },
}

/// A move an actor can make.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(rename = "Move", deny_unknown_fields)]
pub struct MoveFile {
    pub id: String,
    pub actor: String,
    pub label: String,
    #[serde(default)]
    pub description: String,
    /// Availability condition; empty means always available.
    #[serde(default)]
    pub when: String,
    #[serde(default)]
    pub effects: Vec<String>,
    #[serde(default)]
    pub narrative: String,
    #[serde(default)]
    pub cite: Vec<CiteFile>,
    /// Who answers this move.
    #[serde(default)]
    pub next: Option<String>,
    /// Chance results; empty means the move has one certain result.
    #[serde(default)]
    pub results: Vec<ResultFile>,
    /// The author's judgement of how likely the actor is to choose this
    /// move when it is available: a likelihood word or a number from 0 to 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub likelihood: Option<ProbabilityLiteral>,
}

/// One chance result of a move.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(rename = "Result", deny_unknown_fields)]
pub struct ResultFile {
    pub id: String,
    #[serde(default)]
    pub label: String,
    pub probability: ProbabilityLiteral,
    #[serde(default)]
    pub effects: Vec<String>,
    #[serde(default)]
    pub narrative: String,
    #[serde(default)]
    pub cite: Vec<CiteFile>,
    #[serde(default)]
    pub next: Option<String>,
}

/// A citation: a source id and a short quote from it.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(rename = "Cite", deny_unknown_fields)]
pub struct CiteFile {
    pub source: String,
    #[serde(default)]
    pub quote: String,
}

/// A named end state.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(rename = "Outcome", deny_unknown_fields)]
pub struct OutcomeFile {
    pub id: String,
    pub label: String,
    #[serde(default)]
    pub description: String,
    pub when: String,
    /// Payoff per actor id.
    pub payoffs: BTreeMap<String, f64>,
    #[serde(default)]
    pub cite: Vec<CiteFile>,
}

/// Who moves next, as written.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(rename = "Turns")]
pub enum TurnRuleFile {
    /// Actors take turns in this order; one with no available move is skipped.
    Rotation(Vec<String>),
    /// Any actor with an available move may move.
    #[default]
    Free,
    /// `first` opens; after that each move (or result) names who answers it.
    ByMove { first: String },
}

/// Exploration limits as written.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(rename = "Limits", deny_unknown_fields)]
pub struct LimitsFile {
    #[serde(default = "default_max_depth")]
    pub max_depth: u32,
    #[serde(default = "default_max_situations")]
    pub max_situations: u64,
}

/// Depth limit when a file gives none.
pub const DEFAULT_MAX_DEPTH: u32 = 30;
/// Situation limit when a file gives none.
pub const DEFAULT_MAX_SITUATIONS: u64 = 200_000;

fn default_max_depth() -> u32 {
    DEFAULT_MAX_DEPTH
}

fn default_max_situations() -> u64 {
    DEFAULT_MAX_SITUATIONS
}

impl Default for LimitsFile {
    fn default() -> Self {
        LimitsFile {
            max_depth: DEFAULT_MAX_DEPTH,
            max_situations: DEFAULT_MAX_SITUATIONS,
        }
    }
}

/// A variable's value as written: a level name, a flag or a whole number.
/// Which one is right depends on the variable, so validation checks it.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Literal {
    Flag(bool),
    Integer(i64),
    Text(String),
}

impl fmt::Display for Literal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Literal::Flag(b) => write!(f, "{b}"),
            Literal::Integer(i) => write!(f, "{i}"),
            Literal::Text(s) => write!(f, "{s:?}"),
        }
    }
}

impl<'de> Deserialize<'de> for Literal {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct LiteralVisitor;

        impl Visitor<'_> for LiteralVisitor {
            type Value = Literal;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a level name in quotes, true or false, or a whole number")
            }

            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Literal, E> {
                Ok(Literal::Flag(v))
            }

            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Literal, E> {
                Ok(Literal::Integer(v))
            }

            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Literal, E> {
                i64::try_from(v)
                    .map(Literal::Integer)
                    .map_err(|_| E::custom(format!("{v} is too large for a whole number")))
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<Literal, E> {
                Ok(Literal::Text(v.to_owned()))
            }
        }

        deserializer.deserialize_any(LiteralVisitor)
    }
}

/// A probability as written: a number from 0 to 1 or a likelihood word.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub enum ProbabilityLiteral {
    Number(f64),
    Word(String),
}

impl<'de> Deserialize<'de> for ProbabilityLiteral {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ProbabilityVisitor;

        impl Visitor<'_> for ProbabilityVisitor {
            type Value = ProbabilityLiteral;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a number from 0 to 1 or a likelihood word such as \"likely\"")
            }

            fn visit_f64<E: de::Error>(self, v: f64) -> Result<ProbabilityLiteral, E> {
                Ok(ProbabilityLiteral::Number(v))
            }

            fn visit_i64<E: de::Error>(self, v: i64) -> Result<ProbabilityLiteral, E> {
                Ok(ProbabilityLiteral::Number(v as f64))
            }

            fn visit_u64<E: de::Error>(self, v: u64) -> Result<ProbabilityLiteral, E> {
                Ok(ProbabilityLiteral::Number(v as f64))
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<ProbabilityLiteral, E> {
                Ok(ProbabilityLiteral::Word(v.to_owned()))
            }
        }

        deserializer.deserialize_any(ProbabilityVisitor)
    }
}
