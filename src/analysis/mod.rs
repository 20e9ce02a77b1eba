//! Pure functions over a project: derived data that is never saved, recomputed when the
//! project's revision changes. Never names egui or eframe.

mod anchors;
mod derived;

pub use anchors::{AnchorReport, check_anchors};
pub use derived::{Derived, Highlight};
