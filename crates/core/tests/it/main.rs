//! The core's integration tests, one binary: each module was once a test
//! file of its own. Paths are relative to this crate (`../../tests/data`,
//! `../../scenarios`), where `cargo test` runs them.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod analysis;
mod analysis_props;
mod analysis_synthetic;
mod conflict_options;
mod debrief;
mod efg;
mod engine;
mod engine_props;
mod every_spe;
mod fixtures;
mod forecast;
mod forecast_props;
mod lemke_scale;
mod load_props;
mod node_names;
mod reliability_props;
mod scale;
mod session;
mod session_props;
mod speed;
mod zero_sum;

/// `text` as a user running from the top of the workspace sees it: these
/// tests run in `crates/core/` and name fixtures as `../../tests/data/..`.
pub(crate) fn as_from_the_top(text: &str) -> String {
    text.replace("../../tests/data/", "tests/data/")
}
