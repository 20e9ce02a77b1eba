//! Pure functions over a project: derived data that is never saved, recomputed when the
//! project's revision changes. Never names egui or eframe.

pub mod agreement;
mod anchors;
pub mod characteristics;
pub mod consensus;
mod derived;
pub mod diagram;
pub mod hits;
pub mod matrix;
pub mod report;
pub mod suggest;
pub mod tally;

pub use anchors::{AnchorReport, check_anchors};
pub use characteristics::{CharacteristicRow, characteristics, field_names};
pub use derived::{Derived, Highlight};
pub use diagram::{DiagramLayout, layout as diagram_layout};
pub use matrix::{Matrix, matrix};
pub use tally::{Counts, Level, Tallies, Unit, tallies, unit_categories};
