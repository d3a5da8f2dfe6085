//! How `solve` prints a Nash equilibrium in behaviour strategies (a
//! two-player game with information sets, solved by the sequence form):
//! each information set's move probabilities, the expected payoffs and the
//! outcome probabilities, as text or JSON.

use std::io::Write;

use serde::Serialize;

use super::solve::{Unlisted, is_unlisted, percent, print_payoffs};
use crate::analysis::{BehaviourEquilibrium, SequenceMethod, SetStrategy};
use crate::engine::InformationSet;
use crate::model::Scenario;

#[derive(Debug, Serialize)]
struct JsonBehaviour {
    scenario: String,
    method: &'static str,
    /// Per information set: who, where, each move's probability.
    information_sets: Vec<JsonSet>,
    payoffs: serde_json::Map<String, serde_json::Value>,
    outcomes: serde_json::Map<String, serde_json::Value>,
    no_outcome: f64,
    /// Per player: how much a best response would gain (the check).
    regret: serde_json::Map<String, serde_json::Value>,
    pivots: usize,
}

#[derive(Debug, Serialize)]
struct JsonSet {
    actor: String,
    /// The set's name in the file, when it has one.
    name: Option<String>,
    situations: Vec<String>,
    reach: f64,
    unreached_by_own_play: bool,
    moves: serde_json::Map<String, serde_json::Value>,
}

/// `Guesser, information set 1 "guess" (s1, s4)` or `Matcher at s0`.
pub(crate) fn set_title(
    scenario: &Scenario,
    sets: &[InformationSet],
    strategy: &SetStrategy,
) -> String {
    let who = &scenario.actor(strategy.actor).name;
    let places: Vec<String> = strategy
        .situations
        .iter()
        .take(6)
        .map(ToString::to_string)
        .collect();
    let more = if strategy.situations.len() > 6 {
        format!(" and {} more", strategy.situations.len() - 6)
    } else {
        String::new()
    };
    match file_set(sets, strategy) {
        Some(set) if set.name.is_empty() => format!(
            "{who}, information set {} ({}{more})",
            set.number,
            places.join(", ")
        ),
        Some(set) => format!(
            "{who}, information set {} \"{}\" ({}{more})",
            set.number,
            set.name,
            places.join(", ")
        ),
        None => format!("{who} at {}", places.join(", ")),
    }
}

fn file_set<'a>(sets: &'a [InformationSet], strategy: &SetStrategy) -> Option<&'a InformationSet> {
    let first = strategy.situations.first()?;
    sets.iter().find(|set| set.situations.contains(first))
}

pub(super) fn print_behaviour(
    scenario: &Scenario,
    sets: &[InformationSet],
    equilibrium: &BehaviourEquilibrium,
    json: bool,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    if json {
        let j = JsonBehaviour {
            scenario: scenario.id.clone(),
            method: "sequence form, Lemke",
            information_sets: equilibrium
                .sets
                .iter()
                .map(|s| JsonSet {
                    actor: scenario.actor(s.actor).id.clone(),
                    name: file_set(sets, s)
                        .map(|f| f.name.clone())
                        .filter(|n| !n.is_empty()),
                    situations: s.situations.iter().map(ToString::to_string).collect(),
                    reach: s.reach,
                    unreached_by_own_play: s.unreached_by_own_play,
                    moves: s
                        .moves
                        .iter()
                        .map(|(m, p)| (scenario.move_(*m).id.clone(), serde_json::json!(p)))
                        .collect(),
                })
                .collect(),
            payoffs: super::solve::by_actor(scenario, &equilibrium.payoffs),
            outcomes: scenario
                .outcomes
                .iter()
                .zip(&equilibrium.by_outcome)
                .map(|(o, p)| (o.id.clone(), serde_json::json!(p)))
                .collect(),
            no_outcome: equilibrium.no_outcome,
            regret: equilibrium
                .players
                .iter()
                .zip(&equilibrium.regret)
                .map(|(a, r)| (scenario.actor(*a).id.clone(), serde_json::json!(r)))
                .collect(),
            pivots: equilibrium.n_pivots,
        };
        writeln!(out, "{}", serde_json::to_string_pretty(&j)?)?;
        return Ok(());
    }
    writeln!(out, "{}", scenario.title)?;
    writeln!(out, "from: the start")?;
    writeln!(out)?;
    writeln!(
        out,
        "Nash equilibrium in behaviour strategies (sequence form, {}; the game has information sets of two or more nodes):",
        equilibrium.method.label()
    )?;
    for s in &equilibrium.sets {
        let moves: Vec<String> = s
            .moves
            .iter()
            .map(|(m, p)| format!("{} {}", scenario.move_(*m).label, percent(*p)))
            .collect();
        write!(
            out,
            "  {}: {}",
            set_title(scenario, sets, s),
            moves.join(", ")
        )?;
        if s.unreached_by_own_play {
            write!(
                out,
                " (its own earlier moves rule this set out; any choice is as good)"
            )?;
        } else if s.reach == 0.0 {
            write!(out, " (not reached in equilibrium)")?;
        }
        writeln!(out)?;
    }
    writeln!(out)?;
    writeln!(out, "expected payoffs:")?;
    print_payoffs(scenario, &equilibrium.payoffs, out)?;
    writeln!(out)?;
    writeln!(out, "outcome probabilities:")?;
    let n = scenario.outcomes.len();
    let unlisted = Unlisted::count(
        equilibrium
            .by_outcome
            .iter()
            .map(|p| is_unlisted(n, *p, None)),
    );
    let width = unlisted.width(scenario);
    for (o, p) in scenario.outcomes.iter().zip(&equilibrium.by_outcome) {
        if !is_unlisted(n, *p, None) {
            writeln!(out, "  {:<width$}  {:>8}", o.label, percent(*p))?;
        }
    }
    unlisted.print(width, out)?;
    if equilibrium.no_outcome > 0.0 {
        writeln!(
            out,
            "  {:<width$}  {:>8}",
            "no outcome",
            percent(equilibrium.no_outcome)
        )?;
    }
    let worst = equilibrium.regret.iter().copied().fold(0.0, f64::max);
    let work = match equilibrium.method {
        SequenceMethod::Lemke => format!(" ({} pivots)", equilibrium.n_pivots),
        SequenceMethod::ZeroSumLp => String::new(),
    };
    // An exact zero reads as words, not as "0.0e0".
    let gain = if worst > 0.0 {
        format!(" more than {worst:.1e}")
    } else {
        String::new()
    };
    writeln!(
        out,
        "note: checked on the tree: no player gains{gain} by deviating{work}"
    )?;
    Ok(())
}
