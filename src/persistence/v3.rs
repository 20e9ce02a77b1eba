//! Format version 3, frozen. A consensus project's record of decisions says who took each
//! decision and, for an edit, which coding went into the consensus; the record says whether
//! every decision needed a reason. Everything else is version 2's structs, unchanged.
//!
//! This is the current version: the only one converted to and from the model. Older
//! versions are read through their own structs and upgraded here, one way.

use super::v1::{CodebookV1, DocumentV1, NextIdsV1, StudyV1};
use super::v2::{
    ChoiceV2, CodebookChangeV2, CodingRefV2, CodingV2, ProjectV2, ReconciliationV2, absolute_pdf_path, anchor_from,
    anchor_to, coding_ref_from, coding_ref_to, relative_pdf_path, valence_from, valence_to,
};
use crate::model::{
    Choice, Coding, CodingId, ConstructKey, Decision, Document, DocumentId, NextIds, PdfSource, Project, ProjectError,
    ProjectParts, Reconciliation, Study, StudyId,
};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

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

// ---- upgrade from version 2 ----------------------------------------------------------------

impl From<ProjectV2> for ProjectV3 {
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
            reconciliation: p.reconciliation.map(|r: ReconciliationV2| ReconciliationV3 {
                coder_a: r.coder_a,
                coder_b: r.coder_b,
                file_a: r.file_a,
                file_b: r.file_b,
                decisions: r
                    .decisions
                    .into_iter()
                    .map(|d| DecisionV3 {
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

// ---- the model ------------------------------------------------------------------------------

impl ReconciliationV3 {
    fn from_model(r: &Reconciliation) -> Self {
        Self {
            coder_a: r.coder_a.clone(),
            coder_b: r.coder_b.clone(),
            file_a: r.file_a.clone(),
            file_b: r.file_b.clone(),
            decisions: r
                .decisions
                .iter()
                .map(|d| DecisionV3 {
                    document: d.document.clone(),
                    a: d.a.as_ref().map(coding_ref_to),
                    b: d.b.as_ref().map(coding_ref_to),
                    choice: match &d.choice {
                        Choice::KeepA => ChoiceV2::KeepA,
                        Choice::KeepB => ChoiceV2::KeepB,
                        Choice::KeepBoth => ChoiceV2::KeepBoth,
                        Choice::KeepNeither => ChoiceV2::KeepNeither,
                        Choice::Edited { construct, valence } => {
                            ChoiceV2::Edited { construct: construct.0.clone(), valence: valence_to(*valence) }
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
                        ChoiceV2::KeepA => Choice::KeepA,
                        ChoiceV2::KeepB => Choice::KeepB,
                        ChoiceV2::KeepBoth => Choice::KeepBoth,
                        ChoiceV2::KeepNeither => Choice::KeepNeither,
                        ChoiceV2::Edited { construct, valence } => {
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

impl ProjectV3 {
    pub(super) fn from_model(p: &Project, base: Option<&Path>) -> Self {
        let next = p.next_ids();
        Self {
            name: p.name().to_owned(),
            coder: p.coder().to_owned(),
            next_ids: NextIdsV1 { document: next.document, study: next.study, coding: next.coding },
            codebook: CodebookV1::from_model(p.codebook()),
            codebook_history: p.codebook_history().iter().map(CodebookChangeV2::from_model).collect(),
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
                        CodingV2 {
                            document: c.document.0,
                            construct: c.construct.0.clone(),
                            valence: valence_to(c.valence),
                            anchor: anchor_to(&c.anchor),
                            comment: c.comment.clone(),
                            coder: c.coder.clone(),
                            created: c.created.clone(),
                            provenance: c.provenance.clone(),
                        },
                    )
                })
                .collect(),
            reconciliation: p.reconciliation().map(ReconciliationV3::from_model),
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
                anchor: anchor_from(c.anchor),
                construct: ConstructKey(c.construct),
                valence: valence_from(c.valence),
                comment: c.comment,
                coder: c.coder,
                created: c.created,
                provenance: c.provenance,
            })
            .collect();
        Project::from_parts(ProjectParts {
            name: self.name,
            coder: self.coder,
            codebook: self.codebook.into_model(),
            codebook_history: self.codebook_history.into_iter().map(CodebookChangeV2::into_model).collect(),
            studies,
            documents,
            codings,
            next: NextIds {
                document: self.next_ids.document,
                study: self.next_ids.study,
                coding: self.next_ids.coding,
            },
            reconciliation: self.reconciliation.map(ReconciliationV3::into_model),
        })
    }
}
