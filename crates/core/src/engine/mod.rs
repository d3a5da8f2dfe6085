//! The engine: a scenario expanded into a graph of situations.
//!
//! [`expand`] builds the whole graph within the scenario's limits;
//! [`SituationGraph::expand_from`] grows it on demand from one situation,
//! with progress and cancel; [`SituationGraph::explicit`] takes a graph
//! given situation by situation instead (a game tree read from a file).
//! Both stop with [`TooLarge`] past the [`memory_budget`] rather than
//! exhaust the machine's memory.
//! [`InformationSet`]s are the situations a player of a game cannot tell
//! apart ([`reachable_information_sets`] finds those analysis would meet).
//! [`lint`] finds what only the graph shows: dead ends, outcomes no path
//! reaches, moves never available, limits reached, sources dated after
//! the scenario's `as_of` (hindsight). [`MapLayout`] places
//! every situation for the map, the same picture in the app and the SVG
//! export.

mod budget;
mod describe;
mod expand;
mod graph;
mod hindsight;
mod information_set;
mod judged;
mod layout;
mod lint;
mod situation;

pub use budget::{
    Budget, DEFAULT_MEMORY_BUDGET, MEMORY_MARGIN, MachineMemory, MemoryLimit, ScopedBudget,
    TooLarge, current_budget, format_bytes, graph_bytes, machine_budget, memory_budget,
    memory_granted, memory_limit, scoped_budget, scoped_memory_budget, set_budget,
    set_memory_budget,
};
pub use describe::{changes, route_ids, step_id_parts, step_ids, step_label, turn_label};
pub use expand::{
    Cancelled, ExpandError, ExpandReport, Progress, expand, expand_with, opening_turn, try_expand,
};
pub use graph::{
    ExplicitGraph, ExplicitGraphError, FrontierReason, Node, SituationGraph, SituationId, Status,
    Step, StepId,
};
pub use information_set::{InformationSet, reachable_information_sets};
pub use layout::{
    MapLayout, Mover, NodeShape, SituationNames, mover, shape_of, shape_points, situation_label,
    step_text,
};
pub use lint::lint;
pub use situation::{Codec, Turn};
