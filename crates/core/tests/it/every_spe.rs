//! Every pure subgame-perfect equilibrium of small random `.efg` trees,
//! checked against a brute force written here: every pure strategy profile
//! (one action per decision node) is tried, and kept when each node's
//! action is a best reply to the profile below it. Payoffs are small whole
//! numbers, so ties are everywhere, and chance nodes pick with probability
//! 1/2, so every value is exact and the brute force needs no tolerance.
//! The enumeration reuses backward induction's values wherever nothing
//! below a state changed; this is what shows it lists the same equilibria.

use proptest::prelude::*;

use demarche_core::analysis::all_equilibria;
use demarche_core::io::read_efg;
use demarche_core::session::split_mix;

/// A game tree of two players.
#[derive(Debug)]
enum Node {
    /// Payoffs to players 1 and 2.
    Leaf([i64; 2]),
    /// Player 1 or 2 picks a child.
    Player(usize, Vec<Node>),
    /// Chance picks each of two children with probability 1/2.
    Chance(Vec<Node>),
}

/// A random tree from `seed`, at most `depth` moves deep, with payoffs 0
/// to `payoff_range - 1`.
fn tree(seed: u64, draws: &mut u64, depth: u32, payoff_range: u64) -> Node {
    let mut draw = |n: u64| {
        *draws += 1;
        split_mix(seed, *draws) % n
    };
    if depth == 0 || draw(4) == 0 {
        return Node::Leaf([draw(payoff_range) as i64, draw(payoff_range) as i64]);
    }
    if draw(6) == 0 {
        let children = (0..2)
            .map(|_| tree(seed, draws, depth - 1, payoff_range))
            .collect();
        return Node::Chance(children);
    }
    let player = draw(2) as usize;
    let arity = 2 + draw(2);
    let children = (0..arity)
        .map(|_| tree(seed, draws, depth - 1, payoff_range))
        .collect();
    Node::Player(player, children)
}

/// The tree as `.efg` text: each decision node an information set of its
/// own (perfect information), each leaf its own outcome.
fn efg(root: &Node) -> String {
    fn write(node: &Node, out: &mut String, counters: &mut [u32; 4]) {
        match node {
            Node::Leaf([a, b]) => {
                counters[3] += 1;
                out.push_str(&format!("t \"\" {} \"\" {{ {a} {b} }}\n", counters[3]));
            }
            Node::Player(player, children) => {
                counters[*player] += 1;
                let actions: Vec<String> =
                    (0..children.len()).map(|k| format!("\"a{k}\"")).collect();
                out.push_str(&format!(
                    "p \"\" {} {} \"\" {{ {} }} 0\n",
                    player + 1,
                    counters[*player],
                    actions.join(" ")
                ));
                for child in children {
                    write(child, out, counters);
                }
            }
            Node::Chance(children) => {
                counters[2] += 1;
                out.push_str(&format!(
                    "c \"\" {} \"\" {{ \"h\" 1/2 \"t\" 1/2 }} 0\n",
                    counters[2]
                ));
                for child in children {
                    write(child, out, counters);
                }
            }
        }
    }
    let mut out = String::from("EFG 2 R \"random\" { \"P1\" \"P2\" }\n\"\"\n\n");
    write(root, &mut out, &mut [0; 4]);
    out
}

/// How many decision nodes, and how many profiles they make.
fn profiles(node: &Node) -> (usize, u64) {
    match node {
        Node::Leaf(_) => (0, 1),
        Node::Player(_, children) => children.iter().fold((1, children.len() as u64), |acc, c| {
            let (n, p) = profiles(c);
            (acc.0 + n, acc.1.saturating_mul(p))
        }),
        Node::Chance(children) => children.iter().fold((0, 1), |acc, c| {
            let (n, p) = profiles(c);
            (acc.0 + n, acc.1.saturating_mul(p))
        }),
    }
}

/// The root payoffs of every subgame-perfect profile, by trying them all.
/// Decision nodes are numbered in preorder; `choice[k]` is node k's action.
fn brute_force(root: &Node, n_decisions: usize) -> Vec<[f64; 2]> {
    /// The node's payoffs under `choice`, or `None` if some decision node
    /// at or below it does not play a best reply.
    fn value(node: &Node, choice: &[usize], next: &mut usize) -> Option<[f64; 2]> {
        match node {
            Node::Leaf([a, b]) => Some([*a as f64, *b as f64]),
            Node::Chance(children) => {
                let mut total = [0.0; 2];
                for child in children {
                    let v = value(child, choice, next)?;
                    total[0] += 0.5 * v[0];
                    total[1] += 0.5 * v[1];
                }
                Some(total)
            }
            Node::Player(player, children) => {
                let here = choice[*next];
                *next += 1;
                let mut values = Vec::new();
                for child in children {
                    values.push(value(child, choice, next)?);
                }
                let best = values.iter().map(|v| v[*player]).fold(f64::MIN, f64::max);
                (values[here][*player] == best).then_some(values[here])
            }
        }
    }
    fn arities(node: &Node, out: &mut Vec<usize>) {
        match node {
            Node::Leaf(_) => {}
            Node::Chance(children) => children.iter().for_each(|c| arities(c, out)),
            Node::Player(_, children) => {
                out.push(children.len());
                children.iter().for_each(|c| arities(c, out));
            }
        }
    }
    let mut radix = Vec::with_capacity(n_decisions);
    arities(root, &mut radix);
    let mut choice = vec![0usize; radix.len()];
    let mut found = Vec::new();
    loop {
        if let Some(v) = value(root, &choice, &mut 0) {
            found.push(v);
        }
        // The next profile, as a mixed-radix counter.
        let mut k = 0;
        while k < choice.len() {
            choice[k] += 1;
            if choice[k] < radix[k] {
                break;
            }
            choice[k] = 0;
            k += 1;
        }
        if k == choice.len() {
            return found;
        }
    }
}

fn sorted(mut payoffs: Vec<[f64; 2]>) -> Vec<[f64; 2]> {
    payoffs.sort_by(|a, b| a.partial_cmp(b).unwrap());
    payoffs
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 300,
        max_global_rejects: 10_000,
        ..ProptestConfig::default()
    })]

    #[test]
    fn every_pure_spe_of_a_random_tree_is_listed_once(seed in any::<u64>(), payoff_range in 1u64..4) {
        let root = tree(seed, &mut 0, 4, payoff_range);
        let (n_decisions, n_profiles) = profiles(&root);
        prop_assume!(n_decisions >= 1 && n_profiles <= 20_000);
        let game = read_efg(&efg(&root), "random.efg").unwrap();
        let graph = &game.graph;
        let found = all_equilibria(&game.scenario, graph, graph.start(), 10, 1_000_000, u64::MAX);
        prop_assert!(found.complete);
        let listed: Vec<[f64; 2]> = found
            .equilibria
            .iter()
            .map(|e| [e.payoffs[0], e.payoffs[1]])
            .collect();
        prop_assert_eq!(sorted(listed), sorted(brute_force(&root, n_decisions)));
    }
}

#[test]
fn a_tree_of_ties_under_one_chance_node_has_every_profile() {
    // Chance, then on each side a decision of player 1 between two equal
    // leaves, then one more of player 2 under the first: 2 x 2 x 2 profiles,
    // all subgame perfect, all paying (1, 1).
    let root = Node::Chance(vec![
        Node::Player(
            0,
            vec![
                Node::Player(1, vec![Node::Leaf([1, 1]), Node::Leaf([1, 1])]),
                Node::Leaf([1, 1]),
            ],
        ),
        Node::Player(0, vec![Node::Leaf([1, 1]), Node::Leaf([1, 1])]),
    ]);
    let game = read_efg(&efg(&root), "ties.efg").unwrap();
    let graph = &game.graph;
    let found = all_equilibria(&game.scenario, graph, graph.start(), 10, 100, u64::MAX);
    assert!(found.complete);
    assert_eq!(found.equilibria.len(), 8);
    assert_eq!(brute_force(&root, 3).len(), 8);
    // The chance player is an actor too, with payoff 0.
    assert!(
        found
            .equilibria
            .iter()
            .all(|e| e.payoffs[..2] == [1.0, 1.0])
    );
}
