//! Prints a generated scenario (RON) to stdout, for measuring the engine on
//! large graphs from the command line:
//!
//! ```text
//! cargo run --release --example synthetic > /tmp/million.ron
//! cargo run --release --example synthetic -- 2 5 10 5 0 > /tmp/100k.ron
//! /usr/bin/time -v target/release/demarche stats /tmp/million.ron
//! ```
//!
//! The arguments are `n_actors n_variables n_levels n_moves chance_every`
//! (see `demarche::synthetic::SyntheticSpec`); without them it writes
//! `SyntheticSpec::MILLION` (1,048,576 situations).

use std::io::Write;
use std::process::ExitCode;

use demarche::synthetic::{SyntheticSpec, generate};

const USAGE: &str = "usage: synthetic [n_actors n_variables n_levels n_moves chance_every]";

fn spec_from(args: &[String]) -> Result<SyntheticSpec, String> {
    let numbers = args
        .iter()
        .map(|a| {
            a.parse::<usize>()
                .map_err(|e| format!("{a:?} is not a count: {e}"))
        })
        .collect::<Result<Vec<usize>, String>>()?;
    match numbers[..] {
        [] => Ok(SyntheticSpec::MILLION),
        [n_actors, n_variables, n_levels, n_moves, chance_every] => Ok(SyntheticSpec {
            n_actors,
            n_variables,
            n_levels,
            n_moves,
            chance_every,
        }),
        _ => Err(format!("expected 0 or 5 numbers, got {}", numbers.len())),
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let spec = match spec_from(&args) {
        Ok(spec) => spec,
        Err(message) => {
            eprintln!("synthetic: {message}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    eprintln!("{spec:?}: {} situations", spec.n_situations());
    let mut out = std::io::stdout().lock();
    match out.write_all(generate(&spec).as_bytes()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("synthetic: cannot write: {e}");
            ExitCode::FAILURE
        }
    }
}
