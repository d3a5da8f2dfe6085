//! `demarche tree FILE`: the branch tree as indented text.
//!
//! The graph may merge and cycle, so each situation's moves are printed the
//! first time it appears; later appearances say "see above". Indentation
//! stops growing [`MAX_INDENTED_DEPTH`] moves deep (a line says so), so the
//! output of a game thousands of moves deep grows with its size, not with
//! the square of its depth.

use std::io::Write;

use super::{Status, TreeArgs, open};
use crate::engine::{
    FrontierReason, SituationGraph, SituationId, Status as SituationStatus, turn_label,
};
use crate::model::Scenario;

pub(super) fn run(args: &TreeArgs, out: &mut dyn Write) -> anyhow::Result<Status> {
    let opened = open(&args.file)?;
    let (scenario, graph) = (opened.scenario, opened.graph);
    let max_depth = args.depth.unwrap_or(scenario.limits.max_depth);
    writeln!(
        out,
        "{} ({} situations, {} steps)",
        scenario.title,
        graph.n_situations(),
        graph.n_steps()
    )?;
    let mut printer = Printer {
        scenario: &scenario,
        graph: &graph,
        shown: vec![false; graph.n_situations()],
        max_depth,
        out,
    };
    let start = graph.start();
    let line = printer.describe(start);
    writeln!(printer.out, "{line}")?;
    printer.print_below(start)?;
    for note in &opened.notes {
        writeln!(out, "note: {note}")?;
    }
    Ok(Status::Success)
}

/// Moves below the start past which lines are no longer indented further.
pub(crate) const MAX_INDENTED_DEPTH: u32 = 50;

/// The lines still to print below one situation.
struct Frame {
    depth: u32,
    lines: Vec<Line>,
}

enum Line {
    /// Printed as it is.
    Text(String),
    /// A step: `prefix` then the target's description, then the tree
    /// below the target indented by `indent`.
    To {
        prefix: String,
        target: SituationId,
        indent: String,
    },
}

struct Printer<'a> {
    scenario: &'a Scenario,
    graph: &'a SituationGraph,
    shown: Vec<bool>,
    max_depth: u32,
    out: &'a mut dyn Write,
}

impl Printer<'_> {
    /// `s4 (Iran to move)`, `s9 outcome "deal": Deal restored [us 8, ...]`.
    fn describe(&self, id: SituationId) -> String {
        let name = format!("s{}", id.0);
        match self.graph.status(id) {
            SituationStatus::Open => {
                format!(
                    "{name} ({} to move)",
                    turn_label(self.scenario, self.graph.turn(id))
                )
            }
            SituationStatus::Outcome(o) => {
                let outcome = self.scenario.outcome(o);
                let payoffs = self
                    .scenario
                    .actors
                    .iter()
                    .zip(&outcome.payoffs)
                    .map(|(a, p)| format!("{} {}", a.name, crate::model::read_number(*p)))
                    .collect::<Vec<_>>()
                    .join(", ");
                format!(
                    "{name} OUTCOME {} [{}]: {payoffs}",
                    outcome.label, outcome.id
                )
            }
            SituationStatus::DeadEnd => format!(
                "{name} DEAD END ({} has no move)",
                turn_label(self.scenario, self.graph.turn(id))
            ),
            SituationStatus::Frontier(reason) => format!(
                "{name} FRONTIER ({})",
                match reason {
                    FrontierReason::Depth => "depth limit",
                    FrontierReason::SituationLimit => "situation limit",
                    FrontierReason::NotExpanded => "not expanded",
                }
            ),
        }
    }

    /// Prints the tree below `root`, depth first in file order. Iterative,
    /// so a game thousands of moves deep does not exhaust the stack.
    fn print_below(&mut self, root: SituationId) -> std::io::Result<()> {
        let mut stack: Vec<Frame> = Vec::new();
        if let Some(frame) = self.enter(root, String::new(), 0)? {
            stack.push(frame);
        }
        while let Some(frame) = stack.last_mut() {
            let Some(line) = frame.lines.pop() else {
                stack.pop();
                continue;
            };
            let depth = frame.depth + 1;
            match line {
                Line::Text(text) => writeln!(self.out, "{text}")?,
                Line::To {
                    prefix,
                    target,
                    indent,
                } => {
                    // Whether `target` was shown is known only now, after
                    // the branches printed before it.
                    writeln!(self.out, "{prefix}{}", self.target_text(target))?;
                    if let Some(below) = self.enter(target, indent, depth)? {
                        stack.push(below);
                    }
                }
            }
        }
        Ok(())
    }

    /// The lines for the moves out of `id`, or `None` when there is
    /// nothing (more) to print below it.
    fn enter(
        &mut self,
        id: SituationId,
        indent: String,
        depth: u32,
    ) -> std::io::Result<Option<Frame>> {
        if self.shown[id.index()] {
            return Ok(None);
        }
        self.shown[id.index()] = true;
        let moves = self.graph.moves(id);
        if moves.is_empty() {
            return Ok(None);
        }
        if depth >= self.max_depth {
            writeln!(
                self.out,
                "{indent}└─ ... (deeper than --depth {})",
                self.max_depth
            )?;
            return Ok(None);
        }
        let mut lines = Vec::new();
        // Past the indented depth, children keep their parent's indent.
        let flat = depth >= MAX_INDENTED_DEPTH;
        if depth == MAX_INDENTED_DEPTH {
            lines.push(Line::Text(format!(
                "{indent}(more than {MAX_INDENTED_DEPTH} moves deep: the lines below are not indented further)"
            )));
        }
        let grow = |indent: &str, more: &str| {
            if flat {
                indent.to_owned()
            } else {
                format!("{indent}{more}")
            }
        };
        for (k, move_) in moves.iter().enumerate() {
            let last = k + 1 == moves.len();
            let (branch, next_indent) = if last {
                ("└─ ", grow(&indent, "   "))
            } else {
                ("├─ ", grow(&indent, "│  "))
            };
            let m = self.scenario.move_(*move_);
            let actor = &self.scenario.actor(m.actor).name;
            let steps: Vec<_> = self
                .graph
                .steps(id)
                .filter(|s| self.graph.step(*s).move_ == *move_)
                .collect();
            if m.results.is_empty() {
                let Some(step) = steps.first() else { continue };
                lines.push(Line::To {
                    prefix: format!("{indent}{branch}{actor}: {} [{}] -> ", m.label, m.id),
                    target: self.graph.target(*step),
                    indent: next_indent,
                });
            } else {
                lines.push(Line::Text(format!(
                    "{indent}{branch}{actor}: {} [{}]",
                    m.label, m.id
                )));
                for (j, step) in steps.iter().enumerate() {
                    let last_result = j + 1 == steps.len();
                    let (result_branch, result_indent) = if last_result {
                        ("└─ ", grow(&next_indent, "   "))
                    } else {
                        ("├─ ", grow(&next_indent, "│  "))
                    };
                    let s = self.graph.step(*step);
                    let Some(r) = s.result.and_then(|r| m.results.get(r.index())) else {
                        continue;
                    };
                    lines.push(Line::To {
                        prefix: format!(
                            "{next_indent}{result_branch}{}: {} [{}] -> ",
                            r.probability_text(),
                            r.label,
                            r.id
                        ),
                        target: self.graph.target(*step),
                        indent: result_indent,
                    });
                }
            }
        }
        // Popped from the end, so kept last first.
        lines.reverse();
        Ok(Some(Frame { depth, lines }))
    }

    fn target_text(&self, id: SituationId) -> String {
        let text = self.describe(id);
        if self.shown[id.index()] && self.graph.status(id) == SituationStatus::Open {
            format!("{text}, see above")
        } else {
            text
        }
    }
}
