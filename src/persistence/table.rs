//! Import of a data-extraction spreadsheet (TSV or CSV) laid out like the review's Table 2:
//! one row per article; columns `article` and `study` (ids), `barriers` and `facilitators`
//! (construct keys separated by `;`), every other column an extraction field. Each row
//! becomes a text document grouped into its study, with one whole-document coding per listed
//! construct and valence. Problems are reported with their line numbers and nothing is
//! imported unless every row is good.

use crate::model::text::normalize;
use crate::model::{
    Anchor, Coding, ConstructKey, Document, DocumentBundle, DocumentId, Edit, Project, Study, StudyId, Valence,
};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::Path;

/// One problem in the table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TableProblem {
    /// One-based line number in the file.
    pub line: u64,
    /// What is wrong.
    pub message: String,
}

/// Why a table was not imported. Nothing was changed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum TableError {
    /// The table has no header or lacks a required column.
    #[error("{0}")]
    Layout(String),
    /// Rows with problems.
    #[error("{} problem{} in the table, nothing was imported; first: line {}: {}", .0.len(), if .0.len() == 1 { "" } else { "s" }, .0.first().map_or(0, |p| p.line), .0.first().map_or("", |p| p.message.as_str()))]
    Rows(Vec<TableProblem>),
}

/// What an import adds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TableImport {
    /// The edit that adds everything (a batch, undoable as one step).
    pub edit: Edit,
    /// Articles added.
    pub articles: usize,
    /// Studies created.
    pub new_studies: usize,
    /// Whole-document codings added.
    pub codings: usize,
}

/// The column separator: tab for `.tsv`, comma for `.csv`, else whichever the header has.
#[must_use]
pub fn delimiter_for(path: &Path, text: &str) -> u8 {
    match path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).as_deref() {
        Some("tsv" | "tab") => b'\t',
        Some("csv") => b',',
        _ => {
            let header = text.lines().next().unwrap_or("");
            if header.contains('\t') { b'\t' } else { b',' }
        }
    }
}

/// The keys in a `;`-separated list, without duplicates, in order.
fn keys(cell: &str) -> Vec<String> {
    let mut seen = BTreeSet::new();
    cell.split(';').map(str::trim).filter(|k| !k.is_empty() && seen.insert(k.to_owned())).map(str::to_owned).collect()
}

/// Plans the import of `text` into `project`. `coder` and `created` are recorded on the
/// codings made from the table.
///
/// # Errors
/// A missing column, or every problem found in the rows (with line numbers).
pub fn plan_table_import(
    project: &Project,
    text: &str,
    delimiter: u8,
    coder: &str,
    created: &str,
) -> Result<TableImport, TableError> {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new().delimiter(delimiter).flexible(false).from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .map_err(|e| TableError::Layout(format!("the header line cannot be read ({e})")))?
        .iter()
        .map(|h| h.trim().to_owned())
        .collect();
    let column = |name: &str| header.iter().position(|h| h.eq_ignore_ascii_case(name));
    let (Some(article_col), Some(study_col)) = (column("article"), column("study")) else {
        return Err(TableError::Layout(format!(
            "the table needs the columns `article` and `study`; its header has: {}",
            header.join(", ")
        )));
    };
    let barrier_col = column("barriers");
    let facilitator_col = column("facilitators");
    let title_col = column("title").or_else(|| column("author_year"));
    let field_cols: Vec<(usize, &String)> = header
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != study_col && Some(*i) != barrier_col && Some(*i) != facilitator_col)
        .filter(|(_, h)| !h.is_empty())
        .collect();

    let cb = project.codebook();
    let existing_articles: BTreeMap<&str, &str> = project
        .documents()
        .values()
        .filter_map(|d| d.fields.get("article").map(|a| (a.as_str(), d.title.as_str())))
        .collect();
    let mut problems = Vec::new();
    let mut seen: BTreeMap<String, u64> = BTreeMap::new();
    let mut studies: BTreeMap<String, (StudyId, bool)> =
        project.studies().values().map(|s| (s.label.clone(), (s.id, false))).collect();
    let mut next_study = project.next_study_id().0;
    let mut next_doc = project.next_document_id().0;
    let mut next_coding = project.next_coding_id().0;
    let mut bundles = Vec::new();
    let mut coding_count = 0;

    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, csv::Position::line);
                let message = match e.kind() {
                    csv::ErrorKind::UnequalLengths { expected_len, len, .. } => {
                        format!("the row has {len} columns, the header {expected_len}")
                    }
                    _ => format!("the row cannot be read ({e})"),
                };
                problems.push(TableProblem { line, message });
                continue;
            }
        };
        let line = record.position().map_or(0, csv::Position::line);
        let cell = |i: usize| record.get(i).unwrap_or("").trim();
        let article = cell(article_col).to_owned();
        let study = cell(study_col).to_owned();
        let mut bad = |message: String| problems.push(TableProblem { line, message });
        if article.is_empty() {
            bad("the article id is empty".into());
            continue;
        }
        if study.is_empty() {
            bad(format!("article {article} has no study id"));
        }
        if let Some(first) = seen.get(&article) {
            bad(format!("article {article} appears again (first on line {first})"));
            continue;
        }
        seen.insert(article.clone(), line);
        if let Some(title) = existing_articles.get(article.as_str()) {
            bad(format!("article {article} is already in the project (“{title}”)"));
        }
        let mut wanted: Vec<(ConstructKey, Valence)> = Vec::new();
        for (col, valence, name) in
            [(barrier_col, Valence::Barrier, "barriers"), (facilitator_col, Valence::Facilitator, "facilitators")]
        {
            let Some(col) = col else { continue };
            for key in keys(cell(col)) {
                match cb.construct(&ConstructKey::new(key.as_str())) {
                    None => bad(format!("unknown construct key `{key}` in {name}")),
                    Some(c) if c.retired => bad(format!("construct `{key}` in {name} is retired")),
                    Some(c) => wanted.push((c.key.clone(), valence)),
                }
            }
        }
        if study.is_empty() {
            continue;
        }

        let fields: BTreeMap<String, String> = field_cols
            .iter()
            .filter(|(i, _)| !cell(*i).is_empty())
            .map(|(i, h)| ((*h).clone(), cell(*i).to_owned()))
            .collect();
        let title = title_col.map(cell).filter(|t| !t.is_empty()).unwrap_or(&article).to_owned();
        let mut body = format!("{title}\n\nstudy: {study}\n");
        for (name, value) in &fields {
            let _ = writeln!(body, "{name}: {value}");
        }
        for (label, v) in [("Key barriers", Valence::Barrier), ("Key facilitators", Valence::Facilitator)] {
            let list: Vec<String> = wanted
                .iter()
                .filter(|(_, x)| *x == v)
                .map(|(k, _)| cb.construct(k).map_or_else(|| k.to_string(), |c| format!("{} ({k})", c.label)))
                .collect();
            if !list.is_empty() {
                let _ = writeln!(body, "{label}: {}", list.join("; "));
            }
        }
        let page = normalize(body.trim_end());
        let (study_id, create) = if let Some((id, _)) = studies.get(&study) {
            (*id, None)
        } else {
            let id = StudyId(next_study);
            next_study += 1;
            studies.insert(study.clone(), (id, true));
            (id, Some(Study { id, label: study.clone() }))
        };
        let id = DocumentId(next_doc);
        next_doc += 1;
        let codings: Vec<Coding> = wanted
            .into_iter()
            .map(|(construct, valence)| {
                let c = Coding {
                    id: crate::model::CodingId(next_coding),
                    document: id,
                    anchor: Anchor::Document,
                    construct,
                    valence,
                    comment: String::new(),
                    coder: coder.to_owned(),
                    created: created.to_owned(),
                    provenance: Vec::new(),
                };
                next_coding += 1;
                c
            })
            .collect();
        coding_count += codings.len();
        let document = Document {
            id,
            title,
            study: study_id,
            sha256: crate::model::sha256_hex(page.as_bytes()),
            pdf: None,
            pages: vec![page],
            fields,
            warnings: Vec::new(),
        };
        bundles.push(Edit::AddDocument(Box::new(DocumentBundle { document, study: create, codings })));
    }
    if !problems.is_empty() {
        return Err(TableError::Rows(problems));
    }
    if bundles.is_empty() {
        return Err(TableError::Layout("the table has no rows".into()));
    }
    let new_studies = studies.values().filter(|(_, new)| *new).count();
    Ok(TableImport { articles: bundles.len(), edit: Edit::Batch(bundles), new_studies, codings: coding_count })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::persistence::default_codebook;

    fn empty() -> Project {
        Project::new("t", "c", default_codebook().unwrap())
    }

    const GOOD: &str = "article\tstudy\tauthor_year\tregion\tbarriers\tfacilitators\n\
A1\tS1\tAna (2020)\tAfrica\tstigma.self_stigma; client.kabi\tintervention.tsp_role\n\
A2\tS1\tBo (2021)\tAfrica; South Asia\t\tintervention.tsp_role; intervention.tsp_role\n\
A3\tS2\tCe (2019)\tSouth Asia\tclient.kabi\t\n";

    #[test]
    fn rows_become_documents_studies_and_codings() {
        let mut p = empty();
        let plan = plan_table_import(&p, GOOD, b'\t', "table", "2026-01-01T00:00:00Z").unwrap();
        assert_eq!((plan.articles, plan.new_studies, plan.codings), (3, 2, 5));
        p.apply(plan.edit).unwrap();
        assert_eq!(p.documents().len(), 3);
        assert_eq!(p.studies().len(), 2);
        let d = p.document(DocumentId(2)).unwrap();
        assert_eq!(d.title, "Bo (2021)");
        assert_eq!(d.fields.get("region").map(String::as_str), Some("Africa; South Asia"));
        assert_eq!(d.fields.get("article").map(String::as_str), Some("A2"));
        assert!(d.pages[0].contains("Key facilitators: Task-sharing provider (+peer) role (intervention.tsp_role)"));
        assert_eq!(d.study, p.document(DocumentId(1)).unwrap().study, "grouped into its study");
        assert!(p.codings().values().all(|c| c.anchor == Anchor::Document));
    }

    #[test]
    fn problems_are_reported_with_line_numbers_and_nothing_is_imported() {
        let p = empty();
        let text = "article,study,barriers\nA1,S1,client.kabi\nA1,S1,\nA2,S1,client.nope\nA3,S2\n,S3,\n";
        let Err(TableError::Rows(problems)) = plan_table_import(&p, text, b',', "t", "") else { panic!() };
        let lines: Vec<(u64, &str)> = problems.iter().map(|p| (p.line, p.message.as_str())).collect();
        assert_eq!(
            lines,
            vec![
                (3, "article A1 appears again (first on line 2)"),
                (4, "unknown construct key `client.nope` in barriers"),
                (5, "the row has 2 columns, the header 3"),
                (6, "the article id is empty"),
            ]
        );
        let message = TableError::Rows(problems).to_string();
        assert!(message.starts_with("4 problems in the table, nothing was imported; first: line 3:"), "{message}");
    }

    #[test]
    fn missing_columns_and_repeat_imports_are_refused() {
        let mut p = empty();
        assert!(matches!(plan_table_import(&p, "id,name\n1,x\n", b',', "t", ""), Err(TableError::Layout(_))));
        let plan = plan_table_import(&p, GOOD, b'\t', "t", "").unwrap();
        p.apply(plan.edit).unwrap();
        let Err(TableError::Rows(again)) = plan_table_import(&p, GOOD, b'\t', "t", "") else { panic!() };
        assert_eq!(again.len(), 3);
        assert!(again[0].message.contains("already in the project"));
    }

    #[test]
    fn delimiter_follows_extension_then_header() {
        assert_eq!(delimiter_for(Path::new("a.tsv"), "a,b"), b'\t');
        assert_eq!(delimiter_for(Path::new("a.csv"), "a\tb"), b',');
        assert_eq!(delimiter_for(Path::new("a.txt"), "a\tb"), b'\t');
    }
}
