//! Conflicts written in option form (GMCR): the Elmira conflict cell by
//! cell against the stability table of its published model, the status quo
//! analysis, the moves that follow from the options, and a property test
//! that the option form's implicit moves give the same table as the same
//! moves written out as conditions.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use demarche_core::analysis::{Concept, StabilityError, StabilityTable, stability};
use demarche_core::engine::{expand, lint};
use demarche_core::io::load_file;
use demarche_core::model::{ActorIndex, Preference, Scenario, load_str};
use proptest::prelude::*;

const MOE: ActorIndex = ActorIndex(0);
const UR: ActorIndex = ActorIndex(1);
const LG: ActorIndex = ActorIndex(2);

fn elmira() -> (Scenario, StabilityTable) {
    let scenario = load_file(std::path::Path::new(
        "../../tests/data/ok/elmira-options.ron",
    ))
    .unwrap();
    let graph = expand(&scenario);
    let table = stability(&scenario, &graph).unwrap();
    (scenario, table)
}

/// The published state number (1 to 9) of a state: options in the order
/// modify, delay, accept, abandon, insist; every abandon state is 9.
fn published(table: &StabilityTable, state: usize) -> usize {
    let v = table.values(state);
    let (modify, delay, accept, abandon, insist) = (v[0], v[1], v[2], v[3], v[4]);
    if abandon == 1 {
        return 9;
    }
    assert!(delay + accept == 1, "state {state}: {v:?}");
    1 + modify as usize + 2 * accept as usize + 4 * insist as usize
}

#[test]
fn elmira_has_every_feasible_state_and_no_other() {
    let (scenario, table) = elmira();
    // Eight states in which Uniroyal delays or accepts, four in which it
    // abandons (the published state 9, split by the others' options).
    assert_eq!(table.n_states(), 12);
    let mut count = [0; 10];
    for k in 0..table.n_states() {
        count[published(&table, k)] += 1;
    }
    assert_eq!(count, [0, 1, 1, 1, 1, 1, 1, 1, 1, 4]);
    assert_eq!(table.status_quo().map(|k| published(&table, k)), Some(1));
    assert_eq!(
        table.describe(&scenario, table.status_quo().unwrap()),
        "Options taken: Delay the appeal"
    );
    // The moves that step through it name the combination moved to.
    let labels: Vec<&str> = scenario.moves.iter().map(|m| m.label.as_str()).collect();
    assert_eq!(
        labels,
        [
            "Modify the control order",
            "Delay the appeal",
            "Accept the control order",
            "Abandon Elmira",
            "Drop: Insist on the original order",
            "Insist on the original order",
        ]
    );
    assert!(lint(&scenario, &expand(&scenario)).is_empty());
}

/// The stability table of the published Elmira model (Fang, Hipel and
/// Kilgour 1993; Kilgour and Hipel 2005): per published state, per decision
/// maker (ministry, Uniroyal, local governments), stability under R, GMR,
/// SMR, SEQ. Its equilibria are the ones the literature reports (5, 8 and 9
/// under every concept; 1 and 4 also under GMR and SMR); the cells were
/// worked out by hand from the published model, since no copy of the
/// printed table was at hand to compare against line by line.
const ELMIRA: [[[bool; 4]; 3]; 9] = {
    const S: [bool; 4] = [true; 4];
    const U: [bool; 4] = [false; 4];
    // Stable by metarationality only (a sanction that is not credible).
    const M: [bool; 4] = [false, true, true, false];
    // Stable except by Nash (every improvement credibly sanctioned).
    const X: [bool; 4] = [false, true, true, true];
    [
        [S, S, M], // 1, the status quo: Uniroyal delays
        [S, U, X], // 2: the ministry modifies, Uniroyal delays
        [S, U, X], // 3: Uniroyal accepts
        [S, S, M], // 4: the ministry modifies, Uniroyal accepts
        [S, S, S], // 5: Uniroyal delays, the local governments insist
        [S, U, S], // 6: modify, delay, insist
        [S, U, S], // 7: accept, insist
        [S, S, S], // 8: modify, accept, insist (what happened)
        [S, S, S], // 9: Uniroyal abandons Elmira
    ]
};

#[test]
fn elmira_matches_the_published_stability_table_cell_by_cell() {
    let (_, table) = elmira();
    let mut wrong = Vec::new();
    for k in 0..table.n_states() {
        let p = published(&table, k);
        for (a, actor) in [MOE, UR, LG].into_iter().enumerate() {
            for (c, concept) in Concept::ALL.into_iter().enumerate() {
                let expected = ELMIRA[p - 1][a][c];
                if table.is_stable(k, actor, concept) != expected {
                    wrong.push(format!(
                        "state {p}, actor {a}, {concept:?}: expected {expected}"
                    ));
                }
            }
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
    let equilibria = |concept| {
        let mut states: Vec<usize> = table
            .equilibria(concept)
            .into_iter()
            .map(|k| published(&table, k))
            .collect();
        states.dedup();
        states
    };
    let sorted = |mut v: Vec<usize>| {
        v.sort_unstable();
        v.dedup();
        v
    };
    assert_eq!(sorted(equilibria(Concept::Nash)), [5, 8, 9]);
    assert_eq!(sorted(equilibria(Concept::Gmr)), [1, 4, 5, 8, 9]);
    assert_eq!(sorted(equilibria(Concept::Smr)), [1, 4, 5, 8, 9]);
    assert_eq!(sorted(equilibria(Concept::Seq)), [5, 8, 9]);
}

/// Simultaneous stability, worked out by hand from its definition (no
/// published SIM column was at hand): it differs from Nash only where two
/// decision makers can improve at once. At 2 and 3 the local governments
/// would insist, but Uniroyal may abandon Elmira at the same moment, and
/// the combined state (Uniroyal gone) is the local governments' worst: so
/// 2 and 3 are SIM stable for them. Uniroyal's move to accepting is not
/// deterred by the local governments' insisting (Uniroyal prefers that
/// state too), so Uniroyal stays unstable there, and the SIM equilibria
/// are the Nash ones.
#[test]
fn elmira_by_simultaneous_sanctioning() {
    let (_, table) = elmira();
    for k in 0..table.n_states() {
        let p = published(&table, k);
        for (a, actor) in [MOE, UR, LG].into_iter().enumerate() {
            let nash = ELMIRA[p - 1][a][0];
            let expected = nash || (actor == LG && (p == 2 || p == 3));
            assert_eq!(
                table.is_stable(k, actor, Concept::Sim),
                expected,
                "state {p}, actor {a}"
            );
        }
    }
    assert_eq!(
        table.equilibria(Concept::Sim),
        table.equilibria(Concept::Nash)
    );
    assert_eq!(table.concepts().len(), 5);
}

#[test]
fn from_the_status_quo_the_local_governments_insist() {
    let (scenario, table) = elmira();
    let state_of = |p: usize| {
        (0..table.n_states())
            .find(|&k| published(&table, k) == p)
            .unwrap()
    };
    // The one improvement open at the status quo is the local governments'
    // insisting, which reaches state 5 at once.
    let steps = table.path_from_status_quo(state_of(5)).unwrap();
    assert_eq!(steps, [(LG, state_of(5))]);
    assert_eq!(scenario.actor(steps[0].0).name, "Local governments");
    assert_eq!(table.path_from_status_quo(state_of(1)), Some(Vec::new()));
    // State 8, where the conflict ended, needs the ministry to modify and
    // Uniroyal to accept, and from 5 neither move is an improvement for its
    // mover on its own.
    assert_eq!(table.path_from_status_quo(state_of(8)), None);
}

/// The prisoner's dilemma with preferences as a ranking, ties included.
const DILEMMA: &str = r#"Scenario(
    id: "dilemma", title: "Dilemma",
    actors: [Actor(id: "a", name: "Prisoner A"), Actor(id: "b", name: "Prisoner B")],
    conflict: Conflict(
        options: [
            Option(id: "a_defects", actor: "a", label: "A defects"),
            Option(id: "b_defects", actor: "b", label: "B defects"),
        ],
        preferences: {
            "a": Priorities(["not b_defects", "a_defects"]),
            "b": Ranking(["b_defects and not a_defects", "not a_defects", "true"]),
        },
    ),
)"#;

#[test]
fn a_ranking_ties_the_states_of_one_tier() {
    let scenario = load_str(DILEMMA, "dilemma.ron").unwrap();
    let table = stability(&scenario, &expand(&scenario)).unwrap();
    let state = |a: i64, b: i64| table.find(&[a, b]).unwrap();
    let b = ActorIndex(1);
    assert_eq!(table.preference(state(0, 1), b), 3.0);
    assert_eq!(table.preference(state(0, 0), b), 2.0);
    assert_eq!(table.preference(state(1, 0), b), 1.0);
    assert_eq!(table.preference(state(1, 1), b), 1.0);
    // Once A defects, B's two states tie: B has no improvement either way,
    // so both are Nash stable for B, and both are equilibria.
    assert!(table.is_stable(state(1, 1), b, Concept::Nash));
    assert!(table.is_stable(state(1, 0), b, Concept::Nash));
    assert!(!table.is_stable(state(0, 0), b, Concept::Nash));
    assert_eq!(table.equilibria(Concept::Nash), [state(1, 0), state(1, 1)]);
}

#[test]
fn a_single_option_names_its_two_moves() {
    let text = DILEMMA.replace(
        r#"label: "A defects"),"#,
        r#"label: "A defects", take: "Defect", drop: "Go back to cooperating"),"#,
    );
    let scenario = load_str(&text, "dilemma.ron").unwrap();
    let labels: Vec<(&str, &str)> = scenario
        .moves
        .iter()
        .map(|m| (m.id.as_str(), m.label.as_str()))
        .collect();
    assert_eq!(
        labels,
        [
            ("drop_a_defects", "Go back to cooperating"),
            ("a_defects", "Defect"),
            ("drop_b_defects", "Drop: B defects"),
            ("b_defects", "B defects"),
        ]
    );
}

#[test]
fn a_move_cites_the_options_it_leaves_taken() {
    let text = r#"Scenario(
        id: "cited", title: "Cited",
        sources: [
            Source(id: "s_accept", title: "On accepting"),
            Source(id: "s_abandon", title: "On abandoning"),
        ],
        actors: [Actor(id: "ur", name: "Uniroyal")],
        conflict: Conflict(
            options: [
                Option(id: "accept", actor: "ur", label: "Accept", cite: [Cite(source: "s_accept", quote: "accept")]),
                Option(id: "abandon", actor: "ur", label: "Abandon", cite: [Cite(source: "s_abandon", quote: "abandon")]),
            ],
            infeasible: ["accept and abandon"],
            preferences: {"ur": Ranking(["true"])},
        ),
    )"#;
    let scenario = load_str(text, "cited.ron").unwrap();
    let cited = |id: &str| -> Vec<usize> {
        let m = scenario.move_(scenario.move_by_id(id).unwrap());
        m.citations.iter().map(|c| c.source.index()).collect()
    };
    assert_eq!(cited("accept"), [0]);
    assert_eq!(cited("abandon"), [1]);
    assert_eq!(cited("none_of_accept_abandon"), [0, 1]);
}

#[test]
fn a_state_no_tier_ranks_is_an_error_naming_it() {
    let text = DILEMMA.replace(
        r#"Ranking(["b_defects and not a_defects", "not a_defects", "true"])"#,
        r#"Ranking(["b_defects and not a_defects", "not a_defects"])"#,
    );
    let scenario = load_str(&text, "dilemma.ron").unwrap();
    let error = stability(&scenario, &expand(&scenario)).unwrap_err();
    assert_eq!(
        error,
        StabilityError::Unranked {
            actor: "b".to_owned(),
            state: "with A defects taken".to_owned()
        }
    );
    assert!(error.to_string().contains("end the ranking with \"true\""));
}

/// A random small conflict in option form: two or three actors, up to
/// five options, random irreversibility, infeasible pairs and priorities.
fn random_conflict() -> impl Strategy<Value = String> {
    (2usize..=3, 2usize..=5).prop_flat_map(|(n_actors, n_options)| {
        (
            Just(n_actors),
            proptest::collection::vec((0..n_actors, 0u8..3, any::<bool>()), n_options),
            proptest::collection::vec((0..n_options, 0..n_options, any::<bool>()), 0..3),
            proptest::collection::vec(
                proptest::collection::vec((0..n_options, any::<bool>()), 1..4),
                n_actors,
            ),
        )
    })
    .prop_map(|(n_actors, options, infeasible, priorities)| {
        let actors: Vec<String> = (0..n_actors)
            .map(|a| format!("Actor(id: \"a{a}\", name: \"Actor {a}\")"))
            .collect();
        let options_text: Vec<String> = options
            .iter()
            .enumerate()
            .map(|(k, (owner, irreversible, initial))| {
                let irreversible = ["No", "OnceTaken", "OnceDropped"][*irreversible as usize];
                format!(
                    "Option(id: \"o{k}\", actor: \"a{owner}\", label: \"Option {k}\", initial: {initial}, irreversible: {irreversible})"
                )
            })
            .collect();
        let status_quo: Vec<bool> = options.iter().map(|o| o.2).collect();
        let infeasible: Vec<String> = infeasible
            .iter()
            .filter(|(x, y, both)| {
                x != y && !(status_quo[*x] == *both && status_quo[*y])
            })
            .map(|(x, y, both)| {
                if *both {
                    format!("\"o{x} and o{y}\"")
                } else {
                    format!("\"not o{x} and o{y}\"")
                }
            })
            .collect();
        let preferences: Vec<String> = priorities
            .iter()
            .enumerate()
            .map(|(a, list)| {
                let statements: Vec<String> = list
                    .iter()
                    .map(|(k, on)| {
                        if *on {
                            format!("\"o{k}\"")
                        } else {
                            format!("\"not o{k}\"")
                        }
                    })
                    .collect();
                format!("\"a{a}\": Priorities([{}])", statements.join(", "))
            })
            .collect();
        format!(
            "Scenario(id: \"random\", title: \"Random\", actors: [{}], limits: Limits(max_depth: 40), conflict: Conflict(options: [{}], infeasible: [{}], preferences: {{{}}}))",
            actors.join(", "),
            options_text.join(", "),
            infeasible.join(", "),
            preferences.join(", ")
        )
    })
}

/// The same conflict with its moves taken as written moves: the states
/// are then the situations reachable from the status quo, and every move
/// is stored as an edge.
fn as_written_moves(scenario: &Scenario) -> Scenario {
    let mut written = scenario.clone();
    let form = written.conflict.take().unwrap();
    written.priorities = form
        .preferences
        .iter()
        .map(|p| match p {
            Preference::Priorities(list) => list.clone(),
            Preference::Ranking(_) => unreachable!("the generator writes priorities"),
        })
        .collect();
    written
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn implicit_moves_match_the_moves_written_out(text in random_conflict()) {
        let scenario = load_str(&text, "random.ron").unwrap();
        let table = stability(&scenario, &expand(&scenario)).unwrap();
        let written = as_written_moves(&scenario);
        let graph = expand(&written);
        let reference = stability(&written, &graph).unwrap();
        // Every state reached from the status quo is a feasible state of
        // the option form, with the same stability for every actor.
        prop_assert!(reference.n_states() <= table.n_states());
        for k in 0..reference.n_states() {
            let t = table.find(reference.values(k)).unwrap();
            for a in 0..scenario.actors.len() {
                let a = ActorIndex(a as u16);
                prop_assert_eq!(table.preference(t, a), reference.preference(k, a));
                // With no improvement to sanction, Nash stable is SIM stable.
                if table.is_stable(t, a, Concept::Nash) {
                    prop_assert!(table.is_stable(t, a, Concept::Sim));
                }
                for concept in Concept::ALL {
                    prop_assert_eq!(
                        table.is_stable(t, a, concept),
                        reference.is_stable(k, a, concept),
                        "state {:?}, actor {:?}, {:?}", reference.values(k), a, concept
                    );
                }
            }
        }
        prop_assert_eq!(
            table.status_quo().map(|k| table.values(k).to_vec()),
            reference.status_quo().map(|k| reference.values(k).to_vec())
        );
    }
}
