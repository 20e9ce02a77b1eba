//! Layout of the nested-domain diagram (the paper's Fig. 1) as unit rectangles, so it can
//! be tested as data and drawn the same way on screen and in SVG.
//!
//! Two nests side by side: the client side (I inside III inside V) and the provider side
//! (II inside IV inside VI), each ring listing its constructs above the ring it holds.
//! The first cross-level domain (intervention, VII) sits in the middle, between the two
//! innermost rings, where the nests meet; it covers no other box, so every ring keeps its
//! edges and names in view. The others (stigma, VIII) run as bands across the whole width.
//! A codebook without two such chains is laid out as a plain grid.

use crate::model::{Codebook, ConstructKey, DomainKey, Level};

/// An axis-aligned rectangle in diagram units (origin top-left).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct URect {
    /// Left.
    pub x0: f32,
    /// Top.
    pub y0: f32,
    /// Right.
    pub x1: f32,
    /// Bottom.
    pub y1: f32,
}

impl URect {
    /// A rectangle from its corners.
    #[must_use]
    pub fn new(x0: f32, y0: f32, x1: f32, y1: f32) -> Self {
        Self { x0, y0, x1, y1 }
    }
    /// Whether `other` lies inside this one (edges may touch).
    #[must_use]
    pub fn contains(&self, other: &URect) -> bool {
        other.x0 >= self.x0 && other.x1 <= self.x1 && other.y0 >= self.y0 && other.y1 <= self.y1
    }
    /// Whether the two overlap with positive area.
    #[must_use]
    pub fn intersects(&self, other: &URect) -> bool {
        self.x0 < other.x1 && other.x0 < self.x1 && self.y0 < other.y1 && other.y0 < self.y1
    }
    /// Width.
    #[must_use]
    pub fn width(&self) -> f32 {
        self.x1 - self.x0
    }
    /// Height.
    #[must_use]
    pub fn height(&self) -> f32 {
        self.y1 - self.y0
    }
}

/// Where one domain is drawn.
#[derive(Clone, Debug, PartialEq)]
pub struct DomainBox {
    /// The domain.
    pub key: DomainKey,
    /// Its whole area (rings include the rings they hold).
    pub rect: URect,
    /// The header line (number, name, level, counts, balance).
    pub header: URect,
    /// One row per construct, in codebook order.
    pub rows: Vec<(ConstructKey, URect)>,
    /// Drawing order: higher is drawn later (on top).
    pub layer: u8,
}

/// The whole diagram.
#[derive(Clone, Debug, PartialEq)]
pub struct DiagramLayout {
    /// Width in units.
    pub width: f32,
    /// Height in units.
    pub height: f32,
    /// Domains in drawing order.
    pub domains: Vec<DomainBox>,
}

impl DiagramLayout {
    /// The box of a domain.
    #[must_use]
    pub fn domain(&self, key: &DomainKey) -> Option<&DomainBox> {
        self.domains.iter().find(|d| &d.key == key)
    }
}

/// Header height.
pub const HEADER: f32 = 34.0;
/// Construct row height.
pub const ROW: f32 = 22.0;
const GAP: f32 = 10.0;
const INSET: f32 = 18.0;
const WIDTH: f32 = 1100.0;
/// Width of each nest.
const NEST: f32 = 380.0;
/// Horizontal extent of the central domain, between the nests.
const CENTER: (f32, f32) = (NEST + GAP, WIDTH - NEST - GAP);

/// A chain of nested domains, outermost first.
fn chains(cb: &Codebook) -> Vec<Vec<DomainKey>> {
    let mut out = Vec::new();
    for root in cb.domains.iter().filter(|d| d.nested_in.is_none() && d.level != Level::CrossLevel) {
        let mut chain = vec![root.key.clone()];
        while let Some(child) = cb.domains.iter().find(|d| d.nested_in.as_ref() == chain.last()) {
            if chain.contains(&child.key) {
                break;
            }
            chain.push(child.key.clone());
        }
        out.push(chain);
    }
    out
}

/// Lays out the diagram for a codebook.
#[must_use]
pub fn layout(cb: &Codebook) -> DiagramLayout {
    let nests = chains(cb);
    let cross: Vec<DomainKey> =
        cb.domains.iter().filter(|d| d.level == Level::CrossLevel).map(|d| d.key.clone()).collect();
    let nested: usize = nests.iter().take(2).map(Vec::len).sum();
    if nests.len() < 2 || cross.is_empty() || nested + cross.len() != cb.domains.len() {
        return grid(cb);
    }
    let count = |k: &DomainKey| cb.constructs_in(k).count();
    let mut domains = Vec::new();

    // The two nests. Each ring: header, its constructs, then the next ring inside.
    let mut nest_bottom: f32 = 0.0;
    let mut ring_tops: Vec<Vec<(DomainKey, f32, f32)>> = Vec::new();
    for chain in nests.iter().take(2) {
        let mut tops = Vec::new();
        let mut y = 0.0;
        for (depth, key) in chain.iter().enumerate() {
            #[allow(clippy::cast_precision_loss)]
            let inset = depth as f32 * INSET;
            tops.push((key.clone(), y, inset));
            #[allow(clippy::cast_precision_loss)]
            let own = HEADER + ROW * count(key) as f32 + GAP;
            y += own;
        }
        nest_bottom = nest_bottom.max(y);
        ring_tops.push(tops);
    }
    // The central domain needs room for its rows; give the nests at least that much.
    let center_key = cross[0].clone();
    #[allow(clippy::cast_precision_loss)]
    let center_height = HEADER + ROW * count(&center_key) as f32 + GAP;
    let inner_top = ring_tops.iter().filter_map(|t| t.last().map(|(_, y, _)| *y)).fold(0.0_f32, f32::max);
    let bottom = (inner_top + center_height + 3.0 * GAP + INSET * 3.0).max(nest_bottom + 2.0 * GAP);
    let cy0 = inner_top + HEADER + GAP;
    let center = URect::new(CENTER.0, cy0, CENTER.1, cy0 + center_height);
    for (side, tops) in ring_tops.iter().enumerate() {
        for (key, top, inset) in tops {
            let (x0, x1) = if side == 0 { (*inset, NEST - inset) } else { (WIDTH - NEST + inset, WIDTH - inset) };
            // Each ring closes just inside the one that holds it.
            let rect = URect::new(x0, *top, x1, bottom - inset);
            let header = URect::new(x0, *top, x1, top + HEADER);
            let rows = cb
                .constructs_in(key)
                .enumerate()
                .map(|(i, c)| {
                    #[allow(clippy::cast_precision_loss)]
                    let ry = top + HEADER + ROW * i as f32;
                    (c.key.clone(), URect::new(x0 + 8.0, ry, x1 - 8.0, ry + ROW))
                })
                .collect();
            domains.push(DomainBox { key: key.clone(), rect, header, rows, layer: 0 });
        }
    }
    // The central domain, between the innermost rings.
    domains.push(DomainBox {
        key: center_key.clone(),
        rect: center,
        header: URect::new(center.x0, center.y0, center.x1, center.y0 + HEADER),
        rows: cb
            .constructs_in(&center_key)
            .enumerate()
            .map(|(i, c)| {
                #[allow(clippy::cast_precision_loss)]
                let ry = center.y0 + HEADER + ROW * i as f32;
                (c.key.clone(), URect::new(center.x0 + 8.0, ry, center.x1 - 8.0, ry + ROW))
            })
            .collect(),
        layer: 1,
    });
    // Bands across everything for the other cross-level domains.
    let mut y = bottom.max(center.y1) + GAP;
    for key in cross.iter().skip(1) {
        let n = count(key).max(1);
        let per_line = 4usize;
        let lines = n.div_ceil(per_line);
        #[allow(clippy::cast_precision_loss)]
        let band = URect::new(0.0, y, WIDTH, y + HEADER + ROW * lines as f32 + GAP / 2.0);
        #[allow(clippy::cast_precision_loss)]
        let cell = (WIDTH - 16.0) / per_line as f32;
        let rows = cb
            .constructs_in(key)
            .enumerate()
            .map(|(i, c)| {
                #[allow(clippy::cast_precision_loss)]
                let (col, line) = ((i % per_line) as f32, (i / per_line) as f32);
                let rx = 8.0 + col * cell;
                let ry = band.y0 + HEADER + line * ROW;
                (c.key.clone(), URect::new(rx, ry, rx + cell - 8.0, ry + ROW))
            })
            .collect();
        domains.push(DomainBox {
            key: key.clone(),
            rect: band,
            header: URect::new(band.x0, band.y0, band.x1, band.y0 + HEADER),
            rows,
            layer: 2,
        });
        y = band.y1 + GAP;
    }
    DiagramLayout { width: WIDTH, height: y, domains }
}

/// Fallback for codebooks without the framework's nesting: domains in a two-column grid.
fn grid(cb: &Codebook) -> DiagramLayout {
    let col_w = WIDTH / 2.0;
    let mut heights = [0.0_f32, 0.0];
    let mut domains = Vec::new();
    for d in &cb.domains {
        let col = usize::from(heights[1] < heights[0]);
        #[allow(clippy::cast_precision_loss)]
        let x0 = col as f32 * col_w;
        let y0 = heights[col];
        let rows: Vec<(ConstructKey, URect)> = cb
            .constructs_in(&d.key)
            .enumerate()
            .map(|(i, c)| {
                #[allow(clippy::cast_precision_loss)]
                let ry = y0 + HEADER + ROW * i as f32;
                (c.key.clone(), URect::new(x0 + 8.0, ry, x0 + col_w - 16.0, ry + ROW))
            })
            .collect();
        #[allow(clippy::cast_precision_loss)]
        let rect = URect::new(x0, y0, x0 + col_w - 8.0, y0 + HEADER + ROW * rows.len() as f32 + GAP);
        heights[col] = rect.y1 + GAP;
        domains.push(DomainBox {
            key: d.key.clone(),
            rect,
            header: URect::new(rect.x0, y0, rect.x1, y0 + HEADER),
            rows,
            layer: 0,
        });
    }
    DiagramLayout { width: WIDTH, height: heights[0].max(heights[1]), domains }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::persistence::default_codebook;

    fn layout_of_befits() -> DiagramLayout {
        layout(&default_codebook().unwrap())
    }

    fn rect(l: &DiagramLayout, key: &str) -> URect {
        l.domain(&DomainKey::new(key)).unwrap().rect
    }

    #[test]
    fn the_two_nests_are_nested() {
        let l = layout_of_befits();
        assert!(rect(&l, "societal").contains(&rect(&l, "family_community")));
        assert!(rect(&l, "family_community").contains(&rect(&l, "client")));
        assert!(rect(&l, "mh_system").contains(&rect(&l, "organization")));
        assert!(rect(&l, "organization").contains(&rect(&l, "provider")));
        assert!(rect(&l, "client").x1 < rect(&l, "provider").x0, "side by side");
    }

    #[test]
    fn intervention_sits_where_the_nests_meet_and_stigma_spans_all() {
        let l = layout_of_befits();
        let vii = rect(&l, "intervention");
        let (client, provider) = (rect(&l, "client"), rect(&l, "provider"));
        assert!(client.x1 <= vii.x0 && vii.x1 <= provider.x0, "between the two nests");
        assert!(vii.y0 < client.y1 && vii.y1 > client.y0, "level with the innermost rings");
        for d in l.domains.iter().filter(|d| d.key.as_str() != "intervention") {
            assert!(!d.rect.intersects(&vii), "the intervention box covers {}", d.key);
        }
        let viii = rect(&l, "stigma");
        assert!((viii.width() - l.width).abs() < 1e-3, "stigma spans the whole width");
        assert!(viii.y0 >= rect(&l, "societal").y1 && viii.y0 >= vii.y1);
        assert!(viii.y1 <= l.height);
    }

    #[test]
    fn every_construct_has_a_row_inside_its_domain_and_no_row_is_hidden() {
        let l = layout_of_befits();
        let rows: Vec<(&DomainBox, &ConstructKey, &URect)> =
            l.domains.iter().flat_map(|d| d.rows.iter().map(move |(k, r)| (d, k, r))).collect();
        assert_eq!(rows.len(), 37);
        for (d, k, r) in &rows {
            assert!(d.rect.contains(r), "{k} inside {}", d.key);
            assert!(r.y0 >= d.header.y1, "{k} below its header");
            for other in l.domains.iter().filter(|o| o.key != d.key && !o.rect.contains(&d.rect)) {
                assert!(!r.intersects(&other.rect), "{k} is covered by {}", other.key);
            }
        }
        for (i, (_, a, ra)) in rows.iter().enumerate() {
            for (_, b, rb) in &rows[i + 1..] {
                assert!(!ra.intersects(rb), "{a} and {b} overlap");
            }
        }
    }

    #[test]
    fn other_codebooks_get_a_grid() {
        let cb = crate::model::test_support::tiny_codebook();
        let l = layout(&cb);
        assert_eq!(l.domains.len(), 2);
        assert_eq!(l.domains.iter().map(|d| d.rows.len()).sum::<usize>(), 3);
    }
}
