//! Writing a project as a REFI-QDA archive that other tools read back whole.
//!
//! Codes: each domain is a grouping code, each construct a grouping code inside it, and
//! each construct x valence a codable code inside that (`Stigma reduction [Barrier]`), so a
//! coding is one code on one selection, as QualCoder, NVivo and MAXQDA expect. Every name is
//! unique in the tree (a construct label used in two domains is qualified by its domain),
//! every code has a colour, and descriptions carry the BeFITS key and valence, so the file
//! imports back exactly here. Imported codes go back under their own GUIDs, in their tree.
//!
//! Selections: one `PlainTextSelection` per coding in characters (code points) of the text
//! representation, with the covered text as its name and the comment as its description
//! (where QualCoder reads a coding memo) and as a note; where the page geometry is known,
//! a `PDFSelection` of the same coding beside it (its GUID derived from the text
//! selection's, so an import here merges the two).

use super::codes::{Names, construct_valence_guid, imported_guid, write_code_sets, write_codes};
use super::placer::GlyphRect;
use super::xml_out::{XmlWriter, empty, end, finish, new_writer, start, text_element, w_err};
use super::{RefiError, guid, origin};
use crate::model::{Anchor, Document, DocumentId, Project};
use std::collections::{BTreeMap, BTreeSet};
use std::io::{Cursor, Write};

/// Page separator in text representations.
pub(super) const PAGE_BREAK: char = '\u{000C}';

/// The document's text representation: pages separated by form feeds.
#[must_use]
pub fn representation(doc: &Document) -> String {
    doc.pages.join(&PAGE_BREAK.to_string())
}

/// Where a passage is in the representation: page, and character positions.
/// A passage's page and byte range (none for the whole document), and its first and last
/// character positions in the representation.
type Place = (Option<(usize, usize, usize)>, usize, usize);

fn positions(doc: &Document, anchor: &Anchor) -> Option<Place> {
    match anchor {
        Anchor::Document => Some((None, 0, representation(doc).chars().count())),
        Anchor::Text(t) => {
            let page = doc.page(t.page)?;
            if page.get(t.start..t.end) != Some(t.quote.as_str()) {
                return None;
            }
            let before: usize = doc.pages[..t.page].iter().map(|p| p.chars().count() + 1).sum();
            let start = before + page[..t.start].chars().count();
            Some((Some((t.page, t.start, t.end)), start, start + t.quote.chars().count()))
        }
    }
}

/// A selection to write: where, which code, the memo, who and when.
struct Selection<'a> {
    guid: String,
    code: String,
    anchor: &'a Anchor,
    comment: &'a str,
    coder: &'a str,
    created: &'a str,
}

/// A date-time REFI accepts (`xsd:dateTime`), or `None`.
fn date_time(s: &str) -> Option<&str> {
    let ok = s.len() >= 19 && s.as_bytes().get(4) == Some(&b'-') && s.as_bytes().get(10) == Some(&b'T');
    ok.then_some(s)
}

struct Context<'a> {
    users: BTreeMap<String, String>,
    geometry: &'a BTreeMap<DocumentId, Vec<Vec<GlyphRect>>>,
    notes: Vec<(String, String, String, String)>,
    areas: usize,
}

fn selections_of<'a>(project: &'a Project, doc: &'a Document, names: &Names) -> Vec<Selection<'a>> {
    let _ = names;
    let mut out = Vec::new();
    for c in project.codings_of(doc.id) {
        let place =
            c.anchor.as_text().map_or_else(|| "document".to_owned(), |t| format!("{}:{}:{}", t.page, t.start, t.end));
        out.push(Selection {
            guid: guid("selection", &format!("{}:{place}:{}:{}", doc.sha256, c.construct, c.valence.label())),
            code: construct_valence_guid(&c.construct, c.valence),
            anchor: &c.anchor,
            comment: &c.comment,
            coder: &c.coder,
            created: &c.created,
        });
    }
    for m in project.imported_of(doc.id) {
        let Some(code) = project.codebook().imported_code(&m.code) else { continue };
        let place =
            m.anchor.as_text().map_or_else(|| "document".to_owned(), |t| format!("{}:{}:{}", t.page, t.start, t.end));
        out.push(Selection {
            guid: guid("imported-selection", &format!("{}:{place}:{}", doc.sha256, m.code)),
            code: imported_guid(code),
            anchor: &m.anchor,
            comment: &m.comment,
            coder: &m.coder,
            created: &m.created,
        });
    }
    out
}

/// Who made a selection or coding, and when, as attributes (each only when known).
fn authorship<'a>(attrs: &mut Vec<(&'a str, &'a str)>, user: &'a str, created: &'a str) {
    if !user.is_empty() {
        attrs.push(("creatingUser", user));
    }
    if let Some(t) = date_time(created) {
        attrs.push(("creationDateTime", t));
    }
}

/// Opens a selection element (text or area): its attributes with who and when, the comment
/// as its description, and its coding. The caller closes it.
fn open_selection<'a>(
    w: &mut XmlWriter,
    element: &str,
    mut attrs: Vec<(&'a str, &'a str)>,
    sel: &'a Selection<'_>,
    salt: &str,
    user: &'a str,
) -> Result<(), RefiError> {
    authorship(&mut attrs, user, sel.created);
    start(w, element, &attrs)?;
    if !sel.comment.is_empty() {
        text_element(w, "Description", sel.comment)?;
    }
    coding_element(w, sel, salt, user)
}

fn coding_element(w: &mut XmlWriter, sel: &Selection<'_>, salt: &str, user: &str) -> Result<(), RefiError> {
    let cg = guid("coding", &format!("{}:{salt}", sel.guid));
    let mut attrs = vec![("guid", cg.as_str())];
    authorship(&mut attrs, user, sel.created);
    start(w, "Coding", &attrs)?;
    empty(w, "CodeRef", &[("targetGUID", &sel.code)])?;
    end(w, "Coding")
}

/// Writes a source's text selections (inside a `TextSource` or a PDF's `Representation`).
fn write_text_selections(
    w: &mut XmlWriter,
    doc: &Document,
    sels: &[Selection<'_>],
    cx: &mut Context<'_>,
) -> Result<(), RefiError> {
    for sel in sels {
        let Some((_, s, e)) = positions(doc, sel.anchor) else { continue };
        let user = cx.users.get(sel.coder).cloned().unwrap_or_default();
        let quote = match sel.anchor {
            Anchor::Text(t) => t.quote.clone(),
            Anchor::Document => String::new(),
        };
        let (s, e) = (s.to_string(), e.to_string());
        let mut attrs = vec![("guid", sel.guid.as_str()), ("name", quote.as_str())];
        attrs.extend([("startPosition", s.as_str()), ("endPosition", e.as_str())]);
        open_selection(w, "PlainTextSelection", attrs, sel, "text", &user)?;
        if !sel.comment.is_empty() {
            let note = guid("note", &sel.guid);
            empty(w, "NoteRef", &[("targetGUID", &note)])?;
            cx.notes.push((note, sel.comment.to_owned(), user.clone(), sel.created.to_owned()));
        }
        end(w, "PlainTextSelection")?;
    }
    Ok(())
}

/// The box around a passage's glyphs on its page, in whole points (outward).
fn area(glyphs: &[GlyphRect], start: usize, end: usize) -> Option<[i64; 4]> {
    let mut b: Option<[f32; 4]> = None;
    for g in glyphs.iter().filter(|g| (g.start as usize) < end && (g.end as usize) > start) {
        let r = g.rect;
        b = Some(b.map_or(r, |b| [b[0].min(r[0]), b[1].min(r[1]), b[2].max(r[2]), b[3].max(r[3])]));
    }
    #[allow(clippy::cast_possible_truncation)]
    b.filter(|b| b.iter().all(|v| v.is_finite()))
        .map(|b| [b[0].floor() as i64, b[1].floor() as i64, b[2].ceil() as i64, b[3].ceil() as i64])
}

/// Writes the `PDFSelection` twin of each text selection whose glyphs are known.
fn write_pdf_selections(
    w: &mut XmlWriter,
    doc: &Document,
    sels: &[Selection<'_>],
    cx: &mut Context<'_>,
) -> Result<(), RefiError> {
    let Some(pages) = cx.geometry.get(&doc.id) else { return Ok(()) };
    for sel in sels {
        let Some((Some((page, s, e)), _, _)) = positions(doc, sel.anchor) else { continue };
        let Some(rect) = pages.get(page).and_then(|g| area(g, s, e)) else { continue };
        let user = cx.users.get(sel.coder).cloned().unwrap_or_default();
        let g = guid("pdf-selection", &sel.guid);
        let [x0, y0, x1, y1] = rect.map(|v| v.to_string());
        let p = page.to_string();
        let mut attrs = vec![("guid", g.as_str()), ("page", p.as_str())];
        attrs.extend([
            ("firstX", x0.as_str()),
            ("firstY", y0.as_str()),
            ("secondX", x1.as_str()),
            ("secondY", y1.as_str()),
        ]);
        open_selection(w, "PDFSelection", attrs, sel, "area", &user)?;
        end(w, "PDFSelection")?;
        cx.areas += 1;
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

/// What an export wrote besides the archive.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ExportNotes {
    /// Articles whose PDF was left out (text only), one line each with the reason.
    pub left_out: Vec<String>,
    /// `PDFSelection`s written (areas of passages on PDF pages).
    pub areas: usize,
}

/// The project as a REFI-QDA project archive (`.qdpx`). PDFs found on disk are included;
/// documents whose PDF is missing are exported as text sources.
///
/// # Errors
/// XML or zip writing failures.
pub fn export_qdpx(project: &Project, created: &str) -> Result<Vec<u8>, RefiError> {
    export_qdpx_with(project, created, &BTreeMap::new()).map(|(bytes, _)| bytes)
}

/// [`export_qdpx`], with the PDFs that were left out (the article then goes as text only):
/// one line each, saying why. A PDF is embedded only when the file at its stored path is a
/// regular file whose SHA-256 is the one recorded at import; the path is never trusted.
///
/// # Errors
/// As [`export_qdpx`].
pub fn export_qdpx_noting(project: &Project, created: &str) -> Result<(Vec<u8>, Vec<String>), RefiError> {
    export_qdpx_with(project, created, &BTreeMap::new()).map(|(bytes, notes)| (bytes, notes.left_out))
}

/// [`export_qdpx_noting`] with the glyphs of each document's pages (as this app's reader
/// found them), so each passage is also written as an area of its PDF page.
///
/// # Errors
/// As [`export_qdpx`].
pub fn export_qdpx_with(
    project: &Project,
    created: &str,
    geometry: &BTreeMap<DocumentId, Vec<Vec<GlyphRect>>>,
) -> Result<(Vec<u8>, ExportNotes), RefiError> {
    let mut notes = ExportNotes::default();
    let mut users: BTreeMap<String, String> = BTreeMap::new();
    let coders = project.codings().values().map(|c| c.coder.as_str());
    let imported_coders = project.imported_codings().values().map(|m| m.coder.as_str());
    for name in std::iter::once(project.coder()).chain(coders).chain(imported_coders) {
        if !name.is_empty() {
            users.entry(name.to_owned()).or_insert_with(|| guid("user", name));
        }
    }
    let names = Names::new(project.codebook());
    let mut cx = Context { users, geometry, notes: Vec::new(), areas: 0 };
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    let mut w = new_writer()?;
    let owner = cx.users.get(project.coder()).cloned();
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
    if !cx.users.is_empty() {
        start(&mut w, "Users", &[])?;
        for (name, g) in &cx.users {
            empty(&mut w, "User", &[("guid", g), ("name", name)])?;
        }
        end(&mut w, "Users")?;
    }
    start(&mut w, "CodeBook", &[])?;
    write_codes(&mut w, project.codebook(), &names)?;
    end(&mut w, "CodeBook")?;
    let fields: BTreeSet<&String> = project.documents().values().flat_map(|d| d.fields.keys()).collect();
    if !fields.is_empty() {
        start(&mut w, "Variables", &[])?;
        for f in &fields {
            empty(&mut w, "Variable", &[("guid", &guid("variable", f)), ("name", f), ("typeOfVariable", "Text")])?;
        }
        end(&mut w, "Variables")?;
    }
    write_cases(&mut w, project)?;
    if !project.documents().is_empty() {
        start(&mut w, "Sources", &[])?;
        for d in project.documents().values() {
            write_source(&mut w, project, d, &names, &mut cx, &mut files, &mut notes.left_out)?;
        }
        end(&mut w, "Sources")?;
    }
    if !cx.notes.is_empty() {
        start(&mut w, "Notes", &[])?;
        for (g, text, user, created) in &cx.notes {
            let mut attrs = vec![("guid", g.as_str()), ("name", "Comment")];
            if !user.is_empty() {
                attrs.push(("creatingUser", user.as_str()));
            }
            if let Some(t) = date_time(created) {
                attrs.push(("creationDateTime", t));
            }
            start(&mut w, "Note", &attrs)?;
            text_element(&mut w, "PlainTextContent", text)?;
            end(&mut w, "Note")?;
        }
        end(&mut w, "Notes")?;
    }
    write_code_sets(&mut w, project.codebook())?;
    end(&mut w, "Project")?;
    notes.areas = cx.areas;
    let qde = finish(w);

    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("project.qde", options).map_err(w_err)?;
    zip.write_all(qde.as_bytes()).map_err(w_err)?;
    for (name, bytes) in files {
        zip.start_file(name, options).map_err(w_err)?;
        zip.write_all(&bytes).map_err(w_err)?;
    }
    Ok((zip.finish().map_err(w_err)?.into_inner(), notes))
}

fn write_cases(w: &mut XmlWriter, project: &Project) -> Result<(), RefiError> {
    if project.studies().is_empty() {
        return Ok(());
    }
    start(w, "Cases", &[])?;
    for s in project.studies().values() {
        start(w, "Case", &[("guid", &guid("study", &format!("{}:{}", s.id, s.label))), ("name", &s.label)])?;
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
        write_variable_values(w, &joined)?;
        for d in project.documents_in(s.id) {
            empty(w, "SourceRef", &[("targetGUID", &guid("document", &d.sha256))])?;
        }
        end(w, "Case")?;
    }
    end(w, "Cases")
}

fn write_source(
    w: &mut XmlWriter,
    project: &Project,
    d: &Document,
    names: &Names,
    cx: &mut Context<'_>,
    files: &mut Vec<(String, Vec<u8>)>,
    left_out: &mut Vec<String>,
) -> Result<(), RefiError> {
    let g = guid("document", &d.sha256);
    let text_guid = guid("representation", &d.sha256);
    files.push((format!("sources/{text_guid}.txt"), representation(d).into_bytes()));
    let sels = selections_of(project, d, names);
    let pdf = match &d.pdf {
        Some(s) => {
            match crate::persistence::bounded::read_verified(&s.path, &d.sha256, crate::persistence::MAX_PDF_BYTES) {
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
        }
        None => None,
    };
    let text_path = format!("internal://{text_guid}.txt");
    if let Some(bytes) = pdf {
        files.push((format!("sources/{g}.pdf"), bytes));
        let path = format!("internal://{g}.pdf");
        start(w, "PDFSource", &[("guid", &g), ("name", &d.title), ("path", &path)])?;
        // The schema's order: areas first, then the text representation.
        write_pdf_selections(w, d, &sels, cx)?;
        start(w, "Representation", &[("guid", &text_guid), ("name", &d.title), ("plainTextPath", &text_path)])?;
        write_text_selections(w, d, &sels, cx)?;
        end(w, "Representation")?;
        write_variable_values(w, &d.fields)?;
        end(w, "PDFSource")?;
    } else {
        start(w, "TextSource", &[("guid", &g), ("name", &d.title), ("plainTextPath", &text_path)])?;
        write_text_selections(w, d, &sels, cx)?;
        write_variable_values(w, &d.fields)?;
        end(w, "TextSource")?;
    }
    Ok(())
}
