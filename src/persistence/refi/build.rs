//! A project made from a read REFI-QDA package and a code mapping: documents from its
//! sources, codings placed on this project's text, studies from its cases or sets, and every
//! coding that is not a construct with a valence kept as a passage of an imported code.
//! Whatever cannot be placed is listed in the report, never moved or dropped unseen.

use super::mapping::{CodeMap, Target, code_path};
use super::package::{ForeignCode, ForeignCoding, ForeignSelection, ForeignSource, Place, RefiPackage};
use super::placer::{ExtractedPdf, placer};
use super::positions::{Positions, decide};
pub use super::report::{ImportReport, Unplaced};
use super::{RefiError, guid};
use crate::model::{
    Anchor, Codebook, Coding, CodingId, ConstructKey, Document, DocumentId, ImportedCode, ImportedCoding,
    ImportedCodingId, NextIds, PdfSource, Project, ProjectParts, Study, StudyId, Valence, sha256_hex, slug,
};
use std::collections::{BTreeMap, BTreeSet};

/// Inputs of [`build_project`].
pub struct BuildInput<'a> {
    /// The package read.
    pub package: &'a RefiPackage,
    /// What each code stands for.
    pub map: &'a CodeMap,
    /// The codebook to build on (the default one, or the open project's).
    pub codebook: &'a Codebook,
    /// The coder for codings whose coder the file does not name.
    pub coder: &'a str,
    /// PDFs read by this app's reader, by source index.
    pub pdfs: &'a BTreeMap<usize, ExtractedPdf>,
}

fn r_err(e: impl std::fmt::Display) -> RefiError {
    RefiError::Read(e.to_string())
}

/// The key an imported code takes: its name made a key, and a hash of its GUID so that two
/// codes of one name differ and a code imported again keeps its key.
#[must_use]
pub fn imported_key(name: &str, foreign_guid: &str) -> String {
    let hash = sha256_hex(foreign_guid.to_lowercase().as_bytes());
    format!("imported.{}-{}", slug(name), &hash[..8])
}

/// How a selection's codes resolve.
struct Resolved {
    /// Construct codings: key, valence, the coding that carried it.
    constructs: Vec<(ConstructKey, Valence, usize)>,
    /// Codings kept under an imported code (index into the selection's codings).
    kept: Vec<usize>,
    without_valence: usize,
}

fn resolve(sel: &ForeignSelection, map: &CodeMap) -> Resolved {
    let target = |c: &ForeignCoding| map.targets.get(c.code).cloned().unwrap_or(Target::Keep);
    let valences: BTreeSet<Valence> = sel
        .codings
        .iter()
        .filter_map(|c| match target(c) {
            Target::Valence(v) => Some(v),
            _ => None,
        })
        .collect();
    let mut out = Resolved { constructs: Vec::new(), kept: Vec::new(), without_valence: 0 };
    let mut valence_used = false;
    for (i, c) in sel.codings.iter().enumerate() {
        match target(c) {
            Target::Construct { key, valence: Some(v) } => out.constructs.push((key, v, i)),
            Target::Construct { key, valence: None } => {
                if valences.len() == 1 {
                    valence_used = true;
                    out.constructs.push((key, *valences.iter().next().unwrap_or(&Valence::Both), i));
                } else {
                    out.without_valence += 1;
                    out.kept.push(i);
                }
            }
            Target::Valence(_) | Target::Keep => {}
        }
    }
    for (i, c) in sel.codings.iter().enumerate() {
        match target(c) {
            Target::Keep => out.kept.push(i),
            Target::Valence(_) if !valence_used => out.kept.push(i),
            _ => {}
        }
    }
    out
}

/// Whether an area's passage holds a text passage already coded with `code`.
fn covered(spans: &[Span], place: &Place, anchor: &Anchor, code: &str) -> bool {
    match (place, anchor) {
        (Place::Pdf { .. }, Anchor::Text(t)) => {
            spans.iter().any(|(p, s, e, c)| *p == t.page && *s >= t.start && *e <= t.end && c == code)
        }
        _ => false,
    }
}

fn describe_place(place: &Place) -> String {
    match place {
        Place::Text { start, end } => format!("positions {start}–{end}"),
        Place::Pdf { page, rect } => {
            format!("page {}, area {:.0},{:.0}–{:.0},{:.0}", page + 1, rect[0], rect[1], rect[2], rect[3])
        }
    }
}

/// Studies to make (name and fields), and the study of each source (by GUID).
type Studies = (Vec<(String, BTreeMap<String, String>)>, BTreeMap<String, usize>);

fn studies(package: &RefiPackage, report: &mut ImportReport) -> Studies {
    let mut list: Vec<(String, BTreeMap<String, String>)> = Vec::new();
    let mut of: BTreeMap<String, usize> = BTreeMap::new();
    let known: BTreeSet<&str> = package.sources.iter().map(|s| s.guid.as_str()).collect();
    let cases: Vec<_> = package.cases.iter().filter(|c| c.sources.iter().any(|s| known.contains(s.as_str()))).collect();
    if !cases.is_empty() {
        report.studies_from = "cases".into();
        for c in cases {
            list.push((c.name.clone(), c.fields.clone()));
            for s in &c.sources {
                of.entry(s.clone()).or_insert(list.len() - 1);
            }
        }
        return (list, of);
    }
    // Sets of sources become studies when no source is in two of them.
    let mut seen = BTreeSet::new();
    let disjoint = package.source_sets.iter().flat_map(|s| &s.sources).all(|g| seen.insert(g.as_str()));
    if disjoint && package.source_sets.iter().any(|s| s.sources.iter().any(|g| known.contains(g.as_str()))) {
        report.studies_from = "sets".into();
        for s in &package.source_sets {
            list.push((s.name.clone(), BTreeMap::new()));
            for g in &s.sources {
                of.insert(g.clone(), list.len() - 1);
            }
        }
        return (list, of);
    }
    report.studies_from = "sources".into();
    (list, of)
}

/// Builds the project.
///
/// # Errors
/// A result that breaks the project's rules (a bug or an impossible file), said in the message.
pub fn build_project(input: &BuildInput<'_>) -> Result<(Project, ImportReport), RefiError> {
    let package = input.package;
    let mut report = ImportReport {
        origin: package.origin.clone(),
        skipped_sources: package.skipped.clone(),
        ..ImportReport::default()
    };
    let (study_list, study_of) = studies(package, &mut report);
    let mut b = Builder {
        input,
        report,
        study_list,
        study_of,
        studies: Vec::new(),
        study_ids: BTreeMap::new(),
        documents: Vec::new(),
        codings: Vec::new(),
        kept: Vec::new(),
        seen: BTreeSet::new(),
    };
    for (si, source) in package.sources.iter().enumerate() {
        b.source(si, source)?;
    }
    b.finish()
}

/// A passage of an imported code, waiting for the code's key: the code (index in the
/// package), document, anchor, comment, coder, created.
type KeptPassage = (usize, DocumentId, Anchor, String, String, String);

/// A text passage coded so far in a source: page, range, and its code ("key/valence", or
/// "#index" for an imported code).
type Span = (usize, usize, usize, String);

/// The project under construction, one source at a time.
struct Builder<'a> {
    input: &'a BuildInput<'a>,
    report: ImportReport,
    study_list: Vec<(String, BTreeMap<String, String>)>,
    study_of: BTreeMap<String, usize>,
    studies: Vec<Study>,
    study_ids: BTreeMap<usize, StudyId>,
    documents: Vec<Document>,
    codings: Vec<Coding>,
    kept: Vec<KeptPassage>,
    /// (document, place, code) already made, so a selection written twice is made once.
    seen: BTreeSet<(DocumentId, String, String)>,
}

/// One selection of a source, placed.
struct Placed<'s> {
    sel: &'s ForeignSelection,
    document: DocumentId,
    anchor: Anchor,
    /// The anchor as a key, for `seen`.
    key: String,
}

impl Builder<'_> {
    /// Makes a document of a source, with its codings and passages of imported codes.
    fn source(&mut self, si: usize, source: &ForeignSource) -> Result<(), RefiError> {
        let package = self.input.package;
        let name = if source.name.is_empty() { format!("Source {}", si + 1) } else { source.name.clone() };
        let extracted = self.input.pdfs.get(&si).filter(|e| !e.pages.is_empty());
        let Some(placer) = placer(source, extracted, &name, &mut self.report) else {
            for sel in &source.selections {
                self.report.unplaced.push(Unplaced {
                    source: name.clone(),
                    place: describe_place(&sel.place),
                    codes: sel.codings.iter().map(|c| code_path(&package.codes, c.code)).collect(),
                    why: "the source's text could not be read".into(),
                });
            }
            return Ok(());
        };
        let doc_id = DocumentId(u32::try_from(self.documents.len() + 1).map_err(r_err)?);
        let study = self.study_for(source, &name)?;
        let mut fields: BTreeMap<String, String> =
            self.study_of.get(&source.guid).map(|i| self.study_list[*i].1.clone()).unwrap_or_default();
        fields.extend(source.fields.clone());
        let raw = source.text.as_deref().unwrap_or("");
        let ranges = self.text_ranges(source, raw, &name);
        let mut spans: Vec<Span> = Vec::new();
        let twins: BTreeSet<String> =
            source.selections.iter().map(|s| guid("pdf-selection", &s.guid.to_lowercase())).collect();
        for (i, sel) in source.selections.iter().enumerate() {
            self.report.unknown_codes += sel.unknown_codes;
            if sel.codings.is_empty() {
                continue;
            }
            let anchor = match &sel.place {
                Place::Text { .. } => match ranges.get(&i).copied().flatten() {
                    Some((s, e)) => placer.text(s, e),
                    None => Err("its positions are outside the source's text".to_owned()),
                },
                Place::Pdf { .. } if twins.contains(&sel.guid.to_lowercase()) => {
                    self.report.duplicates += 1;
                    continue;
                }
                Place::Pdf { page, rect } => placer.area(*page, *rect),
            };
            match anchor {
                Ok(anchor) => {
                    let key = format!("{anchor:?}");
                    self.selection(&Placed { sel, document: doc_id, anchor, key }, &mut spans)?;
                }
                Err(why) => self.report.unplaced.push(Unplaced {
                    source: name.clone(),
                    place: describe_place(&sel.place),
                    codes: sel.codings.iter().map(|c| code_path(&package.codes, c.code)).collect(),
                    why,
                }),
            }
        }
        let sha256 = source.pdf.as_deref().map_or_else(|| sha256_hex(raw.as_bytes()), sha256_hex);
        self.documents.push(Document {
            id: doc_id,
            title: name,
            study,
            sha256,
            pdf: extracted.and_then(|e| e.path.clone()).map(|path| PdfSource { path }),
            pages: placer.pages,
            fields,
            warnings: Vec::new(),
            ocr: None,
            unreadable_pages: Vec::new(),
        });
        Ok(())
    }

    /// The study of a source: its case's or set's, else a study of its own.
    fn study_for(&mut self, source: &ForeignSource, name: &str) -> Result<StudyId, RefiError> {
        let next = StudyId(u32::try_from(self.studies.len() + 1).map_err(r_err)?);
        let Some(i) = self.study_of.get(&source.guid).copied() else {
            self.studies.push(Study { id: next, label: name.to_owned() });
            return Ok(next);
        };
        if let Some(id) = self.study_ids.get(&i) {
            return Ok(*id);
        }
        self.studies.push(Study { id: next, label: self.study_list[i].0.clone() });
        self.study_ids.insert(i, next);
        Ok(next)
    }

    /// Where each text selection of a source lands in its raw text, once it is decided how
    /// the file counts positions (by selection index; `None` when it cannot be placed).
    fn text_ranges(
        &mut self,
        source: &ForeignSource,
        raw: &str,
        name: &str,
    ) -> BTreeMap<usize, Option<(usize, usize)>> {
        let text_sels: Vec<(usize, Positions<'_>)> = source
            .selections
            .iter()
            .enumerate()
            .filter_map(|(i, s)| match s.place {
                Place::Text { start, end } => Some((i, Positions { start, end, said: &s.said_text })),
                Place::Pdf { .. } => None,
            })
            .collect();
        let mut ranges = BTreeMap::new();
        if !text_sels.is_empty() && !raw.is_empty() {
            let positions: Vec<Positions<'_>> = text_sels.iter().map(|(_, p)| *p).collect();
            let (counting, found) = decide(raw, &self.input.package.origin, &positions);
            self.report.countings.push((name.to_owned(), counting));
            for ((i, _), r) in text_sels.iter().zip(found) {
                ranges.insert(*i, r);
            }
        }
        ranges
    }

    /// The codings of one placed selection: constructs with a valence, and passages of
    /// imported codes. An area over a passage already coded with the same code from the
    /// text is the same coding written twice (a tool's PDF area beside its text
    /// selection), and is counted as merged.
    fn selection(&mut self, placed: &Placed<'_>, spans: &mut Vec<Span>) -> Result<(), RefiError> {
        let Placed { sel, document, anchor, key } = placed;
        let resolved = resolve(sel, self.input.map);
        self.report.without_valence += resolved.without_valence;
        let coder_of = |c: &ForeignCoding| {
            [c.coder.as_str(), sel.coder.as_str(), self.input.coder]
                .into_iter()
                .find(|s| !s.is_empty())
                .unwrap_or("")
                .to_owned()
        };
        let created_of = |c: &ForeignCoding| if c.created.is_empty() { sel.created.clone() } else { c.created.clone() };
        let mut merged = false;
        let mut fresh = |code: &str, seen: &mut BTreeSet<(DocumentId, String, String)>| {
            let new =
                !covered(spans, &sel.place, anchor, code) && seen.insert((*document, key.clone(), code.to_owned()));
            if new && let Anchor::Text(t) = anchor {
                spans.push((t.page, t.start, t.end, code.to_owned()));
            }
            merged |= !new;
            new
        };
        for (construct, valence, ci) in resolved.constructs {
            if !fresh(&format!("{construct}/{valence:?}"), &mut self.seen) {
                continue;
            }
            let c = &sel.codings[ci];
            self.codings.push(Coding {
                id: CodingId(u32::try_from(self.codings.len() + 1).map_err(r_err)?),
                document: *document,
                anchor: anchor.clone(),
                construct,
                valence,
                comment: sel.memo.clone(),
                coder: coder_of(c),
                created: created_of(c),
                provenance: Vec::new(),
            });
        }
        for ci in resolved.kept {
            let c = &sel.codings[ci];
            if fresh(&format!("#{}", c.code), &mut self.seen) {
                self.kept.push((c.code, *document, anchor.clone(), sel.memo.clone(), coder_of(c), created_of(c)));
            }
        }
        if merged && matches!(sel.place, Place::Pdf { .. }) {
            self.report.duplicates += 1;
        }
        Ok(())
    }

    /// The imported codes (those with passages or kept by the mapping, with their parents,
    /// in the package's order), their passages, and the project.
    fn finish(mut self) -> Result<(Project, ImportReport), RefiError> {
        let (input, package) = (self.input, self.input.package);
        let mut codebook = input.codebook.clone();
        let mut needed: BTreeSet<usize> = self.kept.iter().map(|k| k.0).collect();
        for (i, t) in input.map.targets.iter().enumerate() {
            if *t == Target::Keep && input.map.reasons.get(i) != Some(&super::mapping::Reason::Structure) {
                needed.insert(i);
            }
        }
        for i in needed.clone() {
            let mut at = package.codes.get(i).and_then(|c| c.parent);
            while let Some(p) = at {
                if !needed.insert(p) {
                    break;
                }
                at = package.codes.get(p).and_then(|c| c.parent);
            }
        }
        let keys = imported_keys(package, &codebook, &needed);
        for i in &needed {
            let c = &package.codes[*i];
            let key = keys[i].clone();
            if codebook.imported.iter().any(|x| x.key == key) {
                continue;
            }
            self.report.imported_codes += 1;
            let parent = c.parent.and_then(|p| keys.get(&p).cloned());
            codebook.imported.push(imported_code(c, key, parent, &package.origin));
        }
        let imported: Vec<ImportedCoding> = self
            .kept
            .into_iter()
            .enumerate()
            .map(|(n, (code, document, anchor, comment, coder, created))| ImportedCoding {
                id: ImportedCodingId(u32::try_from(n + 1).unwrap_or(u32::MAX)),
                document,
                anchor,
                code: keys[&code].clone(),
                comment,
                coder,
                created,
            })
            .collect();
        self.report.documents = self.documents.len();
        self.report.codings = self.codings.len();
        self.report.imported_codings = imported.len();
        let parts = ProjectParts {
            name: if package.name.is_empty() { "Imported project".to_owned() } else { package.name.clone() },
            coder: input.coder.to_owned(),
            codebook,
            codebook_history: Vec::new(),
            studies: self.studies,
            documents: self.documents,
            codings: self.codings,
            imported,
            next: NextIds::default(),
            reconciliation: None,
        };
        Ok((Project::from_parts(parts).map_err(r_err)?, self.report))
    }
}

/// Another tool's code as an imported code of this codebook, under `key`, below `parent`.
pub(super) fn imported_code(c: &ForeignCode, key: String, parent: Option<String>, origin: &str) -> ImportedCode {
    ImportedCode {
        key,
        name: c.name.clone(),
        parent,
        color: c.color.clone(),
        description: c.description.clone(),
        codable: c.codable,
        origin: origin.to_owned(),
        guid: c.guid.clone(),
        sets: c.sets.clone(),
    }
}

/// The key of each needed code: the key it has in the codebook already (same GUID), else a
/// new one from its name and GUID.
fn imported_keys(package: &RefiPackage, codebook: &Codebook, needed: &BTreeSet<usize>) -> BTreeMap<usize, String> {
    needed
        .iter()
        .map(|i| {
            let c = &package.codes[*i];
            let known = codebook.imported.iter().find(|x| !c.guid.is_empty() && x.guid.eq_ignore_ascii_case(&c.guid));
            let key = known.map_or_else(
                || {
                    imported_key(
                        &c.name,
                        &format!("{}{}", c.guid, if c.guid.is_empty() { i.to_string() } else { String::new() }),
                    )
                },
                |x| x.key.clone(),
            );
            (*i, key)
        })
        .collect()
}
