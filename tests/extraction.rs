//! Extraction of crafted PDFs for what the shared corpus does not hold: fonts as TCPDF
//! writes them for Japanese (a predefined CJK `CMap`, no `ToUnicode`).

use crate::crafted::{latin_and_japanese, latin_and_japanese_by_cid};
use crate::support::exe;
use befits_coder::pdf::{WorkerLimits, extract_isolated};

#[test]
fn latin_and_japanese_text_in_a_predefined_cmap_is_read() {
    let latin = "Task sharing in mental health care";
    let japanese = "精神保健の研究と実践";
    let pdf = latin_and_japanese(latin, japanese);
    let x = extract_isolated(&exe(), &pdf, None, &WorkerLimits::default()).unwrap();
    assert_eq!(x.pages.len(), 1);
    assert!(x.pages[0].contains(latin), "{:?}", x.pages[0]);
    assert!(x.pages[0].contains(japanese), "{:?}", x.pages[0]);
    assert!(x.warnings.is_empty(), "{:?}", x.warnings);
    // And so does poppler, when it is there (with poppler-data for the CMap).
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ja.pdf");
    std::fs::write(&path, &pdf).unwrap();
    if let Some(reference) = crate::support::pdftotext(&path) {
        assert!(crate::support::word_recall(&reference, &x.pages[0]) >= 0.99, "{reference:?}");
    }
}

#[test]
fn japanese_by_cid_without_a_unicode_map_is_read_through_its_collection() {
    let japanese = "精神保健の研究と実践";
    let pdf = latin_and_japanese_by_cid("Task sharing", japanese);
    let x = extract_isolated(&exe(), &pdf, None, &WorkerLimits::default()).unwrap();
    assert!(x.pages[0].contains("Task sharing") && x.pages[0].contains(japanese), "{:?}", x.pages[0]);
}

/// A page whose content stream is damaged keeps what can be read past the damage, as poppler
/// and `MuPDF` read it, and is listed as read only in part: an `ASCIIHexDecode` stream with
/// overwritten bytes reads them as zero digits (so the digits after them keep their pairs),
/// and a stray `)` in the content is skipped rather than ending the page there.
#[test]
fn a_damaged_content_stream_is_read_past_its_damage() {
    use befits_coder::pdf::Warning;
    use std::fmt::Write as _;
    let hex = |b: &[u8]| {
        b.iter().fold(String::new(), |mut s, b| {
            let _ = write!(s, "{b:02X}");
            s
        })
    };
    // "Tj" and "0" are separated by a space (20); a damaged copy overwrites it with two
    // bytes that are no digits, read as one NUL byte: white space to the content parser.
    let content = b"BT /F1 11 Tf 72 720 Td (Before the damage) Tj 0 -14 Td (after the damage) Tj ET";
    let sound = hex(content);
    let at = sound.find("546A20").unwrap() + 4;
    let mut damaged = sound.as_bytes().to_vec();
    damaged.splice(at..at + 2, [0xEE, b'?']);
    damaged.push(b'>');
    let stray = b"BT /F1 11 Tf 72 720 Td (Before the stray) Tj ) 0 -14 Td (after the stray) Tj ET".to_vec();
    let clean = crate::crafted::text_content(&["A sound page"]);
    let pdf = crate::crafted::pages_pdf(
        &[("/Filter /ASCIIHexDecode".into(), damaged), (String::new(), stray), (String::new(), clean)],
        None,
    );
    let x = extract_isolated(&exe(), &pdf, None, &WorkerLimits::default()).unwrap();
    for (page, words) in [(0, ["Before the damage", "after the damage"]), (1, ["Before the stray", "after the stray"])]
    {
        for w in words {
            assert!(x.pages[page].contains(w), "page {}: {w:?} in {:?}", page + 1, x.pages[page]);
        }
    }
    assert!(x.pages[2].contains("A sound page"));
    assert!(x.warnings.contains(&Warning::PartlyReadPages { pages: vec![1, 2] }), "{:?}", x.warnings);
    let note = x.warnings.iter().find_map(Warning::page_note);
    assert_eq!(note, Some((&[1, 2][..], "damaged, partly read")));
}
