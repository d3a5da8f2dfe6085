//! Game theory against textbook results: every pure subgame-perfect
//! equilibrium of the ultimatum game; Nash equilibria in behaviour
//! strategies by the sequence form for matching pennies, Kuhn poker (value
//! -1/18 for the first player) and a signalling game (beer or quiche);
//! clear messages without perfect recall and with three players; and, on
//! random two-player games, the equilibrium found satisfies the
//! best-response conditions, checked against every pure strategy.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;

use demarche::analysis::{
    BehaviourEquilibrium, SequenceError, all_equilibria, sequence_equilibrium,
};
use demarche::engine::{SituationGraph, SituationId, Status};
use demarche::io::{Expanded, open_scenario, read_efg};
use demarche::model::Scenario;
use proptest::prelude::*;

use crate::common::{demarche, stderr, stdout};

fn open(name: &str) -> Expanded {
    let path = format!("tests/data/efg/{name}.efg");
    open_scenario(Path::new(&path))
        .unwrap_or_else(|e| panic!("{path}: {e}"))
        .expand()
}

fn sets(opened: &Expanded) -> Vec<Vec<SituationId>> {
    opened
        .information_sets
        .iter()
        .map(|s| s.situations.clone())
        .collect()
}

fn equilibrium(name: &str) -> (Expanded, Result<BehaviourEquilibrium, SequenceError>) {
    let opened = open(name);
    let eq = sequence_equilibrium(
        &opened.scenario,
        &opened.graph,
        opened.graph.start(),
        &sets(&opened),
    );
    (opened, eq)
}

/// The probability of the move with this label at this situation.
fn prob(scenario: &Scenario, eq: &BehaviourEquilibrium, at: u32, label: &str) -> f64 {
    let set = eq
        .set_of(SituationId(at))
        .unwrap_or_else(|| panic!("s{at} is not a decision node"));
    set.moves
        .iter()
        .find(|(m, _)| scenario.move_(*m).label == label)
        .map(|(_, p)| *p)
        .unwrap_or_else(|| panic!("no move {label} at s{at}"))
}

#[test]
fn ultimatum_has_two_pure_subgame_perfect_equilibria() {
    // The responder is indifferent only when offered 0 (0 either way). If
    // it accepts 0, offering 0 gives the proposer 3, its best; if it
    // rejects 0, offering 1 gives 2, better than 0 (rejected), 1 or 0. So
    // exactly two pure SPE: (offer 0; accept everything), payoffs (3, 0),
    // and (offer 1; reject 0, accept the rest), payoffs (2, 1).
    let opened = open("ultimatum");
    let all = all_equilibria(
        &opened.scenario,
        &opened.graph,
        opened.graph.start(),
        30,
        100,
        1_000_000,
    );
    assert!(all.complete);
    assert_eq!(all.equilibria.len(), 2);
    let sc = &opened.scenario;
    let summary: Vec<(Vec<String>, Vec<f64>, Vec<String>)> = all
        .equilibria
        .iter()
        .map(|e| {
            (
                e.path
                    .steps
                    .iter()
                    .map(|s| sc.move_(s.move_).id.clone())
                    .collect(),
                e.payoffs.clone(),
                e.ties
                    .iter()
                    .map(|t| format!("{} {}", t.situation, sc.move_(t.move_).id))
                    .collect(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            (
                vec!["offer_0".to_owned(), "accept".to_owned()],
                vec![3.0, 0.0],
                vec!["s1 accept".to_owned()]
            ),
            (
                vec!["offer_1".to_owned(), "accept".to_owned()],
                vec![2.0, 1.0],
                vec!["s1 reject".to_owned()]
            ),
        ]
    );
    // The first is the one backward induction reports.
    let solution = demarche::analysis::solve(sc, &opened.graph);
    assert_eq!(all.equilibria[0].path, solution.path(&opened.graph));
}

#[test]
fn the_cap_stops_the_enumeration_and_says_so() {
    let opened = open("ultimatum");
    let all = all_equilibria(
        &opened.scenario,
        &opened.graph,
        opened.graph.start(),
        30,
        1,
        1_000_000,
    );
    assert!(!all.complete);
    assert_eq!(all.equilibria.len(), 1);
    assert_eq!(
        all.count_text(),
        "at least 1 pure subgame-perfect equilibrium (the search stopped at the cap of 1)"
    );
}

#[test]
fn solve_all_lists_both_and_the_default_output_counts_them() {
    let out = demarche(&["solve", "tests/data/efg/ultimatum.efg"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("  2 pure subgame-perfect equilibria; solve --all lists them\n"),
        "{}",
        stdout(&out)
    );
    let out = demarche(&["solve", "tests/data/efg/ultimatum.efg", "--all"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    for line in [
        "2 pure subgame-perfect equilibria:\n",
        "equilibrium 1: payoffs Proposer 3, Responder 0\n",
        "  at s1: Responder takes Accept [accept] (tied with reject)\n",
        "equilibrium 2: payoffs Proposer 2, Responder 1\n",
        "  at s1: Responder takes Reject [reject] (tied with accept)\n",
        "  1. Proposer: Offer 1 [offer_1]\n",
    ] {
        assert!(text.contains(line), "missing {line:?} in\n{text}");
    }
    let out = demarche(&[
        "solve",
        "tests/data/efg/ultimatum.efg",
        "--all",
        "--cap",
        "1",
    ]);
    assert!(
        stdout(&out)
            .contains("note: stopped at 1 equilibria; there are more (raise --cap to list them)"),
        "{}",
        stdout(&out)
    );
    let out = demarche(&["solve", "tests/data/efg/ultimatum.efg", "--all", "--json"]);
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(json["equilibria_count"], 2);
    assert_eq!(json["equilibria"][1]["payoffs"]["responder"], 1.0);
    assert_eq!(json["equilibria"][1]["ties"][0]["move"], "reject");
}

#[test]
fn matching_pennies_is_mixed_half_and_half() {
    let (opened, eq) = equilibrium("hidden_pennies");
    let eq = eq.unwrap();
    let sc = &opened.scenario;
    for (at, label) in [(0, "Heads"), (0, "Tails"), (1, "Heads"), (4, "Tails")] {
        assert!(
            (prob(sc, &eq, at, label) - 0.5).abs() < 1e-9,
            "s{at} {label}"
        );
    }
    assert!(
        eq.payoffs.iter().all(|p| p.abs() < 1e-9),
        "{:?}",
        eq.payoffs
    );
    // The guesser's two nodes are one set with one strategy.
    let set = eq.set_of(SituationId(1)).unwrap();
    assert_eq!(set.situations, [SituationId(1), SituationId(4)]);
    for o in &eq.by_outcome {
        assert!((o - 0.5).abs() < 1e-9);
    }
}

#[test]
fn kuhn_poker_is_worth_minus_one_eighteenth_to_the_first_player() {
    let (opened, eq) = equilibrium("kuhn_poker");
    let eq = eq.unwrap();
    let sc = &opened.scenario;
    let alice = sc.actor_by_id("alice").unwrap().index();
    let bob = sc.actor_by_id("bob").unwrap().index();
    assert!(
        (eq.payoffs[alice] + 1.0 / 18.0).abs() < 1e-9,
        "{:?}",
        eq.payoffs
    );
    assert!((eq.payoffs[bob] - 1.0 / 18.0).abs() < 1e-9);
    // Known features of every equilibrium (Kuhn 1950): Bob with the king
    // always calls a bet and bets after a check; Bob with the jack never
    // calls; Alice with the queen never bets... (Alice's bluffing rate
    // alpha with the jack is free in [0, 1/3]); Alice with the king calls.
    let set_prob = |name: &str, label: &str| -> f64 {
        let set = opened
            .information_sets
            .iter()
            .find(|s| s.name == name)
            .map(|s| s.situations[0])
            .unwrap_or_else(|| panic!("no set {name}"));
        prob(sc, &eq, set.0, label)
    };
    assert!((set_prob("Bob has K, Alice bet", "Call") - 1.0).abs() < 1e-9);
    assert!((set_prob("Bob has K, Alice checked", "Bet") - 1.0).abs() < 1e-9);
    assert!(set_prob("Bob has J, Alice bet", "Call").abs() < 1e-9);
    // Alice with the king calls a bet, unless she always bets the king
    // herself (alpha = 1/3), when her own play rules the set out.
    let k_bet = opened
        .information_sets
        .iter()
        .find(|s| s.name == "Alice has K, Bob bet")
        .unwrap();
    let k_bet = eq.set_of(k_bet.situations[0]).unwrap();
    assert!(
        k_bet.unreached_by_own_play
            || (set_prob("Alice has K, Bob bet", "Call") - 1.0).abs() < 1e-9
    );
    let alpha = set_prob("Alice has J", "Bet");
    assert!((-1e-9..=1.0 / 3.0 + 1e-9).contains(&alpha), "{alpha}");
    // Alice bets the king three times as often as she bluffs the jack.
    assert!((set_prob("Alice has K", "Bet") - 3.0 * alpha).abs() < 1e-9);
    assert!(eq.regret.iter().all(|r| *r < 1e-9));
}

#[test]
fn beer_or_quiche_pools_and_the_receiver_leaves_the_sender_alone() {
    // With 9 strong senders in 10 there is no separating or hybrid
    // equilibrium: both types have the same breakfast, the receiver does
    // not duel on the path (0.9 for it), and the sender gets 2.9 pooling
    // on beer or 2.1 pooling on quiche.
    let (opened, eq) = equilibrium("beer_quiche");
    let eq = eq.unwrap();
    let sc = &opened.scenario;
    let strong_beer = prob(sc, &eq, 1, "Beer");
    let weak = opened.graph.situations().find(|s| {
        eq.set_of(*s).is_some_and(|set| {
            set.actor == sc.actor_by_id("sender").unwrap()
                && !set.situations.contains(&SituationId(1))
        })
    });
    let weak_beer = prob(sc, &eq, weak.unwrap().0, "Beer");
    assert!(
        (strong_beer - weak_beer).abs() < 1e-9 && !(1e-9..=1.0 - 1e-9).contains(&strong_beer),
        "strong {strong_beer}, weak {weak_beer}"
    );
    let sender = sc.actor_by_id("sender").unwrap().index();
    let receiver = sc.actor_by_id("receiver").unwrap().index();
    assert!(
        (eq.payoffs[receiver] - 0.9).abs() < 1e-9,
        "{:?}",
        eq.payoffs
    );
    let s = eq.payoffs[sender];
    assert!((s - 2.9).abs() < 1e-9 || (s - 2.1).abs() < 1e-9, "{s}");
    // The check found no gain at all, and says so in words.
    let out = demarche(&["solve", "tests/data/efg/beer_quiche.efg"]);
    assert!(
        stdout(&out)
            .ends_with("note: checked on the tree: no player gains by deviating (17 pivots)\n"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn solve_prints_the_behaviour_equilibrium_of_kuhn_poker() {
    let out = demarche(&["solve", "tests/data/efg/kuhn_poker.efg"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    for line in [
        "Nash equilibrium in behaviour strategies (sequence form, the zero-sum linear program; the game has information sets of two or more nodes):\n",
        "  Bob, information set 6 \"Bob has K, Alice bet\" (s16, s34): Fold 0 %, Call 100 %\n",
        "expected payoffs:\n  Alice  -0.0556\n  Bob    0.0556\n",
    ] {
        assert!(text.contains(line), "missing {line:?} in\n{text}");
    }
    let out = demarche(&["solve", "tests/data/efg/kuhn_poker.efg", "--json"]);
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let v = json["payoffs"]["alice"].as_f64().unwrap();
    assert!((v + 1.0 / 18.0).abs() < 1e-9);
    let out = demarche(&[
        "solve",
        "tests/data/efg/kuhn_poker.efg",
        "--model",
        "uniform",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains(
            "--model uniform, --intervals and --all apply to games of perfect information"
        ),
        "{}",
        stderr(&out)
    );
}

#[test]
fn no_perfect_recall_and_three_players_are_refused_by_name() {
    let (_, eq) = equilibrium("forgetful");
    assert_eq!(
        eq.unwrap_err().to_string(),
        "Driver does not have perfect recall: the nodes of one information set (s1 and s4) follow different moves of its own (after Left at s0 and after Right at s0); the sequence form needs each player to remember what it did and knew"
    );
    let (_, eq) = equilibrium("three_guessers");
    assert_eq!(
        eq.unwrap_err().to_string(),
        "the sequence form solves games of two players; here 3 actors decide (Hider, First guesser, Second guesser). Games of more players, or of perfect information, are solved by backward induction where every information set is a single node"
    );
    let out = demarche(&["solve", "tests/data/efg/forgetful.efg"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("does not have perfect recall"),
        "{}",
        stderr(&out)
    );
}

/// Every pure strategy's payoff against the other's behaviour, by brute
/// force over the player's sets: the equilibrium must be at least as good.
/// False, with nothing checked, when a player has more than 2^16 pure
/// strategies (a random game of a few dozen nodes can).
fn check_best_responses(
    scenario: &Scenario,
    graph: &SituationGraph,
    eq: &BehaviourEquilibrium,
) -> bool {
    let too_many = eq.players.iter().any(|actor| {
        let total: usize = eq
            .sets
            .iter()
            .filter(|s| s.actor == *actor)
            .map(|s| s.moves.len())
            .product();
        total > 1 << 16
    });
    if too_many {
        return false;
    }
    for (p, actor) in eq.players.iter().enumerate() {
        let own: Vec<usize> = eq
            .sets
            .iter()
            .enumerate()
            .filter(|(_, s)| s.actor == *actor)
            .map(|(k, _)| k)
            .collect();
        let sizes: Vec<usize> = own.iter().map(|k| eq.sets[*k].moves.len()).collect();
        let total: usize = sizes.iter().product();
        let mut best = f64::NEG_INFINITY;
        for code in 0..total {
            let mut c = code;
            let mut pick = vec![usize::MAX; eq.sets.len()];
            for (k, size) in own.iter().zip(&sizes) {
                pick[*k] = c % size;
                c /= size;
            }
            let v = value(scenario, graph, eq, &pick, actor.index(), graph.start());
            best = best.max(v);
        }
        let got = eq.payoffs[actor.index()];
        assert!(
            best <= got + 1e-7,
            "player {p} could get {best} instead of {got}"
        );
    }
    true
}

fn value(
    scenario: &Scenario,
    graph: &SituationGraph,
    eq: &BehaviourEquilibrium,
    pick: &[usize],
    actor: usize,
    at: SituationId,
) -> f64 {
    match graph.status(at) {
        Status::Outcome(o) => {
            return scenario
                .outcome(o)
                .payoffs
                .get(actor)
                .copied()
                .unwrap_or(0.0);
        }
        Status::Open => {}
        _ => return 0.0,
    }
    let steps: Vec<_> = graph.steps(at).collect();
    match eq.sets.iter().position(|s| s.situations.contains(&at)) {
        Some(k) => {
            let set = &eq.sets[k];
            let mut v = 0.0;
            for (i, (m, p)) in set.moves.iter().enumerate() {
                let weight = if pick[k] == usize::MAX {
                    *p
                } else if pick[k] == i {
                    1.0
                } else {
                    0.0
                };
                if weight == 0.0 {
                    continue;
                }
                for s in &steps {
                    let step = graph.step(*s);
                    if step.move_ == *m {
                        v += weight
                            * step.probability
                            * value(scenario, graph, eq, pick, actor, graph.target(*s));
                    }
                }
            }
            v
        }
        None => steps
            .iter()
            .map(|s| {
                graph.step(*s).probability
                    * value(scenario, graph, eq, pick, actor, graph.target(*s))
            })
            .sum(),
    }
}

#[test]
fn kuhn_poker_passes_the_brute_force_best_response_check() {
    let (opened, eq) = equilibrium("kuhn_poker");
    assert!(check_best_responses(
        &opened.scenario,
        &opened.graph,
        &eq.unwrap()
    ));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn random_two_player_games_get_best_responses(seed in any::<u64>(), n in 5usize..40) {
        let text = demarche::synthetic_games::imperfect_game(seed, n);
        let game = read_efg(&text, "random.efg").unwrap_or_else(|d| panic!("{text}\n{d}"));
        let opened = game.expand();
        let eq = sequence_equilibrium(
            &opened.scenario,
            &opened.graph,
            opened.graph.start(),
            &sets(&opened),
        )
        .unwrap_or_else(|e| panic!("{text}\n{e}"));
        let checked = check_best_responses(&opened.scenario, &opened.graph, &eq);
        let total: f64 = eq.by_outcome.iter().sum::<f64>() + eq.no_outcome;
        prop_assert!((total - 1.0).abs() < 1e-9);
        for set in &eq.sets {
            let sum: f64 = set.moves.iter().map(|m| m.1).sum();
            prop_assert!((sum - 1.0).abs() < 1e-9 && set.moves.iter().all(|m| m.1 >= -1e-12));
        }
        // A game too big for the brute force counts as no case.
        prop_assume!(checked);
    }
}
