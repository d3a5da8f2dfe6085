//! The situation graph as Graphviz DOT: situations as nodes (outcomes
//! coloured, the frontier dashed, the path taken drawn bold), steps as
//! edges labelled with the move and, for chance results, the probability.

use std::collections::HashSet;
use std::fmt::Write;

use crate::engine::{SituationGraph, Status, StepId, turn_label};
use crate::model::Scenario;

/// DOT text for the whole graph; the steps in `path` are drawn bold.
pub fn graph_to_dot(scenario: &Scenario, graph: &SituationGraph, path: &[StepId]) -> String {
    let on_path: HashSet<StepId> = path.iter().copied().collect();
    let mut visited: HashSet<usize> = HashSet::from([graph.start().index()]);
    visited.extend(path.iter().map(|s| graph.target(*s).index()));
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
        let (label, extra) = match graph.status(id) {
            Status::Outcome(o) => {
                let outcome = scenario.outcome(o);
                (
                    format!("s{}\\n{}", id.0, escape(&outcome.label)),
                    ", fillcolor=\"#fde9b0\"".to_owned(),
                )
            }
            Status::Open => (
                format!(
                    "s{}\\n{} to move",
                    id.0,
                    escape(&turn_label(scenario, graph.turn(id)))
                ),
                String::new(),
            ),
            Status::DeadEnd => (
                format!("s{}\\ndead end", id.0),
                ", fillcolor=\"#f4c7c3\"".to_owned(),
            ),
            Status::Frontier(_) => (
                format!("s{}\\nfrontier", id.0),
                ", style=\"rounded,dashed\"".to_owned(),
            ),
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
        let dot = graph_to_dot(&scenario, &graph, &[]);
        assert!(dot.starts_with("digraph \"small\" {"));
        assert_eq!(dot.matches(" [label=\"s").count(), graph.n_situations());
        assert_eq!(dot.matches(" -> s").count(), graph.n_steps());
        assert!(dot.contains("South: Offer a deal\\nAccepted (likely (70 %))"));
        assert!(dot.trim_end().ends_with('}'));
    }
}
