//! Text normalisation, done once when text enters a project, and folding for search.
//!
//! Stored page text is NFC, has no BOM, uses `\n` line ends, has typographic ligatures
//! expanded, has no NUL or other control characters, and has soft hyphens removed (a word
//! split by a soft hyphen at a line end is joined again). Anchors are byte offsets into this
//! text, so the rules here must not change for stored documents.

use unicode_normalization::UnicodeNormalization;

/// Expands a typographic ligature code point into its letters.
#[must_use]
pub fn expand_ligature(c: char) -> Option<&'static str> {
    Some(match c {
        '\u{FB00}' => "ff",
        '\u{FB01}' => "fi",
        '\u{FB02}' => "fl",
        '\u{FB03}' => "ffi",
        '\u{FB04}' => "ffl",
        '\u{FB05}' | '\u{FB06}' => "st",
        '\u{0132}' => "IJ",
        '\u{0133}' => "ij",
        _ => return None,
    })
}

/// Whether a character is dropped from stored text: control characters other than line
/// feed and tab, the BOM, the replacement character, soft hyphens, and other invisible
/// format characters that break search.
#[must_use]
pub fn is_dropped(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(
            c,
            '\u{FEFF}' | '\u{FFFD}' | '\u{00AD}' | '\u{200B}' | '\u{2060}' | '\u{200E}' | '\u{200F}'
        )
        // Private-use code points: icon-font glyphs with no meaning as text.
        || ('\u{E000}'..='\u{F8FF}').contains(&c)
}

/// Presentation variants of ordinary characters (fullwidth forms, mathematical letters and
/// digits) that are stored as the ordinary character, so that they display and search as
/// text.
fn plain_form(c: char) -> bool {
    ('\u{FF01}'..='\u{FF5E}').contains(&c) || ('\u{1D400}'..='\u{1D7FF}').contains(&c)
}

/// Normalises a short fragment (one glyph's text, say) without touching line structure:
/// ligatures expanded, dropped characters removed, tabs made spaces, NFC.
#[must_use]
pub fn normalize_fragment(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if let Some(exp) = expand_ligature(c) {
            out.push_str(exp);
        } else if plain_form(c) {
            out.extend(c.to_string().nfkc());
        } else if c == '\t' {
            out.push(' ');
        } else if !is_dropped(c) {
            out.push(c);
        }
    }
    if out.is_ascii() {
        return out;
    }
    let out: String = out.nfc().collect();
    // A letter in an enclosing circle is how older PDFs draw the copyright and registered signs.
    if out.contains('\u{20DD}') { out.replace("C\u{20DD}", "\u{A9}").replace("R\u{20DD}", "\u{AE}") } else { out }
}

/// Normalises a whole text (a page, or a text-only document): line ends become `\n`,
/// a soft hyphen before a line break joins the two lines, then [`normalize_fragment`] rules.
#[must_use]
pub fn normalize(s: &str) -> String {
    let unified = s.replace("\r\n", "\n").replace('\r', "\n");
    let mut joined = String::with_capacity(unified.len());
    let mut chars = unified.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\u{00AD}' {
            // A soft hyphen at the end of a line: the word continues on the next line.
            while chars.peek() == Some(&' ') {
                chars.next();
            }
            if chars.peek() == Some(&'\n') {
                chars.next();
            }
            continue;
        }
        joined.push(c);
    }
    normalize_fragment(&joined)
}

/// Folds text for search: NFKC, lower case, ligatures expanded. Returns the folded text and,
/// for each byte of it, the byte offset in the original where that character began, plus a
/// final entry for the end. Search hits map back to original offsets through this table.
#[must_use]
pub fn fold_with_map(s: &str) -> (String, Vec<usize>) {
    let mut folded = String::with_capacity(s.len());
    let mut map = Vec::with_capacity(s.len() + 1);
    let mut buf = [0u8; 4];
    for (i, c) in s.char_indices() {
        let piece: String = if let Some(exp) = expand_ligature(c) {
            exp.to_owned()
        } else if c.is_whitespace() {
            // Any run of white space matches one space: a phrase is found across lines.
            if folded.ends_with(' ') {
                continue;
            }
            " ".to_owned()
        } else {
            c.encode_utf8(&mut buf).nfkc().flat_map(char::to_lowercase).collect()
        };
        for _ in 0..piece.len() {
            map.push(i);
        }
        folded.push_str(&piece);
    }
    map.push(s.len());
    (folded, map)
}

/// Folds text for comparison without keeping offsets (see [`fold_with_map`]).
#[must_use]
pub fn fold(s: &str) -> String {
    fold_with_map(s).0
}

/// Finds every occurrence of `needle` in `haystack`, ignoring case, ligatures and
/// compatibility forms. Returns byte ranges into `haystack`.
#[must_use]
pub fn find_all(haystack: &str, needle: &str) -> Vec<(usize, usize)> {
    let needle = fold(&one_line(needle));
    if needle.is_empty() {
        return Vec::new();
    }
    let (folded, map) = fold_with_map(haystack);
    let mut hits = Vec::new();
    let mut from = 0;
    while let Some(pos) = folded[from..].find(&needle) {
        let start = from + pos;
        let end = start + needle.len();
        // Map back: the end is the start of the first original char not covered.
        let orig_start = map[start];
        let orig_end = if end < map.len() - 1 { map[end] } else { haystack.len() };
        if orig_end > orig_start {
            hits.push((orig_start, orig_end));
        }
        from = end;
    }
    hits
}

/// The sentence (or sentences) around bytes `start..end` of a page: from after the end of
/// the sentence before (". ", "! ", "? ", a blank line, or the page's start) to the end of
/// the last sentence the range touches, trimmed of outer white space. Offsets are bytes on
/// character boundaries; a range outside the page is clamped.
#[must_use]
pub fn sentence_around(page: &str, start: usize, end: usize) -> (usize, usize) {
    let end = floor_char(page, end.min(page.len()));
    let start = floor_char(page, start.min(end));
    let ends_sentence = |i: usize| -> bool {
        // Whether a sentence ends just before byte i (i is a character boundary).
        let before = &page[..i];
        let after = &page[i..];
        let Some(last) = before.chars().next_back() else { return false };
        let next_is_space = after.chars().next().is_none_or(char::is_whitespace);
        ((matches!(last, '.' | '!' | '?' | '。' | '！' | '？') && next_is_space)
            || (last == '\n' && before[..before.len() - 1].ends_with('\n')))
            && !is_abbreviation(before)
    };
    let mut from = start;
    while from > 0 && !ends_sentence(from) {
        from = floor_char(page, from - 1);
    }
    let mut to = end.max(from);
    // A range that already ends on a sentence's end stays there.
    if !(to > start && ends_sentence(to)) {
        while to < page.len() && !ends_sentence(to) {
            to = ceil_char(page, to + 1);
        }
    }
    let slice = &page[from..to];
    let lead = slice.len() - slice.trim_start().len();
    let trail = slice.len() - slice.trim_end().len();
    (from + lead, (to - trail).max(from + lead))
}

/// Which end of a passage to move, and which way, by one word.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WordStep {
    /// The end moves on past the next word.
    EndForward,
    /// The end moves back before the last word (the passage keeps at least one word).
    EndBack,
    /// The start moves back before the word in front of the passage.
    StartBack,
    /// The start moves on past the first word (the passage keeps at least one word).
    StartForward,
}

/// Bytes `start..end` of a page grown or shrunk by one word at one end (a word is a run
/// of characters that are not white space; CJK characters count one each). Outer white
/// space is never included, and a passage never shrinks to nothing: at its last word the
/// range stays as it is.
#[must_use]
pub fn step_word(page: &str, start: usize, end: usize, step: WordStep) -> (usize, usize) {
    let end = floor_char(page, end.min(page.len()));
    let start = floor_char(page, start.min(end));
    let word = |c: char| !c.is_whitespace();
    // Characters after / before a byte, with their byte offsets.
    let ahead = |at: usize| page[at..].char_indices().map(move |(i, c)| (at + i, c));
    let behind = |at: usize| page[..at].char_indices().rev();
    // From `at`, past white space, then past one word: the byte after that word.
    let over_next = |at: usize| -> usize {
        let mut it = ahead(at).skip_while(|(_, c)| !word(*c)).peekable();
        let Some((first_at, first)) = it.next() else { return at };
        let mut to = first_at + first.len_utf8();
        if !cjk(first) {
            for (i, c) in it.take_while(|(_, c)| word(*c) && !cjk(*c)) {
                to = i + c.len_utf8();
            }
        }
        to
    };
    // From `at`, back over white space, then back over one word: the byte where it starts.
    let over_previous = |at: usize| -> usize {
        let mut it = behind(at).skip_while(|(_, c)| !word(*c));
        let Some((first_at, first)) = it.next() else { return at };
        let mut from = first_at;
        if !cjk(first) {
            for (i, _) in it.take_while(|(_, c)| word(*c) && !cjk(*c)) {
                from = i;
            }
        }
        from
    };
    // Past white space only.
    let trim_forward = |at: usize| ahead(at).find(|(_, c)| word(*c)).map_or(at, |(i, _)| i);
    let trim_back = |at: usize| behind(at).find(|(_, c)| word(*c)).map_or(at, |(i, c)| i + c.len_utf8());
    match step {
        WordStep::EndForward => (start, over_next(end)),
        WordStep::StartBack => (over_previous(start), end),
        WordStep::EndBack => {
            let to = trim_back(over_previous(end));
            if to > start { (start, to) } else { (start, end) }
        }
        WordStep::StartForward => {
            let from = trim_forward(over_next(start));
            if from < end { (from, end) } else { (start, end) }
        }
    }
}

/// Whether a character is written without spaces between words (Chinese, Japanese, Korean).
fn cjk(c: char) -> bool {
    matches!(c as u32, 0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF)
}

/// Whether text ends with a short abbreviation's full stop ("e.g.", "et al.", "Dr."), which
/// does not end a sentence.
fn is_abbreviation(before: &str) -> bool {
    let word = before.rsplit(char::is_whitespace).next().unwrap_or("");
    let lower = word.to_lowercase();
    matches!(
        lower.as_str(),
        "e.g." | "i.e." | "al." | "dr." | "mr." | "mrs." | "ms." | "vs." | "cf." | "etc." | "fig." | "no."
    ) || (word.chars().count() == 2 && word.starts_with(char::is_uppercase))
}

fn floor_char(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil_char(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// Up to `chars` characters of text before and after bytes `start..end` of a page, each on
/// one line, for showing a passage in context: (before, the passage, after). Where the text
/// around is cut, the cut word goes too and "…" says there is more.
#[must_use]
pub fn context(page: &str, start: usize, end: usize, chars: usize) -> (String, String, String) {
    let (start, end) = (start.min(page.len()), end.min(page.len()));
    let head = page.get(..start).unwrap_or("");
    let tail = page.get(end..).unwrap_or("");
    let mut before: String = head.chars().rev().take(chars).collect::<Vec<_>>().into_iter().rev().collect();
    let mut after: String = tail.chars().take(chars).collect();
    // Where the text was cut, the cut word goes too and "…" says there is more.
    let before_cut = before.len() < head.len();
    if before_cut {
        let at = before.find(char::is_whitespace).map_or(before.len(), |i| i);
        before.replace_range(..at, "");
    }
    let after_cut = after.len() < tail.len();
    if after_cut {
        let at = after.rfind(char::is_whitespace).unwrap_or(0);
        after.truncate(at);
    }
    let space_before = if before.ends_with(char::is_whitespace) { " " } else { "" };
    let space_after = if after.starts_with(char::is_whitespace) { " " } else { "" };
    let before_line = format!("{}{}{space_before}", if before_cut { "… " } else { "" }, one_line(&before));
    let after_line = format!("{space_after}{}{}", one_line(&after), if after_cut { " …" } else { "" });
    (before_line, one_line(page.get(start..end).unwrap_or("")), after_line)
}

/// Collapses runs of whitespace into single spaces and trims, for one-line display of a quote.
#[must_use]
pub fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// "1 article", "2 articles", "3 studies": a count with its noun, made plural with an s (a
/// consonant's y with ies).
#[must_use]
pub fn counted(n: usize, noun: &str) -> String {
    if n == 1 {
        return format!("{n} {noun}");
    }
    match noun.strip_suffix('y') {
        Some(stem) if stem.ends_with(|c: char| c.is_alphabetic() && !"aeiou".contains(c)) => format!("{n} {stem}ies"),
        _ => format!("{n} {noun}s"),
    }
}

/// Shortens text to at most `max` characters, ending with an ellipsis when cut.
#[must_use]
pub fn ellipsize(s: &str, max: usize) -> String {
    // Looks at no more than `max` characters, however long the text (a 5 MB name).
    if s.char_indices().nth(max).is_none() {
        return s.to_owned();
    }
    let mut out: String = s.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_passage_grows_and_shrinks_by_words_at_either_end() {
        let page = "The staff were  keen. Funding was short, and  travel long.";
        let at = |w: &str| page.find(w).unwrap();
        let (s, e) = (at("Funding"), at("Funding") + "Funding".len());
        // Each step from the range the one before left, and the text it selects.
        let steps = [
            (WordStep::EndForward, "Funding was"),
            (WordStep::EndForward, "Funding was short,"),
            (WordStep::EndBack, "Funding was"),
            (WordStep::StartBack, "keen. Funding was"),
            (WordStep::StartBack, "were  keen. Funding was"),
            (WordStep::StartForward, "keen. Funding was"),
        ];
        let mut range = (s, e);
        for (step, expected) in steps {
            range = step_word(page, range.0, range.1, step);
            assert_eq!(&page[range.0..range.1], expected, "{step:?}");
        }
        // One word left: it stays; at the page's ends nothing moves.
        assert_eq!(step_word(page, s, e, WordStep::EndBack), (s, e));
        assert_eq!(step_word(page, s, e, WordStep::StartForward), (s, e));
        assert_eq!(step_word(page, 0, 3, WordStep::StartBack), (0, 3));
        let last = page.len() - "long.".len();
        assert_eq!(step_word(page, last, page.len(), WordStep::EndForward), (last, page.len()));
    }

    #[test]
    fn cjk_passages_step_by_character_and_offsets_stay_on_boundaries() {
        let page = "支持小组很有帮助。Peer support";
        let (grown_s, grown_e) = step_word(page, 0, "支持".len(), WordStep::EndForward);
        assert_eq!(&page[grown_s..grown_e], "支持小");
        let (s, e) = step_word(page, 0, "支持".len(), WordStep::EndBack);
        assert_eq!(&page[s..e], "支");
        // Offsets inside a character are taken to its start.
        let (s, e) = step_word(page, 1, 7, WordStep::EndForward);
        assert!(page.is_char_boundary(s) && page.is_char_boundary(e));
    }

    #[test]
    fn context_on_one_line() {
        let page = "Before the\nhit: the words found\nand after them.";
        let s = page.find("the words").unwrap();
        let (b, m, a) = context(page, s, s + 15, 8);
        assert_eq!((b.as_str(), m.as_str(), a.as_str()), ("… hit: ", "the words found", " and …"));
        assert_eq!(
            context(page, 0, 6, 100),
            (String::new(), "Before".into(), " the hit: the words found and after them.".into())
        );
    }

    #[test]
    fn sentence_around_a_hit() {
        let page = "Costs were high. Lay counsellors, e.g. nurses, were trusted by Dr. Rao! The end\n\nNext one.";
        let hit = page.find("trusted").unwrap();
        let (a, b) = sentence_around(page, hit, hit + 7);
        assert_eq!(&page[a..b], "Lay counsellors, e.g. nurses, were trusted by Dr. Rao!");
        let first = sentence_around(page, 0, 5);
        assert_eq!(&page[first.0..first.1], "Costs were high.");
        let last = page.find("Next").unwrap();
        let (a, b) = sentence_around(page, last, last + 4);
        assert_eq!(&page[a..b], "Next one.");
        // A paragraph break ends a sentence without a full stop; a range over two sentences
        // keeps both; a whole sentence stays itself; ranges past the end are clamped.
        let end = page.find("end").unwrap();
        assert_eq!(&page[sentence_around(page, end, end + 3).0..sentence_around(page, end, end + 3).1], "The end");
        let (a, b) = sentence_around(page, 2, hit);
        assert!(page[a..b].starts_with("Costs") && page[a..b].ends_with("Rao!"));
        assert_eq!(sentence_around(page, 0, 16), (0, 16));
        assert_eq!(sentence_around("", 3, 9), (0, 0));
        let cjk = "費用が高い。 信頼された。";
        let (a, b) = sentence_around(cjk, cjk.find("信").unwrap(), cjk.len());
        assert_eq!(&cjk[a..b], "信頼された。");
    }

    #[test]
    fn ligatures_are_expanded_and_controls_dropped() {
        assert_eq!(normalize("de\u{0}\u{FB01}ned \u{FB02}ow\u{FEFF}"), "defined flow");
        assert_eq!(normalize("a\tb\r\nc\rd"), "a b\nc\nd");
    }

    #[test]
    fn soft_hyphen_at_line_end_joins_the_word() {
        assert_eq!(normalize("imple\u{AD}\nmentation and co\u{AD}operation"), "implementation and cooperation");
        assert_eq!(normalize("imple\u{AD} \nmentation"), "implementation");
    }

    #[test]
    fn presentation_forms_become_plain_text() {
        assert_eq!(
            normalize("\u{1D6FC} = 0.05 \u{FF08}n\u{FF09} C\u{20DD} 2013 \u{F0E0}mail"),
            "\u{3B1} = 0.05 (n) \u{A9} 2013 mail"
        );
    }

    #[test]
    fn output_is_nfc() {
        let decomposed = "Universite\u{301}";
        assert_eq!(normalize(decomposed), "Universit\u{e9}");
        assert_eq!(normalize_fragment("e\u{301}"), "\u{e9}");
    }

    #[test]
    fn normalize_is_idempotent() {
        let s = "Co\u{AD}\nding \u{FB01}ne\u{0} caf\u{e9} e\u{301}";
        let once = normalize(s);
        assert_eq!(normalize(&once), once);
    }

    #[test]
    fn search_folds_case_and_ligatures_and_maps_back() {
        let page = "The \u{FB01}rst Figure and the FIRST figure";
        let hits = find_all(page, "first fig");
        assert_eq!(hits.len(), 2);
        assert_eq!(&page[hits[0].0..hits[0].1], "\u{FB01}rst Fig");
        assert_eq!(&page[hits[1].0..hits[1].1], "FIRST fig");
        assert!(find_all(page, "  ").is_empty());
    }

    #[test]
    fn search_hit_at_end_of_text() {
        let page = "ends with stigma";
        assert_eq!(find_all(page, "STIGMA"), vec![(10, 16)]);
    }

    #[test]
    fn a_count_names_one_thing_in_the_singular() {
        assert_eq!(counted(1, "article"), "1 article");
        assert_eq!(counted(0, "coding"), "0 codings");
        assert_eq!(counted(12, "coding"), "12 codings");
        assert_eq!(counted(2, "study"), "2 studies");
        assert_eq!(counted(1, "study"), "1 study");
        assert_eq!(counted(2, "day"), "2 days");
    }

    #[test]
    fn ellipsize_and_one_line() {
        assert_eq!(ellipsize("abcdef", 4), "abc…");
        assert_eq!(ellipsize("abc", 4), "abc");
        assert_eq!(one_line(" a \n b  c "), "a b c");
    }
}
