//! Work the app does off the window's thread, each owned by the app and
//! polled every frame: loading a scenario ([`Job`]), analysis that may take
//! a while ([`Insight`], on [`Background`] threads; the presenter's and
//! the compare view's odds, [`ForecastTask`] and [`CompareTask`]), watching the scenario
//! file ([`FileWatcher`]) and autosave ([`Autosaver`]).

mod autosave;
mod compare;
mod forecast;
mod insight;
mod keyed;
mod watch;
mod worker;

pub use autosave::Autosaver;
pub use compare::{CompareKey, CompareOdds, CompareTask};
pub use forecast::{ForecastOdds, ForecastTask};
pub use insight::{Deep, Insight, NoStability, Odds};
pub use watch::FileWatcher;
pub use worker::{Background, Job, JobFailure, Loaded};

/// Above this many situations per-situation analysis (the insight, the
/// presenter's forecast, the compare view's odds) runs off the window's
/// thread.
const BACKGROUND_ABOVE: usize = 50_000;
