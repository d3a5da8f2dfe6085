//! Helpers the integration tests share: the real binary, its output as
//! text, and the shipped scenarios.

// Each test crate uses some of these, not all.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;
use std::process::{Command, Output};

/// Runs the built `demarche` binary with `args`.
pub fn demarche(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_demarche"))
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run demarche: {e}"))
}

/// What a run printed on standard output.
pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// What a run printed on standard error.
pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// The scenarios shipped in `scenarios/`, sorted.
pub fn shipped_scenarios() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir("scenarios")
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "ron"))
        .collect();
    files.sort();
    files
}

/// What an in-process run of the command line gave: its status (0 or 1, as
/// the binary exits) and what it wrote.
pub struct Ran {
    pub code: i32,
    pub stdout: String,
    /// The error that stopped the command, as the binary would print it.
    pub error: Option<String>,
}

/// Runs the command line in this process (`cli::run` with a buffer): no
/// process per call, for the checks that run many commands.
pub fn run_cli(args: &[&str]) -> Ran {
    use clap::Parser;
    use demarche::cli::{Cli, Status, run};
    let cli = Cli::try_parse_from(std::iter::once("demarche").chain(args.iter().copied()))
        .unwrap_or_else(|e| panic!("demarche {args:?}: {e}"));
    let mut out = Vec::new();
    let result = run(cli, &mut out);
    let stdout = String::from_utf8_lossy(&out).into_owned();
    match result {
        Ok(Status::Success) => Ran {
            code: 0,
            stdout,
            error: None,
        },
        Ok(Status::Failure) => Ran {
            code: 1,
            stdout,
            error: None,
        },
        Err(e) => Ran {
            code: 1,
            stdout,
            error: Some(format!("{e:#}")),
        },
    }
}

/// Runs `demarche args` under `ulimit -v kib` (none for `None`), with
/// `DEMARCHE_MEMORY_MIB` set or not.
pub fn run_limited(kib: Option<u64>, budget_mib: Option<&str>, args: &[&str]) -> Output {
    let mut command = Command::new("sh");
    let limit = kib.map_or(String::new(), |k| format!("ulimit -v {k} && "));
    command
        .arg("-c")
        .arg(format!("{limit}exec \"$0\" \"$@\""))
        .arg(env!("CARGO_BIN_EXE_demarche"))
        .args(args)
        .env_remove("DEMARCHE_MEMORY_MIB");
    if let Some(mib) = budget_mib {
        command.env("DEMARCHE_MEMORY_MIB", mib);
    }
    command.output().unwrap()
}

/// What a run printed, on either stream (`check` reports a file's
/// problems on standard output).
pub fn said(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// The app in a headless window (egui_kittest), the one harness builder of
/// the UI tests.
#[cfg(feature = "gui")]
pub mod app {
    use demarche::ui::{AppOptions, DemarcheApp, ScenarioSource};
    use egui_kittest::Harness;

    /// The laptop screen the tests look at unless they say otherwise.
    pub const LAPTOP: egui::Vec2 = egui::vec2(1280.0, 800.0);

    /// Options for a test: `source`, no autosave, no file watch, the
    /// default settings, rolls from seed 7.
    pub fn options(source: Option<ScenarioSource>) -> AppOptions {
        AppOptions {
            source,
            seed: Some(7),
            ..AppOptions::default()
        }
    }

    /// The app started with `options` in a window of `size`, its first
    /// load finished, not yet run.
    pub fn loaded_at(size: egui::Vec2, options: AppOptions) -> Harness<'static, DemarcheApp> {
        let mut harness = Harness::builder()
            // Work finished on another thread wakes the window a frame or
            // two later; room for those frames, still short of an endless
            // loop.
            .with_max_steps(16)
            .with_size(size)
            .build_eframe(move |cc| DemarcheApp::new(&cc.egui_ctx, options));
        harness.state_mut().finish_job();
        harness
    }

    /// [`loaded_at`] on the laptop screen.
    pub fn loaded(options: AppOptions) -> Harness<'static, DemarcheApp> {
        loaded_at(LAPTOP, options)
    }

    /// Opens `source` as File > Open would, and waits for it.
    pub fn open(harness: &mut Harness<'_, DemarcheApp>, source: ScenarioSource) {
        harness
            .state_mut()
            .apply(demarche::ui::UiAction::Open(source));
        harness.state_mut().finish_job();
        harness.run();
    }
}
