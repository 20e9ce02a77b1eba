//! Import of a data-extraction spreadsheet (TSV or CSV) laid out like the review's Table 2:
//! one row per article; columns `article` and `study` (ids), `barriers` and `facilitators`
//! (construct keys separated by `;`), every other column an extraction field. Each row
//! becomes a text document grouped into its study, with one whole-document coding per listed
//! construct and valence. A column `both` lists constructs acting both ways; with columns
//! `construct` and `valence` instead, each row is one coding and an article's rows may
//! repeat. Problems are reported with their line numbers and nothing is imported unless
//! every row is good: a stray quote that joins cells or rows is refused, never imported as
//! one long cell.

use crate::model::text::{ellipsize, normalize};
use crate::model::{
    Anchor, Coding, ConstructKey, Document, DocumentBundle, DocumentId, Edit, Project, Study, StudyId, Valence,
};
use std::collections::{BTreeMap, BTreeSet, HashMap};
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
    #[error("{}", rows_message(.0))]
    Rows(Vec<TableProblem>),
}

/// Problems shown in one message; the rest are counted.
const PROBLEMS_SHOWN: usize = 5;

/// The most characters of one problem in the message. A problem quotes the table (a column's
/// name, an article id, a key), which can be any length: the message stays a few lines.
const PROBLEM_CHARS: usize = 300;

fn rows_message(problems: &[TableProblem]) -> String {
    let n = problems.len();
    let shown: Vec<String> = problems
        .iter()
        .take(PROBLEMS_SHOWN)
        .map(|p| format!("line {}: {}", p.line, ellipsize(&p.message, PROBLEM_CHARS)))
        .collect();
    let more = if n > PROBLEMS_SHOWN { format!("; and {} more", n - PROBLEMS_SHOWN) } else { String::new() };
    format!(
        "{} in the table, nothing was imported: {}{more}",
        crate::model::text::counted(n, "problem"),
        shown.join("; ")
    )
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

/// The text of a table file: UTF-8 with or without a byte-order mark, or UTF-16 with one
/// (what Excel writes as "Unicode text").
///
/// # Errors
/// Bytes that are not text in any of these encodings, with the line where they are.
pub fn decode_table(bytes: &[u8]) -> Result<String, TableError> {
    let utf16 = |rest: &[u8], little: bool| -> Result<String, TableError> {
        let units: Vec<u16> = rest
            .chunks(2)
            .map(|c| {
                let pair = [c[0], c.get(1).copied().unwrap_or(0)];
                if little { u16::from_le_bytes(pair) } else { u16::from_be_bytes(pair) }
            })
            .collect();
        String::from_utf16(&units).map_err(|_| TableError::Layout("the UTF-16 text of the table is damaged".into()))
    };
    match bytes {
        [0xFF, 0xFE, rest @ ..] => utf16(rest, true),
        [0xFE, 0xFF, rest @ ..] => utf16(rest, false),
        _ => {
            let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
            String::from_utf8(body.to_vec()).map_err(|e| {
                let line = body[..e.utf8_error().valid_up_to()].split(|b| *b == b'\n').count();
                TableError::Layout(format!(
                    "line {line} is not UTF-8 text; save the table as UTF-8 (or Excel's \u{201c}Unicode text\u{201d})"
                ))
            })
        }
    }
}

/// Reads a table file (bounded in size) and decodes its text.
///
/// # Errors
/// It cannot be read (the message says why) or is not text.
pub fn read_table(path: &Path) -> Result<String, String> {
    let bytes = super::bounded::read_file(path, super::bounded::MAX_TABLE_BYTES)
        .map_err(|e| format!("could not read the table ({e})"))?;
    decode_table(&bytes).map_err(|e| e.to_string())
}

/// The names of a header's first columns, each cut short if long, and how many more there are.
fn header_names(header: &[String]) -> String {
    const SHOWN: usize = 12;
    let mut names: Vec<String> = header.iter().take(SHOWN).map(|h| ellipsize(h, 40)).collect();
    if header.len() > SHOWN {
        names.push(format!("and {} more", header.len() - SHOWN));
    }
    names.join(", ")
}

/// The named columns of a table.
struct Columns {
    header: Vec<String>,
    article: usize,
    study: usize,
    title: Option<usize>,
    /// `barriers`, `facilitators`, `both`: lists of construct keys with that valence.
    lists: Vec<(usize, Valence)>,
    /// `construct` and `valence`: one coding per row (rows of one article may repeat).
    long: Option<(usize, usize)>,
}

impl Columns {
    fn find(header: Vec<String>) -> Result<Self, TableError> {
        let column = |name: &str| header.iter().position(|h| h.eq_ignore_ascii_case(name));
        let (Some(article), Some(study)) = (column("article"), column("study")) else {
            return Err(TableError::Layout(format!(
                "the table needs the columns `article` and `study`; its header has: {}",
                header_names(&header)
            )));
        };
        let lists = [("barriers", Valence::Barrier), ("facilitators", Valence::Facilitator), ("both", Valence::Both)]
            .into_iter()
            .filter_map(|(name, v)| column(name).map(|i| (i, v)))
            .collect();
        let long = column("construct").zip(column("valence"));
        let title = column("title").or_else(|| column("author_year"));
        Ok(Self { header, article, study, title, lists, long })
    }

    /// Columns whose cells are ids, keys or valences: never several lines.
    fn is_key_column(&self, i: usize) -> bool {
        i == self.article
            || i == self.study
            || self.lists.iter().any(|(c, _)| *c == i)
            || self.long.is_some_and(|(c, v)| c == i || v == i)
    }

    /// Columns stored as extraction fields.
    fn is_field(&self, i: usize) -> bool {
        i != self.study && !self.lists.iter().any(|(c, _)| *c == i) && self.long.is_none_or(|(c, v)| c != i && v != i)
    }
}

/// One article's row (or rows, in the one-coding-per-row layout), checked.
struct ArticleRow {
    line: u64,
    article: String,
    study: String,
    title: String,
    fields: BTreeMap<String, String>,
    wanted: Vec<(ConstructKey, Valence)>,
}

/// Cells a stray quote has joined: a delimiter inside a cell, or line breaks in a column
/// that holds ids or keys.
fn quote_problems(record: &csv::StringRecord, cols: &Columns, delimiter: u8, line: u64) -> Vec<TableProblem> {
    let delimiter_name = if delimiter == b'\t' { "a tab" } else { "a delimiter" };
    let mut out = Vec::new();
    for (i, cell) in record.iter().enumerate() {
        let name = cols.header.get(i).map_or("?", String::as_str);
        let message = if cell.as_bytes().contains(&delimiter) {
            format!(
                "column `{name}` holds {delimiter_name} inside quotes, so cells or rows were joined into one; a stray quote (\") is the usual cause: remove it or close it"
            )
        } else if cols.is_key_column(i) && cell.contains(['\n', '\r']) {
            format!("column `{name}` runs over several lines; a stray quote (\") is the usual cause")
        } else {
            continue;
        };
        out.push(TableProblem { line, message });
    }
    out
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
    let mut reader = csv::ReaderBuilder::new().delimiter(delimiter).flexible(true).from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .map_err(|e| TableError::Layout(format!("the header line cannot be read ({e})")))?
        .iter()
        .map(|h| h.trim().to_owned())
        .collect();
    let cols = Columns::find(header)?;
    let existing_articles: HashMap<&str, &str> = project
        .documents()
        .values()
        .filter_map(|d| d.fields.get("article").map(|a| (a.as_str(), d.title.as_str())))
        .collect();
    let mut problems = Vec::new();
    let mut rows: Vec<ArticleRow> = Vec::new();
    let mut by_article: HashMap<String, usize> = HashMap::new();

    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, csv::Position::line);
                problems.push(TableProblem { line, message: format!("the row cannot be read ({e})") });
                continue;
            }
        };
        let line = record.position().map_or(0, csv::Position::line);
        let joined = quote_problems(&record, &cols, delimiter, line);
        if !joined.is_empty() {
            problems.extend(joined);
            continue;
        }
        if record.len() != cols.header.len() {
            let message = format!("the row has {} columns, the header {}", record.len(), cols.header.len());
            problems.push(TableProblem { line, message });
            continue;
        }
        if let Some(row) = read_row(project, &record, &cols, line, &existing_articles, &mut problems) {
            match by_article.get(&row.article) {
                Some(&i) if cols.long.is_some() => merge_row(&mut rows[i], row, &mut problems),
                Some(&i) => problems.push(TableProblem {
                    line,
                    message: format!("article {} appears again (first on line {})", row.article, rows[i].line),
                }),
                None => {
                    by_article.insert(row.article.clone(), rows.len());
                    rows.push(row);
                }
            }
        }
    }
    if !problems.is_empty() {
        return Err(TableError::Rows(problems));
    }
    if rows.is_empty() {
        return Err(TableError::Layout("the table has no rows".into()));
    }
    Ok(build(project, rows, coder, created))
}

/// Reads one row's cells, reporting what is wrong with them.
fn read_row(
    project: &Project,
    record: &csv::StringRecord,
    cols: &Columns,
    line: u64,
    existing: &HashMap<&str, &str>,
    problems: &mut Vec<TableProblem>,
) -> Option<ArticleRow> {
    let cb = project.codebook();
    let cell = |i: usize| record.get(i).unwrap_or("").trim();
    let mut bad = |message: String| problems.push(TableProblem { line, message });
    let article = cell(cols.article).to_owned();
    let study = cell(cols.study).to_owned();
    if article.is_empty() {
        bad("the article id is empty".into());
        return None;
    }
    if study.is_empty() {
        bad(format!("article {article} has no study id"));
    }
    if let Some(title) = existing.get(article.as_str()) {
        bad(format!("article {article} is already in the project (\u{201c}{title}\u{201d})"));
    }
    let mut wanted: Vec<(ConstructKey, Valence, String)> = Vec::new();
    for &(col, valence) in &cols.lists {
        wanted.extend(
            keys(cell(col)).into_iter().map(|k| (ConstructKey::new(k.as_str()), valence, cols.header[col].clone())),
        );
    }
    if let Some((construct_col, valence_col)) = cols.long {
        let key = cell(construct_col);
        let v = cell(valence_col);
        match (key.is_empty(), Valence::parse(v)) {
            (true, _) if v.is_empty() => {}
            (true, _) => bad(format!(
                "column `{}` has a valence but column `{}` no construct",
                cols.header[valence_col], cols.header[construct_col]
            )),
            (false, Some(valence)) => {
                wanted.push((ConstructKey::new(key), valence, cols.header[construct_col].clone()));
            }
            (false, None) => bad(format!(
                "unknown valence `{v}` in column `{}` (use barrier, facilitator or both)",
                cols.header[valence_col]
            )),
        }
    }
    let mut checked = Vec::new();
    for (key, valence, column) in wanted {
        match cb.construct(&key) {
            None => bad(format!("unknown construct key `{key}` in {column}")),
            Some(c) if c.retired => bad(format!("construct `{key}` in {column} is retired")),
            Some(c) if !checked.contains(&(c.key.clone(), valence)) => checked.push((c.key.clone(), valence)),
            Some(_) => {}
        }
    }
    if study.is_empty() {
        return None;
    }
    let fields: BTreeMap<String, String> = (0..cols.header.len())
        .filter(|&i| cols.is_field(i) && !cols.header[i].is_empty() && !cell(i).is_empty())
        .map(|i| (cols.header[i].clone(), cell(i).to_owned()))
        .collect();
    let title = cols.title.map(cell).filter(|t| !t.is_empty()).unwrap_or(&article).to_owned();
    Some(ArticleRow { line, article, study, title, fields, wanted: checked })
}

/// Adds a further row of one article (one-coding-per-row layout): its study and fields
/// must agree with the first row's, so that no value is dropped.
fn merge_row(first: &mut ArticleRow, row: ArticleRow, problems: &mut Vec<TableProblem>) {
    if row.study != first.study {
        problems.push(TableProblem {
            line: row.line,
            message: format!(
                "article {} is in study {} here but in {} on line {}",
                row.article, row.study, first.study, first.line
            ),
        });
        return;
    }
    for (name, value) in row.fields {
        match first.fields.get(&name) {
            Some(v) if *v != value => problems.push(TableProblem {
                line: row.line,
                message: format!("column `{name}` of article {} differs from line {}", row.article, first.line),
            }),
            Some(_) => {}
            None => {
                first.fields.insert(name, value);
            }
        }
    }
    for w in row.wanted {
        if !first.wanted.contains(&w) {
            first.wanted.push(w);
        }
    }
}

/// Turns checked rows into one undoable batch of documents, studies and codings.
fn build(project: &Project, rows: Vec<ArticleRow>, coder: &str, created: &str) -> TableImport {
    let cb = project.codebook();
    let mut studies: HashMap<String, (StudyId, bool)> =
        project.studies().values().map(|s| (s.label.clone(), (s.id, false))).collect();
    let mut next_study = project.next_study_id().0;
    let mut next_coding = project.next_coding_id().0;
    let mut bundles = Vec::with_capacity(rows.len());
    let mut coding_count = 0;
    for (next_doc, row) in (project.next_document_id().0..).zip(rows) {
        let ArticleRow { study, title, fields, wanted, .. } = row;
        let mut body = format!("{title}\n\nstudy: {study}\n");
        for (name, value) in &fields {
            let _ = writeln!(body, "{name}: {value}");
        }
        for (label, v) in [
            ("Key barriers", Valence::Barrier),
            ("Key facilitators", Valence::Facilitator),
            ("Both ways", Valence::Both),
        ] {
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
            ocr: None,
            unreadable_pages: Vec::new(),
        };
        bundles.push(Edit::AddDocument(Box::new(DocumentBundle {
            document,
            study: create,
            codings,
            imported: Vec::new(),
        })));
    }
    let new_studies = studies.values().filter(|(_, new)| *new).count();
    TableImport { articles: bundles.len(), edit: Edit::Batch(bundles), new_studies, codings: coding_count }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_message_quoting_the_table_stays_short_however_long_its_names() {
        let p = empty();
        let long = "x".repeat(300_000);
        let mut header: Vec<String> = (0..1000).map(|i| format!("c{i}")).collect();
        header[1] = long.clone();
        let text = format!("{}\n1\t2\n", header.join("\t"));
        let Err(e) = plan_table_import(&p, &text, b'\t', "t", "") else { panic!("no article column") };
        let message = e.to_string();
        assert!(message.len() < 1_000, "{} characters", message.len());
        assert!(message.contains("c0, xxx") && message.contains("and 988 more"), "{message}");
        // A problem quoting a long article id is cut, its line kept.
        let text = format!("article\tstudy\n{long}\t\n");
        let Err(e) = plan_table_import(&p, &text, b'\t', "t", "") else { panic!("no study") };
        let message = e.to_string();
        assert!(message.len() < 1_000 && message.contains("line 2: article xxx"), "{message}");
    }
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
        assert!(message.starts_with("4 problems in the table, nothing was imported: line 3: article A1"), "{message}");
        assert!(message.contains("; line 6: the article id is empty"), "{message}");
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

    #[test]
    fn a_stray_quote_that_joins_rows_is_refused_with_its_line() {
        let p = empty();
        // The quote opens a cell on line 3 that swallows the tabs and rows after it.
        let text = GOOD.replace("Bo (2021)", "\"Bo (2021)");
        let Err(TableError::Rows(problems)) = plan_table_import(&p, &text, b'\t', "t", "") else { panic!() };
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].line, 3);
        assert!(problems[0].message.contains("column `author_year` holds a tab inside quotes"), "{problems:?}");
        assert!(problems[0].message.contains("stray quote"));
    }

    #[test]
    fn quoted_cells_with_line_breaks_only_in_free_text_columns() {
        let p = empty();
        let ok = "article,study,notes,barriers\nA1,S1,\"two\nlines\",client.kabi\n";
        let plan = plan_table_import(&p, ok, b',', "t", "").unwrap();
        assert_eq!(plan.articles, 1);
        let bad = "article,study,notes,barriers\nA1,S1,x,\"client.kabi\nstigma.self_stigma\"\n";
        let Err(TableError::Rows(problems)) = plan_table_import(&p, bad, b',', "t", "") else { panic!() };
        assert_eq!(problems[0].line, 2);
        assert!(problems[0].message.contains("column `barriers` runs over several lines"), "{problems:?}");
        let joined = "article,study,notes\nA1,S1,\"a, b\"\n";
        let Err(TableError::Rows(problems)) = plan_table_import(&p, joined, b',', "t", "") else { panic!() };
        assert!(problems[0].message.contains("column `notes` holds a delimiter inside quotes"), "{problems:?}");
    }

    #[test]
    fn one_coding_per_row_with_valences_checked() {
        let mut p = empty();
        let text = "article,study,region,construct,valence\n\
A1,S1,Africa,client.kabi,barrier\n\
A1,S1,,intervention.tsp_role,Both\n\
A2,S1,Asia,client.kabi,F\n";
        let plan = plan_table_import(&p, text, b',', "t", "").unwrap();
        assert_eq!((plan.articles, plan.codings), (2, 3));
        p.apply(plan.edit).unwrap();
        let both: Vec<_> = p.codings().values().filter(|c| c.valence == Valence::Both).collect();
        assert_eq!(both.len(), 1);
        let bad = "article,study,construct,valence\nA1,S1,client.kabi,sometimes\nA1,S2,client.kabi,barrier\n";
        let Err(TableError::Rows(problems)) = plan_table_import(&empty(), bad, b',', "t", "") else { panic!() };
        let lines: Vec<(u64, &str)> = problems.iter().map(|p| (p.line, p.message.as_str())).collect();
        assert_eq!(lines[0], (2, "unknown valence `sometimes` in column `valence` (use barrier, facilitator or both)"));
        assert_eq!(lines[1], (3, "article A1 is in study S2 here but in S1 on line 2"));
    }

    #[test]
    fn the_both_column_codes_both_ways() {
        let mut p = empty();
        let text = "article,study,both\nA1,S1,client.kabi; stigma.self_stigma\n";
        let plan = plan_table_import(&p, text, b',', "t", "").unwrap();
        p.apply(plan.edit).unwrap();
        assert!(p.codings().values().all(|c| c.valence == Valence::Both));
        assert_eq!(p.codings().len(), 2);
        assert!(p.document(DocumentId(1)).unwrap().pages[0].contains("Both ways: "));
    }

    #[test]
    fn utf8_with_bom_and_utf16_tables_decode() {
        let text = "article\tstudy\tauthor_year\nA1\tS1\tPacichana-Quinay\u{e1}z\n";
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend_from_slice(text.as_bytes());
        assert_eq!(decode_table(&bom).unwrap(), text);
        let mut le = vec![0xFF, 0xFE];
        le.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(decode_table(&le).unwrap(), text);
        let mut be = vec![0xFE, 0xFF];
        be.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
        assert_eq!(decode_table(&be).unwrap(), text);
        let e = decode_table(b"article,study\nA1,\xFF\n").unwrap_err();
        assert!(e.to_string().starts_with("line 2 is not UTF-8 text"), "{e}");
        let plan = plan_table_import(&empty(), &decode_table(&le).unwrap(), b'\t', "t", "").unwrap();
        assert_eq!(plan.articles, 1);
    }
}
