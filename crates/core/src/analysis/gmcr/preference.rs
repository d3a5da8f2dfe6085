//! Where an actor's preference over a conflict's states comes from, and
//! the score option prioritization gives a state. Shared by the conflict
//! model and the option form; imports neither.

use crate::model::Condition;

/// Where an actor's preference over states comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PreferenceSource {
    /// The payoff of the outcome the state meets.
    Payoffs,
    /// The scenario's `priorities` for the actor (or, in option form, its
    /// `Priorities`).
    Priorities,
    /// A direct ranking of the states (option form's `Ranking`).
    Ranking,
}

/// A state's score under option prioritization: 2^(n - 1 - t) for each
/// statement t (of n, most important first) it meets.
pub(crate) fn priority_score(statements: &[(String, Condition)], values: &[i64]) -> f64 {
    let n = statements.len();
    statements
        .iter()
        .enumerate()
        .filter(|(_, (_, c))| c.holds(values))
        .map(|(t, _)| 2f64.powi((n - 1 - t) as i32))
        .sum()
}
