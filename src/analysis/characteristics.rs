//! Study characteristics (the paper's Table 1): per extraction field, how many studies have
//! each value. A study's value is the set of distinct values over its articles (fields split
//! on `;` and trimmed); a study with more than one distinct value counts as "Multiple", one
//! with none as "Not reported".

use crate::model::Project;
use std::collections::{BTreeMap, BTreeSet};

/// Label of studies whose articles give more than one value.
pub const MULTIPLE: &str = "Multiple";
/// Label of studies whose articles give no value.
pub const NOT_REPORTED: &str = "Not reported";

/// One line of a characteristics table.
#[derive(Clone, Debug, PartialEq)]
pub struct CharacteristicRow {
    /// The value (or [`MULTIPLE`] / [`NOT_REPORTED`]).
    pub value: String,
    /// Number of studies.
    pub n: usize,
    /// Share of all studies, in percent.
    pub percent: f64,
}

/// Splits a field value into its items.
pub fn split_values(value: &str) -> impl Iterator<Item = &str> {
    value.split(';').map(str::trim).filter(|v| !v.is_empty())
}

/// Every field name used by any document, sorted.
#[must_use]
pub fn field_names(project: &Project) -> Vec<String> {
    let names: BTreeSet<&String> = project.documents().values().flat_map(|d| d.fields.keys()).collect();
    names.into_iter().cloned().collect()
}

/// The table for one field: values by number of studies (most first, then alphabetically),
/// with "Multiple" and "Not reported" last.
#[must_use]
pub fn characteristics(project: &Project, field: &str) -> Vec<CharacteristicRow> {
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    let studies = project.studies().len();
    for study in project.studies().keys() {
        let values: BTreeSet<&str> =
            project.documents_in(*study).filter_map(|d| d.fields.get(field)).flat_map(|v| split_values(v)).collect();
        let label = match values.len() {
            0 => NOT_REPORTED.to_owned(),
            1 => values.iter().next().map(|v| (*v).to_owned()).unwrap_or_default(),
            _ => MULTIPLE.to_owned(),
        };
        *counts.entry(label).or_default() += 1;
    }
    let mut rows: Vec<CharacteristicRow> = counts
        .into_iter()
        .map(|(value, n)| CharacteristicRow {
            percent: if studies == 0 { 0.0 } else { 100.0 * n as f64 / studies as f64 },
            value,
            n,
        })
        .collect();
    let rank = |v: &str| match v {
        MULTIPLE => 1,
        NOT_REPORTED => 2,
        _ => 0,
    };
    rows.sort_by(|a, b| rank(&a.value).cmp(&rank(&b.value)).then(b.n.cmp(&a.n)).then(a.value.cmp(&b.value)));
    rows
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::tally::tests::review;
    use crate::model::{DocumentId, Edit};

    #[test]
    fn a_study_with_differing_articles_counts_as_multiple() {
        let mut p = review();
        for (d, v) in [(1, "Africa"), (2, "Africa; South Asia"), (3, "South Asia")] {
            p.apply(Edit::SetField { document: DocumentId(d), name: "region".into(), value: Some(v.into()) }).unwrap();
        }
        let rows = characteristics(&p, "region");
        let pairs: Vec<(&str, usize)> = rows.iter().map(|r| (r.value.as_str(), r.n)).collect();
        assert_eq!(pairs, vec![("South Asia", 1), ("Multiple", 1)]);
        assert!((rows[0].percent - 50.0).abs() < 1e-9);
        assert_eq!(field_names(&p), vec!["region".to_owned()]);
    }

    #[test]
    fn missing_values_are_not_reported() {
        let p = review();
        let rows = characteristics(&p, "stage");
        assert_eq!(rows, vec![CharacteristicRow { value: NOT_REPORTED.into(), n: 2, percent: 100.0 }]);
    }
}
