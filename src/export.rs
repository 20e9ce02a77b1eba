//! Every export format, as bytes, from one place: the app's File > Export menu and the
//! `befits-coder export` command call the same function. Uses analysis and persistence;
//! never egui.

use crate::analysis::report::{self, TableFormat};
use crate::analysis::{Level, diagram_layout, matrix, tallies};
use crate::model::Project;
use crate::persistence;

/// An export format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportFormat {
    /// REFI-QDA project (`.qdpx`).
    Qdpx,
    /// REFI-QDA codebook (`.qdc`).
    Qdc,
    /// Codebook as CSV.
    CodebookCsv,
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
    pub const ALL: [ExportFormat; 12] = [
        ExportFormat::Qdpx,
        ExportFormat::Qdc,
        ExportFormat::CodebookCsv,
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
    let now = humantime::format_rfc3339_seconds(std::time::SystemTime::now()).to_string();
    if format == ExportFormat::Qdpx {
        return persistence::export_qdpx_noting(project, &now).map_err(|e| e.to_string());
    }
    let figure_title =
        |what: &str| format!("{what}: {} ({} {})", project.name(), project_units(project, level), level.plural());
    let bytes = match format {
        ExportFormat::Qdpx => persistence::export_qdpx(project, &now).map_err(|e| e.to_string())?,
        ExportFormat::Qdc => persistence::codebook_qdc(project.codebook()).map_err(|e| e.to_string())?.into_bytes(),
        ExportFormat::CodebookCsv => persistence::codebook_csv(project.codebook()).into_bytes(),
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
