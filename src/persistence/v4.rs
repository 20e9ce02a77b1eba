//! Format version 4, frozen: documents record the pages whose text was recognised by OCR
//! (`ocr`); everything else is as in version 3. Complete in itself; knows how to become
//! version 5, and nothing of the versions before it.

use super::v5;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

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

// ---- upgrade to version 5 ------------------------------------------------------------------

fn valence5(v: ValenceV4) -> v5::ValenceV5 {
    match v {
        ValenceV4::Barrier => v5::ValenceV5::Barrier,
        ValenceV4::Facilitator => v5::ValenceV5::Facilitator,
        ValenceV4::Both => v5::ValenceV5::Both,
    }
}

fn anchor5(a: AnchorV4) -> v5::AnchorV5<'static> {
    match a {
        AnchorV4::Text { page, start, end, quote } => v5::AnchorV5::Text { page, start, end, quote: quote.into() },
        AnchorV4::Document => v5::AnchorV5::Document,
    }
}

fn coding_ref5(r: CodingRefV4) -> v5::CodingRefV5 {
    v5::CodingRefV5 { anchor: anchor5(r.anchor), construct: r.construct, valence: valence5(r.valence) }
}

fn change5(c: CodebookChangeV4) -> v5::CodebookChangeV5 {
    use v5::CodebookChangeV5 as C;
    match c {
        CodebookChangeV4::Added { key, domain, at } => C::Added { key, domain, at },
        CodebookChangeV4::Renamed { key, from, to, at } => C::Renamed { key, from, to, at },
        CodebookChangeV4::Redefined { key, at } => C::Redefined { key, at },
        CodebookChangeV4::Moved { key, from, to, at } => C::Moved { key, from, to, at },
        CodebookChangeV4::Merged { from, into, codings, at } => C::Merged { from, into, codings, at },
        CodebookChangeV4::Retired { key, at } => C::Retired { key, at },
        CodebookChangeV4::Restored { key, at } => C::Restored { key, at },
    }
}

fn choice5(c: ChoiceV4) -> v5::ChoiceV5 {
    match c {
        ChoiceV4::KeepA => v5::ChoiceV5::KeepA,
        ChoiceV4::KeepB => v5::ChoiceV5::KeepB,
        ChoiceV4::KeepBoth => v5::ChoiceV5::KeepBoth,
        ChoiceV4::KeepNeither => v5::ChoiceV5::KeepNeither,
        ChoiceV4::Edited { construct, valence } => v5::ChoiceV5::Edited { construct, valence: valence5(valence) },
    }
}

fn codebook5(cb: CodebookV4) -> v5::CodebookV5 {
    v5::CodebookV5 {
        name: cb.name,
        domains: cb
            .domains
            .into_iter()
            .map(|d| v5::DomainV5 {
                key: d.key,
                number: d.number,
                name: d.name,
                level: match d.level {
                    LevelV4::Micro => v5::LevelV5::Micro,
                    LevelV4::Meso => v5::LevelV5::Meso,
                    LevelV4::Macro => v5::LevelV5::Macro,
                    LevelV4::CrossLevel => v5::LevelV5::CrossLevel,
                },
                nested_in: d.nested_in,
                description: d.description,
            })
            .collect(),
        constructs: cb
            .constructs
            .into_iter()
            .map(|c| v5::ConstructV5 {
                key: c.key,
                domain: c.domain,
                label: c.label,
                definition: c.definition,
                retired: c.retired,
            })
            .collect(),
        imported: Vec::new(),
    }
}

impl From<ProjectV4> for v5::ProjectV5<'static> {
    /// Version 4 to 5: no imported codes or passages coded with them (there were none).
    fn from(p: ProjectV4) -> Self {
        Self {
            name: p.name,
            coder: p.coder,
            next_ids: v5::NextIdsV5 {
                document: p.next_ids.document,
                study: p.next_ids.study,
                coding: p.next_ids.coding,
                imported: 0,
            },
            codebook: codebook5(p.codebook),
            codebook_history: p.codebook_history.into_iter().map(change5).collect(),
            studies: p.studies.into_iter().map(|(id, s)| (id, v5::StudyV5 { label: s.label })).collect(),
            codings: p
                .codings
                .into_iter()
                .map(|(id, c)| {
                    let coding = v5::CodingV5 {
                        document: c.document,
                        construct: c.construct.into(),
                        valence: valence5(c.valence),
                        anchor: anchor5(c.anchor),
                        comment: c.comment.into(),
                        coder: c.coder.into(),
                        created: c.created.into(),
                        provenance: c.provenance,
                    };
                    (id, coding)
                })
                .collect(),
            documents: p
                .documents
                .into_iter()
                .map(|(id, d)| {
                    let doc = v5::DocumentV5 {
                        title: d.title,
                        study: d.study,
                        sha256: d.sha256,
                        pdf: d.pdf,
                        fields: d.fields,
                        warnings: d.warnings,
                        ocr: d.ocr.map(|o| v5::OcrV5 { language: o.language, pages: o.pages }),
                        unreadable_pages: Vec::new(),
                        pages: d.pages,
                    };
                    (id, doc)
                })
                .collect(),
            reconciliation: p.reconciliation.map(|r| v5::ReconciliationV5 {
                coder_a: r.coder_a,
                coder_b: r.coder_b,
                file_a: r.file_a,
                file_b: r.file_b,
                decisions: r
                    .decisions
                    .into_iter()
                    .map(|d| v5::DecisionV5 {
                        document: d.document,
                        a: d.a.map(coding_ref5),
                        b: d.b.map(coding_ref5),
                        choice: choice5(d.choice),
                        comment: d.comment,
                        at: d.at,
                        by: d.by,
                        result: d.result.map(coding_ref5),
                    })
                    .collect(),
                reasons_required: r.reasons_required,
            }),
            imported: BTreeMap::new(),
        }
    }
}
