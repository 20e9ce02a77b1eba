//! Text recognition (OCR) of pages that have no text layer, with Tesseract. A page is drawn
//! at 300 dpi by the same renderer as the page view, Tesseract reads the picture and gives
//! every word with its box, and the words become the page text with a box for every
//! character, in PDF user space like the glyph boxes of a born-digital page, so highlights
//! and selection work on a scanned page exactly as on any other. Runs in the extraction
//! worker; Tesseract itself is a process of its own.

use super::collector::CollectedPage;
use super::error::PdfError;
use super::render::{Affine, PageRenderer};
use super::types::{GlyphBox, PageLayout};
use crate::model::text::normalize_fragment;
use serde::{Deserialize, Serialize};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Resolution of the pictures Tesseract reads (its own recommendation for print).
const DPI: f32 = 300.0;
/// Longest wait for Tesseract on one page.
const PAGE_TIMEOUT: Duration = Duration::from_mins(3);
/// Most bytes of Tesseract's answer read for one page.
const MAX_TSV: u64 = 64 << 20;

/// What to recognise, and how.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OcrRequest {
    /// Tesseract's language code(s), such as `eng` or `fra+eng`.
    pub language: String,
    /// The pages (from 0) to recognise; `None`: every page without text.
    pub pages: Option<Vec<usize>>,
    /// The Tesseract program.
    pub tesseract: PathBuf,
}

impl OcrRequest {
    /// Every page without text, in `language`, with the `tesseract` on the search path.
    #[must_use]
    pub fn pages_without_text(language: &str) -> Self {
        Self { language: language.to_owned(), pages: None, tesseract: PathBuf::from("tesseract") }
    }
}

/// How to install Tesseract, for messages.
pub const INSTALL_HINT: &str = "install Tesseract with scripts/install-system-deps.sh (Debian and Ubuntu packages tesseract-ocr and tesseract-ocr-<language>)";

/// Whether `language` is a well-formed Tesseract language code (letters, digits, `_`, `+`
/// to combine languages): never passed on unless it is.
#[must_use]
pub fn valid_language(language: &str) -> bool {
    !language.is_empty()
        && language.len() <= 64
        && language.split('+').all(|l| !l.is_empty() && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
}

/// The languages Tesseract has data for (`tesseract --list-langs`), without its script-
/// detection pseudo-language `osd`.
///
/// # Errors
/// Tesseract is not installed or does not answer.
pub fn languages(tesseract: &Path) -> Result<Vec<String>, PdfError> {
    let out = Command::new(tesseract)
        .arg("--list-langs")
        .stdin(Stdio::null())
        .output()
        .map_err(|e| PdfError::OcrUnavailable(format!("{} ({e}); {INSTALL_HINT}", tesseract.display())))?;
    // Older versions print the list on stderr.
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    let mut langs: Vec<String> = text
        .lines()
        .skip_while(|l| !l.starts_with("List of available languages"))
        .skip(1)
        .map(str::trim)
        .filter(|l| valid_language(l) && *l != "osd")
        .map(str::to_owned)
        .collect();
    langs.sort();
    if langs.is_empty() {
        return Err(PdfError::OcrUnavailable(format!("Tesseract has no language data; {INSTALL_HINT}")));
    }
    Ok(langs)
}

/// The inverse of an affine map, if it has one.
fn invert(t: &Affine) -> Option<Affine> {
    let [a, b, c, d, e, f] = *t;
    let det = a * d - b * c;
    if det.abs() < 1e-12 || !det.is_finite() {
        return None;
    }
    Some([d / det, -b / det, -c / det, a / det, (c * f - d * e) / det, (b * e - a * f) / det])
}

/// One word Tesseract found, in pixels of the picture.
#[derive(Clone, Debug, PartialEq)]
struct Word {
    block: u32,
    paragraph: u32,
    line: u32,
    left: f64,
    top: f64,
    width: f64,
    height: f64,
    text: String,
}

/// The words of Tesseract's TSV output, in reading order.
fn parse_tsv(tsv: &str) -> Vec<Word> {
    let mut words = Vec::new();
    for row in tsv.lines().skip(1) {
        let cells: Vec<&str> = row.splitn(12, '\t').collect();
        let [level, _page, block, paragraph, line, _word, left, top, width, height, conf, text] = cells[..] else {
            continue;
        };
        let text = text.trim();
        if level != "5" || text.is_empty() || conf.trim().starts_with('-') {
            continue;
        }
        let n = |s: &str| s.trim().parse::<f64>().ok();
        let m = |s: &str| s.trim().parse::<u32>().ok();
        if let (Some(block), Some(paragraph), Some(line), Some(left), Some(top), Some(width), Some(height)) =
            (m(block), m(paragraph), m(line), n(left), n(top), n(width), n(height))
        {
            words.push(Word { block, paragraph, line, left, top, width, height, text: text.to_owned() });
        }
    }
    words
}

/// Page text and a box for each character (in PDF user space, through `to_user` from the
/// picture's pixels) from Tesseract's words: a space between words, a line break between
/// lines, a blank line between paragraphs, and a word hyphenated at a line's end joined.
fn page_from_words(words: &[Word], to_user: &Affine, size: (f32, f32)) -> CollectedPage {
    let mut text = String::new();
    let mut glyphs: Vec<GlyphBox> = Vec::new();
    let mut prev: Option<&Word> = None;
    for w in words {
        let fragment = normalize_fragment(&w.text);
        if fragment.is_empty() {
            continue;
        }
        if let Some(p) = prev {
            if (p.block, p.paragraph) != (w.block, w.paragraph) {
                text.push_str("\n\n");
            } else if p.line != w.line {
                let joins = fragment.chars().next().is_some_and(char::is_lowercase)
                    && text.ends_with('-')
                    && text[..text.len() - 1].chars().next_back().is_some_and(char::is_alphabetic);
                if joins {
                    text.pop();
                    if let Some(g) = glyphs.last()
                        && g.end as usize > text.len()
                    {
                        glyphs.pop();
                    }
                } else {
                    text.push('\n');
                }
            } else {
                text.push(' ');
            }
        }
        // Each character gets an equal share of the word's box.
        let n = fragment.chars().count().max(1);
        #[allow(clippy::cast_precision_loss)]
        let share = w.width / n as f64;
        for (k, c) in fragment.chars().enumerate() {
            #[allow(clippy::cast_precision_loss)]
            let x0 = w.left + share * k as f64;
            let (ax, ay) = super::render::apply(to_user, x0, w.top);
            let (bx, by) = super::render::apply(to_user, x0 + share, w.top + w.height);
            let start = u32::try_from(text.len()).unwrap_or(u32::MAX);
            text.push(c);
            let end = u32::try_from(text.len()).unwrap_or(u32::MAX);
            #[allow(clippy::cast_possible_truncation)]
            glyphs.push(GlyphBox {
                start,
                end,
                x0: ax.min(bx) as f32,
                y0: ay.min(by) as f32,
                x1: ax.max(bx) as f32,
                y1: ay.max(by) as f32,
            });
        }
        prev = Some(w);
    }
    CollectedPage { text, layout: PageLayout { width: size.0, height: size.1, glyphs } }
}

/// Runs Tesseract on a PNG file and returns its TSV answer.
fn tesseract_tsv(req: &OcrRequest, png: &Path) -> Result<String, PdfError> {
    if !valid_language(&req.language) {
        return Err(PdfError::OcrFailed(format!("“{}” is not a Tesseract language code", req.language)));
    }
    let mut child = Command::new(&req.tesseract)
        .arg(png)
        .arg("stdout")
        .args(["-l", &req.language, "tsv"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| PdfError::OcrUnavailable(format!("{} ({e}); {INSTALL_HINT}", req.tesseract.display())))?;
    // Read the answer on a thread while waiting with a time limit.
    let stdout = child.stdout.take();
    let reader = std::thread::spawn(move || {
        let mut tsv = String::new();
        if let Some(out) = stdout {
            let _ = out.take(MAX_TSV).read_to_string(&mut tsv);
        }
        tsv
    });
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if started.elapsed() > PAGE_TIMEOUT => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(PdfError::OcrFailed(format!(
                    "recognising the page took longer than {} s",
                    PAGE_TIMEOUT.as_secs()
                )));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(20)),
            Err(e) => return Err(PdfError::OcrFailed(e.to_string())),
        }
    };
    let tsv = reader.join().unwrap_or_default();
    if status.success() {
        return Ok(tsv);
    }
    let mut err = String::new();
    if let Some(mut e) = child.stderr.take() {
        let _ = (&mut e).take(64 * 1024).read_to_string(&mut err);
    }
    let last = err.lines().rev().find(|l| !l.trim().is_empty()).unwrap_or("no reason given").trim().to_owned();
    if err.contains("Failed loading language") || err.contains("Error opening data file") {
        return Err(PdfError::OcrUnavailable(format!("Tesseract has no data for “{}”; {INSTALL_HINT}", req.language)));
    }
    Err(PdfError::OcrFailed(last))
}

/// Recognises page `index` (from 0) of an open document. `dir` is a folder for the picture.
///
/// # Errors
/// The page cannot be drawn, or Tesseract is missing or fails.
pub(super) fn recognise_page(
    renderer: &PageRenderer,
    index: usize,
    req: &OcrRequest,
    dir: &Path,
) -> Result<CollectedPage, PdfError> {
    let size = renderer.page_size(index).unwrap_or((612.0, 792.0));
    let scale = super::page_worker::bounded_scale(size, DPI / 72.0);
    let picture = renderer.render(index, scale)?;
    let png = dir.join(format!("page-{index}.png"));
    std::fs::write(&png, picture.to_png()?).map_err(|e| PdfError::Io(e.to_string()))?;
    let tsv = tesseract_tsv(req, &png);
    let _ = std::fs::remove_file(&png);
    let words = parse_tsv(&tsv?);
    let to_user = invert(&picture.transform)
        .ok_or_else(|| PdfError::OcrFailed("the page cannot be mapped back from its picture".into()))?;
    // The page's media box size in user space, as the text extractors give it.
    let (w, h) = (size.0, size.1);
    Ok(page_from_words(&words, &to_user, (w, h)))
}

#[cfg(test)]
mod tests {
    use super::*;

    const TSV: &str = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext
1\t1\t0\t0\t0\t0\t0\t0\t800\t1000\t-1\t
5\t1\t1\t1\t1\t1\t100\t100\t80\t20\t95.1\tTask
5\t1\t1\t1\t1\t2\t190\t100\t90\t20\t96.0\tshar-
5\t1\t1\t1\t2\t1\t100\t130\t40\t20\t91.0\ting
5\t1\t1\t1\t2\t2\t150\t130\t40\t20\t-1\t
5\t1\t1\t1\t2\t3\t200\t130\t60\t20\t90.0\tworks
5\t1\t2\t1\t1\t1\t100\t200\t60\t20\t90.0\tNext
";

    #[test]
    fn words_become_lines_paragraphs_and_character_boxes() {
        let words = parse_tsv(TSV);
        assert_eq!(words.len(), 5, "no blanks or non-words");
        // 2 pixels a point, y down, as a picture of a page 500 points high.
        let to_user = invert(&[2.0, 0.0, 0.0, -2.0, 0.0, 1000.0]).unwrap();
        let page = page_from_words(&words, &to_user, (400.0, 500.0));
        assert_eq!(page.text, "Task sharing works\n\nNext");
        let g = &page.layout.glyphs;
        assert_eq!(g.len(), page.text.chars().filter(|c| !c.is_whitespace()).count());
        // "T" of "Task": pixels 100..120 across, 100..120 down -> points 50..60, y 440..450.
        assert_eq!((g[0].x0, g[0].x1, g[0].y0, g[0].y1), (50.0, 60.0, 440.0, 450.0));
        assert!(g.windows(2).all(|w| w[0].end <= w[1].start));
        // "ing" continues "shar" on the next line: its "i" is boxed on that line.
        let i = g.iter().find(|b| &page.text[b.start as usize..b.end as usize] == "i").unwrap();
        assert_eq!((i.x0, i.y1), (50.0, 435.0));
    }

    #[test]
    fn language_codes_are_checked_before_use() {
        assert!(valid_language("eng") && valid_language("fra+eng") && valid_language("chi_sim"));
        assert!(
            !valid_language("") && !valid_language("eng;rm") && !valid_language("--psm") && !valid_language("eng+")
        );
    }
}
