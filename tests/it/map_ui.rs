//! The map beside the story, driven headless with egui_kittest: find a
//! situation by its label and click it, search, walk the tree with the
//! arrow keys, collapse a subtree; then check what the window shows and
//! where the session is.

#![cfg(feature = "gui")]
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};

use demarche::engine::SituationId;
use demarche::ui::{AppOptions, DemarcheApp, ScenarioSource};
use egui::{Key, Role};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

/// The app on the harbour scenario, loaded, with the map beside the story.
fn harbour_map(dir: &Path) -> Harness<'static, DemarcheApp> {
    let path: PathBuf = dir.join("harbour.ron");
    std::fs::copy("tests/data/ok/harbour.ron", &path).unwrap();
    let mut harness = crate::common::app::loaded(AppOptions {
        seed: None,
        ..crate::common::app::options(Some(ScenarioSource::File(path)))
    });
    harness.run();
    harness.key_press(Key::F3);
    harness.run();
    harness
}

/// The move (and result) of the step that led to the current situation.
fn last_step(harness: &Harness<'_, DemarcheApp>) -> Option<String> {
    let session = &harness.state().state.document.as_ref().unwrap().session;
    let step = *session.path().last()?;
    let s = session.graph().step(step);
    let m = session.scenario().move_(s.move_);
    Some(match s.result {
        Some(r) => format!("{}: {}", m.id, m.results[r.index()].id),
        None => m.id.clone(),
    })
}

/// The map's situation drawn with this label, the one nearest the top.
fn situation<'a>(harness: &'a Harness<'_, DemarcheApp>, label: &'a str) -> egui_kittest::Node<'a> {
    harness
        .get_all_by_role_and_label(Role::TreeItem, label)
        .min_by(|a, b| a.rect().min.y.total_cmp(&b.rect().min.y))
        .unwrap()
}

fn current(harness: &Harness<'_, DemarcheApp>) -> SituationId {
    harness
        .state()
        .state
        .document
        .as_ref()
        .unwrap()
        .session
        .current()
}

#[test]
fn the_map_sits_beside_the_story_with_labelled_situations() {
    let dir = tempfile::tempdir().unwrap();
    let harness = harbour_map(dir.path());
    // The story's moves and the map's situations on screen together.
    harness.get_by_label("1  Offer shared use");
    harness.get_by_role_and_label(Role::TreeItem, "Start");
    situation(&harness, "Offer shared use: West rejects");
    situation(&harness, "Return to the table");
    // An outcome with each actor's payoff, Gambit style.
    assert!(
        harness
            .state()
            .map_view()
            .labels()
            .iter()
            .any(|(_, text)| text.starts_with("Agreement (")),
        "{:?}",
        harness.state().map_view().labels()
    );
}

#[test]
fn clicking_a_situation_by_its_label_goes_there_and_the_story_follows() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harbour_map(dir.path());
    situation(&harness, "Offer shared use: West rejects").click();
    harness.run();
    assert_eq!(
        last_step(&harness).as_deref(),
        Some("offer_shared_use: rejected")
    );
    // The story beside the map follows: West's moves are offered now.
    harness.get_by_label("1  Send patrols");
    assert_eq!(
        harness.state().map_view().selected(),
        Some(current(&harness))
    );
}

#[test]
fn search_highlights_the_situations_a_result_leads_to() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harbour_map(dir.path());
    let field = harness.get_by_role_and_label(Role::TextInput, "Search:");
    field.click();
    harness.run();
    harness
        .get_by_role_and_label(Role::TextInput, "Search:")
        .type_text("rejects");
    harness.run();
    let document = harness.state().state.document.as_ref().unwrap();
    let graph = document.session.graph();
    let scenario = document.session.scenario();
    let mut expected: Vec<SituationId> = graph
        .situations()
        .filter(|id| {
            graph.steps_into(*id).iter().any(|s| {
                let step = graph.step(*s);
                let m = scenario.move_(step.move_);
                step.result
                    .is_some_and(|r| m.results[r.index()].label == "West rejects")
            })
        })
        .collect();
    expected.sort_by_key(|id| id.index());
    let mut found = harness.state().map_view().matches().to_vec();
    found.sort_by_key(|id| id.index());
    assert!(!expected.is_empty());
    assert_eq!(found, expected);
    let n = expected.len();
    let text = if n == 1 {
        "1 match".to_owned()
    } else {
        format!("{n} matches")
    };
    harness.get_by_label(&text);
    // Next selects the first match and says which it is.
    harness.get_by_label("Next").click();
    harness.run();
    assert_eq!(
        harness.state().map_view().selected(),
        Some(expected_first(&harness))
    );
    if n > 1 {
        harness.get_by_label(&format!("match 1 of {n}"));
    }
}

fn expected_first(harness: &Harness<'_, DemarcheApp>) -> SituationId {
    harness.state().map_view().matches()[0]
}

#[test]
fn arrow_keys_walk_the_tree_and_enter_goes_there() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harbour_map(dir.path());
    // Focus the map by clicking the start.
    harness
        .get_by_role_and_label(Role::TreeItem, "Start")
        .click();
    harness.run();
    let document = harness.state().state.document.as_ref().unwrap();
    let layout = std::sync::Arc::clone(&document.layout);
    let start = document.session.graph().start();
    let children = layout.tree_children(start).to_vec();
    assert!(children.len() >= 2, "{children:?}");
    // Down to the first child, Right to its sibling, Enter to go there.
    harness.key_press(Key::ArrowDown);
    harness.run();
    assert_eq!(harness.state().map_view().selected(), Some(children[0]));
    harness.key_press(Key::ArrowRight);
    harness.run();
    assert_eq!(harness.state().map_view().selected(), Some(children[1]));
    assert_eq!(
        current(&harness),
        start,
        "moving the selection is not going"
    );
    harness.key_press(Key::Enter);
    harness.run();
    assert_eq!(current(&harness), children[1]);
    // Up goes back to the parent's place in the tree; Left from the first
    // child finds no sibling and stays.
    harness.key_press(Key::ArrowUp);
    harness.run();
    assert_eq!(harness.state().map_view().selected(), Some(start));
    harness.key_press(Key::Enter);
    harness.run();
    assert_eq!(current(&harness), start);
    assert_eq!(last_step(&harness), None);
}

#[test]
fn collapsing_the_start_hides_its_subtree_and_expanding_shows_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harbour_map(dir.path());
    situation(&harness, "Return to the table");
    harness
        .get_by_role_and_label(Role::TreeItem, "Start")
        .click();
    harness.run();
    harness.get_by_label("Collapse").click();
    harness.run();
    let n = harness
        .state()
        .state
        .document
        .as_ref()
        .unwrap()
        .session
        .graph()
        .n_situations();
    assert_eq!(harness.state().map_view().n_hidden(), n - 1);
    assert!(
        harness
            .query_by_role_and_label(Role::TreeItem, "Return to the table")
            .is_none()
    );
    // The count is under View options, with the legend.
    harness.get_by_label("View options").click();
    harness.run();
    harness.get_by_label_contains(&format!("{} hidden", n - 1));
    harness.key_press(Key::Escape);
    harness.run();
    harness.get_by_label("Expand").click();
    harness.run();
    assert_eq!(harness.state().map_view().n_hidden(), 0);
    situation(&harness, "Return to the table");
}

#[test]
fn a_gambit_game_shows_payoffs_at_the_leaves_and_its_information_sets() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("hidden_pennies.efg");
    std::fs::copy("tests/data/efg/hidden_pennies.efg", &path).unwrap();
    let mut harness = crate::common::app::loaded(AppOptions {
        seed: None,
        ..crate::common::app::options(Some(ScenarioSource::File(path)))
    });
    harness.run();
    harness.key_press(Key::F3);
    harness.run();
    // Payoffs at the leaves, Gambit style, each a situation to click.
    situation(&harness, "Match (1, -1)");
    situation(&harness, "Mismatch (-1, 1)");
    // The information set is drawn, and the legend (under View options)
    // says how.
    harness.get_by_label("View options").click();
    harness.run();
    harness.get_by_label_contains("dotted: information set");
    harness.key_press(Key::Escape);
    harness.run();
    situation(&harness, "Mismatch (-1, 1)").click();
    harness.run();
    let session = &harness.state().state.document.as_ref().unwrap().session;
    assert!(matches!(
        session.graph().status(session.current()),
        demarche::engine::Status::Outcome(_)
    ));
}

/// The app on Vienna in a window of `size`, in the map view.
fn vienna_map(size: egui::Vec2) -> Harness<'static, DemarcheApp> {
    let mut harness = crate::common::app::loaded_at(size, AppOptions::default());
    harness.run();
    harness.key_press(Key::F3);
    harness.run();
    harness
}

#[test]
fn the_map_view_gives_the_map_most_of_the_window() {
    for size in [egui::vec2(1280.0, 800.0), egui::vec2(1920.0, 1080.0)] {
        let mut harness = vienna_map(size);
        let canvas = harness.state().map_view().canvas().unwrap();
        assert!(
            canvas.width() >= 0.6 * size.x && canvas.height() >= 0.7 * size.y,
            "{size:?}: the map draws in {canvas:?}"
        );
        // The story beside it still offers the moves.
        harness.get_by_label_contains("1  ");
        // The panels open from their rails and fold back.
        harness.get_by_label("»").click();
        harness.run();
        harness.get_by_label("Situation");
        harness.get_by_label("« Fold").click();
        harness.run();
        assert!(harness.query_by_label("Situation").is_none());
        harness.get_by_label("Show history").click();
        harness.run();
        harness.get_by_label("Branches explored");
        // Taking a move keeps the map column as wide as it was.
        let before = harness.state().map_view().canvas().unwrap();
        harness.key_press(Key::Num2);
        harness.run();
        let after = harness.state().map_view().canvas().unwrap();
        assert_eq!(
            before.left(),
            after.left(),
            "{size:?}: the map column moved"
        );
    }
}

#[test]
fn map_labels_read_whole_three_zoom_notches_in() {
    for size in [egui::vec2(1280.0, 800.0), egui::vec2(1920.0, 1080.0)] {
        let mut harness = vienna_map(size);
        for _ in 0..3 {
            harness.get_by_label("+").click();
            harness.run();
        }
        let labels = harness.state().map_view().laid_out_labels();
        assert!(labels.len() >= 5, "{size:?}: {labels:?}");
        let font = egui::FontId::proportional(11.0);
        for label in &labels {
            // Whole, or cut because the labels of nearby nodes leave no
            // room below it.
            if label.whole || label.crowded {
                continue;
            }
            // Cut only where three lines as wide as the room to the
            // neighbour cannot hold the text, wrapped between words.
            let mut job = egui::text::LayoutJob::simple(
                label.text.clone(),
                font.clone(),
                egui::Color32::WHITE,
                label.room_px,
            );
            job.wrap.max_rows = 3;
            let fits = !harness.ctx.fonts_mut(|f| f.layout_job(job)).elided;
            assert!(
                !fits,
                "{size:?}: \"{}\" is cut though three lines of {} px hold it",
                label.text, label.room_px
            );
        }
        // Most are whole, some over two lines.
        let n_whole = labels.iter().filter(|l| l.whole).count();
        assert!(2 * n_whole > labels.len(), "{size:?}: {labels:?}");
    }
}
