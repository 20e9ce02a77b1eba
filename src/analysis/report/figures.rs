//! The nested-domain diagram and the tally chart as SVG, written from the same layout data
//! the screen uses, and as PNG rendered from that SVG.

use crate::analysis::diagram::{DiagramLayout, URect};
use crate::analysis::{Counts, Tallies};
use crate::model::{Codebook, Level as DomainLevel};
use std::fmt::Write as _;

const FONT: &str = "DejaVu Sans, Arial, sans-serif";
const BARRIER: &str = "#D55E00";
const FACILITATOR: &str = "#0072B2";
const BOTH: &str = "#CC79A7";

fn colors(level: DomainLevel, layer: u8) -> (&'static str, &'static str) {
    match (level, layer) {
        (DomainLevel::Macro, _) => ("#E9EEF4", "#6E8096"),
        (DomainLevel::Meso, _) => ("#DCE5EE", "#64768E"),
        (DomainLevel::Micro, _) => ("#CDDBE9", "#586C86"),
        (DomainLevel::CrossLevel, 1) => ("#FFFFFF", "#2F6B6B"),
        (DomainLevel::CrossLevel, _) => ("#F4E8EE", "#8E5A73"),
    }
}

fn rect(out: &mut String, r: &URect, fill: &str, stroke: &str, width: f32, radius: f32) {
    let _ = write!(
        out,
        r#"<rect x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" rx="{radius}" fill="{fill}" stroke="{stroke}" stroke-width="{width}"/>"#,
        r.x0,
        r.y0,
        r.width(),
        r.height()
    );
}

/// The most characters of one text in a figure: names of any length are cut for drawing
/// (the data keeps them whole), so a huge name cannot stall the PNG renderer.
const MAX_FIGURE_TEXT: usize = 160;

fn text(out: &mut String, x: f32, y: f32, size: f32, fill: &str, anchor: &str, s: &str) {
    let s = crate::model::text::ellipsize(s, MAX_FIGURE_TEXT);
    let _ = write!(
        out,
        r#"<text x="{x:.1}" y="{y:.1}" font-family="{FONT}" font-size="{size}" fill="{fill}" text-anchor="{anchor}">{}</text>"#,
        crate::sink::xml(&s)
    );
}

fn balance(out: &mut String, x: f32, y: f32, w: f32, c: Counts) {
    let _ = write!(out, r##"<rect x="{x:.1}" y="{y:.1}" width="{w:.1}" height="4" fill="#E1E1E1"/>"##);
    let total = c.total();
    if total == 0 {
        return;
    }
    let mut at = x;
    for (n, color) in [(c.barrier, BARRIER), (c.both, BOTH), (c.facilitator, FACILITATOR)] {
        #[allow(clippy::cast_precision_loss)]
        let part = w * n as f32 / total as f32;
        if part > 0.0 {
            let _ = write!(out, r#"<rect x="{at:.1}" y="{y:.1}" width="{part:.1}" height="4" fill="{color}"/>"#);
        }
        at += part;
    }
}

/// Cuts a label to roughly fit a width (average glyph width ~0.55 of the font size).
fn fit(label: &str, width: f32, size: f32) -> String {
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let max = (width / (size * 0.56)).max(4.0) as usize;
    crate::model::text::ellipsize(label, max)
}

/// `label` at the largest size from `size` down to `least` at which it fits `width`, or cut
/// to fit at `least`.
fn fit_smaller(label: &str, width: f32, size: f32, least: f32) -> (String, f32) {
    #[allow(clippy::cast_precision_loss)]
    let needed = label.chars().count() as f32 * 0.56;
    let fitting = (width / needed.max(1.0)).min(size);
    if fitting >= least { (label.to_owned(), (fitting * 2.0).floor() / 2.0) } else { (fit(label, width, least), least) }
}

/// The nested-domain diagram as SVG, with each domain's and construct's counts.
#[must_use]
pub fn diagram_svg(layout: &DiagramLayout, codebook: &Codebook, tallies: &Tallies, title: &str) -> String {
    let margin = 10.0;
    let head = 34.0;
    let (w, h) = (layout.width + 2.0 * margin, layout.height + 2.0 * margin + head);
    let mut s = String::new();
    let _ = write!(
        s,
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="{w:.0}" height="{h:.0}" viewBox="0 0 {w:.0} {h:.0}"><rect width="100%" height="100%" fill="#FFFFFF"/>"##
    );
    text(&mut s, margin, 22.0, 16.0, "#222222", "start", title);
    let legend = format!("Counts per {}: B barrier only, F facilitator only, B/F both", tallies.level.name());
    text(&mut s, w - margin, 22.0, 11.0, "#555555", "end", &legend);
    let _ = write!(s, r#"<g transform="translate({margin},{})">"#, margin + head);
    for d in &layout.domains {
        let Some(domain) = codebook.domain(&d.key) else { continue };
        let (fill, stroke) = colors(domain.level, d.layer);
        if d.layer == 1 {
            let shadow = URect::new(d.rect.x0 + 3.0, d.rect.y0 + 3.0, d.rect.x1 + 3.0, d.rect.y1 + 3.0);
            rect(&mut s, &shadow, "#00000022", "none", 0.0, 8.0);
        }
        rect(&mut s, &d.rect, fill, stroke, 1.2, 8.0);
        let c = tallies.of_domain(&d.key);
        // The counts in full (B 3 · F 1 · B/F 0) when the name still fits at 12 pt beside
        // them, else as bare numbers in the legend's order; the name is set smaller before
        // it is cut.
        let full_name = format!("{}. {}", domain.number, domain.name);
        let long = format!("B {} · F {} · B/F {}", c.barrier, c.facilitator, c.both);
        let short = format!("{} · {} · {}", c.barrier, c.facilitator, c.both);
        #[allow(clippy::cast_precision_loss)]
        let width_of = |t: &str| t.chars().count() as f32 * 11.0 * 0.56;
        let room = |counts: &str| d.header.width() - width_of(counts) - 28.0;
        let (counts, (name, size)) = match fit_smaller(&full_name, room(&long), 14.5, 12.0) {
            (n, size) if n == full_name => (long, (n, size)),
            _ => (short.clone(), fit_smaller(&full_name, room(&short), 14.5, 10.0)),
        };
        text(&mut s, d.header.x0 + 8.0, d.header.y0 + 18.0, size, "#1E1E1E", "start", &name);
        text(&mut s, d.header.x1 - 8.0, d.header.y0 + 17.0, 11.0, "#555555", "end", &counts);
        balance(&mut s, d.header.x0 + 8.0, d.header.y1 - 9.0, d.header.width() - 16.0, c);
        for (key, r) in &d.rows {
            let counts = tallies.of(key);
            let label = codebook.construct(key).map_or(key.as_str(), |k| k.label.as_str());
            let marks = 3.0 * 22.0;
            let color = if counts.total() > 0 { "#1E1E1E" } else { "#8A8A8A" };
            // A long label is set smaller (down to 9.5 pt) before it is cut: a printed figure
            // has no tooltip.
            let (shown, size) = fit_smaller(label, r.width() - marks - 8.0, 12.5, 9.5);
            text(&mut s, r.x0 + 4.0, r.y0 + 15.5, size, color, "start", &shown);
            let mut x = r.x1 - marks;
            for (n, col) in [(counts.barrier, BARRIER), (counts.facilitator, FACILITATOR), (counts.both, BOTH)] {
                let m = URect::new(x, r.y0 + 3.0, x + 19.0, r.y1 - 3.0);
                if n > 0 {
                    rect(&mut s, &m, col, "none", 0.0, 3.0);
                    text(&mut s, m.x0 + 9.5, m.y0 + 12.5, 11.0, "#FFFFFF", "middle", &n.to_string());
                } else {
                    rect(&mut s, &m, "none", "#C8C8C8", 0.8, 3.0);
                }
                x += 22.0;
            }
        }
    }
    s.push_str("</g></svg>\n");
    s
}

/// The tallies as a stacked horizontal bar chart (barrier, facilitator, both), grouped by
/// domain, as SVG.
#[must_use]
pub fn chart_svg(tallies: &Tallies, codebook: &Codebook, title: &str) -> String {
    let rows = &tallies.rows;
    let max = rows.iter().map(|r| r.counts.total()).max().unwrap_or(0).max(1);
    let (label_w, bar_w, row_h, top) = (300.0_f32, 520.0_f32, 20.0_f32, 70.0_f32);
    let domains = codebook.domains.len();
    #[allow(clippy::cast_precision_loss)]
    let height = top + row_h * rows.len() as f32 + 26.0 * domains as f32 + 40.0;
    let width = label_w + bar_w + 60.0;
    let mut s = String::new();
    let _ = write!(
        s,
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0}" height="{height:.0}" viewBox="0 0 {width:.0} {height:.0}"><rect width="100%" height="100%" fill="#FFFFFF"/>"##
    );
    text(&mut s, 10.0, 24.0, 16.0, "#222222", "start", title);
    let mut x = 10.0;
    for (name, color) in [("Barrier", BARRIER), ("Facilitator", FACILITATOR), ("Both", BOTH)] {
        let _ = write!(s, r#"<rect x="{x}" y="38" width="12" height="12" fill="{color}"/>"#);
        text(&mut s, x + 16.0, 49.0, 12.0, "#333333", "start", name);
        x += 100.0;
    }
    #[allow(clippy::cast_precision_loss)]
    let scale = bar_w / max as f32;
    let mut y = top;
    for d in &codebook.domains {
        let in_domain: Vec<_> = rows.iter().filter(|r| r.domain == d.key).collect();
        if in_domain.is_empty() {
            continue;
        }
        text(&mut s, 10.0, y + 16.0, 13.0, "#1E1E1E", "start", &format!("{}. {}", d.number, d.name));
        y += 26.0;
        for r in in_domain {
            text(&mut s, label_w - 8.0, y + 14.0, 12.0, "#333333", "end", &fit(&r.label, label_w - 30.0, 12.0));
            let mut bx = label_w;
            for (n, color) in [(r.counts.barrier, BARRIER), (r.counts.facilitator, FACILITATOR), (r.counts.both, BOTH)]
            {
                #[allow(clippy::cast_precision_loss)]
                let bw = n as f32 * scale;
                if bw > 0.0 {
                    let _ = write!(
                        s,
                        r#"<rect x="{bx:.1}" y="{:.1}" width="{bw:.1}" height="{:.1}" fill="{color}"/>"#,
                        y + 3.0,
                        row_h - 6.0
                    );
                }
                bx += bw;
            }
            if r.counts.total() > 0 {
                text(&mut s, bx + 4.0, y + 14.0, 11.0, "#555555", "start", &r.counts.total().to_string());
            }
            y += row_h;
        }
    }
    let axis = y + 8.0;
    let _ = write!(
        s,
        r##"<line x1="{label_w}" y1="{axis:.1}" x2="{:.1}" y2="{axis:.1}" stroke="#888888"/>"##,
        label_w + bar_w
    );
    for tick in 0..=max {
        if max > 10 && tick % 5 != 0 {
            continue;
        }
        #[allow(clippy::cast_precision_loss)]
        let tx = label_w + tick as f32 * scale;
        let _ =
            write!(s, r##"<line x1="{tx:.1}" y1="{axis:.1}" x2="{tx:.1}" y2="{:.1}" stroke="#888888"/>"##, axis + 4.0);
        text(&mut s, tx, axis + 16.0, 10.0, "#555555", "middle", &tick.to_string());
    }
    text(
        &mut s,
        label_w + bar_w / 2.0,
        axis + 30.0,
        11.0,
        "#333333",
        "middle",
        &format!("number of {}", tallies.level.plural()),
    );
    s.push_str("</svg>\n");
    s
}

/// Renders an SVG written by this module to PNG at `scale` (2.0 for print-quality 2x).
///
/// # Errors
/// The SVG cannot be parsed or the image not encoded.
pub fn svg_to_png(svg: &str, scale: f32) -> Result<Vec<u8>, String> {
    let mut options = resvg::usvg::Options::default();
    options.fontdb_mut().load_font_data(crate::assets::DEJAVU_SANS.to_vec());
    "DejaVu Sans".clone_into(&mut options.font_family);
    let tree = resvg::usvg::Tree::from_str(svg, &options).map_err(|e| e.to_string())?;
    let size = tree.size();
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let (w, h) = ((size.width() * scale).ceil() as u32, (size.height() * scale).ceil() as u32);
    let mut pixmap = resvg::tiny_skia::Pixmap::new(w, h).ok_or("the image would be empty")?;
    resvg::render(&tree, resvg::tiny_skia::Transform::from_scale(scale, scale), &mut pixmap.as_mut());
    pixmap.encode_png().map_err(|e| e.to_string())
}
