//! Tables written as TSV or CSV: tallies, study characteristics, the matrix grid. The CLI
//! prints them and the app saves them, from the same functions.

use crate::analysis::{CharacteristicRow, Matrix, Tallies, Unit};
use crate::model::{Codebook, Project};

/// A delimited-text flavour.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TableFormat {
    /// Tab-separated.
    Tsv,
    /// Comma-separated (RFC 4180 quoting).
    Csv,
}

impl TableFormat {
    /// Parses `tsv` or `csv`.
    #[must_use]
    pub fn parse(s: &str) -> Option<TableFormat> {
        match s.trim().to_ascii_lowercase().as_str() {
            "tsv" => Some(TableFormat::Tsv),
            "csv" => Some(TableFormat::Csv),
            _ => None,
        }
    }

    fn delimiter(self) -> u8 {
        match self {
            TableFormat::Tsv => b'\t',
            TableFormat::Csv => b',',
        }
    }
}

/// Writes rows as delimited text (a header row first), cells made safe for spreadsheets.
fn write_rows(format: TableFormat, rows: impl IntoIterator<Item = Vec<String>>) -> String {
    crate::sink::csv_rows(format.delimiter(), false, rows)
}

/// Tallies: one row per construct in codebook order, columns `construct_id`, `domain`,
/// `construct`, `barrier`, `facilitator`, `both`, `total`.
#[must_use]
pub fn tallies_table(tallies: &Tallies, codebook: &Codebook, format: TableFormat) -> String {
    let header = ["construct_id", "domain", "construct", "barrier", "facilitator", "both", "total"];
    let rows = tallies.rows.iter().map(|r| {
        let domain = codebook.domain(&r.domain).map_or_else(|| r.domain.to_string(), |d| d.name.clone());
        vec![
            r.construct.to_string(),
            domain,
            r.label.clone(),
            r.counts.barrier.to_string(),
            r.counts.facilitator.to_string(),
            r.counts.both.to_string(),
            r.counts.total().to_string(),
        ]
    });
    write_rows(format, std::iter::once(header.map(str::to_owned).to_vec()).chain(rows))
}

/// Characteristics: `value`, `n`, `percent` (one decimal).
#[must_use]
pub fn characteristics_table(rows: &[CharacteristicRow], format: TableFormat) -> String {
    let header = vec!["value".to_owned(), "n".to_owned(), "percent".to_owned()];
    let body = rows.iter().map(|r| vec![r.value.clone(), r.n.to_string(), format!("{:.1}", r.percent)]);
    write_rows(format, std::iter::once(header).chain(body))
}

/// Characteristics of several fields in one table, as the paper's Table 1 lists them:
/// `field`, `value`, `n`, `percent` (one decimal), the fields in the order given.
#[must_use]
pub fn characteristics_fields_table(fields: &[(&str, &[CharacteristicRow])], format: TableFormat) -> String {
    let header = ["field", "value", "n", "percent"].map(str::to_owned).to_vec();
    let body = fields.iter().flat_map(|(field, rows)| {
        rows.iter().map(|r| vec![(*field).to_owned(), r.value.clone(), r.n.to_string(), format!("{:.1}", r.percent)])
    });
    write_rows(format, std::iter::once(header).chain(body))
}

/// The matrix: `id`, `label`, then one column per construct key with `B`, `F`, `B/F` or
/// nothing. Article ids come from the `article` field when present, else `D<n>`.
#[must_use]
pub fn matrix_table(matrix: &Matrix, project: &Project, format: TableFormat) -> String {
    let mut header = vec!["id".to_owned(), "label".to_owned()];
    header.extend(matrix.columns.iter().map(ToString::to_string));
    let body = matrix.rows.iter().map(|row| {
        let id = match row.unit {
            Unit::Article(d) => {
                project.document(d).and_then(|doc| doc.fields.get("article").cloned()).unwrap_or_else(|| d.to_string())
            }
            Unit::Study(s) => s.to_string(),
            Unit::Passage(c) => c.to_string(),
        };
        let mut cells = vec![id, row.label.clone()];
        cells.extend(row.cells.iter().map(|c| c.map(|v| v.short().to_owned()).unwrap_or_default()));
        cells
    });
    write_rows(format, std::iter::once(header).chain(body))
}

fn char_offset(
    doc: Option<&crate::model::Document>,
    t: Option<&crate::model::TextAnchor>,
    at: impl Fn(&crate::model::TextAnchor) -> usize,
) -> String {
    let (Some(d), Some(t)) = (doc, t) else { return String::new() };
    d.page(t.page).and_then(|p| p.get(..at(t))).map_or_else(String::new, |before| before.chars().count().to_string())
}

/// Every coding, one row each with all its fields. `start_char` and `end_char` count
/// characters (code points) of the page's text, not bytes.
#[must_use]
pub fn codings_csv(project: &Project) -> String {
    let header = [
        "coding_id",
        "article_id",
        "article",
        "study",
        "page",
        "start_char",
        "end_char",
        "quote",
        "construct_id",
        "domain",
        "construct",
        "valence",
        "comment",
        "coder",
        "created",
        "provenance",
        "anchor_status",
        "text_source",
    ];
    let rows = project.codings().values().map(|c| {
        let doc = project.document(c.document);
        let cb = project.codebook();
        let t = c.anchor.as_text();
        let status = match project.anchor_status(c) {
            crate::model::AnchorStatus::Exact => "exact",
            crate::model::AnchorStatus::Moved { .. } => "moved",
            crate::model::AnchorStatus::Orphaned => "orphaned",
        };
        vec![
            c.id.to_string(),
            doc.and_then(|d| d.fields.get("article").cloned()).unwrap_or_else(|| c.document.to_string()),
            doc.map_or_else(String::new, |d| d.title.clone()),
            doc.and_then(|d| project.studies().get(&d.study)).map_or_else(String::new, |s| s.label.clone()),
            t.map_or_else(String::new, |t| (t.page + 1).to_string()),
            // Offsets in characters (Unicode code points) from the start of the page's text,
            // as spreadsheets and scripts count them.
            char_offset(doc, t, |t| t.start),
            char_offset(doc, t, |t| t.end),
            t.map_or_else(String::new, |t| t.quote.clone()),
            c.construct.to_string(),
            cb.domain_of(&c.construct).map_or_else(String::new, |d| d.name.clone()),
            cb.construct(&c.construct).map_or_else(String::new, |k| k.label.clone()),
            c.valence.label().to_owned(),
            c.comment.clone(),
            c.coder.clone(),
            c.created.clone(),
            c.provenance.join("; "),
            status.to_owned(),
            match (doc, t) {
                (Some(d), Some(t)) if d.is_ocr_page(t.page) => {
                    format!("OCR ({})", d.ocr.as_ref().map_or("", |o| o.language.as_str()))
                }
                _ => "text layer".to_owned(),
            },
        ]
    });
    write_rows(TableFormat::Csv, std::iter::once(header.map(str::to_owned).to_vec()).chain(rows))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{Level, tallies};

    #[test]
    fn tallies_csv_quotes_and_tsv_does_not_need_to() {
        let p = Project::new("t", "c", crate::persistence::default_codebook().unwrap());
        let t = tallies(&p, Level::Study);
        let tsv = tallies_table(&t, p.codebook(), TableFormat::Tsv);
        let mut lines = tsv.lines();
        assert_eq!(lines.next(), Some("construct_id\tdomain\tconstruct\tbarrier\tfacilitator\tboth\ttotal"));
        assert_eq!(
            lines.next(),
            Some("client.skills_self_efficacy\tClient characteristics\tSkills & self-efficacy\t0\t0\t0\t0")
        );
        assert_eq!(tsv.lines().count(), 38);
        let csv = tallies_table(&t, p.codebook(), TableFormat::Csv);
        assert!(csv.contains("intervention.timing_duration_frequency,Intervention characteristics,\"Timing, duration, frequency\",0,0,0,0"));
    }

    #[test]
    fn characteristics_of_several_fields_keep_their_order_and_name_each_row() {
        let row = |value: &str, n: usize, percent: f64| CharacteristicRow { value: value.into(), n, percent };
        let region = [row("Sub-Saharan Africa", 2, 66.666), row("Global", 1, 33.333)];
        let stage = [row("Implementation, scale-up", 3, 100.0)];
        let csv = characteristics_fields_table(&[("stage", &stage), ("region", &region)], TableFormat::Csv);
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(
            lines,
            [
                "field,value,n,percent",
                "stage,\"Implementation, scale-up\",3,100.0",
                "region,Sub-Saharan Africa,2,66.7",
                "region,Global,1,33.3"
            ]
        );
        assert_eq!(characteristics_fields_table(&[], TableFormat::Tsv).trim_end(), "field\tvalue\tn\tpercent");
    }
}
