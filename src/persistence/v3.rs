//! Format version 3, frozen. A consensus project's record of decisions says who took each
//! decision and, for an edit, which coding went into the consensus; the record says whether
//! every decision needed a reason. Everything else is version 2's structs, unchanged (in
//! `frozen`). Knows version 4 only, to upgrade into it.

use super::frozen::{
    AnchorV1, ChoiceV2, CodebookChangeV2, CodebookV1, CodingRefV2, CodingV2, DocumentV1, LevelV1, NextIdsV1, StudyV1,
    ValenceV1,
};
use super::v4;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Serialize, Deserialize)]
pub(super) struct FileV3 {
    pub format: String,
    pub version: u32,
    pub project: ProjectV3,
}

#[derive(Serialize, Deserialize, Clone, PartialEq, Debug)]
pub(super) struct ProjectV3 {
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
    pub reconciliation: Option<ReconciliationV3>,
}

#[derive(Serialize, Deserialize, Clone, PartialEq, Debug)]
pub(super) struct DecisionV3 {
    pub document: String,
    pub a: Option<CodingRefV2>,
    pub b: Option<CodingRefV2>,
    pub choice: ChoiceV2,
    pub comment: String,
    pub at: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub by: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result: Option<CodingRefV2>,
}

#[derive(Serialize, Deserialize, Clone, PartialEq, Debug)]
pub(super) struct ReconciliationV3 {
    pub coder_a: String,
    pub coder_b: String,
    pub file_a: String,
    pub file_b: String,
    pub decisions: Vec<DecisionV3>,
    #[serde(default)]
    pub reasons_required: bool,
}

// ---- upgrade to version 4 ------------------------------------------------------------------

fn valence4(v: ValenceV1) -> v4::ValenceV4 {
    match v {
        ValenceV1::Barrier => v4::ValenceV4::Barrier,
        ValenceV1::Facilitator => v4::ValenceV4::Facilitator,
        ValenceV1::Both => v4::ValenceV4::Both,
    }
}

fn anchor4(a: AnchorV1) -> v4::AnchorV4 {
    match a {
        AnchorV1::Text { page, start, end, quote } => v4::AnchorV4::Text { page, start, end, quote },
        AnchorV1::Document => v4::AnchorV4::Document,
    }
}

fn coding_ref4(r: CodingRefV2) -> v4::CodingRefV4 {
    v4::CodingRefV4 { anchor: anchor4(r.anchor), construct: r.construct, valence: valence4(r.valence) }
}

fn codebook4(cb: CodebookV1) -> v4::CodebookV4 {
    v4::CodebookV4 {
        name: cb.name,
        domains: cb
            .domains
            .into_iter()
            .map(|d| v4::DomainV4 {
                key: d.key,
                number: d.number,
                name: d.name,
                level: match d.level {
                    LevelV1::Micro => v4::LevelV4::Micro,
                    LevelV1::Meso => v4::LevelV4::Meso,
                    LevelV1::Macro => v4::LevelV4::Macro,
                    LevelV1::CrossLevel => v4::LevelV4::CrossLevel,
                },
                nested_in: d.nested_in,
                description: d.description,
            })
            .collect(),
        constructs: cb
            .constructs
            .into_iter()
            .map(|c| v4::ConstructV4 {
                key: c.key,
                domain: c.domain,
                label: c.label,
                definition: c.definition,
                retired: c.retired,
            })
            .collect(),
    }
}

fn change4(c: CodebookChangeV2) -> v4::CodebookChangeV4 {
    use v4::CodebookChangeV4 as C;
    match c {
        CodebookChangeV2::Added { key, domain, at } => C::Added { key, domain, at },
        CodebookChangeV2::Renamed { key, from, to, at } => C::Renamed { key, from, to, at },
        CodebookChangeV2::Redefined { key, at } => C::Redefined { key, at },
        CodebookChangeV2::Moved { key, from, to, at } => C::Moved { key, from, to, at },
        CodebookChangeV2::Merged { from, into, codings, at } => C::Merged { from, into, codings, at },
        CodebookChangeV2::Retired { key, at } => C::Retired { key, at },
        CodebookChangeV2::Restored { key, at } => C::Restored { key, at },
    }
}

fn choice4(c: ChoiceV2) -> v4::ChoiceV4 {
    match c {
        ChoiceV2::KeepA => v4::ChoiceV4::KeepA,
        ChoiceV2::KeepB => v4::ChoiceV4::KeepB,
        ChoiceV2::KeepBoth => v4::ChoiceV4::KeepBoth,
        ChoiceV2::KeepNeither => v4::ChoiceV4::KeepNeither,
        ChoiceV2::Edited { construct, valence } => v4::ChoiceV4::Edited { construct, valence: valence4(valence) },
    }
}

fn document4(d: DocumentV1) -> v4::DocumentV4 {
    v4::DocumentV4 {
        title: d.title,
        study: d.study,
        sha256: d.sha256,
        pdf: d.pdf,
        fields: d.fields,
        warnings: d.warnings,
        ocr: None,
        pages: d.pages,
    }
}

impl From<ProjectV3> for v4::ProjectV4 {
    /// Version 3 to 4: documents gain the record of pages read by OCR (none then). The rest
    /// is carried over as it is.
    fn from(p: ProjectV3) -> Self {
        Self {
            name: p.name,
            coder: p.coder,
            next_ids: v4::NextIdsV4 {
                document: p.next_ids.document,
                study: p.next_ids.study,
                coding: p.next_ids.coding,
            },
            codebook: codebook4(p.codebook),
            codebook_history: p.codebook_history.into_iter().map(change4).collect(),
            studies: p
                .studies
                .into_iter()
                .map(|(id, s): (u32, StudyV1)| (id, v4::StudyV4 { label: s.label }))
                .collect(),
            codings: p
                .codings
                .into_iter()
                .map(|(id, c)| {
                    let coding = v4::CodingV4 {
                        document: c.document,
                        construct: c.construct,
                        valence: valence4(c.valence),
                        anchor: anchor4(c.anchor),
                        comment: c.comment,
                        coder: c.coder,
                        created: c.created,
                        provenance: c.provenance,
                    };
                    (id, coding)
                })
                .collect(),
            documents: p.documents.into_iter().map(|(id, d)| (id, document4(d))).collect(),
            reconciliation: p.reconciliation.map(|r| v4::ReconciliationV4 {
                coder_a: r.coder_a,
                coder_b: r.coder_b,
                file_a: r.file_a,
                file_b: r.file_b,
                decisions: r
                    .decisions
                    .into_iter()
                    .map(|d| v4::DecisionV4 {
                        document: d.document,
                        a: d.a.map(coding_ref4),
                        b: d.b.map(coding_ref4),
                        choice: choice4(d.choice),
                        comment: d.comment,
                        at: d.at,
                        by: d.by,
                        result: d.result.map(coding_ref4),
                    })
                    .collect(),
                reasons_required: r.reasons_required,
            }),
        }
    }
}
