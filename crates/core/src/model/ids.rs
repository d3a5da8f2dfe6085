//! Typed indices into a validated scenario's tables.
//!
//! The file names things by string ids (`"iran"`); once a scenario is
//! validated, the rest of the code refers to them by these small indices, so
//! an actor can never be confused with a variable.

use serde::{Deserialize, Serialize};

macro_rules! index_type {
    ($(#[$doc:meta])* $name:ident($inner:ty)) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub struct $name(pub $inner);

        impl $name {
            /// The position in the scenario's table.
            pub fn index(self) -> usize {
                self.0 as usize
            }
        }
    };
}

index_type!(
    /// An actor, by its position in `Scenario::actors`.
    ActorIndex(u16)
);
index_type!(
    /// A variable, by its position in `Scenario::variables`.
    VariableIndex(u16)
);
index_type!(
    /// A move, by its position in `Scenario::moves`.
    MoveIndex(u32)
);
index_type!(
    /// A chance result, by its position in its move's `results`.
    ResultIndex(u16)
);
index_type!(
    /// An outcome, by its position in `Scenario::outcomes`.
    OutcomeIndex(u32)
);

impl OutcomeIndex {
    /// How many outcomes a scenario can hold. The top few values of the
    /// index are kept free so a situation's status (open, dead end, frontier
    /// or an outcome) packs into four bytes (`engine::graph`); memory, not
    /// this number, is the real limit.
    pub const MAX_COUNT: usize = (u32::MAX - 16) as usize;
}
index_type!(
    /// A source, by its position in `Scenario::sources`.
    SourceIndex(u16)
);
