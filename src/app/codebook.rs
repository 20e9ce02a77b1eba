//! Codebooks into the project: a codebook CSV or a REFI-QDA codebook (.qdc) read (bounded)
//! and merged with the project's codebook in the background, then recorded in the
//! codebook's history and applied as one undoable step.

use super::BefitsApp;
use crate::model::Codebook;
use crate::persistence;
use crate::ui::Message;
use std::path::Path;

/// Reads the codebook file at `path` and merges it into `base`. Runs in a job: the file may
/// be as large as a table.
fn read_merged(path: &Path, base: &Codebook) -> Result<Codebook, String> {
    let text = persistence::read_file(path, persistence::MAX_TABLE_BYTES)
        .and_then(|b| String::from_utf8(b).map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e)))
        .map_err(|e| format!("Could not read the codebook ({e}): {}", path.display()))?;
    let qdc = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("qdc"));
    let merged = if qdc {
        persistence::import_qdc(&text, base).map_err(|e| e.to_string())
    } else {
        persistence::import_codebook_csv(&text, base)
    };
    merged.map_err(|e| format!("The codebook was not changed: {e}: {}", path.display()))
}

impl BefitsApp {
    pub(super) fn import_codebook(&mut self, path: &Path) {
        let Some(session) = &self.session else { return };
        let base = session.project.codebook().clone();
        let path = path.to_path_buf();
        self.run_for_project(format!("Reading the codebook {}", super::file_name(&path)), false, move |_| {
            let merged = read_merged(&path, &base);
            Box::new(move |app: &mut BefitsApp, _: &egui::Context| {
                app.finish_codebook_import(&path, &base, merged);
            })
        });
    }

    fn finish_codebook_import(&mut self, path: &Path, base: &Codebook, merged: Result<Codebook, String>) {
        let codebook = match merged {
            Ok(codebook) => codebook,
            Err(e) => return self.message(Message::error(e)),
        };
        let Some(session) = &mut self.session else { return };
        // The merge was made with the codebook as it was; one changed since is not
        // overwritten.
        if session.project.codebook() != base {
            return self.message(Message::warning(format!(
                "The codebook was not changed: it was edited, or another project opened, while {} was read. Import it again.",
                path.display()
            )));
        }
        let added = codebook.constructs.len() - base.constructs.len();
        let at = humantime::format_rfc3339_seconds(std::time::SystemTime::now()).to_string();
        let mut history = session.project.codebook_history().to_vec();
        history.extend(crate::model::CodebookChange::between(base, &codebook, &at));
        let edit = crate::model::Edit::SetCodebook { codebook, history };
        match session.apply(edit, "Import codebook".into()) {
            Ok(()) => {
                self.message(Message::info(format!(
                    "Codebook imported from {}: {added} new constructs.",
                    path.display()
                )));
            }
            Err(e) => self.message(Message::error(format!("The codebook was not changed: {e}."))),
        }
    }
}
