//! Work the app does off the window's thread, each owned by the app and
//! polled every frame: loading a scenario ([`Job`]), analysis that may take
//! a while ([`Insight`], on [`Background`] threads), watching the scenario
//! file ([`FileWatcher`]) and autosave ([`Autosaver`]).

mod autosave;
mod forecast;
mod insight;
mod watch;
mod worker;

pub use autosave::Autosaver;
pub use forecast::{ForecastOdds, ForecastTask};
pub use insight::{Deep, Insight, NoStability, Odds};
pub use watch::FileWatcher;
pub use worker::{Background, Job, JobFailure, Loaded};
