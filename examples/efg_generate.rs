//! Prints a generated perfect-information Gambit game (`.efg`) to stdout,
//! for measuring reading and solving large games from the command line:
//!
//! ```text
//! cargo run --release --example efg_generate > /tmp/million.efg
//! cargo run --release --example efg_generate -- 10 > /tmp/small.efg
//! cargo run --release --example efg_generate -- 19 200 > /tmp/many-outcomes.efg
//! /usr/bin/time -v target/release/demarche solve /tmp/million.efg
//! ```
//!
//! The optional arguments are the tree's depth (default 19: 1,048,575
//! nodes, about 30 MB) and the payoff range (default 10: payoffs 0 to 9,
//! 100 distinct outcomes; 200 gives 40,000); see `demarche_core::synthetic_efg`.

use std::io::Write;
use std::process::ExitCode;

use demarche::synthetic_efg::{EfgTreeSpec, binary_tree};

const USAGE: &str = "usage: efg_generate [depth [payoff_range]]   (depth 1 to 25, default 19; payoffs 0 to range - 1, range 1 to 255, default 10)";

fn spec_from(args: &[String]) -> Result<EfgTreeSpec, String> {
    let mut spec = EfgTreeSpec::MILLION;
    if args.len() > 2 {
        return Err("too many arguments".to_owned());
    }
    if let Some(depth) = args.first() {
        spec.depth = match depth.parse::<u32>() {
            Ok(depth @ 1..=25) => depth,
            _ => return Err(format!("{depth:?} is not a depth from 1 to 25")),
        };
    }
    if let Some(range) = args.get(1) {
        spec.payoff_range = match range.parse::<u32>() {
            Ok(range @ 1..=255) => range,
            _ => return Err(format!("{range:?} is not a payoff range from 1 to 255")),
        };
    }
    Ok(spec)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let spec = match spec_from(&args) {
        Ok(spec) => spec,
        Err(message) => {
            eprintln!("efg_generate: {message}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    eprintln!("{spec:?}: {} nodes", spec.n_nodes());
    let mut out = std::io::stdout().lock();
    match out.write_all(binary_tree(&spec).as_bytes()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("efg_generate: cannot write: {e}");
            ExitCode::FAILURE
        }
    }
}
