//! Parts of the project file that several frozen format versions share, unchanged since the
//! version in their name (version 1's codebook, studies, documents, anchors and valences;
//! version 2's codings, codebook history and decisions' parts). Never change them: a version
//! that changes one gets a struct of its own. This module knows no version; each version
//! module uses what it needs from here and knows only the next version, to upgrade into it.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

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
