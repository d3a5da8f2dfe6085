//! Short texts for steps and situations, shared by messages, the command
//! line and the app.

use super::graph::{SituationGraph, SituationId, Step};
use super::situation::Turn;
use crate::model::{ActorIndex, MoveIndex, ResultIndex, Scenario};

/// `iran demand_full_relief -> us_walks` : ids, for paths in messages.
pub fn step_ids(scenario: &Scenario, step: &Step) -> String {
    let m = scenario.move_(step.move_);
    let actor = &scenario.actor(step.actor).id;
    match step.result.and_then(|r| m.results.get(r.index())) {
        Some(r) => format!("{actor} {} -> {}", m.id, r.id),
        None => format!("{actor} {}", m.id),
    }
}

/// A path in ids for a message: `iran demand -> walk, us sanction`, or
/// "the opening situation" for no steps.
pub fn route_ids(scenario: &Scenario, graph: &SituationGraph, path: &[super::StepId]) -> String {
    if path.is_empty() {
        return "the opening situation".to_owned();
    }
    path.iter()
        .map(|s| step_ids(scenario, graph.step(*s)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A situation's values in ids for a message: `talks = open, tension = 2`.
pub fn values_ids(scenario: &Scenario, values: &[i64]) -> String {
    scenario
        .variables
        .iter()
        .zip(values)
        .map(|(v, x)| format!("{} = {}", v.id, v.domain.display(*x)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The string ids of a step's actor, move and result, as files and JSON
/// name them: `("iran", "demand_all", Some("walk_away"))`.
pub fn step_id_parts(
    scenario: &Scenario,
    actor: ActorIndex,
    move_: MoveIndex,
    result: Option<ResultIndex>,
) -> (String, String, Option<String>) {
    let m = scenario.move_(move_);
    (
        scenario.actor(actor).id.clone(),
        m.id.clone(),
        result
            .and_then(|r| m.results.get(r.index()))
            .map(|r| r.id.clone()),
    )
}

/// `Iran: Demand all sanctions lifted -> The U.S. walks away (likely, 70 %)`.
pub fn step_label(scenario: &Scenario, step: &Step) -> String {
    let m = scenario.move_(step.move_);
    let actor = &scenario.actor(step.actor).name;
    match step.result.and_then(|r| m.results.get(r.index())) {
        Some(r) => format!(
            "{actor}: {} -> {} ({})",
            m.label,
            r.label,
            r.probability_text()
        ),
        None => format!("{actor}: {}", m.label),
    }
}

/// Whose turn it is, in words.
pub fn turn_label(scenario: &Scenario, turn: Turn) -> String {
    match turn {
        Turn::Actor(a) => scenario.actor(a).name.clone(),
        Turn::Anyone => "anyone".to_owned(),
    }
}

/// The variables whose values differ between two situations, as
/// `(variable index, before, after)` stored values.
pub fn changes(
    graph: &SituationGraph,
    from: SituationId,
    to: SituationId,
) -> Vec<(usize, i64, i64)> {
    let before = graph.values(from);
    let after = graph.values(to);
    before
        .iter()
        .zip(&after)
        .enumerate()
        .filter(|(_, (a, b))| a != b)
        .map(|(i, (a, b))| (i, *a, *b))
        .collect()
}
