//! Codebooks into the project: a codebook CSV or a REFI-QDA codebook (.qdc) read (bounded),
//! merged with the project's codebook, recorded in the codebook's history and applied as
//! one undoable step.

use super::BefitsApp;
use crate::persistence;
use crate::ui::Message;
use std::path::Path;

impl BefitsApp {
    pub(super) fn import_codebook(&mut self, path: &Path) {
        let Some(session) = &mut self.session else { return };
        let text = match persistence::read_file(path, persistence::MAX_TABLE_BYTES)
            .and_then(|b| String::from_utf8(b).map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e)))
        {
            Ok(t) => t,
            Err(e) => {
                self.message(Message::error(format!("Could not read the codebook ({e}): {}", path.display())));
                return;
            }
        };
        let base = session.project.codebook();
        let qdc = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("qdc"));
        let result = if qdc {
            persistence::import_qdc(&text, base).map_err(|e| e.to_string())
        } else {
            persistence::import_codebook_csv(&text, base)
        };
        match result {
            Ok(codebook) => {
                let added = codebook.constructs.len() - base.constructs.len();
                let at = humantime::format_rfc3339_seconds(std::time::SystemTime::now()).to_string();
                let mut history = session.project.codebook_history().to_vec();
                history.extend(crate::model::CodebookChange::between(base, &codebook, &at));
                let edit = crate::model::Edit::SetCodebook { codebook, history };
                match session.apply(edit, "Import codebook".into()) {
                    Ok(()) => self.message(Message::info(format!(
                        "Codebook imported from {}: {added} new constructs.",
                        path.display()
                    ))),
                    Err(e) => self.message(Message::error(format!("The codebook was not changed: {e}."))),
                }
            }
            Err(e) => self.message(Message::error(format!("The codebook was not changed: {e}: {}", path.display()))),
        }
    }
}
