//! `demarche stability FILE [--json]`: conflict stability in the Graph
//! Model for Conflict Resolution: for every state (situation values,
//! turns ignored) and actor, which of Nash (R), GMR, SMR and SEQ hold, and
//! the equilibria under each.

use std::io::Write;
use std::path::PathBuf;

use clap::Args;
use serde::Serialize;

use super::{Status, load};
use crate::analysis::{
    Concept, PreferenceSource, StabilityTable, no_progress, option_stability, stability,
};
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
    /// The state with the initial values, if it is one.
    status_quo: Option<usize>,
    /// Per equilibrium (under any concept), a shortest way from the status
    /// quo by unilateral improvements: `[actor id, state id]` steps, or
    /// null where there is none.
    from_status_quo: serde_json::Map<String, serde_json::Value>,
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
    // In option form every feasible state is analysed from the options
    // alone; the situations the app steps through are not needed.
    let table = match option_stability(&scenario, &mut no_progress) {
        Some(table) => table?,
        None => stability(&scenario, &try_expand(&scenario)?)?,
    };
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
        PreferenceSource::Ranking => "ranking",
    }
}

fn json(scenario: &Scenario, table: &StabilityTable) -> Stabilities {
    let states = (0..table.n_states())
        .map(|k| JsonState {
            id: table.number(k),
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
                    let concepts: serde_json::Map<String, serde_json::Value> = table
                        .concepts()
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
        equilibria: table
            .concepts()
            .iter()
            .map(|c| {
                let numbers: Vec<usize> = table
                    .equilibria(*c)
                    .iter()
                    .map(|&k| table.number(k))
                    .collect();
                (c.id().to_owned(), serde_json::json!(numbers))
            })
            .collect(),
        status_quo: table.status_quo().map(|k| table.number(k)),
        from_status_quo: {
            let states = table.equilibria_under_any();
            states
                .into_iter()
                .map(|k| {
                    let steps = table.path_from_status_quo(k).map(|steps| {
                        steps
                            .iter()
                            .map(|(a, t)| {
                                serde_json::json!([scenario.actor(*a).id, table.number(*t)])
                            })
                            .collect::<Vec<_>>()
                    });
                    (table.number(k).to_string(), serde_json::json!(steps))
                })
                .collect()
        },
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
        .map(|(a, s)| format!("{} by {}", a.name, source_name(*s)))
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
        .map(|a| {
            a.name
                .chars()
                .count()
                .max(2 * table.concepts().len() - 1)
                .clamp(7, 64)
        })
        .collect();
    let id_width = table.n_states().to_string().len().max(5);
    write!(out, "{:>id_width$}", "state")?;
    for (a, w) in scenario.actors.iter().zip(&widths) {
        write!(out, "  {:<w$}", a.name)?;
    }
    writeln!(out, "  the state")?;
    for k in 0..table.n_states() {
        write!(out, "{:>id_width$}", table.number(k))?;
        for (a, w) in widths.iter().enumerate() {
            let marks: Vec<&str> = table
                .concepts()
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
        let sq = if table.status_quo() == Some(k) {
            " [status quo]"
        } else {
            ""
        };
        writeln!(out, "  {}{sq}", table.describe(scenario, k))?;
    }
    writeln!(
        out,
        "(R: Nash, G: GMR, S: SMR, Q: SEQ{}; \".\": not stable for that actor)",
        if table.is_option_form() {
            ", M: SIM"
        } else {
            ""
        }
    )?;
    writeln!(out)?;
    writeln!(out, "equilibria (stable for every actor):")?;
    for &c in table.concepts() {
        let states = table.equilibria(c);
        let list = if states.is_empty() {
            "none".to_owned()
        } else {
            states
                .iter()
                .map(|&k| table.number(k).to_string())
                .collect::<Vec<_>>()
                .join(", ")
        };
        writeln!(out, "  {:<32}  {list}", c.name())?;
    }
    print_status_quo(scenario, table, out)
}

/// Status quo analysis: for each equilibrium (under any concept), a
/// shortest way to it from the status quo by unilateral improvements.
fn print_status_quo(
    scenario: &Scenario,
    table: &StabilityTable,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let Some(status_quo) = table.status_quo() else {
        return Ok(());
    };
    writeln!(out)?;
    writeln!(
        out,
        "from the status quo (state {}) by unilateral improvements, no actor twice in a row:",
        table.number(status_quo)
    )?;
    let equilibria = table.equilibria_under_any();
    if equilibria.is_empty() {
        writeln!(out, "  no equilibrium to reach")?;
    }
    for k in equilibria.into_iter().take(MAX_LISTED) {
        let state = table.number(k);
        match table.path_from_status_quo(k) {
            None => writeln!(out, "  {state}: not reached")?,
            Some(steps) if steps.is_empty() => {
                writeln!(out, "  {state}: the status quo itself")?;
            }
            Some(steps) => {
                let words: Vec<String> = steps
                    .iter()
                    .map(|(a, t)| {
                        format!("{} moves to {}", scenario.actor(*a).name, table.number(*t))
                    })
                    .collect();
                let n = steps.len();
                let plural = if n == 1 { "" } else { "s" };
                writeln!(
                    out,
                    "  {state}: {n} step{plural}: {}",
                    words.join(", then ")
                )?;
            }
        }
    }
    Ok(())
}

/// How many equilibria the status quo analysis lists.
const MAX_LISTED: usize = 50;

fn mark(concept: Concept) -> &'static str {
    match concept {
        Concept::Nash => "R",
        Concept::Gmr => "G",
        Concept::Smr => "S",
        Concept::Seq => "Q",
        Concept::Sim => "M",
    }
}
