//! `demarche check FILE...`: validate, expand, and report every error and
//! warning with its position and a hint.

use std::io::Write;

use super::{CheckArgs, Status};
use crate::engine::{Status as SituationStatus, expand, lint};
use crate::model::{Diagnostics, LoadError, load_file};

pub(super) fn run(args: &CheckArgs, out: &mut dyn Write) -> anyhow::Result<Status> {
    let mut failed = false;
    for path in &args.files {
        let diagnostics = match load_file(path) {
            Ok(scenario) => {
                let graph = expand(&scenario);
                let warnings = lint(&scenario, &graph);
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
