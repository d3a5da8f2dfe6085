//! A situation: the values of all variables plus whose turn it is, packed
//! into one 64-bit key.
//!
//! Each variable is a digit in a mixed-radix number whose radix is the size
//! of its domain; the turn is one more digit. Equal situations get equal
//! keys, so merging two paths into one node is a hash lookup. Validation
//! guarantees the product of the radices fits in 64 bits.

use serde::Serialize;

use crate::model::{ActorIndex, Scenario};

/// Whose turn it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum Turn {
    /// Only this actor may move.
    Actor(ActorIndex),
    /// Any actor with an available move may move.
    Anyone,
}

/// Packs and unpacks situations of one scenario.
#[derive(Clone, Debug)]
pub struct Codec {
    /// Per variable: the lowest stored value and the number of values.
    digits: Vec<(i64, u64)>,
    /// Per variable: the weight of its digit.
    weights: Vec<u64>,
    /// The weight of the turn digit.
    turn_weight: u64,
    n_actors: u64,
}

impl Codec {
    /// The codec for a validated scenario.
    pub fn new(scenario: &Scenario) -> Codec {
        let digits: Vec<(i64, u64)> = scenario
            .variables
            .iter()
            // Validation keeps the product of the sizes within 64 bits, so
            // each size fits; saturating only guards unvalidated input.
            .map(|v| {
                let size = u64::try_from(v.domain.size()).unwrap_or(u64::MAX);
                (v.domain.bounds().0, size)
            })
            .collect();
        let mut weights = Vec::with_capacity(digits.len());
        let mut weight: u64 = 1;
        for (_, size) in &digits {
            weights.push(weight);
            weight = weight.saturating_mul(*size);
        }
        Codec {
            digits,
            weights,
            turn_weight: weight,
            n_actors: scenario.actors.len() as u64,
        }
    }

    /// The key of a situation.
    pub fn encode(&self, values: &[i64], turn: Turn) -> u64 {
        let mut key: u64 = 0;
        for ((value, (low, _)), weight) in values.iter().zip(&self.digits).zip(&self.weights) {
            key = key.wrapping_add(((value - low) as u64).wrapping_mul(*weight));
        }
        let turn_digit = match turn {
            Turn::Actor(a) => u64::from(a.0),
            Turn::Anyone => self.n_actors,
        };
        key.wrapping_add(turn_digit.wrapping_mul(self.turn_weight))
    }

    /// Whose turn it is in a key, without unpacking the values.
    pub fn turn_of(&self, key: u64) -> Turn {
        let digit = key.checked_div(self.turn_weight).unwrap_or(0);
        if digit >= self.n_actors {
            Turn::Anyone
        } else {
            Turn::Actor(ActorIndex(digit as u16))
        }
    }

    /// Unpacks a key into `values` (resized to the number of variables) and
    /// returns the turn.
    pub fn decode(&self, key: u64, values: &mut Vec<i64>) -> Turn {
        values.clear();
        let mut rest = key;
        for (low, size) in &self.digits {
            values.push(low + (rest % size) as i64);
            rest /= size;
        }
        if rest >= self.n_actors {
            Turn::Anyone
        } else {
            Turn::Actor(ActorIndex(rest as u16))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::load_str;

    #[test]
    fn encode_then_decode_gives_back_the_situation() {
        let scenario = load_str(crate::synthetic::SMALL, "small.ron").unwrap();
        let codec = Codec::new(&scenario);
        let mut values = Vec::new();
        let originals = [vec![0, 0, -2], vec![2, 1, 3], vec![1, 0, 0]];
        for (i, original) in originals.iter().enumerate() {
            for turn in [Turn::Anyone, Turn::Actor(ActorIndex(1))] {
                let key = codec.encode(original, turn);
                assert_eq!(codec.decode(key, &mut values), turn, "case {i}");
                assert_eq!(&values, original);
            }
        }
    }
}
