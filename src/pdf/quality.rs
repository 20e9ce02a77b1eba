//! Checks of extracted text: is it there, and does it look like language?
//!
//! Length checks do not catch a text layer that decodes to a letter-substitution cipher
//! (fonts without a usable `ToUnicode` map): such text has plenty of letters but almost none of
//! the short function words every running text is full of. The check counts those words.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A problem found in extracted text that does not stop import.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Warning {
    /// The text layer looks garbled: too few common words for running text.
    Garbled {
        /// Share of word tokens that are common function words, in percent.
        common_word_percent: u32,
    },
    /// Some pages could not be read; their text is empty.
    UnreadablePages {
        /// One-based page numbers.
        pages: Vec<u32>,
        /// The parser's reason for the first of them.
        reason: String,
    },
    /// Some pages have a damaged content stream that was read on past its damage: their text
    /// is what could be recovered, and may be incomplete or hold stray characters.
    PartlyReadPages {
        /// One-based page numbers.
        pages: Vec<u32>,
    },
    /// Some pages have no text at all (images only).
    EmptyPages {
        /// One-based page numbers.
        pages: Vec<u32>,
    },
    /// Glyphs whose fonts give no characters for them (no Unicode map, no usable glyph
    /// names): they are left out of the text; the rest of each page is read.
    UndecodedGlyphs {
        /// One-based numbers of the pages concerned.
        pages: Vec<u32>,
        /// How many glyphs were left out, on all of them.
        glyphs: u32,
        /// The fonts they were drawn with, as far as their names are known.
        fonts: Vec<String>,
    },
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Warning::Garbled { common_word_percent } => write!(
                f,
                "the text layer looks garbled (only {common_word_percent}% common words); check the text against the printed page before coding"
            ),
            Warning::UnreadablePages { pages, reason } => {
                write!(
                    f,
                    "{} could not be read ({reason}); {} no text",
                    pages_list(pages),
                    if pages.len() == 1 { "it has" } else { "they have" }
                )
            }
            Warning::PartlyReadPages { pages } => write!(
                f,
                "{} a damaged content stream, read as far as it could be; check {} text against the page before coding",
                if pages.len() == 1 {
                    format!("{} has", pages_list(pages))
                } else {
                    format!("{} have", pages_list(pages))
                },
                if pages.len() == 1 { "its" } else { "their" }
            ),
            Warning::EmptyPages { pages } => write!(f, "{} no text layer (images only, or blank)", {
                let list = pages_list(pages);
                if pages.len() == 1 { format!("{list} has") } else { format!("{list} have") }
            }),
            Warning::UndecodedGlyphs { pages, glyphs, fonts } => {
                let fonts = match fonts.as_slice() {
                    [] => "fonts without a map to characters".to_owned(),
                    [one] => format!("font {one}"),
                    many => format!("fonts {}", many.join(", ")),
                };
                let (n, verb) = if *glyphs == 1 {
                    ("1 character".to_owned(), "was")
                } else {
                    (format!("{glyphs} characters"), "were")
                };
                write!(f, "{}: {n} in {fonts} could not be decoded and {verb} left out of the text", pages_list(pages))
            }
        }
    }
}

impl Warning {
    /// The pages a warning is about, with a few words for each page's line of a report;
    /// `None` for a warning about the whole text.
    #[must_use]
    pub fn page_note(&self) -> Option<(&[u32], &'static str)> {
        match self {
            Warning::Garbled { .. } => None,
            Warning::UnreadablePages { pages, .. } => Some((pages, "could not be read")),
            Warning::PartlyReadPages { pages } => Some((pages, "damaged, partly read")),
            Warning::EmptyPages { pages } => Some((pages, "no text layer")),
            Warning::UndecodedGlyphs { pages, .. } => Some((pages, "characters of a font left out")),
        }
    }
}

/// "page 3", or "pages 1, 2 and 3 more" (up to twelve numbers), as warnings name pages.
#[must_use]
pub fn pages_list(pages: &[u32]) -> String {
    let shown: Vec<String> = pages.iter().take(12).map(ToString::to_string).collect();
    let more = if pages.len() > 12 { format!(" and {} more", pages.len() - 12) } else { String::new() };
    if pages.len() == 1 { format!("page {}", shown.join(", ")) } else { format!("pages {}{more}", shown.join(", ")) }
}

/// Function words of English and of the Romance languages met in the review's literature.
const COMMON: &[&str] = &[
    "the", "of", "and", "to", "in", "is", "that", "for", "with", "was", "were", "as", "by", "on", "are", "this", "be",
    "from", "or", "at", "an", "it", "their", "which", "not", "have", "has", "had", "been", "these", "than", "but",
    "we", "they", "who", "also", "more", "other", "all", "can", "may", "its", "into", "such", "between", "there",
    "both", "our", "most", "one", "two", "de", "la", "el", "en", "que", "los", "las", "del", "por", "con", "para",
    "le", "les", "des", "et", "du", "est", "une", "da", "do", "em", "os", "se", "no", "na", "um", "uma",
];

/// Share of common words among Latin-script word tokens of two letters or more (running
/// English text of the corpus: 0.22-0.34; the cipher-font article: 0.035), or `None` when there is too little
/// Latin-script text to judge.
#[must_use]
pub fn common_word_share(text: &str) -> Option<f64> {
    let mut latin = 0usize;
    let mut letters = 0usize;
    for c in text.chars().filter(|c| c.is_alphabetic()) {
        letters += 1;
        if c.is_ascii_alphabetic() || ('\u{C0}'..='\u{24F}').contains(&c) {
            latin += 1;
        }
    }
    if letters == 0 || latin * 10 < letters * 7 {
        return None;
    }
    let mut tokens = 0usize;
    let mut common = 0usize;
    // Single letters are left out: cipher text is full of them and some are words.
    for word in text.split(|c: char| !c.is_alphabetic()).filter(|w| w.chars().nth(1).is_some()) {
        tokens += 1;
        let lower = word.to_lowercase();
        if COMMON.contains(&lower.as_str()) {
            common += 1;
        }
    }
    if tokens < 150 {
        return None;
    }
    #[allow(clippy::cast_precision_loss)]
    Some(common as f64 / tokens as f64)
}

/// Garbled below this share of common words (running English text is around 0.35-0.45).
const GARBLED_BELOW: f64 = 0.08;

/// Warnings about the text of a whole document: the pages that could not be read (`failed`:
/// one-based page numbers with the reason, the first reason told), a garbled text layer, and
/// the other pages without text.
#[must_use]
pub fn check_quality(pages: &[String], failed: &[(u32, String)]) -> Vec<Warning> {
    let mut warnings = Vec::new();
    if let Some((_, reason)) = failed.first() {
        warnings
            .push(Warning::UnreadablePages { pages: failed.iter().map(|(n, _)| *n).collect(), reason: reason.clone() });
    }
    let all = pages.join("\n");
    if let Some(share) = common_word_share(&all)
        && share < GARBLED_BELOW
    {
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let common_word_percent = (share * 100.0).round() as u32;
        warnings.push(Warning::Garbled { common_word_percent });
    }
    let empty: Vec<u32> = pages
        .iter()
        .enumerate()
        .filter(|(_, p)| p.trim().is_empty())
        .filter_map(|(i, _)| u32::try_from(i + 1).ok())
        // An unreadable page is listed as such, not as one without a text layer.
        .filter(|n| !failed.iter().any(|(f, _)| f == n))
        .collect();
    if !empty.is_empty() && empty.len() < pages.len() {
        warnings.push(Warning::EmptyPages { pages: empty });
    }
    warnings
}

#[cfg(test)]
mod tests {
    use super::*;

    fn english() -> String {
        "The task of the community health workers was to deliver the intervention in the homes of \
         clients, and this was seen as a strength by the families who took part in the study. "
            .repeat(10)
    }

    #[test]
    fn running_english_is_not_garbled() {
        let share = common_word_share(&english()).unwrap();
        assert!(share > 0.3, "{share}");
        assert!(check_quality(&[english()], &[]).is_empty());
    }

    #[test]
    fn substitution_cipher_is_garbled() {
        // Shift every letter by 7: the same letter statistics, none of the words.
        let cipher: String = english()
            .chars()
            .map(|c| if c.is_ascii_lowercase() { (((c as u8 - b'a' + 7) % 26) + b'a') as char } else { c })
            .collect();
        let w = check_quality(&[cipher], &[]);
        assert!(matches!(w.as_slice(), [Warning::Garbled { .. }]), "{w:?}");
    }

    #[test]
    fn too_little_or_non_latin_text_is_not_judged() {
        assert_eq!(common_word_share("xq zv"), None);
        assert_eq!(common_word_share(&"مرحبا بالعالم ".repeat(100)), None);
    }

    #[test]
    fn undecoded_glyphs_are_listed_with_their_pages_and_fonts() {
        let w = Warning::UndecodedGlyphs { pages: vec![4], glyphs: 120, fonts: vec!["MathSymbols".into()] };
        assert_eq!(
            w.to_string(),
            "page 4: 120 characters in font MathSymbols could not be decoded and were left out of the text"
        );
        let w = Warning::UndecodedGlyphs { pages: vec![2, 3], glyphs: 1, fonts: Vec::new() };
        assert!(w.to_string().starts_with("pages 2, 3: 1 character in fonts without a map"), "{w}");
    }

    #[test]
    fn empty_pages_are_listed() {
        let w = check_quality(&[english(), String::new()], &[]);
        assert_eq!(w, vec![Warning::EmptyPages { pages: vec![2] }]);
        assert_eq!(w[0].to_string(), "page 2 has no text layer (images only, or blank)");
    }

    #[test]
    fn an_unreadable_page_is_not_called_one_without_a_text_layer() {
        let pages = [english(), String::new(), String::new()];
        let w = check_quality(&pages, &[(2, "its content is damaged".into())]);
        assert_eq!(
            w,
            vec![
                Warning::UnreadablePages { pages: vec![2], reason: "its content is damaged".into() },
                Warning::EmptyPages { pages: vec![3] }
            ]
        );
        assert_eq!(w[0].to_string(), "page 2 could not be read (its content is damaged); it has no text");
    }
}
