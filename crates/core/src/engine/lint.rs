//! Warnings that only the expanded graph shows: outcomes no path reaches,
//! moves never available, dead ends (with a path that leads there), limits
//! reached (with counts), judged moves scaled to sum to 1 (with a path) and
//! unjudged moves taking a large share of a judged decision (with a path);
//! and one that needs no graph, sources dated after `as_of` (hindsight).
//! Each points at the part of the file it is about.

use super::describe::{route_ids, turn_label, values_ids};
use super::graph::{FrontierReason, SituationGraph, Status};
use super::judged::judged_decisions;
use crate::model::{
    Diagnostic, Fit, MoveIndex, Scenario, Severity, forecast_shares, format_percent,
};

/// An unjudged move beside judged ones may take at most this share of the
/// decision before `check` warns: beyond it, a number nobody stated weighs
/// on the forecast.
pub const MAX_UNJUDGED_SHARE: f64 = 0.25;

/// How many dead ends are reported one by one; the rest are counted.
const MAX_DEAD_ENDS_SHOWN: usize = 3;

/// The warnings for a scenario and its expanded graph. O(situations + steps).
pub fn lint(scenario: &Scenario, graph: &SituationGraph) -> Vec<Diagnostic> {
    let origin = &scenario.origin;
    let warn = |path: &str, message: String| origin.diagnostic(Severity::Warning, path, message);
    let mut out = Vec::new();

    let mut outcome_reached = vec![false; scenario.outcomes.len()];
    let mut move_used = vec![false; scenario.moves.len()];
    let mut dead_ends = Vec::new();
    let (mut n_depth, mut n_limit, mut n_unexpanded) = (0usize, 0usize, 0usize);
    for id in graph.situations() {
        match graph.status(id) {
            Status::Outcome(o) => outcome_reached[o.index()] = true,
            Status::DeadEnd => dead_ends.push(id),
            Status::Frontier(FrontierReason::Depth) => n_depth += 1,
            Status::Frontier(FrontierReason::SituationLimit) => n_limit += 1,
            Status::Frontier(FrontierReason::NotExpanded) => n_unexpanded += 1,
            Status::Open => {}
        }
        for s in graph.steps(id) {
            move_used[graph.step(s).move_.index()] = true;
        }
    }
    let complete = n_depth + n_limit + n_unexpanded == 0;
    let within = if complete {
        String::new()
    } else {
        " within the exploration limits".to_owned()
    };

    for (i, reached) in outcome_reached.iter().enumerate() {
        if !reached {
            let o = &scenario.outcomes[i];
            out.push(
                warn(
                    &format!("outcomes[{i}].when"),
                    format!("outcome \"{}\" is never reached{within}", o.id),
                )
                .expected("a situation that meets its condition")
                .hint(if complete {
                    "check that some moves can make the condition true, and that an earlier outcome does not always match first".to_owned()
                } else {
                    "raise limits.max_depth or limits.max_situations, or check its condition".to_owned()
                }),
            );
        }
    }

    // In option form the moves are not written but follow from the
    // options, one per combination; those no state leads to are expected.
    let moves_written = scenario.conflict.is_none();
    for (i, used) in move_used.iter().enumerate() {
        if !used && moves_written {
            let m = &scenario.moves[i];
            out.push(
                warn(
                    &format!("moves[{i}].id"),
                    format!("move \"{}\" is never available{within}", m.id),
                )
                .expected(format!(
                    "a situation where it is {}'s turn and its condition holds",
                    scenario.actor(m.actor).id
                ))
                .hint("check its condition and the turn rule; an outcome may also end every branch first"),
            );
        }
    }

    if !dead_ends.is_empty() {
        let parents = graph.shortest_path_tree();
        for &id in dead_ends.iter().take(MAX_DEAD_ENDS_SHOWN) {
            let path = graph.path_to(&parents, id);
            let turn = super::describe::turn_label(scenario, graph.turn(id));
            let last_move = path
                .last()
                .map(|s| format!("moves[{}].id", graph.step(*s).move_.index()))
                .unwrap_or_default();
            let route = route_ids(scenario, graph, &path);
            let values = graph.values(id);
            let state = values_ids(scenario, &values);
            let mut d = warn(
                &last_move,
                format!("dead end: {turn} has no available move and no outcome is met"),
            )
            .expected("an available move or an outcome in every situation")
            .hint("add a move for this situation, an outcome that covers it, or a `next` that hands the turn on")
            .note(format!("path: {route}"))
            .note(format!("situation: {state}"));
            if path.is_empty() {
                d = d.with_path("opening");
            }
            out.push(d);
        }
        if dead_ends.len() > MAX_DEAD_ENDS_SHOWN {
            out.push(warn(
                "moves",
                format!(
                    "{} more dead ends not shown ({} in all)",
                    dead_ends.len() - MAX_DEAD_ENDS_SHOWN,
                    dead_ends.len()
                ),
            ));
        }
    }

    if n_depth > 0 {
        out.push(
            warn(
                "limits.max_depth",
                format!(
                    "depth limit {} reached: {} left unexpanded ({} in all)",
                    scenario.limits.max_depth,
                    plural(n_depth, "situation"),
                    plural(graph.n_situations(), "situation"),
                ),
            )
            .expected("every branch ending in an outcome within the depth limit")
            .hint("raise limits.max_depth, or make sure repeated moves lead to an outcome"),
        );
    }
    if n_limit > 0 {
        out.push(
            warn(
                "limits.max_situations",
                format!(
                    "situation limit {} reached: {} left unexpanded",
                    scenario.limits.max_situations,
                    plural(n_limit, "situation"),
                ),
            )
            .expected("a graph within the situation limit")
            .hint("raise limits.max_situations, or guard moves so the situations stay few"),
        );
    }
    out.extend(super::judged::scaled_judgements(scenario, graph));
    out.extend(large_unjudged_shares(scenario, graph));
    out.extend(super::hindsight::sources_after_as_of(scenario));
    out.sort_by_key(|d| (d.line, d.column));
    out
}

/// One warning per distinct set of moves where some are judged and an
/// unjudged one takes more than [`MAX_UNJUDGED_SHARE`] of the decision
/// (the nearest situation, with the path to it), at most
/// [`MAX_DEAD_ENDS_SHOWN`], then a count. Every situation of the graph is
/// reached from the start, so the forecast depends on each. O(situations
/// + steps).
fn large_unjudged_shares(scenario: &Scenario, graph: &SituationGraph) -> Vec<Diagnostic> {
    if scenario.moves.iter().all(|m| m.likelihood.is_none()) {
        return Vec::new();
    }
    let mut shares = Vec::new();
    let mut seen: Vec<Vec<MoveIndex>> = Vec::new();
    let mut found = Vec::new();
    let mut n_situations = 0usize;
    for (id, moves, judged) in judged_decisions(scenario, graph) {
        if judged.iter().all(Option::is_some) || judged.iter().all(Option::is_none) {
            continue;
        }
        if forecast_shares(&judged, &mut shares) != Fit::AsJudged {
            // Scaled judgements have a warning of their own.
            continue;
        }
        let Some((k, share)) = judged
            .iter()
            .zip(&shares)
            .enumerate()
            .filter(|(_, (j, _))| j.is_none())
            .map(|(k, (_, s))| (k, *s))
            .find(|(_, s)| *s > MAX_UNJUDGED_SHARE + 1e-12)
        else {
            continue;
        };
        n_situations += 1;
        if seen.contains(&moves) {
            continue;
        }
        seen.push(moves.clone());
        let remainder = 1.0 - judged.iter().flatten().sum::<f64>();
        found.push((id, moves[k], share, remainder));
    }
    let origin = &scenario.origin;
    let parents = graph.shortest_path_tree();
    let mut out = Vec::new();
    for (id, m, share, remainder) in found.iter().take(MAX_DEAD_ENDS_SHOWN) {
        let mv = scenario.move_(*m);
        let actor = scenario.actor(mv.actor).display_name();
        let share = format_percent((share * 1e4).round() / 1e4);
        let remainder = format_percent((remainder * 1e4).round() / 1e4);
        let path = graph.path_to(&parents, *id);
        let route = route_ids(scenario, graph, &path);
        let values = graph.values(*id);
        let state = values_ids(scenario, &values);
        out.push(
            origin
                .diagnostic(
                    Severity::Warning,
                    &format!("moves[{}].id", m.index()),
                    format!(
                        "move \"{}\" has no judgement but takes {share} of {actor}'s decision, a share nobody stated",
                        mv.id
                    ),
                )
                .expected(format!(
                    "unjudged moves beside judged ones taking at most {} of a decision",
                    format_percent(MAX_UNJUDGED_SHARE)
                ))
                .hint(format!(
                    "judge \"{}\" if a source supports a likelihood for it; otherwise its interval runs from 0 to {remainder} (all the judgements leave) and the point forecast leans on an even split nobody stated",
                    mv.id
                ))
                .note(format!("path: {route}"))
                .note(format!(
                    "situation: {state}; {} to move",
                    turn_label(scenario, graph.turn(*id))
                )),
        );
    }
    if found.len() > MAX_DEAD_ENDS_SHOWN {
        out.push(origin.diagnostic(
            Severity::Warning,
            "moves",
            format!(
                "unjudged moves take a large share in {} more situations not shown ({n_situations} in all)",
                n_situations - MAX_DEAD_ENDS_SHOWN.min(n_situations)
            ),
        ));
    }
    out
}

fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}
