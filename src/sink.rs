//! Escaping at the sink: the one place where each kind of output makes strings that came
//! from files (names, keys, labels, comments, quotes, coder names) safe to write.
//!
//! Every report and export writes such strings only through these functions: HTML text and
//! attributes and XML/SVG get entity escaping, ids and links get a slug of safe characters,
//! Markdown gets every punctuation character backslash-escaped (so it renders as the text it
//! is, never as markup or raw HTML), and CSV cells that a spreadsheet would run as a formula
//! are neutralised as OWASP recommends. Pure: std, csv and `quick_xml`'s escaper only.

use std::borrow::Cow;
use std::fmt::Write as _;

/// Text for HTML, in element content or a quoted attribute (`&`, `<`, `>`, `"`, `'`).
#[must_use]
pub fn html(s: &str) -> Cow<'_, str> {
    quick_xml::escape::escape(s)
}

/// Text for XML and SVG, in content or a quoted attribute.
#[must_use]
pub fn xml(s: &str) -> Cow<'_, str> {
    quick_xml::escape::escape(s)
}

/// An HTML id (and `#` link target) made from any string: `prefix-` and the string's
/// letters and digits in lower case (others become `-`), then a short hash of the whole
/// string so that two strings never share an id.
#[must_use]
pub fn slug(prefix: &str, s: &str) -> String {
    let mut out = String::with_capacity(prefix.len() + s.len().min(40) + 10);
    out.push_str(prefix);
    out.push('-');
    let mut last_dash = true;
    for c in s.chars().take(40) {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
            last_dash = false;
        } else if !last_dash {
            out.push('-');
            last_dash = true;
        }
    }
    // FNV-1a: stable across runs and platforms, unlike the std hasher.
    let hash = s.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3));
    let _ = write!(out, "{}{:08x}", if last_dash { "" } else { "-" }, hash & 0xffff_ffff);
    out
}

/// Characters that can start markup in Markdown (emphasis, code, links, images, raw HTML
/// and entities, tables, headings, strike-through).
const MARKDOWN_SPECIAL: &[char] =
    &['\\', '`', '*', '_', '[', ']', '(', ')', '{', '}', '<', '>', '&', '|', '#', '!', '~', '+', '='];

/// Text for Markdown, shown as itself: every character that could start markup is
/// backslash-escaped (`CommonMark` allows it for any punctuation), so nothing in it becomes
/// emphasis, a link, a table cell break or raw HTML; line breaks become spaces. Callers put
/// it after a prefix (`- `, `> `, `## `), never at the start of a line.
#[must_use]
pub fn markdown(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    for c in s.chars() {
        match c {
            '\n' | '\r' => out.push(' '),
            c if MARKDOWN_SPECIAL.contains(&c) => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// A CSV cell that a spreadsheet will not run: a cell starting with `=`, `+`, `-`, `@`, a
/// tab or a carriage return gets a leading `'` (OWASP's advice), unless it is a plain number
/// such as `-3` or `+0.5`. Quoting of delimiters and quotes is left to the CSV writer.
#[must_use]
pub fn csv_cell(s: &str) -> Cow<'_, str> {
    let risky = s.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if risky && s.trim().parse::<f64>().is_err() { Cow::Owned(format!("'{s}")) } else { Cow::Borrowed(s) }
}

/// The UTF-8 byte-order mark that tells Excel a CSV file is UTF-8 (accents then read right).
pub const CSV_BOM: &[u8] = b"\xEF\xBB\xBF";

/// CSV bytes as the app writes them: with `bom`, starting with [`CSV_BOM`] (once, whether or
/// not `bytes` had it).
#[must_use]
pub fn with_bom(mut bytes: Vec<u8>, bom: bool) -> Vec<u8> {
    if bom && !bytes.starts_with(CSV_BOM) {
        bytes.splice(0..0, CSV_BOM.iter().copied());
    }
    bytes
}

/// Rows as delimited text, every cell through [`csv_cell`]; with `bom`, a UTF-8 byte-order
/// mark first (Excel then reads accents right).
#[must_use]
pub fn csv_rows<R, C>(delimiter: u8, bom: bool, rows: R) -> String
where
    R: IntoIterator<Item = C>,
    C: IntoIterator,
    C::Item: AsRef<str>,
{
    let mut w = csv::WriterBuilder::new().delimiter(delimiter).from_writer(Vec::new());
    for row in rows {
        let cells: Vec<String> = row.into_iter().map(|c| csv_cell(c.as_ref()).into_owned()).collect();
        // Writing to memory cannot fail.
        let _ = w.write_record(&cells);
    }
    let text = w.into_inner().ok().and_then(|b| String::from_utf8(b).ok()).unwrap_or_default();
    if bom { format!("\u{feff}{text}") } else { text }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_byte_order_mark_is_added_once_and_only_when_asked() {
        assert_eq!(with_bom(b"a,b".to_vec(), true), b"\xEF\xBB\xBFa,b");
        assert_eq!(with_bom(b"\xEF\xBB\xBFa,b".to_vec(), true), b"\xEF\xBB\xBFa,b");
        assert_eq!(with_bom(b"a,b".to_vec(), false), b"a,b");
    }

    #[test]
    fn html_and_xml_escape_markup() {
        assert_eq!(
            html("<script>alert('x')</script> & \"q\""),
            "&lt;script&gt;alert(&apos;x&apos;)&lt;/script&gt; &amp; &quot;q&quot;"
        );
        assert_eq!(xml("a<b"), "a&lt;b");
    }

    #[test]
    fn slugs_are_safe_and_distinct() {
        let a = slug("c", "client.kabi");
        assert!(a.starts_with("c-client-kabi-"), "{a}");
        let evil = slug("c", "x\" onmouseover=\"alert(1)");
        assert!(evil.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'), "{evil}");
        assert_ne!(slug("c", "a.b"), slug("c", "a-b"));
        assert_eq!(slug("c", "a.b"), slug("c", "a.b"));
    }

    #[test]
    fn markdown_renders_as_text() {
        assert_eq!(markdown("<b>*x*</b>\n[l](javascript:y)"), "\\<b\\>\\*x\\*\\</b\\> \\[l\\]\\(javascript:y\\)");
        assert_eq!(markdown("VII. Stigma, a-b"), "VII. Stigma, a-b");
        assert_eq!(markdown("Café 2"), "Café 2");
    }

    #[test]
    fn formula_cells_are_neutralised_numbers_kept() {
        assert_eq!(csv_cell("=HYPERLINK(\"http://x\")"), "'=HYPERLINK(\"http://x\")");
        assert_eq!(csv_cell("+1+cmd"), "'+1+cmd");
        assert_eq!(csv_cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv_cell("\tx"), "'\tx");
        assert_eq!(csv_cell("-3"), "-3");
        assert_eq!(csv_cell("+0.5"), "+0.5");
        assert_eq!(csv_cell("plain"), "plain");
        let text = csv_rows(b',', true, [vec!["a", "=1+2"], vec!["b,c", "-2"]]);
        assert_eq!(text, "\u{feff}a,'=1+2\n\"b,c\",-2\n");
    }
}
