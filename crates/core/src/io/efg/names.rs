//! Ids made from Gambit labels: lower case, words joined by `_`, unique
//! within their table.

use rustc_hash::FxHashSet;

/// `"Offer 2 coins"` → `offer_2_coins`; `None` when nothing is left.
pub(super) fn slug(label: &str) -> Option<String> {
    let mut out = String::with_capacity(label.len());
    let mut gap = false;
    for c in label.chars() {
        if c.is_alphanumeric() {
            if gap && !out.is_empty() {
                out.push('_');
            }
            gap = false;
            out.extend(c.to_lowercase());
        } else {
            gap = true;
        }
    }
    (!out.is_empty()).then_some(out)
}

/// The ids given so far in one table.
#[derive(Debug, Default)]
pub(super) struct Ids {
    taken: FxHashSet<String>,
}

impl Ids {
    /// An id from `label` (or `fallback` when the label has no letters or
    /// digits), with `_2`, `_3`, ... added until it is unique.
    pub(super) fn unique(&mut self, label: &str, fallback: &str) -> String {
        let base = slug(label).unwrap_or_else(|| fallback.to_owned());
        self.unique_from(&base, &[])
    }

    /// Like [`Self::unique`] from a ready base, trying the `alternatives`
    /// (e.g. the base with the actor's id) before numbering.
    pub(super) fn unique_from(&mut self, base: &str, alternatives: &[String]) -> String {
        for candidate in std::iter::once(base).chain(alternatives.iter().map(String::as_str)) {
            if !self.taken.contains(candidate) {
                self.taken.insert(candidate.to_owned());
                return candidate.to_owned();
            }
        }
        let mut k = 2;
        loop {
            let candidate = format!("{base}_{k}");
            if self.taken.insert(candidate.clone()) {
                return candidate;
            }
            k += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_join_words_in_lower_case() {
        assert_eq!(slug("Offer 2 coins").as_deref(), Some("offer_2_coins"));
        assert_eq!(slug("  (1,1) ").as_deref(), Some("1_1"));
        assert_eq!(slug("Übernahme!").as_deref(), Some("übernahme"));
        assert_eq!(slug("--"), None);
    }

    #[test]
    fn ids_are_made_unique() {
        let mut ids = Ids::default();
        assert_eq!(ids.unique("Accept", "move"), "accept");
        assert_eq!(ids.unique("accept", "move"), "accept_2");
        assert_eq!(ids.unique("", "move"), "move");
        assert_eq!(
            ids.unique_from("accept", &["accept_p2".to_owned()]),
            "accept_p2"
        );
        assert_eq!(ids.unique("--", "move"), "move_2");
    }
}
