//! Work the app does off the window's thread, each owned by the app and
//! polled every frame: loading a scenario ([`Job`]), the analysis's reports
//! ([`Reports`], on [`Background`] threads for large graphs), watching the
//! scenario file ([`FileWatcher`]) and autosave ([`Autosaver`]).

mod autosave;
mod keyed;
mod reports;
mod watch;
mod worker;

pub use autosave::Autosaver;
pub use reports::{Findings, FromStart, NoStability, ReportKey, Reports, SweepView, Wanted};
pub use watch::{FileWatcher, ScriptedChanges};
pub use worker::{Background, Job, JobFailure, LoadHold, LoadOptions, Loaded};

/// Above this many situations per-situation analysis (the insight, the
/// presenter's forecast, the compare view's odds) runs off the window's
/// thread.
const BACKGROUND_ABOVE: usize = 50_000;
