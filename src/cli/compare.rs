//! `befits-coder compare A.ron B.ron`.

use super::{EXIT_INVALID, EXIT_OK, EXIT_UNREADABLE, fail};
use crate::analysis::agreement::{AgreementUnit, Stats, compare};
use crate::persistence;
use std::path::Path;

fn cell(v: Option<f64>) -> String {
    v.map_or_else(|| "undefined".to_owned(), |x| format!("{x:.6}"))
}

fn json_value(v: Option<f64>) -> serde_json::Value {
    v.map_or(serde_json::Value::Null, serde_json::Value::from)
}

fn json_stats(s: &Stats) -> serde_json::Value {
    serde_json::json!({
        "n": s.n,
        "agreements": s.agreements,
        "percent_agreement": json_value(s.percent),
        "cohen_kappa": json_value(s.kappa),
        "krippendorff_alpha": json_value(s.alpha),
    })
}

pub(super) fn run(a: &Path, b: &Path, unit: &str, format: &str, threshold: f64) -> u8 {
    let Some(unit) = AgreementUnit::parse(unit) else {
        return fail(EXIT_INVALID, &format!("unknown unit `{unit}`"));
    };
    if !(0.0..=1.0).contains(&threshold) || threshold == 0.0 {
        return fail(EXIT_INVALID, "the threshold must be above 0 and at most 1");
    }
    let load = |p: &Path| persistence::load(p).map(|l| l.project).map_err(|e| fail(EXIT_UNREADABLE, &e.to_string()));
    let (pa, pb) = match (load(a), load(b)) {
        (Ok(x), Ok(y)) => (x, y),
        (Err(code), _) | (_, Err(code)) => return code,
    };
    let report = compare(&pa, &pb, unit, threshold);
    let title = |id| pa.document(id).map_or_else(String::new, |d| d.title.clone());
    let title_b = |id| pb.document(id).map_or_else(String::new, |d| d.title.clone());
    if format == "json" {
        let constructs: Vec<serde_json::Value> = report
            .constructs
            .iter()
            .map(|c| {
                serde_json::json!({
                    "construct_id": c.construct.as_str(),
                    "domain": c.domain.as_ref().map(|d| d.as_str().to_owned()),
                    "all_units": json_stats(&c.all),
                    "coded_units": json_stats(&c.coded),
                })
            })
            .collect();
        let value = serde_json::json!({
            "unit": unit.name(),
            "threshold": threshold,
            "overall": json_stats(&report.overall),
            "overall_coded_units": json_stats(&report.overall_coded),
            "domains": report.domains.iter().map(|(d, all, coded)| serde_json::json!({"domain": d.as_str(), "all_units": json_stats(all), "coded_units": json_stats(coded)})).collect::<Vec<_>>(),
            "constructs": constructs,
            "unmatched_documents": {
                "only_a": report.documents.only_a.iter().map(|d| title(*d)).collect::<Vec<_>>(),
                "only_b": report.documents.only_b.iter().map(|d| title_b(*d)).collect::<Vec<_>>(),
            },
            "constructs_only_a": report.constructs_only_a.iter().map(|k| k.as_str().to_owned()).collect::<Vec<_>>(),
            "constructs_only_b": report.constructs_only_b.iter().map(|k| k.as_str().to_owned()).collect::<Vec<_>>(),
        });
        out!("{value:#}");
        return EXIT_OK;
    }
    let row =
        |label: &str, s: &Stats| format!("{label}\t{}\t{}\t{}\t{}", s.n, cell(s.percent), cell(s.kappa), cell(s.alpha));
    out!("unit\tn\tpercent_agreement\tcohen_kappa\tkrippendorff_alpha");
    out!("{}", row(unit.name(), &report.overall));
    out!("{}", row(&format!("{} (coded units)", unit.name()), &report.overall_coded));
    out!();
    out!(
        "construct_id\tn\tpercent_agreement\tcohen_kappa\tkrippendorff_alpha\tn_coded\tpercent_agreement_coded\tcohen_kappa_coded\tkrippendorff_alpha_coded"
    );
    for c in &report.constructs {
        out!(
            "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
            c.construct,
            c.all.n,
            cell(c.all.percent),
            cell(c.all.kappa),
            cell(c.all.alpha),
            c.coded.n,
            cell(c.coded.percent),
            cell(c.coded.kappa),
            cell(c.coded.alpha)
        );
    }
    for d in &report.documents.only_a {
        eprintln!("note: only in A: {}", title(*d));
    }
    for d in &report.documents.only_b {
        eprintln!("note: only in B: {}", title_b(*d));
    }
    EXIT_OK
}
