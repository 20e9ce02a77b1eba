//! The command line, run as a user would run it.

use crate::support::{corpus, exe, pdfs};
use std::process::Command;
use std::time::{Duration, Instant};

fn run(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(exe()).args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn every_hostile_file_ends_in_0_or_2_with_a_clear_line() {
    let Some(dir) = corpus() else { return };
    // What each file must produce: exit code and a phrase of the message.
    let expected = [
        ("broken-xref", 0, "pages: 8"),
        ("cjk-chinese", 0, "pages: 6"),
        ("enc-aes128", 2, "encrypted"),
        ("enc-ownerpw-only", 0, "pages: 2"),
        ("enc-userpw-test", 2, "needs a password"),
        ("fuzzed-panic", 0, "pages: 16"),
        ("huge-page", 0, "pages: 1"),
        ("not-a-pdf", 2, "not a PDF"),
        ("pages-619", 0, "pages: 619"),
        ("rotated-90", 0, "pages: 1"),
        ("rtl-arabic", 0, "pages: 1"),
        ("scanned-image", 2, "no text layer"),
        ("truncated-60pct", 2, "ends early"),
        ("type3-font", 0, "pages: 1"),
        ("zero-bytes", 2, "empty"),
    ];
    let files = pdfs(&dir.join("hostile"));
    assert_eq!(files.len(), expected.len(), "a hostile file without an expectation");
    for path in files {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let (_, code, phrase) = expected
            .iter()
            .find(|(prefix, _, _)| name.starts_with(prefix))
            .unwrap_or_else(|| panic!("no expectation for {name}"));
        let started = Instant::now();
        let (status, stdout, stderr) = run(&["extract", path.to_str().unwrap()]);
        assert!(started.elapsed() < Duration::from_mins(1), "{name} took {:?}", started.elapsed());
        assert_eq!(status, *code, "{name}: stdout {stdout} stderr {stderr}");
        if status == 0 {
            assert!(stdout.contains(phrase), "{name}: {stdout}");
        } else {
            assert_eq!(stderr.lines().count(), 1, "{name}: one line on stderr: {stderr}");
            assert!(stderr.contains(phrase) && stderr.trim_end().ends_with(&name), "{name}: {stderr}");
        }
    }
}

/// A page whose content stream cannot be decoded is reported as unreadable, with the reason,
/// and not as a page without a text layer (a scan); one whose damaged stream was read on past
/// its damage is reported as read in part; the pages that merely hold no text are as such.
#[test]
fn extract_tells_a_damaged_page_from_a_page_without_text() {
    let Some(dir) = corpus() else { return };
    let path = dir.join("hostile/fuzzed-panic-poppler-90-0.pdf");
    let (status, stdout, stderr) = run(&["extract", path.to_str().unwrap()]);
    assert_eq!(status, 0, "{stderr}");
    let lines: Vec<&str> = stdout.lines().collect();
    assert!(lines.contains(&"page 4: 0 characters, could not be read"), "{stdout}");
    assert!(lines.contains(&"page 12: 0 characters, no text layer"), "{stdout}");
    let page10 = lines.iter().find(|l| l.starts_with("page 10: ")).unwrap();
    assert!(page10.ends_with(" characters, text layer; damaged, partly read"), "{stdout}");
    let damaged = "warning: pages 4, 6, 7, 8, 9, 11, 13, 15 could not be read (a content stream is damaged and cannot be decoded); they have no text";
    assert!(lines.contains(&damaged), "{stdout}");
    assert!(lines.contains(&"warning: pages 12, 16 have no text layer (images only, or blank)"), "{stdout}");
    let partly = "warning: pages 1, 2, 3, 5, 10, 14 have a damaged content stream, read as far as it could be; check their text against the page before coding";
    assert!(lines.contains(&partly), "{stdout}");
    let (_, json, _) = run(&["extract", "--json", path.to_str().unwrap()]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["page_report"][3]["notes"], serde_json::json!(["could not be read"]));
    assert_eq!(v["page_report"][9]["notes"], serde_json::json!(["damaged, partly read"]));
    assert_eq!(v["page_report"][11]["notes"], serde_json::json!(["no text layer"]));
}

#[test]
fn extract_json_gives_the_text_of_every_page() {
    let Some(dir) = corpus() else { return };
    let path = dir.join("articles/int-psychogeriatrics-2013-example1.pdf");
    let (status, stdout, _) = run(&["extract", "--json", path.to_str().unwrap()]);
    assert_eq!(status, 0);
    let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(v["pages"], 8);
    assert_eq!(v["text"].as_array().unwrap().len(), 8);
    assert!(v["text"][0].as_str().unwrap().len() > 1000);
}

#[test]
fn tally_characteristics_and_matrix_print_tables() {
    let review = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_projects/befits-mh-review.ron");
    let review = review.to_str().unwrap();
    let (status, stdout, _) = run(&["tally", review, "--level", "study"]);
    assert_eq!(status, 0);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines[0], "construct_id\tdomain\tconstruct\tbarrier\tfacilitator\tboth\ttotal");
    assert_eq!(lines.len(), 38, "a header and one row per construct");
    assert!(lines[1].starts_with("client.skills_self_efficacy\tClient characteristics\tSkills & self-efficacy\t"));
    let (_, csv, _) = run(&["tally", review, "--level", "passage", "--format", "csv"]);
    assert!(csv.starts_with("construct_id,domain,construct,barrier,facilitator,both,total\n"));

    let (status, stdout, _) = run(&["characteristics", review, "--field", "region"]);
    assert_eq!(status, 0);
    assert_eq!(
        stdout,
        "value\tn\tpercent\nAfrica\t14\t50.0\nSouth Asia\t9\t32.1\nLatin America and the Caribbean\t3\t10.7\nMulti-region\t2\t7.1\n"
    );
    let (status, _, stderr) = run(&["characteristics", review, "--field", "nope"]);
    assert_eq!(status, 1);
    assert_eq!(stderr.lines().count(), 1);

    let (status, stdout, _) = run(&["matrix", review, "--rows", "study"]);
    assert_eq!(status, 0);
    assert_eq!(stdout.lines().count(), 29, "a header and 28 studies");
    assert!(stdout.lines().next().unwrap().starts_with("id\tlabel\tclient.skills_self_efficacy\t"));
    assert!(stdout.lines().skip(1).all(|l| l.split('\t').count() == 39));
}

#[test]
fn import_table_reports_bad_rows_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let table = dir.path().join("sheet.csv");
    std::fs::write(&table, "article,study,barriers\nA1,S1,client.kabi\nA2,S1,client.bogus\n").unwrap();
    let out = dir.path().join("p.ron");
    let (status, _, stderr) = run(&["import-table", table.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert_eq!(status, 1);
    assert!(stderr.contains("line 3: unknown construct key `client.bogus`"), "{stderr}");
    assert!(!out.exists(), "nothing is written");
    std::fs::write(&table, "article,study,barriers\nA1,S1,client.kabi\nA2,S1,stigma.self_stigma\n").unwrap();
    let (status, stdout, _) = run(&["import-table", table.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert_eq!(status, 0, "{stdout}");
    assert!(stdout.contains("imported 2 articles in 1 new study with 2 codings"));
    let (status, _, stderr) = run(&["import-table", table.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert_eq!(status, 1, "refuses to overwrite: {stderr}");
}

#[test]
fn a_table_with_a_huge_header_is_refused_in_one_short_line() {
    let dir = tempfile::tempdir().unwrap();
    let table = dir.path().join("sheet.tsv");
    let name = format!("sample_size_{}", "x".repeat(300_000));
    std::fs::write(&table, format!("author_year\ttitle\t{name}\nDoe (2020)\tA study\t12\n")).unwrap();
    let out = dir.path().join("p.ron");
    let (status, _, stderr) = run(&["import-table", table.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert_eq!(status, 1);
    assert_eq!(stderr.lines().count(), 1, "one line");
    assert!(stderr.len() < 2_100, "{} bytes", stderr.len());
    assert!(
        stderr.contains("needs the columns `article` and `study`; its header has: author_year, title, sample_size_xxx")
    );
    assert!(!out.exists(), "nothing is written");
}

#[test]
fn table_2_with_stray_quotes_is_refused_in_one_line_and_nothing_is_written() {
    let reference = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/reference/table2-articles.tsv");
    let Ok(text) = std::fs::read_to_string(&reference) else {
        eprintln!("skipped: {} is absent", reference.display());
        return;
    };
    // Two stray quotes, as a spreadsheet edit leaves them: the first opens a cell on line 5
    // that runs, across tabs and rows, to the second on line 8.
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    let quoted = |line: &str, column: usize, before: bool| {
        let mut cells: Vec<String> = line.split('\t').map(str::to_owned).collect();
        cells[column] = if before { format!("\"{}", cells[column]) } else { format!("{}\"", cells[column]) };
        cells.join("\t")
    };
    lines[4] = quoted(&lines[4], 3, true);
    lines[7] = quoted(&lines[7], 1, false);
    let dir = tempfile::tempdir().unwrap();
    let table = dir.path().join("table2.tsv");
    std::fs::write(&table, lines.join("\n") + "\n").unwrap();
    let out = dir.path().join("review.ron");
    let (status, stdout, stderr) = run(&["import-table", table.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert_eq!(status, 1, "{stdout}");
    assert_eq!(stderr.lines().count(), 1, "one line: {stderr}");
    assert!(stderr.contains("line 5: column `ref` holds a tab inside quotes"), "{stderr}");
    assert!(!out.exists(), "nothing is written");

    // The same table as Excel's "Unicode text" (UTF-16 with a byte-order mark) imports whole.
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    let table = dir.path().join("table2-unicode.txt");
    std::fs::write(&table, utf16).unwrap();
    let (status, stdout, stderr) = run(&["import-table", table.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert_eq!(status, 0, "{stderr}");
    assert!(stdout.contains("imported 37 articles in 28 new studies"), "{stdout}");
}

#[test]
fn compare_prints_overall_figures_then_constructs() {
    let samples = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_projects");
    let (a, b) = (samples.join("pair-ama.ron"), samples.join("pair-ben.ron"));
    let (a, b) = (a.to_str().unwrap(), b.to_str().unwrap());
    let (status, stdout, _) = run(&["compare", a, b]);
    assert_eq!(status, 0);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines[0], "unit\tn\tpercent_agreement\tcohen_kappa\tkrippendorff_alpha");
    assert!(lines[1].starts_with("study-construct\t74\t"), "{}", lines[1]);
    assert!(lines.iter().any(|l| l.starts_with("client.skills_self_efficacy\t")));
    assert!(stdout.contains("undefined"), "constructs nobody coded have no variance");
    let (status, stdout, _) = run(&["compare", a, b, "--unit", "passage", "--format", "json"]);
    assert_eq!(status, 0);
    let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(v["unit"], "passage");
    assert!(v["overall"]["cohen_kappa"].is_f64());
    assert_eq!(v["constructs"].as_array().unwrap().len(), 37);
    let (status, _, stderr) = run(&["compare", a, "/no/such.ron"]);
    assert_eq!((status, stderr.lines().count()), (2, 1));
}

#[test]
fn output_into_a_closed_pipe_does_not_panic() {
    use std::io::Read;
    let review = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_projects/befits-mh-review.ron");
    let mut child = Command::new(exe())
        .args(["matrix", review.to_str().unwrap()])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let status = child.wait().unwrap();
    let mut err = String::new();
    child.stderr.take().unwrap().read_to_string(&mut err).unwrap();
    assert!(!err.contains("panicked"), "{err}");
    assert!(status.code().is_some());
}

#[test]
fn validate_reports_counts_and_exit_codes() {
    let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/v1/project.ron");
    let (status, stdout, _) = run(&["validate", fixture.to_str().unwrap()]);
    assert_eq!(status, 0, "{stdout}");
    assert!(
        stdout.contains("documents: 1") && stdout.contains("codings: 4") && stdout.contains("orphaned anchors: 0"),
        "{stdout}"
    );

    let dir = tempfile::tempdir().unwrap();
    let orphaned = dir.path().join("orphaned.ron");
    let text = std::fs::read_to_string(&fixture).unwrap().replace("Caf\u{e9} talk", "Coffee talk");
    std::fs::write(&orphaned, text).unwrap();
    let (status, stdout, _) = run(&["validate", orphaned.to_str().unwrap()]);
    assert_eq!(status, 1, "{stdout}");
    assert!(stdout.contains("orphaned anchors: 1"), "{stdout}");

    let garbage = dir.path().join("garbage.ron");
    std::fs::write(&garbage, "not a project").unwrap();
    let (status, _, stderr) = run(&["validate", garbage.to_str().unwrap()]);
    assert_eq!(status, 2);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    let (status, _, _) = run(&["validate", dir.path().join("missing.ron").to_str().unwrap()]);
    assert_eq!(status, 2);
}

#[test]
fn render_writes_a_png_of_the_page_and_refuses_bad_pages() {
    let Some(dir) = corpus() else { return };
    let pdf = dir.join("articles/int-psychogeriatrics-2013-example1.pdf");
    let out = tempfile::tempdir().unwrap();
    let png = out.path().join("p2.png");
    let (status, stdout, _) =
        run(&["render", pdf.to_str().unwrap(), "--page", "2", "--scale", "1.5", "-o", png.to_str().unwrap()]);
    assert_eq!(status, 0, "{stdout}");
    let bytes = std::fs::read(&png).unwrap();
    assert!(bytes.starts_with(b"\x89PNG"));
    // Width of the PNG (big-endian at byte 16): the page width times the scale.
    let width = u32::from_be_bytes(bytes[16..20].try_into().unwrap());
    assert!((880..=925).contains(&width), "{width}");
    let (status, _, stderr) = run(&["render", pdf.to_str().unwrap(), "--page", "99", "-o", png.to_str().unwrap()]);
    assert_eq!(status, 2);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    let (status, _, stderr) = run(&[
        "render",
        dir.join("hostile/enc-userpw-test.pdf").to_str().unwrap(),
        "--page",
        "1",
        "-o",
        png.to_str().unwrap(),
    ]);
    assert_eq!(status, 2);
    assert!(stderr.contains("password"), "{stderr}");
}

#[test]
fn import_refi_writes_a_project_and_refuses_bad_input_in_one_line() {
    let nvivo = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/interop/nvivo-win-12.6-oltas.qdpx");
    if !nvivo.exists() {
        eprintln!("skipped: {} is absent", nvivo.display());
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("nvivo.ron");
    let (code, stdout, _) = run(&["import-refi", nvivo.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert_eq!(code, 0, "{stdout}");
    assert!(stdout.contains("97 passages of 60 imported codes"), "{stdout}");
    assert!(stdout.contains("UTF-16 code units, byte-order mark skipped, CRLF as two"), "{stdout}");
    let (code, stdout, _) = run(&["validate", out.to_str().unwrap()]);
    assert_eq!(code, 0, "{stdout}");
    // A map file maps one code; a wrong one is refused with its line and nothing is written.
    let map = dir.path().join("map.toml");
    std::fs::write(&map, "[codes]\n\"egyéni\" = \"client.kabi facilitator\"\n").unwrap();
    let mapped = dir.path().join("mapped.ron");
    let (code, stdout, _) =
        run(&["import-refi", nvivo.to_str().unwrap(), "-o", mapped.to_str().unwrap(), "--map", map.to_str().unwrap()]);
    assert_eq!(code, 0);
    assert!(
        stdout.contains("1 codings of constructs") && stdout.contains("-> client.kabi facilitator (map file)"),
        "{stdout}"
    );
    std::fs::write(&map, "[codes]\n\"egyéni\" = \"client.kabi facilitator\"\nOther = \"no.such_key\"\n").unwrap();
    let refused = dir.path().join("refused.ron");
    let (code, _, stderr) =
        run(&["import-refi", nvivo.to_str().unwrap(), "-o", refused.to_str().unwrap(), "--map", map.to_str().unwrap()]);
    assert_eq!((code, stderr.lines().count()), (1, 1), "{stderr}");
    assert!(stderr.contains("line 3") && stderr.contains("no.such_key"), "{stderr}");
    assert!(!refused.exists());
    // An existing output is never replaced; a file that is not REFI-QDA is refused.
    let (code, _, stderr) = run(&["import-refi", nvivo.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert_eq!(code, 1, "{stderr}");
    let junk = dir.path().join("junk.qdpx");
    std::fs::write(&junk, b"PK\x03\x04 not really a zip").unwrap();
    let (code, _, stderr) = run(&["import-refi", junk.to_str().unwrap(), "-o", refused.to_str().unwrap()]);
    assert_eq!((code, stderr.lines().count()), (2, 1), "{stderr}");
    assert!(!refused.exists());
}

#[test]
fn suggest_eval_reports_both_accuracies_and_refuses_an_uncoded_project() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let workshop = root.join("sample_projects/workshop.ron");
    let (status, stdout, stderr) = run(&["suggest-eval", workshop.to_str().unwrap()]);
    assert_eq!(status, 0, "{stderr}");
    let field = |name: &str| -> usize {
        let line = stdout.lines().find(|l| l.starts_with(name)).unwrap_or_else(|| panic!("{name}: {stdout}"));
        let of = line.rsplit('(').next().unwrap();
        of.split(' ').next().unwrap().parse().unwrap()
    };
    let passages: usize = stdout.lines().next().unwrap().split('\t').nth(1).unwrap().parse().unwrap();
    assert!(passages >= 10, "{stdout}");
    assert!(field("suggestions top-1") <= field("suggestions top-3"));
    assert!(field("suggestions top-3") <= passages);
    assert!(field("most frequent top-1") <= field("most frequent top-3"));
    let review = root.join("sample_projects/befits-mh-review.ron");
    let (status, _, stderr) = run(&["suggest-eval", review.to_str().unwrap()]);
    assert_eq!(status, 1, "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
}
