//! The `.efg` path at scale, for what it must still get right: every pure
//! subgame-perfect equilibrium listed with its own ties while equilibria
//! found one after another share the ties below their branch, and an
//! unfolding too large for the memory budget ending in the analysis's
//! "too large" message rather than an abort.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeSet;

use demarche_core::analysis::{all_equilibria, check_horizon, solve};
use demarche_core::engine::scoped_memory_budget;
use demarche_core::io::read_efg;
use demarche_core::synthetic_efg::{EfgTreeSpec, binary_tree};

/// A complete binary tree of `depth` moves where every payoff is 0: every
/// decision node is a tie between Left and Right.
fn all_tied(depth: u32) -> String {
    binary_tree(&EfgTreeSpec {
        depth,
        payoff_range: 1,
        seed: 1,
    })
}

#[test]
fn every_equilibrium_of_a_tree_of_ties_lists_its_own_ties() {
    // Seven decision nodes, each a free choice: 2^7 profiles, all subgame
    // perfect; each breaks all seven ties, children before parents.
    let game = read_efg(&all_tied(3), "ties.efg").unwrap();
    let graph = game.game_graph().unwrap();
    let scenario = &game.scenario;
    let all = all_equilibria(scenario, graph, graph.start(), 0, 1_000, 1_000_000);
    assert!(all.complete);
    assert_eq!(all.count_text(), "128 pure subgame-perfect equilibria");
    let mut profiles = BTreeSet::new();
    for e in &all.equilibria {
        assert_eq!(e.ties.len(), 7);
        let ties: Vec<_> = e.ties.iter().collect();
        assert_eq!(ties.len(), 7);
        let at: Vec<u32> = ties.iter().map(|t| t.situation.0).collect();
        // Backward-induction order: in a file's preorder, a child has a
        // higher id than its parent, so the ids fall.
        assert!(at.windows(2).all(|w| w[0] > w[1]), "{at:?}");
        for t in &e.ties {
            assert_eq!(t.tied.len(), 2);
            assert!(t.tied.contains(&t.move_));
        }
        let labels: Vec<String> = ties
            .iter()
            .map(|t| format!("{}:{}", t.situation, scenario.move_(t.move_).label))
            .collect();
        profiles.insert(labels);
    }
    // No profile twice: each equilibrium's ties are its own, not those of
    // the one found before it.
    assert_eq!(profiles.len(), 128);
    // The first is backward induction's: Left everywhere.
    let first: Vec<&str> = all.equilibria[0]
        .ties
        .iter()
        .map(|t| scenario.move_(t.move_).label.as_str())
        .collect();
    assert_eq!(first, ["Left"; 7]);
    let solution = solve(scenario, graph);
    assert_eq!(all.equilibria[0].path, solution.path(graph));
}

#[test]
fn a_large_tree_of_ties_is_counted_to_the_cap_with_every_tie_listed() {
    // 2^13 - 1 nodes, 4,095 ties broken by every equilibrium: the ties
    // below the branch are shared, and each list reads in full.
    let game = read_efg(&all_tied(12), "ties.efg").unwrap();
    let graph = game.game_graph().unwrap();
    let all = all_equilibria(&game.scenario, graph, graph.start(), 0, 100, 10_000_000);
    assert_eq!(
        all.count_text(),
        "at least 100 pure subgame-perfect equilibria (the search stopped at the cap of 100)"
    );
    for e in &all.equilibria {
        assert_eq!(e.ties.len(), 4_095);
        assert_eq!(e.ties.iter().count(), 4_095);
    }
    // Two equilibria differ in at least one tie.
    assert_ne!(all.equilibria[0].ties, all.equilibria[1].ties);
    assert_eq!(all.equilibria[0].ties, all.equilibria[0].ties.clone());
}

#[test]
fn an_unfolding_past_the_memory_budget_is_the_analysis_error() {
    // 131,071 situations: the unfolding's tables take 9 bytes each, more
    // than the smallest budget of 1 MiB.
    let text = binary_tree(&EfgTreeSpec {
        depth: 16,
        payoff_range: 10,
        seed: 3,
    });
    let game = read_efg(&text, "big.efg").unwrap();
    let graph = game.game_graph().unwrap();
    let n_actors = game.scenario.actors.len();
    assert_eq!(check_horizon(graph, graph.start(), 0, n_actors), Ok(()));
    let _budget = scoped_memory_budget(1 << 20);
    let error = check_horizon(graph, graph.start(), 0, n_actors).unwrap_err();
    assert_eq!(
        error.to_string(),
        "the analysis would need more than 1 MiB of memory (131071 situations), past the budget set for this run (DEMARCHE_MEMORY_MIB); lower the scenario's limits.max_situations, or run with more memory"
    );
}
