//! A generated perfect-information Gambit game for benchmarks and tests: a
//! complete binary tree, two players moving in turn ("Left" or "Right"),
//! every decision node in an information set of its own, pseudo-random
//! payoffs at the leaves. Depth 19 gives 1,048,575 nodes in about 30 MB.
//! Used by the `.efg` benchmarks, `demarche generate game` and the tests
//! (feature `testkit`).

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
