//! Synthetic scenarios for tests and benchmarks: generated RON text of any
//! size, and a small hand-written scenario for unit tests.

use std::fmt::Write;

/// The shape of a generated scenario.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SyntheticSpec {
    /// Actors; moves are dealt to them in turn.
    pub n_actors: usize,
    /// Integer variables, each from 0 to `n_levels - 1`, starting at 0.
    pub n_variables: usize,
    /// Values per variable.
    pub n_levels: usize,
    /// Moves; move `j` raises variable `j % n_variables` by one.
    pub n_moves: usize,
    /// Every this many moves, one has two chance results (`likely`: raise
    /// its variable; `unlikely`: also raise the next one). 0 for none.
    pub chance_every: usize,
}

impl SyntheticSpec {
    /// About a million situations: 4 variables of 32 levels, one move each,
    /// anyone may move.
    pub const MILLION: SyntheticSpec = SyntheticSpec {
        n_actors: 2,
        n_variables: 4,
        n_levels: 32,
        n_moves: 4,
        chance_every: 0,
    };

    /// How many situations the whole graph has (every combination of values
    /// is reachable and the turn is always "anyone").
    pub fn n_situations(&self) -> u64 {
        (self.n_levels as u64).pow(self.n_variables as u32)
    }
}

/// Writes a scenario of the given shape as RON. Every branch ends in the
/// outcome "finished" (all variables at their top); the limits leave room
/// for the whole graph.
pub fn generate(spec: &SyntheticSpec) -> String {
    let n_actors = spec.n_actors.max(1);
    let n_variables = spec.n_variables.max(1);
    let top = spec.n_levels.max(2) - 1;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Scenario(\n    id: \"synthetic\",\n    title: \"Synthetic {n_actors} actors, {n_variables} variables, {} levels, {} moves\",",
        top + 1,
        spec.n_moves
    );
    out.push_str("    actors: [\n");
    for a in 0..n_actors {
        let _ = writeln!(out, "        Actor(id: \"a{a}\", name: \"Actor {a}\"),");
    }
    out.push_str("    ],\n    variables: [\n");
    for v in 0..n_variables {
        let _ = writeln!(
            out,
            "        Variable(id: \"v{v}\", domain: Integer(min: 0, max: {top}), initial: 0),"
        );
    }
    out.push_str("    ],\n    moves: [\n");
    for j in 0..spec.n_moves {
        let v = j % n_variables;
        let w = (j + 1) % n_variables;
        let _ = write!(
            out,
            "        Move(id: \"m{j}\", actor: \"a{}\", label: \"Raise v{v}\", when: \"v{v} < {top}\", effects: [\"v{v} + 1\"]",
            j % n_actors
        );
        if spec.chance_every > 0 && j % spec.chance_every == spec.chance_every - 1 {
            let _ = write!(
                out,
                ", results: [Result(id: \"r0\", probability: \"likely\"), Result(id: \"r1\", probability: \"unlikely\", effects: [\"v{w} + 1\"])]"
            );
        }
        out.push_str("),\n");
    }
    let all_top = (0..n_variables)
        .map(|v| format!("v{v} == {top}"))
        .collect::<Vec<_>>()
        .join(" and ");
    let payoffs = (0..n_actors)
        .map(|a| format!("\"a{a}\": {a}"))
        .collect::<Vec<_>>()
        .join(", ");
    let _ = writeln!(
        out,
        "    ],\n    outcomes: [\n        Outcome(id: \"finished\", label: \"Finished\", when: \"{all_top}\", payoffs: {{{payoffs}}}),\n    ],"
    );
    let depth = n_variables * top + 1;
    let max_situations = spec.n_situations().saturating_mul(2).max(1000);
    let _ = writeln!(
        out,
        "    turns: Free,\n    limits: Limits(max_depth: {depth}, max_situations: {max_situations}),\n)"
    );
    out
}

/// A small scenario for unit tests: two actors in rotation, a level
/// variable, a flag and an integer that goes below zero, a chance move and
/// two outcomes. `stall` leaves the values as they are but hands the turn
/// on, so it leads to a new situation, not back to the same one.
pub const SMALL: &str = r##"Scenario(
    id: "small",
    title: "Small standoff",
    summary: "Two sides, one chance move, a stalling move.",
    sources: [Source(id: "notes", title: "Test notes")],
    actors: [
        Actor(id: "north", name: "North", colour: "#2255aa"),
        Actor(id: "south", name: "South"),
    ],
    variables: [
        Variable(id: "stage", label: "Stage", domain: Levels(["talks", "crisis", "settled"]), initial: "talks"),
        Variable(id: "armed", label: "Armed", domain: Flag, initial: false),
        Variable(id: "score", label: "Score", domain: Integer(min: -2, max: 3), initial: 0),
    ],
    moves: [
        Move(id: "arm", actor: "north", label: "Arm", when: "stage == talks and not armed",
             effects: ["armed = true", "score + 1"], cite: [Cite(source: "notes", quote: "north arms")]),
        Move(id: "stall", actor: "north", label: "Stall", when: "stage == talks"),
        Move(id: "offer", actor: "south", label: "Offer a deal", when: "stage == talks",
             results: [
                Result(id: "accepted", label: "Accepted", probability: "likely", effects: ["stage = settled"]),
                Result(id: "refused", label: "Refused", probability: "unlikely", effects: ["score - 2"]),
             ]),
        Move(id: "threaten", actor: "south", label: "Threaten", when: "armed and stage == talks",
             effects: ["stage = crisis"]),
    ],
    outcomes: [
        Outcome(id: "deal", label: "Deal", when: "stage == settled", payoffs: {"north": 2, "south": 3}),
        Outcome(id: "war", label: "War", when: "stage == crisis or score <= -2", payoffs: {"north": -5, "south": -4}),
    ],
    turns: Rotation(["north", "south"]),
    opening: "The two sides meet.",
    limits: Limits(max_depth: 8, max_situations: 1000),
)
"##;

// ---------------------------------------------------------------------
// Generated conflicts for the stability benchmarks and tests: `n` flags,
// two actors each owning half of them and able to set or unset each of its
// own at any time, preferences by priorities. Every combination of flags is
// a state, so 16 flags give 2^16 = 65,536 states.

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
