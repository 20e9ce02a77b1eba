//! Format version 1, frozen. Never change these structs: a new format version gets new
//! structs and an upgrade from the previous one. Field names are the file's vocabulary.
//! Versions 2 and 3 reuse the parts that did not change (codebook, studies, documents,
//! anchors); the upgrade to version 2 is there. Knows no other version.

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

#[derive(Serialize, Deserialize, Clone, Copy, PartialEq, Debug)]
pub(super) struct NextIdsV1 {
    pub document: u32,
    pub study: u32,
    pub coding: u32,
}

#[derive(Serialize, Deserialize, Clone, PartialEq, Debug)]
pub(super) struct CodebookV1 {
    pub name: String,
    #[serde(deserialize_with = "super::strict::unique_keys")]
    pub domains: Vec<DomainV1>,
    #[serde(deserialize_with = "super::strict::unique_keys")]
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

impl super::strict::Keyed for DomainV1 {
    const WHAT: &'static str = "domain";
    fn key(&self) -> &str {
        &self.key
    }
}

impl super::strict::Keyed for ConstructV1 {
    const WHAT: &'static str = "construct";
    fn key(&self) -> &str {
        &self.key
    }
}
