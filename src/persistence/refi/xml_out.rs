//! Writing REFI-QDA XML: one writer, elements and text escaped by quick-xml, and text made
//! safe for XML 1.0 (characters XML cannot hold are left out).

use super::RefiError;
use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use std::io::Cursor;

pub(super) type XmlWriter = Writer<Cursor<Vec<u8>>>;

pub(super) fn w_err(e: impl std::fmt::Display) -> RefiError {
    RefiError::Write(e.to_string())
}

pub(super) fn start(w: &mut XmlWriter, name: &str, attrs: &[(&str, &str)]) -> Result<(), RefiError> {
    let mut el = BytesStart::new(name);
    for (k, v) in attrs {
        el.push_attribute((*k, *v));
    }
    w.write_event(Event::Start(el)).map_err(w_err)
}

pub(super) fn empty(w: &mut XmlWriter, name: &str, attrs: &[(&str, &str)]) -> Result<(), RefiError> {
    let mut el = BytesStart::new(name);
    for (k, v) in attrs {
        el.push_attribute((*k, *v));
    }
    w.write_event(Event::Empty(el)).map_err(w_err)
}

pub(super) fn end(w: &mut XmlWriter, name: &str) -> Result<(), RefiError> {
    w.write_event(Event::End(BytesEnd::new(name))).map_err(w_err)
}

pub(super) fn text_element(w: &mut XmlWriter, name: &str, text: &str) -> Result<(), RefiError> {
    start(w, name, &[])?;
    w.write_event(Event::Text(BytesText::new(&xml_safe(text)))).map_err(w_err)?;
    end(w, name)
}

/// Text with the characters XML 1.0 cannot hold removed (stored text has none, but comments
/// and names typed elsewhere might).
fn xml_safe(s: &str) -> String {
    s.chars()
        .filter(|c| matches!(*c, '\t' | '\n' | '\r') || (*c >= ' ' && !matches!(*c, '\u{FFFE}' | '\u{FFFF}')))
        .collect()
}

pub(super) fn new_writer() -> Result<XmlWriter, RefiError> {
    let mut w = Writer::new_with_indent(Cursor::new(Vec::new()), b' ', 1);
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("utf-8"), None))).map_err(w_err)?;
    Ok(w)
}

pub(super) fn finish(w: XmlWriter) -> String {
    let mut s = String::from_utf8(w.into_inner().into_inner()).unwrap_or_default();
    s.push('\n');
    s
}
