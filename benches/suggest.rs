//! How fast construct suggestions are, and how that grows with the project.
//!
//! Run with `cargo bench --bench suggest`. Projects are generated here (40 articles, 1k,
//! 10k and 100k codings on real passages). For each size: what the window's thread does
//! after an edit (the tracker's pass over the codings, copying only what changed), building
//! the model on the suggestion thread, and answering one selection (median and 95th
//! percentile over 200 passages of one to three sentences). The target is an answer under 20 ms at 10k codings;
//! since the machine is shared, the figure that also counts is the ratio of 100k to 10k
//! measured in the same run.

// A bench is test code: a failure should stop it loudly.
#![allow(clippy::unwrap_used)]

use befits_coder::analysis::suggest::{Corpus, CorpusTracker, Suggester};
use befits_coder::model::text::sentence_around;
use befits_coder::model::{CodingChange, Edit, Valence};
use std::time::{Duration, Instant};

#[path = "support.rs"]
mod support;
use support::{XorShift, generate, median};

fn main() {
    println!(
        "{:>8} {:>12} {:>12} {:>10} {:>12} {:>12}",
        "codings", "first copy", "after edit", "model", "answer med", "answer p95"
    );
    let mut answers = Vec::new();
    for n in [1_000, 10_000, 100_000] {
        let mut project = generate(n);
        let runs = if n >= 100_000 { 3 } else { 5 };
        let first = median(runs, || {
            std::hint::black_box(CorpusTracker::default().changes(&project));
        });
        // After one edit (a coding's valence changed), the pass finds it alone.
        let mut tracker = CorpusTracker::default();
        let _ = tracker.changes(&project);
        let some = *project.codings().keys().nth(n / 2).unwrap();
        let mut valence = Valence::Barrier;
        let mut passes: Vec<std::time::Duration> = (0..runs)
            .map(|_| {
                let c = project.coding(some).unwrap();
                valence = if valence == Valence::Barrier { Valence::Facilitator } else { Valence::Barrier };
                let change = CodingChange { construct: c.construct.clone(), valence, comment: c.comment.clone() };
                // Should another coding of that passage hold the valence already, the edit is
                // refused and the pass finds nothing, which it must also do in one pass.
                let _ = project.apply(Edit::ChangeCoding { id: some, change });
                let start = std::time::Instant::now();
                std::hint::black_box(tracker.changes(&project));
                start.elapsed()
            })
            .collect();
        passes.sort();
        let after_edit = passes[runs / 2];
        let corpus = Corpus::of(&project);
        let model_t = median(runs, || {
            std::hint::black_box(Suggester::new(corpus.clone()));
        });
        let model = Suggester::new(corpus);
        // Passages a coder might select: a sentence or three around a random place.
        let mut rng = XorShift(0x9e37_79b9_7f4a_7c15);
        let docs: Vec<_> = project.documents().values().collect();
        let mut times: Vec<Duration> = (0..200)
            .map(|_| {
                let d = docs[rng.below(docs.len())];
                let page = &d.pages[rng.below(d.pages.len())];
                let mut at = rng.below(page.len().max(1));
                while !page.is_char_boundary(at) {
                    at -= 1;
                }
                let (a, mut b) = sentence_around(page, at, at);
                for _ in 0..rng.below(3) {
                    b = sentence_around(page, b, (b + 1).min(page.len())).1.max(b);
                    while !page.is_char_boundary(b) {
                        b -= 1;
                    }
                }
                let passage = &page[a..b];
                let start = Instant::now();
                std::hint::black_box(model.suggest(passage, 3));
                start.elapsed()
            })
            .collect();
        times.sort();
        let (med, p95) = (times[times.len() / 2], times[times.len() * 95 / 100]);
        println!(
            "{n:>8} {:>10.1}ms {:>10.1}ms {:>8.0}ms {:>10.2}ms {:>10.2}ms",
            first.as_secs_f64() * 1e3,
            after_edit.as_secs_f64() * 1e3,
            model_t.as_secs_f64() * 1e3,
            med.as_secs_f64() * 1e3,
            p95.as_secs_f64() * 1e3
        );
        answers.push((n, med, p95));
    }
    let (_, m10, p10) = answers[1];
    let (_, m100, p100) = answers[2];
    println!(
        "answer 100k/10k: median {:.1}x, p95 {:.1}x; at 10k the median is {:.1}% of the 20 ms target",
        m100.as_secs_f64() / m10.as_secs_f64(),
        p100.as_secs_f64() / p10.as_secs_f64(),
        100.0 * m10.as_secs_f64() / 0.020
    );
}
