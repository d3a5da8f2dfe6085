//! The real app, driven headless with egui_kittest: click moves by their
//! labels and check what the window shows and what the session holds.

#![cfg(feature = "gui")]
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};

use demarche::io::ExportFormat;
use demarche::report::Audience;
use demarche::ui::{AppOptions, DemarcheApp, LoadHold, ScenarioSource, ScriptedChanges, UiAction};
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

/// The session of the app's open document.
fn session_of<'a>(harness: &'a Harness<'_, DemarcheApp>) -> &'a demarche::session::Session {
    &harness.state().state.document.as_ref().unwrap().session
}

/// The app on `source`, loaded and settled, with autosave into `data_dir`.
fn app(source: Option<ScenarioSource>, data_dir: Option<PathBuf>) -> Harness<'static, DemarcheApp> {
    app_with(AppOptions {
        data_dir,
        seed: None,
        ..crate::common::app::options(source)
    })
}

/// The app started with `options`, loaded and settled.
fn app_with(options: AppOptions) -> Harness<'static, DemarcheApp> {
    let mut harness = loaded(options);
    harness.run();
    harness
}

/// The app started with `options` and loaded, not yet run.
fn loaded(options: AppOptions) -> Harness<'static, DemarcheApp> {
    crate::common::app::loaded(options)
}

/// Runs the frames that start the analysis, waits for it, and settles.
fn settle_analysis(harness: &mut Harness<'_, DemarcheApp>) {
    harness.run_steps(2);
    harness.state_mut().finish_analysis();
    harness.run();
}

fn harbour(dir: &Path) -> PathBuf {
    let path = dir.join("harbour.ron");
    std::fs::copy("tests/data/ok/harbour.ron", &path).unwrap();
    path
}

fn value_of(harness: &Harness<'_, DemarcheApp>, variable: &str) -> String {
    let session = session_of(harness);
    let scenario = session.scenario();
    let v = scenario.variable_by_id(variable).unwrap();
    let values = session.graph().values(session.current());
    scenario.variables[v.index()]
        .domain
        .display(values[v.index()])
}

#[test]
fn opens_the_built_in_vienna_scenario_with_its_opening_and_moves() {
    let harness = app(None, None);
    harness.get_by_label("Vienna, November 2021: reviving the Iran nuclear deal");
    harness.get_by_label_contains("Vienna, Monday 29 November 2021.");
    harness.get_by_label("1  Table a brand-new list of demands");
    harness.get_by_label("2  Insist on full relief up front");
    harness.get_by_label("likely (70 %)");
    assert_eq!(value_of(&harness, "enrichment"), "60%");
}

#[test]
fn taking_a_move_shows_its_narrative_and_what_changed() {
    let mut harness = app(None, None);
    harness
        .get_by_label("1  Table a brand-new list of demands")
        .click();
    harness.run();
    harness.get_by_label("Iran (Raisi government): Table a brand-new list of demands");
    harness.get_by_label_contains("Bagheri Kani, far less sympathetic to the deal");
    // The variable that changed is shown with its old value.
    // The changed level is shown by its label.
    harness.get_by_label("(was Nothing yet)");
    harness.get_by_label("Tehran's new list of demands");
    assert_eq!(value_of(&harness, "on_table"), "new_demands");
    // The United States answers.
    harness.get_by_label("United States can:");
}

#[test]
fn back_then_the_other_branch_keeps_both_branches() {
    let mut harness = app(None, None);
    harness
        .get_by_label("1  Table a brand-new list of demands")
        .click();
    harness.run();
    harness.get_by_label("< Back").click();
    harness.run();
    harness.get_by_label_contains("Vienna, Monday 29 November 2021.");
    harness.get_by_label("Pick: Washington walks away").click();
    harness.run();
    harness.get_by_label(
        "Iran (Raisi government): Insist on full relief up front -> Washington walks away",
    );
    assert_eq!(value_of(&harness, "talks"), "collapsed");
    let walk = session_of(&harness).walk();
    assert_eq!(walk.leaves().len(), 2);
    harness.get_by_label("Table a brand-new list of demands (1 move)");
}

#[test]
fn reaching_an_outcome_shows_its_card_and_try_another_branch() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = app(Some(ScenarioSource::File(harbour(dir.path()))), None);
    harness.get_by_label("Pick: West accepts").click();
    harness.run();
    harness.get_by_label("Outcome");
    harness.get_by_label("Shared use of the harbour.");
    harness.get_all_by_label("Agreement").next().unwrap();
    harness.get_by_label("Try another branch").click();
    harness.run();
    // Back at the opening, where the other result and move are untried.
    harness.get_by_label_contains("East and West meet in a neutral capital");
    assert!(!harness.state().at_outcome());
}

#[test]
fn number_keys_take_moves_and_undo_returns() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = app(Some(ScenarioSource::File(harbour(dir.path()))), None);
    harness.key_press(Key::Num2);
    harness.run();
    harness.get_by_label("East: Break off talks");
    assert_eq!(value_of(&harness, "talks"), "broken");
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(value_of(&harness, "talks"), "open");
    harness.get_by_label_contains("East and West meet in a neutral capital");
    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    harness.run();
    assert_eq!(value_of(&harness, "talks"), "broken");
}

#[test]
fn a_chance_move_by_number_key_is_rolled_and_the_roll_shown() {
    let dir = tempfile::tempdir().unwrap();
    // Seed 3's first draw is 0.26..., below "likely" (70 %): West accepts.
    assert!(demarche::session::unit_draw(3, 1) < 0.7);
    let mut harness = app_with(AppOptions {
        source: Some(ScenarioSource::File(harbour(dir.path()))),
        seed: Some(3),
        ..Default::default()
    });
    harness.key_press(Key::Num1);
    harness.run();
    assert_eq!(value_of(&harness, "talks"), "agreed");
    // Said as a class would say it; no seed or draw on the screen.
    let said = "The dice said: West accepts (likely, 70 %)";
    harness.get_by_label(said);
    assert!(harness.query_by_label_contains("seed").is_none());
    assert!(harness.query_by_label_contains("drew").is_none());
    // The instructor finds the seed and the draw under the pointer.
    harness.get_by_label(said).hover();
    harness.run();
    harness.get_by_label(&format!(
        "Roll #1 with seed 3: drew {:.3}",
        demarche::session::unit_draw(3, 1)
    ));
    // The roll is part of the walk: undone, the roll goes; redone, it is back.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(value_of(&harness, "talks"), "open");
    assert!(harness.query_by_label_contains("The dice said").is_none());
    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    harness.run();
    assert_eq!(value_of(&harness, "talks"), "agreed");
    harness.get_by_label(said);
}

/// The harbour with two branches explored, a rejected offer (its
/// situation returned) and a break-off (current), in the compare view.
fn compared_harbour_branches(
    dir: &Path,
) -> (Harness<'static, DemarcheApp>, demarche::engine::SituationId) {
    let mut harness = app(Some(ScenarioSource::File(harbour(dir))), None);
    harness.get_by_label("Pick: West rejects").click();
    harness.run();
    let stalled = session_of(&harness).current();
    harness.get_by_label("< Back").click();
    harness.run();
    harness.get_by_label("2  Break off talks").click();
    harness.run();
    harness.get_by_label("Compare").click();
    harness.run();
    (harness, stalled)
}

#[test]
fn compare_shows_two_branches_side_by_side() {
    let dir = tempfile::tempdir().unwrap();
    let (harness, _) = compared_harbour_branches(dir.path());
    harness.get_by_label("Breakdown (1 move)");
    harness.get_by_label("Offer shared use -> West rejects (1 move)");
    // The variables are listed on both sides (and in the situation panel).
    assert_eq!(harness.get_all_by_label("Talks:").count(), 2);
    harness.get_by_label("Talks");
    // The current branch (left) ends with talks broken, as the situation
    // panel shows too; the other branch (right) with talks stalled.
    assert_eq!(harness.get_all_by_label("broken").count(), 2);
    harness.get_by_label("stalled");
}

#[test]
fn compare_shows_the_odds_from_each_side_under_the_chosen_model() {
    use demarche::ui::style::percent_text;
    let dir = tempfile::tempdir().unwrap();
    let (harness, stalled) = compared_harbour_branches(dir.path());
    assert_eq!(
        harness
            .get_all_by_label("Outcomes reachable (Forecast)")
            .count(),
        2
    );
    // Left: talks broken off, the breakdown for certain (as the outcomes
    // panel says of the current situation too).
    assert_eq!(harness.get_all_by_label("Breakdown: 100 %").count(), 2);
    // Right: talks stalled after a rejection, odds as the analysis gives
    // them from there (no judgements in this file: every move alike).
    let scenario = demarche::model::load_str(
        &std::fs::read_to_string("tests/data/ok/harbour.ron").unwrap(),
        "harbour.ron",
    )
    .unwrap();
    let graph = demarche::engine::expand(&scenario);
    let odds = demarche::analysis::outcome_probabilities(
        &scenario,
        &graph,
        stalled,
        demarche::analysis::PlayModel::Judged,
    );
    for (o, label) in [(0, "Agreement"), (1, "Crisis"), (2, "Breakdown")] {
        let text = format!("{label}: {}", percent_text(odds.by_outcome[o]));
        harness.get_by_label(&text);
    }
}

#[test]
fn compare_works_out_the_odds_of_a_large_graph_off_the_frame() {
    use demarche::ui::style::percent_text;
    // 9^5 = 59,049 situations: above the size worked out at once.
    let text = demarche::synthetic::generate(&demarche::synthetic::SyntheticSpec {
        n_actors: 2,
        n_variables: 5,
        n_levels: 9,
        n_moves: 5,
        chance_every: 0,
    });
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("large.ron");
    std::fs::write(&path, &text).unwrap();
    let mut harness = loaded(AppOptions {
        source: Some(ScenarioSource::File(path)),
        ..Default::default()
    });
    settle_analysis(&mut harness);
    harness.get_by_label("Compare").click();
    harness.run_steps(2);
    assert_eq!(harness.get_all_by_label("Working out the odds…").count(), 2);
    harness.state_mut().finish_analysis();
    harness.run();
    assert!(harness.query_by_label("Working out the odds…").is_none());
    let scenario = demarche::model::load_str(&text, "large.ron").unwrap();
    let graph = demarche::engine::expand(&scenario);
    let odds = demarche::analysis::outcome_probabilities(
        &scenario,
        &graph,
        graph.start(),
        demarche::analysis::PlayModel::Judged,
    );
    // Both sides start at the start: the same odds twice.
    let finished = format!("Finished: {}", percent_text(odds.by_outcome[0]));
    assert!(
        harness.get_all_by_label(&finished).count() >= 2,
        "{finished}"
    );
}

#[test]
fn seminar_mode_hides_probabilities_until_revealed() {
    let mut harness = app(None, None);
    harness.get_by_label_contains("Conflict neither side wants: ");
    harness.key_press(Key::F11);
    harness.run();
    assert!(harness.state().state.seminar);
    harness.get_by_label("Hidden until revealed.");
    assert!(
        harness
            .query_by_label_contains("Escalation neither side wants")
            .is_none()
    );
    harness.key_press(Key::R);
    harness.run();
    harness.get_by_label_contains("Conflict neither side wants: ");
    // Keyboard driven: a number picks, Backspace goes back.
    harness.key_press(Key::Num1);
    harness.run();
    assert_eq!(value_of(&harness, "on_table"), "new_demands");
    harness.key_press(Key::Backspace);
    harness.run();
    assert_eq!(value_of(&harness, "on_table"), "nothing");
}

#[test]
fn a_broken_reload_shows_the_error_and_keeps_the_last_good_scenario() {
    let dir = tempfile::tempdir().unwrap();
    let path = harbour(dir.path());
    let mut harness = app(Some(ScenarioSource::File(path.clone())), None);
    harness.get_by_label("Pick: West rejects").click();
    harness.run();
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        text.replace(
            "actor: \"west\", label: \"Send patrols\"",
            "actor: \"wets\", label: \"Send patrols\"",
        ),
    )
    .unwrap();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::R);
    harness.step();
    harness.state_mut().finish_job();
    harness.run();
    let location = format!("{}:43:41", path.display());
    harness.get_by_label(&location);
    harness.get_by_label("error: unknown actor \"wets\" in move \"send_patrols\"");
    harness.get_by_label("hint: did you mean \"west\"?");
    // Where in the scenario, as the CLI says it, and the line with the
    // caret under the column.
    harness.get_by_label("in: moves[2].actor");
    let broken = std::fs::read_to_string(&path).unwrap();
    let line = broken.lines().nth(42).unwrap().trim_end();
    harness.get_by_label(&format!("43 | {line}\n   | {}^^^^^^", " ".repeat(40)));
    // Saving again is what tries again: this file was open.
    harness.get_by_label("— the last good version stays open; save the file to try again.");
    // The panel is tall enough for the message, the line and the hint.
    let hint = harness.get_by_label("hint: did you mean \"west\"?").rect();
    let central = harness
        .get_by_label("East: Offer shared use -> West rejects")
        .rect();
    assert!(hint.max.y < central.min.y, "{hint:?} {central:?}");
    // The old scenario is still there, at the same situation.
    harness.get_by_label("East: Offer shared use -> West rejects");
    assert_eq!(value_of(&harness, "talks"), "stalled");

    // Fixing the file and reloading keeps the walk.
    std::fs::write(&path, text).unwrap();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::R);
    harness.step();
    harness.state_mut().finish_job();
    harness.run();
    assert!(harness.query_by_label(&location).is_none());
    assert_eq!(value_of(&harness, "talks"), "stalled");
}

#[test]
fn a_reload_keeps_the_undo_history() {
    let dir = tempfile::tempdir().unwrap();
    let path = harbour(dir.path());
    let mut harness = app(Some(ScenarioSource::File(path.clone())), None);
    harness.get_by_label("Pick: West rejects").click();
    harness.run();
    assert_eq!(value_of(&harness, "talks"), "stalled");
    // The author edits a narrative and saves; the app reloads.
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        text.replace("West signs the plan.", "West signs it."),
    )
    .unwrap();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::R);
    harness.step();
    harness.state_mut().finish_job();
    harness.run();
    harness.get_by_label_contains("Reloaded \"Harbour talks\"");
    assert_eq!(value_of(&harness, "talks"), "stalled");
    // Undo still goes back over the move taken before the save.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(value_of(&harness, "talks"), "open");
    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    harness.run();
    assert_eq!(value_of(&harness, "talks"), "stalled");
}

#[test]
fn a_save_during_a_load_is_loaded_after_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = harbour(dir.path());
    // Saves are told by the test (no file-system timing), and loads wait
    // at a gate the test holds, so the second save surely lands while the
    // first reload is still running.
    let saves = ScriptedChanges::default();
    let hold = LoadHold::default();
    let mut harness = app_with(AppOptions {
        source: Some(ScenarioSource::File(path.clone())),
        watch: true,
        scripted_changes: Some(saves.clone()),
        hold_loads: Some(hold.clone()),
        ..Default::default()
    });
    harness.get_by_label("Harbour talks");
    hold.close();
    // First save: a larger scenario.
    let large = demarche::synthetic::generate(&demarche::synthetic::SyntheticSpec {
        n_actors: 2,
        n_variables: 3,
        n_levels: 4,
        n_moves: 3,
        chance_every: 0,
    });
    std::fs::write(&path, &large).unwrap();
    saves.saved();
    harness.step();
    assert!(harness.state().job().is_some(), "the first reload started");
    // Second save, while the first reload is held.
    let text = std::fs::read_to_string("tests/data/ok/harbour.ron").unwrap();
    std::fs::write(
        &path,
        text.replace(
            "title: \"Harbour talks\"",
            "title: \"Harbour talks, second save\"",
        ),
    )
    .unwrap();
    saves.saved();
    harness.step();
    assert!(
        harness.state().job().is_some() && harness.state().reload_pending(),
        "the second save arrived during the first load"
    );
    hold.open();
    harness.state_mut().finish_job();
    harness.step();
    assert!(
        harness.state().job().is_some() && !harness.state().reload_pending(),
        "the second save is loaded after the first"
    );
    harness.state_mut().finish_job();
    harness.run();
    harness.get_by_label("Harbour talks, second save");
    assert_eq!(
        harness
            .state()
            .state
            .document
            .as_ref()
            .map(|d| d.session.scenario().title.clone()),
        Some("Harbour talks, second save".to_owned())
    );
}

#[test]
fn every_move_is_autosaved_and_restored_on_the_next_start() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let mut harness = app(None, Some(data.clone()));
    let at_start = value_of(&harness, "on_table");
    harness
        .get_by_label("1  Table a brand-new list of demands")
        .click();
    harness.run();
    // Written by the autosave thread; wait for it.
    harness.state().finish_autosave();
    let saved = std::fs::read_to_string(data.join("sessions").join("vienna-2021.ron")).unwrap();
    assert!(saved.contains("move: \"table_new_demands\""), "{saved}");
    drop(harness);

    let mut harness = app(None, Some(data));
    assert_eq!(value_of(&harness, "on_table"), "new_demands");
    harness.get_by_label("Iran (Raisi government): Table a brand-new list of demands");
    // The undo history came back with it.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(value_of(&harness, "on_table"), at_start);
    assert_ne!(at_start, "new_demands");
}

#[test]
fn opening_a_missing_file_says_so_in_the_window() {
    let mut harness = app(
        Some(ScenarioSource::File(PathBuf::from("no/such/file.ron"))),
        None,
    );
    harness.get_by_label("Could not open no/such/file.ron");
    harness.get_by_label("no/such/file.ron: no such file");
    crate::common::app::open(&mut harness, ScenarioSource::BuiltIn("vienna-2021.ron"));
    harness.get_by_label("Vienna, November 2021: reviving the Iran nuclear deal");
}

#[test]
fn exports_write_the_debrief_and_the_graph_and_report_failures() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = app(Some(ScenarioSource::File(harbour(dir.path()))), None);
    harness.get_by_label("Pick: West rejects").click();
    harness.run();
    let debrief = dir.path().join("debrief.md");
    harness.state_mut().apply(UiAction::ExportTo {
        format: ExportFormat::Md,
        audience: Audience::Instructor,
        path: debrief.clone(),
    });
    harness.state_mut().finish_export();
    harness.run();
    let text = std::fs::read_to_string(&debrief).unwrap();
    assert!(text.starts_with("# Debrief: Harbour talks\n"), "{text}");
    assert!(
        text.contains("### Step 1. East: Offer shared use → West rejects\n"),
        "{text}"
    );
    harness.get_by_label(&format!("Exported the debrief to {}.", debrief.display()));

    let dot = dir.path().join("graph.dot");
    harness.state_mut().apply(UiAction::ExportTo {
        format: ExportFormat::Dot,
        audience: Audience::Instructor,
        path: dot.clone(),
    });
    harness.state_mut().finish_export();
    harness.run();
    assert!(
        std::fs::read_to_string(&dot)
            .unwrap()
            .starts_with("digraph \"harbour-talks\" {")
    );
    harness.get_by_label(&format!("Exported the graph to {}.", dot.display()));

    // The map as SVG, the path drawn bold.
    let svg = dir.path().join("map.svg");
    harness.state_mut().apply(UiAction::ExportTo {
        format: ExportFormat::Svg,
        audience: Audience::Instructor,
        path: svg.clone(),
    });
    harness.state_mut().finish_export();
    harness.run();
    let text = std::fs::read_to_string(&svg).unwrap();
    assert!(
        text.starts_with("<svg") || text.starts_with("<?xml"),
        "{text}"
    );
    assert!(text.contains("Offer shared use"), "{text}");
    harness.get_by_label(&format!("Exported the map to {}.", svg.display()));

    // The game tree for Gambit, which opens again as the same game.
    let efg = dir.path().join("game.efg");
    harness.state_mut().apply(UiAction::ExportTo {
        format: ExportFormat::Efg,
        audience: Audience::Instructor,
        path: efg.clone(),
    });
    harness.state_mut().finish_export();
    harness.run();
    harness.get_by_label(&format!("Exported the game tree to {}.", efg.display()));
    let text = std::fs::read_to_string(&efg).unwrap();
    assert!(
        text.starts_with("EFG 2 R \"Harbour talks\" { \"East\" \"West\""),
        "{text}"
    );
    let game = demarche::io::open_scenario(&efg).unwrap();
    assert_eq!(
        game.scenario
            .actors
            .iter()
            .map(|a| a.name.as_str())
            .collect::<Vec<_>>(),
        ["East", "West", "Chance"]
    );

    // A cancelled export writes nothing.
    let cancelled = dir.path().join("cancelled.dot");
    harness.state_mut().apply(UiAction::ExportTo {
        format: ExportFormat::Dot,
        audience: Audience::Instructor,
        path: cancelled.clone(),
    });
    harness.state_mut().apply(UiAction::CancelExport);
    harness.run();
    harness.get_by_label("Cancelled the export of the graph; nothing was written.");
    assert!(!cancelled.exists());

    // A write that fails is reported and loses nothing.
    let nowhere = dir.path().join("no-such-folder").join("debrief.md");
    harness.state_mut().apply(UiAction::ExportTo {
        format: ExportFormat::Md,
        audience: Audience::Instructor,
        path: nowhere.clone(),
    });
    harness.state_mut().finish_export();
    harness.run();
    harness.get_by_label_contains(&format!(
        "Could not export the debrief to {}",
        nowhere.display()
    ));
    assert_eq!(value_of(&harness, "talks"), "stalled");
}

#[test]
fn a_saved_session_opens_again() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = app(Some(ScenarioSource::File(harbour(dir.path()))), None);
    harness.get_by_label("Pick: West rejects").click();
    harness.run();
    let saved = dir.path().join("class.ron");
    harness
        .state_mut()
        .apply(UiAction::SaveSessionTo(saved.clone()));
    // Written on another thread; the status says when it is done.
    harness.state_mut().finish_files();
    harness.run();
    harness.get_by_label(&format!("Saved the session to {}.", saved.display()));
    harness.get_by_label("< Back").click();
    harness.run();
    assert_eq!(value_of(&harness, "talks"), "open");
    harness.state_mut().apply(UiAction::OpenSessionFrom(saved));
    harness.state_mut().finish_files();
    harness.run();
    assert_eq!(value_of(&harness, "talks"), "stalled");
}

#[test]
fn outcomes_show_the_forecast_and_the_rational_choice() {
    let mut harness = app(None, None);
    harness.state_mut().finish_analysis();
    harness.run();
    // Forecast by default, with the model named and explained. The file's
    // judgements give the slog still talking 22.9 % and a deal without a
    // slog 45.8 % (`demarche solve --model forecast`): they test the
    // article's "in all likelihood a long, hard slog" rather than restate
    // it.
    let selector = harness.get_by_role_and_label(egui::accesskit::Role::ComboBox, "Model:");
    assert_eq!(selector.value().as_deref(), Some("Forecast"));
    harness.get_by_label_contains("The author's judgement: a move with a judged likelihood");
    harness.get_by_label("Long slog, still talking: 22.9 %");
    harness.get_by_label("Deal restored: 45.8 %");
    // Rational play, below the bars, ends in the long slog.
    harness.get_by_label("Ends in: Long slog, still talking");
    // Iran's rational openings are marked on their buttons: tabling new
    // demands and insisting on full relief both lead it to the slog.
    assert_eq!(
        harness.get_all_by_label("rational choice (tied)").count(),
        2
    );
    harness.get_by_label_contains("Iran (Raisi government) expects ");
    // In seminar mode the mark is hidden until revealed.
    harness.key_press(Key::F11);
    harness.run();
    assert!(harness.query_by_label("rational choice (tied)").is_none());
    harness.key_press(Key::R);
    harness.run();
    assert_eq!(
        harness.get_all_by_label("rational choice (tied)").count(),
        2
    );
}

/// The app on the judged-moves fixture, whose numbers are worked out by
/// hand in its header.
fn judged() -> Harness<'static, DemarcheApp> {
    let mut harness = app(
        Some(ScenarioSource::File(PathBuf::from(
            "tests/data/analysis/judged.ron",
        ))),
        None,
    );
    harness.state_mut().finish_analysis();
    harness.run();
    harness
}

/// Picks `model` in the outcomes panel's selector, now showing `shown`.
fn choose_model(harness: &mut Harness<'_, DemarcheApp>, shown: &str, model: &str) {
    let selector = harness.get_by_role_and_label(egui::accesskit::Role::ComboBox, "Model:");
    assert_eq!(selector.value().as_deref(), Some(shown));
    selector.click();
    harness.run();
    harness.get_by_label(model).click();
    // One frame: the model changes; its analysis may still be running
    // (the slider's top is found off the window's thread), so wait for it
    // before settling.
    harness.step();
    harness.state_mut().finish_analysis();
    harness.run();
}

#[test]
fn the_outcome_bars_follow_the_chosen_model_with_their_ranges() {
    use demarche::ui::style::percent_text;
    let mut harness = judged();
    // Forecast: talks "likely" (70 %), accepted "likely" (70 %): the deal
    // 49 %; the other outcomes as the fixture's header works out.
    harness.get_by_label("Deal: 49 %");
    harness.get_by_label("Stalemate: 36 %");
    assert_eq!(harness.get_all_by_label("Concession: 7.5 %").count(), 1);
    harness.get_by_label("War: 7.5 %");
    // Each word over its range: the deal from 55 % x 55 % to 80 % x 80 %.
    harness.get_by_label(&format!("range {} to 64 %", percent_text(0.3025)));
    // Stalemate: waiting, unjudged beside "likely", may take none or all
    // of what talking leaves.
    harness.get_by_label(&format!(
        "range {} to {}",
        percent_text(0.11),
        percent_text(0.6975)
    ));
    harness.get_by_label_contains("outer bounds");

    // Uniform: a third each for A's moves, a half each for B's.
    choose_model(&mut harness, "Forecast", "Uniform");
    assert_eq!(
        harness.state().state.settings.model,
        demarche::ui::state::ModelChoice::Uniform
    );
    harness.get_by_label("Deal: 23.3 %");
    harness.get_by_label("Stalemate: 43.3 %");
    harness.get_by_label("Concession: 16.7 %");
    harness.get_by_label_contains("Anything goes");
    // Only the chance results range now: the deal over 55-80 % of a third.
    harness.get_by_label(&format!(
        "range {} to {}",
        percent_text(0.55 / 3.0),
        percent_text(0.8 / 3.0)
    ));

    // Rational: B concedes rather than fight, so A threatens.
    choose_model(&mut harness, "Uniform", "Rational");
    harness.get_by_label("Concession: 100 %");
    harness.get_by_label("Deal: 0 %");

    // Bounded rationality at lambda 1 (the default), with its slider.
    choose_model(&mut harness, "Rational", "Bounded rationality");
    let want = qre_text(1.0, 0);
    harness.get_by_label(&format!("Deal: {want}"));
    harness.get_by_role_and_label(egui::accesskit::Role::Slider, "lambda");
    harness.get_by_label("lambda = 1");

    // The choice is remembered with the settings.
    let settings = harness.state().state.settings.clone();
    assert_eq!(
        settings.play_model(),
        demarche::analysis::PlayModel::Qre { lambda: 1.0 }
    );
}

/// The deal's probability on the judged fixture under quantal response.
fn qre_text(lambda: f64, outcome: usize) -> String {
    let scenario = demarche::model::load_str(
        &std::fs::read_to_string("tests/data/analysis/judged.ron").unwrap(),
        "judged.ron",
    )
    .unwrap();
    let graph = demarche::engine::expand(&scenario);
    let p = demarche::analysis::PlayAnalysis::new(&scenario, &graph, graph.start(), 30)
        .probabilities(&graph, demarche::analysis::PlayModel::Qre { lambda });
    demarche::ui::style::percent_text(p.by_outcome[outcome])
}

#[test]
fn dragging_lambda_redraws_the_bars_on_the_way() {
    let mut harness = judged();
    choose_model(&mut harness, "Forecast", "Bounded rationality");
    let slider = harness
        .get_by_role_and_label(egui::accesskit::Role::Slider, "lambda")
        .rect();
    let y = slider.center().y;
    let from = egui::pos2(slider.left() + 4.0, y);
    harness.hover_at(from);
    harness.drag_at(from);
    harness.run();
    // All the way left is lambda 0: uniform play.
    assert_eq!(harness.state().state.settings.lambda, 0.0);
    harness.get_by_label("Deal: 23.3 %");
    // Part of the way: the bars follow the lambda of that point.
    let mut seen = Vec::new();
    for k in 1..=4 {
        let at = egui::pos2(slider.left() + slider.width() * 0.2 * k as f32, y);
        harness.hover_at(at);
        harness.run();
        let lambda = harness.state().state.settings.lambda;
        harness.get_by_label(&format!("Deal: {}", qre_text(lambda, 0)));
        seen.push(lambda);
    }
    harness.drop_at(egui::pos2(slider.right() - 2.0, y));
    harness.run();
    assert!(seen.windows(2).all(|w| w[0] < w[1]), "{seen:?}");
    // At the right end play is as good as rational: B concedes, A threatens.
    let top = harness
        .state()
        .reports()
        .unwrap()
        .rational_lambda()
        .flatten()
        .unwrap();
    harness.get_by_label(&format!(
        "0: every move equally likely. {}: as good as rational.",
        demarche::analysis::lambda_words(top)
    ));
    harness.get_by_label("Concession: 100 %");
}

#[test]
fn compare_and_the_analysis_view_name_the_model_and_sweep_lambda() {
    let mut harness = judged();
    harness.key_press(Key::F5);
    settle_analysis(&mut harness);
    harness.get_by_label("Where play goes from here: Forecast");
    harness.get_by_label("Model: Rational. Backward induction on the unfolding bounded by the scenario's depth limit; chance by its probabilities; ties broken by file order.");
    harness.get_by_label("From anything goes to rational play");
    // The sweep in words: at lambda 0 the stalemate leads (43.3 %); as
    // lambda grows A threatens and B concedes.
    harness.get_by_label_contains(
        "With every move equally likely (lambda 0) the most likely outcome is \"Stalemate\".",
    );
    harness.get_by_label_contains("it is \"Concession\".");
    harness.key_press(Key::F4);
    harness.run();
    assert_eq!(
        harness
            .get_all_by_label("Outcomes reachable (Forecast)")
            .count(),
        2
    );
}

#[test]
fn the_analysis_view_shows_rational_play_stability_and_the_tornado() {
    let mut harness = app(None, None);
    harness.key_press(Key::F5);
    settle_analysis(&mut harness);
    harness.get_by_label("Rational play from the start");
    // From the start, the view and the outcomes panel show the same path.
    // (The outcomes panel says Iran's opening is tied: both openings lead
    // it to the slog.)
    harness.get_by_label("1. Iran (Raisi government): Table a brand-new list of demands");
    harness.get_by_label(
        "1. Iran (Raisi government): Table a brand-new list of demands (tied with another move)",
    );
    harness.get_by_label_contains("Ends in: Long slog, still talking (this path: ");
    // Vienna is turn-based, and every actor has priorities over the states
    // that meet no outcome: the graph model gives a table, summarised
    // and folded until opened.
    assert!(
        harness
            .query_by_label("Equilibria: situations stable for every actor.")
            .is_none()
    );
    harness
        .get_by_label_contains("Stability (Graph Model for Conflict Resolution): Nash ")
        .click_accesskit();
    harness.run();
    harness.get_by_label("Equilibria: situations stable for every actor.");
    assert!(
        harness
            .query_by_label_contains("has no preference over the situation")
            .is_none()
    );
    // The judgement the rational path hangs on tops the tornado.
    harness.get_by_label("The rational path changes when one of these is moved:");
    harness.get_by_label_contains("Supreme Leader Ali Khamenei's payoff for Deal restored (now ");
}

#[test]
fn a_free_move_scenario_gets_its_stability_table() {
    let mut harness = app(
        Some(ScenarioSource::File(PathBuf::from(
            "tests/data/analysis/prisoners_dilemma.ron",
        ))),
        None,
    );
    harness.key_press(Key::F5);
    settle_analysis(&mut harness);
    harness
        .get_by_label_contains("Stability (Graph Model for Conflict Resolution): Nash 1, ")
        .click_accesskit();
    harness.run();
    harness.get_by_label("Nash stability (R): 1");
    harness.get_by_label("general metarationality (GMR): 2");
    harness.get_by_label("sequential stability (SEQ): 2");
}

#[test]
fn instructor_notes_are_folded_until_asked_for() {
    let dir = tempfile::tempdir().unwrap();
    let path = harbour(dir.path());
    let text = std::fs::read_to_string(&path).unwrap();
    let teaching = r#"    teaching: Teaching(
        goals: ["See why an offer can backfire"],
        notes: [
            Note(when: "talks == stalled", text: "West has walked out.", questions: ["Should West send patrols?"]),
        ],
    ),
)"#;
    let text = text.trim_end().trim_end_matches(')').to_owned() + teaching;
    std::fs::write(&path, text).unwrap();
    let mut harness = app(Some(ScenarioSource::File(path)), None);
    harness.get_by_label("Instructor notes (1) - show (N)");
    assert!(
        harness
            .query_by_label("- See why an offer can backfire")
            .is_none()
    );
    harness.key_press(Key::N);
    harness.run();
    harness.get_by_label("- See why an offer can backfire");
    harness.key_press(Key::N);
    harness.run();
    harness.get_by_label("Pick: West rejects").click();
    harness.run();
    harness
        .get_by_label("Instructor notes (1) - show (N)")
        .click();
    harness.run();
    harness.get_by_label("West has walked out.");
    harness.get_by_label("? Should West send patrols?");
}

#[test]
fn a_gambit_game_opens_and_its_rational_play_is_shown() {
    let mut harness = app(
        Some(ScenarioSource::File(PathBuf::from(
            "tests/data/efg/centipede.efg",
        ))),
        None,
    );
    harness.state_mut().finish_analysis();
    harness.run();
    harness.get_by_label("Centipede, four stages");
    // Backward induction: player 1 takes at once.
    harness.get_by_label("rational choice");
    harness.get_by_label("Ends in: 1 takes at stage 1");
    let document = harness.state().state.document.as_ref().unwrap();
    assert_eq!(document.session.graph().n_situations(), 9);
}

#[test]
fn a_game_with_information_sets_shows_its_sequence_form_equilibrium() {
    let mut harness = app(
        Some(ScenarioSource::File(PathBuf::from(
            "tests/data/efg/hidden_pennies.efg",
        ))),
        None,
    );
    harness.state_mut().finish_analysis();
    harness.run();
    harness.get_by_label("Matching pennies, the first coin hidden");
    harness.get_by_label("1  Heads");
    // The equilibrium plays both of the matcher's moves, half each: both
    // are marked, and the outcomes panel says where rational play comes
    // from.
    assert_eq!(
        harness.query_all_by_label("rational choice (tied)").count(),
        2
    );
    harness.get_by_label_contains("The game's Nash equilibrium in behaviour strategies");
    // The analysis view shows each set's probabilities, and still names
    // the set that backward induction could not handle.
    harness.key_press(Key::F5);
    settle_analysis(&mut harness);
    harness.get_by_label("Nash equilibrium in behaviour strategies");
    harness.get_by_label("Guesser, \"guess\"");
    // A set of one node the file does not name is called where it is, as
    // the map calls it, not by its id (it read "Matcher, s0").
    harness.get_by_label("Matcher, at \"Start\"");
    assert_eq!(
        harness.query_all_by_label("Heads 50 %, Tails 50 %").count(),
        2
    );
    // The set backward induction could not handle is named, folded away.
    let why = "Guesser's information set 1 \"guess\" (s1 at line 5, s4 at line 8) is not a singleton; backward induction needs perfect information";
    assert!(harness.query_by_label(why).is_none());
    harness
        .get_by_label("Information sets backward induction cannot handle (1)")
        .click();
    harness.run();
    harness.get_by_label(why);
    harness.get_by_label_contains("A Gambit game has a tree but no rules");
}

#[test]
fn the_scenario_library_shows_titles_dates_and_sources_and_opens_them() {
    let mut harness = app(None, None);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::L);
    harness.run();
    // Listed on another thread.
    harness.state_mut().finish_files();
    harness.run();
    harness.get_by_label("Scenario library");
    for title in [
        "Lausanne to Vienna, 2015: closing the Iran nuclear deal",
        "Maximum pressure, 2018-2020: the U.S. leaves the Iran deal",
        "Thirteen days: the Cuban missile crisis, October 1962",
        "The Cuban missile crisis as a conflict model (free moves)",
    ] {
        harness.get_by_label(title);
    }
    harness.get_by_label_contains("As of 2015-07-14");
    // Run from the project folder, the library opens the files themselves
    // (so they reload on save).
    harness.get_by_label_contains("scenarios/jcpoa-2015.ron");
    // Vienna's one source, the article, unfolds (the last scenario listed
    // with one source).
    harness
        .get_all_by_label("Sources (1)")
        .last()
        .unwrap()
        .click();
    harness.run();
    harness.get_by_label_contains("Iran-Nuke Talks, Daniel R. DePetris, Defense One, 2021-11-29");
    // A built-in scenario opens without a file, and is opened again at the
    // next start.
    crate::common::app::open(&mut harness, ScenarioSource::BuiltIn("jcpoa-2015.ron"));
    harness.get_by_label("Lausanne to Vienna, 2015: closing the Iran nuclear deal");
    let settings = harness.state().state.settings.clone();
    assert_eq!(settings.last_built_in.as_deref(), Some("jcpoa-2015.ron"));
    let mut again = loaded(AppOptions {
        settings,
        seed: None,
        ..crate::common::app::options(None)
    });
    again.run();
    again.get_by_label("Lausanne to Vienna, 2015: closing the Iran nuclear deal");
}

#[test]
fn the_library_is_built_in_and_prefers_files_of_the_same_name() {
    use demarche::io::library_entries;
    // Anywhere, the five scenarios are there, built in.
    let empty = tempfile::tempdir().unwrap();
    let entries = library_entries(empty.path());
    let names: Vec<_> = entries.iter().map(|e| e.source.clone()).collect();
    assert_eq!(
        names,
        demarche::LIBRARY
            .iter()
            .map(|b| ScenarioSource::BuiltIn(b.name))
            .collect::<Vec<_>>()
    );
    assert_eq!(entries[3].as_of, "1962-10-28");
    assert!(!entries[0].sources.is_empty());
    // A folder with its own copy of one and a scenario of its own.
    let dir = tempfile::tempdir().unwrap();
    let vienna = dir.path().join("vienna-2021.ron");
    std::fs::write(&vienna, demarche::DEFAULT_SCENARIO).unwrap();
    let harbour = harbour(dir.path());
    let entries = library_entries(dir.path());
    assert_eq!(entries.len(), 6);
    assert_eq!(entries[0].source, ScenarioSource::File(vienna));
    assert_eq!(entries[5].source, ScenarioSource::File(harbour));
    assert_eq!(entries[5].title, "Harbour talks");
}

#[test]
fn the_exported_map_is_the_map_on_the_screen() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = app(Some(ScenarioSource::File(harbour(dir.path()))), None);
    let svg_path = dir.path().join("map.svg");
    harness.state_mut().apply(UiAction::ExportTo {
        format: ExportFormat::Svg,
        audience: Audience::Instructor,
        path: svg_path.clone(),
    });
    harness.state_mut().finish_export();
    let svg = std::fs::read_to_string(&svg_path).unwrap();
    let document = harness.state().state.document.as_ref().unwrap();
    let layout = &document.layout;
    let graph = document.session.graph();
    let mut n_checked = 0;
    for id in graph.situations() {
        // `<g id="s3"><title>…</title><rect x="…" y="…" width="150" height="40"`
        let at = svg
            .find(&format!("<g id=\"{id}\">"))
            .unwrap_or_else(|| panic!("{id} is not drawn"));
        let rest = &svg[at..];
        let number = |key: &str| -> f64 {
            let from = rest.find(key).unwrap() + key.len();
            let to = from + rest[from..].find('"').unwrap();
            rest[from..to].parse().unwrap()
        };
        let (x, y) = (number("<rect x=\"") + 75.0, number(" y=\"") + 20.0);
        let on_screen = layout.positions[id.index()];
        assert_eq!(
            (x, y),
            demarche::io::svg_position(on_screen),
            "{id} is drawn elsewhere than on the map"
        );
        n_checked += 1;
    }
    assert_eq!(n_checked, graph.n_situations());
    // The affine map keeps the map's order: a child is below its parent.
    let p = |i: usize| demarche::io::svg_position(layout.positions[i]);
    assert!(p(1).1 > p(0).1);
}

#[test]
fn an_unreadable_saved_session_is_kept_aside_not_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let sessions = data.join("sessions");
    std::fs::create_dir_all(&sessions).unwrap();
    let saved = sessions.join("harbour-talks.ron");
    std::fs::write(&saved, b"(version: 1, scenario: \xff\xfe").unwrap();
    let mut harness = app(
        Some(ScenarioSource::File(harbour(dir.path()))),
        Some(data.clone()),
    );
    let kept = sessions.join("harbour-talks.unreadable.ron");
    harness.get_by_label_contains(&format!(
        "The saved session {} could not be read (the file is not text: byte 0xff at offset 23 is not UTF-8). It was kept as {} and a new session was started.",
        saved.display(),
        kept.display()
    ));
    assert_eq!(
        std::fs::read(&kept).unwrap(),
        b"(version: 1, scenario: \xff\xfe"
    );
    // The new session is autosaved under the old name; the garbage stays aside.
    harness.get_by_label("Pick: West rejects").click();
    harness.run();
    harness.state().finish_autosave();
    assert!(
        std::fs::read_to_string(&saved)
            .unwrap()
            .contains("move: \"offer_shared_use\"")
    );
    assert!(kept.exists());
}

/// The first hour, as a new user meets it (issue 14).

#[test]
fn a_note_is_autosaved_while_it_is_typed() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let mut harness = app(None, Some(data.clone()));
    let field = harness.get_by_role(egui::accesskit::Role::MultilineTextInput);
    field.focus();
    harness.run();
    harness
        .get_by_role(egui::accesskit::Role::MultilineTextInput)
        .type_text("Ask about the IAEA cameras");
    // A second (four frames of a quarter second) passes; the field keeps
    // the focus, so only the pause in typing can have saved the note.
    harness.run_steps(4);
    assert!(
        harness
            .get_by_role(egui::accesskit::Role::MultilineTextInput)
            .is_focused()
    );
    // What kill -9 would leave: the autosaved file, read while the app runs.
    harness.state().finish_autosave();
    let saved = std::fs::read_to_string(data.join("sessions").join("vienna-2021.ron")).unwrap();
    assert!(saved.contains("Ask about the IAEA cameras"), "{saved}");
}

#[test]
fn the_last_file_is_remembered_by_its_absolute_path() {
    let harness = app(
        Some(ScenarioSource::File(PathBuf::from(
            "tests/data/ok/harbour.ron",
        ))),
        None,
    );
    let settings = &harness.state().state.settings;
    let absolute = std::env::current_dir()
        .unwrap()
        .join("tests/data/ok/harbour.ron");
    assert_eq!(settings.last_file.as_deref(), Some(absolute.as_path()));
    assert_eq!(settings.recent.first(), Some(&absolute));
}

#[test]
fn a_last_file_that_is_gone_is_named_and_the_library_offered() {
    let dir = tempfile::tempdir().unwrap();
    let gone = dir.path().join("moved-away.ron");
    let mut harness = app_with(AppOptions {
        source: None,
        data_dir: None,
        settings: demarche::ui::Settings {
            last_file: Some(gone.clone()),
            ..Default::default()
        },
        watch: false,
        seed: None,
        ..AppOptions::default()
    });
    harness.get_by_label(&format!("Could not open {}", gone.display()));
    harness.get_by_label(&format!(
        "The scenario open last time, {}, is no longer there (moved, renamed or deleted). Pick one from the library, or open a file.",
        gone.display()
    ));
    // Nothing else was opened in its place; the library is offered.
    assert!(harness.state().state.document.is_none());
    assert!(harness.state().state.windows.library);
    harness.state_mut().finish_files();
    harness.run();
    harness.get_by_label("Thirteen days: the Cuban missile crisis, October 1962");
}

#[test]
fn a_file_that_never_opened_does_not_promise_the_last_good_version() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = app(Some(ScenarioSource::File(harbour(dir.path()))), None);
    harness
        .state_mut()
        .apply(UiAction::Open(ScenarioSource::File(PathBuf::from(
            "tests/data/err/unknown_actor.ron",
        ))));
    harness.state_mut().finish_job();
    harness.run();
    harness.get_by_label("Could not open tests/data/err/unknown_actor.ron: it has 1 error");
    harness.get_by_label("— Harbour talks stays open.");
    assert!(
        harness
            .query_by_label_contains("the last good version")
            .is_none()
    );
    // What was on screen is still there.
    harness.get_by_label_contains("East and West meet in a neutral capital");
}

#[test]
fn the_file_dialog_lists_a_folder_and_saves_the_session_there() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = app(Some(ScenarioSource::File(harbour(dir.path()))), None);
    harness.get_by_label("Pick: West rejects").click();
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::S);
    // One frame: the dialog opens and its folder is read on another
    // thread, a spinner meanwhile.
    harness.step();
    // The folder is read on another thread; the dialog says so meanwhile.
    harness.get_by_label("Save the session");
    harness.state_mut().finish_files();
    harness.run();
    // The scenario's own folder, its .ron files, the name offered.
    let folder = std::path::absolute(dir.path()).unwrap();
    harness.get_by_label(&folder.display().to_string());
    harness.get_by_label("harbour.ron");
    assert_eq!(
        harness.get_by_label("File name:").value().as_deref(),
        Some("session.ron")
    );
    // Enter saves, as the Save button does.
    harness.key_press(Key::Enter);
    harness.step();
    assert!(harness.state().state.file_dialog.is_none());
    harness.state_mut().finish_files();
    harness.run();
    let saved = folder.join("session.ron");
    harness.get_by_label(&format!("Saved the session to {}.", saved.display()));
    // The next dialog starts afresh: nothing typed, nothing chosen.
    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::O);
    harness.step();
    harness.state_mut().finish_files();
    harness.run();
    harness.get_by_label("Open a session");
    assert_eq!(
        harness.get_by_label("File name:").value().as_deref(),
        Some("")
    );
    assert!(
        std::fs::read_to_string(&saved)
            .unwrap()
            .contains("rejected")
    );
}

#[test]
fn the_file_dialog_goes_up_a_folder_and_into_another() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("games")).unwrap();
    let inner = dir.path().join("games");
    std::fs::copy("tests/data/ok/harbour.ron", inner.join("harbour.ron")).unwrap();
    std::fs::write(inner.join("notes.txt"), "not a scenario").unwrap();
    let mut harness = app(Some(ScenarioSource::File(inner.join("harbour.ron"))), None);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::O);
    harness.step();
    harness.state_mut().finish_files();
    harness.run();
    harness.get_by_label("Open a scenario (.ron) or a Gambit game (.efg)");
    harness.get_by_label("harbour.ron");
    // Only what can be opened is listed.
    assert!(harness.query_by_label("notes.txt").is_none());
    harness.get_by_label("Up").click();
    harness.step();
    harness.state_mut().finish_files();
    harness.run();
    harness.get_by_label("games/").click();
    harness.step();
    harness.state_mut().finish_files();
    harness.run();
    harness.get_by_label("harbour.ron").click();
    harness.run();
    harness.get_by_label("Open").click();
    harness.step();
    assert!(harness.state().state.file_dialog.is_none());
    harness.state_mut().finish_job();
    harness.run();
    harness.get_by_label_contains("Opened \"");
}

#[test]
fn the_shortcuts_window_fits_the_screen_and_closes_with_escape() {
    let mut harness = app(None, None);
    harness.key_press(Key::F1);
    harness.run();
    let title = harness
        .get_all_by_label("Keyboard shortcuts")
        .next()
        .unwrap()
        .rect();
    let last = harness.get_by_label("Close this window").rect();
    // The class's keys are listed with the rest.
    harness.get_by_label("Vote on the move");
    harness.get_by_label("Play the class's choice");
    let screen = egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(1280.0, 800.0));
    assert!(screen.contains_rect(title), "{title:?}");
    assert!(last.max.x <= screen.max.x, "{last:?}");
    harness.key_press(Key::Escape);
    harness.run();
    assert!(harness.query_by_label("Keyboard shortcuts").is_none());
    assert!(!harness.state().state.windows.shortcuts);
}

#[test]
fn compare_names_its_sides_on_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = app(Some(ScenarioSource::File(harbour(dir.path()))), None);
    harness.key_press(Key::F4);
    harness.run();
    for side in ["Left", "Right"] {
        let rect = harness.get_by_label(side).rect();
        assert!(rect.width() > rect.height(), "{side}: {rect:?}");
    }
}

#[test]
fn a_long_value_in_compare_wraps_within_its_side() {
    // Vienna: a new list of demands on the left, full relief up front on
    // the right, in a window narrow enough that the value cannot stay on
    // one line.
    let mut harness =
        crate::common::app::loaded_at(egui::vec2(1000.0, 800.0), AppOptions::default());
    harness.run();
    harness.key_press(Key::Num2);
    harness.run();
    harness.key_press(Key::Backspace);
    harness.run();
    harness.key_press(Key::Num1);
    harness.run();
    harness.key_press(Key::F4);
    harness.run();
    harness.get_by_label("Table a brand-new list of demands (1 move)");
    // Each side starts with its path.
    let paths: Vec<egui::Rect> = harness.get_all_by_label("Path").map(|n| n.rect()).collect();
    assert_eq!(paths.len(), 2);
    let right_column = paths[0].min.x.max(paths[1].min.x);
    let long = harness
        .get_all_by_label("Tehran's new list of demands")
        .map(|n| n.rect())
        .find(|r| r.min.x > 250.0 && r.min.x < right_column)
        .expect("the left side's value");
    assert!(
        long.max.x <= right_column,
        "{long:?} runs into the right side at {right_column}"
    );
}

#[test]
fn a_gauge_shows_its_scale() {
    let dir = tempfile::tempdir().unwrap();
    let harness = app(Some(ScenarioSource::File(harbour(dir.path()))), None);
    // Tension runs from 0 to 5: both ends are written under the gauge.
    let gauge = harness.get_by_label("Tension").rect();
    let low = harness.get_by_label("0").rect();
    let high = harness.get_by_label("5").rect();
    assert!(low.min.y > gauge.max.y && high.min.y > gauge.max.y);
    assert!(low.max.x < high.min.x);
}

#[test]
fn expanding_shows_a_fraction_with_a_bar() {
    use demarche::ui::panels::status::status_ui;
    use demarche::ui::state::{AppState, Busy, Screen};
    let state = AppState::new(Default::default());
    let busy = Busy::Loading {
        what: "expanding big.ron".to_owned(),
        n_situations: 1500,
        expanded_of_known: Some((1200, 4800)),
    };
    let harness = Harness::new_ui(|ui| {
        let screen = Screen {
            state: &state,
            reports: None,
            busy: Some(&busy),
        };
        status_ui(ui, &screen, &mut Vec::new());
    });
    harness.get_by_label("expanding big.ron…");
    harness.get_by_label_contains("1200 of 4800 situations expanded");
}

#[test]
fn the_branch_list_shows_three_branches_in_full() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = app(Some(ScenarioSource::File(harbour(dir.path()))), None);
    harness.get_by_label("Pick: West accepts").click();
    harness.run();
    harness.key_press(Key::Backspace);
    harness.run();
    harness.get_by_label("Pick: West rejects").click();
    harness.run();
    harness.key_press(Key::Backspace);
    harness.run();
    harness.get_by_label("2  Break off talks").click();
    harness.run();
    let walk = session_of(&harness).walk().clone();
    assert_eq!(walk.leaves().len(), 3);
    let status_top = harness.get_by_label_contains(" situations · ").rect().min.y;
    for label in [
        "Agreement (1 move)",
        "Offer shared use -> West rejects (1 move)",
        "Breakdown (1 move)",
    ] {
        let rect = harness.get_by_label(label).rect();
        assert!(
            rect.max.y <= status_top,
            "{label}: {rect:?}, status bar at {status_top}"
        );
    }
}

/// The Elmira conflict in option form, with stability worked out. Its
/// stability starts on the first frame and a spinner turns until it is
/// ready, so the harness waits for it before settling.
fn elmira() -> Harness<'static, DemarcheApp> {
    let mut harness = loaded(AppOptions {
        seed: None,
        ..crate::common::app::options(Some(ScenarioSource::File(PathBuf::from(
            "tests/data/ok/elmira-options.ron",
        ))))
    });
    settle_analysis(&mut harness);
    harness
}

#[test]
fn a_conflict_in_option_form_shows_stability_where_the_odds_would_be() {
    let mut harness = elmira();
    // The right panel is about stability, not outcomes.
    harness.get_by_label("Stability");
    harness.get_by_label("State 1: Options taken: Delay the appeal");
    // At the status quo only threats that would not be carried out hold
    // the local governments back.
    harness.get_by_label("An equilibrium under GMR, SMR.");
    harness.get_by_label("stable under GMR, SMR");
    // Options read as taken or not; the moves are the combinations each
    // decision maker can move to, and the improving one is marked.
    harness.get_by_label("Delay the appeal");
    assert!(harness.query_all_by_label("yes").count() == 1);
    harness.get_by_label("Local governments can:");
    harness.get_by_label("an improvement for Local governments");
    assert!(harness.query_by_label_contains("rational choice").is_none());
    harness
        .get_by_label("4  Insist on the original order")
        .click();
    settle_analysis(&mut harness);
    harness.get_by_label("State 7: Options taken: Delay the appeal, Insist on the original order");
    harness.get_by_label("An equilibrium under Nash, GMR, SMR, SEQ, SIM.");
    assert_eq!(
        harness
            .query_all_by_label("stable under every concept")
            .count(),
        3
    );
}

#[test]
fn the_analysis_view_of_a_conflict_in_option_form_traces_the_status_quo() {
    let mut harness = elmira();
    harness.key_press(Key::F5);
    settle_analysis(&mut harness);
    harness.get_by_label("Stability (Graph Model for Conflict Resolution)");
    harness.get_by_label("Nash stability (R): 6");
    harness.get_by_label("From the status quo");
    harness.get_by_label_contains("Status quo: State 1: Options taken: Delay the appeal.");
    harness.get_by_label(
        "   State 7: Options taken: Delay the appeal, Insist on the original order (Nash, GMR, SMR, SEQ, SIM): Local governments moves",
    );
    harness.get_by_label(
        "   State 10: Options taken: Modify the control order, Accept the control order, Insist on the original order (Nash, GMR, SMR, SEQ, SIM): not reached by improvements",
    );
    // Turn-based play is not offered for free moves of options.
    assert!(
        harness
            .query_by_label("Rational play from the start")
            .is_none()
    );
}

/// Whether the widget labelled `label` lies wholly inside a 1280x800
/// window.
fn inside_1280x800(harness: &Harness<'_, DemarcheApp>, label: &str) -> bool {
    let screen = egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(1280.0, 800.0));
    screen.contains_rect(harness.get_by_label(label).rect())
}

#[test]
fn viennas_opening_and_washingtons_four_answers_show_every_move_button_at_1280x800() {
    let mut harness = app(None, None);
    for step in ["the opening", "after Iran's new demands"] {
        let session = session_of(&harness);
        let moves = session.available_moves();
        assert!(moves.len() >= 2, "{step}");
        for (k, m) in moves.iter().enumerate() {
            let label = format!("{}  {}", k + 1, session.scenario().move_(*m).label);
            assert!(
                inside_1280x800(&harness, &label),
                "{step}: {label} at {:?} is below the fold",
                harness.get_by_label(&label).rect()
            );
        }
        if step == "the opening" {
            harness
                .get_by_label("1  Table a brand-new list of demands")
                .click();
            harness.run();
        }
    }
}

#[test]
fn the_history_panel_is_only_as_tall_as_its_rows() {
    let harness = app(None, None);
    // One branch, no bookmark: the panel from its Back button down to the
    // status bar is short.
    let back = harness.get_by_label("< Back").rect();
    assert!(
        back.top() > 800.0 - 150.0,
        "the history panel starts at y = {}, taller than its rows",
        back.top()
    );
    harness.get_by_label("No bookmark yet");
}

#[test]
fn a_long_branch_name_keeps_to_one_row_above_the_status_bar() {
    let mut harness = app(None, None);
    harness.key_press(Key::Num2);
    harness.run();
    harness.key_press(Key::Backspace);
    harness.run();
    harness.key_press(Key::Num1);
    harness.run();
    let status = harness.get_by_label_contains("situations · ").rect();
    let branches = harness.get_by_label("Branches explored").rect();
    let rows: Vec<egui::Rect> = harness
        .query_all_by_label_contains("(1 move)")
        .map(|n| n.rect())
        .filter(|r| r.min.y > branches.max.y && r.min.x < branches.max.x + 300.0)
        .collect();
    assert_eq!(rows.len(), 2, "{rows:?}");
    for row in rows {
        assert!(row.height() < 30.0, "a branch row wraps: {row:?}");
        assert!(
            row.max.y <= status.min.y,
            "{row:?} runs under the status bar {status:?}"
        );
    }
}

/// The app on Vienna in a window of `size`, loaded and settled.
fn vienna_at(size: egui::Vec2) -> Harness<'static, DemarcheApp> {
    let mut harness = crate::common::app::loaded_at(size, AppOptions::default());
    harness.run();
    harness
}

#[test]
fn the_analysis_view_fits_its_panel_and_puts_first_things_first() {
    use egui_kittest::kittest::{By, NodeT};
    for size in [egui::vec2(1280.0, 800.0), egui::vec2(1920.0, 1080.0)] {
        let mut harness = vienna_at(size);
        harness.key_press(Key::F5);
        settle_analysis(&mut harness);
        // What an analyst reads first comes first; stability last, folded.
        let order = [
            "Where play goes from here: Forecast",
            "Rational play from the start",
            "From anything goes to rational play",
            "Which judgements matter most",
        ];
        let mut tops: Vec<f32> = order
            .iter()
            .map(|h| harness.get_by_label(h).rect().top())
            .collect();
        let stability =
            harness.get_by_label_contains("Stability (Graph Model for Conflict Resolution): Nash ");
        tops.push(stability.rect().top());
        assert!(
            tops.windows(2).all(|w| w[0] < w[1]),
            "{size:?}: order {tops:?}"
        );
        // Opened, the summary is still no wall: a few dozen lines at most.
        stability.click_accesskit();
        harness.run();
        harness.get_by_label_contains("What sets the equilibria apart: ");
        harness.get_by_label_contains("Reachable from here: ");
        assert!(harness.query_all_by_label("Go").count() <= 20);
        // Every widget of the view lies inside its panel: nothing runs
        // past the outcomes panel on the right.
        let left = harness.get_by_label(order[0]).rect().left();
        let top = harness.get_by_label(order[0]).rect().top();
        let right = harness.get_by_label("Outcomes").rect().left();
        // The history panel runs under the whole window: not the view's.
        let bottom = harness.get_by_label("< Back").rect().top();
        // Checked in view at four places down the view (widgets scrolled
        // out of view cannot be told from the history panel's).
        let mut n_checked = 0;
        for place in [
            None,
            Some("Which judgements matter most"),
            Some("What sets the equilibria apart: "),
            Some("Every equilibrium and every situation"),
        ] {
            if let Some(label) = place {
                harness.get_by_label_contains(label).scroll_to_me();
                harness.run();
            }
            for node in harness.query_all(By::new().predicate(|n| n.bounding_box().is_some())) {
                let rect = node.rect();
                if rect.left() < left - 1.0
                    || rect.left() >= right - 20.0
                    || rect.width() <= 0.0
                    || rect.top() < top - 1.0
                    || rect.top() >= bottom
                {
                    continue;
                }
                n_checked += 1;
                assert!(
                    rect.right() <= right,
                    "{size:?}: {:?} at {rect:?} runs past the panel's edge at x = {right}",
                    node.accesskit_node().label()
                );
            }
        }
        assert!(n_checked > 60, "{size:?}: only {n_checked} widgets checked");
    }
}

#[test]
fn flags_read_yes_or_no_in_the_situation_panel() {
    let harness = app(None, None);
    let hardened = harness.get_by_label("Facilities hardened").rect();
    // The value on the variable's row says "no", never "false".
    let on_row = harness
        .query_all_by_label("no")
        .any(|n| (n.rect().center().y - hardened.center().y).abs() < 4.0);
    assert!(on_row, "no \"no\" beside Facilities hardened");
    assert!(harness.query_by_label("false").is_none());
    assert!(harness.query_by_label("true").is_none());
}

#[test]
fn the_expected_payoffs_and_the_outcome_cards_buttons_are_on_screen() {
    let harness = app(None, None);
    assert!(
        inside_1280x800(&harness, "Expected payoffs under this model:"),
        "the expected payoffs at {:?} need scrolling",
        harness
            .get_by_label("Expected payoffs under this model:")
            .rect()
    );
    // At an outcome: the card's Back and Try another branch.
    let dir = tempfile::tempdir().unwrap();
    let mut harness = app(Some(ScenarioSource::File(harbour(dir.path()))), None);
    harness.get_by_label("Pick: West rejects").click();
    harness.run();
    let patrols = {
        let session = session_of(&harness);
        let k = session
            .available_moves()
            .iter()
            .position(|m| session.scenario().move_(*m).label == "Send patrols")
            .unwrap();
        format!("{}  Send patrols", k + 1)
    };
    harness.get_by_label(&patrols).click();
    harness.run();
    harness.get_by_label("Outcome");
    for label in ["Back", "Try another branch"] {
        assert!(
            inside_1280x800(&harness, label),
            "{label} at {:?} is cut off",
            harness.get_by_label(label).rect()
        );
    }
}

#[test]
fn a_gambit_game_shows_its_comment_no_node_gauge_and_says_its_forecast_is_uniform() {
    let harness = app(
        Some(ScenarioSource::File(PathBuf::from(
            "tests/data/efg/entry.efg",
        ))),
        None,
    );
    harness.get_by_label("No move is judged here: the forecast is uniform play.");
    // The game's comment opens the story; no "Gambit node" gauge.
    harness.get_by_label_contains("The chain-store stage game: the entrant stays out or enters");
    assert!(harness.query_by_label("Gambit node").is_none());
    // A scenario with judged moves does not say so.
    let vienna = app(None, None);
    assert!(
        vienna
            .query_by_label("No move is judged here: the forecast is uniform play.")
            .is_none()
    );
}

#[test]
fn two_branches_to_the_same_step_are_named_apart() {
    use demarche::session::Action;
    let mut harness = app(None, None);
    let take = |harness: &mut Harness<'_, DemarcheApp>, m: &str, r: Option<&str>| {
        let action = Action::take_named(session_of(harness).scenario(), m, r).unwrap();
        harness.state_mut().apply(UiAction::Session(action));
        harness.run();
    };
    take(&mut harness, "table_new_demands", None);
    take(&mut harness, "relief_for_compliance", None);
    take(&mut harness, "table_synchronised_roadmap", None);
    for _ in 0..2 {
        harness.state_mut().apply(UiAction::Session(Action::Back));
        harness.run();
    }
    take(
        &mut harness,
        "tie_to_broader_talks",
        Some("khamenei_tolerates_agenda"),
    );
    take(&mut harness, "table_synchronised_roadmap", None);
    // Both end at the roadmap after three moves: each is named by the
    // step where it parts from the other.
    harness.get_by_label(
        "Table a synchronised roadmap (3 moves, via Relief once Iran begins complying)",
    );
    harness.get_by_label(
        "Table a synchronised roadmap (3 moves, via Tie the deal to broader talks -> Khamenei lets the talks limp on)",
    );
    assert!(
        harness
            .query_by_label("Table a synchronised roadmap (3 moves)")
            .is_none()
    );
}

#[test]
fn an_option_form_map_offers_no_rational_play_path() {
    let mut harness = elmira();
    harness.key_press(Key::F3);
    harness.run();
    harness.get_by_label("View options").click();
    harness.run();
    // The options are there, the rational path is not: in option form
    // rational play by turns does not apply.
    harness.get_by_label("Overview");
    assert!(harness.query_by_label("Rational play").is_none());
}

#[test]
fn the_debrief_dialog_shows_its_buttons_below_the_audience_whole() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = app(Some(ScenarioSource::File(harbour(dir.path()))), None);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::E);
    harness.step();
    harness.state_mut().finish_files();
    harness.run();
    // The window goes by its title.
    let window = harness.get_by_label("Export the debrief").rect();
    let audience = harness.get_by_label("Student handout").rect();
    let cancel = harness.get_by_label("Cancel").rect();
    let save = harness.get_by_label("Save").rect();
    // Below the audience, inside the dialog.
    for (what, rect) in [("Save", save), ("Cancel", cancel)] {
        assert!(
            rect.min.y >= audience.max.y,
            "{what} {rect:?} overlaps {audience:?}"
        );
        assert!(
            window.contains_rect(rect),
            "{what} {rect:?} runs past the dialog {window:?}"
        );
        assert!(rect.height() >= 18.0, "{what} is cut: {rect:?}");
    }
}
