//! How load, save and table import grow with the size of a review, and what a name of 5 MB
//! costs an export.
//!
//! Run with `cargo bench --bench scale`. Projects are generated here: 40 articles (the
//! workshop sample's two real articles, repeated under other ids) with 1k, 10k and 100k
//! codings on real passages. The machine is shared and noisy, so the figure that counts is
//! the ratio of the 100k case to the 10k case measured in the same run (linear work gives
//! about 10).

// A bench is test code: a failure should stop it loudly.
#![allow(clippy::unwrap_used)]

use befits_coder::analysis::Level;
use befits_coder::export::{ExportFormat, export_bytes};
use befits_coder::model::Project;
use befits_coder::persistence::{self, load, save_keeping};
use std::fmt::Write as _;
use std::time::{Duration, Instant};

#[path = "support.rs"]
mod support;
use support::{generate, median};

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
    println!(
        "{:>8} {:>10} {:>10} {:>10} {:>12} {:>10} {:>16} {:>16}",
        "codings", "file MB", "load", "serialise", "save", "snapshot", "edit during save", "views after edit"
    );
    let mut times = Vec::new();
    for n in [1_000, 10_000, 100_000] {
        let project = generate(n);
        let path = dir.path().join(format!("p{n}.ron"));
        save_keeping(&project, &path, 0).unwrap();
        let size = std::fs::metadata(&path).unwrap().len() as f64 / 1e6;
        let runs = if n >= 100_000 { 3 } else { 5 };
        // A load ends when the project is ready: freeing it again is not part of it (the
        // app frees a project it closes on another thread), so each is kept until all are
        // timed.
        let mut loaded = Vec::with_capacity(runs);
        let load_t = median(runs, || loaded.push(load(&path).unwrap()));
        drop(loaded);
        let text_t = median(runs, || {
            std::hint::black_box(persistence::to_ron(&project, &path).unwrap());
        });
        // The copy a save or autosave takes of the project on the window's thread. Timed
        // before the saves: each save frees the project it read back on a thread of its own,
        // which here (not in the app, where the window's thread does not save) would hold
        // the allocator this thread uses.
        let snapshot_t = median(runs, || {
            std::hint::black_box(project.clone());
        });
        let save_t = median(runs, || save_keeping(&project, &path, 0).unwrap());
        // An edit made while that copy is still being written: the codings it touches are
        // copied then (once per save, and only when the user edits during it).
        let first = *project.codings().keys().next().unwrap();
        let mut edits: Vec<Duration> = (0..runs)
            .map(|_| {
                let (snapshot, mut open) = (project.clone(), project.clone());
                let t = Instant::now();
                std::hint::black_box(open.apply(befits_coder::model::Edit::RemoveCoding(first)).unwrap());
                let took = t.elapsed();
                drop((snapshot, open));
                took
            })
            .collect();
        edits.sort();
        let edit_during_save_t = edits[runs / 2];
        // What the window recomputes after an edit (highlights, tallies, diagram, matrix,
        // characteristics), once per change of the project, not per frame.
        let mut derived = befits_coder::analysis::Derived::default();
        derived.refresh(&project);
        let mut edited = project.clone();
        let mut refreshes: Vec<Duration> = project
            .codings()
            .keys()
            .take(runs)
            .map(|id| {
                edited.apply(befits_coder::model::Edit::RemoveCoding(*id)).unwrap();
                let t = Instant::now();
                derived.refresh(&edited);
                t.elapsed()
            })
            .collect();
        refreshes.sort();
        let refresh_t = refreshes[runs / 2];
        println!(
            "{n:>8} {size:>10.1} {:>9.0}ms {:>9.0}ms {:>11.0}ms {:>8.1}ms {:>14.1}ms {:>14.1}ms",
            load_t.as_secs_f64() * 1e3,
            text_t.as_secs_f64() * 1e3,
            save_t.as_secs_f64() * 1e3,
            snapshot_t.as_secs_f64() * 1e3,
            edit_during_save_t.as_secs_f64() * 1e3,
            refresh_t.as_secs_f64() * 1e3
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

    // A name of any length is cut for drawing (the data keeps it whole): the figures of a
    // project named with 5 MB of text export in well under a second.
    let mut named = generate(1_000);
    let huge = "A very long project name ".repeat(200_000);
    named.apply(befits_coder::model::Edit::SetProjectInfo { name: huge, coder: "bench".into() }).unwrap();
    for format in [ExportFormat::DiagramPng, ExportFormat::DiagramSvg, ExportFormat::ChartPng, ExportFormat::ChartSvg] {
        let t = median(3, || {
            std::hint::black_box(export_bytes(&named, format, Level::Study).unwrap());
        });
        println!("{format:?} of a project with a 5 MB name: {:>7.0}ms (target under 1 s)", t.as_secs_f64() * 1e3);
    }
}
