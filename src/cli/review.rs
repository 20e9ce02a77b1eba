//! `import-table`, `tally`, `characteristics` and `matrix`.

use super::{EXIT_INVALID, EXIT_OK, EXIT_UNREADABLE, fail};
use crate::analysis::report::{self, TableFormat};
use crate::analysis::{self, Level};
use crate::model::{Project, text};
use crate::persistence;
use std::path::Path;

fn open(path: &Path) -> Result<Project, u8> {
    persistence::load(path).map(|l| l.project).map_err(|e| fail(EXIT_UNREADABLE, &e.to_string()))
}

pub(super) fn import_table(file: &Path, output: &Path, append: bool, name: Option<&str>, coder: Option<&str>) -> u8 {
    let text = match persistence::read_table(file) {
        Ok(t) => t,
        Err(e) => return fail(EXIT_UNREADABLE, &format!("{e}: {}", file.display())),
    };
    let mut project = if append {
        match open(output) {
            Ok(p) => p,
            Err(code) => return code,
        }
    } else {
        if output.exists() {
            return fail(EXIT_INVALID, &format!("the output exists; use --append to add to it: {}", output.display()));
        }
        let codebook = match persistence::default_codebook() {
            Ok(cb) => cb,
            Err(e) => return fail(EXIT_UNREADABLE, &e.to_string()),
        };
        let stem = file.file_stem().map_or_else(|| "Imported table".to_owned(), |s| s.to_string_lossy().into_owned());
        Project::new(name.unwrap_or(&stem), "", codebook)
    };
    let created = humantime::format_rfc3339_seconds(std::time::SystemTime::now()).to_string();
    let plan = match persistence::plan_table_import(
        &project,
        &text,
        persistence::delimiter_for(file, &text),
        coder.unwrap_or("table import"),
        &created,
    ) {
        Ok(p) => p,
        Err(e) => {
            return fail(EXIT_INVALID, &format!("{e}: {}", file.display()));
        }
    };
    if let Err(e) = project.apply(plan.edit) {
        return fail(EXIT_INVALID, &format!("the table could not be added ({e}): {}", file.display()));
    }
    if let Err(e) = persistence::save(&project, output) {
        return fail(EXIT_UNREADABLE, &e.to_string());
    }
    out!(
        "imported {} in {} with {} into {}",
        text::counted(plan.articles, "article"),
        text::counted(plan.new_studies, "new study"),
        text::counted(plan.codings, "coding"),
        output.display()
    );
    EXIT_OK
}

pub(super) fn tally(path: &Path, level: &str, format: &str) -> u8 {
    let (Some(level), Some(format)) = (Level::parse(level), TableFormat::parse(format)) else {
        return fail(EXIT_INVALID, "unknown level or format");
    };
    let project = match open(path) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let t = analysis::tallies(&project, level);
    out_raw!(report::tallies_table(&t, project.codebook(), format));
    EXIT_OK
}

pub(super) fn characteristics(path: &Path, field: &str) -> u8 {
    let project = match open(path) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let known = analysis::field_names(&project);
    if !known.iter().any(|f| f == field) {
        let list = text::ellipsize(&known.join(", "), 300);
        return fail(EXIT_INVALID, &format!("no article has the field `{field}`; fields: {list}"));
    }
    let rows = analysis::characteristics(&project, field);
    out_raw!(report::characteristics_table(&rows, TableFormat::Tsv));
    EXIT_OK
}

pub(super) fn matrix(path: &Path, rows: &str) -> u8 {
    let project = match open(path) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let level = if rows == "study" { Level::Study } else { Level::Article };
    let m = analysis::matrix(&project, level);
    out_raw!(report::matrix_table(&m, &project, TableFormat::Tsv));
    EXIT_OK
}

pub(super) fn export(path: &Path, format: &str, output: &Path, level: &str, no_bom: bool) -> u8 {
    let (Some(format), Some(level)) = (crate::export::ExportFormat::parse(format), Level::parse(level)) else {
        return fail(EXIT_INVALID, "unknown format or level");
    };
    let project = match open(path) {
        Ok(p) => p,
        Err(code) => return code,
    };
    // A .qdpx also holds each passage as an area of its PDF page: the PDFs are read (in the
    // worker) for their page geometry.
    let geometry = if format == crate::export::ExportFormat::Qdpx {
        match super::worker_exe() {
            Ok(exe) => crate::interop::export_geometry(&project, &exe, &|_, _| {}, &|| false).unwrap_or_default(),
            Err(e) => return fail(EXIT_UNREADABLE, &e),
        }
    } else {
        std::collections::BTreeMap::new()
    };
    let options = crate::export::ExportOptions { level, csv_bom: !no_bom, geometry: Some(&geometry) };
    let (bytes, notes) = match crate::export::export_with(&project, format, &options) {
        Ok(b) => b,
        Err(e) => return fail(EXIT_INVALID, &format!("the export failed ({e}): {}", output.display())),
    };
    if let Err(e) = persistence::write_atomic(output, &bytes) {
        return fail(EXIT_UNREADABLE, &format!("could not write ({e}): {}", output.display()));
    }
    out!("wrote {} ({} bytes) to {}", format.name(), bytes.len(), output.display());
    for note in notes {
        out!("note: {note}");
    }
    EXIT_OK
}

pub(super) fn suggest_eval(path: &Path) -> u8 {
    let project = match open(path) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let suggester = analysis::suggest::Suggester::new(analysis::suggest::Corpus::of(&project));
    let e = suggester.evaluate();
    if e.passages == 0 {
        return fail(EXIT_INVALID, &format!("the project has no coded passages to evaluate: {}", path.display()));
    }
    out!("passages\t{}", e.passages);
    out!("suggestions top-1\t{:.1}%\t({} of {})", e.percent(e.top1), e.top1, e.passages);
    out!("suggestions top-3\t{:.1}%\t({} of {})", e.percent(e.top3), e.top3, e.passages);
    out!("most frequent top-1\t{:.1}%\t({} of {})", e.percent(e.baseline_top1), e.baseline_top1, e.passages);
    out!("most frequent top-3\t{:.1}%\t({} of {})", e.percent(e.baseline_top3), e.baseline_top3, e.passages);
    EXIT_OK
}
