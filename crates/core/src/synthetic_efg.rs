//! A generated perfect-information Gambit game for benchmarks and tests: a
//! complete binary tree, two players moving in turn ("Left" or "Right"),
//! every decision node in an information set of its own, pseudo-random
//! payoffs at the leaves. Depth 19 gives 1,048,575 nodes in about 30 MB.
//! [`random_tree`] makes trees of random shape with any number of players,
//! chance nodes and one outcome per leaf. Used by the `.efg` benchmarks,
//! `demarche generate game` and the tests (feature `testkit`).

use std::fmt::Write;

use crate::session::SplitMix;

/// The shape of a generated game.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EfgTreeSpec {
    /// Moves from the root to every leaf; the tree has 2^(depth+1) - 1
    /// nodes.
    pub depth: u32,
    /// Payoffs are whole numbers from 0 to this, minus one.
    pub payoff_range: u32,
    pub seed: u64,
}

impl EfgTreeSpec {
    /// 1,048,575 nodes (524,288 leaves), payoffs 0 to 9: 100 outcomes.
    pub const MILLION: EfgTreeSpec = EfgTreeSpec {
        depth: 19,
        payoff_range: 10,
        seed: 2021,
    };

    /// As [`Self::MILLION`] with payoffs 0 to 199: 40,000 outcomes met in
    /// no particular order, the hard case for caches.
    pub const MILLION_MANY_OUTCOMES: EfgTreeSpec = EfgTreeSpec {
        payoff_range: 200,
        ..EfgTreeSpec::MILLION
    };

    /// How many nodes the tree has.
    pub fn n_nodes(&self) -> u64 {
        (1u64 << (self.depth + 1)) - 1
    }
}

/// The game as `.efg` text. Player 1 moves at even depths, player 2 at odd
/// ones; outcomes are numbered by their payoffs, so equal payoffs are one
/// outcome (at most `payoff_range`^2 of them).
pub fn binary_tree(spec: &EfgTreeSpec) -> String {
    let range = u64::from(spec.payoff_range.max(1));
    let mut out = String::with_capacity((spec.n_nodes() * 30) as usize);
    let _ = writeln!(
        out,
        "EFG 2 R \"Binary tree, depth {}\" {{ \"Player 1\" \"Player 2\" }}\n\"Generated: a perfect-information game of {} nodes.\"\n",
        spec.depth,
        spec.n_nodes()
    );
    let mut rng = SplitMix::new(spec.seed);
    let mut infosets = [0u64; 2];
    // Preorder: a stack of depths still to write.
    let mut stack = vec![0u32];
    while let Some(depth) = stack.pop() {
        if depth == spec.depth {
            let (a, b) = (rng.next_u64() % range, rng.next_u64() % range);
            let _ = writeln!(out, "t \"\" {} \"\" {{ {a} {b} }}", a * range + b + 1);
            continue;
        }
        let player = (depth % 2) as usize;
        infosets[player] += 1;
        let _ = writeln!(
            out,
            "p \"\" {} {} \"\" {{ \"Left\" \"Right\" }} 0",
            player + 1,
            infosets[player]
        );
        stack.push(depth + 1);
        stack.push(depth + 1);
    }
    out
}

/// The shape of a generated tree of random shape ([`random_tree`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EfgRandomTreeSpec {
    /// Decision and chance nodes; the tree has
    /// `n_inner * branching + 1` nodes, `n_inner * (branching - 1) + 1`
    /// of them leaves.
    pub n_inner: u32,
    /// Actions at every inner node (at least 2).
    pub branching: u32,
    /// Players, 1 to 9.
    pub n_players: u32,
    /// The share of inner nodes that are chance nodes, in percent.
    pub chance_percent: u32,
    pub seed: u64,
}

impl EfgRandomTreeSpec {
    /// 100,005 nodes, 75,004 leaves, each its own outcome: two players, no
    /// chance; payoffs without ties, so the SPE is unique.
    pub const MANY_OUTCOMES: EfgRandomTreeSpec = EfgRandomTreeSpec {
        n_inner: 25_001,
        branching: 4,
        n_players: 2,
        chance_percent: 0,
        seed: 27,
    };

    /// 80,001 binary nodes, three players, one inner node in ten a chance
    /// node, one outcome per leaf.
    pub const THREE_PLAYERS: EfgRandomTreeSpec = EfgRandomTreeSpec {
        n_inner: 40_000,
        branching: 2,
        n_players: 3,
        chance_percent: 10,
        seed: 2027,
    };

    /// How many nodes the tree has.
    pub fn n_nodes(&self) -> u64 {
        u64::from(self.n_inner) * u64::from(self.branching.max(2)) + 1
    }
}

/// A perfect-information game of random shape as `.efg` text. The tree
/// grows from the root by turning a leaf drawn at random into an inner node
/// until `n_inner` are made, so depths vary. Each inner node is a chance
/// node with probability `chance_percent` (its action probabilities random
/// whole-number weights, written as fractions), otherwise a node of a player
/// drawn at random in an information set of its own. Leaf `k` (in file
/// order) is outcome `k + 1`; each player's payoffs are a random
/// permutation of `0 .. n_leaves`, so no player is ever indifferent between
/// two leaves. Linear in the nodes.
pub fn random_tree(spec: &EfgRandomTreeSpec) -> String {
    let branching = spec.branching.max(2) as usize;
    let n_players = spec.n_players.clamp(1, 9) as usize;
    let mut rng = SplitMix::new(spec.seed);
    // children[i] is the first child of node i (0: a leaf); children are
    // consecutive.
    let mut first_child: Vec<u32> = vec![0];
    let mut leaves: Vec<u32> = vec![0];
    for _ in 0..spec.n_inner {
        let k = rng.below(leaves.len() as u64) as usize;
        let node = leaves.swap_remove(k);
        let first = first_child.len() as u32;
        first_child[node as usize] = first;
        for j in 0..branching as u32 {
            first_child.push(0);
            leaves.push(first + j);
        }
    }
    let n_leaves = leaves.len();
    let payoffs: Vec<Vec<usize>> = (0..n_players)
        .map(|_| {
            let mut p: Vec<usize> = (0..n_leaves).collect();
            for i in (1..n_leaves).rev() {
                p.swap(i, rng.below(i as u64 + 1) as usize);
            }
            p
        })
        .collect();
    let players: Vec<String> = (1..=n_players).map(|i| format!("\"Player {i}\"")).collect();
    let mut out = String::with_capacity(spec.n_nodes() as usize * 32);
    let _ = writeln!(
        out,
        "EFG 2 R \"Random tree of {} nodes\" {{ {} }}\n\"Generated: a perfect-information game.\"\n",
        spec.n_nodes(),
        players.join(" ")
    );
    let actions: String = (1..=branching).map(|j| format!(" \"a{j}\"")).collect();
    let (mut n_leaf, mut n_chance) = (0usize, 0u64);
    let mut infosets = vec![0u64; n_players];
    let mut stack = vec![0u32];
    while let Some(node) = stack.pop() {
        let first = first_child[node as usize];
        if first == 0 {
            let values: Vec<String> = payoffs.iter().map(|p| p[n_leaf].to_string()).collect();
            n_leaf += 1;
            let _ = writeln!(out, "t \"\" {n_leaf} \"\" {{ {} }}", values.join(" "));
            continue;
        }
        if rng.below(100) < u64::from(spec.chance_percent) {
            n_chance += 1;
            let weights: Vec<u64> = (0..branching).map(|_| 1 + rng.below(9)).collect();
            let total: u64 = weights.iter().sum();
            let _ = write!(out, "c \"\" {n_chance} \"\" {{");
            for (j, w) in weights.iter().enumerate() {
                let _ = write!(out, " \"a{}\" {w}/{total}", j + 1);
            }
            out.push_str(" } 0\n");
        } else {
            let player = rng.below(n_players as u64) as usize;
            infosets[player] += 1;
            let _ = writeln!(
                out,
                "p \"\" {} {} \"\" {{{actions} }} 0",
                player + 1,
                infosets[player]
            );
        }
        for j in (0..branching as u32).rev() {
            stack.push(first + j);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_small_tree_has_the_right_shape() {
        let spec = EfgTreeSpec {
            depth: 3,
            payoff_range: 5,
            seed: 1,
        };
        let text = binary_tree(&spec);
        assert_eq!(text.lines().filter(|l| l.starts_with("p ")).count(), 7);
        assert_eq!(text.lines().filter(|l| l.starts_with("t ")).count(), 8);
        let opened = crate::io::read_efg(&text, "tree.efg").unwrap();
        let graph = opened.game_graph().unwrap().clone();
        assert_eq!(graph.n_situations() as u64, spec.n_nodes());
        assert_eq!(
            binary_tree(&spec),
            text,
            "the same spec gives the same file"
        );
    }
}
