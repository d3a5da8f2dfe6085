//! `demarche check FILE...`: validate, expand, and report every error and
//! warning with its position and a hint. A Gambit game (`.efg`) is read and
//! its tree built; its graph has no rules to warn about, so it is "ok",
//! with a note for each information set analysis cannot handle.

use std::io::Write;

use super::{CheckArgs, Status};
use crate::analysis::option_check;
use crate::engine::{Status as SituationStatus, lint};
use crate::io::{Expanded, LoadError, ScenarioSource, open};
use crate::model::Diagnostics;

pub(super) fn run(args: &CheckArgs, out: &mut dyn Write) -> anyhow::Result<Status> {
    let mut failed = false;
    for path in &args.files {
        let diagnostics = match open(&ScenarioSource::File(path.clone())) {
            Ok(opened) if opened.scenario.conflict.is_some() => {
                // In option form the states come from the options alone.
                let Some(check) = option_check(&opened.scenario) else {
                    continue;
                };
                if check.diagnostics.is_empty() {
                    writeln!(
                        out,
                        "{}: ok: \"{}\", a conflict in option form: {} feasible states of {} combinations, {} moves",
                        path.display(),
                        opened.scenario.title,
                        check.states,
                        check.combinations,
                        check.moves
                    )?;
                    continue;
                }
                Diagnostics(check.diagnostics)
            }
            Ok(opened) => {
                let Expanded {
                    scenario,
                    graph,
                    notes,
                    is_game,
                    ..
                } = match opened.try_expand() {
                    Ok(expanded) => expanded,
                    Err(e) => {
                        writeln!(out, "{}: error: {e}", path.display())?;
                        failed = true;
                        continue;
                    }
                };
                // A game's tree has no rules to warn about.
                let warnings = if is_game {
                    Vec::new()
                } else {
                    lint(&scenario, &graph)
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
            Err(e) => {
                writeln!(out, "{}: error: {}", path.display(), e.problem())?;
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
