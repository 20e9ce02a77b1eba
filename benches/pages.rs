//! Page rendering against text extraction, on the corpus articles.
//!
//! Run with `cargo bench`. The machine is shared and noisy, so each figure is reported as a
//! ratio to a baseline measured in the same run: extracting the text and glyph boxes of the
//! same article in process (what an import does, per page). Pages are drawn on a background
//! thread, so this is how long a page takes to appear, not a cost to the frame rate.

use befits_coder::pdf::{PageRenderer, extract_bytes};
use std::path::Path;
use std::time::Duration;

#[path = "support.rs"]
mod support;
use support::median;

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/articles");
    if !dir.is_dir() {
        println!("skipped: the corpus folder {} is absent", dir.display());
        return;
    }
    let names = [
        "bmc-health-serv-res-2014-agyeman-duah.pdf",
        "int-psychogeriatrics-2013-example1.pdf",
        "plos-med-2022-rodi-health-policy.pdf",
        "ssm-pop-health-2022-hecker-covid-mental-health.pdf",
    ];
    println!("{:<52} {:>14} {:>14} {:>8}", "article", "extract/page", "render p1 2x", "ratio");
    let mut ratios = Vec::new();
    for name in names {
        let Ok(bytes) = std::fs::read(dir.join(name)) else {
            println!("{name}: not in the corpus, skipped");
            continue;
        };
        let Ok(extraction) = extract_bytes(&bytes, None) else {
            println!("{name}: could not be extracted, skipped");
            continue;
        };
        let pages = extraction.pages.len();
        let extract = median(5, || {
            std::hint::black_box(extract_bytes(&bytes, None).ok());
        }) / u32::try_from(pages).unwrap_or(1);
        let Ok(renderer) = PageRenderer::open(bytes.clone(), None) else {
            println!("{name}: could not be opened by the renderer, skipped");
            continue;
        };
        let render = median(9, || {
            std::hint::black_box(renderer.render(0, 2.0).ok());
        });
        let ratio = render.as_secs_f64() / extract.as_secs_f64();
        ratios.push(ratio);
        println!("{name:<52} {:>12.1}ms {:>12.1}ms {ratio:>7.2}x", ms(extract), ms(render));
    }
    ratios.sort_by(f64::total_cmp);
    if let Some(m) = ratios.get(ratios.len() / 2) {
        println!("median ratio render(page at 2x) / extract(one page): {m:.2}x");
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
