//! Placing another tool's selections on this project's text: a text selection's range of
//! the tool's plain text is mapped into the normalised pages (or, for a PDF read by this
//! app, its quote is found in this app's reading), and a PDF area becomes the glyphs whose
//! centre is inside it.

use super::package::{ForeignSource, SourceKind};
use super::positions::PageMap;
use super::report::ImportReport;
use crate::model::text::find_all;
use crate::model::{Anchor, TextAnchor};
use std::path::PathBuf;

/// A glyph of a page as this app's PDF reader found it: the bytes of the page text it
/// produced and its box (points, top-left origin).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct GlyphRect {
    /// First byte in the page text.
    pub start: u32,
    /// One past the last byte.
    pub end: u32,
    /// Left, top, right, bottom.
    pub rect: [f32; 4],
}

/// A PDF of the package as this app read it, and where it was saved.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ExtractedPdf {
    /// Normalised text of each page.
    pub pages: Vec<String>,
    /// Glyphs of each page.
    pub glyphs: Vec<Vec<GlyphRect>>,
    /// Where the PDF's bytes were written (so the article opens in the reader).
    pub path: Option<PathBuf>,
}

/// Where each text selection of a source lands: page and byte range in `pages`.
pub(super) struct Placer<'a> {
    pub(super) pages: Vec<String>,
    /// Raw ranges mapped into the representation's pages.
    rep: Option<PageMap<'a>>,
    /// Whether `pages` are the representation's pages (else extracted ones, placed by text).
    same: bool,
    glyphs: Option<&'a [Vec<GlyphRect>]>,
    whole: Option<(usize, usize)>,
}

impl Placer<'_> {
    /// The anchor of a raw byte range of the representation.
    pub(super) fn text(&self, s: usize, e: usize) -> Result<Anchor, String> {
        if self.whole == Some((s, e)) {
            return Ok(Anchor::Document);
        }
        let rep = self.rep.as_ref().ok_or("the source has no text")?;
        let (page, a, b) = rep.place(s, e).ok_or("it crosses a page break")?;
        if self.same {
            return TextAnchor::new(&self.pages[page], page, a, b)
                .map(Anchor::Text)
                .ok_or_else(|| "it covers only white space".to_owned());
        }
        // The other tool's text of a PDF is not this app's: find the quote in ours, on the
        // same page first, nearest to where it was.
        let quote = &rep.pages[page][a..b];
        let rel = a as f64 / rep.pages[page].len().max(1) as f64;
        let mut order: Vec<usize> = (0..self.pages.len()).collect();
        order.sort_by_key(|p| p.abs_diff(page));
        for p in order {
            let text = &self.pages[p];
            let hits = find_all(text, quote);
            let best = hits.iter().min_by(|x, y| {
                let d = |h: &(usize, usize)| (h.0 as f64 / text.len().max(1) as f64 - rel).abs();
                d(x).total_cmp(&d(y))
            });
            if let Some((hs, he)) = best
                && let Some(t) = TextAnchor::new(text, p, *hs, *he)
            {
                return Ok(Anchor::Text(t));
            }
        }
        Err(format!(
            "its text (“{}”) is not in this app's reading of the PDF",
            crate::model::text::ellipsize(quote, 60)
        ))
    }

    /// The anchor of a rectangle on a page: the glyphs whose centre is inside it.
    pub(super) fn area(&self, page: i64, rect: [f64; 4]) -> Result<Anchor, String> {
        let glyphs = self.glyphs.ok_or("the PDF's page geometry is not known (the PDF could not be read)")?;
        let p = usize::try_from(page).map_err(|_| format!("page {page} does not exist"))?;
        let on_page = glyphs.get(p).ok_or_else(|| format!("page {} does not exist", p + 1))?;
        let (x0, x1) = (rect[0].min(rect[2]), rect[0].max(rect[2]));
        let (y0, y1) = (rect[1].min(rect[3]), rect[1].max(rect[3]));
        let inside: Vec<&GlyphRect> = on_page
            .iter()
            .filter(|g| {
                let cx = f64::from(g.rect[0] + g.rect[2]) / 2.0;
                let cy = f64::from(g.rect[1] + g.rect[3]) / 2.0;
                (x0..=x1).contains(&cx) && (y0..=y1).contains(&cy)
            })
            .collect();
        let start = inside.iter().map(|g| g.start as usize).min().ok_or("the area holds no text")?;
        let end = inside.iter().map(|g| g.end as usize).max().unwrap_or(start);
        let text = self.pages.get(p).ok_or("no text on that page")?;
        TextAnchor::new(text, p, start, end).map(Anchor::Text).ok_or_else(|| "the area holds no text".to_owned())
    }
}

/// How a source's selections are placed: on this app's reading of its PDF when there is one,
/// else on its own text. `None` when it has neither.
pub(super) fn placer<'a>(
    source: &'a ForeignSource,
    extracted: Option<&'a ExtractedPdf>,
    name: &str,
    report: &mut ImportReport,
) -> Option<Placer<'a>> {
    let rep = source.text.as_deref().map(PageMap::new);
    let whole = source.text.as_deref().map(|t| (usize::from(t.starts_with('\u{FEFF}')) * 3, t.len()));
    if let Some(e) = extracted {
        let same = rep.as_ref().is_some_and(|r| r.pages == e.pages);
        return Some(Placer { pages: e.pages.clone(), rep, same, glyphs: Some(&e.glyphs), whole });
    }
    if source.kind == SourceKind::Pdf {
        let why = source.problem.clone().unwrap_or_else(|| "the PDF could not be read".into());
        if rep.is_some() {
            report.problems.push(format!("“{name}”: {why}; imported as text only"));
        } else {
            report.problems.push(format!("“{name}”: {why}, and it has no text: not imported"));
        }
    } else if let Some(p) = &source.problem {
        report.problems.push(format!("“{name}”: {p}; not imported"));
    }
    let rep = rep?;
    Some(Placer { pages: rep.pages.clone(), rep: Some(rep), same: true, glyphs: None, whole })
}
