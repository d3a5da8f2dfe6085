//! The scenario model: the types a scenario file is read into, loading with
//! positions, and validation that reports every problem at its line and
//! column.
//!
//! Start with [`load_file`] or [`load_str`]; they give a [`Scenario`] or all
//! the [`Diagnostics`] found in one pass.

pub mod condition;
mod diagnostic;
pub mod file;
mod ids;
mod likelihood;
mod load;
pub mod locate;
mod scenario;
mod validate;

pub(crate) use validate::ACTOR_PALETTE;

pub use condition::{CompareOp, Condition, Effect, EffectKind};
pub use diagnostic::{Diagnostic, Diagnostics, Severity};
pub use ids::{ActorIndex, MoveIndex, OutcomeIndex, ResultIndex, SourceIndex, VariableIndex};
pub use likelihood::{Fit, JUDGEMENT_TOLERANCE, Likelihood, Stated, forecast_shares};
pub use load::{LoadError, load_file, load_str};
pub use scenario::{
    Actor, ChanceResult, Citation, Domain, Limits, Move, Origin, Outcome, Scenario, Source,
    Teaching, TeachingNote, TurnRule, Variable, format_percent, is_bare_word,
};

/// A problem inside a condition or effect string, at a character offset of
/// the decoded string. The loader turns it into a [`Diagnostic`] at the right
/// line and column of the file.
#[derive(Clone, Debug, PartialEq)]
pub struct ResolveError {
    /// Character offset in the string.
    pub start: usize,
    /// Length in characters.
    pub len: usize,
    pub message: String,
    pub expected: Option<String>,
    pub hint: Option<String>,
}

impl ResolveError {
    pub(crate) fn new(start: usize, len: usize, message: impl Into<String>) -> ResolveError {
        ResolveError {
            start,
            len,
            message: message.into(),
            expected: None,
            hint: None,
        }
    }

    pub(crate) fn expected(mut self, expected: impl Into<String>) -> ResolveError {
        self.expected = Some(expected.into());
        self
    }

    pub(crate) fn hint(mut self, hint: impl Into<String>) -> ResolveError {
        self.hint = Some(hint.into());
        self
    }

    pub(crate) fn maybe_hint(mut self, hint: Option<String>) -> ResolveError {
        if hint.is_some() {
            self.hint = hint;
        }
        self
    }
}

/// `"a", "b", "c"` (at most eight, then "and N more"), for messages.
pub fn quote_list(names: &[&str]) -> String {
    const MAX: usize = 8;
    let mut unique: Vec<&str> = Vec::with_capacity(names.len());
    for name in names {
        if !unique.contains(name) {
            unique.push(name);
        }
    }
    let names = unique;
    let mut text = names
        .iter()
        .take(MAX)
        .map(|n| format!("\"{n}\""))
        .collect::<Vec<_>>()
        .join(", ");
    if names.len() > MAX {
        text.push_str(&format!(" and {} more", names.len() - MAX));
    }
    if names.is_empty() {
        text.push_str("(none defined)");
    }
    text
}

/// `did you mean "iran"?` when a known name is close to what was written.
pub(crate) fn did_you_mean(found: &str, known: &[&str]) -> Option<String> {
    let lower = found.to_lowercase();
    let best = known
        .iter()
        .map(|k| {
            let distance = if k.to_lowercase() == lower {
                0
            } else {
                strsim::damerau_levenshtein(&lower, &k.to_lowercase()).max(1)
            };
            (distance, *k)
        })
        .min_by_key(|(d, _)| *d)?;
    let allowed = (found.chars().count() / 3).max(2);
    (best.0 <= allowed).then(|| format!("did you mean \"{}\"?", best.1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_names_only() {
        assert_eq!(
            did_you_mean("irn", &["us", "iran"]).as_deref(),
            Some("did you mean \"iran\"?")
        );
        assert_eq!(
            did_you_mean("IRAN", &["iran"]).as_deref(),
            Some("did you mean \"iran\"?")
        );
        assert_eq!(did_you_mean("zzzzzz", &["us", "iran"]), None);
    }

    #[test]
    fn long_lists_are_cut() {
        let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"];
        assert_eq!(
            quote_list(&names),
            "\"a\", \"b\", \"c\", \"d\", \"e\", \"f\", \"g\", \"h\" and 2 more"
        );
    }
}
