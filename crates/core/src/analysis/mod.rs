//! Analysis: what rational play predicts, how likely each outcome is, how
//! stable each situation is, and how much all that depends on the author's
//! judgements. Data in, data out: a [`crate::model::Scenario`] and its
//! [`crate::engine::SituationGraph`] in, plain results out; no files.
//!
//! # The bounded unfolding
//!
//! Outcome probabilities and rational play look at every path from a
//! situation. A path ends where it meets an outcome, a dead end (no one can
//! move, no outcome met) or the graph's frontier (a situation expansion did
//! not reach past). The graph may cycle, so a path could go on for ever:
//! while a cycle can still be reached from where a path stands, its moves
//! are counted, and after `horizon` of them (the scenario's
//! `limits.max_depth` by default) it is cut. A path from which no cycle can
//! be reached is followed to its end, so on a graph without cycles the
//! horizon never cuts. Memoised on (situation, moves left), the unfolding
//! has at most S + C x (horizon + 1) states for S situations of which C can
//! reach a cycle; every analysis below is linear in it.
//!
//! # Outcome probabilities ([`PlayAnalysis`], [`outcome_probabilities`])
//!
//! One play model at a time ([`PlayModel`]): under `Uniform` every
//! available move is equally likely; under `Judged` (the "forecast" on
//! screen and on the command line) the author's judged likelihoods of
//! moves decide ([`crate::model::forecast_shares`]); under
//! `Qre` the logit quantal response equilibrium (McKelvey and Palfrey
//! 1998) runs from uniform (lambda 0) to best moves only (lambda
//! infinite); under `Rational` actors play as backward induction says.
//! Chance follows its probabilities in all four. The result names every
//! part: each outcome, "dead end", and "unresolved" (the frontier, and
//! paths cut by the horizon, reported also on their own); the parts sum
//! to 1. [`PlayAnalysis`] builds the unfolding once and answers for any
//! model in one pass, cheap enough to redraw per frame while lambda is
//! dragged.
//!
//! # Intervals ([`PlayAnalysis::intervals`])
//!
//! Likelihood words are ranges: each outcome's probability gets the
//! lowest and highest value it takes when every chance result and judged
//! move written as an ICD 203 word ranges over its word's range (numbers
//! are points), by dynamic programming with a small greedy linear program
//! per state. The same move met in several states varies independently
//! there, so the bounds are outer bounds. Under rational play and quantal
//! response the actors' choices are held at their point values.
//!
//! # Rational play ([`solve`])
//!
//! Backward induction with chance as expectation, a subgame-perfect
//! equilibrium of the unfolded game. Dead ends, the frontier and cut paths
//! are worth 0 to every actor (their probability is reported, so a value
//! leaning on them shows). All moves tied for best ([`tied`]: within 1e-12
//! of the scale of the payoffs in play, with no absolute floor) are
//! listed; rational play takes the first in file order, so the reported
//! payoffs are those of one pure equilibrium. On a free turn
//! (`Turn::Anyone`) chance picks the mover, each actor with an available
//! move equally likely, and the mover plays its best move. The path
//! follows the chosen moves, the most likely result of each chance move
//! (the first on a tie), and on a free turn the first possible mover in
//! actor order.
//!
//! # Every pure equilibrium ([`all_equilibria`])
//!
//! Where best moves tie, each tied move may start another pure
//! subgame-perfect equilibrium; [`all_equilibria`] lists each with its
//! payoffs, path and the ties it breaks, up to a cap and a work budget
//! (`solve --all`).
//!
//! # Conflict stability ([`stability`], in `gmcr/`)
//!
//! The Graph Model for Conflict Resolution: Nash, GMR, SMR and SEQ for
//! every state and actor, and the equilibria of each. States are the
//! situations' values with turns ignored, moves continue past outcomes,
//! chance moves count as unilateral moves to each of their results, and
//! preferences come from `priorities` or from outcome payoffs.
//! [`improving_moves`] picks, of the moves available in a situation, those
//! that are a unilateral improvement for their mover, by the same rule.
//!
//! # Sensitivity ([`sensitivity`])
//!
//! Sweeps one [`Parameter`] (`payoff:OUTCOME:ACTOR` or
//! `probability:MOVE:RESULT`) over a range and finds where the rational
//! path or an equilibrium changes; a tornado ranks every parameter by how
//! far it moves the expected payoffs. [`PlayAnalysis::lambda_sweep`]
//! runs quantal response from lambda 0 to where play cannot be told from
//! rational play ([`PlayAnalysis::rational_lambda`]: every probability
//! within [`INDISTINGUISHABLE`] of the limit) and says where the most
//! likely outcome changes.

mod deciding;
mod facade;
mod forward;
mod gmcr;
mod intervals;
mod judgements;
mod lambda;
mod move_shares;
mod parameter;
mod play;
mod play_model;
mod progress;
mod qre;
pub mod sensitivity;
mod sequence;
mod situation_report;
mod solve;
mod source_forecast;
mod spe;
mod unfold;

pub use deciding::DecidingPayoff;
pub use facade::{Analysis, COUNT_EQUILIBRIA_UP_TO, Study};
pub use gmcr::{
    Concept, OptionCheck, PreferenceSource, StabilityError, StabilitySummary, StabilityTable,
    StateGroup, equilibria_reachable_from, improving_moves, option_check, option_stability,
    stability, stability_with,
};
pub use intervals::Intervals;
pub use judgements::Judgements;
pub use lambda::{Crossing, INDISTINGUISHABLE, LambdaSweep, lambda_words};
pub use move_shares::{MoveShare, ShareOrigin, judged_move_shares, move_shares};
pub use parameter::{Parameter, ParameterError};
pub use play::{
    Listed, PlayAnalysis, Prediction, outcome_intervals, outcome_probabilities,
    outcome_probabilities_within,
};
pub use play_model::{OutcomeProbabilities, PlayModel};
pub use progress::{Cancelled, Progress, Stopped, no_progress};
pub use sequence::{
    BehaviourEquilibrium, SequenceError, SequenceMethod, SetStrategy, sequence_equilibrium,
};
pub use situation_report::{
    MoveReport, RationalAnswer, RationalPlay, SituationReport, StepReport, Withheld,
};
pub use solve::{
    Choice, Path, PathEnd, PathStep, Solution, TIE_TOLERANCE, solve, solve_from, tied,
};
pub use source_forecast::{SourceForecastComparison, Verdict, compare_source_forecasts};
pub use spe::{
    DEFAULT_EQUILIBRIUM_CAP, Equilibria, Equilibrium, Stop, TieChoice, Ties, TiesIter,
    all_equilibria, all_equilibria_of, all_equilibria_with,
};

pub use unfold::check_horizon;
