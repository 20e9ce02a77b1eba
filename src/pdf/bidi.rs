//! Right-to-left text (Arabic, Hebrew, Persian, Urdu) in reading order.
//!
//! A PDF draws glyphs where they appear on the page; writers of right-to-left text usually
//! draw each run of it from left to right, so the order of the content stream is the reverse
//! of the order it is read in. Line by line, each run of right-to-left letters (with the
//! spaces and punctuation between them) that is drawn left to right is turned around, with
//! its glyph boxes, and mirrored brackets are swapped. Where the runs of a right-to-left line
//! are themselves drawn left to right (a fully visual line), the whole line is turned around
//! and its left-to-right runs (Latin words, numbers) turned back. Numbers and Latin words keep
//! their own order either way.

use super::types::GlyphBox;
use unicode_bidi::{BidiClass, bidi_class};

/// How a glyph reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Dir {
    Rtl,
    Ltr,
    /// Digits: left to right, but no direction of their own for the line.
    Number,
    Neutral,
}

fn dir_of(text: &str) -> Dir {
    let Some(c) = text.chars().next() else { return Dir::Neutral };
    match bidi_class(c) {
        BidiClass::R | BidiClass::AL => Dir::Rtl,
        BidiClass::L => Dir::Ltr,
        BidiClass::EN | BidiClass::AN => Dir::Number,
        _ => Dir::Neutral,
    }
}

fn is_rtl_char(c: char) -> bool {
    matches!(bidi_class(c), BidiClass::R | BidiClass::AL)
}

/// A piece of a line: a glyph (index into the page's glyphs) or text between glyphs.
#[derive(Clone, Debug)]
enum Token {
    Glyph(usize),
    Gap(String),
}

fn mirror(text: &str) -> Option<&'static str> {
    Some(match text {
        "(" => ")",
        ")" => "(",
        "[" => "]",
        "]" => "[",
        "{" => "}",
        "}" => "{",
        "<" => ">",
        ">" => "<",
        "«" => "»",
        "»" => "«",
        _ => return None,
    })
}

/// Puts the right-to-left runs of a page in reading order (see the module). `glyphs` are in
/// text order and cover bytes of `text`; both are rewritten together.
pub(super) fn logical_order(text: &mut String, glyphs: &mut Vec<GlyphBox>) {
    // Right-to-left scripts start at U+0590: most pages are done with a cheap look.
    if !text.chars().any(|c| c >= '\u{590}' && is_rtl_char(c)) {
        return;
    }
    // The page as tokens, and each glyph's text.
    let mut tokens: Vec<Token> = Vec::with_capacity(glyphs.len() * 2);
    let mut pieces: Vec<String> = Vec::with_capacity(glyphs.len());
    let mut at = 0usize;
    for (i, g) in glyphs.iter().enumerate() {
        let (start, end) = (g.start as usize, g.end as usize);
        if start > at {
            tokens.push(Token::Gap(text.get(at..start).unwrap_or_default().to_owned()));
        }
        pieces.push(text.get(start..end).unwrap_or_default().to_owned());
        tokens.push(Token::Glyph(i));
        at = end.max(at);
    }
    if at < text.len() {
        tokens.push(Token::Gap(text[at..].to_owned()));
    }
    let centre = |i: usize| f32::midpoint(glyphs[i].x0, glyphs[i].x1);
    let dirs: Vec<Dir> = pieces.iter().map(|p| dir_of(p)).collect();

    // Line by line (a gap with a line break ends a line).
    let mut ordered: Vec<Token> = Vec::with_capacity(tokens.len());
    let mut line: Vec<Token> = Vec::new();
    let mut turned: Vec<usize> = Vec::new();
    let mut flush = |line: &mut Vec<Token>, ordered: &mut Vec<Token>| {
        order_line(line, &dirs, glyphs, &centre, &mut turned);
        ordered.append(line);
    };
    for t in tokens {
        match &t {
            Token::Gap(g) if g.contains('\n') => {
                flush(&mut line, &mut ordered);
                ordered.push(t);
            }
            _ => line.push(t),
        }
    }
    flush(&mut line, &mut ordered);
    // A bracket drawn in a turned run shows its mirror image: "(" on the page closes.
    for i in turned {
        if let Some(m) = mirror(&pieces[i]) {
            m.clone_into(&mut pieces[i]);
        }
    }

    // Rebuild the text and the boxes in the new order.
    let mut new_text = String::with_capacity(text.len());
    let mut new_glyphs = Vec::with_capacity(glyphs.len());
    for t in ordered {
        match t {
            Token::Gap(g) => new_text.push_str(&g),
            Token::Glyph(i) => {
                let mut g = glyphs[i];
                g.start = u32::try_from(new_text.len()).unwrap_or(u32::MAX);
                new_text.push_str(&pieces[i]);
                g.end = u32::try_from(new_text.len()).unwrap_or(u32::MAX);
                new_glyphs.push(g);
            }
        }
    }
    *text = new_text;
    *glyphs = new_glyphs;
}

/// A word of a line: glyphs drawn next to each other (no gap between them in the stream),
/// all of one direction (neutrals go with the glyph before them).
struct Word {
    glyphs: Vec<usize>,
    rtl: bool,
    /// Whether it has only punctuation and symbols so far (it takes the direction of the
    /// first letter that joins it).
    neutral: bool,
    /// Whether a gap (a space) followed it in the stream.
    gap_after: bool,
    /// Position in the stream, to tell which words were drawn side by side.
    index: usize,
}

/// Splits a line into words. Glyphs with no gap between them in the text but drawn apart
/// on the page (a full stop drawn on its own at the far end of a right-to-left line) are
/// separate words.
fn words(line: &[Token], dirs: &[Dir], boxes: &[GlyphBox]) -> Vec<Word> {
    let mut out: Vec<Word> = Vec::new();
    let mut joined = false;
    let apart = |a: usize, b: usize| {
        let (a, b) = (&boxes[a], &boxes[b]);
        let gap = (a.x0.max(b.x0) - a.x1.min(b.x1)).max(0.0);
        gap > 0.5 * (a.y1 - a.y0).abs().max((b.y1 - b.y0).abs())
    };
    for t in line {
        match t {
            Token::Gap(_) => {
                if let Some(w) = out.last_mut() {
                    w.gap_after = true;
                }
                joined = false;
            }
            Token::Glyph(i) => {
                let d = dirs[*i];
                let same_word = joined
                    && out.last().is_some_and(|w| w.glyphs.last().is_none_or(|&p| !apart(p, *i)))
                    && out.last().is_some_and(|w| match d {
                        Dir::Neutral => true,
                        _ if w.neutral => true,
                        Dir::Rtl => w.rtl,
                        Dir::Ltr | Dir::Number => !w.rtl,
                    });
                match out.last_mut() {
                    Some(w) if same_word => {
                        w.glyphs.push(*i);
                        if w.neutral && d != Dir::Neutral {
                            w.neutral = false;
                            w.rtl = d == Dir::Rtl;
                        }
                    }
                    _ => {
                        let index = out.len();
                        let neutral = d == Dir::Neutral;
                        out.push(Word { glyphs: vec![*i], rtl: d == Dir::Rtl, neutral, gap_after: false, index });
                    }
                }
                joined = true;
            }
        }
    }
    out
}

/// The glyphs of the tokens.
fn glyphs_of(tokens: &[Token]) -> impl Iterator<Item = usize> + '_ {
    tokens.iter().filter_map(|t| if let Token::Glyph(i) = t { Some(*i) } else { None })
}

/// Orders one line (see the module); the glyphs of right-to-left words, whose brackets show
/// mirrored, go to `turned`.
fn order_line(
    line: &mut Vec<Token>,
    dirs: &[Dir],
    boxes: &[GlyphBox],
    centre: &dyn Fn(usize) -> f32,
    turned: &mut Vec<usize>,
) {
    let (rtl, ltr) = glyphs_of(line).fold((0usize, 0usize), |(r, l), i| match dirs[i] {
        Dir::Rtl => (r + 1, l),
        Dir::Ltr => (r, l + 1),
        _ => (r, l),
    });
    if rtl == 0 {
        return;
    }
    let mut ws = words(line, dirs, boxes);
    // Punctuation on its own takes the line's direction.
    for w in ws.iter_mut().filter(|w| w.neutral) {
        w.rtl = rtl > ltr;
    }
    let right = |w: &Word| w.glyphs.iter().map(|&i| centre(i)).fold(f32::MIN, f32::max);
    // Right-to-left words read from their rightmost glyph.
    for w in ws.iter_mut().filter(|w| w.rtl) {
        w.glyphs.sort_by(|a, b| centre(*b).total_cmp(&centre(*a)));
        turned.extend(&w.glyphs);
    }
    if rtl > ltr {
        // A right-to-left line reads from its right end; its left-to-right stretches (Latin
        // words, numbers) keep their own order.
        ws.sort_by(|a, b| right(b).total_cmp(&right(a)));
        let mut k = 0;
        while k < ws.len() {
            let run = ws[k..].iter().take_while(|w| !w.rtl).count();
            ws[k..k + run].reverse();
            k += run.max(1);
        }
    } else {
        // A left-to-right line: each stretch of right-to-left words reads from its right.
        let mut k = 0;
        while k < ws.len() {
            let run = ws[k..].iter().take_while(|w| w.rtl).count();
            ws[k..k + run].sort_by(|a, b| right(b).total_cmp(&right(a)));
            k += run.max(1);
        }
    }
    // The line again: words drawn side by side stay joined, others get one space.
    let mut out: Vec<Token> = Vec::with_capacity(line.len());
    for (n, w) in ws.iter().enumerate() {
        if n > 0 {
            let prev = &ws[n - 1];
            let adjacent =
                (prev.index + 1 == w.index && !prev.gap_after) || (w.index + 1 == prev.index && !w.gap_after);
            if !adjacent {
                out.push(Token::Gap(" ".to_owned()));
            }
        }
        out.extend(w.glyphs.iter().map(|&i| Token::Glyph(i)));
    }
    *line = out;
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A line of glyphs, one per character, placed left to right from x = 0 in the order
    /// given (spaces are gaps, not glyphs).
    fn page(drawn: &str) -> (String, Vec<GlyphBox>) {
        let mut text = String::new();
        let mut glyphs = Vec::new();
        let mut x = 0.0;
        for c in drawn.chars() {
            if c == ' ' || c == '\n' {
                text.push(c);
                if c == '\n' {
                    x = 0.0;
                }
                continue;
            }
            let start = u32::try_from(text.len()).unwrap();
            text.push(c);
            let end = u32::try_from(text.len()).unwrap();
            glyphs.push(GlyphBox { start, end, x0: x, y0: 0.0, x1: x + 5.0, y1: 10.0 });
            x += 6.0;
        }
        (text, glyphs)
    }

    fn reorder(drawn: &str) -> String {
        let (mut text, mut glyphs) = page(drawn);
        logical_order(&mut text, &mut glyphs);
        for g in &glyphs {
            assert!(text.is_char_boundary(g.start as usize) && g.end > g.start);
        }
        assert!(glyphs.windows(2).all(|w| w[0].end <= w[1].start), "boxes in text order");
        text
    }

    #[test]
    fn latin_text_is_untouched() {
        assert_eq!(reorder("Task sharing in 2023."), "Task sharing in 2023.");
    }

    #[test]
    fn a_right_to_left_run_drawn_left_to_right_is_turned_around() {
        // "سلام عليكم" drawn as it appears: its last letter leftmost.
        let drawn: String = "سلام عليكم".chars().rev().collect();
        assert_eq!(reorder(&drawn), "سلام عليكم");
    }

    #[test]
    fn latin_words_and_numbers_in_arabic_keep_their_order() {
        // As Word writes a right-to-left line: the runs in reading order, the Arabic one at
        // the right of the line but drawn left to right, the Latin one at the left.
        let arabic: String = "البرمجة بلغة".chars().rev().collect();
        let (mut text, mut glyphs) = page(&format!("{arabic} R Python 2023"));
        let arabic_glyphs = arabic.chars().filter(|c| *c != ' ').count();
        for (i, g) in glyphs.iter_mut().enumerate() {
            let shift = if i < arabic_glyphs { 200.0 } else { 0.0 };
            g.x0 += shift;
            g.x1 += shift;
        }
        logical_order(&mut text, &mut glyphs);
        assert_eq!(text, "البرمجة بلغة R Python 2023");
        // A fully visual line (every glyph left to right) reads right to left as a whole.
        assert_eq!(reorder(&format!("R Python 2023 {arabic}")), "البرمجة بلغة R Python 2023");
    }

    #[test]
    fn brackets_of_a_turned_run_are_mirrored_and_a_visual_line_is_read_right_to_left() {
        // "(نص)" drawn left to right shows ")" leftmost as "(" glyph shapes mirrored.
        let drawn: String =
            "(نص)".chars().rev().map(|c| mirror(&c.to_string()).map_or(c, |m| m.chars().next().unwrap())).collect();
        assert_eq!(reorder(&drawn), "(نص)");
        // A fully visual line: "أول 12 ثاني" reads right to left, the number left to right.
        let visual =
            format!("{} 12 {}", "ثاني".chars().rev().collect::<String>(), "أول".chars().rev().collect::<String>());
        assert_eq!(reorder(&visual), "أول 12 ثاني");
    }

    #[test]
    fn text_already_in_reading_order_stays() {
        // Drawn right to left: the first letter has the largest x.
        let (mut text, mut glyphs) = page("سلام");
        let n = glyphs.len();
        for (i, g) in glyphs.iter_mut().enumerate() {
            let x = (n - i) as f32 * 6.0;
            g.x0 = x;
            g.x1 = x + 5.0;
        }
        logical_order(&mut text, &mut glyphs);
        assert_eq!(text, "سلام");
    }
}
