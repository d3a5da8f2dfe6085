//! Why a conflict's stability could not be analysed. At the bottom of the
//! GMCR files: the conflict model, the option form and the stability
//! analysis all report with it, and it imports none of them.

/// Why stability could not be analysed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum StabilityError {
    /// An actor ranks states by payoffs, and a state meets no outcome.
    #[error(
        "actor \"{actor}\" has no preference over the situation {situation}: it meets no outcome, so there is no payoff to rank it by; add `priorities` for \"{actor}\" (conditions it wants to hold, most important first) or an outcome that covers this situation"
    )]
    NoPreference {
        /// The actor's id.
        actor: String,
        /// The state's values, `variable = value, ...`.
        situation: String,
    },
    /// An actor's ranking (option form) has no tier for a state.
    #[error(
        "actor \"{actor}\"'s ranking has no place for the state {state}: it meets none of the ranking's conditions; end the ranking with \"true\" to put every state not yet ranked last"
    )]
    Unranked {
        /// The actor's id.
        actor: String,
        /// The state by its options: "with no option taken", "with Offer
        /// talks taken".
        state: String,
    },
    /// The states ignoring turns outgrow the situation limit.
    #[error(
        "the conflict has more than {limit} states (situations ignoring turns); raise limits.max_situations or use fewer or narrower variables"
    )]
    TooManyStates {
        /// The scenario's `limits.max_situations`.
        limit: u64,
    },
    /// The states would outgrow the memory budget.
    #[error(transparent)]
    TooLarge(#[from] crate::engine::TooLarge),
    /// The caller asked to stop.
    #[error("stability analysis cancelled")]
    Cancelled,
}
