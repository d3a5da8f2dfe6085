//! `demarche check FILE...`: validate, expand, and report every error and
//! warning with its position and a hint. A Gambit game (`.efg`) is read and
//! its tree built; its graph has no rules to warn about, so it is "ok",
//! with a note for each information set analysis cannot handle.

use std::io::Write;

use super::{CheckArgs, Status};
use crate::engine::{Status as SituationStatus, lint, try_expand};
use crate::io::{Opened, open_scenario};
use crate::model::{Diagnostics, LoadError};

pub(super) fn run(args: &CheckArgs, out: &mut dyn Write) -> anyhow::Result<Status> {
    let mut failed = false;
    for path in &args.files {
        let diagnostics = match open_scenario(path) {
            Ok(Opened {
                scenario,
                graph,
                notes,
                ..
            }) => {
                let (graph, warnings) = match graph {
                    Some(graph) => (graph, Vec::new()),
                    None => match try_expand(&scenario) {
                        Ok(graph) => {
                            let warnings = lint(&scenario, &graph);
                            (graph, warnings)
                        }
                        Err(e) => {
                            writeln!(out, "{}: error: {e}", path.display())?;
                            failed = true;
                            continue;
                        }
                    },
                };
                if warnings.is_empty() {
                    let n_outcomes = graph
                        .situations()
                        .filter(|id| matches!(graph.status(*id), SituationStatus::Outcome(_)))
                        .count();
                    writeln!(
                        out,
                        "{}: ok: \"{}\", {} situations, {} steps, {} ending in an outcome",
                        path.display(),
                        scenario.title,
                        graph.n_situations(),
                        graph.n_steps(),
                        n_outcomes
                    )?;
                    for note in &notes {
                        writeln!(out, "{}: note: {note}", path.display())?;
                    }
                    continue;
                }
                Diagnostics(warnings)
            }
            Err(LoadError::Invalid(diagnostics)) => diagnostics,
            Err(e @ LoadError::Read { .. }) => {
                writeln!(out, "{}: error: {e}", path.display())?;
                failed = true;
                continue;
            }
        };
        writeln!(out, "{diagnostics}")?;
        if diagnostics.has_errors() || (args.deny_warnings && diagnostics.n_warnings() > 0) {
            failed = true;
        }
    }
    Ok(if failed {
        Status::Failure
    } else {
        Status::Success
    })
}
