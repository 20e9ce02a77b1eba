//! The closed set of valences a coding can carry.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Whether a coded passage reports a construct as hindering, helping, or both.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Valence {
    /// The construct hinders implementation.
    Barrier,
    /// The construct helps implementation.
    Facilitator,
    /// The passage reports the construct acting both ways.
    Both,
}

impl Valence {
    /// Every valence, in display order.
    pub const ALL: [Valence; 3] = [Valence::Barrier, Valence::Facilitator, Valence::Both];

    /// The word shown to users.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Valence::Barrier => "Barrier",
            Valence::Facilitator => "Facilitator",
            Valence::Both => "Both",
        }
    }

    /// The short mark used in grids and chips (as in the paper's matrix).
    #[must_use]
    pub fn short(self) -> &'static str {
        match self {
            Valence::Barrier => "B",
            Valence::Facilitator => "F",
            Valence::Both => "B/F",
        }
    }

    /// Parses a label or short mark, ignoring case (`barrier`, `b`, `both`, `b/f`, ...).
    #[must_use]
    pub fn parse(text: &str) -> Option<Valence> {
        match text.trim().to_ascii_lowercase().as_str() {
            "barrier" | "b" => Some(Valence::Barrier),
            "facilitator" | "f" => Some(Valence::Facilitator),
            "both" | "b/f" | "bf" => Some(Valence::Both),
            _ => None,
        }
    }
}

impl fmt::Display for Valence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_accepts_labels_and_marks() {
        for v in Valence::ALL {
            assert_eq!(Valence::parse(v.label()), Some(v));
            assert_eq!(Valence::parse(v.short()), Some(v));
            assert_eq!(Valence::parse(&v.label().to_uppercase()), Some(v));
        }
        assert_eq!(Valence::parse("neutral"), None);
    }
}
