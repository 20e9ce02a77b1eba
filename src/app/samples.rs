//! The PDFs of the workshop sample, built into the app so its pages show from any folder:
//! on first use they are written to the app's data folder and the sample points there.

use crate::model::{Project, sha256_hex};
use std::path::Path;

/// The sample PDFs: file name and content (redistributed under their CC BY licences, see
/// `sample_projects/README.md`).
const PDFS: [(&str, &[u8]); 2] = [
    (
        "bmc-health-serv-res-2014-agyeman-duah.pdf",
        include_bytes!("../../sample_projects/pdfs/bmc-health-serv-res-2014-agyeman-duah.pdf"),
    ),
    (
        "plos-med-2022-rodi-health-policy.pdf",
        include_bytes!("../../sample_projects/pdfs/plos-med-2022-rodi-health-policy.pdf"),
    ),
];

/// Points the sample's documents at copies of the built-in PDFs (written once, checked by
/// hash). Documents whose PDF cannot be written keep their stored text.
pub(crate) fn place_pdfs(project: &mut Project, data_dir: Option<&Path>) {
    let Some(dir) = data_dir.map(|d| d.join("sample-pdfs")) else { return };
    let mut places = Vec::new();
    for doc in project.documents().values() {
        let Some((name, bytes)) = PDFS.iter().find(|(_, b)| sha256_hex(b) == doc.sha256) else { continue };
        let target = dir.join(name);
        let present = std::fs::read(&target).is_ok_and(|b| b == *bytes);
        let written = present
            || (std::fs::create_dir_all(&dir).is_ok() && crate::persistence::write_atomic(&target, bytes).is_ok());
        if written {
            places.push((doc.id, target));
        }
    }
    for (id, path) in places {
        let edit = crate::model::Edit::SetPdf { document: id, pdf: Some(crate::model::PdfSource { path }) };
        // Not an undoable step: the sample opens this way.
        let _ = project.apply(edit);
    }
}

/// The sample projects, embedded so they open from any folder: (file name, text). For the
/// pair review, coder A's project (see [`PAIR_B`] for coder B's).
pub(super) fn sample_text(sample: crate::ui::Sample) -> (&'static str, &'static str) {
    match sample {
        crate::ui::Sample::Workshop => {
            ("sample_projects/workshop.ron", include_str!("../../sample_projects/workshop.ron"))
        }
        crate::ui::Sample::Review => {
            ("sample_projects/befits-mh-review.ron", include_str!("../../sample_projects/befits-mh-review.ron"))
        }
        crate::ui::Sample::Pair => ("sample_projects/pair-ama.ron", include_str!("../../sample_projects/pair-ama.ron")),
    }
}

/// Coder B's project of the pair-review sample: (the name it is shown and recorded by, text).
/// Not a path on this computer: the review's heading and a consensus's record of its
/// sources say it is the built-in one.
pub(super) const PAIR_B: (&str, &str) =
    ("built-in sample pair-ben.ron", include_str!("../../sample_projects/pair-ben.ron"));
