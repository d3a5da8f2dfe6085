//! `demarche export FILE --format dot|svg|md|html|efg [--moves ...]
//! [--audience students|instructor] [--output FILE]`: the graph as Graphviz DOT or drawn as SVG, the path
//! taken with `--moves` (as in `play`) as a debrief (Markdown, or one
//! self-contained HTML page for printing), or the game tree as a Gambit
//! `.efg` file. Written to standard output, or atomically to
//! `--output`.

use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::bail;
use clap::Args;

use super::{Status, open};
use crate::io::{Destination, ExportFormat, GameFile, export, load_session, today_utc};
use crate::report::Audience;
use crate::session::Session;

/// Arguments of `export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Scenario file (RON, or a Gambit game .efg)
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// What to write: dot (the graph for Graphviz), svg (the graph drawn), md (the path as a Markdown debrief), html (the same debrief as a printable HTML page), efg (the game tree for Gambit), ballots (a class's ballots as CSV, from --session)
    #[arg(long, value_enum)]
    pub format: ExportFormat,
    /// Moves to take from the start, as `play --moves`: the debrief's path, drawn bold in dot and svg
    #[arg(long, value_delimiter = ',', value_name = "ID,ID,...")]
    pub moves: Vec<String>,
    /// Result ids for the chance moves of --moves, in the order they come
    #[arg(long, value_delimiter = ',', value_name = "ID,ID,...")]
    pub results: Vec<String>,
    /// A saved session of this scenario (File > Save session, or the autosave): its path, notes and what the class answered, instead of --moves
    #[arg(long, value_name = "FILE", conflicts_with_all = ["moves", "results"])]
    pub session: Option<PathBuf>,
    /// Who the debrief (md, html) is for: students (a handout without the instructor's notes and questions) or instructor (the full record)
    #[arg(long, value_enum, default_value = "instructor")]
    pub audience: AudienceArg,
    /// Write to this file (replaced atomically; a symbolic link is followed, anything but a regular file refused) instead of standard output; `-` is standard output
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// `--audience`: who the debrief is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum AudienceArg {
    /// The students' handout: no instructor notes or questions.
    Students,
    /// The instructor's record: everything.
    Instructor,
}

impl From<AudienceArg> for Audience {
    fn from(arg: AudienceArg) -> Audience {
        match arg {
            AudienceArg::Students => Audience::Students,
            AudienceArg::Instructor => Audience::Instructor,
        }
    }
}

pub(super) fn run(args: &ExportArgs, out: &mut dyn Write) -> anyhow::Result<Status> {
    let opened = open(&args.file)?;
    if args.format == ExportFormat::Ballots && args.session.is_none() {
        bail!(
            "ballots are what a class answered: give --session FILE, a session saved after a class (File > Save session, or the autosave)"
        );
    }
    if !args.format.uses_path() && (!args.moves.is_empty() || !args.results.is_empty()) {
        bail!(
            "--moves and --results do not apply to efg: the whole game tree from the start is written"
        );
    }
    let scenario = Arc::new(opened.scenario);
    let mut session = Session::with_graph(Arc::clone(&scenario), opened.graph);
    match &args.session {
        Some(path) => {
            let (loaded, dropped) = load_session(path, session)?;
            for line in dropped {
                eprintln!("warning: {}: {line}", path.display());
            }
            session = loaded;
        }
        None => super::path::follow_to_end(&mut session, &args.moves, &args.results, "--moves")?,
    }
    let destination = match &args.output {
        // `-o -` is standard output, as for most tools.
        Some(path) if path.as_os_str() != "-" => Destination::File(path),
        _ => Destination::Stream(out),
    };
    export(
        args.format,
        args.audience.into(),
        &session,
        GameFile {
            information_sets: &opened.information_sets,
            names: Some(&opened.names),
        },
        &today_utc(),
        destination,
    )?;
    Ok(Status::Success)
}
