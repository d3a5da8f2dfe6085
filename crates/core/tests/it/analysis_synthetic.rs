//! The generated free-move conflict (`synthetic::conflict_text`) is what
//! the stability benchmarks say it is.

use demarche_core::analysis::{Concept, stability};
use demarche_core::engine::expand;
use demarche_core::model::{ActorIndex, load_str};
use demarche_core::synthetic::conflict_text;

#[test]
fn every_combination_is_a_state_and_the_actors_mirror_each_other() {
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
