//! Everything written out of the app: tables, figures, reports, .qdpx archives and the
//! comparison report, each built from a snapshot or from the derived data and written
//! atomically on a background job, with a message when it is done.

use super::{BefitsApp, file_name};
use crate::persistence;
use crate::ui::{self, Message};
use std::path::Path;

impl BefitsApp {
    pub(super) fn export_table(&mut self, kind: &ui::TableExport, path: &Path) {
        let Some(session) = &self.session else { return };
        let format = if path.extension().is_some_and(|e| e.eq_ignore_ascii_case("tsv")) {
            crate::analysis::report::TableFormat::Tsv
        } else {
            crate::analysis::report::TableFormat::Csv
        };
        let project = &session.project;
        let text = match kind {
            ui::TableExport::Tallies(level) => {
                crate::analysis::report::tallies_table(session.derived.tallies(*level), project.codebook(), format)
            }
            ui::TableExport::Matrix { by_study } => {
                let m = crate::analysis::matrix(
                    project,
                    if *by_study { crate::analysis::Level::Study } else { crate::analysis::Level::Article },
                );
                crate::analysis::report::matrix_table(&m, project, format)
            }
            ui::TableExport::Characteristics(fields) => {
                let tables: Vec<(&str, &[crate::analysis::CharacteristicRow])> = fields
                    .iter()
                    .filter_map(|f| session.derived.characteristics.get(f).map(|rows| (f.as_str(), rows.as_slice())))
                    .collect();
                crate::analysis::report::characteristics_fields_table(&tables, format)
            }
        };
        let bytes =
            if format == crate::analysis::report::TableFormat::Csv { self.csv(text) } else { text.into_bytes() };
        self.write_in_background(path, bytes, "Exported to");
    }

    /// CSV text as the app writes every CSV: a byte-order mark first, for Excel, unless
    /// *CSV for Excel* is unticked.
    fn csv(&self, text: String) -> Vec<u8> {
        crate::sink::with_bom(text.into_bytes(), !self.ui_state.csv_without_bom)
    }

    /// Writes a file in the background (atomically), with a message when it is done.
    pub(super) fn write_in_background(&mut self, path: &Path, bytes: Vec<u8>, done: &'static str) {
        let target = path.to_path_buf();
        self.run_job(format!("Writing {}", file_name(path)), move |_| {
            match persistence::write_atomic(&target, &bytes) {
                Ok(()) => vec![Message::info(format!("{done} {}.", target.display()))],
                Err(e) => vec![Message::error(format!("Could not export ({e}): {}", target.display()))],
            }
        });
    }

    /// Exports in the background (a figure of a large review, a `.qdpx` with its PDFs), on a
    /// snapshot of the project; the messages come when it is done.
    pub(super) fn export(&mut self, format: crate::export::ExportFormat, path: &Path) {
        let Some(session) = &self.session else { return };
        let (snapshot, level, target) = (session.project.clone(), self.ui_state.level, path.to_path_buf());
        let csv_bom = !self.ui_state.csv_without_bom;
        let exe = self.config.worker_exe.clone();
        let name = path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned());
        self.run_job(format!("Exporting {name}"), move |control| {
            // A .qdpx also holds each passage as an area of its PDF page, from the page
            // geometry the worker reads.
            let geometry = if format == crate::export::ExportFormat::Qdpx {
                let progress = |done: usize, of: usize| control.report(done, of, "Reading the PDFs' pages");
                crate::interop::export_geometry(&snapshot, &exe, &progress, &|| control.cancelled())
            } else {
                Ok(std::collections::BTreeMap::new())
            };
            let result = geometry.and_then(|geometry| {
                let options = crate::export::ExportOptions { level, csv_bom, geometry: Some(&geometry) };
                crate::export::export_with(&snapshot, format, &options).and_then(|(bytes, notes)| {
                    persistence::write_atomic(&target, &bytes).map(|()| notes).map_err(|e| e.to_string())
                })
            });
            match result {
                Ok(notes) => {
                    std::iter::once(Message::info(format!("Exported {} to {}.", format.label(), target.display())))
                        .chain(notes.into_iter().map(Message::warning))
                        .collect()
                }
                Err(e) => vec![Message::error(format!("Could not export ({e}): {}", target.display()))],
            }
        });
    }

    pub(super) fn export_comparison(&mut self, path: &Path) {
        let (Some(session), Some(c)) = (&self.session, &self.comparison) else { return };
        let html = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("html") || e.eq_ignore_ascii_case("htm"));
        let bytes = if html {
            crate::analysis::report::comparison_html(&c.report, &session.project, &c.other, &c.reconcile, &c.decisions)
                .into_bytes()
        } else {
            self.csv(crate::analysis::report::comparison_csv(&c.report, &session.project))
        };
        self.write_in_background(path, bytes, "Report exported to");
    }
}
