//! The debrief: the path a user or a class took, as Markdown to hand out.
//!
//! For each step: who moved, the move and its result with the likelihood,
//! the cited quote and source, what changed, the narrative, the note left
//! there, and the alternatives not taken with the outcomes they could still
//! reach; then the outcome reached (with payoffs) or where the path stops,
//! rational play from the start for comparison, the bookmarks, the
//! instructor's learning goals and the sources.

use std::fmt::Write;

use crate::analysis::{PathEnd, check_horizon, solve};
use crate::engine::{SituationGraph, SituationId, Status, StepId, changes, turn_label};
use crate::model::{Citation, Scenario};
use crate::session::Session;

/// The current path of a session as a Markdown debrief, dated `date`.
pub fn debrief(session: &Session, date: &str) -> String {
    let scenario = session.scenario();
    let graph = session.graph();
    let walk = session.walk();
    let mut out = String::new();
    let _ = writeln!(out, "# Debrief: {}\n", scenario.title);
    let _ = write!(out, "Scenario `{}`", scenario.id);
    if !scenario.as_of.is_empty() {
        let _ = write!(out, ", as of {}", scenario.as_of);
    }
    let _ = writeln!(out, ". Exported {date}.\n");
    if !scenario.summary.is_empty() {
        let _ = writeln!(out, "{}\n", scenario.summary);
    }
    if !scenario.opening.is_empty() {
        let _ = writeln!(out, "## Opening\n\n{}\n", scenario.opening);
    }
    let visits = walk.path_to(walk.current());
    if let Some(note) = visits.first().and_then(|v| walk.note(*v)) {
        let _ = writeln!(out, "> **Note:** {note}\n");
    }

    let _ = writeln!(out, "## Path\n");
    let path = session.path();
    if path.is_empty() {
        let _ = writeln!(out, "No move has been taken yet.\n");
    }
    for (k, s) in path.iter().enumerate() {
        let step = graph.step(*s);
        let m = scenario.move_(step.move_);
        let actor = &scenario.actor(step.actor).name;
        let _ = write!(out, "{}. **{actor}**: {}", k + 1, m.label);
        let result = step.result.and_then(|r| m.results.get(r.index()));
        if let Some(r) = result {
            let _ = write!(out, ", then *{}*, {}", r.label, r.probability_text());
        }
        out.push('\n');
        let mut cited: Vec<&Citation> = m.citations.iter().collect();
        if let Some(r) = result {
            cited.extend(&r.citations);
        }
        for c in cited {
            let _ = writeln!(out, "   > \"{}\" ({})", c.quote, source_text(scenario, c));
        }
        let changed = changes(graph, graph.source(*s), graph.target(*s));
        if !changed.is_empty() {
            let text = changed
                .iter()
                .map(|(i, from, to)| {
                    let v = &scenario.variables[*i];
                    format!(
                        "{}: {} → {}",
                        v.display_name(),
                        v.value_label(*from),
                        v.value_label(*to)
                    )
                })
                .collect::<Vec<_>>()
                .join("; ");
            let _ = writeln!(out, "   - Changes: {text}");
        }
        let narrative = [
            m.narrative.as_str(),
            result.map_or("", |r| r.narrative.as_str()),
        ]
        .iter()
        .filter(|n| !n.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(" ");
        if !narrative.is_empty() {
            let _ = writeln!(out, "   - {narrative}");
        }
        if let Some(note) = visits.get(k + 1).and_then(|v| walk.note(*v)) {
            let _ = writeln!(out, "   - **Note:** {note}");
        }
        let alternatives = alternatives(scenario, graph, graph.source(*s), *s);
        if !alternatives.is_empty() {
            let _ = writeln!(out, "   - Not taken: {}", alternatives.join("; "));
        }
    }
    out.push('\n');

    let current = session.current();
    match graph.status(current) {
        Status::Outcome(o) => {
            let outcome = scenario.outcome(o);
            let _ = writeln!(out, "## Outcome: {}\n", outcome.label);
            if !outcome.description.is_empty() {
                let _ = writeln!(out, "{}\n", outcome.description);
            }
            let _ = writeln!(out, "| Actor | Payoff |\n|---|---|");
            for (a, p) in scenario.actors.iter().zip(&outcome.payoffs) {
                let _ = writeln!(out, "| {} | {p} |", a.name);
            }
            out.push('\n');
            for c in &outcome.citations {
                let _ = writeln!(out, "> \"{}\" ({})\n", c.quote, source_text(scenario, c));
            }
        }
        Status::Open => {
            let _ = writeln!(
                out,
                "## Where the path stops\n\nNo outcome yet: {} to move.\n",
                turn_label(scenario, graph.turn(current))
            );
        }
        Status::DeadEnd => {
            let _ = writeln!(
                out,
                "## Where the path stops\n\nA dead end: no one can move and no outcome is met.\n"
            );
        }
        Status::Frontier(_) => {
            let _ = writeln!(
                out,
                "## Where the path stops\n\nAt the edge of what was explored.\n"
            );
        }
    }

    let _ = writeln!(out, "## Rational play, for comparison\n");
    // A horizon too long to solve in memory gets a sentence, not an abort.
    if let Err(e) = check_horizon(
        graph,
        graph.start(),
        scenario.limits.max_depth,
        scenario.actors.len(),
    ) {
        let _ = writeln!(out, "Not shown: {e}.\n");
    } else {
        rational_play(&mut out, scenario, graph, &path);
    }

    if !scenario.teaching.goals.is_empty() {
        let _ = writeln!(out, "## Learning goals\n");
        for g in &scenario.teaching.goals {
            let _ = writeln!(out, "- {g}");
        }
        out.push('\n');
    }

    if !walk.bookmarks().is_empty() {
        let _ = writeln!(out, "## Bookmarks\n");
        for b in walk.bookmarks() {
            let _ = writeln!(
                out,
                "- {} (after {} moves)",
                b.label,
                walk.path_to(b.visit).len() - 1
            );
        }
        out.push('\n');
    }

    if !scenario.sources.is_empty() {
        let _ = writeln!(out, "## Sources\n");
        for s in &scenario.sources {
            let mut line = format!("- {}", s.title);
            for part in [&s.author, &s.publisher, &s.date] {
                if !part.is_empty() {
                    let _ = write!(line, ", {part}");
                }
            }
            if let Some(link) = &s.link {
                let _ = write!(line, ". <{link}>");
            }
            let _ = writeln!(out, "{line}");
        }
    }
    out
}

/// The other moves and results available where `taken` was taken, each
/// with the outcomes it could still reach.
fn alternatives(
    scenario: &Scenario,
    graph: &SituationGraph,
    at: SituationId,
    taken: crate::engine::StepId,
) -> Vec<String> {
    graph
        .steps(at)
        .filter(|s| *s != taken)
        .map(|s| {
            let step = graph.step(s);
            let m = scenario.move_(step.move_);
            let mut text = format!("*{}: {}", scenario.actor(step.actor).name, m.label);
            if let Some(r) = step.result.and_then(|r| m.results.get(r.index())) {
                text.push_str(&format!(", then {}", r.label));
            }
            text.push('*');
            let reachable: Vec<&str> = graph
                .reachable_outcomes(graph.target(s))
                .into_iter()
                .map(|o| scenario.outcome(o).label.as_str())
                .collect();
            if reachable.is_empty() {
                text.push_str(" (no outcome reachable)");
            } else {
                text.push_str(&format!(" (could reach: {})", reachable.join(", ")));
            }
            text
        })
        .collect()
}

fn source_text(scenario: &Scenario, citation: &Citation) -> String {
    match scenario.sources.get(citation.source.index()) {
        Some(s) if !s.publisher.is_empty() => format!("{}, {}", s.title, s.publisher),
        Some(s) => s.title.clone(),
        None => String::new(),
    }
}

/// The rational-play section: the path backward induction takes from the
/// start, marked where the class took the same step, and where it ends.
fn rational_play(out: &mut String, scenario: &Scenario, graph: &SituationGraph, path: &[StepId]) {
    let solution = solve(scenario, graph);
    let rational = solution.path(graph);
    let _ = writeln!(
        out,
        "What each actor would do if it played rationally from the start (backward induction; chance moves follow their most likely result):\n"
    );
    for (k, step) in rational.steps.iter().enumerate() {
        let m = scenario.move_(step.move_);
        let _ = write!(
            out,
            "{}. {}: {}",
            k + 1,
            scenario.actor(step.actor).name,
            m.label
        );
        if let Some(r) = step.result.and_then(|r| m.results.get(r.index())) {
            let _ = write!(out, ", then *{}*, {}", r.label, r.probability_text());
        }
        let taken = path.get(k) == Some(&step.step);
        let _ = writeln!(out, "{}", if taken { " (as the class did)" } else { "" });
    }
    let end = match rational.end {
        PathEnd::Outcome(o) => scenario.outcome(o).label.clone(),
        PathEnd::DeadEnd => "a dead end".to_owned(),
        PathEnd::Frontier => "the edge of what was explored".to_owned(),
        PathEnd::Horizon => "a cycle cut by the horizon".to_owned(),
    };
    let payoffs = scenario
        .actors
        .iter()
        .zip(solution.root_payoffs())
        .map(|(a, p)| format!("{} {}", a.name, (p * 100.0).round() / 100.0))
        .collect::<Vec<_>>()
        .join(", ");
    let _ = writeln!(
        out,
        "\nRational play ends in: **{end}**. Expected payoffs: {payoffs}.\n"
    );
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::model::load_str;
    use crate::session::Action;

    #[test]
    fn debrief_lists_steps_changes_quotes_and_the_outcome() {
        let scenario = Arc::new(load_str(crate::synthetic::SMALL, "small.ron").unwrap());
        let mut session = Session::new(scenario.clone());
        let arm = scenario.move_by_id("arm").unwrap();
        session
            .apply(Action::Take {
                move_: arm,
                result: None,
            })
            .unwrap();
        session
            .apply(Action::Note {
                text: "North moves first.".into(),
            })
            .unwrap();
        let threaten = scenario.move_by_id("threaten").unwrap();
        session
            .apply(Action::Take {
                move_: threaten,
                result: None,
            })
            .unwrap();
        let text = debrief(&session, "2026-01-02");
        assert!(
            text.starts_with(
                "# Debrief: Small standoff\n\nScenario `small`. Exported 2026-01-02.\n"
            )
        );
        assert!(text.contains("1. **North**: Arm\n   > \"north arms\" (Test notes)\n   - Changes: Armed: false → true; Score: 0 → 1\n   - **Note:** North moves first.\n"), "{text}");
        assert!(text.contains("2. **South**: Threaten\n"));
        assert!(text.contains("## Outcome: War\n"));
        assert!(text.contains("| North | -5 |"));
    }
}
