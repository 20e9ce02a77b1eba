//! Reading a REFI-QDA file into what it holds, before anything is mapped or placed: the code
//! tree, the sources with their raw text, PDF bytes and selections, cases, sets and
//! variables. Every kind of thing the app cannot use is counted, never dropped unseen.
//!
//! Accepted: a `.qdpx` archive whose XML is `project.qde` or the one `.qde` it holds (ATLAS.ti
//! names it after the project) and whose sources are found by their `internal://` names
//! whatever the folder's case (`Sources/` from NVivo for Windows); a bare `.qde`; and a `.qdc`
//! codebook alone or inside the archive.

use super::RefiError;
use super::xml::{self, XCode, XProject, XQdc, XRef, XSource, XTextSource, XVariableValue};
use crate::persistence::archive::{ArchiveLimits, BoundedArchive};
use std::collections::BTreeMap;

/// A code of the other tool's tree.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ForeignCode {
    /// Its GUID.
    pub guid: String,
    /// Its name.
    pub name: String,
    /// Index of its parent in [`RefiPackage::codes`].
    pub parent: Option<usize>,
    /// Its colour, `#RRGGBB`, if given and well formed.
    pub color: Option<String>,
    /// Its description (and the notes attached to it).
    pub description: String,
    /// Whether passages can be coded with it there.
    pub codable: bool,
    /// Names of the code sets it belongs to.
    pub sets: Vec<String>,
    /// How many codings use it.
    pub uses: usize,
}

/// Where a selection is.
#[derive(Clone, Debug, PartialEq)]
pub enum Place {
    /// Character positions in the source's plain text, as the other tool counted them.
    Text {
        /// First position.
        start: i64,
        /// Position after the last.
        end: i64,
    },
    /// A rectangle on a PDF page: page from 0, points from the top-left corner.
    Pdf {
        /// Page, from 0.
        page: i64,
        /// Left, top, right, bottom.
        rect: [f64; 4],
    },
}

/// One code applied to a selection.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ForeignCoding {
    /// Index of the code in [`RefiPackage::codes`].
    pub code: usize,
    /// The coding's own GUID.
    pub guid: String,
    /// Who applied it (a user's name), if known.
    pub coder: String,
    /// When, as written.
    pub created: String,
}

/// A coded selection of a source.
#[derive(Clone, Debug, PartialEq)]
pub struct ForeignSelection {
    /// Its GUID.
    pub guid: String,
    /// Where it is.
    pub place: Place,
    /// The text the other tool says it covers (QualCoder writes it as the selection's name).
    pub said_text: String,
    /// The codes applied.
    pub codings: Vec<ForeignCoding>,
    /// Its memo: the selection's description and its notes.
    pub memo: String,
    /// Who made the selection, if known.
    pub coder: String,
    /// When, as written.
    pub created: String,
    /// Codings that name a code the file does not define.
    pub unknown_codes: usize,
}

/// What kind of source.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SourceKind {
    /// A plain text source.
    Text,
    /// A PDF, with or without a text representation.
    Pdf,
}

/// A source of the other project.
#[derive(Clone, Debug, PartialEq)]
pub struct ForeignSource {
    /// Its GUID.
    pub guid: String,
    /// Its name.
    pub name: String,
    /// Text or PDF.
    pub kind: SourceKind,
    /// The plain text (a PDF's text representation), exactly as stored, BOM and CRLF kept.
    pub text: Option<String>,
    /// The PDF's bytes, if it is a PDF held in the archive.
    pub pdf: Option<Vec<u8>>,
    /// Why the PDF or text could not be read, if it could not.
    pub problem: Option<String>,
    /// The coded selections.
    pub selections: Vec<ForeignSelection>,
    /// Variable values of the source.
    pub fields: BTreeMap<String, String>,
}

/// A case (a study, say) and its sources.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ForeignCase {
    /// Its name.
    pub name: String,
    /// GUIDs of its sources.
    pub sources: Vec<String>,
    /// Its variable values.
    pub fields: BTreeMap<String, String>,
}

/// A set of sources.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ForeignSet {
    /// Its name.
    pub name: String,
    /// GUIDs of its sources.
    pub sources: Vec<String>,
}

/// Everything read from a REFI-QDA file.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RefiPackage {
    /// The project's name (empty for a codebook).
    pub name: String,
    /// The tool that wrote it, as it says (`NVivo for Windows 12.6`).
    pub origin: String,
    /// The code tree, parents before their children.
    pub codes: Vec<ForeignCode>,
    /// The sources this app can read (text and PDF).
    pub sources: Vec<ForeignSource>,
    /// Sources of kinds this app does not read (pictures, audio, video): kind and count.
    pub skipped: BTreeMap<String, usize>,
    /// Cases.
    pub cases: Vec<ForeignCase>,
    /// Sets of sources.
    pub source_sets: Vec<ForeignSet>,
    /// Whether the file was a codebook only.
    pub codebook_only: bool,
}

fn r_err(e: impl std::fmt::Display) -> RefiError {
    RefiError::Read(e.to_string())
}

/// A colour as `#RRGGBB`, or `None` when it is not one.
fn color(c: Option<&str>) -> Option<String> {
    let c = c?.trim();
    let hex = c.strip_prefix('#')?;
    (hex.len() == 6 && hex.chars().all(|h| h.is_ascii_hexdigit())).then(|| format!("#{}", hex.to_uppercase()))
}

/// Joins the non-empty, distinct parts of a memo.
fn join_memo(parts: impl IntoIterator<Item = String>) -> String {
    let mut out: Vec<String> = Vec::new();
    for p in parts {
        let p = p.trim().to_owned();
        if !p.is_empty() && !out.contains(&p) {
            out.push(p);
        }
    }
    out.join("\n\n")
}

struct Lookup<'a> {
    users: BTreeMap<&'a str, &'a str>,
    notes: BTreeMap<&'a str, &'a str>,
    variables: BTreeMap<&'a str, &'a str>,
    codes: BTreeMap<String, usize>,
}

impl Lookup<'_> {
    fn user(&self, guid: Option<&str>) -> String {
        guid.and_then(|g| self.users.get(g)).map_or_else(String::new, |u| (*u).to_owned())
    }

    fn notes(&self, refs: &[XRef]) -> Vec<String> {
        refs.iter().filter_map(|r| self.notes.get(r.target.as_str())).map(|t| (*t).to_owned()).collect()
    }

    fn fields(&self, values: &[XVariableValue]) -> BTreeMap<String, String> {
        values
            .iter()
            .filter_map(|v| {
                let name = self.variables.get(v.variable.target.as_str())?;
                let value = v.value()?.trim();
                (!value.is_empty()).then(|| ((*name).to_owned(), value.to_owned()))
            })
            .collect()
    }
}

/// Flattens the code tree, parents first.
fn flatten(codes: &[XCode], parent: Option<usize>, out: &mut Vec<ForeignCode>, notes: &BTreeMap<&str, &str>) {
    for c in codes {
        let index = out.len();
        let note_texts = c.notes.iter().filter_map(|r| notes.get(r.target.as_str())).map(|t| (*t).to_owned());
        out.push(ForeignCode {
            guid: c.guid.clone(),
            name: c.name.trim().to_owned(),
            parent,
            color: color(c.color.as_deref()),
            description: join_memo(c.description.clone().into_iter().chain(note_texts)),
            codable: !c.codable.as_deref().is_some_and(|v| v.trim().eq_ignore_ascii_case("false") || v.trim() == "0"),
            sets: Vec::new(),
            uses: 0,
        });
        flatten(&c.children, Some(index), out, notes);
    }
}

fn add_code_sets(codes: &mut [ForeignCode], sets: &[xml::XSet]) {
    for set in sets {
        for member in &set.codes {
            if let Some(c) = codes.iter_mut().find(|c| c.guid.eq_ignore_ascii_case(member.id()))
                && !c.sets.contains(&set.name)
            {
                c.sets.push(set.name.clone());
            }
        }
    }
}

/// Reads a REFI-QDA file: a `.qdpx` archive, or the XML of a `.qde` project or `.qdc`
/// codebook.
///
/// # Errors
/// Not a REFI-QDA file, unreadable XML, a source that cannot be read, or a cap reached.
pub fn read_package(bytes: &[u8], limits: ArchiveLimits) -> Result<RefiPackage, RefiError> {
    if bytes.starts_with(b"PK") {
        return read_archive(bytes, limits);
    }
    let text = xml_text(bytes)?;
    if root_name(&text).as_deref() == Some("CodeBook") {
        return read_codebook(&text);
    }
    read_project(&text, None)
}

/// XML bytes as text (UTF-8, a BOM allowed).
fn xml_text(bytes: &[u8]) -> Result<String, RefiError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    String::from_utf8(bytes.to_vec()).map_err(|e| RefiError::Read(format!("the XML is not UTF-8 ({e})")))
}

/// The name of the root element, without a namespace prefix.
fn root_name(text: &str) -> Option<String> {
    let mut reader = quick_xml::Reader::from_str(text);
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Start(e) | quick_xml::events::Event::Empty(e)) => {
                return Some(e.local_name().into_inner().to_owned());
            }
            Ok(quick_xml::events::Event::Eof) | Err(_) => return None,
            Ok(_) => {}
        }
    }
}

fn read_codebook(text: &str) -> Result<RefiPackage, RefiError> {
    xml::check_depth(text).map_err(r_err)?;
    let parsed: XQdc = quick_xml::de::from_str(text).map_err(r_err)?;
    let mut codes = Vec::new();
    flatten(&parsed.codes.codes, None, &mut codes, &BTreeMap::new());
    add_code_sets(&mut codes, &parsed.sets.sets);
    Ok(RefiPackage { origin: parsed.origin.unwrap_or_default(), codes, codebook_only: true, ..RefiPackage::default() })
}

fn read_archive(bytes: &[u8], limits: ArchiveLimits) -> Result<RefiPackage, RefiError> {
    let mut archive = BoundedArchive::new(bytes, limits).map_err(r_err)?;
    let top = |n: &&str| !n.trim_start_matches("./").contains('/');
    let qde = archive.find("project.qde").map(str::to_owned).or_else(|| {
        let qdes: Vec<&str> = archive.names().filter(top).filter(|n| n.to_lowercase().ends_with(".qde")).collect();
        (qdes.len() == 1).then(|| qdes[0].to_owned())
    });
    let qdc = archive.names().filter(top).find(|n| n.to_lowercase().ends_with(".qdc")).map(str::to_owned);
    let Some(qde) = qde else {
        if let Some(qdc) = qdc {
            let text = xml_text(&read_entry(&mut archive, &qdc)?)?;
            return read_codebook(&text);
        }
        let count = archive.names().filter(|n| n.to_lowercase().ends_with(".qde")).count();
        return Err(RefiError::Read(if count > 1 {
            format!("the archive holds {count} project files (.qde) and none is called project.qde")
        } else {
            "the archive holds no project file (project.qde)".to_owned()
        }));
    };
    let text = xml_text(&read_entry(&mut archive, &qde)?)?;
    read_project(&text, Some(&mut archive))
}

fn read_entry(archive: &mut BoundedArchive<'_>, name: &str) -> Result<Vec<u8>, RefiError> {
    archive.read(name).map_err(|e| RefiError::Read(format!("{name}: {e}")))
}

/// The archive entry an `internal://` (or relative) path names: under `sources/` in any case.
fn source_entry(archive: &BoundedArchive<'_>, path: &str) -> Option<String> {
    let file = path.trim().trim_start_matches("internal://").trim_start_matches("relative://").trim_start_matches('/');
    if file.is_empty() || file.contains("..") {
        return None;
    }
    archive.find(&format!("sources/{file}")).or_else(|| archive.find(file)).map(str::to_owned)
}

/// Plain text of a source file: UTF-8 (a BOM kept, since positions may count it), or
/// UTF-16 with a BOM.
fn decode_text(bytes: &[u8]) -> Result<String, String> {
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        let units: Vec<u16> = rest.chunks_exact(2).map(|c| u16::from_le_bytes([c[0], c[1]])).collect();
        return String::from_utf16(&units).map(|s| format!("\u{FEFF}{s}")).map_err(|e| e.to_string());
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        let units: Vec<u16> = rest.chunks_exact(2).map(|c| u16::from_be_bytes([c[0], c[1]])).collect();
        return String::from_utf16(&units).map(|s| format!("\u{FEFF}{s}")).map_err(|e| e.to_string());
    }
    String::from_utf8(bytes.to_vec()).map_err(|e| format!("not UTF-8 text ({e})"))
}

fn read_project(text: &str, mut archive: Option<&mut BoundedArchive<'_>>) -> Result<RefiPackage, RefiError> {
    xml::check_depth(text).map_err(r_err)?;
    let x: XProject = quick_xml::de::from_str(text).map_err(r_err)?;
    let notes: BTreeMap<&str, &str> =
        x.notes.notes.iter().map(|n| (n.guid.as_str(), n.text.as_deref().unwrap_or(""))).collect();
    let mut codes = Vec::new();
    flatten(&x.codebook.codes.codes, None, &mut codes, &notes);
    add_code_sets(&mut codes, &x.codebook.sets.sets);
    add_code_sets(&mut codes, &x.sets.sets);
    let look = Lookup {
        users: x.users.users.iter().map(|u| (u.guid.as_str(), u.name.as_deref().unwrap_or(""))).collect(),
        notes,
        variables: x.variables.variables.iter().map(|v| (v.guid.as_str(), v.name.as_str())).collect(),
        codes: codes.iter().enumerate().map(|(i, c)| (c.guid.clone(), i)).collect(),
    };
    let mut package = RefiPackage {
        name: x.name.trim().to_owned(),
        origin: x.origin.clone().unwrap_or_default(),
        ..RefiPackage::default()
    };
    for item in &x.sources.items {
        let source = match item {
            XSource::TextSource(t) => text_source(t, SourceKind::Text, archive.as_deref_mut(), &look),
            XSource::Pdf(p) => pdf_source(p, archive.as_deref_mut(), &look),
            XSource::PictureSource(_) | XSource::AudioSource(_) | XSource::VideoSource(_) | XSource::Other => {
                *package.skipped.entry(skipped_kind(item).to_owned()).or_default() += 1;
                continue;
            }
        };
        package.sources.push(source);
    }
    for s in &package.sources {
        for sel in &s.selections {
            for c in &sel.codings {
                if let Some(code) = codes.get_mut(c.code) {
                    code.uses += 1;
                }
            }
        }
    }
    package.codes = codes;
    package.cases = cases(&x, &look);
    package.source_sets = source_sets(&x);
    Ok(package)
}

/// The kind of a source this app does not code, as the report names it.
fn skipped_kind(item: &XSource) -> &'static str {
    match item {
        XSource::PictureSource(_) => "picture",
        XSource::AudioSource(_) => "audio",
        XSource::VideoSource(_) => "video",
        XSource::TextSource(_) | XSource::Pdf(_) | XSource::Other => "other",
    }
}

/// A PDF source: its text representation if any (with its selections), its own `PDFSelection`
/// areas, and its PDF's bytes read (bounded) from the archive, or why they could not be.
fn pdf_source(p: &xml::XPdfSource, mut archive: Option<&mut BoundedArchive<'_>>, look: &Lookup<'_>) -> ForeignSource {
    let mut s = match &p.representation {
        Some(r) => text_source(r, SourceKind::Pdf, archive.as_deref_mut(), look),
        None => ForeignSource {
            guid: p.guid.clone(),
            name: String::new(),
            kind: SourceKind::Pdf,
            text: None,
            pdf: None,
            problem: None,
            selections: Vec::new(),
            fields: BTreeMap::new(),
        },
    };
    p.guid.clone_into(&mut s.guid);
    p.name.as_deref().unwrap_or_default().trim().clone_into(&mut s.name);
    s.fields.extend(look.fields(&p.values));
    add_memo(&mut s.fields, p.description.clone().into_iter().chain(look.notes(&p.notes)));
    for sel in &p.selections {
        let (codings, unknown) = codings_of(&sel.codings, look);
        let memo = join_memo(sel.description.clone().into_iter().chain(sel.name.clone()).chain(look.notes(&sel.notes)));
        s.selections.push(ForeignSelection {
            guid: sel.guid.clone(),
            place: Place::Pdf { page: sel.page, rect: [sel.first_x, sel.first_y, sel.second_x, sel.second_y] },
            said_text: String::new(),
            codings,
            memo,
            coder: look.user(sel.user.as_deref()),
            created: sel.created.clone().unwrap_or_default(),
            unknown_codes: unknown,
        });
    }
    match (&p.path, archive) {
        (Some(path), Some(a)) => match source_entry(a, path) {
            Some(entry) => match a.read(&entry) {
                Ok(bytes) => s.pdf = Some(bytes),
                Err(e) => s.problem = Some(format!("the PDF could not be read ({e})")),
            },
            None => s.problem = Some(format!("the PDF ({path}) is not in the archive")),
        },
        (Some(path), None) => s.problem = Some(format!("the PDF ({path}) is outside this file")),
        (None, _) => s.problem = Some("the PDF source names no file".to_owned()),
    }
    s
}

/// The cases, as studies to be: name, sources, and variables as fields.
fn cases(x: &XProject, look: &Lookup<'_>) -> Vec<ForeignCase> {
    x.cases
        .cases
        .iter()
        .enumerate()
        .map(|(i, c)| ForeignCase {
            name: c.name.clone().map_or_else(|| format!("Case {}", i + 1), |n| n.trim().to_owned()),
            sources: c.sources.iter().map(|r| r.id().to_owned()).collect(),
            fields: look.fields(&c.values),
        })
        .collect()
}

/// The sets that hold sources (of the project and of its codebook).
fn source_sets(x: &XProject) -> Vec<ForeignSet> {
    x.sets
        .sets
        .iter()
        .chain(&x.codebook.sets.sets)
        .filter(|s| !s.sources.is_empty())
        .map(|s| ForeignSet {
            name: s.name.trim().to_owned(),
            sources: s.sources.iter().map(|r| r.id().to_owned()).collect(),
        })
        .collect()
}

fn codings_of(codings: &[xml::XCoding], look: &Lookup<'_>) -> (Vec<ForeignCoding>, usize) {
    let mut out = Vec::new();
    let mut unknown = 0;
    for c in codings {
        match look.codes.get(&c.code.target) {
            Some(i) => out.push(ForeignCoding {
                code: *i,
                guid: c.guid.clone(),
                coder: look.user(c.user.as_deref()),
                created: c.created.clone().unwrap_or_default(),
            }),
            None => unknown += 1,
        }
    }
    (out, unknown)
}

fn text_source(
    t: &XTextSource,
    kind: SourceKind,
    archive: Option<&mut BoundedArchive<'_>>,
    look: &Lookup<'_>,
) -> ForeignSource {
    let mut problem = None;
    let text = match (&t.text_path, &t.content, archive) {
        (Some(path), _, Some(a)) => match source_entry(a, path) {
            Some(entry) => match a.read(&entry).map_err(|e| e.to_string()).and_then(|b| decode_text(&b)) {
                Ok(text) => Some(text),
                Err(e) => {
                    problem = Some(format!("its text ({path}) could not be read: {e}"));
                    None
                }
            },
            None => t.content.clone().or_else(|| {
                problem = Some(format!("its text ({path}) is not in the archive"));
                None
            }),
        },
        (_, Some(content), _) => Some(content.clone()),
        (Some(path), None, None) => {
            problem = Some(format!("its text ({path}) is outside this file"));
            None
        }
        (None, None, _) => None,
    };
    let selections = t
        .selections
        .iter()
        .map(|sel| {
            let (codings, unknown) = codings_of(&sel.codings, look);
            ForeignSelection {
                guid: sel.guid.clone(),
                place: Place::Text { start: sel.start, end: sel.end },
                said_text: sel.name.clone().unwrap_or_default(),
                codings,
                memo: join_memo(sel.description.clone().into_iter().chain(look.notes(&sel.notes))),
                coder: look.user(sel.user.as_deref()),
                created: sel.created.clone().unwrap_or_default(),
                unknown_codes: unknown,
            }
        })
        .collect();
    let mut fields = look.fields(&t.values);
    add_memo(&mut fields, t.description.clone().into_iter().chain(look.notes(&t.notes)));
    ForeignSource {
        guid: t.guid.clone(),
        name: t.name.clone().unwrap_or_default().trim().to_owned(),
        kind,
        text,
        pdf: None,
        problem,
        selections,
        fields,
    }
}

/// The field a source's own description and notes are kept in.
pub const MEMO_FIELD: &str = "Memo";

fn add_memo(fields: &mut BTreeMap<String, String>, parts: impl IntoIterator<Item = String>) {
    let memo = join_memo(fields.get(MEMO_FIELD).cloned().into_iter().chain(parts));
    if !memo.is_empty() {
        fields.insert(MEMO_FIELD.to_owned(), memo);
    }
}
