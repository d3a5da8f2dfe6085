//! The classroom, driven headless with egui_kittest: seminar mode's layout
//! on a projector (1280x800 and 1920x1080, type at 1.5x and 2x), reveals
//! that cover one step unless pinned, the remembered setting outside
//! seminar mode, and the presenter view (kittest draws the second window
//! inside the first, so what it shows can be read and clicked).

#![cfg(feature = "gui")]
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;

use demarche::ui::command::Command;
use demarche::ui::{AppOptions, DemarcheApp, ScenarioSource, Settings, UiAction};
use egui::{Key, Rect, Vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};

/// The app on `source` in a window of `size`, with `settings`, loaded and
/// settled.
fn app_at(
    size: Vec2,
    source: Option<ScenarioSource>,
    settings: Settings,
) -> Harness<'static, DemarcheApp> {
    // Seminar mode may take a few frames to settle how much of each move
    // card fits.
    let mut harness = crate::common::app::loaded_at(
        size,
        AppOptions {
            settings,
            ..crate::common::app::options(source)
        },
    );
    harness.run();
    harness.state_mut().finish_analysis();
    harness.run();
    harness
}

fn app(source: Option<ScenarioSource>) -> Harness<'static, DemarcheApp> {
    app_at(egui::vec2(1280.0, 800.0), source, Settings::default())
}

fn classroom() -> Option<ScenarioSource> {
    Some(ScenarioSource::File(PathBuf::from(
        "tests/data/debrief/classroom.ron",
    )))
}

/// The labels of the move buttons on screen now, as the story numbers them.
fn move_buttons(harness: &Harness<'_, DemarcheApp>) -> Vec<String> {
    let session = &harness.state().state.document.as_ref().unwrap().session;
    session
        .available_moves()
        .iter()
        .enumerate()
        .map(|(k, m)| format!("{}  {}", k + 1, session.scenario().move_(*m).label))
        .collect()
}

/// The narrative on screen now: the opening, or the last step's.
fn narrative(harness: &Harness<'_, DemarcheApp>) -> String {
    let session = &harness.state().state.document.as_ref().unwrap().session;
    let scenario = session.scenario();
    match session.path().last() {
        None => scenario.opening.clone(),
        Some(s) => {
            let m = scenario.move_(session.graph().step(*s).move_);
            m.narrative.clone()
        }
    }
}

/// Asserts that the story's text and every move button lie inside the
/// window and overlap neither the situation panel (its heading and
/// variables, when it is shown), the seminar bar nor the status bar.
fn assert_story_fits(harness: &Harness<'_, DemarcheApp>, size: Vec2, what: &str) {
    let screen = Rect::from_min_size(egui::Pos2::ZERO, size);
    let story = harness.get_by_label(&narrative(harness)).rect();
    let mut checked = vec![("the narrative".to_owned(), story)];
    for label in move_buttons(harness) {
        checked.push((label.clone(), harness.get_by_label(&label).rect()));
    }
    assert!(checked.len() >= 2, "{what}: no move to check");
    // What the story must not run into.
    let mut others: Vec<(String, Rect)> = Vec::new();
    for label in ["< Back", "Leave seminar mode (F11)"] {
        others.push((label.to_owned(), harness.get_by_label(label).rect()));
    }
    // The status bar: the last message, or what is open.
    let state = &harness.state().state;
    let status = match &state.status {
        Some(status) => harness.get_by_label(status),
        None => harness.get_by_label_contains(" situations · "),
    };
    others.push(("the status bar".to_owned(), status.rect()));
    if let Some(node) = harness.query_by_label("Situation") {
        others.push(("the Situation heading".to_owned(), node.rect()));
        let document = harness.state().state.document.as_ref().unwrap();
        for v in &document.session.scenario().variables {
            for node in harness.query_all_by_label(v.display_name()) {
                others.push((format!("the variable {}", v.display_name()), node.rect()));
            }
        }
    }
    for (label, rect) in &checked {
        assert!(
            screen.contains_rect(*rect),
            "{what}: {label} at {rect:?} is not inside the window {screen:?}"
        );
        for (other, other_rect) in &others {
            assert!(
                !rect.intersects(*other_rect),
                "{what}: {label} at {rect:?} overlaps {other} at {other_rect:?}"
            );
        }
    }
    // The buttons do not overlap one another.
    for (i, (a, ra)) in checked.iter().enumerate() {
        for (b, rb) in &checked[i + 1..] {
            assert!(!ra.intersects(*rb), "{what}: {a} overlaps {b}");
        }
    }
}

/// Enters seminar mode, then checks the opening and the next two steps.
fn check_seminar_layout(size: Vec2, scale: f32) {
    let settings = Settings {
        seminar_scale: scale,
        ..Settings::default()
    };
    let mut harness = app_at(size, None, settings);
    harness.key_press(Key::F11);
    harness.run();
    assert!(harness.state().state.seminar);
    let what = format!("{}x{} at {scale}x type", size.x, size.y);
    assert_story_fits(&harness, size, &format!("{what}, the opening"));
    // Iran offers compliance for compliance; then Washington answers.
    for step in ["after move 2", "after move 2 then 1"] {
        let key = if step.ends_with("1") {
            Key::Num1
        } else {
            Key::Num2
        };
        harness.key_press(key);
        harness.run();
        assert_story_fits(&harness, size, &format!("{what}, {step}"));
    }
}

#[test]
fn seminar_mode_fits_the_story_and_every_move_at_1280x800_and_2x_type() {
    check_seminar_layout(egui::vec2(1280.0, 800.0), 2.0);
}

#[test]
fn seminar_mode_fits_at_1280x800_and_1_5x_type() {
    check_seminar_layout(egui::vec2(1280.0, 800.0), 1.5);
}

#[test]
fn seminar_mode_fits_at_1920x1080_and_2x_and_1_5x_type() {
    check_seminar_layout(egui::vec2(1920.0, 1080.0), 2.0);
    check_seminar_layout(egui::vec2(1920.0, 1080.0), 1.5);
}

#[test]
fn seminar_headings_stay_on_one_line_and_the_panels_come_back_as_they_were() {
    let size = egui::vec2(1920.0, 1080.0);
    let settings = Settings {
        seminar_scale: 2.0,
        ..Settings::default()
    };
    let mut harness = app_at(size, None, settings);
    let opening = narrative(&harness);
    let before = harness.get_by_label(&opening).rect();
    harness.key_press(Key::F11);
    harness.run();
    harness.key_press(Key::R);
    harness.run();
    // 22 pt headings at 2x: one line is under 60 points tall; a heading
    // broken inside a word ("Outcom/es") would be two.
    for heading in ["Situation", "Outcomes"] {
        let rect = harness.get_by_label(heading).rect();
        assert!(
            rect.height() < 60.0,
            "{heading} breaks over lines: {rect:?}"
        );
    }
    harness.key_press(Key::F11);
    harness.run();
    assert!(!harness.state().state.seminar);
    let after = harness.get_by_label(&opening).rect();
    assert_eq!(
        before.left(),
        after.left(),
        "the situation panel changed width"
    );
    assert_eq!(
        before.right(),
        after.right(),
        "the outcomes panel changed width"
    );
}

#[test]
fn a_reveal_covers_the_current_step_only_unless_kept() {
    let mut harness = app(None);
    harness.key_press(Key::F11);
    harness.run();
    harness.get_by_label("Hidden until revealed.");
    assert!(harness.query_by_label_contains("rational choice").is_none());
    assert!(
        harness
            .query_by_label("Long slog, still talking: 22.9 %")
            .is_none()
    );
    // R reveals this step: the rational choice and the odds.
    harness.key_press(Key::R);
    harness.run();
    assert_eq!(
        harness.get_all_by_label("rational choice (tied)").count(),
        2
    );
    harness.get_by_label("Long slog, still talking: 22.9 %");
    // The next step hides again.
    harness.key_press(Key::Num2);
    harness.run();
    harness.state_mut().finish_analysis();
    harness.run();
    assert!(!harness.state().state.revealed());
    harness.get_by_label("Hidden until revealed.");
    assert!(harness.query_by_label_contains("rational choice").is_none());
    // On the seminar bar and in the hidden outcomes.
    assert_eq!(harness.get_all_by_label("Reveal (R)").count(), 2);
    // Back to where it was revealed: still revealed there.
    harness.key_press(Key::Backspace);
    harness.run();
    assert_eq!(
        harness.get_all_by_label("rational choice (tied)").count(),
        2
    );
    // Pinned, later steps stay revealed.
    harness.key_press(Key::K);
    harness.run();
    harness.get_by_label("Kept revealed (K)");
    harness.key_press(Key::Num2);
    harness.run();
    harness.state_mut().finish_analysis();
    harness.run();
    assert!(harness.state().state.revealed());
    harness.get_by_label("Hide (R)");
    assert!(harness.query_by_label("Hidden until revealed.").is_none());
    // Unpinned: this step stays revealed, the next hides.
    harness.key_press(Key::K);
    harness.run();
    assert!(harness.state().state.revealed());
    harness.key_press(Key::Num1);
    harness.run();
    assert!(!harness.state().state.revealed());
    harness.get_by_label("Hidden until revealed.");
    // Leaving seminar mode shows the analysis again.
    harness.key_press(Key::F11);
    harness.run();
    assert!(harness.state().state.revealed());
}

#[test]
fn outside_seminar_mode_hiding_is_a_remembered_setting() {
    let mut harness = app(None);
    assert_eq!(
        harness.get_all_by_label("rational choice (tied)").count(),
        2
    );
    harness
        .state_mut()
        .apply(UiAction::Command(Command::HideAnalysis));
    harness.run();
    assert!(harness.state().state.settings.hide_analysis);
    assert!(harness.query_by_label_contains("rational choice").is_none());
    harness.get_by_label("Hidden until revealed.");
    harness.key_press(Key::R);
    harness.run();
    assert_eq!(
        harness.get_all_by_label("rational choice (tied)").count(),
        2
    );
    harness.key_press(Key::Num2);
    harness.run();
    assert!(harness.query_by_label_contains("rational choice").is_none());
    // The setting is saved with the others and read back on the next start.
    let saved = ron::to_string(&harness.state().state.settings).unwrap();
    let settings: Settings = ron::from_str(&saved).unwrap();
    assert!(settings.hide_analysis);
    let restarted = app_at(egui::vec2(1280.0, 800.0), None, settings);
    assert!(
        restarted
            .query_by_label_contains("rational choice")
            .is_none()
    );
    restarted.get_by_label("Hidden until revealed.");
    // Settings saved before the setting existed read as "shown".
    let old: Settings = ron::from_str("(last_file: None, recent: [], dark: false)").unwrap();
    assert!(!old.hide_analysis);
    assert!((old.seminar_scale - 1.6).abs() < 1e-6);
}

#[test]
fn the_presenter_view_shows_notes_analysis_and_moves_and_closes() {
    let mut harness = app(classroom());
    harness.key_press(Key::F11);
    harness.run();
    // Without the presenter view, the notes fold on the projector.
    harness.get_by_label("Instructor notes (2) - show (N)");
    harness.key_press(Key::P);
    harness.run();
    harness.state_mut().finish_analysis();
    harness.run();
    assert!(harness.state().state.presenter.open);
    harness.get_by_label("Presenter view");
    // The clock runs from when the presenter opened, beside the time of
    // day in the machine's own time zone (named), not always UTC.
    let node = harness.get_by_label_contains("Class clock 0:00:0");
    let clock = node
        .accesskit_node()
        .label()
        .or_else(|| node.value())
        .unwrap_or_default();
    let zone = jiff::ZonedDateTime::now().strftime("%Z").to_string();
    assert!(
        clock.ends_with(&format!(" {zone}")),
        "{clock} (zone {zone})"
    );
    let (hours, minutes) = clock
        .rsplit(" · ")
        .next()
        .and_then(|t| t.split_whitespace().next())
        .and_then(|hm| hm.split_once(':'))
        .unwrap();
    assert_eq!((hours.len(), minutes.len()), (2, 2), "{clock}");
    harness.get_by_label("The projector hides the analysis.");
    // The notes and questions for this situation, on the presenter only.
    harness.get_by_label("- See how a rejected offer changes what each side can still reach.");
    harness.get_by_label("Ask the class to predict West's answer before rolling.");
    harness.get_by_label("Question: Why would East offer shared use first?");
    assert!(
        harness
            .query_by_label_contains("Instructor notes (")
            .is_none()
    );
    // What each move leads to, with the forecast and rational play.
    harness.get_by_label("[1] East: Offer shared use");
    harness.get_by_label("forecast 70 %");
    harness.get_by_label("West accepts, likely (70 %): Talks: agreed; ends in Agreement");
    harness.get_by_label("Forecast (judged moves), from here");
    harness.get_by_label("Rational play ends in: Agreement");
    // The projector still hides the analysis.
    assert!(
        harness
            .query_by_label("Still reachable from here.")
            .is_none()
    );
    harness.get_by_label("Hidden until revealed.");
    // Keys drive both: a number key takes the move, the path shows it.
    harness.key_press(Key::Num2);
    harness.run();
    harness.state_mut().finish_analysis();
    harness.run();
    harness.get_by_label("1. East: Break off talks");
    harness.get_by_label("Breakdown: compare with rational play.");
    // Reveal from the presenter's button.
    harness.get_by_label("Reveal on the projector (R)").click();
    harness.run();
    assert!(harness.state().state.revealed());
    harness.get_by_label("The projector shows the analysis for this step only.");
    // Closing returns to one window.
    harness.get_by_label("Close this window (P)").click();
    harness.run();
    assert!(!harness.state().state.presenter.open);
    assert!(harness.query_by_label("Presenter view").is_none());
    assert!(harness.query_by_label("Path so far").is_none());
    // The seminar bar's button opens it again.
    harness.get_by_label("Presenter (P)");
}

/// Asserts that every chance result on screen has its likelihood on the
/// row of its label: the likelihood's text lies within the height of its
/// "Pick: ..." button and just left of it, and every button and the
/// instructor notes button (when there is one) lie inside the window.
fn assert_likelihoods_on_their_rows(harness: &Harness<'_, DemarcheApp>, size: Vec2, what: &str) {
    let screen = Rect::from_min_size(egui::Pos2::ZERO, size);
    let session = &harness.state().state.document.as_ref().unwrap().session;
    let scenario = session.scenario();
    for m in session.available_moves() {
        for r in &scenario.move_(m).results {
            // Two moves may share a result's label: every button counts.
            // (On the projector a result's button is its label alone.)
            let picks: Vec<Rect> = harness
                .query_all_by_label(&r.label)
                .map(|n| n.rect())
                .collect();
            assert!(
                !picks.is_empty(),
                "{what}: no button for the result {}",
                r.label
            );
            for pick in picks {
                assert!(
                    screen.contains_rect(pick),
                    "{what}: the result {} at {pick:?} is off screen",
                    r.label
                );
                let on_row = harness
                    .query_all_by_label(&r.probability_text())
                    .map(|n| n.rect())
                    .any(|p| {
                        p.top() >= pick.top() - 1.0
                            && p.bottom() <= pick.bottom() + 1.0
                            && p.right() <= pick.left() + 1.0
                            && pick.left() - p.right() < 24.0
                    });
                assert!(
                    on_row,
                    "{what}: no \"{}\" on the row of the result {} at {pick:?}",
                    r.probability_text(),
                    r.label
                );
            }
        }
    }
    if let Some(notes) = harness.query_by_label_contains("Instructor notes (") {
        assert!(
            screen.contains_rect(notes.rect()),
            "{what}: the notes button at {:?} is off screen",
            notes.rect()
        );
    }
}

/// Seminar mode at `scale` on `source`: the opening and the steps the
/// number keys in `keys` take, each checked for rows and fit.
fn check_rows(size: Vec2, scale: f32, source: Option<ScenarioSource>, keys: &[Key]) -> usize {
    let settings = Settings {
        seminar_scale: scale,
        ..Settings::default()
    };
    let mut harness = app_at(size, source, settings);
    harness.key_press(Key::F11);
    harness.run();
    let what = format!("{}x{} at {scale}x type", size.x, size.y);
    let n_results = |harness: &Harness<'_, DemarcheApp>| {
        let session = &harness.state().state.document.as_ref().unwrap().session;
        session
            .available_moves()
            .iter()
            .map(|m| session.scenario().move_(*m).results.len())
            .sum::<usize>()
    };
    let mut n_checked = n_results(&harness);
    assert_likelihoods_on_their_rows(&harness, size, &format!("{what}, the opening"));
    assert_story_fits(&harness, size, &format!("{what}, the opening"));
    for (k, key) in keys.iter().enumerate() {
        harness.key_press(*key);
        harness.run();
        let step = format!("{what}, after {} keys", k + 1);
        n_checked += n_results(&harness);
        assert_likelihoods_on_their_rows(&harness, size, &step);
        let session = &harness.state().state.document.as_ref().unwrap().session;
        if !session.available_moves().is_empty() {
            assert_story_fits(&harness, size, &step);
        }
    }
    n_checked
}

#[test]
fn seminar_likelihoods_stay_on_their_results_rows_at_1_1_5_and_2x() {
    for size in [egui::vec2(1280.0, 800.0), egui::vec2(1920.0, 1080.0)] {
        for scale in [1.0, 1.5, 2.0] {
            // Vienna: the opening (Iran's demand for full relief has
            // two results), then Washington's four answers after Iran's
            // new list of demands (four results, two pairs with the same
            // labels).
            let n = check_rows(size, scale, None, &[Key::Num1]);
            assert!(n > 0, "no chance result was checked");
            // The classroom: its notes button and a chance move.
            check_rows(size, scale, classroom(), &[]);
        }
    }
}

#[test]
fn after_a_reveal_at_1_5x_the_outcome_bars_are_on_screen() {
    for size in [egui::vec2(1280.0, 800.0), egui::vec2(1920.0, 1080.0)] {
        let settings = Settings {
            seminar_scale: 1.5,
            ..Settings::default()
        };
        let mut harness = app_at(size, None, settings);
        harness.key_press(Key::F11);
        harness.run();
        harness.key_press(Key::R);
        harness.run();
        let screen = Rect::from_min_size(egui::Pos2::ZERO, size);
        // Each reachable outcome's line with its probability, and its bar
        // just below it.
        let line = harness
            .get_by_label("Long slog, still talking: 22.9 %")
            .rect();
        assert!(
            screen.contains_rect(line.expand2(egui::vec2(0.0, 12.0))),
            "{size:?}: the outcome bars at {line:?} are below the fold"
        );
        // Also after a step with a long narrative.
        harness.key_press(Key::K);
        harness.key_press(Key::Num2);
        harness.run();
        harness.state_mut().finish_analysis();
        harness.run();
        let still = harness.get_by_label("Still reachable from here.").rect();
        assert!(
            screen.contains_rect(still),
            "{size:?}: {still:?} is below the fold"
        );
    }
}

#[test]
fn seminar_cards_keep_one_layout_from_step_to_step() {
    // At 2x on 1280x800, where the cards used to shrink to a "Rolls: ..."
    // line on some steps: every step shows each result as its own row.
    let settings = Settings {
        seminar_scale: 2.0,
        ..Settings::default()
    };
    let mut harness = app_at(egui::vec2(1280.0, 800.0), None, settings);
    harness.key_press(Key::F11);
    harness.run();
    for key in [Key::Num2, Key::Num1] {
        assert!(harness.query_by_label_contains("Rolls: ").is_none());
        harness.key_press(key);
        harness.run();
    }
    assert!(harness.query_by_label_contains("Rolls: ").is_none());
}

#[test]
fn the_presenter_says_variable_colon_value() {
    let mut harness = app(classroom());
    harness.key_press(Key::F11);
    harness.run();
    harness.key_press(Key::P);
    harness.run();
    harness.state_mut().finish_analysis();
    harness.run();
    harness.get_by_label_contains(": Talks: agreed; ends in Agreement");
    assert!(harness.query_by_label_contains("Talks agreed").is_none());
}

#[test]
fn the_presenter_keeps_the_rolls_seed_for_the_instructor() {
    let mut harness = app(classroom());
    harness.key_press(Key::F11);
    harness.run();
    harness.key_press(Key::P);
    harness.run();
    // East's offer has chance results: its number key rolls (seed 7).
    harness.key_press(Key::Num1);
    harness.run();
    harness.state_mut().finish_analysis();
    harness.run();
    harness.get_by_label(&format!(
        "   rolled: roll #1, seed 7, drew {:.3}",
        demarche::session::unit_draw(7, 1)
    ));
    // The projector says what the dice said.
    harness.get_by_label_contains("The dice said: West ");
}
