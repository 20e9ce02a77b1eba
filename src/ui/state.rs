//! State that belongs to the views only (what is selected, what is typed in a search box).
//! It never holds the project; the app owns that.

use crate::analysis::Level;
use crate::model::{Codebook, CodingId, ConstructKey, DocumentId, DomainKey, Valence};

/// A passage selected in the reader, as byte offsets into one page's text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TextSelection {
    /// The document.
    pub document: DocumentId,
    /// Zero-based page.
    pub page: usize,
    /// Start byte.
    pub start: usize,
    /// End byte.
    pub end: usize,
}

/// Where the reader should scroll on the next frame.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ScrollTarget {
    /// Zero-based page.
    pub page: usize,
    /// Byte in that page's text.
    pub byte: usize,
}

/// The reader's interaction state.
#[derive(Clone, Debug, Default)]
pub struct ReaderState {
    /// The current selection, if any.
    pub selection: Option<TextSelection>,
    /// While dragging: the page and character where the drag began.
    pub(crate) drag_origin: Option<(usize, usize)>,
    /// A pending scroll request.
    pub scroll_to: Option<ScrollTarget>,
}

/// How the coding view shows an article.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ReaderMode {
    /// The printed pages, rendered from the PDF (when there is one).
    #[default]
    Page,
    /// The extracted text, reflowed.
    Text,
}

/// How large the page view draws pages.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub enum Zoom {
    /// The widest page fills the view's width.
    #[default]
    FitWidth,
    /// A whole page fits in the view.
    FitPage,
    /// A fixed factor (1.0 = 1 point per point).
    Factor(f32),
}

/// The page view's state.
#[derive(Clone, Debug, Default)]
pub struct PageViewState {
    /// The zoom.
    pub zoom: Zoom,
    /// The page at the middle of the view (zero-based), updated every frame.
    pub current_page: usize,
    /// The zoom factor in effect last frame (so + and - step from a fitted zoom).
    pub effective_zoom: f32,
    /// A page to scroll to on the next frame.
    pub goto_page: Option<usize>,
    /// While dragging: the page and glyph where the drag began.
    pub(crate) drag_origin: Option<(usize, usize)>,
    /// The password typed for an encrypted PDF.
    pub password: String,
    /// The pages the view would draw now, most important first, with their render scale in
    /// hundredths. The app hands this wish to the renderer after the frame.
    pub wanted: Vec<(usize, u32)>,
    /// Last frame's article, zoom and the point of its pages at the middle of the view (in
    /// the scrolled content), so that a change of zoom keeps that point in the middle.
    pub(crate) view_centre: Option<(crate::model::DocumentId, f32, f32)>,
    /// A passage to scroll to whose place on its page is not known yet (the glyph boxes are
    /// still being read): the view went to its page, and goes to the passage once they come,
    /// unless the reader scrolls first.
    pub(crate) pending_passage: Option<(crate::model::DocumentId, ScrollTarget)>,
}

/// A search hit: a byte range of one page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SearchHit {
    /// Zero-based page.
    pub page: usize,
    /// Start byte.
    pub start: usize,
    /// End byte.
    pub end: usize,
}

/// Find in the article (Ctrl+F).
#[derive(Clone, Debug, Default)]
pub struct SearchState {
    /// Whether the search bar is shown.
    pub open: bool,
    /// What was typed.
    pub query: String,
    /// Hits of `query` in the current document.
    pub hits: Vec<SearchHit>,
    /// The hit shown (index into `hits`).
    pub current: usize,
    /// The document and query the hits were computed for.
    pub(crate) computed_for: Option<(DocumentId, String)>,
    /// Put the keyboard focus in the search box on the next frame.
    pub(crate) focus: bool,
}

impl SearchState {
    /// Recomputes the hits when the document or the query changed; returns whether it did.
    pub fn refresh(&mut self, doc: &crate::model::Document) -> bool {
        if self.computed_for.as_ref().is_some_and(|(d, q)| *d == doc.id && *q == self.query) {
            return false;
        }
        self.hits = doc
            .pages
            .iter()
            .enumerate()
            .flat_map(|(page, text)| {
                crate::model::text::find_all(text, &self.query).into_iter().map(move |(start, end)| SearchHit {
                    page,
                    start,
                    end,
                })
            })
            .collect();
        self.current = 0;
        self.computed_for = Some((doc.id, self.query.clone()));
        true
    }

    /// The hits on one page.
    pub fn on_page(&self, page: usize) -> impl Iterator<Item = (usize, &SearchHit)> {
        self.hits.iter().enumerate().filter(move |(_, h)| h.page == page && self.open)
    }
}

/// The construct picker's search state.
#[derive(Clone, Debug, Default)]
pub struct PickerState {
    /// What the user typed.
    pub query: String,
    /// Index into the filtered list moved by the arrow keys.
    pub cursor: usize,
    /// Put the keyboard focus in the search field on the next frame.
    pub focus: bool,
    /// The chosen construct the list was last scrolled to (a new choice, or the list shown
    /// again, brings it into view once).
    pub scrolled_to: Option<ConstructKey>,
}

/// The coding form: the draft of a new coding or of changes to the selected one.
#[derive(Clone, Debug, Default)]
pub struct CodingForm {
    /// Chosen construct.
    pub construct: Option<ConstructKey>,
    /// Chosen valence.
    pub valence: Option<Valence>,
    /// Comment typed so far.
    pub comment: String,
    /// Picker search.
    pub picker: PickerState,
    /// Whether the picker is shown when editing an existing coding.
    pub picker_open: bool,
    /// The coding this draft was loaded from (when editing).
    pub(crate) loaded_from: Option<CodingId>,
    /// Put the keyboard focus in the comment box on the next frame.
    pub focus_comment: bool,
}

impl CodingForm {
    /// Clears the draft (keeps nothing from the last coding).
    pub fn clear(&mut self) {
        *self = Self::default();
    }
}

/// The window that codes search hits in one step.
#[derive(Clone, Debug, Default)]
pub struct CodeHits {
    /// One article, or every article (`None`).
    pub scope: Option<DocumentId>,
    /// The words searched for.
    pub query: String,
    /// Whether a hit's sentence or only its words is coded.
    pub unit: crate::analysis::hits::HitUnit,
    /// The hits of the last search, each with whether it is chosen.
    pub hits: Vec<(crate::analysis::hits::Hit, bool)>,
    /// Whether the list was cut at its limit.
    pub cut: bool,
    /// What the hits were found for (query, unit, scope, project revision).
    pub(crate) searched: Option<(String, crate::analysis::hits::HitUnit, Option<DocumentId>, u64)>,
    /// Search again on the next frame.
    pub(crate) search: bool,
    /// Construct, valence and comment for the chosen hits.
    pub form: CodingForm,
    /// Put the keyboard focus in the search box on the next frame.
    pub(crate) focus_query: bool,
    /// What the last coding did.
    pub note: Option<String>,
}

impl CodeHits {
    /// The window for `query` in one article or all of them, searched at once when there is
    /// something to search for.
    #[must_use]
    pub fn new(scope: Option<DocumentId>, query: &str) -> Self {
        Self { scope, query: query.to_owned(), search: !query.trim().is_empty(), focus_query: true, ..Self::default() }
    }
}

/// The new-project form.
#[derive(Clone, Debug, Default)]
pub struct NewProjectForm {
    /// Project name.
    pub name: String,
    /// Coder's name.
    pub coder: String,
}

/// The main views of an open project.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Workspace {
    /// Read and code articles.
    #[default]
    Coding,
    /// Articles, studies and extraction fields.
    Articles,
    /// Tallies per construct (table and chart).
    Tallies,
    /// The nested-domain diagram.
    Diagram,
    /// The matrix grid.
    Matrix,
    /// Study characteristics.
    Characteristics,
    /// The codebook and its history.
    Codebook,
    /// Agreement with another coder and the consensus (while a comparison is open).
    Review,
}

impl Workspace {
    /// All views in tab order.
    pub const ALL: [Workspace; 8] = [
        Workspace::Coding,
        Workspace::Articles,
        Workspace::Tallies,
        Workspace::Diagram,
        Workspace::Matrix,
        Workspace::Characteristics,
        Workspace::Codebook,
        Workspace::Review,
    ];

    /// The tab's name.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Workspace::Coding => "Coding",
            Workspace::Articles => "Articles & studies",
            Workspace::Tallies => "Tallies",
            Workspace::Diagram => "Diagram",
            Workspace::Matrix => "Matrix",
            Workspace::Characteristics => "Characteristics",
            Workspace::Codebook => "Codebook",
            Workspace::Review => "Review: agreement & consensus",
        }
    }
}

/// A part of the codebook the views are narrowed to (set by clicking the diagram).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Focus {
    /// One domain.
    Domain(DomainKey),
    /// One construct.
    Construct(ConstructKey),
}

impl Focus {
    /// Whether a construct falls under this focus.
    #[must_use]
    pub fn includes(&self, codebook: &Codebook, key: &ConstructKey) -> bool {
        match self {
            Focus::Construct(k) => k == key,
            Focus::Domain(d) => codebook.construct(key).is_some_and(|c| &c.domain == d),
        }
    }

    /// How it is shown to users.
    #[must_use]
    pub fn describe(&self, codebook: &Codebook) -> String {
        match self {
            Focus::Construct(k) => codebook.display_path(k),
            Focus::Domain(d) => {
                codebook.domain(d).map_or_else(|| d.to_string(), |d| format!("{}. {}", d.number, d.name))
            }
        }
    }
}

/// How the tallies are ordered.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum TallySort {
    /// Codebook order.
    #[default]
    Codebook,
    /// Most reported first.
    Total,
    /// Most often a barrier first.
    Barrier,
    /// Most often a facilitator first.
    Facilitator,
}

/// A cell of the articles table being edited.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CellEdit {
    /// The article.
    pub document: DocumentId,
    /// The column (`title` or a field name).
    pub column: String,
    /// The text typed so far.
    pub buffer: String,
}

/// Everything the views remember between frames. Its flags are independent view toggles,
/// not a state machine in disguise.
#[derive(Clone, Debug, Default)]
#[allow(clippy::struct_excessive_bools)]
pub struct UiState {
    /// The document shown in the reader.
    pub document: Option<DocumentId>,
    /// Reader interaction.
    pub reader: ReaderState,
    /// The coding selected for editing.
    pub selected_coding: Option<CodingId>,
    /// The coding form.
    pub form: CodingForm,
    /// The new-project form, when shown.
    pub new_project: Option<NewProjectForm>,
    /// The extraction fields' sideways scroll: offset and view, as last drawn.
    pub fields_view: Option<(f32, egui::Rect)>,
    /// A sideways scroll asked for (to bring the open cell into view).
    pub fields_scroll: Option<f32>,
    /// Whether every message is shown, not only the newest (with a count of the others).
    pub messages_expanded: bool,
    /// Who is settling the disagreements (recorded with each decision).
    pub reviewer: String,
    /// Whether a decision may be taken without a reason (by default a consensus needs one).
    pub reasons_optional: bool,
    /// The in-app file path field, when the system dialog could not open.
    pub path_prompt: Option<super::action::PathPrompt>,
    /// Whether the keyboard-shortcut help is shown.
    pub show_shortcuts: bool,
    /// Show the PDF's own line breaks instead of reflowing the text to the reader's width.
    pub pdf_line_breaks: bool,
    /// Pages or text.
    pub reader_mode: ReaderMode,
    /// The page view.
    pub page_view: PageViewState,
    /// Find in the article.
    pub search: SearchState,
    /// Passwords typed for failed imports of encrypted files.
    pub import_passwords: std::collections::BTreeMap<std::path::PathBuf, String>,
    /// The language chosen for text recognition (OCR), a Tesseract code.
    pub ocr_language: String,
    /// The view shown.
    pub workspace: Workspace,
    /// The part of the codebook the coding list, tallies and diagram are narrowed to.
    pub focus: Option<Focus>,
    /// Unit of the tallies and the diagram's counts.
    pub level: Level,
    /// Presentation mode: full screen, larger, the projector palette, a step-through bar.
    pub presentation: bool,
    /// CSV exports without the UTF-8 byte-order mark (by default they carry one, so that
    /// Excel reads accented letters right).
    pub csv_without_bom: bool,
    /// Whether construct suggestions are hidden (kept between runs).
    pub suggestions_off: bool,
    /// The window that codes search hits in one step, when open.
    pub code_hits: Option<CodeHits>,
    /// Order of the tallies.
    pub tally_sort: TallySort,
    /// Rows of the matrix: studies (true) or articles.
    pub matrix_by_study: bool,
    /// Fields shown in the characteristics view.
    pub characteristic_fields: Vec<String>,
    /// The articles-table cell being edited.
    pub cell_edit: Option<CellEdit>,
    /// Field columns added by the user that no article has a value for yet.
    pub extra_fields: Vec<String>,
    /// Name typed for a new field column.
    pub new_field: String,
    /// The study being renamed, with the label typed so far.
    pub rename_study: Option<(crate::model::StudyId, String)>,
    /// Review: the unit of analysis of the agreement statistics.
    pub review_unit: crate::analysis::agreement::AgreementUnit,
    /// Review: the passage overlap threshold, in percent of the shorter passage.
    pub review_threshold: u32,
    /// Review: the disagreement shown.
    pub review_cursor: usize,
    /// Review: the reason typed for the current decision.
    pub review_comment: String,
    /// A decision was tried without the reason it needs (the review says so).
    pub review_reason_asked: bool,
    /// Review: an edited coding being prepared (construct and valence).
    pub review_edit: Option<CodingForm>,
    /// Review: asking whether to drop unsaved decisions.
    pub confirm_close_review: bool,
    /// The codebook editor's drafts.
    pub codebook: super::codebook::CodebookDraft,
}

impl UiState {
    /// A fresh view state (the passage threshold starts at 50%).
    #[must_use]
    pub fn new() -> Self {
        Self { review_threshold: 50, ocr_language: "eng".to_owned(), ..Self::default() }
    }

    /// Selects a coding for editing and scrolls the reader to it.
    pub fn focus_coding(&mut self, id: CodingId, document: DocumentId, target: Option<ScrollTarget>) {
        self.document = Some(document);
        self.selected_coding = Some(id);
        self.reader.selection = None;
        self.reader.scroll_to = target;
    }

    /// Selects bytes `a..b` (either order) of a page, trimmed to whole characters without
    /// outer white space, as both views do; a selection replaces the selected coding.
    pub fn select_passage(&mut self, doc: &crate::model::Document, page: usize, a: usize, b: usize) {
        let Some(page_text) = doc.pages.get(page) else { return };
        let (a, b) = (a.min(b), a.max(b).min(page_text.len()));
        self.reader.selection = crate::model::TextAnchor::new(page_text, page, a, b).map(|t| TextSelection {
            document: doc.id,
            page,
            start: t.start,
            end: t.end,
        });
        if self.reader.selection.is_some() {
            self.selected_coding = None;
        }
    }

    /// Forgets everything tied to an open project.
    pub fn reset_for_project(&mut self) {
        *self = Self {
            show_shortcuts: self.show_shortcuts,
            pdf_line_breaks: self.pdf_line_breaks,
            reviewer: std::mem::take(&mut self.reviewer),
            reader_mode: self.reader_mode,
            ocr_language: std::mem::take(&mut self.ocr_language),
            suggestions_off: self.suggestions_off,
            page_view: PageViewState { zoom: self.page_view.zoom, ..PageViewState::default() },
            ..Self::new()
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Document, DocumentId, StudyId};

    #[test]
    fn search_ignores_case_ligatures_and_line_breaks() {
        let doc = Document {
            id: DocumentId(1),
            title: "t".into(),
            study: StudyId(1),
            sha256: String::new(),
            pdf: None,
            pages: vec!["Findings on\nstaff.".into(), "no hit".into(), "the \u{FB01}ndings  on staff".into()],
            fields: std::collections::BTreeMap::new(),
            warnings: Vec::new(),
            ocr: None,
            unreadable_pages: Vec::new(),
        };
        let mut search = SearchState { open: true, query: "findings ON  staff".into(), ..SearchState::default() };
        assert!(search.refresh(&doc));
        assert!(!search.refresh(&doc), "computed once per query");
        assert_eq!(
            search.hits,
            vec![SearchHit { page: 0, start: 0, end: 17 }, SearchHit { page: 2, start: 4, end: 23 }],
            "page text {:?}",
            doc.pages
        );
        assert_eq!(search.on_page(2).count(), 1);
        search.open = false;
        assert_eq!(search.on_page(2).count(), 0, "hits show only while the bar is open");
    }
}
