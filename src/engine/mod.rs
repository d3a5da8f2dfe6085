//! The engine: a scenario expanded into a graph of situations.
//!
//! [`expand`] builds the whole graph within the scenario's limits;
//! [`SituationGraph::expand_from`] grows it on demand from one situation,
//! with progress and cancel; [`SituationGraph::explicit`] takes a graph
//! given situation by situation instead (a game tree read from a file).
//! [`lint`] finds what only the graph shows: dead ends, outcomes no path
//! reaches, moves never available, limits reached.

mod describe;
mod expand;
mod graph;
mod judged;
mod lint;
mod situation;

pub use describe::{changes, step_ids, step_label, turn_label};
pub use expand::{Cancelled, ExpandReport, Progress, expand, expand_with, opening_turn};
pub use graph::{
    ExplicitGraph, ExplicitGraphError, FrontierReason, Node, SituationGraph, SituationId, Status,
    Step, StepId,
};
pub use lint::lint;
pub use situation::{Codec, Turn};
