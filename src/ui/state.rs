//! The app's state as plain data: what is open, what the user chose to
//! see, and the settings kept between runs. Panels read it; only
//! [`super::DemarcheApp::apply`] changes it. The work in progress (loading,
//! exporting, analysis) belongs to the app, which shows panels a read-only
//! [`Screen`] of it.

use std::path::PathBuf;
use std::sync::Arc;

use super::tasks::Reports;
use crate::analysis::PlayModel;
use crate::engine::MapLayout;
use crate::io::{ExportFormat, FolderEntry, LibraryEntry, ScenarioSource};
use crate::model::Diagnostics;
use crate::session::{Session, VisitId};

/// The centre view.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum View {
    Story,
    Map,
    Compare,
    Analysis,
}

/// An open scenario with the user's walk through it.
pub struct Document {
    pub source: ScenarioSource,
    pub session: Session,
    /// Where the map draws each situation (the SVG export draws the same).
    pub layout: Arc<MapLayout>,
    /// How long reading and expanding took.
    pub load_ms: f64,
}

/// A scenario that could not be opened or reloaded.
#[derive(Clone, Debug)]
pub struct Failure {
    /// The scenario that failed, as its path was given (or a built-in one).
    pub source: ScenarioSource,
    /// What went wrong.
    pub problem: Problem,
    /// Whether this is the open scenario failing to reload: its last good
    /// version stays on screen, and saving the file tries again. Otherwise
    /// the scenario never opened and whatever was on screen stays.
    pub reloading: bool,
}

/// What went wrong when opening a scenario.
#[derive(Clone, Debug)]
pub enum Problem {
    /// The file has errors, each at its line and column.
    Invalid(Diagnostics),
    /// Something else, in one sentence (a missing file, a folder, a binary
    /// file, a graph too large).
    Message(String),
}

/// The play model behind the outcome bars, as chosen in the outcomes
/// panel (quantal response's lambda is kept beside it in [`Settings`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum ModelChoice {
    /// The author's judged likelihoods (uniform where there are none),
    /// called "Forecast" on screen; saved settings keep that name.
    #[default]
    #[serde(rename = "Forecast")]
    Judged,
    Uniform,
    /// Logit quantal response at `Settings::lambda`.
    Qre,
    Rational,
}

impl ModelChoice {
    /// Every choice, in the order the selector lists them.
    pub const ALL: [ModelChoice; 4] = [
        ModelChoice::Judged,
        ModelChoice::Uniform,
        ModelChoice::Qre,
        ModelChoice::Rational,
    ];

    /// The model's name on screen.
    pub fn label(self) -> &'static str {
        match self {
            ModelChoice::Judged => "Forecast",
            ModelChoice::Uniform => "Uniform",
            ModelChoice::Qre => "Bounded rationality",
            ModelChoice::Rational => "Rational",
        }
    }

    /// What the model assumes, in one sentence.
    pub fn explanation(self) -> &'static str {
        match self {
            ModelChoice::Judged => {
                "The author's judgement: a move with a judged likelihood gets it; the other moves share the rest equally."
            }
            ModelChoice::Uniform => "Anything goes: every available move equally likely.",
            ModelChoice::Qre => {
                "Logit quantal response: better moves are more likely, the more so the higher lambda. Lambda 0 is uniform play; at the top of the slider play cannot be told from rational."
            }
            ModelChoice::Rational => {
                "Every actor plays its best move (backward induction); ties go to the first move in the file."
            }
        }
    }
}

/// Settings kept between runs. Files are kept by absolute path, so they
/// open again whatever folder the app is started from.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct Settings {
    /// The scenario file open at the last exit; `None` for a built-in one.
    pub last_file: Option<PathBuf>,
    /// The built-in scenario open at the last exit, by file name.
    #[serde(default)]
    pub last_built_in: Option<String>,
    /// Scenario files opened lately, the latest first.
    pub recent: Vec<PathBuf>,
    pub dark: bool,
    /// The play model behind the outcome bars.
    #[serde(default)]
    pub model: ModelChoice,
    /// Lambda for quantal response.
    #[serde(default = "default_lambda")]
    pub lambda: f64,
    /// Outside seminar mode too, hide the rational choice, the odds and the
    /// analysis until revealed, one step at a time (seminar mode always
    /// does).
    #[serde(default)]
    pub hide_analysis: bool,
    /// How much larger text is in seminar mode (1.6 unless chosen).
    #[serde(default = "default_seminar_scale")]
    pub seminar_scale: f32,
}

/// Quantal response's lambda until the user moves the slider.
fn default_lambda() -> f64 {
    1.0
}

fn default_seminar_scale() -> f32 {
    super::style::SEMINAR_SCALE
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            last_file: None,
            last_built_in: None,
            recent: Vec::new(),
            dark: false,
            model: ModelChoice::default(),
            lambda: default_lambda(),
            hide_analysis: false,
            seminar_scale: default_seminar_scale(),
        }
    }
}

impl Settings {
    /// The chosen play model, with its lambda.
    pub fn play_model(&self) -> PlayModel {
        match self.model {
            ModelChoice::Judged => PlayModel::Judged,
            ModelChoice::Uniform => PlayModel::Uniform,
            ModelChoice::Qre => PlayModel::qre(self.lambda),
            ModelChoice::Rational => PlayModel::Rational,
        }
    }

    /// The chosen model's name on screen, with lambda for quantal
    /// response: "Forecast", "Bounded rationality (lambda 2.5)".
    pub fn model_title(&self) -> String {
        match self.model {
            ModelChoice::Qre => format!(
                "{} (lambda {})",
                self.model.label(),
                crate::analysis::lambda_words(self.lambda)
            ),
            other => other.label().to_owned(),
        }
    }
}

/// The presenter view: a second window for the instructor's own screen.
#[derive(Clone, Copy, Debug, Default)]
pub struct Presenter {
    /// Whether the second window is open.
    pub open: bool,
    /// When it was opened, for the class clock.
    pub opened_at: Option<std::time::Instant>,
}

/// A request to the map view to fit its picture, which the shell passes
/// on to the map's own view state (the app never writes a panel's state).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FitRequest {
    /// Bumped on every request; the shell remembers the last one it passed
    /// on.
    pub serial: u64,
    /// Fit the whole graph however deep (F), rather than the first view of
    /// a newly opened one.
    pub all: bool,
}

/// What a file dialog is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Purpose {
    OpenScenario,
    OpenSession,
    SaveSession,
    Export(ExportFormat),
}

impl Purpose {
    /// The dialog's title.
    pub fn title(self) -> String {
        match self {
            Purpose::OpenScenario => "Open a scenario (.ron) or a Gambit game (.efg)".to_owned(),
            Purpose::OpenSession => "Open a session".to_owned(),
            Purpose::SaveSession => "Save the session".to_owned(),
            Purpose::Export(format) => format!("Export the {}", format.what()),
        }
    }

    /// Whether the dialog picks a file to write (rather than one to read).
    pub fn saves(self) -> bool {
        matches!(self, Purpose::SaveSession | Purpose::Export(_))
    }

    /// The file name offered at first (empty when opening).
    pub fn default_name(self) -> String {
        match self {
            Purpose::OpenScenario | Purpose::OpenSession => String::new(),
            Purpose::SaveSession => "session.ron".to_owned(),
            Purpose::Export(format) => {
                let name = match format {
                    ExportFormat::Md | ExportFormat::Html => "debrief",
                    ExportFormat::Dot => "graph",
                    ExportFormat::Svg => "map",
                    ExportFormat::Efg => "game",
                    ExportFormat::Ballots => "ballots",
                };
                format!("{name}.{}", format.extension())
            }
        }
    }

    /// Whether a file called `name` is listed (folders always are).
    pub fn lists(self, name: &str) -> bool {
        let extension = std::path::Path::new(name)
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or("");
        match self {
            Purpose::OpenScenario => extension == "ron" || extension == "efg",
            Purpose::OpenSession | Purpose::SaveSession => extension == "ron",
            Purpose::Export(format) => extension == format.extension(),
        }
    }
}

/// An open file dialog, drawn inside the window (no desktop portal
/// needed); its folder is listed on another thread.
#[derive(Clone, Debug, PartialEq)]
pub struct FileDialog {
    pub purpose: Purpose,
    /// Bumped each time a dialog opens, so the name typed in the last one
    /// is not kept.
    pub serial: u64,
    /// The folder shown (absolute once listed).
    pub folder: PathBuf,
    /// Its entries once read, or why they could not be.
    pub listing: Option<Result<Vec<FolderEntry>, String>>,
}

/// Which small windows are open.
#[derive(Clone, Copy, Debug, Default)]
pub struct Windows {
    pub shortcuts: bool,
    pub about: bool,
    pub library: bool,
}

/// Everything the app shows, as plain data.
pub struct AppState {
    pub document: Option<Document>,
    pub failure: Option<Failure>,
    /// A one-line message in the status bar.
    pub status: Option<String>,
    pub view: View,
    pub seminar: bool,
    /// Where the analysis was revealed: a reveal covers that step only.
    pub revealed_at: Option<VisitId>,
    /// The instructor pinned "keep revealed": later steps stay revealed.
    pub keep_revealed: bool,
    pub presenter: Presenter,
    /// Whether the instructor notes are shown.
    pub notes_revealed: bool,
    pub compare: [Option<VisitId>; 2],
    /// The open file dialog, if any.
    pub file_dialog: Option<FileDialog>,
    /// The last request to fit the map.
    pub fit_map: FitRequest,
    pub windows: Windows,
    /// The scenario library, read when its window opens.
    pub library: Vec<LibraryEntry>,
    pub settings: Settings,
    /// The class taking part, while its server runs.
    pub class: Option<super::class::ClassScreen>,
    /// The form that starts a class, while it is open.
    pub class_start: Option<super::class::StartForm>,
}

impl AppState {
    /// A state with nothing open.
    pub fn new(settings: Settings) -> AppState {
        AppState {
            document: None,
            failure: None,
            status: None,
            view: View::Story,
            seminar: false,
            revealed_at: None,
            keep_revealed: false,
            presenter: Presenter::default(),
            notes_revealed: false,
            compare: [None, None],
            file_dialog: None,
            fit_map: FitRequest::default(),
            windows: Windows::default(),
            library: Vec::new(),
            settings,
            class: None,
            class_start: None,
        }
    }
}

impl AppState {
    /// Whether analysis is hidden until revealed: in seminar mode, and
    /// outside it when the setting says so.
    pub fn hides_analysis(&self) -> bool {
        self.seminar || self.settings.hide_analysis
    }

    /// The two visits shown: the chosen ones, or by default the current visit
    /// and the branch explored before it.
    pub fn compared(&self, session: &Session) -> [VisitId; 2] {
        let walk = session.walk();
        let leaves = walk.leaves();
        let valid = |v: Option<VisitId>| v.filter(|v| walk.contains(*v));
        let left = valid(self.compare[0]).unwrap_or(walk.current());
        let right = valid(self.compare[1]).unwrap_or_else(|| {
            leaves
                .iter()
                .rev()
                .copied()
                .find(|l| *l != left && !walk.path_to(left).contains(l))
                .unwrap_or(VisitId::START)
        });
        [left, right]
    }

    /// Asks the map to fit its picture on the next frame.
    pub fn request_fit(&mut self, all: bool) {
        self.fit_map = FitRequest {
            serial: self.fit_map.serial + 1,
            all,
        };
    }

    /// The visit the walk is at, if a scenario is open.
    pub fn current_visit(&self) -> Option<VisitId> {
        self.document.as_ref().map(|d| d.session.walk().current())
    }

    /// Whether the rational choice, outcome odds and analysis are shown
    /// now: always, unless seminar mode or the `hide_analysis` setting
    /// hides them; then only at the step they were revealed at, or
    /// everywhere while `keep_revealed` is pinned. Derived from the state
    /// on every call, so it can never be stale.
    pub fn revealed(&self) -> bool {
        !self.hides_analysis()
            || self.keep_revealed
            || (self.revealed_at.is_some() && self.revealed_at == self.current_visit())
    }
}

/// Work the app is doing, for the status bar.
#[derive(Clone, Debug, PartialEq)]
pub enum Busy {
    /// Loading a scenario: the phase, the situations found so far and,
    /// while expanding, how many are expanded of the total known.
    Loading {
        what: String,
        n_situations: u64,
        expanded_of_known: Option<(u64, u64)>,
    },
    /// Writing an export.
    Exporting { what: String },
}

/// What a panel may read: the state, the analysis of the open scenario and
/// the work in progress.
#[derive(Clone, Copy)]
pub struct Screen<'a> {
    pub state: &'a AppState,
    /// What the analysis says about the open document (present exactly
    /// when it is): the reports every panel reads.
    pub reports: Option<&'a Reports>,
    pub busy: Option<&'a Busy>,
}
