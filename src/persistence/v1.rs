//! Format version 1, frozen. Never change these structs: a new format version gets new
//! structs and a migration from the previous one. Field names are the file's vocabulary.

use crate::model::{
    Anchor, Codebook, Coding, CodingId, Construct, ConstructKey, Document, DocumentId, Domain, DomainKey, Level,
    NextIds, PdfSource, Project, ProjectError, Study, StudyId, TextAnchor, Valence,
};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

#[derive(Serialize, Deserialize)]
pub(super) struct FileV1 {
    pub format: String,
    pub version: u32,
    pub project: ProjectV1,
}

#[derive(Serialize, Deserialize, Clone, PartialEq, Debug)]
pub(super) struct ProjectV1 {
    pub name: String,
    pub coder: String,
    pub next_ids: NextIdsV1,
    pub codebook: CodebookV1,
    pub studies: BTreeMap<u32, StudyV1>,
    pub codings: BTreeMap<u32, CodingV1>,
    pub documents: BTreeMap<u32, DocumentV1>,
}

#[derive(Serialize, Deserialize, Clone, Copy, PartialEq, Debug)]
pub(super) struct NextIdsV1 {
    pub document: u32,
    pub study: u32,
    pub coding: u32,
}

#[derive(Serialize, Deserialize, Clone, PartialEq, Debug)]
pub(super) struct CodebookV1 {
    pub name: String,
    pub domains: Vec<DomainV1>,
    pub constructs: Vec<ConstructV1>,
}

#[derive(Serialize, Deserialize, Clone, Copy, PartialEq, Debug)]
pub(super) enum LevelV1 {
    Micro,
    Meso,
    Macro,
    CrossLevel,
}

#[derive(Serialize, Deserialize, Clone, PartialEq, Debug)]
pub(super) struct DomainV1 {
    pub key: String,
    pub number: String,
    pub name: String,
    pub level: LevelV1,
    pub nested_in: Option<String>,
    #[serde(default)]
    pub description: String,
}

#[derive(Serialize, Deserialize, Clone, PartialEq, Debug)]
pub(super) struct ConstructV1 {
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
pub(super) struct StudyV1 {
    pub label: String,
}

#[derive(Serialize, Deserialize, Clone, PartialEq, Debug)]
pub(super) struct DocumentV1 {
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
    pub pages: Vec<String>,
}

#[derive(Serialize, Deserialize, Clone, Copy, PartialEq, Debug)]
pub(super) enum ValenceV1 {
    Barrier,
    Facilitator,
    Both,
}

#[derive(Serialize, Deserialize, Clone, PartialEq, Debug)]
pub(super) enum AnchorV1 {
    Text { page: u32, start: u32, end: u32, quote: String },
    Document,
}

#[derive(Serialize, Deserialize, Clone, PartialEq, Debug)]
pub(super) struct CodingV1 {
    pub document: u32,
    pub construct: String,
    pub valence: ValenceV1,
    pub anchor: AnchorV1,
    pub comment: String,
    pub coder: String,
    pub created: String,
}

// ---- model -> file ------------------------------------------------------------------------

impl CodebookV1 {
    pub(super) fn from_model(cb: &Codebook) -> Self {
        Self {
            name: cb.name.clone(),
            domains: cb
                .domains
                .iter()
                .map(|d| DomainV1 {
                    key: d.key.0.clone(),
                    number: d.number.clone(),
                    name: d.name.clone(),
                    level: match d.level {
                        Level::Micro => LevelV1::Micro,
                        Level::Meso => LevelV1::Meso,
                        Level::Macro => LevelV1::Macro,
                        Level::CrossLevel => LevelV1::CrossLevel,
                    },
                    nested_in: d.nested_in.as_ref().map(|k| k.0.clone()),
                    description: d.description.clone(),
                })
                .collect(),
            constructs: cb
                .constructs
                .iter()
                .map(|c| ConstructV1 {
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
                        LevelV1::Micro => Level::Micro,
                        LevelV1::Meso => Level::Meso,
                        LevelV1::Macro => Level::Macro,
                        LevelV1::CrossLevel => Level::CrossLevel,
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

fn valence_to(v: Valence) -> ValenceV1 {
    match v {
        Valence::Barrier => ValenceV1::Barrier,
        Valence::Facilitator => ValenceV1::Facilitator,
        Valence::Both => ValenceV1::Both,
    }
}

fn valence_from(v: ValenceV1) -> Valence {
    match v {
        ValenceV1::Barrier => Valence::Barrier,
        ValenceV1::Facilitator => Valence::Facilitator,
        ValenceV1::Both => Valence::Both,
    }
}

/// Offsets are `usize` in memory and `u32` on disk (pages are far below 4 GB); values that
/// do not fit are saturated, which makes the anchor orphaned rather than wrong.
fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

fn relative_pdf_path(path: &Path, base: Option<&Path>) -> String {
    let rel = base.and_then(|b| pathdiff::diff_paths(path, b)).filter(|r| !r.as_os_str().is_empty());
    let chosen = rel.as_deref().unwrap_or(path);
    chosen
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
        .replace("//", "/")
}

fn absolute_pdf_path(stored: &str, base: Option<&Path>) -> PathBuf {
    let p = PathBuf::from(stored);
    match base {
        Some(b) if p.is_relative() => super::format::lexical_clean(&b.join(p)),
        _ => p,
    }
}

impl ProjectV1 {
    pub(super) fn from_model(p: &Project, base: Option<&Path>) -> Self {
        let next = p.next_ids();
        Self {
            name: p.name().to_owned(),
            coder: p.coder().to_owned(),
            next_ids: NextIdsV1 { document: next.document, study: next.study, coding: next.coding },
            codebook: CodebookV1::from_model(p.codebook()),
            studies: p.studies().values().map(|s| (s.id.0, StudyV1 { label: s.label.clone() })).collect(),
            documents: p
                .documents()
                .values()
                .map(|d| {
                    (
                        d.id.0,
                        DocumentV1 {
                            title: d.title.clone(),
                            study: d.study.0,
                            sha256: d.sha256.clone(),
                            pdf: d.pdf.as_ref().map(|s| relative_pdf_path(&s.path, base)),
                            fields: d.fields.clone(),
                            warnings: d.warnings.clone(),
                            pages: d.pages.clone(),
                        },
                    )
                })
                .collect(),
            codings: p
                .codings()
                .values()
                .map(|c| {
                    (
                        c.id.0,
                        CodingV1 {
                            document: c.document.0,
                            construct: c.construct.0.clone(),
                            valence: valence_to(c.valence),
                            anchor: match &c.anchor {
                                Anchor::Text(t) => AnchorV1::Text {
                                    page: to_u32(t.page),
                                    start: to_u32(t.start),
                                    end: to_u32(t.end),
                                    quote: t.quote.clone(),
                                },
                                Anchor::Document => AnchorV1::Document,
                            },
                            comment: c.comment.clone(),
                            coder: c.coder.clone(),
                            created: c.created.clone(),
                        },
                    )
                })
                .collect(),
        }
    }

    pub(super) fn into_model(self, base: Option<&Path>) -> Result<Project, ProjectError> {
        let studies = self.studies.into_iter().map(|(id, s)| Study { id: StudyId(id), label: s.label }).collect();
        let documents = self
            .documents
            .into_iter()
            .map(|(id, d)| Document {
                id: DocumentId(id),
                title: d.title,
                study: StudyId(d.study),
                sha256: d.sha256,
                pdf: d.pdf.map(|p| PdfSource { path: absolute_pdf_path(&p, base) }),
                pages: d.pages,
                fields: d.fields,
                warnings: d.warnings,
            })
            .collect();
        let codings = self
            .codings
            .into_iter()
            .map(|(id, c)| Coding {
                id: CodingId(id),
                document: DocumentId(c.document),
                anchor: match c.anchor {
                    AnchorV1::Text { page, start, end, quote } => Anchor::Text(TextAnchor {
                        page: page as usize,
                        start: start as usize,
                        end: end as usize,
                        quote,
                    }),
                    AnchorV1::Document => Anchor::Document,
                },
                construct: ConstructKey(c.construct),
                valence: valence_from(c.valence),
                comment: c.comment,
                coder: c.coder,
                created: c.created,
            })
            .collect();
        Project::from_parts(
            self.name,
            self.coder,
            self.codebook.into_model(),
            studies,
            documents,
            codings,
            NextIds { document: self.next_ids.document, study: self.next_ids.study, coding: self.next_ids.coding },
        )
    }
}
