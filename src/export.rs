//! Every export format, as bytes, from one place: the app's File > Export menu and the
//! `befits-coder export` command call the same function. Uses analysis and persistence;
//! never egui.

use crate::analysis::report::{self, TableFormat};
use crate::analysis::{Level, diagram_layout, matrix, tallies};
use crate::model::{DocumentId, Project};
use crate::persistence::{self, GlyphRect};
use std::collections::BTreeMap;

/// An export format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportFormat {
    /// REFI-QDA project (`.qdpx`).
    Qdpx,
    /// REFI-QDA codebook (`.qdc`).
    Qdc,
    /// Codebook as CSV.
    CodebookCsv,
    /// Codebook as Taguette imports one (CSV, `tag` and `description`).
    CodebookTaguette,
    /// One row per coding.
    CodingsCsv,
    /// Coded-text report, HTML.
    ReportHtml,
    /// Coded-text report, Markdown.
    ReportMd,
    /// Nested-domain diagram, SVG.
    DiagramSvg,
    /// Nested-domain diagram, PNG.
    DiagramPng,
    /// Tally chart, SVG.
    ChartSvg,
    /// Tally chart, PNG.
    ChartPng,
    /// Tallies as CSV.
    TalliesCsv,
    /// Matrix grid (articles) as CSV.
    MatrixCsv,
}

impl ExportFormat {
    /// Every format, in menu order.
    pub const ALL: [ExportFormat; 13] = [
        ExportFormat::Qdpx,
        ExportFormat::Qdc,
        ExportFormat::CodebookCsv,
        ExportFormat::CodebookTaguette,
        ExportFormat::CodingsCsv,
        ExportFormat::ReportHtml,
        ExportFormat::ReportMd,
        ExportFormat::DiagramSvg,
        ExportFormat::DiagramPng,
        ExportFormat::ChartSvg,
        ExportFormat::ChartPng,
        ExportFormat::TalliesCsv,
        ExportFormat::MatrixCsv,
    ];

    /// Command-line name.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            ExportFormat::Qdpx => "qdpx",
            ExportFormat::Qdc => "qdc",
            ExportFormat::CodebookCsv => "codebook-csv",
            ExportFormat::CodebookTaguette => "codebook-taguette",
            ExportFormat::CodingsCsv => "codings-csv",
            ExportFormat::ReportHtml => "report-html",
            ExportFormat::ReportMd => "report-md",
            ExportFormat::DiagramSvg => "diagram-svg",
            ExportFormat::DiagramPng => "diagram-png",
            ExportFormat::ChartSvg => "chart-svg",
            ExportFormat::ChartPng => "chart-png",
            ExportFormat::TalliesCsv => "tallies-csv",
            ExportFormat::MatrixCsv => "matrix-csv",
        }
    }

    /// Parses a command-line name.
    #[must_use]
    pub fn parse(s: &str) -> Option<ExportFormat> {
        ExportFormat::ALL.into_iter().find(|f| f.name() == s.trim())
    }

    /// The file extension.
    #[must_use]
    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Qdpx => "qdpx",
            ExportFormat::Qdc => "qdc",
            ExportFormat::ReportHtml => "html",
            ExportFormat::ReportMd => "md",
            ExportFormat::DiagramSvg | ExportFormat::ChartSvg => "svg",
            ExportFormat::DiagramPng | ExportFormat::ChartPng => "png",
            ExportFormat::CodebookCsv
            | ExportFormat::CodebookTaguette
            | ExportFormat::CodingsCsv
            | ExportFormat::TalliesCsv
            | ExportFormat::MatrixCsv => "csv",
        }
    }

    /// What the menu calls it.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            ExportFormat::Qdpx => "REFI-QDA project (.qdpx) for NVivo, ATLAS.ti, MAXQDA, QualCoder",
            ExportFormat::Qdc => "Codebook as REFI-QDA codebook (.qdc)",
            ExportFormat::CodebookCsv => "Codebook as CSV",
            ExportFormat::CodebookTaguette => "Codebook for Taguette (CSV)",
            ExportFormat::CodingsCsv => "Codings as CSV (one row per coding)",
            ExportFormat::ReportHtml => "Coded-text report (HTML)",
            ExportFormat::ReportMd => "Coded-text report (Markdown)",
            ExportFormat::DiagramSvg => "Nested-domain diagram (SVG)",
            ExportFormat::DiagramPng => "Nested-domain diagram (PNG)",
            ExportFormat::ChartSvg => "Tally chart (SVG)",
            ExportFormat::ChartPng => "Tally chart (PNG)",
            ExportFormat::TalliesCsv => "Tallies (CSV)",
            ExportFormat::MatrixCsv => "Matrix grid (CSV)",
        }
    }

    /// Whether the format is a CSV table (spreadsheets open it).
    #[must_use]
    pub fn is_csv(self) -> bool {
        self.extension() == "csv"
    }
}

/// How an export is made.
#[derive(Clone, Copy, Debug)]
pub struct ExportOptions<'a> {
    /// The unit of the tallies, diagram and chart.
    pub level: Level,
    /// CSV starts with a UTF-8 byte-order mark, so Excel reads accents right (other
    /// spreadsheets and this app's own imports ignore it).
    pub csv_bom: bool,
    /// Glyphs of each article's pages, for a `.qdpx` to hold every passage also as an area of
    /// its PDF page (see [`crate::interop::export_geometry`]).
    pub geometry: Option<&'a BTreeMap<DocumentId, Vec<Vec<GlyphRect>>>>,
}

impl ExportOptions<'_> {
    /// The defaults at a level: a BOM on CSV, no page areas.
    #[must_use]
    pub fn at(level: Level) -> Self {
        Self { level, csv_bom: true, geometry: None }
    }
}

/// The bytes of an export. `level` is the unit of the tallies, diagram and chart.
///
/// # Errors
/// A message when the export cannot be produced.
pub fn export_bytes(project: &Project, format: ExportFormat, level: Level) -> Result<Vec<u8>, String> {
    export_noting(project, format, level).map(|(bytes, _)| bytes)
}

/// [`export_bytes`], with notes on what was left out (for a `.qdpx`: PDFs whose file is
/// missing or not the one imported); the caller shows them.
///
/// # Errors
/// As [`export_bytes`].
pub fn export_noting(project: &Project, format: ExportFormat, level: Level) -> Result<(Vec<u8>, Vec<String>), String> {
    export_with(project, format, &ExportOptions::at(level))
}

/// An export with every option.
///
/// # Errors
/// As [`export_bytes`].
pub fn export_with(
    project: &Project,
    format: ExportFormat,
    options: &ExportOptions<'_>,
) -> Result<(Vec<u8>, Vec<String>), String> {
    let (bytes, notes) = export_inner(project, format, options)?;
    Ok((crate::sink::with_bom(bytes, format.is_csv() && options.csv_bom), notes))
}

fn export_inner(
    project: &Project,
    format: ExportFormat,
    options: &ExportOptions<'_>,
) -> Result<(Vec<u8>, Vec<String>), String> {
    let level = options.level;
    let now = humantime::format_rfc3339_seconds(std::time::SystemTime::now()).to_string();
    if format == ExportFormat::Qdpx {
        let empty = BTreeMap::new();
        let (bytes, notes) = persistence::export_qdpx_with(project, &now, options.geometry.unwrap_or(&empty))
            .map_err(|e| e.to_string())?;
        let mut lines = notes.left_out;
        if notes.areas > 0 {
            lines.push(format!("{} passages were also written as areas of their PDF pages.", notes.areas));
        }
        return Ok((bytes, lines));
    }
    let figure_title =
        |what: &str| format!("{what}: {} ({} {})", project.name(), project_units(project, level), level.plural());
    let bytes = match format {
        ExportFormat::Qdpx => persistence::export_qdpx(project, &now).map_err(|e| e.to_string())?,
        ExportFormat::Qdc => persistence::codebook_qdc(project.codebook()).map_err(|e| e.to_string())?.into_bytes(),
        ExportFormat::CodebookCsv => persistence::codebook_csv(project.codebook()).into_bytes(),
        ExportFormat::CodebookTaguette => persistence::codebook_taguette_csv(project.codebook()).into_bytes(),
        ExportFormat::CodingsCsv => report::codings_csv(project).into_bytes(),
        ExportFormat::ReportHtml => report::coded_text_html(project).into_bytes(),
        ExportFormat::ReportMd => report::coded_text_markdown(project).into_bytes(),
        ExportFormat::DiagramSvg | ExportFormat::DiagramPng => {
            let svg = report::diagram_svg(
                &diagram_layout(project.codebook()),
                project.codebook(),
                &tallies(project, level),
                &figure_title("BeFITS-MH domains"),
            );
            if format == ExportFormat::DiagramSvg { svg.into_bytes() } else { report::svg_to_png(&svg, 2.0)? }
        }
        ExportFormat::ChartSvg | ExportFormat::ChartPng => {
            let svg = report::chart_svg(
                &tallies(project, level),
                project.codebook(),
                &figure_title("Barriers and facilitators"),
            );
            if format == ExportFormat::ChartSvg { svg.into_bytes() } else { report::svg_to_png(&svg, 2.0)? }
        }
        ExportFormat::TalliesCsv => {
            report::tallies_table(&tallies(project, level), project.codebook(), TableFormat::Csv).into_bytes()
        }
        ExportFormat::MatrixCsv => {
            report::matrix_table(&matrix(project, Level::Article), project, TableFormat::Csv).into_bytes()
        }
    };
    Ok((bytes, Vec::new()))
}

fn project_units(project: &Project, level: Level) -> usize {
    match level {
        Level::Passage => project.codings().len(),
        Level::Article => project.documents().len(),
        Level::Study => project.studies().len(),
    }
}
