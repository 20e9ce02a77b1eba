//! Format version 2, frozen. Codings gain `provenance` (the coders a consensus coding came
//! from); the project gains the codebook's history and, for a consensus project, the record
//! of its reconciliation. Everything else is version 1's structs, unchanged. Knows version 1
//! (its structs, and the upgrade from it) and no later version.

use super::v1::{AnchorV1, CodebookV1, DocumentV1, NextIdsV1, ProjectV1, StudyV1, ValenceV1};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

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

// ---- upgrade from version 1 ----------------------------------------------------------------

impl From<ProjectV1> for ProjectV2 {
    /// Version 1 to 2: codings gain an (empty) provenance; the project gains an empty
    /// codebook history and no reconciliation.
    fn from(p: ProjectV1) -> Self {
        Self {
            name: p.name,
            coder: p.coder,
            next_ids: p.next_ids,
            codebook: p.codebook,
            codebook_history: Vec::new(),
            studies: p.studies,
            codings: p
                .codings
                .into_iter()
                .map(|(id, c)| {
                    let coding = CodingV2 {
                        document: c.document,
                        construct: c.construct,
                        valence: c.valence,
                        anchor: c.anchor,
                        comment: c.comment,
                        coder: c.coder,
                        created: c.created,
                        provenance: Vec::new(),
                    };
                    (id, coding)
                })
                .collect(),
            documents: p.documents,
            reconciliation: None,
        }
    }
}
