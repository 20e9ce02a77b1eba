//! Format version 4, the current one: documents record the pages whose text was recognised
//! by OCR (`ocr`); everything else is as in version 3.
//!
//! The current version is the only one converted to and from the model, and it knows
//! nothing of older versions: each of those is read through its own frozen structs and
//! upgraded one version at a time (version 3 knows how to become this one). Its structs are
//! complete in themselves, so that freezing it (when version 5 comes) changes nothing.

use crate::model::{
    Anchor, Choice, Codebook, CodebookChange, Coding, CodingId, CodingRef, Construct, ConstructKey, Decision, Document,
    DocumentId, Domain, DomainKey, Level, NextIds, OcrText, PdfSource, Project, ProjectError, ProjectParts,
    Reconciliation, Study, StudyId, TextAnchor, Valence,
};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

#[derive(Serialize, Deserialize)]
pub(super) struct FileV4 {
    pub format: String,
    pub version: u32,
    pub project: ProjectV4,
}

#[derive(Serialize, Deserialize, Clone, PartialEq, Debug)]
pub(super) struct ProjectV4 {
    pub name: String,
    pub coder: String,
    pub next_ids: NextIdsV4,
    pub codebook: CodebookV4,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub codebook_history: Vec<CodebookChangeV4>,
    #[serde(deserialize_with = "super::strict::studies")]
    pub studies: BTreeMap<u32, StudyV4>,
    #[serde(deserialize_with = "super::strict::codings")]
    pub codings: BTreeMap<u32, CodingV4>,
    #[serde(deserialize_with = "super::strict::documents")]
    pub documents: BTreeMap<u32, DocumentV4>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reconciliation: Option<ReconciliationV4>,
}

#[derive(Serialize, Deserialize, Clone, Copy, PartialEq, Debug)]
pub(super) struct NextIdsV4 {
    pub document: u32,
    pub study: u32,
    pub coding: u32,
}

#[derive(Serialize, Deserialize, Clone, PartialEq, Debug)]
pub(super) struct CodebookV4 {
    pub name: String,
    #[serde(deserialize_with = "super::strict::unique_keys")]
    pub domains: Vec<DomainV4>,
    #[serde(deserialize_with = "super::strict::unique_keys")]
    pub constructs: Vec<ConstructV4>,
}

#[derive(Serialize, Deserialize, Clone, Copy, PartialEq, Debug)]
pub(super) enum LevelV4 {
    Micro,
    Meso,
    Macro,
    CrossLevel,
}

#[derive(Serialize, Deserialize, Clone, PartialEq, Debug)]
pub(super) struct DomainV4 {
    pub key: String,
    pub number: String,
    pub name: String,
    pub level: LevelV4,
    pub nested_in: Option<String>,
    #[serde(default)]
    pub description: String,
}

#[derive(Serialize, Deserialize, Clone, PartialEq, Debug)]
pub(super) struct ConstructV4 {
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
pub(super) enum CodebookChangeV4 {
    Added { key: String, domain: String, at: String },
    Renamed { key: String, from: String, to: String, at: String },
    Redefined { key: String, at: String },
    Moved { key: String, from: String, to: String, at: String },
    Merged { from: String, into: String, codings: u32, at: String },
    Retired { key: String, at: String },
    Restored { key: String, at: String },
}

#[derive(Serialize, Deserialize, Clone, PartialEq, Debug)]
pub(super) struct StudyV4 {
    pub label: String,
}

#[derive(Serialize, Deserialize, Clone, PartialEq, Debug)]
pub(super) struct OcrV4 {
    pub language: String,
    pub pages: Vec<u32>,
}

#[derive(Serialize, Deserialize, Clone, PartialEq, Debug)]
pub(super) struct DocumentV4 {
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
    pub ocr: Option<OcrV4>,
    pub pages: Vec<String>,
}

#[derive(Serialize, Deserialize, Clone, Copy, PartialEq, Debug)]
pub(super) enum ValenceV4 {
    Barrier,
    Facilitator,
    Both,
}

#[derive(Serialize, Deserialize, Clone, PartialEq, Debug)]
pub(super) enum AnchorV4 {
    Text { page: u32, start: u32, end: u32, quote: String },
    Document,
}

#[derive(Serialize, Deserialize, Clone, PartialEq, Debug)]
pub(super) struct CodingV4 {
    pub document: u32,
    pub construct: String,
    pub valence: ValenceV4,
    pub anchor: AnchorV4,
    pub comment: String,
    pub coder: String,
    pub created: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub provenance: Vec<String>,
}

#[derive(Serialize, Deserialize, Clone, PartialEq, Debug)]
pub(super) struct CodingRefV4 {
    pub anchor: AnchorV4,
    pub construct: String,
    pub valence: ValenceV4,
}

#[derive(Serialize, Deserialize, Clone, PartialEq, Debug)]
pub(super) enum ChoiceV4 {
    KeepA,
    KeepB,
    KeepBoth,
    KeepNeither,
    Edited { construct: String, valence: ValenceV4 },
}

#[derive(Serialize, Deserialize, Clone, PartialEq, Debug)]
pub(super) struct DecisionV4 {
    pub document: String,
    pub a: Option<CodingRefV4>,
    pub b: Option<CodingRefV4>,
    pub choice: ChoiceV4,
    pub comment: String,
    pub at: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub by: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result: Option<CodingRefV4>,
}

#[derive(Serialize, Deserialize, Clone, PartialEq, Debug)]
pub(super) struct ReconciliationV4 {
    pub coder_a: String,
    pub coder_b: String,
    pub file_a: String,
    pub file_b: String,
    pub decisions: Vec<DecisionV4>,
    #[serde(default)]
    pub reasons_required: bool,
}

impl super::strict::Keyed for DomainV4 {
    const WHAT: &'static str = "domain";
    fn key(&self) -> &str {
        &self.key
    }
}

impl super::strict::Keyed for ConstructV4 {
    const WHAT: &'static str = "construct";
    fn key(&self) -> &str {
        &self.key
    }
}

// ---- small conversions ---------------------------------------------------------------------

fn valence_to(v: Valence) -> ValenceV4 {
    match v {
        Valence::Barrier => ValenceV4::Barrier,
        Valence::Facilitator => ValenceV4::Facilitator,
        Valence::Both => ValenceV4::Both,
    }
}

fn valence_from(v: ValenceV4) -> Valence {
    match v {
        ValenceV4::Barrier => Valence::Barrier,
        ValenceV4::Facilitator => Valence::Facilitator,
        ValenceV4::Both => Valence::Both,
    }
}

/// Offsets are `usize` in memory and `u32` on disk (pages are far below 4 GB); values that
/// do not fit are saturated, which makes the anchor orphaned rather than wrong.
fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

fn anchor_to(a: &Anchor) -> AnchorV4 {
    match a {
        Anchor::Text(t) => {
            AnchorV4::Text { page: to_u32(t.page), start: to_u32(t.start), end: to_u32(t.end), quote: t.quote.clone() }
        }
        Anchor::Document => AnchorV4::Document,
    }
}

fn anchor_from(a: AnchorV4) -> Anchor {
    match a {
        AnchorV4::Text { page, start, end, quote } => {
            Anchor::Text(TextAnchor { page: page as usize, start: start as usize, end: end as usize, quote })
        }
        AnchorV4::Document => Anchor::Document,
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

fn coding_ref_to(r: &CodingRef) -> CodingRefV4 {
    CodingRefV4 { anchor: anchor_to(&r.anchor), construct: r.construct.0.clone(), valence: valence_to(r.valence) }
}

fn coding_ref_from(r: CodingRefV4) -> CodingRef {
    CodingRef { anchor: anchor_from(r.anchor), construct: ConstructKey(r.construct), valence: valence_from(r.valence) }
}

// ---- the model -----------------------------------------------------------------------------

impl CodebookV4 {
    fn from_model(cb: &Codebook) -> Self {
        Self {
            name: cb.name.clone(),
            domains: cb
                .domains
                .iter()
                .map(|d| DomainV4 {
                    key: d.key.0.clone(),
                    number: d.number.clone(),
                    name: d.name.clone(),
                    level: match d.level {
                        Level::Micro => LevelV4::Micro,
                        Level::Meso => LevelV4::Meso,
                        Level::Macro => LevelV4::Macro,
                        Level::CrossLevel => LevelV4::CrossLevel,
                    },
                    nested_in: d.nested_in.as_ref().map(|k| k.0.clone()),
                    description: d.description.clone(),
                })
                .collect(),
            constructs: cb
                .constructs
                .iter()
                .map(|c| ConstructV4 {
                    key: c.key.0.clone(),
                    domain: c.domain.0.clone(),
                    label: c.label.clone(),
                    definition: c.definition.clone(),
                    retired: c.retired,
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
                        LevelV4::Micro => Level::Micro,
                        LevelV4::Meso => Level::Meso,
                        LevelV4::Macro => Level::Macro,
                        LevelV4::CrossLevel => Level::CrossLevel,
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
        }
    }
}

impl CodebookChangeV4 {
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

impl ReconciliationV4 {
    fn from_model(r: &Reconciliation) -> Self {
        Self {
            coder_a: r.coder_a.clone(),
            coder_b: r.coder_b.clone(),
            file_a: r.file_a.clone(),
            file_b: r.file_b.clone(),
            decisions: r
                .decisions
                .iter()
                .map(|d| DecisionV4 {
                    document: d.document.clone(),
                    a: d.a.as_ref().map(coding_ref_to),
                    b: d.b.as_ref().map(coding_ref_to),
                    choice: match &d.choice {
                        Choice::KeepA => ChoiceV4::KeepA,
                        Choice::KeepB => ChoiceV4::KeepB,
                        Choice::KeepBoth => ChoiceV4::KeepBoth,
                        Choice::KeepNeither => ChoiceV4::KeepNeither,
                        Choice::Edited { construct, valence } => {
                            ChoiceV4::Edited { construct: construct.0.clone(), valence: valence_to(*valence) }
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
                        ChoiceV4::KeepA => Choice::KeepA,
                        ChoiceV4::KeepB => Choice::KeepB,
                        ChoiceV4::KeepBoth => Choice::KeepBoth,
                        ChoiceV4::KeepNeither => Choice::KeepNeither,
                        ChoiceV4::Edited { construct, valence } => {
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

impl DocumentV4 {
    fn from_model(d: &Document, base: Option<&Path>) -> Self {
        Self {
            title: d.title.clone(),
            study: d.study.0,
            sha256: d.sha256.clone(),
            pdf: d.pdf.as_ref().map(|s| relative_pdf_path(&s.path, base)),
            fields: d.fields.clone(),
            warnings: d.warnings.clone(),
            ocr: d.ocr.as_ref().map(|o| OcrV4 { language: o.language.clone(), pages: o.pages.clone() }),
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
        }
    }
}

impl CodingV4 {
    fn from_model(c: &Coding) -> Self {
        Self {
            document: c.document.0,
            construct: c.construct.0.clone(),
            valence: valence_to(c.valence),
            anchor: anchor_to(&c.anchor),
            comment: c.comment.clone(),
            coder: c.coder.clone(),
            created: c.created.clone(),
            provenance: c.provenance.clone(),
        }
    }

    fn into_model(self, id: u32) -> Coding {
        Coding {
            id: CodingId(id),
            document: DocumentId(self.document),
            anchor: anchor_from(self.anchor),
            construct: ConstructKey(self.construct),
            valence: valence_from(self.valence),
            comment: self.comment,
            coder: self.coder,
            created: self.created,
            provenance: self.provenance,
        }
    }
}

impl ProjectV4 {
    pub(super) fn from_model(p: &Project, base: Option<&Path>) -> Self {
        let next = p.next_ids();
        Self {
            name: p.name().to_owned(),
            coder: p.coder().to_owned(),
            next_ids: NextIdsV4 { document: next.document, study: next.study, coding: next.coding },
            codebook: CodebookV4::from_model(p.codebook()),
            codebook_history: p.codebook_history().iter().map(CodebookChangeV4::from_model).collect(),
            studies: p.studies().values().map(|s| (s.id.0, StudyV4 { label: s.label.clone() })).collect(),
            documents: p.documents().values().map(|d| (d.id.0, DocumentV4::from_model(d, base))).collect(),
            codings: p.codings().values().map(|c| (c.id.0, CodingV4::from_model(c))).collect(),
            reconciliation: p.reconciliation().map(ReconciliationV4::from_model),
        }
    }

    pub(super) fn into_model(self, base: Option<&Path>) -> Result<Project, ProjectError> {
        let studies = self.studies.into_iter().map(|(id, s)| Study { id: StudyId(id), label: s.label }).collect();
        let documents = self.documents.into_iter().map(|(id, d)| d.into_model(id, base)).collect();
        let codings = self.codings.into_iter().map(|(id, c)| c.into_model(id)).collect();
        Project::from_parts(ProjectParts {
            name: self.name,
            coder: self.coder,
            codebook: self.codebook.into_model(),
            codebook_history: self.codebook_history.into_iter().map(CodebookChangeV4::into_model).collect(),
            studies,
            documents,
            codings,
            next: NextIds {
                document: self.next_ids.document,
                study: self.next_ids.study,
                coding: self.next_ids.coding,
            },
            reconciliation: self.reconciliation.map(ReconciliationV4::into_model),
        })
    }
}
