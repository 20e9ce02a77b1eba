//! Reports as text and images: TSV/CSV tables (tallies, characteristics, matrix, codings),
//! the comparison report (CSV, HTML), the coded-text report (HTML, Markdown), and the
//! diagram and chart (SVG, PNG). Pure: the app and the command line write them to files.

mod coded_text;
mod comparison;
mod figures;
mod tables;

pub use coded_text::{coded_text_html, coded_text_markdown};
pub use comparison::{comparison_csv, comparison_html};
pub use figures::{chart_svg, diagram_svg, svg_to_png};
pub use tables::{
    TableFormat, characteristics_fields_table, characteristics_table, codings_csv, matrix_table, tallies_table,
};
