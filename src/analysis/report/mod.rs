//! Reports as text: TSV/CSV tables (tallies, characteristics, matrix) and the comparison
//! report (CSV, HTML). Pure: the app and the command line write them to files.

mod comparison;
mod tables;

pub use comparison::{comparison_csv, comparison_html};
pub use tables::{TableFormat, characteristics_table, matrix_table, tallies_table};
