//! Format version 2, frozen. Codings gain `provenance` (the coders a consensus coding came
//! from); the project gains the codebook's history and, for a consensus project, the record
//! of its reconciliation. Everything else is version 1's structs, unchanged. The
//! conversions between file values and the model that later versions reuse live here too.

use super::v1::{AnchorV1, CodebookV1, ConstructV1, DocumentV1, DomainV1, LevelV1, NextIdsV1, StudyV1, ValenceV1};
use crate::model::{
    Anchor, Codebook, CodebookChange, CodingRef, Construct, ConstructKey, Domain, DomainKey, Level, TextAnchor, Valence,
};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

#[derive(Serialize, Deserialize)]
pub(super) struct FileV2 {
    pub format: String,
    pub version: u32,
    pub project: ProjectV2,
}

#[derive(Serialize, Deserialize, Clone, PartialEq, Debug)]
pub(super) struct ProjectV2 {
    pub name: String,
    pub coder: String,
    pub next_ids: NextIdsV1,
    pub codebook: CodebookV1,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub codebook_history: Vec<CodebookChangeV2>,
    #[serde(deserialize_with = "super::strict::studies")]
    pub studies: BTreeMap<u32, StudyV1>,
    #[serde(deserialize_with = "super::strict::codings")]
    pub codings: BTreeMap<u32, CodingV2>,
    #[serde(deserialize_with = "super::strict::documents")]
    pub documents: BTreeMap<u32, DocumentV1>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reconciliation: Option<ReconciliationV2>,
}

#[derive(Serialize, Deserialize, Clone, PartialEq, Debug)]
pub(super) struct CodingV2 {
    pub document: u32,
    pub construct: String,
    pub valence: ValenceV1,
    pub anchor: AnchorV1,
    pub comment: String,
    pub coder: String,
    pub created: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub provenance: Vec<String>,
}

#[derive(Serialize, Deserialize, Clone, PartialEq, Debug)]
pub(super) enum CodebookChangeV2 {
    Added { key: String, domain: String, at: String },
    Renamed { key: String, from: String, to: String, at: String },
    Redefined { key: String, at: String },
    Moved { key: String, from: String, to: String, at: String },
    Merged { from: String, into: String, codings: u32, at: String },
    Retired { key: String, at: String },
    Restored { key: String, at: String },
}

#[derive(Serialize, Deserialize, Clone, PartialEq, Debug)]
pub(super) struct CodingRefV2 {
    pub anchor: AnchorV1,
    pub construct: String,
    pub valence: ValenceV1,
}

#[derive(Serialize, Deserialize, Clone, PartialEq, Debug)]
pub(super) enum ChoiceV2 {
    KeepA,
    KeepB,
    KeepBoth,
    KeepNeither,
    Edited { construct: String, valence: ValenceV1 },
}

#[derive(Serialize, Deserialize, Clone, PartialEq, Debug)]
pub(super) struct DecisionV2 {
    pub document: String,
    pub a: Option<CodingRefV2>,
    pub b: Option<CodingRefV2>,
    pub choice: ChoiceV2,
    pub comment: String,
    pub at: String,
}

#[derive(Serialize, Deserialize, Clone, PartialEq, Debug)]
pub(super) struct ReconciliationV2 {
    pub coder_a: String,
    pub coder_b: String,
    pub file_a: String,
    pub file_b: String,
    pub decisions: Vec<DecisionV2>,
}

// ---- small conversions -------------------------------------------------------------------

pub(super) fn valence_to(v: Valence) -> ValenceV1 {
    match v {
        Valence::Barrier => ValenceV1::Barrier,
        Valence::Facilitator => ValenceV1::Facilitator,
        Valence::Both => ValenceV1::Both,
    }
}

pub(super) fn valence_from(v: ValenceV1) -> Valence {
    match v {
        ValenceV1::Barrier => Valence::Barrier,
        ValenceV1::Facilitator => Valence::Facilitator,
        ValenceV1::Both => Valence::Both,
    }
}

/// Offsets are `usize` in memory and `u32` on disk (pages are far below 4 GB); values that
/// do not fit are saturated, which makes the anchor orphaned rather than wrong.
pub(super) fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

pub(super) fn anchor_to(a: &Anchor) -> AnchorV1 {
    match a {
        Anchor::Text(t) => {
            AnchorV1::Text { page: to_u32(t.page), start: to_u32(t.start), end: to_u32(t.end), quote: t.quote.clone() }
        }
        Anchor::Document => AnchorV1::Document,
    }
}

pub(super) fn anchor_from(a: AnchorV1) -> Anchor {
    match a {
        AnchorV1::Text { page, start, end, quote } => {
            Anchor::Text(TextAnchor { page: page as usize, start: start as usize, end: end as usize, quote })
        }
        AnchorV1::Document => Anchor::Document,
    }
}

pub(super) fn relative_pdf_path(path: &Path, base: Option<&Path>) -> String {
    let rel = base.and_then(|b| pathdiff::diff_paths(path, b)).filter(|r| !r.as_os_str().is_empty());
    let chosen = rel.as_deref().unwrap_or(path);
    let joined =
        chosen.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect::<Vec<_>>().join("/");
    // An absolute path's root component is "/" itself; joining doubles it.
    joined.replace("//", "/")
}

pub(super) fn absolute_pdf_path(stored: &str, base: Option<&Path>) -> PathBuf {
    let p = PathBuf::from(stored);
    match base {
        Some(b) if p.is_relative() => super::format::lexical_clean(&b.join(p)),
        _ => p,
    }
}

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

impl CodebookChangeV2 {
    pub(super) fn from_model(c: &CodebookChange) -> Self {
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

    pub(super) fn into_model(self) -> CodebookChange {
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

pub(super) fn coding_ref_to(r: &CodingRef) -> CodingRefV2 {
    CodingRefV2 { anchor: anchor_to(&r.anchor), construct: r.construct.0.clone(), valence: valence_to(r.valence) }
}

pub(super) fn coding_ref_from(r: CodingRefV2) -> CodingRef {
    CodingRef { anchor: anchor_from(r.anchor), construct: ConstructKey(r.construct), valence: valence_from(r.valence) }
}
