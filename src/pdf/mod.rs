//! PDF text extraction: per-page normalised text with glyph boxes, quality checks, and the
//! isolated worker process that runs the parser.
//!
//! pdf-extract panics on some real-world files, returns empty text silently for others and
//! loses spaces in justified lines. So: pages are walked one by one, the page text is built
//! from glyph positions (not pdf-extract's plain-text output), every page runs under
//! `catch_unwind`, and the whole parse runs in a child process with a time limit and a memory
//! cap ([`extract_isolated`]). Never names egui or eframe.

mod collector;
mod error;
mod extract;
mod quality;
mod render;
mod repair;
mod types;
mod worker;

pub use crate::model::sha256_hex;
pub use error::PdfError;
pub use extract::extract_bytes;
pub use quality::{Warning, check_quality};
pub use render::{Affine, PageRenderer, RenderedPage, apply, render_png};
pub use types::{Extraction, GlyphBox, PageLayout};
pub use worker::{WORKER_SUBCOMMAND, WorkerLimits, extract_isolated, run_worker};
