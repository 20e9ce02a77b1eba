//! Flows through the whole app, driven like a user would: no GPU, no display.

use crate::support::{corpus, exe};
use befits_coder::app::{AppConfig, BefitsApp};
use befits_coder::model::{DocumentId, Valence};
use befits_coder::ui::Action;
use egui::{Key, Modifiers, Pos2, Role};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use std::path::Path;
use std::time::{Duration, Instant};

/// The app's settings for a test: its own worker and an empty data folder of its own, so no
/// test sees another's autosaves.
pub fn test_config() -> AppConfig {
    let data = tempfile::Builder::new().prefix("data-").tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap().keep();
    AppConfig { worker_exe: exe(), data_dir: Some(data), ..AppConfig::default() }
}

pub fn harness() -> Harness<'static, BefitsApp> {
    harness_with(test_config())
}

/// [`harness`] with `config`.
pub fn harness_with(config: AppConfig) -> Harness<'static, BefitsApp> {
    // Pages render on a background thread and ask for repaints as they arrive.
    Harness::builder()
        .with_size([1500.0, 950.0])
        .with_max_steps(64)
        .build_eframe(move |cc| BefitsApp::new(cc, config.clone(), None))
}

/// The app with a new, empty project open.
fn with_new_project(name: &str, coder: &str) -> Harness<'static, BefitsApp> {
    let mut h = harness();
    h.run();
    h.state_mut().queue(Action::NewProject { name: name.into(), coder: coder.into() });
    h.run();
    h
}

/// A new project holding the PDF at `path` as its one article, shown once its first page is
/// drawn and `ready` holds of its pages.
fn with_article(path: &Path, ready: impl Fn(&befits_coder::app::DocPages) -> bool) -> Harness<'static, BefitsApp> {
    let mut h = with_new_project("Pages", "Dee");
    h.state_mut().queue(Action::AddPdfs(vec![path.to_path_buf()]));
    h.step();
    run_until(&mut h, "the article's first page", |app| {
        app.pages().and_then(|p| p.get(DocumentId(1))).is_some_and(|d| d.textures.contains_key(&0) && ready(d))
    });
    h
}

/// Steps the app until `done` holds (background jobs run on real threads).
pub fn run_until(h: &mut Harness<'static, BefitsApp>, what: &str, done: impl Fn(&BefitsApp) -> bool) {
    let start = Instant::now();
    while !done(h.state()) {
        assert!(start.elapsed() < Duration::from_secs(90), "timed out waiting for {what}");
        h.step();
        std::thread::sleep(Duration::from_millis(20));
    }
    h.run_steps(3);
}

/// Steps the app until the project file being read (in the background) is open.
pub fn wait_opened(h: &mut Harness<'static, BefitsApp>) {
    h.step();
    run_until(h, "the project to open", |app| !app.is_opening());
}

/// Steps the app until the save under way (in the background) has finished.
pub fn wait_saved(h: &mut Harness<'static, BefitsApp>) {
    run_until(h, "the save", |app| !app.is_saving());
}

pub fn text_input<'a>(h: &'a Harness<'static, BefitsApp>, label: &'a str) -> egui_kittest::Node<'a> {
    h.get_by_role_and_label(Role::TextInput, label)
}

/// Focuses a text field (found by its label) and types into it.
pub fn type_into(h: &mut Harness<'static, BefitsApp>, label: &str, text: &str) {
    text_input(h, label).focus();
    h.run();
    text_input(h, label).type_text(text);
    h.run();
}

/// Types into the (only) password field.
fn type_password(h: &mut Harness<'static, BefitsApp>, text: &str) {
    h.get_by_role_and_label(Role::PasswordInput, "Password").focus();
    h.run();
    h.get_by_role_and_label(Role::PasswordInput, "Password").type_text(text);
    h.run();
}

fn coding_count(app: &BefitsApp) -> usize {
    app.session().map_or(0, |s| s.project().codings().len())
}

#[test]
fn create_import_code_undo_redo_save_reopen() {
    let Some(corpus) = corpus() else { return };
    let pdf = corpus.join("articles/bmc-health-serv-res-2014-agyeman-duah.pdf");
    let mut h = harness();
    h.run();

    // Create a project from the welcome screen.
    h.get_by_label("New project…").click();
    h.run();
    type_into(&mut h, "Project name", "Malawi review");
    type_into(&mut h, "Your name (recorded with each coding)", "Ama");
    h.get_by_label("Create").click();
    h.run();
    assert_eq!(h.state().session().unwrap().project().name(), "Malawi review");

    // Import a corpus PDF through the app's action (the system file dialog is not testable).
    h.state_mut().queue(Action::AddPdfs(vec![pdf]));
    h.step();
    run_until(&mut h, "the import", |app| {
        !app.is_importing() && app.session().unwrap().project().documents().len() == 1
    });
    assert!(h.state().title().contains("Malawi review •"), "unsaved mark in the title: {}", h.state().title());

    // In the text view, select a passage on page 1 by dragging over its second line (the title).
    h.get_by_label("Text").click();
    h.run();
    let rect = h.get_by_label("Page 1 text").rect();
    let from = Pos2::new(rect.left() + 1.0, rect.top() + 30.0);
    let to = Pos2::new(rect.left() + 320.0, rect.top() + 30.0);
    h.hover_at(from);
    h.run();
    h.drag_at(from);
    h.run();
    for step in 1..=5 {
        h.hover_at(from + (to - from) * (step as f32 / 5.0));
        h.run();
    }
    h.drop_at(to);
    h.run();
    let selection = h.state().ui_state().reader.selection.expect("a passage is selected");
    assert_eq!(selection.page, 0);
    let session = h.state().session().unwrap();
    let quote = session.project().document(DocumentId(1)).unwrap().pages[0][selection.start..selection.end].to_owned();
    assert!(quote.starts_with("Understanding the barriers"), "selected: {quote}");

    // Choose the construct in the picker, the valence, and confirm with Enter.
    h.get_by_label("Code this passage").hover();
    type_into(&mut h, "Find construct", "task-sharing provider role");
    h.get_by_label("Task-sharing provider (+peer) role").click();
    h.run();
    h.get_by_label("Facilitator  (F)").click();
    h.run();
    h.key_press(Key::Enter);
    h.run();
    assert_eq!(coding_count(h.state()), 1, "coded");
    let coding = h.state().session().unwrap().project().codings().values().next().unwrap().clone();
    assert_eq!(coding.construct.as_str(), "intervention.tsp_role");
    assert_eq!(coding.valence, Valence::Facilitator);
    assert_eq!(coding.anchor.as_text().unwrap().quote, quote);
    assert_eq!(coding.coder, "Ama");
    assert_eq!(h.state().session().unwrap().history().undo_label(), Some("Code passage as Facilitator"));

    // Undo and redo with the keyboard.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(coding_count(h.state()), 0, "undone");
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    h.run();
    assert_eq!(coding_count(h.state()), 1, "redone");

    // Save, reopen, find the coding and its highlight again.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("malawi.ron");
    h.state_mut().queue(Action::SaveTo(path.clone()));
    h.run();
    wait_saved(&mut h);
    assert!(path.exists());
    assert!(!h.state().session().unwrap().is_dirty());
    assert!(!h.state().title().contains('•'), "{}", h.state().title());
    h.state_mut().queue(Action::CloseProject);
    h.run();
    assert!(h.state().session().is_none());
    h.state_mut().queue(Action::OpenProject(path.clone()));
    wait_opened(&mut h);
    let session = h.state().session().unwrap();
    assert_eq!(session.project().codings().values().next(), Some(&coding));
    let highlights = session.derived().page_highlights(DocumentId(1), 0);
    assert_eq!(highlights.len(), 1);
    assert_eq!(highlights[0].valence, Valence::Facilitator);
    assert!(h.state().recent().iter().any(|p| p.ends_with("malawi.ron")));
}

#[test]
fn sample_opens_and_a_coding_is_edited_deleted_and_restored() {
    let mut h = harness();
    h.run();
    h.get_by_label("Open sample project").click();
    h.run();
    let total = coding_count(h.state());
    assert!(total >= 10, "the sample has example codings");

    // Click the first coding in the list: the editor opens on it.
    let first = *h.state().session().unwrap().project().codings().keys().next().unwrap();
    h.get_by_label(&befits_coder::ui::row_label(first)).click();
    h.run();
    assert_eq!(h.state().ui_state().selected_coding, Some(first));
    h.get_by_label("Edit coding").hover();

    // Change its valence to Both and apply.
    h.get_by_label("Both  (O)").click();
    h.run();
    h.get_by_label("Apply changes  (Enter)").click();
    h.run();
    assert_eq!(h.state().session().unwrap().project().coding(first).unwrap().valence, Valence::Both);

    // Delete it, then undo the deletion.
    h.get_by_label("Delete coding").click();
    h.run();
    assert_eq!(coding_count(h.state()), total - 1);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(coding_count(h.state()), total);
    assert_eq!(h.state().session().unwrap().project().coding(first).unwrap().valence, Valence::Both);
}

#[test]
fn closing_with_unsaved_changes_asks_first() {
    let mut h = harness();
    h.run();
    h.state_mut().queue(Action::OpenSample(befits_coder::ui::Sample::Workshop));
    h.run();
    // Make a change.
    let first = *h.state().session().unwrap().project().codings().keys().next().unwrap();
    h.state_mut()
        .queue(Action::Edit { edit: befits_coder::model::Edit::RemoveCoding(first), label: "Delete coding".into() });
    h.run();
    assert!(h.state().session().unwrap().is_dirty());

    h.state_mut().queue(Action::CloseProject);
    h.run();
    h.get_by_label("Unsaved changes");
    h.get_by_label("Cancel").click();
    h.run();
    assert!(h.state().session().is_some(), "cancel keeps the project open");

    h.state_mut().queue(Action::CloseProject);
    h.run();
    h.get_by_label("Don't save").click();
    h.run();
    assert!(h.state().session().is_none(), "closed without saving");
    h.get_by_label("Open sample project");
}

#[test]
fn the_sample_notice_goes_once_the_sample_is_closed_replaced_or_saved() {
    use befits_coder::ui::Sample;
    let notice = |h: &Harness<'static, BefitsApp>| {
        h.state().messages().iter().any(|m| m.text.starts_with("This is the built-in sample project"))
    };
    let mut h = harness();
    h.run();
    h.state_mut().queue(Action::OpenSample(Sample::Workshop));
    h.run();
    assert!(notice(&h), "the sample says what it is");
    h.state_mut().queue(Action::CloseProject);
    h.run();
    assert!(h.state().session().is_none() && !notice(&h), "no project is open: no sample to speak of");

    h.state_mut().queue(Action::OpenSample(Sample::Workshop));
    h.run();
    h.state_mut().queue(Action::NewProject { name: "Mine".into(), coder: "Ana".into() });
    h.run();
    assert!(!notice(&h), "another project replaced the sample");

    h.state_mut().queue(Action::OpenSample(Sample::Workshop));
    h.run();
    let dir = tempfile::tempdir().unwrap();
    h.state_mut().queue(Action::SaveTo(dir.path().join("kept.ron")));
    h.run();
    wait_saved(&mut h);
    assert!(!notice(&h), "saved as the user's own project");
}

#[test]
fn a_damaged_project_gives_a_message_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("broken.ron");
    let text = "(format: \"befits-coder-project\", version: 1, project: (name: ";
    std::fs::write(&path, text).unwrap();
    let mut h = harness();
    h.run();
    h.state_mut().queue(Action::OpenProject(path.clone()));
    wait_opened(&mut h);
    assert!(h.state().session().is_none());
    let message = &h.state().messages()[0].text;
    assert!(message.contains("damaged") && message.contains("broken.ron"), "{message}");
    h.get_by_label_contains("the project file is damaged");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), text, "the file is untouched");
}

#[test]
fn a_pdf_that_cannot_be_read_is_reported_and_the_rest_imported() {
    let Some(corpus) = corpus() else { return };
    let mut h = with_new_project("Mixed", "B");
    let files = vec![
        corpus.join("hostile/zero-bytes.pdf"),
        corpus.join("articles/int-psychogeriatrics-2013-example1.pdf"),
        corpus.join("hostile/not-a-pdf-html-page.pdf"),
    ];
    h.state_mut().queue(Action::AddPdfs(files));
    h.step();
    run_until(&mut h, "the import", |app| !app.is_importing());
    assert_eq!(h.state().session().unwrap().project().documents().len(), 1);
    let failed: Vec<(String, String)> = h
        .state()
        .failed_imports()
        .iter()
        .map(|f| (f.path.file_name().unwrap().to_string_lossy().into_owned(), f.reason.clone()))
        .collect();
    assert_eq!(failed.len(), 2, "{failed:?}");
    assert!(failed.iter().any(|(n, r)| n == "zero-bytes.pdf" && r.contains("empty")), "{failed:?}");
    assert!(failed.iter().any(|(n, r)| n == "not-a-pdf-html-page.pdf" && r.contains("not a PDF")), "{failed:?}");
    // Listed in the articles panel with the reason, until dismissed.
    h.get_by_label("✖ zero-bytes.pdf");
    let texts: Vec<&str> = h.state().messages().iter().map(|m| m.text.as_str()).collect();
    assert!(texts.iter().any(|t| t.contains("empty") && t.ends_with("zero-bytes.pdf")), "{texts:?}");
    h.get_all_by_label("Dismiss").next().unwrap().click();
    h.run();
    assert_eq!(h.state().failed_imports().len(), 1);
}

#[test]
fn an_encrypted_pdf_is_imported_after_typing_its_password() {
    let Some(corpus) = corpus() else { return };
    let mut h = with_new_project("Locked", "C");
    h.state_mut().queue(Action::AddPdfs(vec![corpus.join("hostile/enc-userpw-test.pdf")]));
    h.step();
    run_until(&mut h, "the first try", |app| !app.is_importing());
    assert!(h.state().failed_imports()[0].needs_password);
    type_password(&mut h, "wrong");
    h.get_by_label("Open").click();
    h.step();
    run_until(&mut h, "the wrong password", |app| !app.is_importing());
    assert!(
        h.state().failed_imports()[0].reason.contains("password is not correct"),
        "{:?}",
        h.state().failed_imports()
    );
    type_password(&mut h, "test");
    h.get_by_label("Open").click();
    h.step();
    run_until(&mut h, "the import", |app| !app.is_importing());
    assert!(h.state().failed_imports().is_empty());
    let project = h.state().session().unwrap().project();
    assert_eq!(project.documents().values().next().unwrap().pages.len(), 4);
    // The page view opens it with the password remembered for the session.
    run_until(&mut h, "the rendered pages", |app| {
        app.pages().and_then(|p| p.get(DocumentId(1))).is_some_and(|d| !d.textures.is_empty())
    });
}

/// Screen centre of glyph `i` of a page drawn at `page_rect` with `zoom`.
fn glyph_centre(
    h: &Harness<'static, BefitsApp>,
    doc: DocumentId,
    page: usize,
    i: usize,
    page_rect: egui::Rect,
) -> Pos2 {
    let pages = h.state().pages().unwrap().get(doc).unwrap();
    let befits_coder::ui::PdfState::Ready { transforms, .. } = &pages.state else { panic!("not ready") };
    let g = pages.layouts.as_ref().unwrap()[page].glyphs[i];
    let t = transforms[page];
    let (x, y) = befits_coder::pdf::apply(&t, f64::from(g.x0 + g.x1) / 2.0, f64::from(g.y0 + g.y1) / 2.0);
    let zoom = h.state().ui_state().page_view.effective_zoom;
    #[allow(clippy::cast_possible_truncation)]
    let (x, y) = (x as f32, y as f32);
    page_rect.min + egui::Vec2::new(x, y) * zoom
}

#[test]
fn a_passage_is_coded_by_dragging_on_the_rendered_page() {
    let Some(corpus) = corpus() else { return };
    let mut h = with_article(&corpus.join("articles/bmc-health-serv-res-2014-agyeman-duah.pdf"), |d| {
        d.layouts.is_some() && d.text_matches.first() == Some(&true)
    });
    // A passage of the abstract on page 1 that runs over a line break.
    let doc = h.state().session().unwrap().project().document(DocumentId(1)).unwrap().clone();
    let phrase = "Efforts in the past to achieve these objectives were short-lived, and largely unsuccessful";
    let (start, end) = befits_coder::model::text::find_all(&doc.pages[0], phrase)[0];
    let glyphs = h.state().pages().unwrap().get(DocumentId(1)).unwrap().layouts.as_ref().unwrap()[0].glyphs.clone();
    let first = glyphs.iter().position(|g| g.start as usize == start).unwrap();
    let last = glyphs.iter().position(|g| g.end as usize == end).unwrap();

    let page_rect = h.get_by_label("Page 1 of 10").rect();
    let from = glyph_centre(&h, DocumentId(1), 0, first, page_rect);
    let to = glyph_centre(&h, DocumentId(1), 0, last, page_rect);
    h.hover_at(from);
    h.run();
    h.drag_at(from);
    h.run();
    for step in 1..=6 {
        h.hover_at(from + (to - from) * (step as f32 / 6.0));
        h.run();
    }
    h.drop_at(to);
    h.run();
    let selection = h.state().ui_state().reader.selection.expect("a passage is selected on the page");
    // The same page-relative anchor the text view makes for this passage.
    let expected = befits_coder::model::TextAnchor::new(&doc.pages[0], 0, start, end).unwrap();
    assert_eq!((selection.page, selection.start, selection.end), (0, expected.start, expected.end));

    h.get_by_label("Code this passage").hover();
    type_into(&mut h, "Find construct", "task-sharing provider role");
    h.get_by_label("Task-sharing provider (+peer) role").click();
    h.run();
    h.get_by_label("Barrier  (B)").click();
    h.run();
    h.key_press(Key::Enter);
    h.run();
    let project = h.state().session().unwrap().project();
    let coding = project.codings().values().next().expect("coded from the page").clone();
    assert_eq!(coding.anchor.as_text().unwrap(), &expected);
    assert_eq!(coding.valence, Valence::Barrier);

    // Clicking the highlight on the page selects the coding (the layout may have moved:
    // the coding panel and messages changed).
    let page_rect = h.get_by_label("Page 1 of 10").rect();
    let middle = glyph_centre(&h, DocumentId(1), 0, usize::midpoint(first, last), page_rect);
    h.hover_at(middle);
    h.run();
    h.state_mut().ui_state_mut().selected_coding = None;
    // A press and release without moving: a click.
    h.drag_at(middle);
    h.run();
    h.drop_at(middle);
    h.run();
    assert_eq!(h.state().ui_state().selected_coding, Some(coding.id));

    // The text view shows the same coding selected, on the same page.
    h.get_by_label("Text").click();
    h.run();
    h.get_by_label("Page 1 text");
    assert_eq!(h.state().ui_state().selected_coding, Some(coding.id));
    h.get_by_label("Pages").click();
    h.run();

    // Find (Ctrl+F) steps to the hits on the page.
    h.key_press_modifiers(Modifiers::COMMAND, Key::F);
    h.run();
    text_input(&h, "Find:").type_text("Kamuzu Central Hospital");
    h.run();
    let hits = h.state().ui_state().search.hits.len();
    assert!(hits >= 2, "{hits} hits");
    h.get_by_label_contains(&format!("1 of {hits}"));
    h.key_press(Key::Enter);
    h.run();
    assert_eq!(h.state().ui_state().search.current, 1);
}

#[test]
fn a_moved_pdf_is_found_again_in_the_project_folder() {
    let Some(corpus) = corpus() else { return };
    let dir = tempfile::tempdir().unwrap();
    let original = dir.path().join("article.pdf");
    std::fs::copy(corpus.join("articles/int-psychogeriatrics-2013-example1.pdf"), &original).unwrap();
    let mut h = with_new_project("Moves", "E");
    h.state_mut().queue(Action::AddPdfs(vec![original.clone()]));
    h.step();
    run_until(&mut h, "the import", |app| !app.is_importing());
    let project_file = dir.path().join("moves.ron");
    h.state_mut().queue(Action::SaveTo(project_file.clone()));
    h.run();
    wait_saved(&mut h);
    h.state_mut().queue(Action::CloseProject);
    h.run();

    // The PDF moves into a subfolder under another name.
    let moved = dir.path().join("pdfs/renamed.pdf");
    std::fs::create_dir_all(moved.parent().unwrap()).unwrap();
    std::fs::rename(&original, &moved).unwrap();
    h.state_mut().queue(Action::OpenProject(project_file.clone()));
    wait_opened(&mut h);
    run_until(&mut h, "the automatic look", |app| {
        app.session()
            .unwrap()
            .project()
            .documents()
            .values()
            .next()
            .unwrap()
            .pdf
            .as_ref()
            .unwrap()
            .path
            .ends_with("pdfs/renamed.pdf")
    });
    h.get_by_label_contains("found again in the project folder");

    // A file with other content is refused by the manual relink.
    std::fs::rename(&moved, dir.path().join("gone.pdf")).unwrap();
    let other = corpus.join("articles/bmc-health-serv-res-2014-agyeman-duah.pdf");
    h.state_mut().queue(Action::LocatePdf(DocumentId(1), other));
    // The chosen file is read and hashed in the background.
    run_until(&mut h, "the check of the file", |app| app.messages().iter().any(|m| m.text.contains("is not the PDF")));
    h.state_mut().queue(Action::LocatePdf(DocumentId(1), dir.path().join("gone.pdf")));
    run_until(&mut h, "the relink", |app| {
        let doc = app.session().unwrap().project().document(DocumentId(1)).unwrap();
        doc.pdf.as_ref().unwrap().path.ends_with("gone.pdf")
    });
}

fn open_review(h: &mut Harness<'static, BefitsApp>) {
    let review = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_projects/befits-mh-review.ron");
    h.state_mut().queue(Action::OpenProject(review));
    wait_opened(h);
    assert_eq!(h.state().session().unwrap().project().studies().len(), 28);
}

#[test]
fn tallies_switch_level_and_the_diagram_filters_on_click() {
    use befits_coder::analysis::Level;
    use befits_coder::ui::{Focus, Workspace};
    let mut h = harness();
    h.run();
    open_review(&mut h);
    h.get_by_label("Tallies").click();
    h.run();
    assert_eq!(h.state().ui_state().workspace, Workspace::Tallies);
    assert_eq!(h.state().ui_state().level, Level::Study, "studies by default, as in the paper");
    h.get_by_label("articles").click();
    h.run();
    assert_eq!(h.state().ui_state().level, Level::Article);
    h.get_by_label("passages").click();
    h.run();
    assert_eq!(h.state().ui_state().level, Level::Passage);

    h.get_by_label("Diagram").click();
    h.run();
    h.get_by_label("Domain VIII. Stigma").click();
    h.run();
    assert_eq!(h.state().ui_state().focus, Some(Focus::Domain(befits_coder::model::DomainKey::new("stigma"))));
    h.get_by_label("Construct Setting").click();
    h.run();
    assert_eq!(
        h.state().ui_state().focus,
        Some(Focus::Construct(befits_coder::model::ConstructKey::new("intervention.setting")))
    );
    // The focus narrows the coding list too.
    h.get_by_label("Coding").click();
    h.run();
    h.get_by_label_contains("Showing only: VII. Intervention characteristics > Setting");
}

#[test]
fn articles_are_regrouped_and_fields_edited_in_the_table() {
    use befits_coder::model::StudyId;
    let mut h = harness();
    h.run();
    open_review(&mut h);
    h.get_by_label("Articles & studies").click();
    h.run();
    // Edit a field: click the cell, type, press Enter.
    let doc = *h.state().session().unwrap().project().documents().keys().next().unwrap();
    let title = h.state().session().unwrap().project().document(doc).unwrap().title.clone();
    let cell = format!("{title} region");
    h.get_by_label(&cell).click();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.run();
    h.get_by_role_and_label(Role::TextInput, &cell).type_text("South Asia");
    h.run();
    h.key_press(Key::Enter);
    h.run();
    let project = h.state().session().unwrap().project();
    assert_eq!(project.document(doc).unwrap().fields.get("region").map(String::as_str), Some("South Asia"));
    assert_eq!(h.state().session().unwrap().history().undo_label(), Some("Set region"));
    // Merge two studies from a menu (as one undoable step), then undo.
    let before = project.studies().len();
    let moves = project
        .documents_in(StudyId(1))
        .map(|d| befits_coder::model::Edit::MoveToStudy { document: d.id, study: StudyId(2), create: None })
        .collect();
    h.state_mut().queue(Action::Edit { edit: befits_coder::model::Edit::Batch(moves), label: "Merge".into() });
    h.run();
    assert_eq!(h.state().session().unwrap().project().studies().len(), before - 1);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(h.state().session().unwrap().project().studies().len(), before);
}

#[test]
fn a_table_with_problems_is_reported_and_not_imported() {
    let dir = tempfile::tempdir().unwrap();
    let table = dir.path().join("sheet.tsv");
    std::fs::write(&table, "article\tstudy\tbarriers\nA1\tS1\tclient.kabi\nA1\tS1\t\n").unwrap();
    let mut h = with_new_project("T", "C");
    h.state_mut().queue(Action::ImportTable(table.clone()));
    h.run();
    assert!(h.state().session().unwrap().project().documents().is_empty());
    let m = &h.state().messages().last().unwrap().text;
    assert!(m.contains("line 3: article A1 appears again (first on line 2)"), "{m}");
    std::fs::write(&table, "article\tstudy\tbarriers\nA1\tS1\tclient.kabi\nA2\tS1\t\n").unwrap();
    h.state_mut().queue(Action::ImportTable(table));
    h.run();
    assert_eq!(h.state().session().unwrap().project().documents().len(), 2);
    assert_eq!(h.state().session().unwrap().history().undo_label(), Some("Import table (2 articles)"));
}

#[test]
fn a_comparison_is_reviewed_two_disagreements_settled_and_the_consensus_saved() {
    use befits_coder::model::Choice;
    // Copies: beside the samples, their consensus would be taken up (see ui_review).
    let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_projects");
    let work = tempfile::tempdir().unwrap();
    let (a_path, b_path) = (work.path().join("pair-ama.ron"), work.path().join("pair-ben.ron"));
    std::fs::copy(samples.join("pair-ama.ron"), &a_path).unwrap();
    std::fs::copy(samples.join("pair-ben.ron"), &b_path).unwrap();
    let (a_before, b_before) = (std::fs::read(&a_path).unwrap(), std::fs::read(&b_path).unwrap());
    let mut h = harness();
    h.run();
    h.state_mut().queue(Action::OpenProject(a_path.clone()));
    wait_opened(&mut h);
    h.state_mut().queue(Action::Compare(b_path.clone()));
    h.run();
    assert_eq!(h.state().ui_state().workspace, befits_coder::ui::Workspace::Review);
    let total = h.state().comparison().unwrap().reconcile.disagreements.len();
    assert!(total >= 4, "the pair has realistic disagreements: {total}");
    h.get_by_label_contains(&format!("0 of {total} settled"));

    // First: keep A's coding, with a reason typed in.
    type_into(&mut h, "Reason", "Present in the text");
    h.get_by_label("Keep A  (A)").click();
    h.run();
    // Second: keyboard, keep neither (a consensus records a reason for every decision).
    type_into(&mut h, "Reason", "Not about this construct");
    h.key_press(Key::Enter);
    h.run();
    h.key_press(Key::N);
    h.run();
    h.get_by_label_contains(&format!("2 of {total} settled"));
    let decisions: Vec<Choice> = h.state().comparison().unwrap().decisions.values().map(|s| s.choice.clone()).collect();
    assert_eq!(decisions.len(), 2);
    assert!(decisions.contains(&Choice::KeepA) && decisions.contains(&Choice::KeepNeither));

    // Save the consensus into a new file; A and B are untouched.
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("consensus.ron");
    h.state_mut().queue(Action::SaveConsensus(a_path.clone()));
    h.run();
    assert_eq!(std::fs::read(&a_path).unwrap(), a_before, "refused to overwrite A");
    h.state_mut().queue(Action::SaveConsensus(out.clone()));
    h.run();
    let consensus = befits_coder::persistence::load(&out).unwrap().project;
    let record = consensus.reconciliation().unwrap();
    assert_eq!(record.decisions.len(), 2);
    assert_eq!(record.decisions.iter().find(|d| d.choice == Choice::KeepA).unwrap().comment, "Present in the text");
    let agreements = h.state().comparison().unwrap().reconcile.agreements.len();
    assert_eq!(consensus.codings().len(), agreements + 1, "agreements plus the kept coding");
    assert!(consensus.codings().values().any(|c| c.provenance == vec!["Ama".to_owned(), "Ben".to_owned()]));
    assert_eq!((std::fs::read(&a_path).unwrap(), std::fs::read(&b_path).unwrap()), (a_before, b_before));
    // Export the report as HTML.
    let html = dir.path().join("agreement.html");
    h.state_mut().queue(Action::ExportComparison(html.clone()));
    h.run();
    let text = std::fs::read_to_string(html).unwrap();
    assert!(text.contains("Cohen") && text.contains(&format!("2 of {total} settled")));
    // And as CSV: with the byte-order mark every CSV of the app has, for Excel.
    let csv = dir.path().join("agreement.csv");
    h.state_mut().queue(Action::ExportComparison(csv.clone()));
    h.run();
    run_until(&mut h, "the report", |app| !app.is_busy());
    let text = std::fs::read_to_string(csv).unwrap();
    let text = text.strip_prefix('\u{feff}').expect("a byte-order mark");
    assert!(text.starts_with("scope,key,label,n,percent_agreement,cohen_kappa,"), "{text}");
}

#[test]
fn the_codebook_editor_merges_two_constructs_in_one_undoable_step() {
    let mut h = harness();
    h.run();
    h.state_mut().queue(Action::OpenSample(befits_coder::ui::Sample::Workshop));
    h.run();
    let count = |h: &Harness<'static, BefitsApp>, key: &str| {
        h.state().session().unwrap().project().codings().values().filter(|c| c.construct.as_str() == key).count()
    };
    let (from, into) = ("organization.structure_materials", "organization.clinical_resources");
    let (n_from, n_into) = (count(&h, from), count(&h, into));
    assert!(n_from > 0);
    h.get_by_label("Codebook").click();
    h.run();
    h.get_by_label("Structure & materials").click();
    h.run();
    // "Merge into" has a search field, as the construct picker does.
    h.get_by_label("Merge into another construct…").click();
    h.run();
    type_into(&mut h, "Find construct", "clinical resources");
    h.key_press(Key::Enter);
    h.run();
    assert_eq!(
        h.state().ui_state().codebook.merge_into.as_ref().map(befits_coder::model::ConstructKey::as_str),
        Some(into)
    );
    h.get_by_label("Merge").click();
    h.run();
    assert_eq!((count(&h, from), count(&h, into)), (0, n_from + n_into), "every coding moved");
    let p = h.state().session().unwrap().project();
    assert!(p.codebook().construct(&befits_coder::model::ConstructKey::new(from)).unwrap().retired);
    h.get_by_label_contains("merged “Structure & materials” into “Clinical resources”");
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!((count(&h, from), count(&h, into)), (n_from, n_into), "undone in one step");
}

#[test]
fn opening_from_the_command_line_path_loads_the_project() {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/v1/project.ron");
    let config = test_config();
    let mut h = Harness::builder()
        .with_size([1400.0, 900.0])
        .build_eframe(move |cc| BefitsApp::new(cc, config.clone(), Some(fixture.clone())));
    wait_opened(&mut h);
    assert_eq!(h.state().session().unwrap().project().name(), "Round trip");
    assert!(h.state().title().starts_with("Round trip"));
}

/// Zooming (+ and -, or a fitted width that changes with the window) keeps the place at the
/// middle of the view: the passage the reader was looking at stays where it was, instead of
/// the view keeping its offset in pixels and landing elsewhere in the article.
#[test]
fn zooming_keeps_the_passage_in_the_middle_of_the_view_in_place() {
    let mut h = harness();
    h.run();
    h.state_mut().queue(Action::OpenSample(befits_coder::ui::Sample::Workshop));
    h.run();
    let ready = |app: &BefitsApp, page: usize| {
        app.pages()
            .and_then(|p| p.get(DocumentId(1)))
            .is_some_and(|d| d.layouts.is_some() && d.textures.contains_key(&page))
    };
    run_until(&mut h, "the page view", |app| ready(app, 0));
    // A phrase found once in the article, in the middle of its fourth page.
    let doc = h.state().session().unwrap().project().document(DocumentId(1)).unwrap().clone();
    let unique =
        |p: &str| doc.pages.iter().map(|t| befits_coder::model::text::find_all(t, p).len()).sum::<usize>() == 1;
    let phrase = doc.pages[3]
        .lines()
        .skip(15)
        .map(|l| l.chars().take(30).collect::<String>())
        .find(|l| l.len() > 20 && unique(l))
        .unwrap();
    h.key_press_modifiers(Modifiers::COMMAND, Key::F);
    h.run();
    text_input(&h, "Find:").type_text(&phrase);
    h.run();
    run_until(&mut h, "page 4 drawn", |app| ready(app, 3));
    h.run();
    let hit = h.state().ui_state().search.hits[0];
    assert_eq!(hit.page, 3);
    let glyphs = h.state().pages().unwrap().get(DocumentId(1)).unwrap().layouts.as_ref().unwrap()[3].glyphs.clone();
    let first = glyphs.iter().position(|g| g.start as usize == hit.start).unwrap();
    let y = |h: &Harness<'static, BefitsApp>| {
        glyph_centre(h, DocumentId(1), 3, first, h.get_by_label("Page 4 of 10").rect()).y
    };
    let before = (y(&h), h.state().ui_state().page_view.effective_zoom);
    for _ in 0..3 {
        h.key_press_modifiers(Modifiers::COMMAND, Key::Plus);
        h.run();
    }
    let after = (y(&h), h.state().ui_state().page_view.effective_zoom);
    assert!(after.1 > before.1 * 1.2, "zoomed in: {before:?} -> {after:?}");
    assert!((after.0 - before.0).abs() < 40.0, "the passage stayed in place: {before:?} -> {after:?}");
}

/// PDFs being imported into a project stop when another project is opened, and none of them
/// lands in that other project.
#[test]
fn an_import_stops_when_another_project_opens_and_adds_nothing_to_it() {
    let Some(corpus) = corpus() else { return };
    let mut h = with_new_project("Importing", "Ida");
    let pdfs = ["jacmp-2023-acm2-14114.pdf", "toxins-2016-mdpi-28p.pdf", "elife-2021-dubois-34p.pdf"];
    // The import starts, and in the same frame (before any article can arrive) the sample
    // opens: the new project has no unsaved changes yet, so nothing is asked.
    h.state_mut().queue(Action::AddPdfs(pdfs.iter().map(|f| corpus.join("articles").join(f)).collect()));
    h.state_mut().queue(Action::OpenSample(befits_coder::ui::Sample::Workshop));
    h.step();
    assert!(h.state().is_importing(), "stopping, not yet stopped");
    run_until(&mut h, "the import to stop", |app| !app.is_importing());
    h.run();
    let project = h.state().session().unwrap().project();
    assert_eq!((project.name(), project.documents().len()), ("Workshop sample", 2), "nothing added to the sample");
    assert!(h.state().messages().iter().any(|m| m.text.contains("stopped when another project was opened")));
}

/// An article with damaged pages opens with every page it could read, and its text view lists
/// each warning: the pages that could not be read, and the pages read past their damage,
/// whose text is to be checked against the page.
#[test]
fn a_damaged_article_lists_every_warning_over_its_text() {
    let Some(corpus) = corpus() else { return };
    let pdf = corpus.join("hostile/fuzzed-panic-poppler-90-0.pdf");
    let mut h = with_new_project("Damaged", "Ama");
    h.state_mut().queue(Action::AddPdfs(vec![pdf]));
    h.step();
    run_until(&mut h, "the import", |app| {
        !app.is_importing() && app.session().unwrap().project().documents().len() == 1
    });
    // Over the pages (once drawn), the first warning on one line, the others counted.
    let start = Instant::now();
    while h.query_by_label_contains("could not be read (a content stream is damaged").is_none() {
        assert!(start.elapsed() < Duration::from_secs(30), "the pages' warning line");
        h.step();
        std::thread::sleep(Duration::from_millis(20));
    }
    let line = h.get_by_label_contains("could not be read (a content stream is damaged").rect();
    assert!(h.get_by_label("Pages").rect().min.y > line.min.y, "the line over the page tools");
    assert!(h.query_by_label_contains("⚠ 4 warnings (all on hover): pages 4").is_some(), "the warnings counted first");
    h.get_by_label("Text").click();
    h.run();
    let unreadable = h.get_by_label_contains("⚠ pages 4, 6, 7, 8, 9, 11, 13, 15 could not be read").rect();
    let partly = h.get_by_label_contains("⚠ pages 1, 2, 3, 5, 10, 14 have a damaged content stream").rect();
    let page1 = h.get_by_label("Page 1 text").rect();
    assert!(unreadable.max.y <= partly.min.y && partly.max.y <= page1.min.y, "{unreadable:?} {partly:?} {page1:?}");
    let doc = h.state().session().unwrap().project().documents().values().next().unwrap().clone();
    assert!(doc.pages[9].contains("thissection"), "page 10 keeps its paragraph: {:?}", doc.pages[9]);
    // The note over the pages tells the pages without a text layer from the damaged ones.
    assert_eq!(doc.unreadable_pages, vec![4, 6, 7, 8, 9, 11, 13, 15]);
    h.get_by_label_contains("Pages 12, 16 have no text (scanned?), and pages 4, 6, 7, 8, 9, 11, 13, 15 could not be read (damaged in the file)");
}

/// The page field goes to the page typed in it, and that page is drawn (the pages asked
/// for before the jump are forgotten or delivered, not left pending).
#[test]
fn typing_a_page_number_goes_to_that_page_and_draws_it() {
    let Some(corpus) = corpus() else { return };
    let mut h = with_article(&corpus.join("articles/elife-2021-dubois-34p.pdf"), |_| true);
    h.get_by_label("Page").click();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.get_by_label("Page").type_text("30");
    h.key_press(egui::Key::Enter);
    run_until(&mut h, "page 30 drawn", |app| {
        app.ui_state().page_view.current_page == 29
            && app.pages().and_then(|p| p.get(DocumentId(1))).is_some_and(|d| d.textures.contains_key(&29))
    });
}

/// A coding focused as its article opens, before the glyph boxes of the pages are read, is
/// scrolled to once they are: the view goes to its page at once, and to the passage itself
/// when its place on the page is known (before, the view stayed at the top of the page, and
/// a passage low on the page was at its bottom edge or out of view).
#[test]
fn a_coding_focused_before_the_glyph_boxes_are_read_is_scrolled_to_when_they_are() {
    let config = test_config();
    // A low window: the passage is below what it shows of the page's top.
    let mut h = Harness::builder()
        .with_size([1500.0, 600.0])
        .with_max_steps(64)
        .build_eframe(move |cc| BefitsApp::new(cc, config.clone(), None));
    h.run();
    h.state_mut().queue(Action::OpenSample(befits_coder::ui::Sample::Workshop));
    let start = Instant::now();
    while h.state().session().is_none() {
        assert!(start.elapsed() < Duration::from_secs(30), "the sample");
        h.step();
    }
    let boxes = |app: &BefitsApp| app.pages().and_then(|p| p.get(DocumentId(1))).and_then(|d| d.layouts.clone());
    // The pages' sizes are known (the view can go to a page), their glyph boxes not yet.
    let sized = |app: &BefitsApp| {
        app.pages()
            .and_then(|p| p.get(DocumentId(1)))
            .is_some_and(|d| matches!(d.state, befits_coder::ui::PdfState::Ready { .. }))
    };
    while !sized(h.state()) {
        assert!(start.elapsed() < Duration::from_secs(30), "the page sizes");
        h.step();
        std::thread::sleep(Duration::from_millis(1));
    }
    assert!(boxes(h.state()).is_none(), "the glyph boxes are not read yet");
    // The coding furthest into the first article.
    let (id, target) = {
        let p = h.state().session().unwrap().project();
        let (c, t) = p
            .codings()
            .values()
            .filter(|c| c.document == DocumentId(1))
            .filter_map(|c| Some((c, c.anchor.as_text()?)))
            .max_by_key(|(_, t)| (t.page, t.start))
            .unwrap();
        (c.id, befits_coder::ui::ScrollTarget { page: t.page, byte: t.start })
    };
    h.state_mut().ui_state_mut().focus_coding(id, DocumentId(1), Some(target));
    run_until(&mut h, "the passage's page and its glyph boxes", |app| {
        boxes(app).is_some()
            && app.pages().and_then(|p| p.get(DocumentId(1))).is_some_and(|d| d.textures.contains_key(&target.page))
    });
    h.run();
    let layouts = boxes(h.state()).unwrap();
    let first = layouts[target.page].glyphs.iter().position(|g| g.start as usize >= target.byte).unwrap();
    let page = h.get_by_label(&format!("Page {} of {}", target.page + 1, layouts.len())).rect();
    let y = glyph_centre(&h, DocumentId(1), target.page, first, page).y;
    // The view (from about 170 to 580) has the passage in its middle, as for a coding
    // focused once the boxes are known; before, it was at 544, at the view's bottom edge.
    assert!((300.0..450.0).contains(&y), "the passage in the middle of the view (y {y}, window 600)");
}
