//! State that belongs to the views only (what is selected, what is typed in a search box).
//! It never holds the project; the app owns that.

use crate::model::{CodingId, ConstructKey, DocumentId, Valence};

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

/// The construct picker's search state.
#[derive(Clone, Debug, Default)]
pub struct PickerState {
    /// What the user typed.
    pub query: String,
    /// Index into the filtered list moved by the arrow keys.
    pub cursor: usize,
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
}

impl CodingForm {
    /// Clears the draft (keeps nothing from the last coding).
    pub fn clear(&mut self) {
        *self = Self::default();
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

/// Everything the views remember between frames.
#[derive(Clone, Debug, Default)]
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
    /// Whether the keyboard-shortcut help is shown.
    pub show_shortcuts: bool,
    /// Show the PDF's own line breaks instead of reflowing the text to the reader's width.
    pub pdf_line_breaks: bool,
}

impl UiState {
    /// Selects a coding for editing and scrolls the reader to it.
    pub fn focus_coding(&mut self, id: CodingId, document: DocumentId, target: Option<ScrollTarget>) {
        self.document = Some(document);
        self.selected_coding = Some(id);
        self.reader.selection = None;
        self.reader.scroll_to = target;
    }

    /// Forgets everything tied to an open project.
    pub fn reset_for_project(&mut self) {
        *self = Self { show_shortcuts: self.show_shortcuts, pdf_line_breaks: self.pdf_line_breaks, ..Self::default() };
    }
}
