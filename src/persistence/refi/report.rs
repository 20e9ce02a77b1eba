//! What an import did, for the user: counts, selections that could not be placed (with
//! why), how each source counted positions, sources skipped, problems.

use super::positions::Counting;
use crate::model::text::{ellipsize, one_line};
use std::collections::BTreeMap;

/// The most characters of a line of the summary: a line quotes the file (its tool, a
/// source's name, codes), whose names can be any length.
const LINE_CHARS: usize = 300;

/// The most selections not placed, and problems, listed; the others are counted.
const LISTED: usize = 20;

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
            for u in self.unplaced.iter().take(LISTED) {
                lines.push(format!("  {} ({}; {}): {}", u.source, u.place, u.codes.join(", "), u.why));
            }
            if self.unplaced.len() > LISTED {
                lines.push(format!("  … and {} more", self.unplaced.len() - LISTED));
            }
        }
        for (kind, n) in &self.skipped_sources {
            lines.push(format!("{n} {kind} sources skipped (only text and PDF sources can be coded here)"));
        }
        if self.unknown_codes > 0 {
            lines.push(format!("{} codings named a code the file does not define (left out)", self.unknown_codes));
        }
        lines.extend(self.problems.iter().take(LISTED).cloned());
        if self.problems.len() > LISTED {
            lines.push(format!("… and {} more sources that could not be read", self.problems.len() - LISTED));
        }
        // Each line on one line and cut, keeping the indent of the listed selections.
        lines
            .into_iter()
            .map(|l| {
                let indent = if l.starts_with("  ") { "  " } else { "" };
                format!("{indent}{}", ellipsize(&one_line(&l), LINE_CHARS))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_summary_is_a_few_short_lines_however_long_the_names_and_many_the_problems() {
        let long = "Name ".repeat(100_000);
        let report = ImportReport {
            origin: long.clone(),
            unplaced: vec![Unplaced {
                source: long.clone(),
                place: "1-2".into(),
                codes: vec![long.clone()],
                why: "gone".into(),
            }],
            problems: (0..500).map(|i| format!("source {i} could not be read")).collect(),
            ..ImportReport::default()
        };
        let lines = report.summary();
        assert!(lines.iter().all(|l| l.chars().count() <= LINE_CHARS + 2), "every line cut");
        assert!(
            lines[0].starts_with("0 documents, 0 codings of constructs") && lines[0].ends_with('…'),
            "{}",
            lines[0]
        );
        assert!(lines.iter().any(|l| l.starts_with("  Name Name")), "a selection keeps its indent");
        assert_eq!(lines.iter().filter(|l| l.starts_with("source ")).count(), LISTED);
        assert_eq!(lines.last().map(String::as_str), Some("… and 480 more sources that could not be read"));
    }
}
