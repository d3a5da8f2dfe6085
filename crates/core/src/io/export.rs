//! One way to export, for the command line and the app: a format, a
//! session (its scenario, graph and path) and a destination.

use std::io::Write;
use std::path::Path;

use thiserror::Error;

use super::GameFile;
use super::atomic::{PreparedWrite, prepare_atomic};
use super::efg::{EfgExportError, scenario_to_efg};
use super::svg::TooLargeToDraw;
use super::{graph_to_dot, graph_to_svg};
use crate::report::{Audience, debrief_document_for};
use crate::session::Session;

/// What an export writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    /// The situation graph as Graphviz DOT
    Dot,
    /// The situation graph drawn as SVG (the map's layout)
    Svg,
    /// The path taken as a Markdown debrief
    Md,
    /// The same debrief as one self-contained HTML page, for printing
    Html,
    /// The unfolding from the start as a Gambit extensive-form game
    Efg,
    /// The class's ballots as CSV (a session where a class took part)
    Ballots,
}

impl ExportFormat {
    /// Every format, in menu order.
    pub const ALL: [ExportFormat; 6] = [
        ExportFormat::Md,
        ExportFormat::Html,
        ExportFormat::Dot,
        ExportFormat::Svg,
        ExportFormat::Efg,
        ExportFormat::Ballots,
    ];

    /// What is exported, for messages: "the map", "the debrief".
    pub fn what(self) -> &'static str {
        match self {
            ExportFormat::Dot => "graph",
            ExportFormat::Svg => "map",
            ExportFormat::Md => "debrief",
            ExportFormat::Html => "printable debrief",
            ExportFormat::Efg => "game tree",
            ExportFormat::Ballots => "class's ballots",
        }
    }

    /// The file name extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Dot => "dot",
            ExportFormat::Svg => "svg",
            ExportFormat::Md => "md",
            ExportFormat::Html => "html",
            ExportFormat::Efg => "efg",
            ExportFormat::Ballots => "csv",
        }
    }

    /// Whether the export depends on the path taken (the game tree does not:
    /// it is the whole unfolding from the start; the ballots are the
    /// class's, wherever it was asked).
    pub fn uses_path(self) -> bool {
        !matches!(self, ExportFormat::Efg | ExportFormat::Ballots)
    }
}

/// Where an export goes.
pub enum Destination<'a> {
    /// A file, replaced atomically.
    File(&'a Path),
    /// A stream such as standard output.
    Stream(&'a mut dyn Write),
}

/// Why an export was not written.
#[derive(Debug, Error)]
pub enum ExportError {
    /// The graph is too large to draw as SVG.
    #[error(transparent)]
    TooLarge(#[from] TooLargeToDraw),
    /// The game tree could not be written.
    #[error(transparent)]
    Efg(#[from] EfgExportError),
    /// The file could not be written; the previous file, if any, is intact.
    #[error("cannot write {}: {reason}", .path.display())]
    Write {
        path: std::path::PathBuf,
        reason: std::io::Error,
    },
    /// The stream could not be written.
    #[error("cannot write the {what}: {reason}")]
    Stream {
        what: &'static str,
        reason: std::io::Error,
    },
}

/// The export's text: the graph with the session's path bold (DOT, SVG),
/// the path as a debrief dated `today` (Markdown, or HTML for printing), or
/// the whole game tree
/// (`.efg`, keeping a Gambit game's information sets).
pub fn export_text(
    format: ExportFormat,
    session: &Session,
    game: GameFile<'_>,
    today: &str,
) -> Result<String, ExportError> {
    export_text_for(format, Audience::Instructor, session, game, today)
}

/// [`export_text`] with a debrief for `audience` (the other formats have
/// no audience).
pub fn export_text_for(
    format: ExportFormat,
    audience: Audience,
    session: &Session,
    game: GameFile<'_>,
    today: &str,
) -> Result<String, ExportError> {
    let scenario = session.scenario();
    let graph = session.graph();
    Ok(match format {
        ExportFormat::Dot => graph_to_dot(scenario, graph, &session.path(), game),
        ExportFormat::Svg => graph_to_svg(scenario, graph, &session.path(), game)?,
        ExportFormat::Md => {
            debrief_document_for(session, game.information_sets, today, audience).to_markdown()
        }
        ExportFormat::Html => {
            debrief_document_for(session, game.information_sets, today, audience).to_html()
        }
        ExportFormat::Efg => scenario_to_efg(scenario, graph, game)?,
        ExportFormat::Ballots => session.class_record().ballots_csv(),
    })
}

/// Makes the export (see [`export_text`]) and writes it to `destination`
/// (a file is replaced atomically); a debrief is written for `audience`.
pub fn export(
    format: ExportFormat,
    audience: Audience,
    session: &Session,
    game: GameFile<'_>,
    today: &str,
    destination: Destination<'_>,
) -> Result<(), ExportError> {
    match destination {
        Destination::File(path) => {
            prepare_export(format, audience, session, game, today, path)?.commit()
        }
        Destination::Stream(out) => {
            let text = export_text_for(format, audience, session, game, today)?;
            out.write_all(text.as_bytes())
                .map_err(|reason| ExportError::Stream {
                    what: format.what(),
                    reason,
                })
        }
    }
}

/// An export written to a temporary file beside its target, waiting to be
/// put in place. The app makes it on another thread and commits it on the
/// window's (a rename), so a cancelled export writes nothing.
pub struct PreparedExport {
    write: PreparedWrite,
}

impl PreparedExport {
    /// Puts the export in place of the target file.
    pub fn commit(self) -> Result<(), ExportError> {
        let path = self.write.path().to_owned();
        self.write
            .commit()
            .map_err(|reason| ExportError::Write { path, reason })
    }
}

/// The slow part of exporting to `path`: makes the text and writes it,
/// flushed, beside `path` (see [`PreparedExport`]); a debrief is written
/// for `audience`.
pub fn prepare_export(
    format: ExportFormat,
    audience: Audience,
    session: &Session,
    game: GameFile<'_>,
    today: &str,
    path: &Path,
) -> Result<PreparedExport, ExportError> {
    let text = export_text_for(format, audience, session, game, today)?;
    let write = prepare_atomic(path, text.as_bytes()).map_err(|reason| ExportError::Write {
        path: path.to_owned(),
        reason,
    })?;
    Ok(PreparedExport { write })
}
