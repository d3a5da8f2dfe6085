//! `demarche play FILE --moves a,b,c`: take moves from the start through a
//! session, print each step (actor, move, result, changed variables,
//! narrative) and where the path ends: the outcome reached, the moves now
//! available, or the chance results of a move whose result was not picked.

use std::io::Write;
use std::sync::Arc;

use serde::Serialize;

use super::{PlayArgs, Status, open};
use crate::engine::{Status as SituationStatus, changes};
use crate::model::{Move, Scenario};
use crate::session::Session;

/// The JSON output of `play`.
#[derive(Debug, Serialize)]
struct Played {
    scenario: String,
    steps: Vec<PlayedStep>,
    end: Ending,
}

#[derive(Debug, Serialize)]
struct PlayedStep {
    actor: String,
    #[serde(rename = "move")]
    move_: String,
    result: Option<String>,
    probability: f64,
    changes: Vec<Change>,
    narrative: String,
}

/// A variable's change: its id and values as the file writes them, and
/// its label and the values' labels, for people.
#[derive(Debug, Serialize)]
struct Change {
    variable: String,
    from: String,
    to: String,
    label: String,
    from_label: String,
    to_label: String,
}

/// Where the path ended.
#[derive(Debug, Serialize)]
#[serde(rename_all = "snake_case")]
enum Ending {
    /// An outcome was reached.
    Outcome {
        id: String,
        label: String,
        payoffs: serde_json::Map<String, serde_json::Value>,
    },
    /// The path stops in a situation with moves available.
    Available {
        turn: String,
        moves: Vec<AvailableMove>,
    },
    /// The last move has chance results and none was picked.
    PendingResult {
        move_: String,
        results: Vec<ResultChoice>,
    },
    /// No one can move and no outcome is met.
    DeadEnd,
    /// The situation lies beyond the exploration limits.
    Frontier,
}

#[derive(Debug, Serialize)]
struct AvailableMove {
    actor: String,
    id: String,
    label: String,
    results: Vec<ResultChoice>,
}

#[derive(Debug, Serialize)]
struct ResultChoice {
    id: String,
    label: String,
    probability: f64,
    likelihood: Option<String>,
}

pub(super) fn run(args: &PlayArgs, out: &mut dyn Write) -> anyhow::Result<Status> {
    let opened = open(&args.file)?;
    let scenario = Arc::new(opened.scenario);
    let mut session = Session::with_graph(Arc::clone(&scenario), opened.graph);
    let pending = super::path::follow(&mut session, &args.moves, &args.results)?;

    let played = describe(&scenario, &session, pending);
    if args.json {
        writeln!(out, "{}", serde_json::to_string_pretty(&played)?)?;
    } else {
        print_text(&scenario, &played, out)?;
    }
    Ok(Status::Success)
}

fn choices(m: &Move) -> Vec<ResultChoice> {
    m.results
        .iter()
        .map(|r| ResultChoice {
            id: r.id.clone(),
            label: r.label.clone(),
            probability: r.probability,
            likelihood: r.likelihood.map(|l| l.word().to_owned()),
        })
        .collect()
}

fn describe(
    scenario: &Scenario,
    session: &Session,
    pending: Option<crate::model::MoveIndex>,
) -> Played {
    let graph = session.graph();
    let steps = session
        .path()
        .into_iter()
        .map(|s| {
            let step = graph.step(s);
            let m = scenario.move_(step.move_);
            let result = step.result.and_then(|r| m.results.get(r.index()));
            let narrative = match result {
                Some(r) if !r.narrative.is_empty() => {
                    if m.narrative.is_empty() {
                        r.narrative.clone()
                    } else {
                        format!("{} {}", m.narrative, r.narrative)
                    }
                }
                _ => m.narrative.clone(),
            };
            PlayedStep {
                actor: scenario.actor(step.actor).id.clone(),
                move_: m.id.clone(),
                result: result.map(|r| r.id.clone()),
                probability: step.probability,
                changes: changes(graph, graph.source(s), graph.target(s))
                    .into_iter()
                    .map(|(i, from, to)| {
                        let v = &scenario.variables[i];
                        Change {
                            variable: v.id.clone(),
                            from: v.domain.display(from),
                            to: v.domain.display(to),
                            label: v.display_name().to_owned(),
                            from_label: v.value_label(from),
                            to_label: v.value_label(to),
                        }
                    })
                    .collect(),
                narrative,
            }
        })
        .collect();
    let current = session.current();
    let end = if let Some(m) = pending {
        let m = scenario.move_(m);
        Ending::PendingResult {
            move_: m.id.clone(),
            results: choices(m),
        }
    } else {
        match graph.status(current) {
            SituationStatus::Outcome(o) => {
                let outcome = scenario.outcome(o);
                Ending::Outcome {
                    id: outcome.id.clone(),
                    label: outcome.label.clone(),
                    payoffs: scenario
                        .actors
                        .iter()
                        .zip(&outcome.payoffs)
                        .map(|(a, p)| (a.id.clone(), serde_json::json!(p)))
                        .collect(),
                }
            }
            SituationStatus::Open => Ending::Available {
                turn: crate::engine::turn_label(scenario, graph.turn(current)),
                moves: session
                    .available_moves()
                    .into_iter()
                    .map(|mi| {
                        let m = scenario.move_(mi);
                        AvailableMove {
                            actor: scenario.actor(m.actor).id.clone(),
                            id: m.id.clone(),
                            label: m.label.clone(),
                            results: choices(m),
                        }
                    })
                    .collect(),
            },
            SituationStatus::DeadEnd => Ending::DeadEnd,
            SituationStatus::Frontier(_) => Ending::Frontier,
        }
    };
    Played {
        scenario: scenario.id.clone(),
        steps,
        end,
    }
}

fn print_text(scenario: &Scenario, played: &Played, out: &mut dyn Write) -> std::io::Result<()> {
    writeln!(out, "{}", scenario.title)?;
    if played.steps.is_empty() && !scenario.opening.is_empty() {
        writeln!(out, "{}", scenario.opening)?;
    }
    for (k, step) in played.steps.iter().enumerate() {
        let actor = scenario
            .actor_by_id(&step.actor)
            .map_or(step.actor.as_str(), |a| scenario.actor(a).name.as_str());
        let Some(m) = scenario.move_by_id(&step.move_).map(|m| scenario.move_(m)) else {
            continue;
        };
        write!(out, "{}. {actor}: {} [{}]", k + 1, m.label, m.id)?;
        if let Some(r) = step
            .result
            .as_ref()
            .and_then(|id| m.results.iter().find(|r| &r.id == id))
        {
            write!(out, " -> {} [{}], {}", r.label, r.id, r.probability_text())?;
        }
        writeln!(out)?;
        for c in &step.changes {
            writeln!(out, "   {}: {} -> {}", c.label, c.from_label, c.to_label)?;
        }
        if !step.narrative.is_empty() {
            writeln!(out, "   {}", step.narrative)?;
        }
    }
    match &played.end {
        Ending::Outcome { id, label, .. } => {
            let payoffs = scenario
                .outcome_by_id(id)
                .map(|o| {
                    scenario
                        .actors
                        .iter()
                        .zip(&scenario.outcome(o).payoffs)
                        .map(|(a, p)| format!("{} {}", a.name, crate::model::read_number(*p)))
                        .collect::<Vec<_>>()
                        .join(", ")
                })
                .unwrap_or_default();
            writeln!(out, "outcome: {label} [{id}]; payoffs: {payoffs}")?;
        }
        Ending::Available { turn, moves } => {
            writeln!(out, "{turn} to move; available moves:")?;
            for m in moves {
                let actor = scenario
                    .actor_by_id(&m.actor)
                    .map_or(m.actor.as_str(), |a| scenario.actor(a).name.as_str());
                writeln!(out, "  {} [{}] ({actor})", m.label, m.id)?;
                for r in &m.results {
                    writeln!(out, "    {} [{}]: {}", r.label, r.id, percent_text(r))?;
                }
            }
        }
        Ending::PendingResult { move_, results } => {
            writeln!(
                out,
                "move \"{move_}\" has chance results; pick one with --results:"
            )?;
            for r in results {
                writeln!(out, "  {} [{}]: {}", r.label, r.id, percent_text(r))?;
            }
        }
        Ending::DeadEnd => writeln!(out, "dead end: no one can move and no outcome is met")?,
        Ending::Frontier => writeln!(
            out,
            "frontier: this situation lies beyond the exploration limits"
        )?,
    }
    Ok(())
}

fn percent_text(r: &ResultChoice) -> String {
    let percent = crate::model::format_percent(r.probability);
    match &r.likelihood {
        Some(word) => format!("{word} ({percent})"),
        None => percent,
    }
}
