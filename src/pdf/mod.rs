//! PDF text extraction (per-page normalised text with glyph boxes, quality checks) and page
//! drawing, each in an isolated worker process.
//!
//! pdf-extract panics on some real-world files, returns empty text silently for others and
//! loses spaces in justified lines. So: pages are walked one by one, the page text is built
//! from glyph positions (not pdf-extract's plain-text output), every page runs under
//! `catch_unwind`, and the whole parse runs in a child process with a time limit and a memory
//! cap ([`extract_isolated`]). Pages are drawn the same way, in a long-lived child that keeps
//! the document open ([`PageWorker`]). The app never parses a PDF itself: it hands the bytes
//! to a worker. Never names egui or eframe.

mod bidi;
mod collector;
mod error;
mod extract;
mod frame;
mod hayro_text;
mod ocr;
mod page_worker;
mod pixels;
mod process;
mod quality;
mod render;
mod repair;
mod types;
mod white_runs;
mod worker;

pub use crate::model::sha256_hex;
pub use error::PdfError;
pub use extract::extract_bytes;
pub use ocr::{INSTALL_HINT as OCR_INSTALL_HINT, OcrRequest, languages as ocr_languages, valid_language};
pub use page_worker::{MAX_PAGE_PIXELS, PAGE_WORKER_SUBCOMMAND, PageInfo, PageLimits, PageWorker, run_page_worker};
pub use pixels::Pixels;
pub use quality::{Warning, check_quality, pages_list};
pub use render::{Affine, Canvas, Drawn, PageRenderer, RenderedPage, apply};
pub use types::{Extraction, GlyphBox, PageLayout, PageSource};
pub use worker::{
    ExtractOptions, MAX_INPUT_BYTES, WORKER_SUBCOMMAND, WorkerLimits, extract_isolated, extract_isolated_with,
    run_worker,
};
