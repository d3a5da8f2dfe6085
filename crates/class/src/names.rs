//! Generated nicknames and room codes: students never type text anyone else sees.

use crate::token::random_u64;

const ADJECTIVES: [&str; 24] = [
    "Amber", "Brisk", "Calm", "Clever", "Daring", "Eager", "Frank", "Gentle", "Hardy", "Jolly",
    "Keen", "Lively", "Merry", "Nimble", "Patient", "Quick", "Quiet", "Rapid", "Steady", "Sunny",
    "Swift", "Tidy", "Witty", "Zesty",
];

const ANIMALS: [&str; 24] = [
    "Badger", "Bison", "Crane", "Dolphin", "Eagle", "Falcon", "Gecko", "Heron", "Ibis", "Jaguar",
    "Koala", "Lynx", "Marmot", "Narwhal", "Otter", "Panda", "Puffin", "Quokka", "Raven", "Seal",
    "Tapir", "Viper", "Walrus", "Yak",
];

/// Letters a room code is made of: no I, O or L, which read as digits on a projector.
const CODE_LETTERS: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ";

/// A nickname not yet in `taken`, such as "Brisk Heron"; a number is added once the
/// plain pairs run out. Returns `None` only if randomness is unavailable.
pub(crate) fn nickname(taken: &dyn Fn(&str) -> bool) -> Option<String> {
    for attempt in 0..64u32 {
        let r = random_u64().ok()?;
        let adjective = ADJECTIVES[(r % ADJECTIVES.len() as u64) as usize];
        let animal = ANIMALS[((r >> 16) % ANIMALS.len() as u64) as usize];
        let name = if attempt < 16 {
            format!("{adjective} {animal}")
        } else {
            format!("{adjective} {animal} {}", (r >> 32) % 100)
        };
        if !taken(&name) {
            return Some(name);
        }
    }
    None
}

/// A four-letter room code such as "KXMP".
pub(crate) fn room_code() -> Option<String> {
    let r = random_u64().ok()?;
    Some(
        (0..4)
            .map(|i| CODE_LETTERS[((r >> (i * 8)) % CODE_LETTERS.len() as u64) as usize] as char)
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nicknames_avoid_taken_ones() {
        let first = nickname(&|_| false).unwrap();
        let second = nickname(&|n| n == first).unwrap();
        assert_ne!(first, second);
        assert!(second.split(' ').count() >= 2);
    }

    #[test]
    fn room_codes_are_four_unambiguous_letters() {
        let code = room_code().unwrap();
        assert_eq!(code.len(), 4);
        assert!(code.bytes().all(|b| CODE_LETTERS.contains(&b)), "{code}");
    }
}
