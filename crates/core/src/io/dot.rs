//! The situation graph as Graphviz DOT: situations as nodes labelled as
//! the map labels them (the move that led there, or the node's name in a
//! game file; the outcome and its payoffs; who moves), outcomes coloured,
//! the frontier dashed, the path taken drawn bold; steps as edges labelled
//! with the move and, for chance results, the probability. The `s4` node
//! names are Graphviz's own and never drawn.

use std::collections::HashSet;
use std::fmt::Write;

use super::GameFile;
use crate::engine::{MapLayout, SituationGraph, Status, StepId, situation_label, turn_label};
use crate::model::Scenario;

/// DOT text for the whole graph; the steps in `path` are drawn bold, and
/// a game file's node names label its nodes.
pub fn graph_to_dot(
    scenario: &Scenario,
    graph: &SituationGraph,
    path: &[StepId],
    game: GameFile<'_>,
) -> String {
    let on_path: HashSet<StepId> = path.iter().copied().collect();
    let mut visited: HashSet<usize> = HashSet::from([graph.start().index()]);
    visited.extend(path.iter().map(|s| graph.target(*s).index()));
    let layout = match game.names {
        Some(names) => MapLayout::new(graph).with_names(names.clone()),
        None => MapLayout::new(graph),
    };
    let mut out = String::new();
    let _ = writeln!(out, "digraph \"{}\" {{", escape(&scenario.id));
    let _ = writeln!(
        out,
        "  label=\"{}\";\n  labelloc=t;\n  rankdir=TB;",
        escape(&scenario.title)
    );
    let _ = writeln!(
        out,
        "  node [shape=box, style=\"rounded,filled\", fillcolor=\"#ffffff\", fontname=\"sans-serif\"];"
    );
    let _ = writeln!(out, "  edge [fontname=\"sans-serif\", fontsize=10];");
    for id in graph.situations() {
        let name = escape(&situation_label(scenario, graph, &layout, id));
        let (label, extra) = match graph.status(id) {
            Status::Outcome(_) => (name, ", fillcolor=\"#fde9b0\""),
            Status::Open => (
                format!(
                    "{name}\\n{} to move",
                    escape(&turn_label(scenario, graph.turn(id)))
                ),
                "",
            ),
            Status::DeadEnd => (name, ", fillcolor=\"#f4c7c3\""),
            Status::Frontier(_) => (name, ", style=\"rounded,dashed\""),
        };
        let bold = if visited.contains(&id.index()) {
            ", penwidth=2.5"
        } else {
            ""
        };
        let _ = writeln!(out, "  s{} [label=\"{label}\"{extra}{bold}];", id.0);
    }
    for id in graph.situations() {
        for s in graph.steps(id) {
            let step = graph.step(s);
            let m = scenario.move_(step.move_);
            let mut label = format!("{}: {}", scenario.actor(step.actor).name, m.label);
            if let Some(r) = step.result.and_then(|r| m.results.get(r.index())) {
                let _ = write!(label, "\\n{} ({})", r.label, r.probability_text());
            }
            let bold = if on_path.contains(&s) {
                ", penwidth=2.5"
            } else {
                ""
            };
            let _ = writeln!(
                out,
                "  s{} -> s{} [label=\"{}\"{bold}];",
                id.0,
                graph.target(s).0,
                escape(&label).replace("\\\\n", "\\n")
            );
        }
    }
    out.push_str("}\n");
    out
}

/// Escapes text for a double-quoted DOT string.
fn escape(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', " ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::expand;
    use crate::model::load_str;

    #[test]
    fn dot_has_every_situation_and_step() {
        let scenario = load_str(crate::synthetic::SMALL, "small.ron").unwrap();
        let graph = expand(&scenario);
        let dot = graph_to_dot(&scenario, &graph, &[], GameFile::default());
        assert!(dot.starts_with("digraph \"small\" {"));
        let nodes = dot
            .lines()
            .filter(|l| l.contains(" [label=\"") && !l.contains(" -> "))
            .count();
        assert_eq!(nodes, graph.n_situations());
        // Labels, not ids: the start and where a move led, as the map
        // says them.
        assert!(dot.contains("  s0 [label=\"Start\\n"), "{dot}");
        assert!(!dot.contains("label=\"s"), "{dot}");
        assert_eq!(dot.matches(" -> s").count(), graph.n_steps());
        assert!(dot.contains("South: Offer a deal\\nAccepted (likely (70 %))"));
        assert!(dot.trim_end().ends_with('}'));
    }
}
