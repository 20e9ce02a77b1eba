//! The project file on disk: a versioned RON format, atomic saves with a backup, autosave
//! side files, and the codebook asset.
//!
//! Loading probes the header, reads the frozen struct of that version, migrates step by
//! step to the current one and validates into the model. Saving writes a temporary file in
//! the same folder, syncs it, keeps the previous file as `.bak` and renames over the target.
//! Depends on the model only; never names egui or eframe.

mod atomic;
mod autosave;
mod codebook_asset;
mod codebook_csv;
mod error;
mod format;
mod refi;
mod table;
mod v1;
mod v2;

pub use atomic::{backup_path, write_atomic};
pub use autosave::{autosave_path, recovery_candidate, remove_autosave, write_autosave};
pub use codebook_asset::{CodebookParseError, default_codebook, parse_codebook};
pub use codebook_csv::{codebook_csv, import_codebook_csv};
pub use error::{LoadError, SaveError};
pub use format::{CURRENT_VERSION, FORMAT, Loaded, load, load_str, save, to_ron};
pub use refi::{RefiError, codebook_qdc, export_qdpx, guid, import_qdc, import_qdpx, representation};
pub use table::{TableError, TableImport, TableProblem, delimiter_for, plan_table_import};
