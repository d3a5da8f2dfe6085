//! Generated two-player games with imperfect information and perfect
//! recall, as Gambit `.efg` text, for the property tests and benchmarks
//! of the sequence form ([`crate::analysis::sequence_equilibrium`]).

use std::fmt::Write;

use crate::session::SplitMix;

#[derive(Clone, Debug)]
enum Kind {
    Open,
    Chance,
    Player(usize, usize),
    Leaf,
}

/// A game of about `n_nodes` nodes (at least 3): two players, nodes of 2
/// or 3 actions, one node in ten a chance node; a player's node joins an
/// existing information set of the same player, number of actions and own
/// history half the time it can (so perfect recall holds by
/// construction); payoffs are whole numbers from -9 to 9. O(n_nodes x
/// sets per history).
pub fn imperfect_game(seed: u64, n_nodes: usize) -> String {
    game(seed, n_nodes, false)
}

/// As [`imperfect_game`] with the same tree, but zero-sum: the second
/// player's payoff is minus the first's at every leaf (the first's payoffs
/// are those of `imperfect_game(seed, n_nodes)`).
pub fn zero_sum_game(seed: u64, n_nodes: usize) -> String {
    game(seed, n_nodes, true)
}

fn game(seed: u64, n_nodes: usize, zero_sum: bool) -> String {
    let mut rng = SplitMix::new(seed);
    let target = n_nodes.max(3);
    // Per node: kind, children, own history per player (set, action) as
    // an index into `histories`, or 0 for none.
    let mut kinds: Vec<Kind> = vec![Kind::Open];
    let mut children: Vec<Vec<usize>> = vec![Vec::new()];
    let mut history: Vec<[usize; 2]> = vec![[0, 0]];
    // Per set: (player, number of actions, own history at its nodes).
    let mut sets: Vec<(usize, usize, usize)> = Vec::new();
    // Histories: 0 is the empty one; k >= 1 is one (set, action).
    let mut histories: std::collections::HashMap<(usize, usize), usize> =
        std::collections::HashMap::new();
    let mut queue = std::collections::VecDeque::from([0usize]);
    while let Some(k) = queue.pop_front() {
        if kinds.len() + 3 > target {
            kinds[k] = Kind::Leaf;
            continue;
        }
        let n_act = 2 + rng.below(2) as usize;
        let chance = rng.below(10) == 0;
        let mut kids = Vec::new();
        if chance {
            kinds[k] = Kind::Chance;
            for _ in 0..2 {
                kids.push(kinds.len());
                kinds.push(Kind::Open);
                children.push(Vec::new());
                history.push(history[k]);
            }
        } else {
            let player = rng.below(2) as usize;
            let own = history[k][player];
            let candidates: Vec<usize> = sets
                .iter()
                .enumerate()
                .filter(|(_, s)| s.0 == player && s.1 == n_act && s.2 == own)
                .map(|(i, _)| i)
                .collect();
            let set = if !candidates.is_empty() && rng.below(2) == 0 {
                candidates[rng.below(candidates.len() as u64) as usize]
            } else {
                sets.push((player, n_act, own));
                sets.len() - 1
            };
            kinds[k] = Kind::Player(player, set);
            for a in 0..n_act {
                let next = histories.len() + 1;
                let h = *histories.entry((set, a)).or_insert(next);
                let mut hist = history[k];
                hist[player] = h;
                kids.push(kinds.len());
                kinds.push(Kind::Open);
                children.push(Vec::new());
                history.push(hist);
            }
        }
        for kid in &kids {
            queue.push_back(*kid);
        }
        children[k] = kids;
    }

    // Number sets per player from 1.
    let mut number = vec![0usize; sets.len()];
    let mut count = [0usize; 2];
    for (i, s) in sets.iter().enumerate() {
        count[s.0] += 1;
        number[i] = count[s.0];
    }
    let mut text = String::new();
    let _ = writeln!(
        text,
        "EFG 2 R \"Generated {}game {seed}, {target} nodes\" {{ \"Row\" \"Column\" }}\n",
        if zero_sum { "zero-sum " } else { "" }
    );
    let mut n_outcomes = 0usize;
    let mut n_events = 0usize;
    let mut stack = vec![0usize];
    while let Some(k) = stack.pop() {
        match kinds[k] {
            Kind::Leaf | Kind::Open => {
                n_outcomes += 1;
                let a = rng.below(19) as i64 - 9;
                // Drawn either way, so both kinds share every other draw.
                let b = rng.below(19) as i64 - 9;
                let b = if zero_sum { -a } else { b };
                let _ = writeln!(text, "t \"\" {n_outcomes} \"z{n_outcomes}\" {{ {a} {b} }}");
            }
            Kind::Chance => {
                let p = 1 + rng.below(3);
                n_events += 1;
                let _ = writeln!(
                    text,
                    "c \"\" {n_events} \"\" {{ \"up\" {p}/4 \"down\" {}/4 }} 0",
                    4 - p
                );
            }
            Kind::Player(player, set) => {
                let acts: Vec<String> = (0..sets[set].1)
                    .map(|a| format!("\"a{}\"", a + 1))
                    .collect();
                let _ = writeln!(
                    text,
                    "p \"\" {} {} \"\" {{ {} }} 0",
                    player + 1,
                    number[set],
                    acts.join(" ")
                );
            }
        }
        for kid in children[k].iter().rev() {
            stack.push(*kid);
        }
    }
    text
}
