//! The Graph Model for Conflict Resolution (GMCR): a scenario read as a
//! conflict (states, each actor's unilateral moves, each actor's
//! preference), the stability of every state under Nash, GMR, SMR, SEQ
//! and (in option form) SIM, and the moves that improve on a situation.
//!
//! The files import one way, from the bottom up:
//!
//! ```text
//! improving        which available moves are unilateral improvements
//! stability        the concepts, the table, SIM, the status quo search
//! options          option form: its states and preferences, `check`
//! conflict         the states and moves found by applying the moves
//! option_moves     option form's moves, enumerated when asked for
//! error, preference
//! ```

mod conflict;
mod error;
mod improving;
mod option_moves;
mod options;
mod preference;
mod stability;
mod summary;

pub(crate) use conflict::ConflictModel;
pub use error::StabilityError;
pub use improving::improving_moves;
pub use options::{OptionCheck, option_check};
pub use preference::PreferenceSource;
pub use stability::{Concept, StabilityTable, option_stability, stability, stability_with};
pub(crate) use stability::{check_preferences, equilibria, stable_bits};
pub use summary::{StabilitySummary, StateGroup, equilibria_reachable_from};
