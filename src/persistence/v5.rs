//! Format version 5, the current one: codes brought in from another QDA tool that map to no
//! construct are kept in the codebook (`imported`, with their tree, colours and
//! descriptions) and the passages coded with them in the project (`imported`); everything
//! else is as in version 4.
//!
//! The current version is the only one converted to and from the model, and it knows
//! nothing of older versions: each of those is read through its own frozen structs and
//! upgraded one version at a time (version 4 knows how to become this one). Its structs are
//! complete in themselves, so that freezing it (when version 5 comes) changes nothing.

use crate::model::{
    Anchor, Choice, Codebook, CodebookChange, Coding, CodingId, CodingRef, Construct, ConstructKey, Decision, Document,
    DocumentId, Domain, DomainKey, ImportedCode, ImportedCoding, ImportedCodingId, Level, NextIds, OcrText, PdfSource,
    Project, ProjectError, ProjectParts, Reconciliation, Study, StudyId, TextAnchor, Valence,
};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The file. Written from borrowed text (a save copies no passage, comment or key);
/// read as owned text (`'static`).
#[derive(Serialize, Deserialize)]
pub(super) struct FileV5<'a> {
    pub format: String,
    pub version: u32,
    pub project: ProjectV5<'a>,
}

#[derive(Serialize, Deserialize, Clone, PartialEq, Debug)]
pub(super) struct ProjectV5<'a> {
    pub name: String,
    pub coder: String,
    pub next_ids: NextIdsV5,
    pub codebook: CodebookV5,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub codebook_history: Vec<CodebookChangeV5>,
    #[serde(deserialize_with = "super::strict::studies")]
    pub studies: BTreeMap<u32, StudyV5>,
    #[serde(deserialize_with = "super::strict::codings")]
    pub codings: BTreeMap<u32, CodingV5<'a>>,
    #[serde(deserialize_with = "super::strict::documents")]
    pub documents: BTreeMap<u32, DocumentV5>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reconciliation: Option<ReconciliationV5>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty", deserialize_with = "super::strict::imported")]
    pub imported: BTreeMap<u32, ImportedCodingV5>,
}

#[derive(Serialize, Deserialize, Clone, Copy, PartialEq, Debug)]
pub(super) struct NextIdsV5 {
    pub document: u32,
    pub study: u32,
    pub coding: u32,
    #[serde(default, skip_serializing_if = "is_zero")]
    pub imported: u32,
}

#[allow(clippy::trivially_copy_pass_by_ref)]
fn is_zero(n: &u32) -> bool {
    *n == 0
}

#[derive(Serialize, Deserialize, Clone, PartialEq, Debug)]
pub(super) struct ImportedCodeV5 {
    pub key: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub color: Option<String>,
    #[serde(default)]
    pub description: String,
    pub codable: bool,
    #[serde(default)]
    pub origin: String,
    #[serde(default)]
    pub guid: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sets: Vec<String>,
}

#[derive(Serialize, Deserialize, Clone, PartialEq, Debug)]
pub(super) struct ImportedCodingV5 {
    pub document: u32,
    pub code: String,
    pub anchor: AnchorV5<'static>,
    pub comment: String,
    pub coder: String,
    pub created: String,
}

impl super::strict::Keyed for ImportedCodeV5 {
    const WHAT: &'static str = "imported code";
    fn key(&self) -> &str {
        &self.key
    }
}

#[derive(Serialize, Deserialize, Clone, PartialEq, Debug)]
pub(super) struct CodebookV5 {
    pub name: String,
    #[serde(deserialize_with = "super::strict::unique_keys")]
    pub domains: Vec<DomainV5>,
    #[serde(deserialize_with = "super::strict::unique_keys")]
    pub constructs: Vec<ConstructV5>,
    #[serde(default, skip_serializing_if = "Vec::is_empty", deserialize_with = "super::strict::unique_keys")]
    pub imported: Vec<ImportedCodeV5>,
}

#[derive(Serialize, Deserialize, Clone, Copy, PartialEq, Debug)]
pub(super) enum LevelV5 {
    Micro,
    Meso,
    Macro,
    CrossLevel,
}

#[derive(Serialize, Deserialize, Clone, PartialEq, Debug)]
pub(super) struct DomainV5 {
    pub key: String,
    pub number: String,
    pub name: String,
    pub level: LevelV5,
    pub nested_in: Option<String>,
    #[serde(default)]
    pub description: String,
}

#[derive(Serialize, Deserialize, Clone, PartialEq, Debug)]
pub(super) struct ConstructV5 {
    pub key: String,
    pub domain: String,
    pub label: String,
    pub definition: String,
    #[serde(default, skip_serializing_if = "is_false")]
    pub retired: bool,
}

#[allow(clippy::trivially_copy_pass_by_ref)]
fn is_false(b: &bool) -> bool {
    !*b
}

#[derive(Serialize, Deserialize, Clone, PartialEq, Debug)]
pub(super) enum CodebookChangeV5 {
    Added { key: String, domain: String, at: String },
    Renamed { key: String, from: String, to: String, at: String },
    Redefined { key: String, at: String },
    Moved { key: String, from: String, to: String, at: String },
    Merged { from: String, into: String, codings: u32, at: String },
    Retired { key: String, at: String },
    Restored { key: String, at: String },
}

#[derive(Serialize, Deserialize, Clone, PartialEq, Debug)]
pub(super) struct StudyV5 {
    pub label: String,
}

#[derive(Serialize, Deserialize, Clone, PartialEq, Debug)]
pub(super) struct OcrV5 {
    pub language: String,
    pub pages: Vec<u32>,
}

#[derive(Serialize, Deserialize, Clone, PartialEq, Debug)]
pub(super) struct DocumentV5 {
    pub title: String,
    pub study: u32,
    pub sha256: String,
    /// Path of the PDF relative to the project file's folder, with `/` separators
    /// (absolute when it cannot be made relative).
    pub pdf: Option<String>,
    #[serde(default)]
    pub fields: BTreeMap<String, String>,
    #[serde(default)]
    pub warnings: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ocr: Option<OcrV5>,
    /// Pages (from 1) whose content could not be read at import.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unreadable_pages: Vec<u32>,
    pub pages: Vec<String>,
}

#[derive(Serialize, Deserialize, Clone, Copy, PartialEq, Debug)]
pub(super) enum ValenceV5 {
    Barrier,
    Facilitator,
    Both,
}

#[derive(Serialize, Deserialize, Clone, PartialEq, Debug)]
pub(super) enum AnchorV5<'a> {
    Text { page: u32, start: u32, end: u32, quote: Cow<'a, str> },
    Document,
}

#[derive(Serialize, Deserialize, Clone, PartialEq, Debug)]
pub(super) struct CodingV5<'a> {
    pub document: u32,
    pub construct: Cow<'a, str>,
    pub valence: ValenceV5,
    pub anchor: AnchorV5<'a>,
    pub comment: Cow<'a, str>,
    pub coder: Cow<'a, str>,
    pub created: Cow<'a, str>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub provenance: Vec<String>,
}

#[derive(Serialize, Deserialize, Clone, PartialEq, Debug)]
pub(super) struct CodingRefV5 {
    pub anchor: AnchorV5<'static>,
    pub construct: String,
    pub valence: ValenceV5,
}

#[derive(Serialize, Deserialize, Clone, PartialEq, Debug)]
pub(super) enum ChoiceV5 {
    KeepA,
    KeepB,
    KeepBoth,
    KeepNeither,
    Edited { construct: String, valence: ValenceV5 },
}

#[derive(Serialize, Deserialize, Clone, PartialEq, Debug)]
pub(super) struct DecisionV5 {
    pub document: String,
    pub a: Option<CodingRefV5>,
    pub b: Option<CodingRefV5>,
    pub choice: ChoiceV5,
    pub comment: String,
    pub at: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub by: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result: Option<CodingRefV5>,
}

#[derive(Serialize, Deserialize, Clone, PartialEq, Debug)]
pub(super) struct ReconciliationV5 {
    pub coder_a: String,
    pub coder_b: String,
    pub file_a: String,
    pub file_b: String,
    pub decisions: Vec<DecisionV5>,
    #[serde(default)]
    pub reasons_required: bool,
}

impl super::strict::Keyed for DomainV5 {
    const WHAT: &'static str = "domain";
    fn key(&self) -> &str {
        &self.key
    }
}

impl super::strict::Keyed for ConstructV5 {
    const WHAT: &'static str = "construct";
    fn key(&self) -> &str {
        &self.key
    }
}

// ---- small conversions ---------------------------------------------------------------------

fn valence_to(v: Valence) -> ValenceV5 {
    match v {
        Valence::Barrier => ValenceV5::Barrier,
        Valence::Facilitator => ValenceV5::Facilitator,
        Valence::Both => ValenceV5::Both,
    }
}

fn valence_from(v: ValenceV5) -> Valence {
    match v {
        ValenceV5::Barrier => Valence::Barrier,
        ValenceV5::Facilitator => Valence::Facilitator,
        ValenceV5::Both => Valence::Both,
    }
}

/// Offsets are `usize` in memory and `u32` on disk (pages are far below 4 GB); values that
/// do not fit are saturated, which makes the anchor orphaned rather than wrong.
fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

fn anchor_to(a: &Anchor) -> AnchorV5<'_> {
    match a {
        Anchor::Text(t) => AnchorV5::Text {
            page: to_u32(t.page),
            start: to_u32(t.start),
            end: to_u32(t.end),
            quote: Cow::Borrowed(&t.quote),
        },
        Anchor::Document => AnchorV5::Document,
    }
}

/// [`anchor_to`], owning its quote.
fn anchor_to_owned(a: &Anchor) -> AnchorV5<'static> {
    match anchor_to(a) {
        AnchorV5::Text { page, start, end, quote } => {
            AnchorV5::Text { page, start, end, quote: Cow::Owned(quote.into_owned()) }
        }
        AnchorV5::Document => AnchorV5::Document,
    }
}

fn anchor_from(a: AnchorV5<'_>) -> Anchor {
    match a {
        AnchorV5::Text { page, start, end, quote } => Anchor::Text(TextAnchor {
            page: page as usize,
            start: start as usize,
            end: end as usize,
            quote: quote.into_owned(),
        }),
        AnchorV5::Document => Anchor::Document,
    }
}

fn relative_pdf_path(path: &Path, base: Option<&Path>) -> String {
    let rel = base.and_then(|b| pathdiff::diff_paths(path, b)).filter(|r| !r.as_os_str().is_empty());
    let chosen = rel.as_deref().unwrap_or(path);
    let joined =
        chosen.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect::<Vec<_>>().join("/");
    // An absolute path's root component is "/" itself; joining doubles it.
    joined.replace("//", "/")
}

fn absolute_pdf_path(stored: &str, base: Option<&Path>) -> PathBuf {
    let p = PathBuf::from(stored);
    match base {
        Some(b) if p.is_relative() => super::format::lexical_clean(&b.join(p)),
        _ => p,
    }
}

fn coding_ref_to(r: &CodingRef) -> CodingRefV5 {
    CodingRefV5 { anchor: anchor_to_owned(&r.anchor), construct: r.construct.0.clone(), valence: valence_to(r.valence) }
}

fn coding_ref_from(r: CodingRefV5) -> CodingRef {
    CodingRef { anchor: anchor_from(r.anchor), construct: ConstructKey(r.construct), valence: valence_from(r.valence) }
}

// ---- the model -----------------------------------------------------------------------------

impl CodebookV5 {
    fn from_model(cb: &Codebook) -> Self {
        Self {
            name: cb.name.clone(),
            domains: cb
                .domains
                .iter()
                .map(|d| DomainV5 {
                    key: d.key.0.clone(),
                    number: d.number.clone(),
                    name: d.name.clone(),
                    level: match d.level {
                        Level::Micro => LevelV5::Micro,
                        Level::Meso => LevelV5::Meso,
                        Level::Macro => LevelV5::Macro,
                        Level::CrossLevel => LevelV5::CrossLevel,
                    },
                    nested_in: d.nested_in.as_ref().map(|k| k.0.clone()),
                    description: d.description.clone(),
                })
                .collect(),
            constructs: cb
                .constructs
                .iter()
                .map(|c| ConstructV5 {
                    key: c.key.0.clone(),
                    domain: c.domain.0.clone(),
                    label: c.label.clone(),
                    definition: c.definition.clone(),
                    retired: c.retired,
                })
                .collect(),
            imported: cb
                .imported
                .iter()
                .map(|c| ImportedCodeV5 {
                    key: c.key.clone(),
                    name: c.name.clone(),
                    parent: c.parent.clone(),
                    color: c.color.clone(),
                    description: c.description.clone(),
                    codable: c.codable,
                    origin: c.origin.clone(),
                    guid: c.guid.clone(),
                    sets: c.sets.clone(),
                })
                .collect(),
        }
    }

    pub(super) fn into_model(self) -> Codebook {
        Codebook {
            name: self.name,
            domains: self
                .domains
                .into_iter()
                .map(|d| Domain {
                    key: DomainKey(d.key),
                    number: d.number,
                    name: d.name,
                    level: match d.level {
                        LevelV5::Micro => Level::Micro,
                        LevelV5::Meso => Level::Meso,
                        LevelV5::Macro => Level::Macro,
                        LevelV5::CrossLevel => Level::CrossLevel,
                    },
                    nested_in: d.nested_in.map(DomainKey),
                    description: d.description,
                })
                .collect(),
            constructs: self
                .constructs
                .into_iter()
                .map(|c| Construct {
                    key: ConstructKey(c.key),
                    domain: DomainKey(c.domain),
                    label: c.label,
                    definition: c.definition,
                    retired: c.retired,
                })
                .collect(),
            imported: self
                .imported
                .into_iter()
                .map(|c| ImportedCode {
                    key: c.key,
                    name: c.name,
                    parent: c.parent,
                    color: c.color,
                    description: c.description,
                    codable: c.codable,
                    origin: c.origin,
                    guid: c.guid,
                    sets: c.sets,
                })
                .collect(),
        }
    }
}

impl CodebookChangeV5 {
    fn from_model(c: &CodebookChange) -> Self {
        match c.clone() {
            CodebookChange::Added { key, domain, at } => Self::Added { key: key.0, domain: domain.0, at },
            CodebookChange::Renamed { key, from, to, at } => Self::Renamed { key: key.0, from, to, at },
            CodebookChange::Redefined { key, at } => Self::Redefined { key: key.0, at },
            CodebookChange::Moved { key, from, to, at } => Self::Moved { key: key.0, from: from.0, to: to.0, at },
            CodebookChange::Merged { from, into, codings, at } => {
                Self::Merged { from: from.0, into: into.0, codings: to_u32(codings), at }
            }
            CodebookChange::Retired { key, at } => Self::Retired { key: key.0, at },
            CodebookChange::Restored { key, at } => Self::Restored { key: key.0, at },
        }
    }

    fn into_model(self) -> CodebookChange {
        match self {
            Self::Added { key, domain, at } => {
                CodebookChange::Added { key: ConstructKey(key), domain: DomainKey(domain), at }
            }
            Self::Renamed { key, from, to, at } => CodebookChange::Renamed { key: ConstructKey(key), from, to, at },
            Self::Redefined { key, at } => CodebookChange::Redefined { key: ConstructKey(key), at },
            Self::Moved { key, from, to, at } => {
                CodebookChange::Moved { key: ConstructKey(key), from: DomainKey(from), to: DomainKey(to), at }
            }
            Self::Merged { from, into, codings, at } => CodebookChange::Merged {
                from: ConstructKey(from),
                into: ConstructKey(into),
                codings: codings as usize,
                at,
            },
            Self::Retired { key, at } => CodebookChange::Retired { key: ConstructKey(key), at },
            Self::Restored { key, at } => CodebookChange::Restored { key: ConstructKey(key), at },
        }
    }
}

impl ReconciliationV5 {
    fn from_model(r: &Reconciliation) -> Self {
        Self {
            coder_a: r.coder_a.clone(),
            coder_b: r.coder_b.clone(),
            file_a: r.file_a.clone(),
            file_b: r.file_b.clone(),
            decisions: r
                .decisions
                .iter()
                .map(|d| DecisionV5 {
                    document: d.document.clone(),
                    a: d.a.as_ref().map(coding_ref_to),
                    b: d.b.as_ref().map(coding_ref_to),
                    choice: match &d.choice {
                        Choice::KeepA => ChoiceV5::KeepA,
                        Choice::KeepB => ChoiceV5::KeepB,
                        Choice::KeepBoth => ChoiceV5::KeepBoth,
                        Choice::KeepNeither => ChoiceV5::KeepNeither,
                        Choice::Edited { construct, valence } => {
                            ChoiceV5::Edited { construct: construct.0.clone(), valence: valence_to(*valence) }
                        }
                    },
                    comment: d.comment.clone(),
                    at: d.at.clone(),
                    by: d.by.clone(),
                    result: d.result.as_ref().map(coding_ref_to),
                })
                .collect(),
            reasons_required: r.reasons_required,
        }
    }

    fn into_model(self) -> Reconciliation {
        Reconciliation {
            coder_a: self.coder_a,
            coder_b: self.coder_b,
            file_a: self.file_a,
            file_b: self.file_b,
            decisions: self
                .decisions
                .into_iter()
                .map(|d| Decision {
                    document: d.document,
                    a: d.a.map(coding_ref_from),
                    b: d.b.map(coding_ref_from),
                    choice: match d.choice {
                        ChoiceV5::KeepA => Choice::KeepA,
                        ChoiceV5::KeepB => Choice::KeepB,
                        ChoiceV5::KeepBoth => Choice::KeepBoth,
                        ChoiceV5::KeepNeither => Choice::KeepNeither,
                        ChoiceV5::Edited { construct, valence } => {
                            Choice::Edited { construct: ConstructKey(construct), valence: valence_from(valence) }
                        }
                    },
                    comment: d.comment,
                    at: d.at,
                    by: d.by,
                    result: d.result.map(coding_ref_from),
                })
                .collect(),
            reasons_required: self.reasons_required,
        }
    }
}

impl DocumentV5 {
    fn from_model(d: &Document, base: Option<&Path>) -> Self {
        Self {
            title: d.title.clone(),
            study: d.study.0,
            sha256: d.sha256.clone(),
            pdf: d.pdf.as_ref().map(|s| relative_pdf_path(&s.path, base)),
            fields: d.fields.clone(),
            warnings: d.warnings.clone(),
            ocr: d.ocr.as_ref().map(|o| OcrV5 { language: o.language.clone(), pages: o.pages.clone() }),
            unreadable_pages: d.unreadable_pages.clone(),
            pages: d.pages.clone(),
        }
    }

    fn into_model(self, id: u32, base: Option<&Path>) -> Document {
        Document {
            id: DocumentId(id),
            title: self.title,
            study: StudyId(self.study),
            sha256: self.sha256,
            pdf: self.pdf.map(|p| PdfSource { path: absolute_pdf_path(&p, base) }),
            pages: self.pages,
            fields: self.fields,
            warnings: self.warnings,
            ocr: self.ocr.map(|o| OcrText { language: o.language, pages: o.pages }),
            unreadable_pages: self.unreadable_pages,
        }
    }
}

impl<'a> CodingV5<'a> {
    fn from_model(c: &'a Coding) -> Self {
        Self {
            document: c.document.0,
            construct: Cow::Borrowed(&c.construct.0),
            valence: valence_to(c.valence),
            anchor: anchor_to(&c.anchor),
            comment: Cow::Borrowed(&c.comment),
            coder: Cow::Borrowed(&c.coder),
            created: Cow::Borrowed(&c.created),
            provenance: c.provenance.clone(),
        }
    }

    fn into_model(self, id: u32) -> Coding {
        Coding {
            id: CodingId(id),
            document: DocumentId(self.document),
            anchor: anchor_from(self.anchor),
            construct: ConstructKey(self.construct.into_owned()),
            valence: valence_from(self.valence),
            comment: self.comment.into_owned(),
            coder: self.coder.into_owned(),
            created: self.created.into_owned(),
            provenance: self.provenance,
        }
    }
}

impl<'a> ProjectV5<'a> {
    pub(super) fn from_model(p: &'a Project, base: Option<&Path>) -> Self {
        let next = p.next_ids();
        Self {
            name: p.name().to_owned(),
            coder: p.coder().to_owned(),
            next_ids: NextIdsV5 {
                document: next.document,
                study: next.study,
                coding: next.coding,
                imported: next.imported,
            },
            codebook: CodebookV5::from_model(p.codebook()),
            codebook_history: p.codebook_history().iter().map(CodebookChangeV5::from_model).collect(),
            studies: p.studies().values().map(|s| (s.id.0, StudyV5 { label: s.label.clone() })).collect(),
            documents: p.documents().values().map(|d| (d.id.0, DocumentV5::from_model(d, base))).collect(),
            codings: p.codings().values().map(|c| (c.id.0, CodingV5::from_model(c))).collect(),
            reconciliation: p.reconciliation().map(ReconciliationV5::from_model),
            imported: p
                .imported_codings()
                .values()
                .map(|m| {
                    let coding = ImportedCodingV5 {
                        document: m.document.0,
                        code: m.code.clone(),
                        anchor: anchor_to_owned(&m.anchor),
                        comment: m.comment.clone(),
                        coder: m.coder.clone(),
                        created: m.created.clone(),
                    };
                    (m.id.0, coding)
                })
                .collect(),
        }
    }

    pub(super) fn into_model(self, base: Option<&Path>) -> Result<Project, ProjectError> {
        let studies = self.studies.into_iter().map(|(id, s)| Study { id: StudyId(id), label: s.label }).collect();
        let documents = self.documents.into_iter().map(|(id, d)| d.into_model(id, base)).collect();
        let codings = self.codings.into_iter().map(|(id, c)| c.into_model(id)).collect();
        let imported = self
            .imported
            .into_iter()
            .map(|(id, m)| ImportedCoding {
                id: ImportedCodingId(id),
                document: DocumentId(m.document),
                anchor: anchor_from(m.anchor),
                code: m.code,
                comment: m.comment,
                coder: m.coder,
                created: m.created,
            })
            .collect();
        Project::from_parts(ProjectParts {
            name: self.name,
            coder: self.coder,
            codebook: self.codebook.into_model(),
            codebook_history: self.codebook_history.into_iter().map(CodebookChangeV5::into_model).collect(),
            studies,
            documents,
            codings,
            imported,
            next: NextIds {
                document: self.next_ids.document,
                study: self.next_ids.study,
                coding: self.next_ids.coding,
                imported: self.next_ids.imported,
            },
            reconciliation: self.reconciliation.map(ReconciliationV5::into_model),
        })
    }
}
