//! A generated free-move conflict for stability benchmarks and tests: `n`
//! flags, two actors each owning half of them and able to set or unset
//! each of its own at any time, preferences by priorities. Every
//! combination of flags is a state, so 16 flags give 2^16 = 65,536 states.
//! Shared with `tests/benches/analysis.rs` (included there by path).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::fmt::Write;

/// A free-move conflict over `n_flags` flags (even; at least 2) as RON.
/// Actor `a0` owns flags `0 .. n/2`, `a1` the rest; each actor's priorities
/// pair each of its own flags with the matching flag of the other, and the
/// two actors' priorities mirror each other, so swapping the halves of a
/// state swaps the actors.
pub fn conflict_text(n_flags: usize) -> String {
    let half = (n_flags / 2).max(1);
    let n = 2 * half;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Scenario(\n    id: \"flags-{n}\",\n    title: \"{n} flags, two actors\",\n    actors: [Actor(id: \"a0\", name: \"Actor 0\"), Actor(id: \"a1\", name: \"Actor 1\")],\n    variables: ["
    );
    for f in 0..n {
        let _ = writeln!(
            out,
            "        Variable(id: \"f{f}\", domain: Flag, initial: false),"
        );
    }
    out.push_str("    ],\n    moves: [\n");
    for f in 0..n {
        let actor = f / half;
        let _ = writeln!(
            out,
            "        Move(id: \"set_f{f}\", actor: \"a{actor}\", label: \"Set f{f}\", when: \"not f{f}\", effects: [\"f{f} = true\"]),\n        Move(id: \"unset_f{f}\", actor: \"a{actor}\", label: \"Unset f{f}\", when: \"f{f}\", effects: [\"f{f} = false\"]),"
        );
    }
    out.push_str("    ],\n    outcomes: [],\n    turns: Free,\n");
    let _ = writeln!(
        out,
        "    limits: Limits(max_depth: {n}, max_situations: {}),\n    priorities: {{\"a0\": [{}], \"a1\": [{}]}},\n)",
        (1u64 << n) * 2,
        priorities(half, 0, half),
        priorities(half, half, 0)
    );
    out
}

/// One actor's priorities: each of its `half` flags (from `own_base`)
/// paired with the matching flag of the other (from `other_base`).
fn priorities(half: usize, own_base: usize, other_base: usize) -> String {
    (0..half)
        .map(|k| {
            let (own, other) = (own_base + k, other_base + k);
            match k % 3 {
                0 => format!("\"f{own} and not f{other}\""),
                1 => format!("\"not f{other}\""),
                _ => format!("\"f{own} or f{other}\""),
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The same conflict written in option form (GMCR): `n_options` options,
/// half owned by each actor, the same priorities; here a move changes any
/// set of the mover's options at once, so from every state each actor has
/// 2^(n/2) - 1 moves.
pub fn options_text(n_options: usize) -> String {
    let half = (n_options / 2).max(1);
    let n = 2 * half;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Scenario(\n    id: \"options-{n}\",\n    title: \"{n} options, two actors\",\n    actors: [Actor(id: \"a0\", name: \"Actor 0\"), Actor(id: \"a1\", name: \"Actor 1\")],\n    limits: Limits(max_depth: {n}, max_situations: {}),\n    conflict: Conflict(\n        options: [",
        (1u64 << n) * 2
    );
    for f in 0..n {
        let _ = writeln!(
            out,
            "            Option(id: \"f{f}\", actor: \"a{}\", label: \"Option {f}\"),",
            f / half
        );
    }
    let _ = writeln!(
        out,
        "        ],\n        preferences: {{\"a0\": Priorities([{}]), \"a1\": Priorities([{}])}},\n    ),\n)",
        priorities(half, 0, half),
        priorities(half, half, 0)
    );
    out
}

// A test function, not a `tests` module: the bench includes this file, and
// there `#[test]` items (with the imports inside them) drop out.
#[test]
fn every_combination_is_a_state_and_the_actors_mirror_each_other() {
    use demarche::analysis::{Concept, stability};
    use demarche::engine::expand;
    use demarche::model::{ActorIndex, load_str};

    let scenario = load_str(&conflict_text(6), "flags.ron").unwrap();
    let graph = expand(&scenario);
    assert_eq!(graph.n_situations(), 64);
    let table = stability(&scenario, &graph).unwrap();
    assert_eq!(table.n_states(), 64);
    for k in 0..table.n_states() {
        let values = table.values(k);
        let mirrored: Vec<i64> = values[3..].iter().chain(&values[..3]).copied().collect();
        let m = table.find(&mirrored).unwrap();
        for concept in Concept::ALL {
            assert_eq!(
                table.is_stable(k, ActorIndex(0), concept),
                table.is_stable(m, ActorIndex(1), concept),
                "state {k} {concept:?}"
            );
        }
    }
    // Nash stable states are stable under the others too.
    for k in table.equilibria(Concept::Nash) {
        for concept in Concept::ALL {
            assert!(table.equilibria(concept).contains(&k));
        }
    }
}
