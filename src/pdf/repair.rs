//! Rebuilding the cross-reference table of a damaged PDF.
//!
//! A PDF ends with a table of where each object starts. Files whose table is wrong (a bad
//! `startxref`, offsets shifted by an editor that rewrote the file) still hold every object
//! intact; viewers like poppler find them by scanning for `N G obj`. This does the same: it
//! scans the bytes, appends a fresh table and trailer, and hands the result back to the
//! parser. A file cut short (an interrupted download) keeps what it still has; whether that
//! is enough is up to the caller.

use std::fmt::Write as _;

/// Whether the file seems cut short: no `%%EOF` near its end.
#[must_use]
pub fn looks_truncated(bytes: &[u8]) -> bool {
    let tail = &bytes[bytes.len().saturating_sub(1024)..];
    !tail.windows(5).any(|w| w == b"%%EOF")
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\n' | b'\r' | b'\t' | b'\x0c' | b'\0')
}

/// Reads an unsigned decimal number at `i`; returns it and the index after it.
fn number_at(bytes: &[u8], i: usize) -> Option<(u64, usize)> {
    let mut j = i;
    let mut n: u64 = 0;
    while j < bytes.len() && bytes[j].is_ascii_digit() && j - i < 12 {
        n = n * 10 + u64::from(bytes[j] - b'0');
        j += 1;
    }
    (j > i).then_some((n, j))
}

/// Every `N G obj` that starts a line (or the file), as (object number, generation, offset).
fn object_starts(bytes: &[u8]) -> Vec<(u32, u16, usize)> {
    let mut found = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let line_start = i == 0 || matches!(bytes[i - 1], b'\n' | b'\r');
        if line_start
            && bytes[i].is_ascii_digit()
            && let Some((num, j)) = number_at(bytes, i)
        {
            let mut k = j;
            while k < bytes.len() && is_space(bytes[k]) {
                k += 1;
            }
            if k > j
                && let Some((generation, l)) = number_at(bytes, k)
            {
                let mut m = l;
                while m < bytes.len() && is_space(bytes[m]) {
                    m += 1;
                }
                if m > l
                    && bytes[m..].starts_with(b"obj")
                    && let (Ok(num), Ok(generation)) = (u32::try_from(num), u16::try_from(generation))
                {
                    found.push((num, generation, i));
                    i = m + 3;
                    continue;
                }
            }
        }
        i += 1;
    }
    found
}

/// The last `/Key N G R` in the file (a reference from a trailer or an xref stream).
fn last_reference(bytes: &[u8], key: &[u8]) -> Option<(u32, u16)> {
    let mut best = None;
    let mut from = 0;
    while let Some(pos) = bytes[from..].windows(key.len()).position(|w| w == key) {
        let at = from + pos + key.len();
        from = at;
        // Exactly the key: `/Root`, not `/RootX`.
        if bytes.get(at).is_some_and(u8::is_ascii_alphanumeric) {
            continue;
        }
        let mut i = at;
        while i < bytes.len() && is_space(bytes[i]) {
            i += 1;
        }
        let Some((num, j)) = number_at(bytes, i) else { continue };
        let mut k = j;
        while k < bytes.len() && is_space(bytes[k]) {
            k += 1;
        }
        let Some((generation, l)) = number_at(bytes, k) else { continue };
        let mut m = l;
        while m < bytes.len() && is_space(bytes[m]) {
            m += 1;
        }
        if bytes.get(m) == Some(&b'R')
            && let (Ok(num), Ok(generation)) = (u32::try_from(num), u16::try_from(generation))
        {
            best = Some((num, generation));
        }
    }
    best
}

/// The last `/ID [<...><...>]` in the file, verbatim.
fn last_id(bytes: &[u8]) -> Option<&[u8]> {
    let pos = bytes.windows(3).rposition(|w| w == b"/ID")?;
    let end = pos + bytes[pos..].iter().take(200).position(|b| *b == b']')?;
    let slice = &bytes[pos..=end];
    slice.contains(&b'[').then_some(slice)
}

fn find(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    hay.get(from..)?.windows(needle.len()).position(|w| w == needle).map(|p| p + from)
}

/// `head` (an object up to its `stream` keyword) with `/Length` set to `length`.
fn with_length(head: &[u8], length: usize) -> Vec<u8> {
    let mut from = 0;
    while let Some(at) = find(head, b"/Length", from) {
        let after = at + b"/Length".len();
        from = after;
        if head.get(after).is_some_and(u8::is_ascii_alphanumeric) {
            continue; // `/Length1` of an embedded font
        }
        // The value: `N` or `N G R`.
        let skip = |mut i: usize| {
            while i < head.len() && is_space(head[i]) {
                i += 1;
            }
            i
        };
        let Some((_, mut end)) = number_at(head, skip(after)) else { continue };
        if let Some((_, j)) = number_at(head, skip(end))
            && head.get(skip(j)) == Some(&b'R')
        {
            end = skip(j) + 1;
        }
        let mut out = head[..after].to_vec();
        out.extend_from_slice(format!(" {length}").as_bytes());
        out.extend_from_slice(&head[end..]);
        return out;
    }
    match find(head, b"<<", 0) {
        Some(at) => {
            let mut out = head[..at + 2].to_vec();
            out.extend_from_slice(format!(" /Length {length} ").as_bytes());
            out.extend_from_slice(&head[at + 2..]);
            out
        }
        None => head.to_vec(),
    }
}

/// One object starting at `at`, rewritten with its true stream length, or `None` when it
/// does not end (the file was cut inside it).
fn object_bytes(body: &[u8], at: usize) -> Option<Vec<u8>> {
    let endobj = find(body, b"endobj", at);
    let stream = find(body, b"stream", at).filter(|s| endobj.is_none_or(|e| *s < e) && !body[..*s].ends_with(b"end"));
    let Some(keyword) = stream else {
        let end = endobj? + b"endobj".len();
        let mut out = body[at..end].to_vec();
        out.push(b'\n');
        return Some(out);
    };
    let mut data_start = keyword + b"stream".len();
    if body.get(data_start) == Some(&b'\r') {
        data_start += 1;
    }
    if body.get(data_start) == Some(&b'\n') {
        data_start += 1;
    }
    let endstream = find(body, b"endstream", data_start)?;
    let mut data_end = endstream;
    if data_end > data_start && body[data_end - 1] == b'\n' {
        data_end -= 1;
    }
    if data_end > data_start && body[data_end - 1] == b'\r' {
        data_end -= 1;
    }
    let mut out = with_length(&body[at..keyword], data_end - data_start);
    out.extend_from_slice(b"stream\n");
    out.extend_from_slice(&body[data_start..data_end]);
    out.extend_from_slice(b"\nendstream\nendobj\n");
    Some(out)
}

/// The file rewritten from the objects found in it: each object once (the last definition
/// wins, as after incremental updates), stream lengths measured, a fresh cross-reference
/// table and trailer. `None` when no object was found. The catalog is the last `/Root`
/// reference in the file; when there is none the caller has to find the catalog among the
/// objects (see [`find_catalog`]).
#[must_use]
pub fn rebuild_xref(bytes: &[u8]) -> Option<Vec<u8>> {
    let base = bytes.windows(5).position(|w| w == b"%PDF-")?;
    let body = &bytes[base..];
    let mut table: std::collections::BTreeMap<u32, (u16, usize)> = std::collections::BTreeMap::new();
    for (num, generation, offset) in object_starts(body) {
        table.insert(num, (generation, offset));
    }
    let header_end = body.iter().position(|b| *b == b'\n' || *b == b'\r').unwrap_or(body.len()).min(16);
    let mut out = body[..header_end].to_vec();
    out.extend_from_slice(b"\n%\xe2\xe3\xcf\xd3\n");
    let mut offsets: std::collections::BTreeMap<u32, (u16, usize)> = std::collections::BTreeMap::new();
    for (num, (generation, at)) in &table {
        if let Some(object) = object_bytes(body, *at) {
            offsets.insert(*num, (*generation, out.len()));
            out.extend_from_slice(&object);
        }
    }
    if offsets.is_empty() {
        return None;
    }
    let size = offsets.keys().next_back().map_or(1, |n| n + 1);
    let xref_at = out.len();
    let mut xref = format!("xref\n0 {size}\n");
    for n in 0..size {
        match offsets.get(&n) {
            Some((generation, offset)) => {
                let _ = writeln!(xref, "{offset:010} {generation:05} n ");
            }
            None => xref.push_str("0000000000 65535 f \n"),
        }
    }
    let _ = write!(xref, "trailer\n<< /Size {size}");
    for key in [&b"/Root"[..], b"/Info", b"/Encrypt"] {
        if let Some((n, g)) = last_reference(body, key) {
            let _ = write!(xref, " {} {n} {g} R", String::from_utf8_lossy(key));
        }
    }
    out.extend_from_slice(xref.as_bytes());
    if let Some(id) = last_id(body) {
        out.push(b' ');
        out.extend_from_slice(id);
    }
    out.extend_from_slice(format!(" >>\nstartxref\n{xref_at}\n%%EOF\n").as_bytes());
    Some(out)
}

/// Points the trailer at a catalog found among the objects when its own `/Root` is missing
/// or does not lead to one. Returns whether the document now has a catalog.
pub fn find_catalog(doc: &mut pdf_extract::Document) -> bool {
    let has_root = doc
        .trailer
        .get(b"Root")
        .and_then(pdf_extract::Object::as_reference)
        .and_then(|r| doc.get_dictionary(r))
        .is_ok_and(|d| d.has_type(b"Catalog"));
    if has_root {
        return true;
    }
    let catalog = doc
        .objects
        .iter()
        .filter(|(_, o)| o.as_dict().is_ok_and(|d| d.has_type(b"Catalog") && d.has(b"Pages")))
        .map(|(id, _)| *id)
        .next_back();
    match catalog {
        Some(id) => {
            doc.trailer.set("Root", pdf_extract::Object::Reference(id));
            true
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SMALL: &[u8] = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>\nendobj\nxref\n0 4\n0000000000 65535 f \n0000000999 00000 n \n0000000999 00000 n \n0000000999 00000 n \ntrailer\n<< /Size 4 /Root 1 0 R >>\nstartxref\n99999\n%%EOF\n";

    #[test]
    fn objects_are_found_at_line_starts_only() {
        let starts = object_starts(SMALL);
        assert_eq!(starts.iter().map(|s| s.0).collect::<Vec<_>>(), vec![1, 2, 3]);
        assert_eq!(&SMALL[starts[1].2..starts[1].2 + 7], b"2 0 obj");
        // "2 0 R" inside a dictionary is not an object start.
        assert!(object_starts(b"<< /Pages 2 0 obj >>").is_empty());
    }

    #[test]
    fn a_wrong_table_is_rebuilt_and_the_file_loads() {
        assert!(pdf_extract::Document::load_mem(SMALL).is_err(), "the table in SMALL points nowhere");
        let fixed = rebuild_xref(SMALL).unwrap();
        let mut doc = pdf_extract::Document::load_mem(&fixed).unwrap();
        assert!(find_catalog(&mut doc));
        assert_eq!(doc.get_pages().len(), 1);
    }

    #[test]
    fn a_missing_root_is_found_among_the_objects() {
        let no_trailer = &SMALL[..SMALL.windows(4).position(|w| w == b"xref").unwrap()];
        assert!(looks_truncated(no_trailer));
        assert!(!looks_truncated(SMALL));
        let fixed = rebuild_xref(no_trailer).unwrap();
        let mut doc = pdf_extract::Document::load_mem(&fixed).unwrap();
        assert!(find_catalog(&mut doc));
        assert_eq!(doc.get_pages().len(), 1);
    }

    #[test]
    fn wrong_stream_lengths_are_measured_again() {
        let file = b"%PDF-1.4\n1 0 obj\n<< /Length 2 0 R /Length1 7 >>\nstream\nabcdef\nendstream\nendobj\n2 0 obj\n99\nendobj\n";
        let fixed = rebuild_xref(file).unwrap();
        let text = String::from_utf8_lossy(&fixed);
        assert!(text.contains("<< /Length 6 /Length1 7 >>\nstream\nabcdef\nendstream"), "{text}");
        assert_eq!(with_length(b"<< /Filter /X >>", 3), b"<< /Length 3  /Filter /X >>");
        // An object cut off inside its stream is left out.
        assert_eq!(object_bytes(b"1 0 obj\n<< /Length 9 >>\nstream\nabc", 0), None);
    }

    #[test]
    fn references_and_ids_are_read_exactly() {
        let b = b"<< /RootX 9 0 R /Root 4 0 R /ID [<AB><CD>] >>";
        assert_eq!(last_reference(b, b"/Root"), Some((4, 0)));
        assert_eq!(last_id(b), Some(&b"/ID [<AB><CD>]"[..]));
        assert_eq!(rebuild_xref(b"no header"), None);
    }
}
