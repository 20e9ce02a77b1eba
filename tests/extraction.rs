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
