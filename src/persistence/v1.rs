//! Format version 1, frozen. Never change these structs: a new format version gets new
//! structs and an upgrade from the previous one. Field names are the file's vocabulary. The
//! parts later versions kept unchanged are in `frozen`. Knows version 2 only, to upgrade
//! into it.

use super::frozen::{AnchorV1, CodebookV1, CodingV2, DocumentV1, NextIdsV1, StudyV1, ValenceV1};
use super::v2;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

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
    #[serde(deserialize_with = "super::strict::studies")]
    pub studies: BTreeMap<u32, StudyV1>,
    #[serde(deserialize_with = "super::strict::codings")]
    pub codings: BTreeMap<u32, CodingV1>,
    #[serde(deserialize_with = "super::strict::documents")]
    pub documents: BTreeMap<u32, DocumentV1>,
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

// ---- upgrade to version 2 ------------------------------------------------------------------

impl From<ProjectV1> for v2::ProjectV2 {
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
