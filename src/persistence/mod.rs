//! The project file on disk: a versioned RON format, atomic saves with backup generations,
//! autosave and recovery, bounded reads, and the exchange formats (tables, codebooks,
//! REFI-QDA).
//!
//! Loading probes the header, reads the frozen struct of that version (refusing repeated ids
//! with their line), upgrades it one version at a time to the current one and validates into the
//! model.
//! Saving writes a temporary file in the same folder, syncs it, makes the file it replaces
//! the newest backup generation and renames over the target. Depends on the model only;
//! never names egui or eframe.

mod archive;
mod atomic;
mod autosave;
mod backups;
mod bounded;
mod codebook_asset;
mod codebook_csv;
mod error;
mod format;
mod frozen;
mod recovery;
mod refi;
mod strict;
mod table;
mod v1;
mod v2;
mod v3;
mod v4;
mod v5;

pub use archive::{ArchiveError, ArchiveLimits, BoundedArchive};
pub use atomic::{remove_stale_temp_files, resolve_target, write_atomic};
pub use autosave::{
    autosave_path, list_unsaved, new_unsaved_name, recovery_candidate, remove_autosave, remove_unsaved,
    set_aside_autosave, set_aside_unsaved, unsaved_dir, write_autosave, write_unsaved,
};
pub use backups::{Backup, BackupKind, DEFAULT_GENERATIONS, backup_dir, keep_generation, list_backups};
pub use bounded::{HintError, MAX_PDF_BYTES, MAX_PROJECT_BYTES, MAX_TABLE_BYTES, read_file, read_verified};
pub use codebook_asset::{CodebookParseError, default_codebook, parse_codebook};
pub use codebook_csv::{codebook_csv, codebook_taguette_csv, import_codebook_csv};
pub use error::{LoadError, SaveError};
pub(crate) use format::drop_elsewhere;
pub use format::{
    CURRENT_VERSION, FORMAT, Loaded, PreparedSave, load, load_str, prepare_save, save, save_keeping, to_ron,
};
pub use recovery::{
    CopyKind, CopySummary, RecoverableCopy, newer_autosave, recoverable_copies, recoverable_copies_with, summarize,
};
pub use refi::{
    BuildInput, CodeMap, Counting, ExportNotes, ExtractedPdf, ForeignCase, ForeignCode, ForeignCoding,
    ForeignSelection, ForeignSet, ForeignSource, GlyphRect, ImportReport, MapFile, MapFileError, Place, Reason,
    RefiError, RefiPackage, SourceKind, Target, Unplaced, auto_map, build_project, code_path, codebook_qdc,
    construct_valence_guid, export_qdpx, export_qdpx_noting, export_qdpx_with, guid, import_qdc, import_qdpx,
    import_qdpx_within, read_package, representation,
};
pub use table::{TableError, TableImport, TableProblem, decode_table, delimiter_for, plan_table_import, read_table};
