//! The REFI-QDA XML as other tools write it, for reading: every element this app can use,
//! each optional where real files leave it out (the schema's letter is not what tools do).

use serde::Deserialize;

/// Deepest element nesting accepted: real code trees are a few levels deep; a crafted file
/// nested thousands deep would exhaust the stack of a recursive reader.
pub const MAX_DEPTH: usize = 200;

/// Checks that no element is nested deeper than [`MAX_DEPTH`], before the recursive reader
/// sees the text.
///
/// # Errors
/// The depth reached, or the XML error met first.
pub fn check_depth(text: &str) -> Result<(), String> {
    let mut reader = quick_xml::Reader::from_str(text);
    let mut depth = 0usize;
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Start(_)) => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Err(format!(
                        "elements are nested more than {MAX_DEPTH} deep (at byte {})",
                        reader.buffer_position()
                    ));
                }
            }
            Ok(quick_xml::events::Event::End(_)) => depth = depth.saturating_sub(1),
            Ok(quick_xml::events::Event::Eof) => return Ok(()),
            Ok(_) => {}
            Err(e) => return Err(format!("{e} (at byte {})", reader.error_position())),
        }
    }
}

#[derive(Deserialize, Default, Debug)]
pub struct XRef {
    #[serde(rename = "@targetGUID", default)]
    pub target: String,
    /// ATLAS.ti writes set members as `guid`, not `targetGUID`.
    #[serde(rename = "@guid", default)]
    pub guid: String,
}

impl XRef {
    /// The GUID referred to, however the tool wrote it.
    pub fn id(&self) -> &str {
        if self.target.is_empty() { &self.guid } else { &self.target }
    }
}

#[derive(Deserialize, Debug)]
pub struct XCode {
    #[serde(rename = "@guid", default)]
    pub guid: String,
    #[serde(rename = "@name", default)]
    pub name: String,
    #[serde(rename = "@isCodable", default)]
    pub codable: Option<String>,
    #[serde(rename = "@color", default)]
    pub color: Option<String>,
    #[serde(rename = "Description", default)]
    pub description: Option<String>,
    #[serde(rename = "NoteRef", default)]
    pub notes: Vec<XRef>,
    #[serde(rename = "Code", default)]
    pub children: Vec<XCode>,
}

#[derive(Deserialize, Default, Debug)]
pub struct XCodes {
    #[serde(rename = "Code", default)]
    pub codes: Vec<XCode>,
}

#[derive(Deserialize, Debug)]
pub struct XSet {
    #[serde(rename = "@name", default)]
    pub name: String,
    #[serde(rename = "MemberCode", default)]
    pub codes: Vec<XRef>,
    #[serde(rename = "MemberSource", default)]
    pub sources: Vec<XRef>,
}

#[derive(Deserialize, Default, Debug)]
pub struct XSets {
    #[serde(rename = "Set", default)]
    pub sets: Vec<XSet>,
}

#[derive(Deserialize, Default, Debug)]
pub struct XCodeBook {
    #[serde(rename = "Codes", default)]
    pub codes: XCodes,
    #[serde(rename = "Sets", default)]
    pub sets: XSets,
}

/// A codebook file (`.qdc`).
#[derive(Deserialize, Debug)]
pub struct XQdc {
    #[serde(rename = "@origin", default)]
    pub origin: Option<String>,
    #[serde(rename = "Codes", default)]
    pub codes: XCodes,
    #[serde(rename = "Sets", default)]
    pub sets: XSets,
}

#[derive(Deserialize, Debug)]
pub struct XCoding {
    #[serde(rename = "@guid", default)]
    pub guid: String,
    #[serde(rename = "@creatingUser", default)]
    pub user: Option<String>,
    #[serde(rename = "@creationDateTime", default)]
    pub created: Option<String>,
    #[serde(rename = "CodeRef", default)]
    pub code: XRef,
}

#[derive(Deserialize, Debug)]
pub struct XTextSelection {
    #[serde(rename = "@guid", default)]
    pub guid: String,
    #[serde(rename = "@name", default)]
    pub name: Option<String>,
    #[serde(rename = "@startPosition")]
    pub start: i64,
    #[serde(rename = "@endPosition")]
    pub end: i64,
    #[serde(rename = "@creatingUser", default)]
    pub user: Option<String>,
    #[serde(rename = "@creationDateTime", default)]
    pub created: Option<String>,
    #[serde(rename = "Description", default)]
    pub description: Option<String>,
    #[serde(rename = "Coding", default)]
    pub codings: Vec<XCoding>,
    #[serde(rename = "NoteRef", default)]
    pub notes: Vec<XRef>,
}

#[derive(Deserialize, Debug)]
pub struct XPdfSelection {
    #[serde(rename = "@guid", default)]
    pub guid: String,
    #[serde(rename = "@name", default)]
    pub name: Option<String>,
    #[serde(rename = "@page")]
    pub page: i64,
    #[serde(rename = "@firstX")]
    pub first_x: f64,
    #[serde(rename = "@firstY")]
    pub first_y: f64,
    #[serde(rename = "@secondX")]
    pub second_x: f64,
    #[serde(rename = "@secondY")]
    pub second_y: f64,
    #[serde(rename = "@creatingUser", default)]
    pub user: Option<String>,
    #[serde(rename = "@creationDateTime", default)]
    pub created: Option<String>,
    #[serde(rename = "Description", default)]
    pub description: Option<String>,
    #[serde(rename = "Coding", default)]
    pub codings: Vec<XCoding>,
    #[serde(rename = "NoteRef", default)]
    pub notes: Vec<XRef>,
}

#[derive(Deserialize, Debug)]
pub struct XVariableValue {
    #[serde(rename = "VariableRef", default)]
    pub variable: XRef,
    #[serde(rename = "TextValue", default)]
    pub text: Option<String>,
    #[serde(rename = "BooleanValue", default)]
    pub boolean: Option<String>,
    #[serde(rename = "IntegerValue", default)]
    pub integer: Option<String>,
    #[serde(rename = "FloatValue", default)]
    pub float: Option<String>,
    #[serde(rename = "DateValue", default)]
    pub date: Option<String>,
    #[serde(rename = "DateTimeValue", default)]
    pub date_time: Option<String>,
}

impl XVariableValue {
    /// The value as text, whatever its type.
    pub fn value(&self) -> Option<&str> {
        [&self.text, &self.boolean, &self.integer, &self.float, &self.date, &self.date_time]
            .into_iter()
            .find_map(|v| v.as_deref())
    }
}

#[derive(Deserialize, Debug)]
pub struct XTextSource {
    #[serde(rename = "@guid", default)]
    pub guid: String,
    #[serde(rename = "@name", default)]
    pub name: Option<String>,
    #[serde(rename = "@plainTextPath", default)]
    pub text_path: Option<String>,
    #[serde(rename = "Description", default)]
    pub description: Option<String>,
    #[serde(rename = "PlainTextContent", default)]
    pub content: Option<String>,
    #[serde(rename = "PlainTextSelection", default)]
    pub selections: Vec<XTextSelection>,
    #[serde(rename = "VariableValue", default)]
    pub values: Vec<XVariableValue>,
    #[serde(rename = "NoteRef", default)]
    pub notes: Vec<XRef>,
}

#[derive(Deserialize, Debug)]
pub struct XPdfSource {
    #[serde(rename = "@guid", default)]
    pub guid: String,
    #[serde(rename = "@name", default)]
    pub name: Option<String>,
    #[serde(rename = "@path", default)]
    pub path: Option<String>,
    #[serde(rename = "Description", default)]
    pub description: Option<String>,
    #[serde(rename = "Representation", default)]
    pub representation: Option<XTextSource>,
    #[serde(rename = "PDFSelection", default)]
    pub selections: Vec<XPdfSelection>,
    #[serde(rename = "VariableValue", default)]
    pub values: Vec<XVariableValue>,
    #[serde(rename = "NoteRef", default)]
    pub notes: Vec<XRef>,
}

#[derive(Deserialize, Debug)]
pub enum XSource {
    TextSource(XTextSource),
    #[serde(rename = "PDFSource")]
    Pdf(XPdfSource),
    PictureSource(serde::de::IgnoredAny),
    AudioSource(serde::de::IgnoredAny),
    VideoSource(serde::de::IgnoredAny),
    #[serde(other)]
    Other,
}

#[derive(Deserialize, Default, Debug)]
pub struct XSources {
    #[serde(rename = "$value", default)]
    pub items: Vec<XSource>,
}

#[derive(Deserialize, Debug)]
pub struct XCase {
    #[serde(rename = "@name", default)]
    pub name: Option<String>,
    #[serde(rename = "VariableValue", default)]
    pub values: Vec<XVariableValue>,
    #[serde(rename = "SourceRef", default)]
    pub sources: Vec<XRef>,
}

#[derive(Deserialize, Default, Debug)]
pub struct XCases {
    #[serde(rename = "Case", default)]
    pub cases: Vec<XCase>,
}

#[derive(Deserialize, Debug)]
pub struct XVariable {
    #[serde(rename = "@guid", default)]
    pub guid: String,
    #[serde(rename = "@name", default)]
    pub name: String,
}

#[derive(Deserialize, Default, Debug)]
pub struct XVariables {
    #[serde(rename = "Variable", default)]
    pub variables: Vec<XVariable>,
}

#[derive(Deserialize, Debug)]
pub struct XNote {
    #[serde(rename = "@guid", default)]
    pub guid: String,
    #[serde(rename = "PlainTextContent", default)]
    pub text: Option<String>,
}

#[derive(Deserialize, Default, Debug)]
pub struct XNotes {
    #[serde(rename = "Note", default)]
    pub notes: Vec<XNote>,
}

#[derive(Deserialize, Debug)]
pub struct XUser {
    #[serde(rename = "@guid", default)]
    pub guid: String,
    #[serde(rename = "@name", default)]
    pub name: Option<String>,
}

#[derive(Deserialize, Default, Debug)]
pub struct XUsers {
    #[serde(rename = "User", default)]
    pub users: Vec<XUser>,
}

/// A project file (`.qde`).
#[derive(Deserialize, Debug)]
pub struct XProject {
    #[serde(rename = "@name", default)]
    pub name: String,
    #[serde(rename = "@origin", default)]
    pub origin: Option<String>,
    #[serde(rename = "Users", default)]
    pub users: XUsers,
    #[serde(rename = "CodeBook", default)]
    pub codebook: XCodeBook,
    #[serde(rename = "Variables", default)]
    pub variables: XVariables,
    #[serde(rename = "Cases", default)]
    pub cases: XCases,
    #[serde(rename = "Sources", default)]
    pub sources: XSources,
    #[serde(rename = "Notes", default)]
    pub notes: XNotes,
    #[serde(rename = "Sets", default)]
    pub sets: XSets,
}
