//! `BeFITS` Coder: qualitative coding of implementation-science articles with the BeFITS-MH
//! framework, from the article PDF to the published tables.
//!
//! The architecture in one screen (dependencies point downwards only):
//!
//! ```text
//! main ── app ── ui ── analysis ── model
//!          │                        ▲
//!          ├── persistence ─────────┤      cli ── analysis, persistence, pdf
//!          └── pdf ─────────────────┘
//! ```
//!
//! - [`model`]: pure data (ids, codebook, documents, codings, anchors, project) and the
//!   [`model::Edit`]s that are the only way to change a project; every edit returns its
//!   inverse, which is how undo works.
//! - [`analysis`]: pure functions over a project (anchor checks, tallies, ...).
//! - [`persistence`]: the versioned RON project file, atomic saves, autosave, the codebook.
//! - [`pdf`]: text extraction in an isolated worker process, normalisation, quality checks.
//! - [`ui`]: egui panels; they read a view of the state and return actions, never mutate.
//! - [`app`]: the eframe application; the only module that mutates the project and does I/O.
//! - [`export`]: every export format as bytes (REFI-QDA, reports, figures, tables), shared
//!   by the app's menu and the `export` command.
//! - [`cli`]: the headless commands on the same binary.
//! - [`sink`]: escaping at the sink, once per output kind (HTML, Markdown, XML/SVG, CSV);
//!   every report and export writes strings from files only through it.
//!
//! `model`, `analysis`, `persistence`, `pdf`, `export` and `sink` never name egui or eframe
//! (a test checks).

pub mod analysis;
pub mod app;
pub mod assets;
pub mod cli;
pub mod export;
pub mod interop;
pub mod model;
pub mod pdf;
pub mod persistence;
pub mod sink;
pub mod ui;
