//! Variables: the dimensions of a situation and the values each can take.
//! Below the scenario and the condition language, which both use them.

/// The values a variable can take.
#[derive(Clone, Debug, PartialEq)]
pub enum Domain {
    /// Ordered levels, lowest first; stored as the level's index.
    Levels(Vec<String>),
    /// Stored as 0 (false) or 1 (true).
    Flag,
    /// Stored as the number itself.
    Integer { min: i64, max: i64 },
}

impl Domain {
    /// The lowest and highest stored values.
    pub fn bounds(&self) -> (i64, i64) {
        match self {
            Domain::Levels(levels) => (0, levels.len() as i64 - 1),
            Domain::Flag => (0, 1),
            Domain::Integer { min, max } => (*min, *max),
        }
    }

    /// How many values there are, exactly: a range from `i64::MIN` to
    /// `i64::MAX` has 2^64 values, one more than a `u64` holds.
    pub fn size(&self) -> u128 {
        let (low, high) = self.bounds();
        (i128::from(high) - i128::from(low) + 1).max(1) as u128
    }

    /// A stored value as the user writes it (`"60%"`, `true`, `4`).
    pub fn display(&self, value: i64) -> String {
        match self {
            Domain::Levels(levels) => usize::try_from(value)
                .ok()
                .and_then(|i| levels.get(i))
                .cloned()
                .unwrap_or_else(|| format!("level {value}")),
            Domain::Flag => (value != 0).to_string(),
            Domain::Integer { .. } => value.to_string(),
        }
    }

    pub(crate) fn kind_phrase(&self) -> &'static str {
        match self {
            Domain::Levels(_) => "has levels",
            Domain::Flag => "is a flag",
            Domain::Integer { .. } => "is a whole number",
        }
    }

    pub(crate) fn expected_value(&self) -> String {
        match self {
            Domain::Levels(levels) => {
                let names: Vec<&str> = levels.iter().map(String::as_str).collect();
                format!("one of the levels {}", super::quote_list(&names))
            }
            Domain::Flag => "true or false".to_owned(),
            Domain::Integer { min, max } => format!("a whole number from {min} to {max}"),
        }
    }

    pub(crate) fn example(&self) -> String {
        match self {
            Domain::Levels(levels) => match levels.first() {
                Some(l) if is_bare_word(l) => l.clone(),
                Some(l) => format!("\"{l}\""),
                None => "\"level\"".to_owned(),
            },
            Domain::Flag => "true".to_owned(),
            Domain::Integer { min, .. } => min.to_string(),
        }
    }
}

/// Whether a level name can be written in a condition without quotes.
pub fn is_bare_word(text: &str) -> bool {
    let mut chars = text.chars();
    chars.next().is_some_and(|c| c.is_alphabetic() || c == '_')
        && chars.all(|c| c.is_alphanumeric() || c == '_')
        && !matches!(text, "and" | "or" | "not")
}

/// One dimension of the situation.
#[derive(Clone, Debug, PartialEq)]
pub struct Variable {
    pub id: String,
    pub label: String,
    pub description: String,
    pub domain: Domain,
    /// The stored initial value.
    pub initial: i64,
    /// Display labels, indexed like the levels of a `Domain::Levels`; an
    /// empty string (or a missing entry) means the level's name is shown.
    pub level_labels: Vec<String>,
}

impl Variable {
    /// A variable with an id, a domain and an initial stored value; label
    /// and description empty.
    pub fn new(id: &str, domain: Domain, initial: i64) -> Variable {
        Variable {
            id: id.to_owned(),
            label: String::new(),
            description: String::new(),
            domain,
            initial,
            level_labels: Vec::new(),
        }
    }

    /// A stored value as a person reads it: the level's label when it has
    /// one (`Maximum pressure`), "yes" or "no" for a flag, otherwise as
    /// written (`"60%"`, `4`).
    pub fn value_label(&self, value: i64) -> String {
        usize::try_from(value)
            .ok()
            .and_then(|i| self.level_labels.get(i))
            .filter(|label| !label.is_empty())
            .cloned()
            .unwrap_or_else(|| match self.domain {
                // People read a flag as yes or no, not as code.
                Domain::Flag => if value != 0 { "yes" } else { "no" }.to_owned(),
                _ => self.domain.display(value),
            })
    }

    /// The label, or the id when there is none.
    pub fn display_name(&self) -> &str {
        if self.label.is_empty() {
            &self.id
        } else {
            &self.label
        }
    }
}
