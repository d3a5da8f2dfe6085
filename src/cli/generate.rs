//! `demarche generate`: writes a generated scenario or Gambit game of a
//! chosen size, for trying demarche at scale without the source tree. The
//! shapes are the ones the benchmarks use (`demarche_core::synthetic` and
//! `synthetic_efg`): the same arguments always give the same file.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Context;
use clap::{Args, Subcommand};

use crate::io::write_atomic;
use crate::synthetic::{SyntheticSpec, generate};
use crate::synthetic_efg::{EfgTreeSpec, binary_tree};

use super::Status;

/// Arguments of `demarche generate`.
#[derive(Debug, Args)]
pub struct GenerateArgs {
    #[command(subcommand)]
    pub what: Generated,
    /// Write to this file instead of standard output (replaced atomically)
    #[arg(long, short, global = true, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// What to generate.
#[derive(Debug, Subcommand)]
pub enum Generated {
    /// A RON scenario: integer variables that moves raise one level at a
    /// time, anyone to move; every combination of levels is a situation
    /// (levels^variables of them; the defaults give 1,048,576)
    Scenario(ScenarioShape),
    /// A Gambit game (.efg): a complete binary tree, two players moving in
    /// turn, random whole-number payoffs at the leaves (2^(depth+1) - 1
    /// nodes; the defaults give 1,048,575)
    Game(GameShape),
}

/// The shape of a generated scenario.
#[derive(Debug, Args)]
pub struct ScenarioShape {
    /// Actors; moves are dealt to them in turn
    #[arg(long, default_value_t = 2, value_parser = clap::value_parser!(u16).range(1..=64))]
    pub actors: u16,
    /// Integer variables, each starting at 0
    #[arg(long, default_value_t = 4, value_parser = clap::value_parser!(u16).range(1..=64))]
    pub variables: u16,
    /// Values per variable
    #[arg(long, default_value_t = 32, value_parser = clap::value_parser!(u16).range(2..=1000))]
    pub levels: u16,
    /// Moves; move j raises variable j modulo the number of variables
    #[arg(long, default_value_t = 4, value_parser = clap::value_parser!(u16).range(1..=1000))]
    pub moves: u16,
    /// Every this many moves, one has two chance results (0 for none)
    #[arg(long, default_value_t = 0, value_parser = clap::value_parser!(u16).range(0..=1000))]
    pub chance_every: u16,
}

/// The shape of a generated game.
#[derive(Debug, Args)]
pub struct GameShape {
    /// Moves from the root to every leaf
    #[arg(long, default_value_t = 19, value_parser = clap::value_parser!(u32).range(1..=25))]
    pub depth: u32,
    /// Payoffs are whole numbers from 0 to this minus one
    #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u32).range(1..=255))]
    pub payoff_range: u32,
    /// The seed of the payoffs
    #[arg(long, default_value_t = 2021)]
    pub seed: u64,
}

/// Writes the generated file to `--output` or `out`; says what it made on
/// the file's behalf (a line on `out` when writing to a file).
pub fn run(args: &GenerateArgs, out: &mut dyn Write) -> anyhow::Result<Status> {
    let (text, what) = match &args.what {
        Generated::Scenario(shape) => {
            let spec = SyntheticSpec {
                n_actors: usize::from(shape.actors),
                n_variables: usize::from(shape.variables),
                n_levels: usize::from(shape.levels),
                n_moves: usize::from(shape.moves),
                chance_every: usize::from(shape.chance_every),
            };
            let situations = (spec.n_levels as u128).pow(spec.n_variables as u32);
            (
                generate(&spec),
                format!("a scenario of {situations} situations"),
            )
        }
        Generated::Game(shape) => {
            let spec = EfgTreeSpec {
                depth: shape.depth,
                payoff_range: shape.payoff_range,
                seed: shape.seed,
            };
            (
                binary_tree(&spec),
                format!("a game of {} nodes", spec.n_nodes()),
            )
        }
    };
    match &args.output {
        Some(path) => {
            write_atomic(path, text.as_bytes())
                .with_context(|| format!("cannot write {}", path.display()))?;
            writeln!(out, "wrote {what} to {}", path.display())?;
        }
        None => out.write_all(text.as_bytes())?,
    }
    Ok(Status::Success)
}
