//! The scenario model: the types a scenario file is read into, loading with
//! positions, and validation that reports every problem at its line and
//! column.
//!
//! Start with [`load_str`]: text in, a [`Scenario`] or all the
//! [`Diagnostics`] found in one pass out. The model never touches files;
//! [`crate::io::load_file`] reads one and calls it.

pub mod condition;
mod diagnostic;
pub mod file;
mod ids;
mod likelihood;
mod load;
pub mod locate;
mod scenario;
mod validate;
mod variable;

pub(crate) use validate::ACTOR_PALETTE;
pub use validate::{MAX_OPTIONS, MAX_STEPPED_OPTIONS};

pub use condition::{CompareOp, Condition, Effect, EffectKind};
pub use diagnostic::{Diagnostic, Diagnostics, Severity};
pub use ids::{ActorIndex, MoveIndex, OutcomeIndex, ResultIndex, SourceIndex, VariableIndex};
pub use likelihood::{
    Fit, JUDGEMENT_TOLERANCE, Likelihood, Stated, forecast_shares, format_percent, read_number,
    read_percent,
};
pub use load::load_str;
pub use scenario::{
    Actor, ChanceResult, Citation, ConflictOption, Irreversible, Limits, Move, OptionForm, Origin,
    Outcome, Preference, Scenario, Source, SourceForecast, Teaching, TeachingNote, TurnRule,
};
pub use variable::{Domain, Variable, is_bare_word};

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

/// Names longer than this (in characters) get no suggestion: edit
/// distance costs the product of the two lengths, and a typo of a short id
/// is never that long.
const MAX_SUGGEST_CHARS: usize = 128;

/// At most this many known names are compared, so a list of thousands of
/// levels cannot make one message slow.
const MAX_SUGGEST_CANDIDATES: usize = 1000;

/// `did you mean "iran"?` when a known name is close to what was written.
///
/// Cost: at most [`MAX_SUGGEST_CANDIDATES`] comparisons of at most
/// [`MAX_SUGGEST_CHARS`] characters each (Damerau-Levenshtein, quadratic in
/// the length), whatever the input.
pub fn did_you_mean(found: &str, known: &[&str]) -> Option<String> {
    // Counting stops early, so a huge name costs nothing more to reject.
    let n_found = found.chars().take(MAX_SUGGEST_CHARS + 1).count();
    if n_found > MAX_SUGGEST_CHARS {
        return None;
    }
    let allowed = (n_found / 3).max(2);
    let lower = found.to_lowercase();
    let best = known
        .iter()
        .take(MAX_SUGGEST_CANDIDATES)
        .filter_map(|k| {
            let n_known = k.chars().take(MAX_SUGGEST_CHARS + 1).count();
            // The distance is at least the difference in length.
            if n_known > MAX_SUGGEST_CHARS || n_known.abs_diff(n_found) > allowed {
                return None;
            }
            let k_lower = k.to_lowercase();
            let distance = if k_lower == lower {
                0
            } else {
                strsim::damerau_levenshtein(&lower, &k_lower).max(1)
            };
            Some((distance, *k))
        })
        .min_by_key(|(d, _)| *d)?;
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
    fn huge_names_get_no_suggestion_and_cost_little() {
        let huge = "x".repeat(10_000_000);
        assert_eq!(did_you_mean(&huge, &["us", "iran"]), None);
        assert_eq!(
            did_you_mean("iran", &[&huge, "irn"]).as_deref(),
            Some("did you mean \"irn\"?")
        );
        let many: Vec<String> = (0..100_000).map(|i| format!("level{i}")).collect();
        let many: Vec<&str> = many.iter().map(String::as_str).collect();
        // Only the first candidates are compared.
        assert_eq!(
            did_you_mean("level99999", &many),
            Some("did you mean \"level999\"?".to_owned())
        );
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
