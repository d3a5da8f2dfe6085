//! A session as RON text and back; [`crate::io`] reads and writes the
//! files.
//!
//! The file names moves and results by their string ids, not by index, so
//! a session survives edits to its scenario: on load the visits are replayed
//! in creation order, and a visit whose step no longer exists or is no
//! longer available is dropped with its descendants and reported. The last
//! [`SAVED_UNDO`] changes of the undo history (and what was undone) are
//! saved too, each as a whole earlier walk, so undo works after a restart.
//! A saved file looks like this:
//!
//! ```ron
//! (
//!     version: 1,
//!     scenario: "small",
//!     title: "Small standoff",
//!     visits: [
//!         (parent: None, step: None, forward: Some(1)),
//!         (parent: Some(0), step: Some((actor: "north", move: "arm", result: None))),
//!     ],
//!     current: 1,
//!     bookmarks: [(visit: 1, label: "armed")],
//!     notes: {1: "North arms first."},
//!     undo: [(visits: [(parent: None, step: None)], current: 0)],
//! )
//! ```
//!
//! Visit 0 is the start. `forward` says which child Forward goes to.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use ron::extensions::Extensions;
use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::class_record::ClassRecord;
use super::session::Session;
use super::walk::{Roll, VisitId, Walk};
use crate::engine::{SituationGraph, SituationId, StepId, step_id_parts, step_ids};
use crate::model::{ResultIndex, Scenario};

/// The session file format this build writes and reads.
pub const SESSION_FORMAT_VERSION: u32 = 1;

/// How many undo steps (and redo steps) a session file keeps: each is a
/// whole walk, so the file stays small however long the session ran.
pub const SAVED_UNDO: usize = 100;

/// Why a session could not be saved or loaded.
#[derive(Debug, Error)]
pub enum PersistError {
    /// The text is not a session file.
    #[error("{}: {message}", location(.file.as_deref(), *.line, *.column))]
    Syntax {
        /// The file, when the text was read from one.
        file: Option<PathBuf>,
        /// 1-based.
        line: usize,
        /// 1-based, in characters.
        column: usize,
        message: String,
    },
    /// The file was written in a format version this build does not read.
    #[error(
        "{}session format version {found} is not supported; this build reads version {supported}",
        file_prefix(.file.as_deref())
    )]
    Version {
        file: Option<PathBuf>,
        found: u32,
        supported: u32,
    },
    /// The session could not be turned into RON.
    #[error("cannot write the session as RON: {0}")]
    Serialize(String),
}

/// `path:3:5`, or `line 3, column 5` without a file.
fn location(file: Option<&Path>, line: usize, column: usize) -> String {
    match file {
        Some(f) => format!("{}:{line}:{column}", f.display()),
        None => format!("line {line}, column {column}"),
    }
}

/// `path: `, or nothing.
fn file_prefix(file: Option<&Path>) -> String {
    file.map(|f| format!("{}: ", f.display()))
        .unwrap_or_default()
}

/// A session file.
#[derive(Debug, Serialize, Deserialize)]
struct SessionFile {
    version: u32,
    /// The scenario's id.
    scenario: String,
    /// The scenario's title, for a reader of the file.
    #[serde(default)]
    title: String,
    /// The seed chance rolls draw from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    seed: Option<u64>,
    /// In creation order; 0 is the start.
    #[serde(default)]
    visits: Vec<VisitRecord>,
    #[serde(default)]
    current: u32,
    #[serde(default)]
    bookmarks: Vec<BookmarkRecord>,
    #[serde(default)]
    notes: BTreeMap<u32, String>,
    /// Earlier walks to undo to, oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    undo: Vec<WalkRecord>,
    /// Walks undone, the next to redo last.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    redo: Vec<WalkRecord>,
    /// What the class answered, when a class took part.
    #[serde(default, skip_serializing_if = "ClassRecord::is_empty")]
    class: ClassRecord,
}

/// A walk of the undo history: the same fields as the current walk's.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
struct WalkRecord {
    #[serde(default)]
    visits: Vec<VisitRecord>,
    #[serde(default)]
    current: u32,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    bookmarks: Vec<BookmarkRecord>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    notes: BTreeMap<u32, String>,
}

impl SessionFile {
    /// `walk` in this file's place, for rebuilding it the same way.
    fn with_walk(&self, walk: &WalkRecord) -> SessionFile {
        SessionFile {
            version: self.version,
            scenario: self.scenario.clone(),
            title: self.title.clone(),
            seed: self.seed,
            visits: walk.visits.clone(),
            current: walk.current,
            bookmarks: walk.bookmarks.clone(),
            notes: walk.notes.clone(),
            undo: Vec::new(),
            redo: Vec::new(),
            class: ClassRecord::default(),
        }
    }

    /// This file's own walk as a history entry.
    fn into_walk(self) -> WalkRecord {
        WalkRecord {
            visits: self.visits,
            current: self.current,
            bookmarks: self.bookmarks,
            notes: self.notes,
        }
    }
}

/// Only the version, read first so a newer format gets a clear message.
#[derive(Deserialize)]
struct VersionOnly {
    version: u32,
}

/// One visit: where it came from and by which step.
#[derive(Clone, Debug, Serialize, Deserialize)]
struct VisitRecord {
    #[serde(default)]
    parent: Option<u32>,
    #[serde(default)]
    step: Option<StepRecord>,
    /// The child Forward goes to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    forward: Option<u32>,
    /// The roll that led here, if the step was rolled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    roll: Option<RollRecord>,
}

/// A chance roll: the seed, which roll of the walk it was, the number drawn.
#[derive(Clone, Debug, Serialize, Deserialize)]
struct RollRecord {
    seed: u64,
    number: u64,
    drawn: f64,
}

/// A step by string ids. The actor is written for the reader; the move
/// decides.
#[derive(Clone, Debug, Serialize, Deserialize)]
struct StepRecord {
    #[serde(default)]
    actor: String,
    #[serde(rename = "move")]
    move_: String,
    #[serde(default)]
    result: Option<String>,
}

/// A bookmark by visit index.
#[derive(Clone, Debug, Serialize, Deserialize)]
struct BookmarkRecord {
    visit: u32,
    label: String,
}

impl Session {
    /// The session as pretty-printed RON.
    pub fn to_ron(&self) -> Result<String, PersistError> {
        let file = self.to_file();
        let config = ron::ser::PrettyConfig::new()
            .depth_limit(2)
            .struct_names(false);
        let mut text = ron::ser::to_string_pretty(&file, config)
            .map_err(|e| PersistError::Serialize(e.to_string()))?;
        text.push('\n');
        Ok(text)
    }

    /// Reads a session from RON text, for `scenario`. Returns the session and
    /// what of the text did not fit the scenario.
    pub fn from_ron(
        text: &str,
        scenario: Arc<Scenario>,
    ) -> Result<(Session, Vec<String>), PersistError> {
        from_ron_in(text, Session::new(scenario), None)
    }

    /// Reads a session from RON text into `session`, a fresh session whose
    /// graph may already be expanded (for example off the UI thread).
    /// `file` names the text in messages.
    pub fn from_ron_into(
        text: &str,
        session: Session,
        file: Option<&Path>,
    ) -> Result<(Session, Vec<String>), PersistError> {
        from_ron_in(text, session, file)
    }

    /// This session carried onto a new version of its scenario and graph
    /// (the file was edited and reloaded): the walk, the undo and redo
    /// history and the seed are kept, each visit at the same steps (by move
    /// and result id) in the new graph. What no longer fits the current
    /// walk is dropped and reported, as when a saved session is loaded; a
    /// changed scenario id is not a reason to drop anything here.
    /// O(visits) per walk of the history.
    pub fn carried_onto(
        &self,
        scenario: Arc<Scenario>,
        graph: impl Into<Arc<SituationGraph>>,
    ) -> (Session, Vec<String>) {
        let mut carried = Session::with_graph(scenario, graph).with_seed(self.seed());
        let carry = |walk: &Walk, session: &mut Session| {
            let file = self.walk_file(walk);
            rebuild(session, &file, false)
        };
        let undo: Vec<Walk> = self
            .history()
            .0
            .iter()
            .map(|w| carry(w, &mut carried).0)
            .collect();
        let redo: Vec<Walk> = self
            .history()
            .1
            .iter()
            .map(|w| carry(w, &mut carried).0)
            .collect();
        let (walk, report) = carry(self.walk(), &mut carried);
        carried.set_history(walk, undo, redo);
        carried.set_class_record(self.class_record().clone());
        (carried, report)
    }

    /// The session's walk as a file, by string ids, with the last
    /// [`SAVED_UNDO`] steps of its undo and redo history.
    fn to_file(&self) -> SessionFile {
        let (undo, redo) = self.history();
        let record = |w: &Walk| self.walk_file(w).into_walk();
        let mut file = self.walk_file(self.walk());
        file.undo = undo
            .iter()
            .skip(undo.len().saturating_sub(SAVED_UNDO))
            .map(record)
            .collect();
        file.redo = redo
            .iter()
            .skip(redo.len().saturating_sub(SAVED_UNDO))
            .map(record)
            .collect();
        file.class = self.class_record().clone();
        file
    }

    /// A walk of this session as a file, by string ids.
    fn walk_file(&self, walk: &Walk) -> SessionFile {
        let scenario = self.scenario();
        let graph = self.graph();
        let visits = walk
            .visits()
            .iter()
            .enumerate()
            .map(|(i, visit)| VisitRecord {
                parent: visit.parent.map(|p| p.0),
                step: visit.via.map(|s| {
                    let step = graph.step(s);
                    let (actor, move_, result) =
                        step_id_parts(scenario, step.actor, step.move_, step.result);
                    StepRecord {
                        actor,
                        move_,
                        result,
                    }
                }),
                forward: walk.forward(VisitId(i as u32)).map(|f| f.0),
                roll: walk.roll(VisitId(i as u32)).map(|r| RollRecord {
                    seed: r.seed,
                    number: r.number,
                    drawn: r.drawn,
                }),
            })
            .collect();
        SessionFile {
            version: SESSION_FORMAT_VERSION,
            seed: Some(self.seed()),
            scenario: scenario.id.clone(),
            title: scenario.title.clone(),
            visits,
            current: walk.current().0,
            bookmarks: walk
                .bookmarks()
                .iter()
                .map(|b| BookmarkRecord {
                    visit: b.visit.0,
                    label: b.label.clone(),
                })
                .collect(),
            notes: walk
                .notes()
                .iter()
                .map(|(v, text)| (v.0, text.clone()))
                .collect(),
            undo: Vec::new(),
            redo: Vec::new(),
            class: ClassRecord::default(),
        }
    }
}

/// Parses `text` and replays it into `session`.
fn from_ron_in(
    text: &str,
    mut session: Session,
    path: Option<&Path>,
) -> Result<(Session, Vec<String>), PersistError> {
    let options = ron::Options::default().with_default_extension(Extensions::IMPLICIT_SOME);
    let syntax = |e: ron::error::SpannedError| PersistError::Syntax {
        file: path.map(Path::to_owned),
        line: e.span.start.line,
        column: e.span.start.col,
        message: lowercase_first(&e.code.to_string()),
    };
    // The version first, so a file from a newer build says so rather than
    // failing on a field this build does not know.
    if let Ok(header) = options.from_str::<VersionOnly>(text)
        && header.version != SESSION_FORMAT_VERSION
    {
        return Err(PersistError::Version {
            file: path.map(Path::to_owned),
            found: header.version,
            supported: SESSION_FORMAT_VERSION,
        });
    }
    let mut file: SessionFile = options.from_str(text).map_err(syntax)?;
    if let Some(seed) = file.seed {
        session = session.with_seed(seed);
    }
    session.set_class_record(std::mem::take(&mut file.class));
    let (walk, report) = rebuild(&mut session, &file, true);
    if file.scenario != session.scenario().id {
        session.set_walk(walk);
        return Ok((session, report));
    }
    // The history's walks are rebuilt the same way; what of them no longer
    // fits is dropped quietly (the current walk's report says what
    // changed).
    let mut history = |walks: &[WalkRecord]| -> Vec<Walk> {
        walks
            .iter()
            .map(|w| rebuild(&mut session, &file.with_walk(w), true).0)
            .collect()
    };
    let undo = history(&file.undo);
    let redo = history(&file.redo);
    session.set_history(walk, undo, redo);
    Ok((session, report))
}

/// Rebuilds the walk of `file` over `session`'s graph (expanding it where
/// the walk needs), keeping what fits the scenario, and returns it with a
/// sentence for each thing that did not. With `same_id`, a file saved for
/// another scenario id gives only the start.
fn rebuild(session: &mut Session, file: &SessionFile, same_id: bool) -> (Walk, Vec<String>) {
    let mut report = Vec::new();
    let scenario = Arc::clone(session.scenario_arc());
    if same_id && file.scenario != scenario.id {
        report.push(format!(
            "the session was saved for scenario \"{}\" (\"{}\"), not \"{}\" (\"{}\"); only the start is loaded",
            file.scenario, file.title, scenario.id, scenario.title
        ));
        return (Walk::new(session.graph().start()), report);
    }

    let start = session.graph().start();
    let mut walk = Walk::new(start);
    let n = file.visits.len().max(1);
    // The visit each file visit became, if it survived.
    let mut kept: Vec<Option<VisitId>> = vec![None; n];
    kept[0] = Some(VisitId::START);
    if let Some(first) = file.visits.first()
        && (first.parent.is_some() || first.step.is_some())
    {
        report.push("visit 0 is the start; its parent and step are ignored".to_owned());
    }

    for (i, record) in file.visits.iter().enumerate().skip(1) {
        let parent_index = match record.parent {
            Some(p) if (p as usize) < i => p as usize,
            Some(p) => {
                report.push(format!(
                    "dropped visit {i} and what follows it: its parent {p} is not an earlier visit"
                ));
                continue;
            }
            None => {
                report.push(format!(
                    "dropped visit {i} and what follows it: only visit 0 may have no parent"
                ));
                continue;
            }
        };
        // A visit under a dropped one goes with it, already reported.
        let Some(parent) = kept[parent_index] else {
            continue;
        };
        let Some(record_step) = &record.step else {
            report.push(format!(
                "dropped visit {i} and what follows it: it names no step"
            ));
            continue;
        };
        let from = walk.visit(parent).situation;
        session.expand(from);
        match resolve_step(session, &walk, parent, from, record_step) {
            Ok(step) => {
                if let Some(existing) = walk.child(parent, step) {
                    report.push(format!(
                        "visit {i} repeats an earlier visit by the same step; they are merged"
                    ));
                    kept[i] = Some(existing);
                } else {
                    let to = session.graph().target(step);
                    let visit = walk.add_child(parent, step, to);
                    if let Some(r) = &record.roll {
                        walk.set_roll(
                            visit,
                            Roll {
                                seed: r.seed,
                                number: r.number,
                                drawn: r.drawn,
                            },
                        );
                    }
                    kept[i] = Some(visit);
                }
            }
            Err(why) => report.push(format!("dropped a branch: {why}")),
        }
    }

    let kept_at = |index: u32| kept.get(index as usize).copied().flatten();
    for (i, record) in file.visits.iter().enumerate() {
        if let (Some(v), Some(f)) = (kept[i], record.forward.and_then(kept_at)) {
            walk.set_forward(v, f);
        }
    }

    let current = if (file.current as usize) < n {
        // The nearest surviving ancestor in the file's tree.
        let mut at = file.current as usize;
        let mut hops = 0;
        loop {
            if let Some(v) = kept[at] {
                break v;
            }
            match file.visits.get(at).and_then(|r| r.parent) {
                Some(p) if (p as usize) < at && hops < n => at = p as usize,
                _ => break VisitId::START,
            }
            hops += 1;
        }
    } else {
        report.push(format!(
            "the current visit {} does not exist; the walk goes on from the start",
            file.current
        ));
        VisitId::START
    };
    if kept_at(file.current).is_none() && (file.current as usize) < n {
        report.push(
            "the current visit was on a dropped branch; the walk goes on from the nearest visit that remains"
                .to_owned(),
        );
    }
    walk.set_current(current);

    for b in &file.bookmarks {
        match kept_at(b.visit) {
            Some(v) => match walk.bookmark(v) {
                Some(other) => report.push(format!(
                    "dropped the bookmark \"{}\": its visit is already bookmarked as \"{}\"",
                    b.label, other.label
                )),
                None => walk.set_bookmark(v, b.label.clone()),
            },
            None if (b.visit as usize) < n => report.push(format!(
                "dropped the bookmark \"{}\": its visit was on a dropped branch",
                b.label
            )),
            None => report.push(format!(
                "dropped the bookmark \"{}\": there is no visit {}",
                b.label, b.visit
            )),
        }
    }
    for (&index, text) in &file.notes {
        match kept_at(index) {
            Some(v) if walk.note(v).is_some() => report.push(format!(
                "dropped the note {text:?}: its visit already has a note"
            )),
            Some(v) => walk.set_note(v, text.clone()),
            None if (index as usize) < n => report.push(format!(
                "dropped the note {text:?}: its visit was on a dropped branch"
            )),
            None => report.push(format!(
                "dropped the note {text:?}: there is no visit {index}"
            )),
        }
    }

    (walk, report)
}

/// The step a record names out of `from` (the situation of `parent`), or why
/// it no longer fits, in words.
fn resolve_step(
    session: &Session,
    walk: &Walk,
    parent: VisitId,
    from: SituationId,
    record: &StepRecord,
) -> Result<StepId, String> {
    let scenario = session.scenario();
    let Some(move_) = scenario.move_by_id(&record.move_) else {
        return Err(format!(
            "move \"{}\" no longer exists in the scenario",
            record.move_
        ));
    };
    let m = scenario.move_(move_);
    let result = match &record.result {
        None if !m.results.is_empty() => {
            return Err(format!(
                "move \"{}\" now has chance results and none was recorded",
                m.id
            ));
        }
        None => None,
        Some(id) => match m.results.iter().position(|r| &r.id == id) {
            Some(j) => Some(ResultIndex(j as u16)),
            None => {
                return Err(format!(
                    "result \"{id}\" of move \"{}\" no longer exists in the scenario",
                    m.id
                ));
            }
        },
    };
    session
        .graph()
        .find_step(from, move_, result)
        .ok_or_else(|| {
            let path: Vec<String> = walk
                .path_to(parent)
                .iter()
                .filter_map(|v| walk.visit(*v).via)
                .map(|s| step_ids(scenario, session.graph().step(s)))
                .collect();
            let place = if path.is_empty() {
                "at the start".to_owned()
            } else {
                format!("after {}", path.join(", "))
            };
            format!("move \"{}\" is no longer available {place}", m.id)
        })
}

/// `Expected comma` -> `expected comma`.
fn lowercase_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::load_str;
    use crate::session::Action;

    fn small() -> Session {
        let scenario = load_str(crate::synthetic::SMALL, "small.ron").unwrap();
        Session::new(Arc::new(scenario))
    }

    fn take(session: &mut Session, move_id: &str, result_id: Option<&str>) {
        let action = Action::take_named(session.scenario(), move_id, result_id).unwrap();
        session.apply(action).unwrap();
    }

    #[test]
    fn the_file_names_steps_by_their_ids() {
        let mut session = small();
        take(&mut session, "arm", None);
        take(&mut session, "offer", Some("refused"));
        session
            .apply(Action::Bookmark {
                label: "refused".to_owned(),
            })
            .unwrap();
        session
            .apply(Action::Note {
                text: "South offers too late.".to_owned(),
            })
            .unwrap();
        let text = session.to_ron().unwrap();
        assert!(text.contains("version: 1"), "{text}");
        assert!(text.contains("scenario: \"small\""), "{text}");
        assert!(
            text.contains(
                "(parent: Some(1), step: Some((actor: \"south\", move: \"offer\", result: Some(\"refused\"))))"
            ),
            "{text}"
        );
        assert!(text.contains("2: \"South offers too late.\""), "{text}");

        let (loaded, report) =
            Session::from_ron(&text, Arc::clone(session.scenario_arc())).unwrap();
        assert!(report.is_empty(), "{report:?}");
        assert_eq!(loaded.walk(), session.walk());
    }

    #[test]
    fn the_example_in_the_module_docs_loads() {
        let text = r#"(
            version: 1,
            scenario: "small",
            title: "Small standoff",
            visits: [
                (parent: None, step: None, forward: Some(1)),
                (parent: Some(0), step: Some((actor: "north", move: "arm", result: None))),
            ],
            current: 1,
            bookmarks: [(visit: 1, label: "armed")],
            notes: {1: "North arms first."},
        )"#;
        let (session, report) = Session::from_ron(text, small().scenario_arc().clone()).unwrap();
        assert!(report.is_empty(), "{report:?}");
        assert_eq!(session.walk().current(), VisitId(1));
        assert_eq!(session.walk().note(VisitId(1)), Some("North arms first."));
    }

    #[test]
    fn another_scenario_loads_only_the_start() {
        let session = small();
        let text = session.to_ron().unwrap().replace("\"small\"", "\"other\"");
        let (loaded, report) =
            Session::from_ron(&text, Arc::clone(session.scenario_arc())).unwrap();
        assert_eq!(loaded.walk().visits().len(), 1);
        assert_eq!(
            report,
            [
                "the session was saved for scenario \"other\" (\"Small standoff\"), not \"small\" (\"Small standoff\"); only the start is loaded"
            ]
        );
    }

    #[test]
    fn a_newer_format_says_so() {
        let text = "(version: 2, scenario: \"small\", visits: 3)";
        let error = Session::from_ron(text, small().scenario_arc().clone()).unwrap_err();
        assert_eq!(
            error.to_string(),
            "session format version 2 is not supported; this build reads version 1"
        );
    }

    #[test]
    fn broken_references_are_reported_not_followed() {
        let text = r#"(
            version: 1,
            scenario: "small",
            visits: [
                (parent: None, step: None),
                (parent: Some(5), step: Some((move: "arm"))),
                (parent: Some(0), step: Some((move: "stall"))),
                (parent: Some(0), step: Some((move: "stall"))),
            ],
            current: 9,
            bookmarks: [(visit: 7, label: "lost"), (visit: 1, label: "gone")],
            notes: {3: "merged", 2: "kept"},
        )"#;
        let (session, report) = Session::from_ron(text, small().scenario_arc().clone()).unwrap();
        assert_eq!(session.walk().visits().len(), 2);
        assert_eq!(session.walk().current(), VisitId::START);
        assert_eq!(session.walk().note(VisitId(1)), Some("kept"));
        assert_eq!(
            report,
            [
                "dropped visit 1 and what follows it: its parent 5 is not an earlier visit",
                "visit 3 repeats an earlier visit by the same step; they are merged",
                "the current visit 9 does not exist; the walk goes on from the start",
                "dropped the bookmark \"lost\": there is no visit 7",
                "dropped the bookmark \"gone\": its visit was on a dropped branch",
                "dropped the note \"merged\": its visit already has a note",
            ]
        );
    }

    #[test]
    fn syntax_errors_have_a_line_and_column() {
        let text = "(\n    version: 1,\n    scenario: \"small\"\n    visits: [],\n)";
        let error = Session::from_ron(text, small().scenario_arc().clone()).unwrap_err();
        assert!(
            matches!(error, PersistError::Syntax { line: 4, .. }),
            "{error:?}"
        );
        assert!(error.to_string().starts_with("line 4, column "), "{error}");
    }
}
