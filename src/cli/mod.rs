//! The headless command line on the same binary. Each command prints its result on stdout
//! and, on failure, one line on stderr with a non-zero exit code. Uses analysis,
//! persistence and pdf; never egui.

/// Prints a line on stdout; a closed pipe (`befits-coder tally ... | head`) ends the output
/// quietly instead of panicking.
macro_rules! out {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout().lock(), $($arg)*);
    }};
}

/// Prints text on stdout as is (see [`out!`]).
macro_rules! out_raw {
    ($text:expr) => {{
        use std::io::Write as _;
        let _ = std::io::stdout().lock().write_all($text.as_bytes());
    }};
}

mod backups;
mod compare;
mod extract;
mod refi;
mod review;
mod validate;

use clap::{Parser, Subcommand, ValueEnum};

use std::path::PathBuf;

/// The built-in samples the app can open on (`--sample NAME`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum SampleArg {
    /// Two open-access articles with example codings.
    Workshop,
    /// The review's own data: 37 articles in 28 studies.
    Review,
    /// Two coders' projects of the workshop articles, compared.
    Pair,
}

/// Command-line arguments of `befits-coder`.
#[derive(Debug, Parser)]
#[command(
    name = "befits-coder",
    version,
    about = "Code implementation-science articles with the BeFITS-MH framework",
    long_about = "Without a command, opens the app (on PROJECT if given, else on the welcome screen, or on the workshop sample while there is no recent project).\nWith a command, runs it headless.",
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    /// A project file (.ron) to open in the app.
    pub project: Option<PathBuf>,
    /// With PROJECT: open the app comparing it (coder A) with this project (coder B).
    #[arg(long, value_name = "B.ron", requires = "project")]
    pub compare: Option<PathBuf>,
    /// Open the app on a built-in sample instead of the welcome screen: the workshop project
    /// (the default), the review's data, or a pair review of two coders ready to settle.
    #[arg(long, value_name = "SAMPLE", num_args = 0..=1, default_missing_value = "workshop", conflicts_with = "project")]
    pub sample: Option<SampleArg>,
    /// The window's size in points, as `WIDTHxHEIGHT` (for example `1280x720` for a projector).
    #[arg(long, value_name = "WxH", value_parser = parse_size)]
    pub size: Option<(f32, f32)>,
    /// Take screenshots of the main views into this folder, then close (for the README; run
    /// under a virtual display by scripts/screenshots.sh).
    #[arg(long, value_name = "DIR", hide = true)]
    pub screenshots: Option<PathBuf>,
    /// A headless command.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The headless commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Extract the text of a PDF (in an isolated process) and report, page by page, the
    /// characters read and where they came from, and any warning. Exit 0 on success, 2 when
    /// the PDF cannot be read.
    Extract {
        /// The PDF file.
        file: PathBuf,
        /// Print the normalised text of every page as JSON.
        #[arg(long)]
        json: bool,
        /// Password for an encrypted PDF.
        #[arg(long)]
        password: Option<String>,
        /// Recognise the text of pages that have none (scans) with Tesseract.
        #[arg(long)]
        ocr: bool,
        /// Tesseract language for --ocr (`eng`, `fra`, `spa`, `por`, `fra+eng`, ...).
        #[arg(long, default_value = "eng", requires = "ocr")]
        lang: String,
    },
    /// Check a project file: anchors, codebook, references. Exit 0 when valid, 1 when not,
    /// 2 when it cannot be read.
    Validate {
        /// The project file.
        project: PathBuf,
    },
    /// List the backups of a project (its last saves) and its autosave, newest first, with
    /// the number of codings each holds.
    Backups {
        /// The project file.
        project: PathBuf,
    },
    /// Make a backup (numbered as `backups` lists them; 1 is the newest) the project file.
    /// The file it replaces is kept as a backup, so a restore can itself be undone.
    Restore {
        /// The project file.
        project: PathBuf,
        /// Which copy, as numbered by `backups`.
        #[arg(long, default_value_t = 1)]
        backup: usize,
    },
    /// Import a data-extraction table (TSV or CSV laid out like the review's Table 2) into a
    /// new project, or into an existing one with --append.
    ImportTable {
        /// The table.
        file: PathBuf,
        /// The project file to write.
        #[arg(short, long)]
        output: PathBuf,
        /// Add to the project in OUTPUT instead of creating it.
        #[arg(long)]
        append: bool,
        /// Name of a new project (default: the table's file name).
        #[arg(long)]
        name: Option<String>,
        /// Coder recorded on the imported codings (default: "table import").
        #[arg(long)]
        coder: Option<String>,
    },
    /// Tallies per construct (the paper's Fig. 3): barrier, facilitator, both and total.
    Tally {
        /// The project file.
        project: PathBuf,
        /// Unit of counting.
        #[arg(long, default_value = "study", value_parser = ["passage", "article", "study"])]
        level: String,
        /// Output format.
        #[arg(long, default_value = "tsv", value_parser = ["tsv", "csv"])]
        format: String,
    },
    /// Study characteristics for one extraction field (the paper's Table 1).
    Characteristics {
        /// The project file.
        project: PathBuf,
        /// The field (for example `region`, `stage`, `condition_group`).
        #[arg(long)]
        field: String,
    },
    /// The matrix grid: articles or studies by constructs, cells B, F or B/F (TSV).
    Matrix {
        /// The project file.
        project: PathBuf,
        /// What the rows are.
        #[arg(long, default_value = "article", value_parser = ["article", "study"])]
        rows: String,
    },
    /// Agreement between two coders' projects: overall figures first, then one row per
    /// construct (percentage agreement, Cohen's kappa, Krippendorff's alpha).
    Compare {
        /// Coder A's project.
        a: PathBuf,
        /// Coder B's project.
        b: PathBuf,
        /// Unit of analysis.
        #[arg(long, default_value = "study-construct", value_parser = ["study-construct", "article-construct", "passage"])]
        unit: String,
        /// Output format.
        #[arg(long, default_value = "tsv", value_parser = ["tsv", "json"])]
        format: String,
        /// Passage level: share of the shorter passage two codings must share (0 to 1).
        #[arg(long, default_value_t = 0.5)]
        threshold: f64,
    },
    /// Export a project: REFI-QDA project or codebook, codebook or codings as CSV, coded-text
    /// report (HTML, Markdown), diagram and chart (SVG, PNG), tallies or matrix (CSV).
    Export {
        /// The project file.
        project: PathBuf,
        /// What to write.
        #[arg(long, value_parser = ["qdpx", "qdc", "codebook-csv", "codebook-taguette", "codings-csv", "report-html", "report-md", "diagram-svg", "diagram-png", "chart-svg", "chart-png", "tallies-csv", "matrix-csv"])]
        format: String,
        /// The file to write.
        #[arg(short, long)]
        output: PathBuf,
        /// Unit of the tallies, diagram and chart.
        #[arg(long, default_value = "study", value_parser = ["passage", "article", "study"])]
        level: String,
        /// Write CSV without the UTF-8 byte-order mark (which Excel needs to read accents).
        #[arg(long)]
        no_bom: bool,
    },
    /// How well construct suggestions would have done on a coded project: each coded passage
    /// is suggested for with itself left out, and the right construct counted when first
    /// (top-1) or among the first three (top-3); the same for always suggesting the most
    /// frequent constructs.
    SuggestEval {
        /// The project file.
        project: PathBuf,
    },
    /// Import a REFI-QDA project (.qdpx from NVivo, ATLAS.ti, MAXQDA, QualCoder; a bare .qde)
    /// or codebook (.qdc) into a new project. Codes map to constructs and valences by BeFITS
    /// keys, names and the map file; the others are kept as imported codes. PDFs of the file
    /// are read (in the isolated worker) and kept in a folder beside the project. Prints
    /// what was imported and every selection that could not be placed.
    ImportRefi {
        /// The REFI-QDA file.
        file: PathBuf,
        /// The project file to write (must not exist).
        #[arg(short, long)]
        output: PathBuf,
        /// A map file: `[codes]` with `"code name or Parent > Child" = "construct.key valence"`,
        /// `"construct.key"`, `"valence barrier"` or `"keep"`.
        #[arg(long, value_name = "MAP.toml")]
        map: Option<PathBuf>,
        /// Coder recorded where the file names none.
        #[arg(long)]
        coder: Option<String>,
    },
    /// Render one page of a PDF to PNG, as the page view draws it.
    Render {
        /// The PDF file.
        file: PathBuf,
        /// Page number (1 is the first page).
        #[arg(long, default_value_t = 1)]
        page: usize,
        /// Pixels per point (2 gives a sharp image on high-density screens).
        #[arg(long, default_value_t = 2.0)]
        scale: f32,
        /// Password for an encrypted PDF.
        #[arg(long)]
        password: Option<String>,
        /// The PNG file to write.
        #[arg(short, long)]
        output: PathBuf,
    },
    /// Internal: the isolated PDF reader process.
    #[command(name = "extract-worker", hide = true)]
    ExtractWorker {
        /// Where to write the JSON result.
        #[arg(long)]
        out: PathBuf,
        /// Address-space cap in MiB.
        #[arg(long, default_value_t = 3072)]
        memory_mib: u64,
        /// Include glyph boxes.
        #[arg(long)]
        layout: bool,
    },
    /// Internal: the isolated page-drawing process.
    #[command(name = "page-worker", hide = true)]
    PageWorker {
        /// Address-space cap in MiB.
        #[arg(long, default_value_t = 2048)]
        memory_mib: u64,
        /// Started ahead of its first document: take the memory of the drawing threads'
        /// pictures while waiting for it.
        #[arg(long)]
        ahead: bool,
    },
}

/// `1280x720` -> (1280, 720); sizes from 400x300 up.
fn parse_size(s: &str) -> Result<(f32, f32), String> {
    let (w, h) = s.split_once(['x', 'X']).ok_or("use WIDTHxHEIGHT, for example 1280x720")?;
    let n = |v: &str| v.trim().parse::<u16>().map_err(|_| format!("`{v}` is not a whole number"));
    let (w, h) = (n(w)?, n(h)?);
    if w < 400 || h < 300 {
        return Err("the window needs at least 400x300".into());
    }
    Ok((f32::from(w), f32::from(h)))
}

/// Exit code: success.
pub const EXIT_OK: u8 = 0;
/// Exit code: the input was read but is not valid.
pub const EXIT_INVALID: u8 = 1;
/// Exit code: the input could not be read.
pub const EXIT_UNREADABLE: u8 = 2;

/// Prints one error line on stderr.
fn fail(code: u8, message: &str) -> u8 {
    // One line, whatever the file it quotes: a name or a cell of any length is cut.
    let line = crate::model::text::one_line(message);
    eprintln!("befits-coder: error: {}", crate::model::text::ellipsize(&line, MAX_ERROR_CHARS));
    code
}

/// The most characters of an error line.
const MAX_ERROR_CHARS: usize = 2_000;

/// Runs a headless command and returns its exit code.
#[must_use]
pub fn run(command: Command) -> u8 {
    match command {
        Command::Extract { file, json, password, ocr, lang } => {
            extract::run(&file, json, password.as_deref(), ocr.then_some(lang.as_str()))
        }
        Command::Validate { project } => validate::run(&project),
        Command::Backups { project } => backups::list(&project),
        Command::Restore { project, backup } => backups::restore(&project, backup),
        Command::ImportTable { file, output, append, name, coder } => {
            review::import_table(&file, &output, append, name.as_deref(), coder.as_deref())
        }
        Command::Tally { project, level, format } => review::tally(&project, &level, &format),
        Command::Characteristics { project, field } => review::characteristics(&project, &field),
        Command::Matrix { project, rows } => review::matrix(&project, &rows),
        Command::Compare { a, b, unit, format, threshold } => compare::run(&a, &b, &unit, &format, threshold),
        Command::Export { project, format, output, level, no_bom } => {
            review::export(&project, &format, &output, &level, no_bom)
        }
        Command::SuggestEval { project } => review::suggest_eval(&project),
        Command::ImportRefi { file, output, map, coder } => {
            refi::import(&file, &output, map.as_deref(), coder.as_deref().unwrap_or(""))
        }
        Command::Render { file, page, scale, password, output } => {
            extract::render(&file, page, scale, password.as_deref(), &output)
        }
        Command::ExtractWorker { out, memory_mib, layout } => {
            u8::try_from(crate::pdf::run_worker(&out, memory_mib, layout)).unwrap_or(EXIT_UNREADABLE)
        }
        Command::PageWorker { memory_mib, ahead } => {
            u8::try_from(crate::pdf::run_page_worker(memory_mib, ahead)).unwrap_or(EXIT_UNREADABLE)
        }
    }
}

/// The binary to start as the PDF worker: this very executable.
fn worker_exe() -> Result<PathBuf, String> {
    std::env::current_exe().map_err(|e| format!("cannot locate the befits-coder executable ({e})"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample_of(args: &[&str]) -> Result<Option<SampleArg>, clap::Error> {
        Cli::try_parse_from(std::iter::once("befits-coder").chain(args.iter().copied())).map(|c| c.sample)
    }

    #[test]
    fn sample_names_the_sample_and_defaults_to_the_workshop() {
        assert_eq!(sample_of(&[]).unwrap(), None);
        assert_eq!(sample_of(&["--sample"]).unwrap(), Some(SampleArg::Workshop));
        assert_eq!(sample_of(&["--sample", "pair"]).unwrap(), Some(SampleArg::Pair));
        assert_eq!(sample_of(&["--sample=review"]).unwrap(), Some(SampleArg::Review));
        assert_eq!(sample_of(&["--sample", "--size", "1280x720"]).unwrap(), Some(SampleArg::Workshop));
        assert!(sample_of(&["--sample", "nope"]).is_err());
        assert!(sample_of(&["--sample", "pair", "a.ron"]).is_err(), "a sample or a project, not both");
    }
}
