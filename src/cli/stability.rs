//! `demarche stability FILE [--json]`: conflict stability in the Graph
//! Model for Conflict Resolution: for every state (situation values,
//! turns ignored) and actor, which of Nash (R), GMR, SMR and SEQ hold, and
//! the equilibria under each.

use std::io::Write;
use std::path::PathBuf;

use clap::Args;
use serde::Serialize;

use super::{Status, load};
use crate::analysis::{Concept, PreferenceSource, StabilityTable, stability};
use crate::engine::try_expand;
use crate::model::{ActorIndex, Scenario};

/// Arguments of `stability`.
#[derive(Debug, Args)]
pub struct StabilityArgs {
    /// Scenario file
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Print JSON instead of text
    #[arg(long)]
    pub json: bool,
}

/// The JSON output of `stability`.
#[derive(Debug, Serialize)]
struct Stabilities {
    scenario: String,
    /// Per actor: `payoffs` or `priorities`.
    preferences: serde_json::Map<String, serde_json::Value>,
    /// Whether the scenario's turn rule is not `Free` (GMCR ignores turns).
    turns_ignored: bool,
    /// Moves with chance results, taken as unilateral moves to each result.
    chance_moves: usize,
    states: Vec<JsonState>,
    /// Per concept (`nash`, `gmr`, `smr`, `seq`): the equilibrium state ids.
    equilibria: serde_json::Map<String, serde_json::Value>,
}

#[derive(Debug, Serialize)]
struct JsonState {
    id: usize,
    /// Variable id to value, as written in the scenario.
    values: serde_json::Map<String, serde_json::Value>,
    outcome: Option<String>,
    /// The graph's situation with these values, if any.
    situation: Option<u32>,
    /// Per actor: its preference for the state (higher is better).
    preference: serde_json::Map<String, serde_json::Value>,
    /// Per actor, per concept: whether the state is stable.
    stable: serde_json::Map<String, serde_json::Value>,
}

pub(super) fn run(args: &StabilityArgs, out: &mut dyn Write) -> anyhow::Result<Status> {
    let scenario = load(&args.file)?;
    let graph = try_expand(&scenario)?;
    let table = stability(&scenario, &graph)?;
    if args.json {
        writeln!(
            out,
            "{}",
            serde_json::to_string_pretty(&json(&scenario, &table))?
        )?;
    } else {
        print_text(&scenario, &table, out)?;
    }
    Ok(Status::Success)
}

fn actor(k: usize) -> ActorIndex {
    ActorIndex(k as u16)
}

fn source_name(source: PreferenceSource) -> &'static str {
    match source {
        PreferenceSource::Payoffs => "payoffs",
        PreferenceSource::Priorities => "priorities",
    }
}

fn json(scenario: &Scenario, table: &StabilityTable) -> Stabilities {
    let states = (0..table.n_states())
        .map(|k| JsonState {
            id: k,
            values: scenario
                .variables
                .iter()
                .zip(table.values(k))
                .map(|(v, x)| (v.id.clone(), serde_json::json!(v.domain.display(*x))))
                .collect(),
            outcome: table.outcome(k).map(|o| scenario.outcome(o).id.clone()),
            situation: table.situation(k).map(|s| s.0),
            preference: scenario
                .actors
                .iter()
                .enumerate()
                .map(|(a, x)| {
                    (
                        x.id.clone(),
                        serde_json::json!(table.preference(k, actor(a))),
                    )
                })
                .collect(),
            stable: scenario
                .actors
                .iter()
                .enumerate()
                .map(|(a, x)| {
                    let concepts: serde_json::Map<String, serde_json::Value> = Concept::ALL
                        .iter()
                        .map(|c| {
                            (
                                c.id().to_owned(),
                                serde_json::json!(table.is_stable(k, actor(a), *c)),
                            )
                        })
                        .collect();
                    (x.id.clone(), serde_json::Value::Object(concepts))
                })
                .collect(),
        })
        .collect();
    Stabilities {
        scenario: scenario.id.clone(),
        preferences: scenario
            .actors
            .iter()
            .zip(&table.sources)
            .map(|(a, s)| (a.id.clone(), serde_json::json!(source_name(*s))))
            .collect(),
        turns_ignored: table.turns_ignored,
        chance_moves: table.n_chance_moves,
        states,
        equilibria: Concept::ALL
            .iter()
            .map(|c| (c.id().to_owned(), serde_json::json!(table.equilibria(*c))))
            .collect(),
    }
}

fn print_text(
    scenario: &Scenario,
    table: &StabilityTable,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    writeln!(out, "{}", scenario.title)?;
    let sources: Vec<String> = scenario
        .actors
        .iter()
        .zip(&table.sources)
        .map(|(a, s)| format!("{} by {}", a.id, source_name(*s)))
        .collect();
    writeln!(
        out,
        "{} states, {} actors; preferences: {}",
        table.n_states(),
        table.n_actors(),
        sources.join(", ")
    )?;
    if table.turns_ignored {
        writeln!(
            out,
            "note: turns are ignored: every actor may make its moves in every state"
        )?;
    }
    if table.n_chance_moves > 0 {
        writeln!(
            out,
            "note: {} chance moves count as unilateral moves to each of their results",
            table.n_chance_moves
        )?;
    }
    writeln!(out)?;

    // The formatter panics past a width of 65535; a very long id is not
    // padded for.
    let widths: Vec<usize> = scenario
        .actors
        .iter()
        .map(|a| a.id.len().clamp(7, 64))
        .collect();
    let id_width = table.n_states().saturating_sub(1).to_string().len().max(5);
    write!(out, "{:>id_width$}", "state")?;
    for (a, w) in scenario.actors.iter().zip(&widths) {
        write!(out, "  {:<w$}", a.id)?;
    }
    writeln!(out, "  values")?;
    for k in 0..table.n_states() {
        write!(out, "{k:>id_width$}")?;
        for (a, w) in widths.iter().enumerate() {
            let marks: Vec<&str> = Concept::ALL
                .iter()
                .map(|c| {
                    if table.is_stable(k, actor(a), *c) {
                        mark(*c)
                    } else {
                        "."
                    }
                })
                .collect();
            write!(out, "  {:<w$}", marks.join(" "))?;
        }
        let values: Vec<String> = scenario
            .variables
            .iter()
            .zip(table.values(k))
            .map(|(v, x)| format!("{} = {}", v.id, v.domain.display(*x)))
            .collect();
        write!(out, "  {}", values.join(", "))?;
        if let Some(o) = table.outcome(k) {
            write!(out, " [{}]", scenario.outcome(o).id)?;
        }
        writeln!(out)?;
    }
    writeln!(
        out,
        "(R: Nash, G: GMR, S: SMR, Q: SEQ; \".\": not stable for that actor)"
    )?;
    writeln!(out)?;
    writeln!(out, "equilibria (stable for every actor):")?;
    for c in Concept::ALL {
        let states = table.equilibria(c);
        let list = if states.is_empty() {
            "none".to_owned()
        } else {
            states
                .iter()
                .map(usize::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        };
        writeln!(out, "  {:<32}  {list}", c.name())?;
    }
    Ok(())
}

fn mark(concept: Concept) -> &'static str {
    match concept {
        Concept::Nash => "R",
        Concept::Gmr => "G",
        Concept::Smr => "S",
        Concept::Seq => "Q",
    }
}
