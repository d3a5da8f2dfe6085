//! `demarche stats FILE`: the size and shape of a scenario's graph.

use std::io::Write;
use std::time::Instant;

use serde::Serialize;

use super::{StatsArgs, Status, open_file};
use crate::engine::{FrontierReason, Status as SituationStatus};
use crate::io::Expanded;

/// The figures `stats` reports; also its JSON output.
#[derive(Debug, Serialize)]
struct Stats {
    scenario: String,
    title: String,
    situations: usize,
    steps: usize,
    /// Situations ending in each outcome, in file order.
    outcomes: Vec<OutcomeCount>,
    outcomes_reached: usize,
    outcomes_defined: usize,
    dead_ends: usize,
    /// Deepest situation, in moves from the start.
    depth: u32,
    frontier: usize,
    frontier_depth_limit: usize,
    frontier_situation_limit: usize,
    expansion_ms: f64,
}

/// How many situations end in one outcome.
#[derive(Debug, Serialize)]
struct OutcomeCount {
    id: String,
    situations: usize,
}

pub(super) fn run(args: &StatsArgs, out: &mut dyn Write) -> anyhow::Result<Status> {
    // A RON scenario's expansion is timed; a Gambit game's graph is built
    // while it is read, so reading and building are timed together.
    let read_started = Instant::now();
    let opened = open_file(&args.file)?;
    let is_game = opened.is_game();
    let started = if is_game {
        read_started
    } else {
        Instant::now()
    };
    let Expanded {
        scenario, graph, ..
    } = opened.try_expand()?;
    let expansion_ms = started.elapsed().as_secs_f64() * 1000.0;

    let mut per_outcome = vec![0usize; scenario.outcomes.len()];
    let (mut dead_ends, mut by_depth, mut by_limit, mut depth) = (0, 0, 0, 0);
    for id in graph.situations() {
        depth = depth.max(graph.node(id).depth);
        match graph.status(id) {
            SituationStatus::Outcome(o) => per_outcome[o.index()] += 1,
            SituationStatus::DeadEnd => dead_ends += 1,
            SituationStatus::Frontier(FrontierReason::Depth) => by_depth += 1,
            SituationStatus::Frontier(_) => by_limit += 1,
            SituationStatus::Open => {}
        }
    }
    let stats = Stats {
        scenario: scenario.id.clone(),
        title: scenario.title.clone(),
        situations: graph.n_situations(),
        steps: graph.n_steps(),
        outcomes_reached: per_outcome.iter().filter(|n| **n > 0).count(),
        outcomes_defined: scenario.outcomes.len(),
        outcomes: scenario
            .outcomes
            .iter()
            .zip(&per_outcome)
            .map(|(o, n)| OutcomeCount {
                id: o.id.clone(),
                situations: *n,
            })
            .collect(),
        dead_ends,
        depth,
        frontier: by_depth + by_limit,
        frontier_depth_limit: by_depth,
        frontier_situation_limit: by_limit,
        expansion_ms,
    };
    if args.json {
        writeln!(out, "{}", serde_json::to_string_pretty(&stats)?)?;
        return Ok(Status::Success);
    }
    writeln!(
        out,
        "scenario:         {} ({})",
        stats.title, stats.scenario
    )?;
    writeln!(out, "situations:       {}", stats.situations)?;
    writeln!(out, "steps:            {}", stats.steps)?;
    writeln!(
        out,
        "outcomes reached: {} of {}",
        stats.outcomes_reached, stats.outcomes_defined
    )?;
    for count in &stats.outcomes {
        writeln!(out, "  {:<24} {} situations", count.id, count.situations)?;
    }
    writeln!(out, "dead ends:        {}", stats.dead_ends)?;
    writeln!(out, "depth:            {}", stats.depth)?;
    writeln!(
        out,
        "frontier:         {} (depth limit {}, situation limit {})",
        stats.frontier, stats.frontier_depth_limit, stats.frontier_situation_limit
    )?;
    if is_game {
        writeln!(out, "read and build:   {:.3} ms", stats.expansion_ms)?;
    } else {
        writeln!(out, "expansion time:   {:.3} ms", stats.expansion_ms)?;
    }
    Ok(Status::Success)
}
