//! `demarche sensitivity FILE --param ID [--range A..B] [--json]`: sweep one
//! payoff or probability and report where the rational path or an
//! equilibrium changes; without `--param`, a one-way tornado over every
//! parameter, largest swing in expected payoffs first.

use std::io::Write;
use std::ops::ControlFlow;
use std::path::PathBuf;

use anyhow::Context;
use clap::Args;
use serde::Serialize;

use super::solve::{
    JsonEnd, JsonStep, by_actor, json_end, json_path, number, payoffs_line, percent,
};
use super::{Status, load};
use crate::analysis::sensitivity::{
    Change, Sweep, SweepOptions, Tornado, TornadoOptions, sweep, tornado,
};
use crate::analysis::{Concept, Parameter, Path, PathEnd, check_horizon};
use crate::engine::try_expand;
use crate::model::{Actor, Scenario};

/// The most sweep points: each costs one backward induction, and the
/// points are kept for the report.
const MAX_POINTS: u64 = 100_000;

/// Arguments of `sensitivity`.
#[derive(Debug, Args)]
pub struct SensitivityArgs {
    /// Scenario file
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// The parameter to sweep: payoff:OUTCOME:ACTOR or probability:MOVE:RESULT (without it: a tornado over every parameter)
    #[arg(long, value_name = "ID")]
    pub param: Option<String>,
    /// The values to sweep, as LOW..HIGH (default: 0..1 for a probability, the scenario's lowest to highest payoff for a payoff)
    #[arg(long, value_name = "A..B", allow_hyphen_values = true)]
    pub range: Option<String>,
    /// Evenly spaced sweep points, both ends included (2 to 100000)
    #[arg(long, value_name = "N", default_value_t = 101, value_parser = clap::value_parser!(u64).range(2..=MAX_POINTS))]
    pub points: u64,
    /// Print JSON instead of text
    #[arg(long)]
    pub json: bool,
}

/// The JSON output of a sweep.
#[derive(Debug, Serialize)]
struct JsonSweep {
    scenario: String,
    parameter: String,
    base: f64,
    range: [f64; 2],
    points: Vec<JsonPoint>,
    thresholds: Vec<JsonThreshold>,
    stability_note: Option<String>,
}

#[derive(Debug, Serialize)]
struct JsonPoint {
    value: f64,
    payoffs: serde_json::Map<String, serde_json::Value>,
    path: Vec<JsonStep>,
    end: JsonEnd,
    /// Per concept: equilibrium state ids (as `stability` numbers them), or
    /// null when not followed.
    equilibria: Option<serde_json::Map<String, serde_json::Value>>,
}

#[derive(Debug, Serialize)]
struct JsonThreshold {
    value: f64,
    /// `path`, or `equilibria:nash` (`gmr`, `smr`, `seq`).
    change: String,
    /// Index of the point just below.
    below: usize,
    /// Index of the point just above.
    above: usize,
}

/// The JSON output of a tornado.
#[derive(Debug, Serialize)]
struct JsonTornado {
    scenario: String,
    base_payoffs: serde_json::Map<String, serde_json::Value>,
    bars: Vec<JsonBar>,
}

#[derive(Debug, Serialize)]
struct JsonBar {
    parameter: String,
    base: f64,
    low: f64,
    high: f64,
    payoffs_low: serde_json::Map<String, serde_json::Value>,
    payoffs_high: serde_json::Map<String, serde_json::Value>,
    swing: f64,
    path_changes: bool,
}

pub(super) fn run(args: &SensitivityArgs, out: &mut dyn Write) -> anyhow::Result<Status> {
    let scenario = load(&args.file)?;
    super::refuse_option_form(&scenario, &args.file, "sensitivity")?;
    let graph = try_expand(&scenario)?;
    // Both the sweep and the tornado solve inside cycles up to max_depth.
    check_horizon(
        &graph,
        graph.start(),
        scenario.limits.max_depth,
        scenario.actors.len(),
    )?;
    let mut progress = |_: &crate::analysis::Progress| ControlFlow::Continue(());
    let Some(id) = &args.param else {
        if args.range.is_some() {
            anyhow::bail!("--range needs --param: it sets the range of the one parameter swept");
        }
        let result = tornado(&scenario, &graph, &TornadoOptions::default(), &mut progress)?;
        if args.json {
            let json = tornado_json(&scenario, &result);
            writeln!(out, "{}", serde_json::to_string_pretty(&json)?)?;
        } else {
            print_tornado(&scenario, &result, out)?;
        }
        return Ok(Status::Success);
    };
    let parameter = Parameter::parse(&scenario, id)?;
    let range = args.range.as_deref().map(parse_range).transpose()?;
    let options = SweepOptions {
        range,
        points: args.points as usize,
    };
    let result = sweep(&scenario, &graph, parameter, &options, &mut progress)?;
    if args.json {
        let json = sweep_json(&scenario, &result);
        writeln!(out, "{}", serde_json::to_string_pretty(&json)?)?;
    } else {
        print_sweep(&scenario, &result, out)?;
    }
    Ok(Status::Success)
}

/// `0.2..0.8`, `-5..5`.
fn parse_range(text: &str) -> anyhow::Result<(f64, f64)> {
    let (low, high) = text
        .split_once("..")
        .with_context(|| format!("range \"{text}\" is not of the form LOW..HIGH, e.g. 0.2..0.8"))?;
    let number = |s: &str| {
        s.trim()
            .parse::<f64>()
            .with_context(|| format!("\"{}\" in range \"{text}\" is not a number", s.trim()))
    };
    Ok((number(low)?, number(high)?))
}

fn change_id(change: Change) -> String {
    match change {
        Change::Path => "path".to_owned(),
        Change::Equilibria(c) => format!("equilibria:{}", c.id()),
    }
}

fn sweep_json(scenario: &Scenario, s: &Sweep) -> JsonSweep {
    JsonSweep {
        scenario: scenario.id.clone(),
        parameter: s.parameter.id(scenario),
        base: s.base,
        range: [s.range.0, s.range.1],
        points: s
            .points
            .iter()
            .map(|p| JsonPoint {
                value: p.value,
                payoffs: by_actor(scenario, &p.payoffs),
                path: json_path(scenario, &p.path),
                end: json_end(scenario, p.path.end),
                equilibria: p.equilibria.as_ref().map(|e| {
                    Concept::ALL
                        .iter()
                        .zip(e)
                        .map(|(c, states)| (c.id().to_owned(), serde_json::json!(states)))
                        .collect()
                }),
            })
            .collect(),
        thresholds: s
            .thresholds
            .iter()
            .map(|t| JsonThreshold {
                value: t.value,
                change: change_id(t.change),
                below: t.below,
                above: t.above,
            })
            .collect(),
        stability_note: s.stability_note.clone(),
    }
}

fn tornado_json(scenario: &Scenario, t: &Tornado) -> JsonTornado {
    JsonTornado {
        scenario: scenario.id.clone(),
        base_payoffs: by_actor(scenario, &t.base_payoffs),
        bars: t
            .bars
            .iter()
            .map(|b| JsonBar {
                parameter: b.parameter.id(scenario),
                base: b.base,
                low: b.low,
                high: b.high,
                payoffs_low: by_actor(scenario, &b.payoffs_low),
                payoffs_high: by_actor(scenario, &b.payoffs_high),
                swing: b.swing,
                path_changes: b.path_changes,
            })
            .collect(),
    }
}

/// `iran offer_mutual_compliance, us accept_synchronised_steps -> long_slog`.
fn path_line(scenario: &Scenario, path: &Path) -> String {
    let steps: Vec<String> = path
        .steps
        .iter()
        .map(|s| {
            let m = scenario.move_(s.move_);
            let actor = scenario.actor(s.actor).display_name();
            match s.result.and_then(|r| m.results.get(r.index())) {
                Some(r) => format!("{actor}: {} ({})", m.display_name(), r.display_name()),
                None => format!("{actor}: {}", m.display_name()),
            }
        })
        .collect();
    let end = match path.end {
        PathEnd::Outcome(o) => scenario.outcome(o).display_name().to_owned(),
        PathEnd::DeadEnd => "dead end".to_owned(),
        PathEnd::Frontier => "frontier".to_owned(),
        PathEnd::Horizon => "horizon".to_owned(),
    };
    if steps.is_empty() {
        format!("-> {end}")
    } else {
        format!("{} -> {end}", steps.join("; "))
    }
}

fn value_text(parameter: Parameter, value: f64) -> String {
    if parameter.is_probability() {
        format!("{} ({})", number(value), percent(value))
    } else {
        number(value)
    }
}

fn print_sweep(scenario: &Scenario, s: &Sweep, out: &mut dyn Write) -> std::io::Result<()> {
    writeln!(out, "{}", scenario.title)?;
    writeln!(
        out,
        "sweep of {} [{}] from {} to {} ({} points); in the scenario: {}",
        s.parameter.label(scenario),
        s.parameter.id(scenario),
        number(s.range.0),
        number(s.range.1),
        s.points.len(),
        value_text(s.parameter, s.base)
    )?;
    if s.parameter.is_probability() {
        writeln!(
            out,
            "note: the move's other results are scaled in proportion so they still sum to 1"
        )?;
    }
    writeln!(out)?;
    let (Some(first), Some(last)) = (s.points.first(), s.points.last()) else {
        return Ok(());
    };
    writeln!(out, "at {}:", value_text(s.parameter, first.value))?;
    writeln!(out, "  rational path: {}", path_line(scenario, &first.path))?;
    writeln!(
        out,
        "  expected payoffs: {}",
        payoffs_line(scenario, &first.payoffs)
    )?;
    if s.thresholds.is_empty() {
        writeln!(
            out,
            "no thresholds: the rational path{} stays the same across the range",
            if first.equilibria.is_some() {
                " and the equilibria"
            } else {
                ""
            }
        )?;
    }
    for t in &s.thresholds {
        let (Some(below), Some(above)) = (s.points.get(t.below), s.points.get(t.above)) else {
            continue;
        };
        writeln!(out)?;
        match t.change {
            Change::Path => {
                writeln!(
                    out,
                    "threshold at {}: the rational path changes",
                    value_text(s.parameter, t.value)
                )?;
                writeln!(out, "  below: {}", path_line(scenario, &below.path))?;
                writeln!(out, "  above: {}", path_line(scenario, &above.path))?;
                writeln!(
                    out,
                    "  expected payoffs above: {}",
                    payoffs_line(scenario, &above.payoffs)
                )?;
            }
            Change::Equilibria(c) => {
                let index = Concept::ALL.iter().position(|x| *x == c).unwrap_or(0);
                let list = |p: &crate::analysis::sensitivity::SweepPoint| {
                    p.equilibria
                        .as_ref()
                        .and_then(|e| e.get(index))
                        .map(|states| {
                            if states.is_empty() {
                                "none".to_owned()
                            } else {
                                states
                                    .iter()
                                    .map(usize::to_string)
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            }
                        })
                        .unwrap_or_default()
                };
                writeln!(
                    out,
                    "threshold at {}: the {} equilibria change",
                    value_text(s.parameter, t.value),
                    c.name()
                )?;
                writeln!(out, "  below: states {}", list(below))?;
                writeln!(out, "  above: states {}", list(above))?;
            }
        }
    }
    writeln!(out)?;
    writeln!(out, "at {}:", value_text(s.parameter, last.value))?;
    writeln!(out, "  rational path: {}", path_line(scenario, &last.path))?;
    writeln!(
        out,
        "  expected payoffs: {}",
        payoffs_line(scenario, &last.payoffs)
    )?;
    if let Some(note) = &s.stability_note {
        writeln!(out)?;
        writeln!(out, "note: {note}")?;
    }
    Ok(())
}

fn print_tornado(scenario: &Scenario, t: &Tornado, out: &mut dyn Write) -> std::io::Result<()> {
    writeln!(out, "{}", scenario.title)?;
    writeln!(
        out,
        "one-way tornado: each parameter alone at the low and high end of its range; payoffs are expected payoffs at the start under rational play"
    )?;
    writeln!(
        out,
        "ranges: payoffs +/- 1; probabilities across their likelihood word's ICD 203 range, or +/- 0.1"
    )?;
    writeln!(
        out,
        "base expected payoffs: {}",
        payoffs_line(scenario, &t.base_payoffs)
    )?;
    writeln!(out)?;
    // Each parameter by its label; the id `--param` takes ends the line.
    let names: Vec<String> = t.bars.iter().map(|b| b.parameter.label(scenario)).collect();
    // The formatter panics past a width of 65535; a very long name is not
    // padded for.
    let width = names
        .iter()
        .map(|n| n.chars().count())
        .max()
        .unwrap_or(0)
        .min(64);
    let rank_width = t.bars.len().to_string().len();
    for (k, (bar, name)) in t.bars.iter().zip(&names).enumerate() {
        // The actor whose payoff moves most, when any does.
        let most = bar
            .payoffs_low
            .iter()
            .zip(&bar.payoffs_high)
            .enumerate()
            .max_by(|(_, (a0, a1)), (_, (b0, b1))| (*a1 - *a0).abs().total_cmp(&(*b1 - *b0).abs()))
            .filter(|_| bar.swing > 0.0)
            .map(|(a, (lo, hi))| {
                format!(
                    "{} {} .. {}",
                    scenario.actors.get(a).map_or("?", Actor::display_name),
                    number(*lo),
                    number(*hi)
                )
            })
            .unwrap_or_default();
        let range = format!("{} .. {}", number(bar.low), number(bar.high));
        let line = format!(
            "{:>rank_width$}. {name:<width$}  {range:<13}  swing {:<7}  {most:<24}{}  [{}]",
            k + 1,
            number(bar.swing),
            if bar.path_changes {
                "  (rational path changes)"
            } else {
                ""
            },
            bar.parameter.id(scenario)
        );
        writeln!(out, "{}", line.trim_end())?;
    }
    Ok(())
}
