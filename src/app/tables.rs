//! Data-extraction tables into the project: read and checked on a background job against a
//! snapshot, applied as one undoable step when done (checked again if the project changed
//! meanwhile).

use super::{BefitsApp, background, capitalise, file_name};
use crate::model::text::counted;
use crate::persistence;
use crate::ui::Message;
use std::path::Path;

impl BefitsApp {
    /// Reads and checks a data-extraction table in the background, against a snapshot of the
    /// project; the import is applied (one undoable step) when it is done, if the project has
    /// not changed meanwhile (else the table is checked again).
    pub(super) fn import_table(&mut self, path: &Path) {
        let Some(session) = &self.session else {
            self.message(Message::warning("Create or open a project before importing a table."));
            return;
        };
        let snapshot = session.project.clone();
        let revision = snapshot.revision();
        let created = humantime::format_rfc3339_seconds(std::time::SystemTime::now()).to_string();
        let coder = if snapshot.coder().is_empty() { "table import".to_owned() } else { snapshot.coder().to_owned() };
        let target = path.to_path_buf();
        let name = file_name(path);
        self.run_for_project(format!("Reading {name}"), true, move |control| {
            let text = match persistence::read_table(&target) {
                Ok(t) => t,
                Err(e) => {
                    return background::messages(vec![Message::error(format!(
                        "Nothing was imported: {e}: {}",
                        target.display()
                    ))]);
                }
            };
            if control.cancelled() {
                return background::messages(vec![Message::info(
                    "The table import was stopped; nothing was imported.",
                )]);
            }
            let delimiter = persistence::delimiter_for(&target, &text);
            let plan = persistence::plan_table_import(&snapshot, &text, delimiter, &coder, &created);
            Box::new(move |app: &mut BefitsApp, _: &egui::Context| app.apply_table(plan, revision, &target))
        });
    }

    pub(super) fn apply_table(
        &mut self,
        plan: Result<persistence::TableImport, persistence::TableError>,
        revision: u64,
        path: &Path,
    ) {
        let Some(session) = &mut self.session else { return };
        if session.project.revision() != revision {
            // Edited while the table was read: check it again against the project as it is.
            self.import_table(path);
            return;
        }
        match plan {
            Ok(plan) => {
                let label = format!("Import table ({})", counted(plan.articles, "article"));
                let summary = format!(
                    "Imported {} in {} with {} from {}.",
                    counted(plan.articles, "article"),
                    counted(plan.new_studies, "new study"),
                    counted(plan.codings, "coding"),
                    path.display()
                );
                match session.apply(plan.edit, label) {
                    Ok(()) => self.message(Message::info(summary)),
                    Err(e) => self.message(Message::error(format!("The table could not be added: {e}."))),
                }
            }
            Err(e @ persistence::TableError::Rows(_)) => {
                self.message(Message::error(format!("{}: {}", capitalise(&e.to_string()), path.display())));
            }
            Err(e) => self.message(Message::error(format!("Nothing was imported: {e}: {}", path.display()))),
        }
    }
}
