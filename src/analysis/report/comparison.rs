//! The comparison report as CSV and as one self-contained HTML file.

use crate::analysis::agreement::{AgreementReport, Stats, show};
use crate::analysis::consensus::{DisagreementKind, Reconcile, Settled};
use crate::model::{Choice, Project};
use std::collections::BTreeMap;
use std::fmt::Write as _;

fn pct(v: Option<f64>) -> String {
    v.map_or_else(|| "undefined".to_owned(), |x| format!("{x:.1}"))
}

/// The report as CSV: one row per scope (overall, each domain, each construct), for all
/// units and for units coded by at least one coder.
#[must_use]
pub fn comparison_csv(report: &AgreementReport, a: &Project) -> String {
    let mut rows: Vec<Vec<String>> = Vec::new();
    let header = [
        "scope",
        "key",
        "label",
        "n",
        "percent_agreement",
        "cohen_kappa",
        "krippendorff_alpha",
        "n_coded",
        "percent_agreement_coded",
        "cohen_kappa_coded",
        "krippendorff_alpha_coded",
    ];
    rows.push(header.iter().map(|h| (*h).to_owned()).collect());
    let mut row = |scope: &str, key: &str, label: &str, all: &Stats, coded: &Stats| {
        rows.push(vec![
            scope.to_owned(),
            key.to_owned(),
            label.to_owned(),
            all.n.to_string(),
            pct(all.percent),
            show(all.kappa),
            show(all.alpha),
            coded.n.to_string(),
            pct(coded.percent),
            show(coded.kappa),
            show(coded.alpha),
        ]);
    };
    row("overall", report.unit.name(), "all constructs", &report.overall, &report.overall_coded);
    for (d, all, coded) in &report.domains {
        let label = a.codebook().domain(d).map_or_else(|| d.to_string(), |d| format!("{}. {}", d.number, d.name));
        row("domain", d.as_str(), &label, all, coded);
    }
    for c in &report.constructs {
        let label = a.codebook().construct(&c.construct).map_or_else(|| c.construct.to_string(), |k| k.label.clone());
        row("construct", c.construct.as_str(), &label, &c.all, &c.coded);
    }
    crate::sink::csv_rows(b',', false, rows)
}

fn stats_cells(s: &Stats) -> String {
    format!("<td>{}</td><td>{}</td><td>{}</td><td>{}</td>", s.n, pct(s.percent), show(s.kappa), show(s.alpha))
}

/// The report as a self-contained HTML page, with the disagreements and their decisions.
#[must_use]
pub fn comparison_html(
    report: &AgreementReport,
    a: &Project,
    b: &Project,
    rec: &Reconcile,
    decisions: &BTreeMap<crate::analysis::consensus::DisagreementKey, Settled>,
) -> String {
    let e = |s: &str| crate::sink::html(s).into_owned();
    let mut h = String::new();
    let _ = write!(
        h,
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Agreement: {} and {}</title><style>\
body{{font-family:system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}}\
table{{border-collapse:collapse;margin:1em 0}}td,th{{border:1px solid #ccc;padding:4px 8px;text-align:left}}\
th{{background:#eef2f6}}td:nth-child(n+3){{text-align:right}}.b{{color:#d55e00}}.f{{color:#0072b2}}.o{{color:#cc79a7}}\
.pending{{color:#a60}}</style></head><body>",
        e(a.coder()),
        e(b.coder())
    );
    let _ = write!(
        h,
        "<h1>Agreement between {} and {}</h1><p>Coder A: <b>{}</b> ({}). Coder B: <b>{}</b> ({}). Unit of analysis: <b>{}</b>; passage overlap threshold {:.0}%.</p>",
        e(a.coder()),
        e(b.coder()),
        e(a.coder()),
        e(a.name()),
        e(b.coder()),
        e(b.name()),
        report.unit.name(),
        report.threshold * 100.0
    );
    let _ = write!(h, "<p>{}</p>", e(report.unit.explain()));
    h.push_str("<h2>Overall</h2><table><tr><th>units</th><th>n</th><th>% agreement</th><th>Cohen's κ</th><th>Krippendorff's α</th></tr>");
    let _ = write!(h, "<tr><td>all</td>{}</tr>", stats_cells(&report.overall));
    let _ = write!(h, "<tr><td>coded by at least one coder</td>{}</tr></table>", stats_cells(&report.overall_coded));
    h.push_str("<h2>By domain</h2><table><tr><th>domain</th><th>n</th><th>%</th><th>κ</th><th>α</th><th>n coded</th><th>%</th><th>κ</th><th>α</th></tr>");
    for (d, all, coded) in &report.domains {
        let label = a.codebook().domain(d).map_or_else(|| d.to_string(), |d| format!("{}. {}", d.number, d.name));
        let _ = write!(h, "<tr><td>{}</td>{}{}</tr>", e(&label), stats_cells(all), stats_cells(coded));
    }
    h.push_str("</table><h2>By construct</h2><table><tr><th>construct</th><th>n</th><th>%</th><th>κ</th><th>α</th><th>n coded</th><th>%</th><th>κ</th><th>α</th></tr>");
    for c in &report.constructs {
        let label = a.codebook().display_path(&c.construct);
        let _ = write!(h, "<tr><td>{}</td>{}{}</tr>", e(&label), stats_cells(&c.all), stats_cells(&c.coded));
    }
    h.push_str("</table>");
    if !report.documents.only_a.is_empty() || !report.documents.only_b.is_empty() {
        h.push_str("<h2>Unmatched documents</h2><ul>");
        for d in &report.documents.only_a {
            let _ =
                write!(h, "<li>only in A: {}</li>", e(&a.document(*d).map_or_else(String::new, |d| d.title.clone())));
        }
        for d in &report.documents.only_b {
            let _ =
                write!(h, "<li>only in B: {}</li>", e(&b.document(*d).map_or_else(String::new, |d| d.title.clone())));
        }
        h.push_str("</ul>");
    }
    let settled = rec.disagreements.iter().filter(|d| decisions.contains_key(&d.key)).count();
    let _ = write!(
        h,
        "<h2>Disagreements ({settled} of {} settled)</h2><table><tr><th>document</th><th>page</th><th>A</th><th>B</th><th>decision</th><th>reason</th></tr>",
        rec.disagreements.len()
    );
    let side = |p: &Project, id: Option<crate::model::CodingId>| {
        id.and_then(|id| p.coding(id)).map_or_else(
            || "—".to_owned(),
            |c| {
                let class = match c.valence {
                    crate::model::Valence::Barrier => "b",
                    crate::model::Valence::Facilitator => "f",
                    crate::model::Valence::Both => "o",
                };
                let quote = c.anchor.as_text().map_or_else(
                    || "whole document".to_owned(),
                    |t| crate::model::text::ellipsize(&crate::model::text::one_line(&t.quote), 140),
                );
                format!(
                    "{} <span class=\"{class}\">{}</span><br><i>{}</i>",
                    e(&p.codebook().display_path(&c.construct)),
                    c.valence.short(),
                    e(&quote)
                )
            },
        )
    };
    for d in &rec.disagreements {
        let doc = d.doc_a.and_then(|id| a.document(id)).or_else(|| d.doc_b.and_then(|id| b.document(id)));
        let (decision, reason) = decisions.get(&d.key).map_or_else(
            || ("<span class=\"pending\">not settled</span>".to_owned(), String::new()),
            |s| {
                // An edit says what it changed: the construct and valence it settled on.
                let decision = match &s.choice {
                    Choice::Edited { construct, valence } => {
                        let side = if d.a.is_some() { "A" } else { "B" };
                        format!(
                            "edited to {} · {}, on {side}'s passage",
                            e(&a.codebook().display_path(construct)),
                            valence.label()
                        )
                    }
                    other => other.label().to_owned(),
                };
                let by = if s.by.is_empty() { String::new() } else { format!(" <i>({})</i>", e(&s.by)) };
                (decision, format!("{}{by}", e(&s.comment)))
            },
        );
        let kind = match d.kind {
            DisagreementKind::OnlyA | DisagreementKind::OnlyB => "",
            DisagreementKind::Valence => " (valence)",
        };
        let _ = write!(
            h,
            "<tr><td>{}{kind}</td><td>{}</td><td>{}</td><td>{}</td><td>{decision}</td><td>{reason}</td></tr>",
            e(&doc.map_or_else(String::new, |d| d.title.clone())),
            d.page.map_or_else(|| "—".to_owned(), |p| (p + 1).to_string()),
            side(a, d.a),
            side(b, d.b),
        );
    }
    h.push_str("</table></body></html>\n");
    h
}
