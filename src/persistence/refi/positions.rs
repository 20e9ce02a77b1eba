//! How another tool counted text positions, and where its selections fall in this
//! project's text.
//!
//! REFI-QDA says positions count characters of the plain text; tools differ in what a
//! character is. NVivo counts UTF-16 code units, skips a byte-order mark and counts CRLF as
//! two; Python tools (QualCoder) count code points; some tools count a line end as one. The
//! way a file counts is decided per source by trying every reading and keeping the one under
//! which the selections start and end on word boundaries (and match the text a tool wrote
//! beside them, when it did), the tool's own habit breaking ties. Positions then map to
//! bytes of the raw text, and from there into the normalised page text this project stores.

use crate::model::text::normalize;

/// One way of counting positions in a plain text (four independent choices, hence the
/// flags).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[allow(clippy::struct_excessive_bools)]
pub struct Counting {
    /// UTF-16 code units (else Unicode scalar values).
    pub utf16: bool,
    /// A byte-order mark at the start takes a position.
    pub bom_counted: bool,
    /// CRLF takes two positions (else one).
    pub crlf_two: bool,
    /// The end position is the last character's (else the one after it).
    pub end_inclusive: bool,
}

impl std::fmt::Display for Counting {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}, {}, CRLF as {}{}",
            if self.utf16 { "UTF-16 code units" } else { "characters (code points)" },
            if self.bom_counted { "byte-order mark counted" } else { "byte-order mark skipped" },
            if self.crlf_two { "two" } else { "one" },
            if self.end_inclusive { ", end inclusive" } else { "" }
        )
    }
}

impl Counting {
    /// Code points, BOM skipped, CRLF as stored, end exclusive: what the standard's letter
    /// and Python tools do.
    pub const CODE_POINTS: Self = Self { utf16: false, bom_counted: false, crlf_two: true, end_inclusive: false };
    /// NVivo's way.
    pub const NVIVO: Self = Self { utf16: true, bom_counted: false, crlf_two: true, end_inclusive: false };

    /// Every reading, the tool's usual one first (it wins ties).
    #[must_use]
    pub fn candidates(origin: &str) -> Vec<Self> {
        let preferred = if origin.to_lowercase().contains("nvivo") { Self::NVIVO } else { Self::CODE_POINTS };
        let mut all = vec![preferred];
        for utf16 in [false, true] {
            for crlf_two in [true, false] {
                for bom_counted in [false, true] {
                    for end_inclusive in [false, true] {
                        let c = Self { utf16, bom_counted, crlf_two, end_inclusive };
                        if !all.contains(&c) {
                            all.push(c);
                        }
                    }
                }
            }
        }
        all
    }
}

/// Byte offsets of the raw text at each position under one counting (`None` inside a
/// character's UTF-16 pair or a CRLF counted as one).
struct Table {
    offsets: Vec<Option<usize>>,
}

impl Table {
    fn new(text: &str, c: Counting) -> Self {
        let mut offsets = Vec::with_capacity(text.len() + 1);
        let mut chars = text.char_indices().peekable();
        let mut first = true;
        while let Some((i, ch)) = chars.next() {
            if first && ch == '\u{FEFF}' && !c.bom_counted {
                first = false;
                continue;
            }
            first = false;
            offsets.push(Some(i));
            if ch == '\r' && chars.peek().is_some_and(|(_, n)| *n == '\n') {
                let (j, _) = chars.next().unwrap_or((i + 1, '\n'));
                if c.crlf_two {
                    offsets.push(Some(j));
                }
                continue;
            }
            if c.utf16 && ch.len_utf16() == 2 {
                offsets.push(None);
            }
        }
        offsets.push(Some(text.len()));
        Self { offsets }
    }

    fn at(&self, pos: i64) -> Option<usize> {
        usize::try_from(pos).ok().and_then(|p| self.offsets.get(p).copied().flatten())
    }
}

/// The raw byte range of a selection under a counting, if it falls inside the text.
fn range(table: &Table, text: &str, c: Counting, start: i64, end: i64) -> Option<(usize, usize)> {
    let s = table.at(start)?;
    let e = if c.end_inclusive {
        let last = table.at(end)?;
        last + text[last..].chars().next()?.len_utf8()
    } else {
        table.at(end)?
    };
    (s < e && e <= text.len()).then_some((s, e))
}

fn is_word(c: Option<char>) -> bool {
    c.is_some_and(char::is_alphanumeric)
}

/// How well a range sits on word boundaries: one point for each end that does.
fn boundary_score(text: &str, s: usize, e: usize) -> u32 {
    let before = text[..s].chars().next_back();
    let first = text[s..].chars().next();
    let last = text[..e].chars().next_back();
    let after = text[e..].chars().next();
    u32::from(!(is_word(before) && is_word(first))) + u32::from(!(is_word(last) && is_word(after)))
}

fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A selection's positions and the text the tool said it covers (may be empty).
#[derive(Clone, Copy, Debug)]
pub struct Positions<'a> {
    /// Start.
    pub start: i64,
    /// End.
    pub end: i64,
    /// The text the tool wrote beside the selection, if it did.
    pub said: &'a str,
}

/// Raw byte ranges of selections (`None`: outside the text).
type Ranges = Vec<Option<(usize, usize)>>;

/// The counting under which the selections fit `text` best, and the raw byte range of each
/// selection under it (`None`: outside the text).
#[must_use]
pub fn decide(text: &str, origin: &str, selections: &[Positions<'_>]) -> (Counting, Ranges) {
    let mut best: Option<(u64, Counting, Ranges)> = None;
    let has_bom = text.starts_with('\u{FEFF}');
    let has_crlf = text.contains("\r\n");
    let has_wide = text.chars().any(|c| c.len_utf16() == 2);
    for c in Counting::candidates(origin) {
        // Readings that differ only where the text has nothing to differ on are the same.
        if (!has_bom && c.bom_counted) || (!has_crlf && !c.crlf_two) || (!has_wide && c.utf16) {
            continue;
        }
        let table = Table::new(text, c);
        let mut score = 0u64;
        let ranges: Vec<Option<(usize, usize)>> = selections
            .iter()
            .map(|p| {
                let r = range(&table, text, c, p.start, p.end);
                if let Some((s, e)) = r {
                    score += 1 + u64::from(boundary_score(text, s, e));
                    if !p.said.trim().is_empty() && squash(&text[s..e]) == squash(p.said) {
                        score += 4;
                    }
                }
                r
            })
            .collect();
        if best.as_ref().is_none_or(|(b, _, _)| score > *b) {
            best = Some((score, c, ranges));
        }
    }
    best.map_or((Counting::CODE_POINTS, vec![None; selections.len()]), |(_, c, r)| (c, r))
}

/// Where a raw byte range of a source's text lands in its normalised pages (the raw text
/// split at form feeds, each page normalised): page and byte range in that page. `None`
/// when it crosses a page break.
#[derive(Debug)]
pub struct PageMap<'a> {
    raw: &'a str,
    /// Start byte of each raw page in `raw`.
    starts: Vec<usize>,
    /// The normalised pages.
    pub pages: Vec<String>,
    /// Per page, raw offsets where the text can be cut without changing how it normalises,
    /// about every 4 KiB, with the normalised length of what comes before.
    checkpoints: Vec<Vec<(usize, usize)>>,
}

/// Whether normalising `raw[..at]` and `raw[at..]` apart gives the halves of normalising
/// the whole: both neighbours plain ASCII letters or punctuation, no line end, space or soft
/// hyphen to join.
fn safe_cut(raw: &str, at: usize) -> bool {
    let b = raw.as_bytes();
    let plain = |c: u8| c.is_ascii() && !matches!(c, b'\r' | b'\n' | b' ' | b'\t');
    at > 0 && at < b.len() && plain(b[at - 1]) && plain(b[at])
}

fn checkpoints(raw: &str) -> Vec<(usize, usize)> {
    const EVERY: usize = 4096;
    let mut points = vec![(0, 0)];
    let mut at = EVERY;
    while at < raw.len() {
        let Some(cut) = (at..raw.len().min(at + 256)).find(|i| safe_cut(raw, *i)) else {
            at += EVERY;
            continue;
        };
        let (last, len) = points[points.len() - 1];
        points.push((cut, len + normalize(&raw[last..cut]).len()));
        at = cut + EVERY;
    }
    points
}

impl<'a> PageMap<'a> {
    /// Splits and normalises.
    #[must_use]
    pub fn new(raw: &'a str) -> Self {
        let mut starts = vec![0];
        for (i, _) in raw.match_indices('\u{000C}') {
            starts.push(i + 1);
        }
        let pages = raw.split('\u{000C}').map(normalize).collect();
        let checkpoints = raw.split('\u{000C}').map(checkpoints).collect();
        Self { raw, starts, pages, checkpoints }
    }

    /// The normalised length of `raw_page[..at]`.
    fn prefix(&self, page: usize, raw: &str, at: usize) -> usize {
        let points = &self.checkpoints[page];
        let i = points.partition_point(|(o, _)| *o <= at).saturating_sub(1);
        let (from, len) = points.get(i).copied().unwrap_or((0, 0));
        len + normalize(&raw[from..at]).len()
    }

    fn raw_page(&self, p: usize) -> &'a str {
        let start = self.starts[p];
        let end = self.starts.get(p + 1).map_or(self.raw.len(), |n| n - 1);
        &self.raw[start..end]
    }

    /// The page and normalised byte range of a raw byte range.
    #[must_use]
    pub fn place(&self, s: usize, e: usize) -> Option<(usize, usize, usize)> {
        let page = self.starts.iter().rposition(|st| *st <= s)?;
        let end_of_page = self.starts.get(page + 1).map_or(self.raw.len(), |n| n - 1);
        if e > end_of_page {
            return None;
        }
        let raw = self.raw_page(page);
        let (rs, re) = (s - self.starts[page], e - self.starts[page]);
        let text = &self.pages[page];
        // Offsets in the normalised text: the normalised length of what comes before.
        let ns = self.prefix(page, raw, rs);
        let ne = ns + normalize(&raw[rs..re]).len();
        if text.get(ns..ne) == Some(normalize(&raw[rs..re]).as_str()) {
            return Some((page, ns, ne));
        }
        // A position inside a line end or a composed character: count exactly.
        let ne = self.prefix(page, raw, re);
        (ns < ne && text.is_char_boundary(ns) && text.is_char_boundary(ne)).then_some((page, ns, ne))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nvivo_counting_is_found_from_word_boundaries() {
        // BOM, CRLF, an emoji (two UTF-16 units): positions as NVivo writes them.
        let text = "\u{FEFF}Első sor 😀 alma\r\nmásodik körte sor\r\nharmadik";
        let visible: Vec<char> = text.chars().skip(1).collect();
        let utf16_pos = |needle: &str| {
            let s: String = visible.iter().collect();
            let byte = s.find(needle).unwrap();
            i64::try_from(s[..byte].encode_utf16().count()).unwrap()
        };
        let sel = |w: &str| {
            let s = utf16_pos(w);
            Positions { start: s, end: s + i64::try_from(w.encode_utf16().count()).unwrap(), said: "" }
        };
        let sels = [sel("Első"), sel("sor"), sel("alma"), sel("körte"), sel("harmadik"), sel("második")];
        let (c, ranges) = decide(text, "", &sels);
        assert_eq!(c, Counting::NVIVO, "{c}");
        let words: Vec<&str> = ranges.iter().map(|r| &text[r.unwrap().0..r.unwrap().1]).collect();
        assert_eq!(words, ["Első", "sor", "alma", "körte", "harmadik", "második"]);
    }

    #[test]
    fn code_points_with_the_text_said_beside_win() {
        let text = "ab 😀 cd\nef gh";
        let s = i64::try_from(text.chars().position(|c| c == 'c').unwrap()).unwrap();
        let sels = [Positions { start: s, end: s + 2, said: "cd" }];
        let (c, ranges) = decide(text, "QualCoder 3.6", &sels);
        assert!(!c.utf16);
        assert_eq!(&text[ranges[0].unwrap().0..ranges[0].unwrap().1], "cd");
    }

    #[test]
    fn positions_outside_the_text_are_not_placed() {
        let (_, ranges) = decide("short", "", &[Positions { start: 3, end: 90, said: "" }]);
        assert_eq!(ranges, vec![None]);
    }

    #[test]
    fn raw_ranges_map_into_normalised_pages() {
        let raw = "\u{FEFF}One\r\nof\u{FB01}ce\u{000C}Second page";
        let map = PageMap::new(raw);
        assert_eq!(map.pages, ["One\noffice", "Second page"]);
        let s = raw.find("of").unwrap();
        let e = raw.find('\u{000C}').unwrap();
        let (page, a, b) = map.place(s, e).unwrap();
        assert_eq!((page, &map.pages[0][a..b]), (0, "office"));
        let s = raw.find("page").unwrap();
        let (page, a, b) = map.place(s, raw.len()).unwrap();
        assert_eq!((page, &map.pages[1][a..b]), (1, "page"));
        assert_eq!(map.place(raw.find("ce").unwrap(), raw.find("Second").unwrap() + 3), None, "across a page break");
    }

    #[test]
    fn checkpoints_in_long_text_give_the_same_offsets_as_counting_from_the_start() {
        let line = "Stigma\u{AD}\nreduction in e\u{301}cole \u{FB01}rst, caf\u{E9}s.\r\n";
        let raw: String = line.repeat(400);
        let map = PageMap::new(&raw);
        for (s, _) in raw.match_indices("reduction").step_by(7) {
            let e = s + "reduction".len();
            let (_, a, b) = map.place(s, e).unwrap();
            assert_eq!(a, normalize(&raw[..s]).len());
            assert_eq!(&map.pages[0][a..b], "reduction");
        }
    }
}
