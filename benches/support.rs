//! Small helpers the benches (and the kill harness test) share: a seedable generator, the
//! median of repeated timings, and generated reviews of any size.

#![allow(dead_code, clippy::unwrap_used)]

use befits_coder::model::{
    Anchor, Coding, CodingId, ConstructKey, Document, DocumentId, Project, ProjectParts, Study, StudyId, TextAnchor,
    Valence,
};
use befits_coder::persistence::load_str;
use std::fmt::Write as _;
use std::path::Path;
use std::time::{Duration, Instant};

/// A small, seedable xorshift generator (no dependency for a bench or a test).
pub struct XorShift(pub u64);

impl XorShift {
    /// The next number.
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// A number below `n`.
    pub fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % n as u64).unwrap_or(0)
    }
}

/// The median of `runs` timings of `f`.
pub fn median(runs: usize, mut f: impl FnMut()) -> Duration {
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .collect();
    times.sort();
    times[runs / 2]
}

/// 40 articles and `n` codings on whole-word passages of their pages.
pub fn generate(n: usize) -> Project {
    generate_on(n, &[], 0)
}

/// As [`generate`], with `extra` documents added after the 40 and `on_extra` more codings
/// on them.
pub fn generate_on(n: usize, extra: &[Document], on_extra: usize) -> Project {
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
    for d in extra {
        parts.studies.push(Study { id: d.study, label: d.title.clone() });
        parts.documents.push(d.clone());
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
    let (spread, all) = (40, parts.documents.len());
    while parts.codings.len() < n + on_extra {
        let di = if parts.codings.len() < n { rng.below(spread) } else { spread + rng.below(all - spread) };
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
