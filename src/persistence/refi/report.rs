//! What an import did, for the user: counts, selections that could not be placed (with
//! why), how each source counted positions, sources skipped, problems.

use super::positions::Counting;
use std::collections::BTreeMap;

/// A selection that could not be placed on the text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unplaced {
    /// The source's name.
    pub source: String,
    /// Where the other tool put it.
    pub place: String,
    /// The codes it carries.
    pub codes: Vec<String>,
    /// Why it was not placed.
    pub why: String,
}

/// What an import did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImportReport {
    /// The tool that wrote the file.
    pub origin: String,
    /// Documents made.
    pub documents: usize,
    /// Codings of constructs made.
    pub codings: usize,
    /// Passages of imported codes made.
    pub imported_codings: usize,
    /// Imported codes added to the codebook.
    pub imported_codes: usize,
    /// Codings mapped to a construct that had no valence (kept under their imported code).
    pub without_valence: usize,
    /// Selections the other tool wrote twice (a PDF area beside its text), merged.
    pub duplicates: usize,
    /// Selections that could not be placed.
    pub unplaced: Vec<Unplaced>,
    /// How each text source counted positions.
    pub countings: Vec<(String, Counting)>,
    /// Sources of kinds not read, by kind.
    pub skipped_sources: BTreeMap<String, usize>,
    /// Sources that could not be read, one line each.
    pub problems: Vec<String>,
    /// Codings that named a code the file does not define.
    pub unknown_codes: usize,
    /// Where studies came from: "cases", "sets" or "sources".
    pub studies_from: String,
}

impl ImportReport {
    /// A few lines for the user.
    #[must_use]
    pub fn summary(&self) -> Vec<String> {
        let mut lines = vec![format!(
            "{} documents, {} codings of constructs, {} passages of {} imported codes{}",
            self.documents,
            self.codings,
            self.imported_codings,
            self.imported_codes,
            if self.origin.is_empty() { String::new() } else { format!(" (from {})", self.origin) }
        )];
        if self.without_valence > 0 {
            lines.push(format!(
                "{} codings mapped to a construct had no valence and were kept under their imported code",
                self.without_valence
            ));
        }
        if self.duplicates > 0 {
            lines.push(format!("{} selections written twice (a PDF area and its text) were merged", self.duplicates));
        }
        if !self.unplaced.is_empty() {
            lines.push(format!("{} selections could not be placed on the text:", self.unplaced.len()));
            for u in self.unplaced.iter().take(20) {
                lines.push(format!("  {} ({}; {}): {}", u.source, u.place, u.codes.join(", "), u.why));
            }
            if self.unplaced.len() > 20 {
                lines.push(format!("  … and {} more", self.unplaced.len() - 20));
            }
        }
        for (kind, n) in &self.skipped_sources {
            lines.push(format!("{n} {kind} sources skipped (only text and PDF sources can be coded here)"));
        }
        if self.unknown_codes > 0 {
            lines.push(format!("{} codings named a code the file does not define (left out)", self.unknown_codes));
        }
        lines.extend(self.problems.iter().cloned());
        lines
    }
}
