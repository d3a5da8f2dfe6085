//! The command line, for authors and scripts: `check`, `tree`, `play`,
//! `stats`, `solve`, `stability`, `sensitivity`, `export`, `new` and
//! `generate`. Each
//! subcommand writes to the given output so tests can read it; the binary
//! passes stdout and maps the returned status to an exit code. Files open
//! through [`crate::io::open`]: a RON scenario, or a Gambit game (`.efg`)
//! for every subcommand but `stability` and `sensitivity`, which change a
//! scenario's rules.

mod check;
mod export;
mod games;
mod generate;
mod new;
mod path;
mod play;
mod sensitivity;
mod solve;
mod stability;
mod stats;
mod tree;

pub use crate::io::ExportFormat;
pub use export::ExportArgs;
pub use generate::{GameShape, GenerateArgs, Generated, ScenarioShape};
pub use sensitivity::SensitivityArgs;
pub use solve::{ModelArg, SolveArgs};
pub use stability::StabilityArgs;

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Args, Parser, Subcommand};

use crate::io::{Expanded, LoadError, Opened, ScenarioSource};
use crate::model::{Diagnostics, Scenario};

/// The command line as parsed by clap.
#[derive(Debug, Parser)]
#[command(
    name = "demarche",
    version,
    about = "Explore diplomacy scenarios as branching graphs of actors, moves and outcomes",
    long_about = "Explore diplomacy scenarios as branching graphs of actors, moves and outcomes.\n\nA scenario is a RON file: actors, variables, moves with chance results, and outcomes with payoffs. The subcommands check a scenario, print its branch tree, play a scripted path, report statistics, solve for rational play and the forecast, analyse stability and sensitivity, export the debrief and the map, write a starter scenario, and generate large scenarios and games. Without a subcommand, FILE (or the built-in Vienna scenario) opens in the app."
)]
#[command(args_conflicts_with_subcommands = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Scenario file to open in the app (default: the last one, or the built-in Vienna 2021 scenario)
    #[arg(value_name = "FILE")]
    pub file: Option<PathBuf>,
    /// Open the app with a class: students join from their phones over the room's network (prints the join address and room code)
    #[arg(long)]
    pub class: bool,
    /// The address to serve the class on (default: the interface on the default route; 0.0.0.0 for every interface)
    #[arg(long, value_name = "ADDR", requires = "class")]
    pub bind: Option<std::net::IpAddr>,
    /// The class server's port (0 picks a free one)
    #[arg(long, value_name = "N", default_value_t = 8470, requires = "class")]
    pub port: u16,
    /// The most students that may join the class
    #[arg(long, value_name = "N", default_value_t = 200, value_parser = clap::value_parser!(u16).range(1..=5000), requires = "class")]
    pub max_students: u16,
    /// Joining also needs a second code shown only on the projector, new every 20 s
    #[arg(long, requires = "class")]
    pub step_code: bool,
}

/// A subcommand.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate scenario files: errors and warnings as file:line:col with a hint
    Check(CheckArgs),
    /// Print the branch tree: moves, chance results with probabilities, outcomes with payoffs
    Tree(TreeArgs),
    /// Play moves from the start and print each step and where it ends
    Play(PlayArgs),
    /// Print graph statistics: situations, steps, outcomes reached, depth, frontier, time
    Stats(StatsArgs),
    /// Rational play (backward induction): the equilibrium path, expected payoffs, outcome probabilities
    ///
    /// With more than 20 outcomes, the outcomes play cannot end in are counted in one line rather than listed; --json lists them all.
    Solve(SolveArgs),
    /// Conflict stability (GMCR): Nash, GMR, SMR and SEQ per situation and actor, and the equilibria
    Stability(StabilityArgs),
    /// Sweep one payoff or probability for thresholds, or rank all of them in a tornado
    Sensitivity(SensitivityArgs),
    /// Write the graph as DOT or SVG, a path as a Markdown debrief, the game tree as Gambit .efg, or a class's ballots as CSV
    Export(ExportArgs),
    /// Write a commented starter scenario that passes `check --deny-warnings`
    New(new::NewArgs),
    /// Write a generated scenario or Gambit game of any size, to try demarche at scale
    Generate(GenerateArgs),
}

/// Arguments of `check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Scenario files to check
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Fail (exit status 1) on warnings too
    #[arg(long)]
    pub deny_warnings: bool,
}

/// Arguments of `tree`.
#[derive(Debug, Args)]
pub struct TreeArgs {
    /// Scenario file
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Show at most this many moves deep (default: the scenario's depth limit)
    #[arg(long, value_name = "N")]
    pub depth: Option<u32>,
}

/// Arguments of `play`.
#[derive(Debug, Args)]
pub struct PlayArgs {
    /// Scenario file
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Move ids to take in order, comma-separated; `move:result` picks a chance result
    #[arg(long, value_delimiter = ',', value_name = "ID,ID,...")]
    pub moves: Vec<String>,
    /// Result ids for the chance moves, in the order they come
    #[arg(long, value_delimiter = ',', value_name = "ID,ID,...")]
    pub results: Vec<String>,
    /// Print JSON instead of text
    #[arg(long)]
    pub json: bool,
}

/// Arguments of `stats`.
#[derive(Debug, Args)]
pub struct StatsArgs {
    /// Scenario file
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Print JSON instead of text
    #[arg(long)]
    pub json: bool,
}

/// How a command ended, for the exit status.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// Exit 0.
    Success,
    /// Exit 1: the command ran and found problems (errors in `check`).
    Failure,
}

/// Runs a parsed command line, writing results to `out`. Errors that stop
/// the command (a file that cannot be read or has errors, an unknown move)
/// are returned for the caller to print.
pub fn run(cli: Cli, out: &mut dyn Write) -> anyhow::Result<Status> {
    match cli.command {
        None => {
            if let Some(file) = &cli.file {
                anyhow::bail!(
                    "this build of demarche has no app (feature `gui`), so it cannot open {}; use a subcommand such as `demarche play`",
                    file.display()
                );
            }
            let mut command = <Cli as clap::CommandFactory>::command();
            write!(out, "{}", command.render_help())?;
            Ok(Status::Success)
        }
        Some(Command::Check(args)) => check::run(&args, out),
        Some(Command::Tree(args)) => tree::run(&args, out),
        Some(Command::Play(args)) => play::run(&args, out),
        Some(Command::Stats(args)) => stats::run(&args, out),
        Some(Command::Solve(args)) => solve::run(&args, out),
        Some(Command::Stability(args)) => stability::run(&args, out),
        Some(Command::Sensitivity(args)) => sensitivity::run(&args, out),
        Some(Command::Export(args)) => export::run(&args, out),
        Some(Command::New(args)) => new::run(&args, out),
        Some(Command::Generate(args)) => generate::run(&args, out),
    }
}

/// Loads a RON scenario, turning its diagnostics into the error message;
/// for the commands that change a scenario's rules or judgements
/// (`stability`, `sensitivity`), which do not read Gambit games.
fn load(path: &Path) -> anyhow::Result<Scenario> {
    let opened = open_file(path)?;
    if opened.is_game() {
        anyhow::bail!(
            "{} is a Gambit game (.efg); this command reads RON scenarios only; use check, tree, play, solve, stats or export",
            path.display()
        );
    }
    Ok(opened.scenario)
}

/// Opens a scenario file of either kind (a RON scenario, or a Gambit game
/// by its `.efg` extension) with its graph: built from the tree for a game,
/// expanded within the limits for a RON scenario.
fn open(path: &Path) -> anyhow::Result<Expanded> {
    Ok(open_file(path)?.try_expand()?)
}

/// The error for `command` on a conflict in option form.
fn refuse_option_form(scenario: &Scenario, path: &Path, command: &str) -> anyhow::Result<()> {
    if scenario.conflict.is_some() {
        anyhow::bail!(
            "{} is a conflict in option form: decision makers move freely, with no turns or outcomes for `{command}` to play to; `demarche stability {}` analyses it",
            path.display(),
            path.display()
        );
    }
    Ok(())
}

/// Opens a scenario file of either kind, turning its diagnostics into the
/// error; a RON scenario is not expanded yet. Every other problem already
/// names the file in one sentence, so it gets no context added.
fn open_file(path: &Path) -> anyhow::Result<Opened> {
    match crate::io::open(&ScenarioSource::File(path.to_owned())) {
        Ok(opened) => Ok(opened),
        Err(LoadError::Invalid(diagnostics)) => Err(anyhow::Error::new(Diagnosed(diagnostics))),
        Err(e) => Err(anyhow::anyhow!("{e}")),
    }
}

/// A scenario's errors, as an error that stops a command. They are printed
/// as they are: each already starts `file:line:col: error:`.
#[derive(Debug)]
pub struct Diagnosed(pub Diagnostics);

impl std::fmt::Display for Diagnosed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl std::error::Error for Diagnosed {}

/// How the binary prints an error that stopped a command: `error: ` and
/// the chain of causes, or a scenario's diagnostics as they are (they have
/// their own `error:` after each location).
pub fn error_text(error: &anyhow::Error) -> String {
    match error.downcast_ref::<Diagnosed>() {
        Some(diagnosed) => diagnosed.to_string(),
        None => format!("error: {error:#}"),
    }
}

/// A first argument that looks like a misspelt subcommand rather than a
/// file to open in the app (`demarche chek x.ron`): not an option, not an
/// existing path, no file extension, and either close to a subcommand's
/// name or followed by more arguments. Returns the message for it, which
/// suggests the closest subcommand, or lists them all.
pub fn misspelt_subcommand(args: &[std::ffi::OsString]) -> Option<String> {
    let first = args.get(1)?.to_str()?;
    if first.starts_with('-') || Path::new(first).exists() || Path::new(first).extension().is_some()
    {
        return None;
    }
    let command = <Cli as clap::CommandFactory>::command();
    let names: Vec<&str> = command
        .get_subcommands()
        .map(clap::Command::get_name)
        .collect();
    if names.contains(&first) {
        return None;
    }
    let lower = first.to_lowercase();
    let closest = names
        .iter()
        .map(|name| (strsim::damerau_levenshtein(&lower, name), *name))
        .filter(|(distance, name)| *distance <= (name.len() / 3).max(2))
        .min_by_key(|(distance, _)| *distance);
    match closest {
        Some((_, name)) => Some(format!(
            "error: there is no command `{first}`; did you mean `demarche {name}`?"
        )),
        None if args.len() > 2 => Some(format!(
            "error: there is no command `{first}`; the commands are {} (`demarche --help` says what each does)",
            names.join(", ")
        )),
        None => None,
    }
}
