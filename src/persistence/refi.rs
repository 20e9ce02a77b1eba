//! REFI-QDA exchange (QDA-XML 1.0): a project as `.qdpx` (a zip with `project.qde` and
//! `sources/`) so lead authors can continue in `NVivo`, ATLAS.ti, MAXQDA or `QualCoder`, and
//! the codebook alone as `.qdc`.
//!
//! Mapping: domains are parent codes and constructs their child codes, with GUIDs derived
//! from their keys (UUID v5), so the same construct has the same GUID in every export; a
//! second code family, Valence (Barrier, Facilitator, Both), is applied to the same
//! selection; studies are cases with their extraction fields as variables (articles carry
//! their own values too); comments are notes; each PDF is a `PDFSource` with its text
//! representation, and codings are `PlainTextSelection`s in character positions of that
//! text, whose pages are separated by form feeds. Keys travel in the codes' descriptions
//! (`BeFITS key: ...`), so our own exports import back exactly.

use super::archive::{ArchiveLimits, BoundedArchive};
use crate::model::{
    Anchor, Codebook, Coding, CodingId, Construct, ConstructKey, Document, DocumentId, Domain, DomainKey, Level,
    NextIds, PdfSource, Project, ProjectParts, Study, StudyId, TextAnchor, Valence,
};
use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};
use std::io::{Cursor, Write};
use uuid::Uuid;

/// Namespace of every GUID this app derives (fixed forever).
const NAMESPACE: Uuid = Uuid::from_u128(0x6b1f_3c2e_9d4a_4f57_8e21_b0c4_7a5d_e913);
/// Page separator in text representations.
const PAGE_BREAK: char = '\u{000C}';
const KEY_PREFIX: &str = "BeFITS key: ";
const DOMAIN_PREFIX: &str = "BeFITS domain: ";

/// Why an exchange file could not be written or read.
#[derive(Debug, thiserror::Error)]
pub enum RefiError {
    /// Writing the archive failed.
    #[error("the REFI-QDA file could not be written ({0})")]
    Write(String),
    /// The file is not a readable REFI-QDA file.
    #[error("not a readable REFI-QDA file ({0})")]
    Read(String),
}

/// A stable GUID for a kind of thing and its stable name.
#[must_use]
pub fn guid(kind: &str, name: &str) -> String {
    Uuid::new_v5(&NAMESPACE, format!("{kind}:{name}").as_bytes()).to_string()
}

fn construct_guid(key: &ConstructKey) -> String {
    guid("construct", key.as_str())
}

fn valence_guid(v: Valence) -> String {
    guid("valence", v.label())
}

fn valence_color(v: Valence) -> &'static str {
    match v {
        Valence::Barrier => "#D55E00",
        Valence::Facilitator => "#0072B2",
        Valence::Both => "#CC79A7",
    }
}

/// A date-time REFI accepts (`xsd:dateTime`), or `None`.
fn date_time(s: &str) -> Option<&str> {
    let ok = s.len() >= 19 && s.as_bytes().get(4) == Some(&b'-') && s.as_bytes().get(10) == Some(&b'T');
    ok.then_some(s)
}

type XmlWriter = Writer<Cursor<Vec<u8>>>;

fn w_err(e: impl std::fmt::Display) -> RefiError {
    RefiError::Write(e.to_string())
}

fn start(w: &mut XmlWriter, name: &str, attrs: &[(&str, &str)]) -> Result<(), RefiError> {
    let mut el = BytesStart::new(name);
    for (k, v) in attrs {
        el.push_attribute((*k, *v));
    }
    w.write_event(Event::Start(el)).map_err(w_err)
}

fn empty(w: &mut XmlWriter, name: &str, attrs: &[(&str, &str)]) -> Result<(), RefiError> {
    let mut el = BytesStart::new(name);
    for (k, v) in attrs {
        el.push_attribute((*k, *v));
    }
    w.write_event(Event::Empty(el)).map_err(w_err)
}

fn end(w: &mut XmlWriter, name: &str) -> Result<(), RefiError> {
    w.write_event(Event::End(BytesEnd::new(name))).map_err(w_err)
}

fn text_element(w: &mut XmlWriter, name: &str, text: &str) -> Result<(), RefiError> {
    start(w, name, &[])?;
    w.write_event(Event::Text(BytesText::new(text))).map_err(w_err)?;
    end(w, name)
}

/// Writes the codebook's `<Codes>`: domains with their constructs, then the valence family.
fn write_codes(w: &mut XmlWriter, cb: &Codebook) -> Result<(), RefiError> {
    start(w, "Codes", &[])?;
    for d in &cb.domains {
        let name = format!("{}. {}", d.number, d.name);
        start(w, "Code", &[("guid", &guid("domain", d.key.as_str())), ("name", &name), ("isCodable", "false")])?;
        text_element(w, "Description", &format!("{}\n\n{DOMAIN_PREFIX}{}", d.description, d.key))?;
        for c in cb.constructs_in(&d.key) {
            let mut attrs = vec![("guid", construct_guid(&c.key)), ("name", c.label.clone())];
            attrs.push(("isCodable", if c.retired { "false" } else { "true" }.to_owned()));
            let attrs: Vec<(&str, &str)> = attrs.iter().map(|(k, v)| (*k, v.as_str())).collect();
            start(w, "Code", &attrs)?;
            let retired = if c.retired { "\n(retired)" } else { "" };
            text_element(w, "Description", &format!("{}{retired}\n\n{KEY_PREFIX}{}", c.definition, c.key))?;
            end(w, "Code")?;
        }
        end(w, "Code")?;
    }
    start(w, "Code", &[("guid", &guid("family", "valence")), ("name", "Valence"), ("isCodable", "false")])?;
    text_element(w, "Description", "Whether a passage reports a construct as a barrier, a facilitator, or both.")?;
    for v in Valence::ALL {
        empty(
            w,
            "Code",
            &[("guid", &valence_guid(v)), ("name", v.label()), ("isCodable", "true"), ("color", valence_color(v))],
        )?;
    }
    end(w, "Code")?;
    end(w, "Codes")
}

fn new_writer() -> Result<XmlWriter, RefiError> {
    let mut w = Writer::new_with_indent(Cursor::new(Vec::new()), b' ', 1);
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("utf-8"), None))).map_err(w_err)?;
    Ok(w)
}

fn finish(w: XmlWriter) -> String {
    let mut s = String::from_utf8(w.into_inner().into_inner()).unwrap_or_default();
    s.push('\n');
    s
}

/// The codebook as a REFI-QDA codebook (`.qdc`).
///
/// # Errors
/// Only if XML writing fails (a bug).
pub fn codebook_qdc(cb: &Codebook) -> Result<String, RefiError> {
    let mut w = new_writer()?;
    start(&mut w, "CodeBook", &[("xmlns", "urn:QDA-XML:codebook:1.0"), ("origin", &origin())])?;
    write_codes(&mut w, cb)?;
    end(&mut w, "CodeBook")?;
    Ok(finish(w))
}

fn origin() -> String {
    format!("BeFITS Coder {}", env!("CARGO_PKG_VERSION"))
}

/// The document's text representation: pages separated by form feeds.
#[must_use]
pub fn representation(doc: &Document) -> String {
    doc.pages.join(&PAGE_BREAK.to_string())
}

/// Character positions of a coding in the representation (`None` for an orphaned anchor).
fn positions(doc: &Document, anchor: &Anchor) -> Option<(usize, usize)> {
    match anchor {
        Anchor::Document => Some((0, representation(doc).chars().count())),
        Anchor::Text(t) => {
            let page = doc.page(t.page)?;
            if page.get(t.start..t.end) != Some(t.quote.as_str()) {
                return None;
            }
            let before: usize = doc.pages[..t.page].iter().map(|p| p.chars().count() + 1).sum();
            let start = before + page[..t.start].chars().count();
            Some((start, start + t.quote.chars().count()))
        }
    }
}

fn coding_guid(doc: &Document, c: &Coding) -> String {
    let place =
        c.anchor.as_text().map_or_else(|| "document".to_owned(), |t| format!("{}:{}:{}", t.page, t.start, t.end));
    guid("selection", &format!("{}:{place}:{}:{}", doc.sha256, c.construct, c.valence.label()))
}

/// Writes one source's selections (a `TextSource` or a PDF's `Representation`).
fn write_selections(
    w: &mut XmlWriter,
    project: &Project,
    doc: &Document,
    users: &BTreeMap<String, String>,
) -> Result<(), RefiError> {
    for c in project.codings_of(doc.id) {
        let Some((s, e)) = positions(doc, &c.anchor) else { continue };
        let g = coding_guid(doc, c);
        let user = users.get(&c.coder).cloned().unwrap_or_default();
        let name =
            project.codebook().construct(&c.construct).map_or_else(|| c.construct.to_string(), |k| k.label.clone());
        let (s, e) = (s.to_string(), e.to_string());
        let mut attrs = vec![
            ("guid", g.as_str()),
            ("name", name.as_str()),
            ("startPosition", s.as_str()),
            ("endPosition", e.as_str()),
        ];
        if !user.is_empty() {
            attrs.push(("creatingUser", user.as_str()));
        }
        if let Some(t) = date_time(&c.created) {
            attrs.push(("creationDateTime", t));
        }
        start(w, "PlainTextSelection", &attrs)?;
        for (i, code) in [construct_guid(&c.construct), valence_guid(c.valence)].iter().enumerate() {
            let cg = guid("coding", &format!("{g}:{i}"));
            let mut attrs = vec![("guid", cg.as_str())];
            if !user.is_empty() {
                attrs.push(("creatingUser", user.as_str()));
            }
            start(w, "Coding", &attrs)?;
            empty(w, "CodeRef", &[("targetGUID", code)])?;
            end(w, "Coding")?;
        }
        if !c.comment.is_empty() {
            empty(w, "NoteRef", &[("targetGUID", &guid("note", &g))])?;
        }
        end(w, "PlainTextSelection")?;
    }
    Ok(())
}

fn write_variable_values(w: &mut XmlWriter, fields: &BTreeMap<String, String>) -> Result<(), RefiError> {
    for (name, value) in fields {
        start(w, "VariableValue", &[])?;
        empty(w, "VariableRef", &[("targetGUID", &guid("variable", name))])?;
        text_element(w, "TextValue", value)?;
        end(w, "VariableValue")?;
    }
    Ok(())
}

/// The project as a REFI-QDA project archive (`.qdpx`). PDFs found on disk are included;
/// documents whose PDF is missing are exported as text sources.
///
/// # Errors
/// XML or zip writing failures.
pub fn export_qdpx(project: &Project, created: &str) -> Result<Vec<u8>, RefiError> {
    export_qdpx_noting(project, created).map(|(bytes, _)| bytes)
}

/// [`export_qdpx`], with the PDFs that were left out (the article then goes as text only):
/// one line each, saying why. A PDF is embedded only when the file at its stored path is a
/// regular file whose SHA-256 is the one recorded at import; the path is never trusted.
///
/// # Errors
/// As [`export_qdpx`].
pub fn export_qdpx_noting(project: &Project, created: &str) -> Result<(Vec<u8>, Vec<String>), RefiError> {
    let mut left_out = Vec::new();
    let mut users: BTreeMap<String, String> = BTreeMap::new();
    for name in std::iter::once(project.coder()).chain(project.codings().values().map(|c| c.coder.as_str())) {
        if !name.is_empty() {
            users.entry(name.to_owned()).or_insert_with(|| guid("user", name));
        }
    }
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    let mut w = new_writer()?;
    let owner = users.get(project.coder()).cloned();
    let mut attrs = vec![
        ("xmlns", "urn:QDA-XML:project:1.0".to_owned()),
        ("name", project.name().to_owned()),
        ("origin", origin()),
    ];
    if let Some(o) = &owner {
        attrs.push(("creatingUserGUID", o.clone()));
    }
    if let Some(t) = date_time(created) {
        attrs.push(("creationDateTime", t.to_owned()));
    }
    let attrs: Vec<(&str, &str)> = attrs.iter().map(|(k, v)| (*k, v.as_str())).collect();
    start(&mut w, "Project", &attrs)?;
    if !users.is_empty() {
        start(&mut w, "Users", &[])?;
        for (name, g) in &users {
            empty(&mut w, "User", &[("guid", g), ("name", name)])?;
        }
        end(&mut w, "Users")?;
    }
    start(&mut w, "CodeBook", &[])?;
    write_codes(&mut w, project.codebook())?;
    end(&mut w, "CodeBook")?;
    let fields: BTreeSet<&String> = project.documents().values().flat_map(|d| d.fields.keys()).collect();
    if !fields.is_empty() {
        start(&mut w, "Variables", &[])?;
        for f in &fields {
            empty(&mut w, "Variable", &[("guid", &guid("variable", f)), ("name", f), ("typeOfVariable", "Text")])?;
        }
        end(&mut w, "Variables")?;
    }
    if !project.studies().is_empty() {
        start(&mut w, "Cases", &[])?;
        for s in project.studies().values() {
            start(&mut w, "Case", &[("guid", &guid("study", &format!("{}:{}", s.id, s.label))), ("name", &s.label)])?;
            // A study's value of a field: its articles' distinct values.
            let mut values: BTreeMap<String, Vec<String>> = BTreeMap::new();
            for d in project.documents_in(s.id) {
                for (k, v) in &d.fields {
                    let list = values.entry(k.clone()).or_default();
                    for item in v.split(';').map(str::trim).filter(|x| !x.is_empty()) {
                        if !list.iter().any(|x| x == item) {
                            list.push(item.to_owned());
                        }
                    }
                }
            }
            let joined: BTreeMap<String, String> = values.into_iter().map(|(k, v)| (k, v.join("; "))).collect();
            write_variable_values(&mut w, &joined)?;
            for d in project.documents_in(s.id) {
                empty(&mut w, "SourceRef", &[("targetGUID", &guid("document", &d.sha256))])?;
            }
            end(&mut w, "Case")?;
        }
        end(&mut w, "Cases")?;
    }
    if !project.documents().is_empty() {
        start(&mut w, "Sources", &[])?;
        for d in project.documents().values() {
            let g = guid("document", &d.sha256);
            let text_guid = guid("representation", &d.sha256);
            files.push((format!("sources/{text_guid}.txt"), representation(d).into_bytes()));
            let pdf = d.pdf.as_ref().and_then(|s| {
                match super::bounded::read_verified(&s.path, &d.sha256, super::bounded::MAX_PDF_BYTES) {
                    Ok(bytes) => Some(bytes),
                    Err(e) => {
                        left_out.push(format!(
                            "“{}”: the PDF was left out, text only ({e}: {})",
                            d.title,
                            s.path.display()
                        ));
                        None
                    }
                }
            });
            let text_path = format!("internal://{text_guid}.txt");
            if let Some(bytes) = pdf {
                files.push((format!("sources/{g}.pdf"), bytes));
                let path = format!("internal://{g}.pdf");
                start(&mut w, "PDFSource", &[("guid", &g), ("name", &d.title), ("path", &path)])?;
                start(
                    &mut w,
                    "Representation",
                    &[("guid", &text_guid), ("name", &d.title), ("plainTextPath", &text_path)],
                )?;
                write_selections(&mut w, project, d, &users)?;
                end(&mut w, "Representation")?;
                write_variable_values(&mut w, &d.fields)?;
                end(&mut w, "PDFSource")?;
            } else {
                start(&mut w, "TextSource", &[("guid", &g), ("name", &d.title), ("plainTextPath", &text_path)])?;
                write_selections(&mut w, project, d, &users)?;
                write_variable_values(&mut w, &d.fields)?;
                end(&mut w, "TextSource")?;
            }
        }
        end(&mut w, "Sources")?;
    }
    let commented: Vec<(&Document, &Coding)> = project
        .codings()
        .values()
        .filter(|c| !c.comment.is_empty())
        .filter_map(|c| project.document(c.document).filter(|d| positions(d, &c.anchor).is_some()).map(|d| (d, c)))
        .collect();
    if !commented.is_empty() {
        start(&mut w, "Notes", &[])?;
        for (d, c) in commented {
            let g = guid("note", &coding_guid(d, c));
            let user = users.get(&c.coder).cloned().unwrap_or_default();
            let name = format!(
                "Comment on {}",
                project.codebook().construct(&c.construct).map_or(c.construct.as_str(), |k| k.label.as_str())
            );
            let mut attrs = vec![("guid", g.as_str()), ("name", name.as_str())];
            if !user.is_empty() {
                attrs.push(("creatingUser", user.as_str()));
            }
            if let Some(t) = date_time(&c.created) {
                attrs.push(("creationDateTime", t));
            }
            start(&mut w, "Note", &attrs)?;
            text_element(&mut w, "PlainTextContent", &c.comment)?;
            end(&mut w, "Note")?;
        }
        end(&mut w, "Notes")?;
    }
    end(&mut w, "Project")?;
    let qde = finish(w);

    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("project.qde", options).map_err(w_err)?;
    zip.write_all(qde.as_bytes()).map_err(w_err)?;
    for (name, bytes) in files {
        zip.start_file(name, options).map_err(w_err)?;
        zip.write_all(&bytes).map_err(w_err)?;
    }
    Ok((zip.finish().map_err(w_err)?.into_inner(), left_out))
}

// ---- reading ----------------------------------------------------------------------------

#[derive(Deserialize, Default)]
struct XRef {
    #[serde(rename = "@targetGUID")]
    target: String,
}

#[derive(Deserialize)]
struct XCode {
    #[serde(rename = "@guid")]
    guid: String,
    #[serde(rename = "@name")]
    name: String,
    #[serde(rename = "@isCodable", default)]
    codable: Option<String>,
    #[serde(rename = "Description", default)]
    description: Option<String>,
    #[serde(rename = "Code", default)]
    children: Vec<XCode>,
}

#[derive(Deserialize, Default)]
struct XCodes {
    #[serde(rename = "Code", default)]
    codes: Vec<XCode>,
}

#[derive(Deserialize)]
struct XCodeBook {
    #[serde(rename = "Codes")]
    codes: XCodes,
}

#[derive(Deserialize)]
struct XCoding {
    #[serde(rename = "CodeRef")]
    code: XRef,
}

#[derive(Deserialize)]
struct XSelection {
    #[serde(rename = "@startPosition")]
    start: usize,
    #[serde(rename = "@endPosition")]
    end: usize,
    #[serde(rename = "@creatingUser", default)]
    user: Option<String>,
    #[serde(rename = "@creationDateTime", default)]
    created: Option<String>,
    #[serde(rename = "Coding", default)]
    codings: Vec<XCoding>,
    #[serde(rename = "NoteRef", default)]
    notes: Vec<XRef>,
}

#[derive(Deserialize)]
struct XVariableValue {
    #[serde(rename = "VariableRef")]
    variable: XRef,
    #[serde(rename = "TextValue", default)]
    text: Option<String>,
}

#[derive(Deserialize)]
struct XTextSource {
    #[serde(rename = "@guid")]
    guid: String,
    #[serde(rename = "@name", default)]
    name: Option<String>,
    #[serde(rename = "@plainTextPath", default)]
    text_path: Option<String>,
    #[serde(rename = "PlainTextContent", default)]
    content: Option<String>,
    #[serde(rename = "PlainTextSelection", default)]
    selections: Vec<XSelection>,
    #[serde(rename = "VariableValue", default)]
    values: Vec<XVariableValue>,
}

#[derive(Deserialize)]
struct XPdfSource {
    #[serde(rename = "@guid")]
    guid: String,
    #[serde(rename = "@name", default)]
    name: Option<String>,
    #[serde(rename = "@path", default)]
    path: Option<String>,
    #[serde(rename = "Representation", default)]
    representation: Option<XTextSource>,
    #[serde(rename = "VariableValue", default)]
    values: Vec<XVariableValue>,
}

#[derive(Deserialize)]
enum XSource {
    TextSource(XTextSource),
    #[serde(rename = "PDFSource")]
    Pdf(XPdfSource),
    #[serde(other)]
    Other,
}

#[derive(Deserialize, Default)]
struct XSources {
    #[serde(rename = "$value", default)]
    items: Vec<XSource>,
}

#[derive(Deserialize)]
struct XCase {
    #[serde(rename = "@name", default)]
    name: Option<String>,
    #[serde(rename = "SourceRef", default)]
    sources: Vec<XRef>,
}

#[derive(Deserialize, Default)]
struct XCases {
    #[serde(rename = "Case", default)]
    cases: Vec<XCase>,
}

#[derive(Deserialize)]
struct XVariable {
    #[serde(rename = "@guid")]
    guid: String,
    #[serde(rename = "@name")]
    name: String,
}

#[derive(Deserialize, Default)]
struct XVariables {
    #[serde(rename = "Variable", default)]
    variables: Vec<XVariable>,
}

#[derive(Deserialize)]
struct XNote {
    #[serde(rename = "@guid")]
    guid: String,
    #[serde(rename = "PlainTextContent", default)]
    text: Option<String>,
}

#[derive(Deserialize, Default)]
struct XNotes {
    #[serde(rename = "Note", default)]
    notes: Vec<XNote>,
}

#[derive(Deserialize)]
struct XUser {
    #[serde(rename = "@guid")]
    guid: String,
    #[serde(rename = "@name", default)]
    name: Option<String>,
}

#[derive(Deserialize, Default)]
struct XUsers {
    #[serde(rename = "User", default)]
    users: Vec<XUser>,
}

#[derive(Deserialize)]
struct XProject {
    #[serde(rename = "@name")]
    name: String,
    #[serde(rename = "Users", default)]
    users: XUsers,
    #[serde(rename = "CodeBook", default)]
    codebook: Option<XCodeBook>,
    #[serde(rename = "Variables", default)]
    variables: XVariables,
    #[serde(rename = "Cases", default)]
    cases: XCases,
    #[serde(rename = "Sources", default)]
    sources: XSources,
    #[serde(rename = "Notes", default)]
    notes: XNotes,
}

fn r_err(e: impl std::fmt::Display) -> RefiError {
    RefiError::Read(e.to_string())
}

/// The line after `prefix` in a description, if any.
fn tagged<'a>(description: Option<&'a str>, prefix: &str) -> Option<&'a str> {
    description?.lines().find_map(|l| l.trim().strip_prefix(prefix)).map(str::trim)
}

/// The definition part of a description (without our key line and retired marker).
fn definition(description: Option<&str>) -> String {
    description
        .unwrap_or("")
        .lines()
        .filter(|l| {
            !l.trim().starts_with(KEY_PREFIX) && !l.trim().starts_with(DOMAIN_PREFIX) && l.trim() != "(retired)"
        })
        .collect::<Vec<_>>()
        .join("\n")
        .trim()
        .to_owned()
}

/// Reads codes as domains (parents) and constructs (children) into `base`: known keys are
/// updated, new ones added; codes from other tools get keys made from their names.
fn merge_codes(base: &mut Codebook, codes: &[XCode]) -> BTreeMap<String, ConstructKey> {
    let mut by_guid = BTreeMap::new();
    for parent in codes {
        if parent.name == "Valence" && parent.children.iter().all(|c| Valence::parse(&c.name).is_some()) {
            continue;
        }
        let domain_key = tagged(parent.description.as_deref(), DOMAIN_PREFIX).map_or_else(
            || {
                DomainKey::new(crate::model::slug(
                    parent.name.split_once(". ").map_or(parent.name.as_str(), |(_, n)| n),
                ))
            },
            DomainKey::new,
        );
        if base.domain(&domain_key).is_none() {
            let number = parent.name.split_once(". ").map_or(String::new(), |(n, _)| n.to_owned());
            let name = parent.name.split_once(". ").map_or(parent.name.as_str(), |(_, n)| n).to_owned();
            base.domains.push(Domain {
                key: domain_key.clone(),
                number,
                name,
                level: Level::CrossLevel,
                nested_in: None,
                description: definition(parent.description.as_deref()),
            });
        }
        for child in &parent.children {
            let key = tagged(child.description.as_deref(), KEY_PREFIX).map_or_else(
                || ConstructKey::new(format!("{domain_key}.{}", crate::model::slug(&child.name))),
                ConstructKey::new,
            );
            let retired = child.codable.as_deref() == Some("false");
            let def = definition(child.description.as_deref());
            match base.constructs.iter_mut().find(|c| c.key == key) {
                Some(c) => {
                    c.label.clone_from(&child.name);
                    c.definition = def;
                    c.retired = retired;
                }
                None => base.constructs.push(Construct {
                    key: key.clone(),
                    domain: domain_key.clone(),
                    label: child.name.clone(),
                    definition: def,
                    retired,
                }),
            }
            by_guid.insert(child.guid.clone(), key);
        }
    }
    by_guid
}

/// A codebook read from a REFI-QDA codebook (`.qdc`), applied onto `base`: constructs with
/// known keys are updated, others added. Keys are never removed.
///
/// # Errors
/// Unreadable XML, or a result that breaks the codebook's rules.
pub fn import_qdc(text: &str, base: &Codebook) -> Result<Codebook, RefiError> {
    #[derive(Deserialize)]
    struct XQdc {
        #[serde(rename = "Codes")]
        codes: XCodes,
    }
    let parsed: XQdc = quick_xml::de::from_str(text).map_err(r_err)?;
    let mut cb = base.clone();
    merge_codes(&mut cb, &parsed.codes.codes);
    cb.validate().map_err(r_err)?;
    Ok(cb)
}

fn read_entry(archive: &mut BoundedArchive<'_>, name: &str) -> Result<Vec<u8>, RefiError> {
    archive.read(name).map_err(|e| RefiError::Read(format!("{name}: {e}")))
}

/// A project read from a REFI-QDA project archive (`.qdpx`), on top of `codebook`.
/// Documents become text documents (pages split at form feeds); PDFs in the archive are
/// not extracted. Returns the project and how many selections could not be read.
///
/// # Errors
/// A missing `project.qde`, unreadable XML or text, or inconsistent contents.
pub fn import_qdpx(bytes: &[u8], codebook: &Codebook, coder: &str) -> Result<(Project, usize), RefiError> {
    import_qdpx_within(bytes, codebook, coder, ArchiveLimits::default())
}

/// [`import_qdpx`] with other caps on what may be unpacked.
///
/// # Errors
/// As [`import_qdpx`], and a cap reached (said in the message).
pub fn import_qdpx_within(
    bytes: &[u8],
    codebook: &Codebook,
    coder: &str,
    limits: ArchiveLimits,
) -> Result<(Project, usize), RefiError> {
    let mut archive = BoundedArchive::new(bytes, limits).map_err(r_err)?;
    // `project.qde` in any case; ATLAS.ti names it after the project, so else the one `.qde`.
    let qde_name = archive.find("project.qde").map(str::to_owned).or_else(|| {
        let mut qdes = archive.names().filter(|n| n.to_lowercase().ends_with(".qde") && !n.contains('/'));
        match (qdes.next(), qdes.next()) {
            (Some(one), None) => Some(one.to_owned()),
            _ => None,
        }
    });
    let qde_name = qde_name.unwrap_or_else(|| "project.qde".to_owned());
    let qde = String::from_utf8(read_entry(&mut archive, &qde_name)?).map_err(r_err)?;
    let x: XProject = quick_xml::de::from_str(&qde).map_err(r_err)?;
    let mut cb = codebook.clone();
    let constructs = x.codebook.as_ref().map(|c| merge_codes(&mut cb, &c.codes.codes)).unwrap_or_default();
    let valences: BTreeMap<String, Valence> = Valence::ALL.iter().map(|v| (valence_guid(*v), *v)).collect();
    let users: BTreeMap<&str, &str> =
        x.users.users.iter().map(|u| (u.guid.as_str(), u.name.as_deref().unwrap_or(""))).collect();
    let variables: BTreeMap<&str, &str> =
        x.variables.variables.iter().map(|v| (v.guid.as_str(), v.name.as_str())).collect();
    let notes: BTreeMap<&str, &str> =
        x.notes.notes.iter().map(|n| (n.guid.as_str(), n.text.as_deref().unwrap_or(""))).collect();

    let mut studies = Vec::new();
    let mut study_of: BTreeMap<&str, StudyId> = BTreeMap::new();
    for (i, case) in x.cases.cases.iter().enumerate() {
        let id = StudyId(u32::try_from(i + 1).map_err(r_err)?);
        studies.push(Study { id, label: case.name.clone().unwrap_or_else(|| format!("Study {}", i + 1)) });
        for s in &case.sources {
            study_of.entry(s.target.as_str()).or_insert(id);
        }
    }
    let mut documents = Vec::new();
    let mut codings = Vec::new();
    let mut skipped = 0;
    for item in &x.sources.items {
        let (guid, name, rep, values, pdf_path) = match item {
            XSource::TextSource(t) => (&t.guid, &t.name, t, &t.values, None),
            XSource::Pdf(p) => match &p.representation {
                Some(r) => (&p.guid, &p.name, r, &p.values, p.path.as_deref()),
                None => continue,
            },
            XSource::Other => continue,
        };
        let text = match (&rep.text_path, &rep.content) {
            (Some(path), _) => {
                let entry = format!("sources/{}", path.trim_start_matches("internal://"));
                String::from_utf8(read_entry(&mut archive, &entry)?).map_err(r_err)?
            }
            (None, Some(content)) => content.clone(),
            (None, None) => String::new(),
        };
        let pages: Vec<String> = text.split(PAGE_BREAK).map(crate::model::text::normalize).collect();
        let doc_id = DocumentId(u32::try_from(documents.len() + 1).map_err(r_err)?);
        let study = if let Some(s) = study_of.get(guid.as_str()) {
            *s
        } else {
            let id = StudyId(u32::try_from(studies.len() + 1).map_err(r_err)?);
            studies.push(Study { id, label: name.clone().unwrap_or_else(|| "Study".into()) });
            id
        };
        let fields = values
            .iter()
            .filter_map(|v| Some(((*variables.get(v.variable.target.as_str())?).to_owned(), v.text.clone()?)))
            .collect();
        let title = name.clone().unwrap_or_else(|| format!("Document {}", doc_id.0));
        // Character positions -> page and byte offsets.
        let mut page_starts = Vec::new();
        let mut acc = 0;
        for p in &pages {
            page_starts.push(acc);
            acc += p.chars().count() + 1;
        }
        let whole = text.chars().count();
        for sel in &rep.selections {
            let construct = sel.codings.iter().find_map(|c| constructs.get(&c.code.target));
            let valence = sel.codings.iter().find_map(|c| valences.get(&c.code.target));
            let (Some(construct), Some(valence)) = (construct, valence) else {
                skipped += 1;
                continue;
            };
            let anchor = if sel.start == 0 && sel.end >= whole {
                Some(Anchor::Document)
            } else {
                let page = page_starts.iter().rposition(|s| *s <= sel.start).unwrap_or(0);
                let p = &pages[page];
                let byte = |ci: usize| p.char_indices().nth(ci).map_or(p.len(), |(b, _)| b);
                let (s, e) = (sel.start - page_starts[page], sel.end.saturating_sub(page_starts[page]));
                TextAnchor::new(p, page, byte(s), byte(e)).map(Anchor::Text)
            };
            let Some(anchor) = anchor else {
                skipped += 1;
                continue;
            };
            let comment =
                sel.notes.iter().filter_map(|n| notes.get(n.target.as_str())).copied().collect::<Vec<_>>().join("\n");
            codings.push(Coding {
                id: CodingId(u32::try_from(codings.len() + 1).map_err(r_err)?),
                document: doc_id,
                anchor,
                construct: construct.clone(),
                valence: *valence,
                comment,
                coder: sel
                    .user
                    .as_deref()
                    .and_then(|u| users.get(u))
                    .map_or_else(|| coder.to_owned(), |u| (*u).to_owned()),
                created: sel.created.clone().unwrap_or_default(),
                provenance: Vec::new(),
            });
        }
        let sha256 = match pdf_path.map(|p| format!("sources/{}", p.trim_start_matches("internal://"))) {
            Some(entry) => read_entry(&mut archive, &entry)
                .map_or_else(|_| crate::model::sha256_hex(text.as_bytes()), |b| crate::model::sha256_hex(&b)),
            None => crate::model::sha256_hex(text.as_bytes()),
        };
        documents.push(Document {
            id: doc_id,
            title,
            study,
            sha256,
            pdf: None::<PdfSource>,
            pages,
            fields,
            warnings: Vec::new(),
            ocr: None,
        });
    }
    // Drop studies no document ended up in.
    let used: BTreeSet<StudyId> = documents.iter().map(|d| d.study).collect();
    studies.retain(|s| used.contains(&s.id));
    let parts = ProjectParts {
        name: x.name,
        coder: coder.to_owned(),
        codebook: cb,
        codebook_history: Vec::new(),
        studies,
        documents,
        codings,
        next: NextIds::default(),
        reconciliation: None,
    };
    Ok((Project::from_parts(parts).map_err(r_err)?, skipped))
}
