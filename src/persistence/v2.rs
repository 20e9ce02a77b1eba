//! Format version 2, frozen. Codings gain `provenance` (the coders a consensus coding came
//! from); the project gains the codebook's history and, for a consensus project, the record
//! of its reconciliation. Everything else is version 1's structs, unchanged (in `frozen`).
//! Knows version 3 only, to upgrade into it.

use super::frozen::{ChoiceV2, CodebookChangeV2, CodebookV1, CodingRefV2, CodingV2, DocumentV1, NextIdsV1, StudyV1};
use super::v3;
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

// ---- upgrade to version 3 ------------------------------------------------------------------

impl From<ProjectV2> for v3::ProjectV3 {
    /// Version 2 to 3: decisions gain an empty "by" (not recorded then) and no result; the
    /// record did not require reasons.
    fn from(p: ProjectV2) -> Self {
        Self {
            name: p.name,
            coder: p.coder,
            next_ids: p.next_ids,
            codebook: p.codebook,
            codebook_history: p.codebook_history,
            studies: p.studies,
            codings: p.codings,
            documents: p.documents,
            reconciliation: p.reconciliation.map(|r: ReconciliationV2| v3::ReconciliationV3 {
                coder_a: r.coder_a,
                coder_b: r.coder_b,
                file_a: r.file_a,
                file_b: r.file_b,
                decisions: r
                    .decisions
                    .into_iter()
                    .map(|d| v3::DecisionV3 {
                        document: d.document,
                        a: d.a,
                        b: d.b,
                        choice: d.choice,
                        comment: d.comment,
                        at: d.at,
                        by: String::new(),
                        result: None,
                    })
                    .collect(),
                reasons_required: false,
            }),
        }
    }
}
