//! The app's and the command line's integration tests, one binary: each
//! module was once a test file of its own; `common` is the harness they
//! share (the binary, its output, the shipped scenarios).

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod analysis_cli;
mod class_cli;
mod class_ui;
mod classroom_ui;
mod cli;
mod cli_reference;
mod common;
mod efg_cli;
mod games;
mod generate;
mod lemke;
mod library;
mod map_ui;
mod memory_games;
mod memory_limits;
mod one_answer;
mod reliability;
mod scale;
mod scenarios;
mod solve_output;
mod source_forecasts;
mod tidy;
mod ui;
