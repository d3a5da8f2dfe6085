//! Which of the moves available in a situation are unilateral improvements
//! for their mover, in the sense of the stability analysis: a move to a
//! state the mover strictly prefers.
//!
//! A move with chance results is taken as the stability code takes it: a
//! unilateral move to each of its results' states, for the mover may end
//! up in any of them. So it is improving when at least one of its results
//! is; that result alone makes the state unstable for the mover under Nash
//! stability, whatever the other results do. (A result that changes
//! nothing is no move at all, as in the conflict model.)

use super::stability::StabilityTable;
use crate::model::{MoveIndex, Scenario};

/// Of `moves` (moves available in a situation with these `values`), those
/// that lead their mover to a state it strictly prefers, in the order
/// given. The effects of the move, then of each result, are applied to
/// `values` as the conflict model applies them; a state the table does
/// not hold (an infeasible combination in option form) is no move. Empty
/// when the situation is not one of the table's states.
///
/// O(moves x results x (effects + lookup)); a lookup is O(1) in option
/// form and O(states x variables) otherwise.
pub fn improving_moves(
    scenario: &Scenario,
    table: &StabilityTable,
    values: &[i64],
    moves: &[MoveIndex],
) -> Vec<MoveIndex> {
    let Some(from) = table.find(values) else {
        return Vec::new();
    };
    let mut after = Vec::with_capacity(values.len());
    moves
        .iter()
        .copied()
        .filter(|&m| {
            let Some(mv) = scenario.moves.get(m.index()) else {
                return false;
            };
            let here = table.preference(from, mv.actor);
            (0..mv.results.len().max(1)).any(|j| {
                after.clear();
                after.extend_from_slice(values);
                for e in &mv.effects {
                    e.apply(&mut after, &scenario.variables);
                }
                if let Some(r) = mv.results.get(j) {
                    for e in &r.effects {
                        e.apply(&mut after, &scenario.variables);
                    }
                }
                after != values
                    && table
                        .find(&after)
                        .is_some_and(|to| table.preference(to, mv.actor) > here)
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::gmcr::{Concept, stability};
    use crate::engine::expand;
    use crate::model::{ActorIndex, load_str};

    /// A wants the level at 2, B wants it back at 0. A may gamble (likely
    /// 2, unlikely 1), step to 1, or take a long shot whose results are 1
    /// or no change; B may reset.
    const GAMBLE: &str = r#"Scenario(
        id: "gamble", title: "Gamble",
        actors: [Actor(id: "a", name: "A"), Actor(id: "b", name: "B")],
        variables: [Variable(id: "level", domain: Integer(min: 0, max: 2), initial: 0)],
        moves: [
            Move(id: "gamble", actor: "a", label: "Gamble", when: "level == 0", results: [
                Result(id: "win", probability: "likely", effects: ["level = 2"]),
                Result(id: "half", probability: "unlikely", effects: ["level = 1"]),
            ]),
            Move(id: "step", actor: "a", label: "Step", when: "level == 0", effects: ["level = 1"]),
            Move(id: "long_shot", actor: "a", label: "Long shot", when: "level == 0", results: [
                Result(id: "some", probability: "likely", effects: ["level = 1"]),
                Result(id: "none", probability: "unlikely"),
            ]),
            Move(id: "reset", actor: "b", label: "Reset", when: "level > 0", effects: ["level = 0"]),
        ],
        outcomes: [],
        turns: Free,
        limits: Limits(max_depth: 4),
        priorities: {"a": ["level == 2"], "b": ["level == 0"]},
    )"#;

    fn ids(scenario: &Scenario, moves: &[MoveIndex]) -> Vec<String> {
        moves
            .iter()
            .map(|m| scenario.move_(*m).id.clone())
            .collect()
    }

    #[test]
    fn a_chance_move_improves_when_one_of_its_results_does() {
        let scenario = load_str(GAMBLE, "gamble.ron").unwrap();
        let graph = expand(&scenario);
        let table = stability(&scenario, &graph).unwrap();
        let all: Vec<MoveIndex> = (0..scenario.moves.len())
            .map(|m| MoveIndex(m as u32))
            .collect();
        let at_start = improving_moves(&scenario, &table, &[0], &all[..3]);
        // The gamble's own effects change nothing: only its result "win"
        // reaches the level A wants. Stepping to 1 and the long shot's
        // results leave A's score as it was.
        assert_eq!(ids(&scenario, &at_start), ["gamble"]);
        // The same rule as stability: A is not Nash stable at level 0.
        let start = table.find(&[0]).unwrap();
        assert!(!table.is_stable(start, ActorIndex(0), Concept::Nash));
        // From level 1, B's reset is an improvement for B.
        let reset = scenario.move_by_id("reset").unwrap();
        assert_eq!(
            ids(
                &scenario,
                &improving_moves(&scenario, &table, &[1], &[reset])
            ),
            ["reset"]
        );
        // A situation that is not one of the table's states has none.
        assert!(improving_moves(&scenario, &table, &[7], &all).is_empty());
    }
}
