//! Gambit node names: a named node is labelled by its name on the map and
//! in the layout the SVG shares; an unnamed one keeps the step that led
//! there; and a tree that names no node holds no names at all.

use demarche_core::engine::{MapLayout, SituationId, situation_label};
use demarche_core::io::{Expanded, ScenarioSource, open};
use demarche_core::synthetic_efg::{EfgTreeSpec, binary_tree};

fn opened(path: &str) -> Expanded {
    open(&ScenarioSource::File(path.into())).unwrap().expand()
}

/// Every situation's label, in id order.
fn labels(game: Expanded) -> Vec<String> {
    let Expanded {
        scenario,
        graph,
        names,
        ..
    } = game;
    let layout = MapLayout::new(&graph).with_names(names);
    graph
        .situations()
        .map(|id| situation_label(&scenario, &graph, &layout, id))
        .collect()
}

#[test]
fn named_nodes_show_their_names_and_unnamed_ones_the_step() {
    assert_eq!(
        labels(opened("../../tests/data/efg/named_offer.efg")),
        [
            "Buyer offers",
            "Seller weighs a \"low\" offer",
            "Cheap deal: Deal at low (3, 1)",
            "No deal (0, 0)",
            "Seller weighs a high offer",
            "Dear deal: Deal at high (1, 3)",
            "No deal (0, 0)",
        ]
    );
}

#[test]
fn a_game_without_node_names_keeps_its_labels() {
    let game = opened("../../tests/data/efg/entry.efg");
    assert!(game.names.is_empty());
    assert_eq!(
        labels(game),
        [
            "Start",
            "Monopoly (0, 5)",
            "Enter",
            "Price war (-1, -1)",
            "Shared market (2, 2)",
        ]
    );
}

#[test]
fn names_cost_nothing_in_a_tree_that_has_none_and_little_in_one_that_does() {
    let text = binary_tree(&EfgTreeSpec {
        depth: 12,
        payoff_range: 10,
        seed: 3,
    });
    let unnamed = demarche_core::io::read_efg(&text, "tree.efg").unwrap();
    assert_eq!(unnamed.graph.n_situations(), 8191);
    assert_eq!(unnamed.names.heap_bytes(), 0);
    // Every node named "n": one byte of text and eight of index each.
    let named_text = text
        .replace("p \"\"", "p \"n\"")
        .replace("t \"\"", "t \"n\"");
    let named = demarche_core::io::read_efg(&named_text, "tree.efg").unwrap();
    assert_eq!(named.names.len(), 8191);
    assert_eq!(named.names.heap_bytes(), 8191 * 9);
    assert_eq!(named.names.name(SituationId(8190)), Some("n"));
}
