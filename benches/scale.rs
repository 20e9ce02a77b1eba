//! How load, save and table import grow with the size of a review.
//!
//! Run with `cargo bench --bench scale`. Projects are generated here: 40 articles (the
//! workshop sample's two real articles, repeated under other ids) with 1k, 10k and 100k
//! codings on real passages. The machine is shared and noisy, so the figure that counts is
//! the ratio of the 100k case to the 10k case measured in the same run (linear work gives
//! about 10).

// A bench is test code: a failure should stop it loudly.
#![allow(clippy::unwrap_used)]

use befits_coder::model::{
    Anchor, Coding, CodingId, ConstructKey, Document, DocumentId, Project, ProjectParts, Study, StudyId, TextAnchor,
    Valence,
};
use befits_coder::persistence::{self, load, load_str, save_keeping};
use std::fmt::Write as _;
use std::path::Path;
use std::time::{Duration, Instant};

#[path = "support.rs"]
mod support;
use support::{XorShift, median};

/// 40 articles and `n` codings on whole-word passages of their pages.
fn generate(n: usize) -> Project {
    let text = include_str!("../sample_projects/workshop.ron");
    let sample = load_str(text, Path::new("sample_projects/workshop.ron")).unwrap().project;
    let originals: Vec<&Document> = sample.documents().values().collect();
    let keys: Vec<ConstructKey> = sample.codebook().constructs.iter().map(|c| c.key.clone()).collect();
    let mut parts: ProjectParts = sample.to_parts();
    parts.codings.clear();
    parts.documents.clear();
    parts.studies.clear();
    for i in 0..40u32 {
        let mut d = originals[i as usize % originals.len()].clone();
        d.id = DocumentId(i + 1);
        d.study = StudyId(i / 2 + 1);
        d.sha256 = format!("{:064x}", i + 1);
        d.pdf = None;
        d.title = format!("{} ({})", d.title, i + 1);
        if i % 2 == 0 {
            parts.studies.push(Study { id: d.study, label: format!("Study {}", i / 2 + 1) });
        }
        parts.documents.push(d);
    }
    // Word starts of every page, to cut passages on word boundaries.
    let starts: Vec<Vec<Vec<usize>>> = parts
        .documents
        .iter()
        .map(|d| {
            d.pages
                .iter()
                .map(|p| {
                    p.char_indices()
                        .filter(|(i, c)| !c.is_whitespace() && (*i == 0 || p[..*i].ends_with(char::is_whitespace)))
                        .map(|(i, _)| i)
                        .collect()
                })
                .collect()
        })
        .collect();
    let mut rng = XorShift(0x9E37_79B9_7F4A_7C15);
    let mut seen = std::collections::HashSet::new();
    let mut id = 1u32;
    while parts.codings.len() < n {
        let di = rng.below(parts.documents.len());
        let doc = &parts.documents[di];
        let page = rng.below(doc.pages.len());
        let words = &starts[di][page];
        if words.len() < 50 {
            continue;
        }
        let first = rng.below(words.len() - 45);
        let (start, end) = (words[first], words[first + 5 + rng.below(35)] - 1);
        let text = &doc.pages[page];
        let end = text[..end].trim_end().len();
        let construct = keys[rng.below(keys.len())].clone();
        let valence = Valence::ALL[rng.below(3)];
        if !seen.insert((di, page, start, end, construct.clone(), valence)) {
            continue;
        }
        let Some(anchor) = TextAnchor::new(text, page, start, end) else { continue };
        let mut comment = String::new();
        let _ = write!(comment, "generated coding {id}");
        parts.codings.push(Coding {
            id: CodingId(id),
            document: doc.id,
            anchor: Anchor::Text(anchor),
            construct,
            valence,
            comment,
            coder: "bench".into(),
            created: "2026-12-01T00:00:00Z".into(),
            provenance: Vec::new(),
        });
        id += 1;
    }
    Project::from_parts(parts).unwrap()
}

/// A Table 2-like sheet of `rows` articles.
fn table(rows: usize) -> String {
    let mut t = String::from("article\tstudy\tauthor_year\tregion\tbarriers\tfacilitators\n");
    for i in 0..rows {
        let _ = writeln!(
            t,
            "A{i}\tS{}\tAuthor {i} (2020)\tAfrica\tclient.kabi; stigma.self_stigma\tintervention.tsp_role",
            i / 3
        );
    }
    t
}

fn main() {
    let dir = tempfile::tempdir().unwrap();
    println!("{:>8} {:>10} {:>10} {:>10} {:>12}", "codings", "file MB", "load", "serialise", "save");
    let mut times = Vec::new();
    for n in [1_000, 10_000, 100_000] {
        let project = generate(n);
        let path = dir.path().join(format!("p{n}.ron"));
        save_keeping(&project, &path, 0).unwrap();
        let size = std::fs::metadata(&path).unwrap().len() as f64 / 1e6;
        let runs = if n >= 100_000 { 3 } else { 5 };
        let load_t = median(runs, || {
            std::hint::black_box(load(&path).unwrap());
        });
        let text_t = median(runs, || {
            std::hint::black_box(persistence::to_ron(&project, &path).unwrap());
        });
        let save_t = median(runs, || save_keeping(&project, &path, 0).unwrap());
        println!(
            "{n:>8} {size:>10.1} {:>9.0}ms {:>9.0}ms {:>11.0}ms",
            load_t.as_secs_f64() * 1e3,
            text_t.as_secs_f64() * 1e3,
            save_t.as_secs_f64() * 1e3
        );
        times.push((n, load_t, save_t));
    }
    let ratio = |i: usize, f: fn(&(usize, Duration, Duration)) -> Duration| {
        f(&times[i]).as_secs_f64() / f(&times[i - 1]).as_secs_f64()
    };
    println!(
        "ratio 100k/10k: load {:.1}, save {:.1} (10 is linear; target under 15)",
        ratio(2, |t| t.1),
        ratio(2, |t| t.2)
    );
    println!("ratio 10k/1k:   load {:.1}, save {:.1}", ratio(1, |t| t.1), ratio(1, |t| t.2));

    let empty = || Project::new("t", "c", persistence::default_codebook().unwrap());
    let mut import = Vec::new();
    for rows in [1_600, 16_000] {
        let text = table(rows);
        let p = empty();
        let t = median(3, || {
            std::hint::black_box(persistence::plan_table_import(&p, &text, b'\t', "t", "").unwrap());
        });
        let plan = persistence::plan_table_import(&p, &text, b'\t', "t", "").unwrap();
        let mut applied = empty();
        let start = Instant::now();
        applied.apply(plan.edit).unwrap();
        let apply_t = start.elapsed();
        println!(
            "table of {rows:>6} rows: plan {:>7.0}ms, apply {:>7.0}ms",
            t.as_secs_f64() * 1e3,
            apply_t.as_secs_f64() * 1e3
        );
        import.push(t + apply_t);
    }
    println!("ratio 16k/1.6k rows: {:.1}", import[1].as_secs_f64() / import[0].as_secs_f64());
}
