//! The warning only the graph shows for judged moves: a situation where
//! the judged likelihoods of the moves available together add up to more
//! than 1, or to less than 1 with no unjudged move to take the rest, so
//! the forecast scales them (see [`crate::model::forecast_shares`]).

use super::describe::{route_ids, turn_label, values_ids};
use super::graph::{SituationGraph, SituationId, Status};
use crate::model::{Diagnostic, Fit, MoveIndex, Scenario, Severity, forecast_shares};

/// Each open situation with its distinct available moves (in step order)
/// and the author's judged probability of each, the decisions the
/// judgement warnings look at. O(situations + steps).
pub(super) fn judged_decisions<'a>(
    scenario: &'a Scenario,
    graph: &'a SituationGraph,
) -> impl Iterator<Item = (SituationId, Vec<MoveIndex>, Vec<Option<f64>>)> + 'a {
    graph
        .situations()
        .filter(move |id| graph.status(*id) == Status::Open)
        .map(move |id| {
            let mut moves: Vec<MoveIndex> = Vec::new();
            for step in graph.steps(id) {
                let m = graph.step(step).move_;
                if moves.last() != Some(&m) {
                    moves.push(m);
                }
            }
            let judged = moves
                .iter()
                .map(|m| {
                    scenario
                        .moves
                        .get(m.index())
                        .and_then(|x| x.likelihood)
                        .map(|l| l.probability)
                })
                .collect();
            (id, moves, judged)
        })
}

/// How many situations are reported one by one; the rest are counted.
const MAX_SHOWN: usize = 3;

/// One warning per distinct set of moves whose judgements are scaled (the
/// first situation met breadth first, with the path to it), at most
/// [`MAX_SHOWN`], then a count. O(situations + steps).
pub(super) fn scaled_judgements(scenario: &Scenario, graph: &SituationGraph) -> Vec<Diagnostic> {
    if scenario.moves.iter().all(|m| m.likelihood.is_none()) {
        return Vec::new();
    }
    let mut shares = Vec::new();
    let mut seen: Vec<Vec<MoveIndex>> = Vec::new();
    let mut found = Vec::new();
    let mut n_situations = 0usize;
    // Situations are numbered breadth first from the start, so the lowest
    // id with a set of moves is the nearest.
    for (id, moves, judged) in judged_decisions(scenario, graph) {
        let Fit::Scaled { total } = forecast_shares(&judged, &mut shares) else {
            continue;
        };
        n_situations += 1;
        if seen.contains(&moves) {
            continue;
        }
        seen.push(moves.clone());
        found.push((id, moves.clone(), total));
    }
    if found.is_empty() {
        return Vec::new();
    }

    let origin = &scenario.origin;
    let parents = graph.shortest_path_tree();
    let mut out = Vec::new();
    for (id, moves, total) in found.iter().take(MAX_SHOWN) {
        let judged: Vec<&MoveIndex> = moves
            .iter()
            .filter(|m| scenario.move_(**m).likelihood.is_some())
            .collect();
        let parts: Vec<String> = judged
            .iter()
            .filter_map(|m| {
                let m = scenario.move_(**m);
                m.likelihood.map(|l| format!("{}: {}", m.id, l.text()))
            })
            .collect();
        let has_unjudged = judged.len() < moves.len();
        let sum = crate::model::format_percent((total * 1e6).round() / 1e6);
        let (message, expected, hint) = if *total > 1.0 || has_unjudged {
            (
                format!(
                    "judged moves available together add up to {sum} ({}); the forecast scales them to sum to 100 %",
                    parts.join(" + ")
                ),
                "judged likelihoods that add up to at most 100 % where their moves are available together",
                "lower one of the judgements, or guard the moves so that fewer are available together",
            )
        } else {
            (
                format!(
                    "judged moves available together add up to {sum} ({}) and no move without a judgement takes the rest; the forecast scales them to sum to 100 %",
                    parts.join(" + ")
                ),
                "judged likelihoods that add up to 100 % where every available move is judged",
                "raise one of the judgements, or leave one move without a judgement to take the rest",
            )
        };
        let first = judged.first().map_or(0, |m| m.index());
        let path = graph.path_to(&parents, *id);
        let route = route_ids(scenario, graph, &path);
        let values = graph.values(*id);
        let state = values_ids(scenario, &values);
        out.push(
            origin
                .diagnostic(
                    Severity::Warning,
                    &format!("moves[{first}].likelihood"),
                    message,
                )
                .expected(expected)
                .hint(hint)
                .note(format!("path: {route}"))
                .note(format!(
                    "situation: {state}; {} to move",
                    turn_label(scenario, graph.turn(*id))
                )),
        );
    }
    if found.len() > MAX_SHOWN {
        out.push(origin.diagnostic(
            Severity::Warning,
            "moves",
            format!(
                "judged moves are scaled in {} more situations not shown ({n_situations} in all)",
                n_situations - MAX_SHOWN.min(n_situations)
            ),
        ));
    }
    out
}
