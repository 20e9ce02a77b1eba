//! The review's "shared document": every coded passage sorted by domain, then construct,
//! each with its valence, article, study, page and comment; a table of contents and the
//! tallies at the top. As one self-contained HTML file and as Markdown.

use crate::analysis::{Level, tallies};
use crate::model::{Coding, Project, Valence, text};
use crate::sink;
use std::fmt::Write as _;

/// Who coded it: the coder, or for a consensus coding the coders it came from.
fn coded_by(c: &Coding) -> String {
    if c.provenance.is_empty() {
        format!("coded by {}", c.coder)
    } else {
        format!("agreed from {}", c.provenance.join(" + "))
    }
}

/// "article · study · page" without empty parts; "· text from OCR" when the passage was read
/// from a picture of its page.
fn place(e: &Entry<'_>) -> String {
    let page = e.page.map_or_else(|| "whole article".to_owned(), |p| format!("p. {}", p + 1));
    let ocr = if e.ocr { "text from OCR" } else { "" };
    [e.article.as_str(), e.study.as_str(), page.as_str(), ocr]
        .iter()
        .filter(|s| !s.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(" · ")
}

/// A passage of the report.
struct Entry<'a> {
    coding: &'a Coding,
    article: String,
    study: String,
    page: Option<usize>,
    quote: String,
    /// Whether its page's text was recognised by OCR.
    ocr: bool,
}

/// A construct with its passages.
type ConstructEntries<'a> = (&'a crate::model::Construct, Vec<Entry<'a>>);

/// The codings grouped per construct, in codebook order; within a construct by study,
/// article, page and position.
fn grouped(project: &Project) -> Vec<(&crate::model::Domain, Vec<ConstructEntries<'_>>)> {
    let cb = project.codebook();
    cb.domains
        .iter()
        .map(|d| {
            let constructs = cb
                .constructs_in(&d.key)
                .map(|c| {
                    let mut entries: Vec<Entry<'_>> = project
                        .codings()
                        .values()
                        .filter(|x| x.construct == c.key)
                        .map(|x| {
                            let doc = project.document(x.document);
                            let article = doc.map_or_else(String::new, |d| d.title.clone());
                            let study = doc
                                .and_then(|d| project.studies().get(&d.study))
                                .map_or_else(String::new, |s| s.label.clone());
                            Entry {
                                coding: x,
                                // A study named after its only article is not repeated.
                                study: if study == article { String::new() } else { study },
                                article,
                                page: x.anchor.page(),
                                ocr: doc.zip(x.anchor.page()).is_some_and(|(d, p)| d.is_ocr_page(p)),
                                quote: x.anchor.as_text().map_or_else(String::new, |t| text::one_line(&t.quote)),
                            }
                        })
                        .collect();
                    entries.sort_by(|a, b| {
                        (&a.study, &a.article, a.page, a.coding.anchor.as_text().map(|t| t.start)).cmp(&(
                            &b.study,
                            &b.article,
                            b.page,
                            b.coding.anchor.as_text().map(|t| t.start),
                        ))
                    });
                    (c, entries)
                })
                .collect();
            (d, constructs)
        })
        .collect()
}

/// The id (and link target) of a construct's section: a slug, whatever the key holds.
fn anchor_id(key: &str) -> String {
    sink::slug("c", key)
}

fn valence_class(v: Valence) -> &'static str {
    match v {
        Valence::Barrier => "barrier",
        Valence::Facilitator => "facilitator",
        Valence::Both => "both",
    }
}

/// The coded-text report as one self-contained HTML page.
#[must_use]
pub fn coded_text_html(project: &Project) -> String {
    let e = |s: &str| sink::html(s).into_owned();
    let cb = project.codebook();
    let t = tallies(project, Level::Study);
    let mut h = String::new();
    let _ = write!(
        h,
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Coded text: {}</title><style>\
body{{font-family:Georgia,serif;max-width:900px;margin:2em auto;padding:0 1em;color:#222;line-height:1.45}}\
h1,h2,h3,nav,table,.meta{{font-family:system-ui,sans-serif}}table{{border-collapse:collapse;font-size:.9em}}\
td,th{{border:1px solid #ccc;padding:3px 7px}}th{{background:#eef2f6}}td.n{{text-align:right}}\
.passage{{margin:.8em 0;padding:.3em .8em;border-left:5px solid #999}}.barrier{{border-color:#D55E00}}\
.facilitator{{border-color:#0072B2}}.both{{border-color:#CC79A7}}.v{{font-weight:bold;font-family:system-ui,sans-serif}}\
.barrier .v{{color:#D55E00}}.facilitator .v{{color:#0072B2}}.both .v{{color:#CC79A7}}.meta{{font-size:.85em;color:#555}}\
blockquote{{margin:.3em 0}}.comment{{font-style:italic;color:#333}}</style></head><body>",
        e(project.name())
    );
    let _ = write!(
        h,
        "<h1>Coded text: {}</h1><p class=\"meta\">{}; sorted by domain and construct (codebook: {}).</p>",
        e(project.name()),
        contents(project),
        e(&cb.name)
    );
    h.push_str("<h2>Tallies (studies)</h2><table><tr><th>domain</th><th>construct</th><th>barrier</th><th>facilitator</th><th>both</th><th>total</th></tr>");
    for r in &t.rows {
        let d = cb.domain(&r.domain).map_or_else(String::new, |d| e(&d.number));
        let _ = write!(
            h,
            "<tr><td>{d}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            e(&r.label),
            r.counts.barrier,
            r.counts.facilitator,
            r.counts.both,
            r.counts.total()
        );
    }
    h.push_str("</table><nav><h2>Contents</h2><ul>");
    let groups = grouped(project);
    for (d, constructs) in &groups {
        let _ =
            write!(h, "<li><a href=\"#{}\">{}. {}</a><ul>", sink::slug("d", d.key.as_str()), e(&d.number), e(&d.name));
        for (c, entries) in constructs {
            let _ = write!(
                h,
                "<li><a href=\"#{}\">{}</a> ({})</li>",
                anchor_id(c.key.as_str()),
                e(&c.label),
                entries.len()
            );
        }
        h.push_str("</ul></li>");
    }
    h.push_str("</ul></nav>");
    for (d, constructs) in &groups {
        let _ = write!(h, "<h2 id=\"{}\">{}. {}</h2>", sink::slug("d", d.key.as_str()), e(&d.number), e(&d.name));
        for (c, entries) in constructs {
            let retired = if c.retired { " (retired)" } else { "" };
            let _ = write!(h, "<h3 id=\"{}\">{}{retired}</h3>", anchor_id(c.key.as_str()), e(&c.label));
            if entries.is_empty() {
                h.push_str("<p class=\"meta\">No passages.</p>");
            }
            for x in entries {
                let _ = write!(
                    h,
                    "<div class=\"passage {}\" data-coding=\"{}\"><span class=\"v\">{}</span> <span class=\"meta\">{} · {}</span>",
                    valence_class(x.coding.valence),
                    x.coding.id,
                    x.coding.valence.label(),
                    e(&place(x)),
                    e(&coded_by(x.coding))
                );
                if !x.quote.is_empty() {
                    let _ = write!(h, "<blockquote>{}</blockquote>", e(&x.quote));
                }
                if !x.coding.comment.is_empty() {
                    let _ = write!(h, "<div class=\"comment\">{}</div>", e(&x.coding.comment));
                }
                h.push_str("</div>");
            }
        }
    }
    h.push_str("</body></html>\n");
    h
}

/// "12 codings in 3 articles from 1 study": what the report covers.
fn contents(project: &Project) -> String {
    format!(
        "{} in {} from {}",
        text::counted(project.codings().len(), "coding"),
        text::counted(project.documents().len(), "article"),
        text::counted(project.studies().len(), "study")
    )
}

/// The coded-text report as Markdown.
#[must_use]
pub fn coded_text_markdown(project: &Project) -> String {
    let cb = project.codebook();
    let t = tallies(project, Level::Study);
    let md = |s: &str| sink::markdown(s);
    let mut m = String::new();
    let _ = writeln!(m, "# Coded text: {}\n", md(project.name()));
    let _ = writeln!(m, "{}; sorted by domain and construct.\n", contents(project));
    m.push_str("## Tallies (studies)\n\n| domain | construct | barrier | facilitator | both | total |\n|---|---|---:|---:|---:|---:|\n");
    for r in &t.rows {
        let d = cb.domain(&r.domain).map_or_else(String::new, |d| md(&d.number));
        let _ = writeln!(
            m,
            "| {d} | {} | {} | {} | {} | {} |",
            md(&r.label),
            r.counts.barrier,
            r.counts.facilitator,
            r.counts.both,
            r.counts.total()
        );
    }
    m.push_str("\n## Contents\n\n");
    let groups = grouped(project);
    for (d, constructs) in &groups {
        let _ = writeln!(m, "- {}. {}", md(&d.number), md(&d.name));
        for (c, entries) in constructs {
            let _ = writeln!(m, "  - {} ({})", md(&c.label), entries.len());
        }
    }
    for (d, constructs) in &groups {
        let _ = writeln!(m, "\n## {}. {}", md(&d.number), md(&d.name));
        for (c, entries) in constructs {
            let retired = if c.retired { " (retired)" } else { "" };
            let _ = writeln!(m, "\n### {}{retired}\n", md(&c.label));
            if entries.is_empty() {
                m.push_str("No passages.\n");
            }
            for x in entries {
                let _ = writeln!(
                    m,
                    "- **{}**: {} · {} <!-- {} -->",
                    x.coding.valence.label(),
                    md(&place(x)),
                    md(&coded_by(x.coding)),
                    x.coding.id
                );
                if !x.quote.is_empty() {
                    let _ = writeln!(m, "  > {}", md(&x.quote));
                }
                if !x.coding.comment.is_empty() {
                    let _ = writeln!(m, "  _{}_", md(&x.coding.comment));
                }
            }
        }
    }
    m
}
