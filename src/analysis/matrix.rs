//! The matrix grid: articles or studies (rows) by constructs (columns, codebook order), each
//! cell the row's category for the construct (B, F or B/F), as in the paper's grid.

use super::tally::{Facts, Level, Unit};
use crate::model::{ConstructKey, Project, Valence};

/// One row of the grid.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MatrixRow {
    /// The article or study.
    pub unit: Unit,
    /// Its label.
    pub label: String,
    /// One cell per column.
    pub cells: Vec<Option<Valence>>,
}

/// The whole grid.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Matrix {
    /// Column constructs, in codebook order (retired constructs only when coded).
    pub columns: Vec<ConstructKey>,
    /// Rows in id order.
    pub rows: Vec<MatrixRow>,
}

/// Builds the grid with articles (`Level::Article`) or studies (`Level::Study`) as rows.
/// `Level::Passage` is treated as articles.
#[must_use]
pub fn matrix(project: &Project, rows: Level) -> Matrix {
    matrix_of(&Facts::of(project), project, rows)
}

/// As [`matrix`], from the facts gathered once for the tallies and both grids.
pub(crate) fn matrix_of(facts: &Facts, project: &Project, rows: Level) -> Matrix {
    let level = if rows == Level::Study { Level::Study } else { Level::Article };
    let cats = facts.categories(level);
    let coded: std::collections::HashSet<usize> = cats.keys().map(|(_, i)| *i).collect();
    let columns: Vec<(usize, ConstructKey)> = project
        .codebook()
        .constructs
        .iter()
        .enumerate()
        .filter(|(i, c)| !c.retired || coded.contains(i))
        .map(|(i, c)| (i, c.key.clone()))
        .collect();
    let units: Vec<(Unit, String)> = match level {
        Level::Study => project.studies().values().map(|s| (Unit::Study(s.id), s.label.clone())).collect(),
        _ => project.documents().values().map(|d| (Unit::Article(d.id), d.title.clone())).collect(),
    };
    let rows = units
        .into_iter()
        .map(|(unit, label)| MatrixRow {
            cells: columns.iter().map(|(i, _)| cats.get(&(unit, *i)).copied()).collect(),
            unit,
            label,
        })
        .collect();
    Matrix { columns: columns.into_iter().map(|(_, k)| k).collect(), rows }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::tally::tests::review;

    #[test]
    fn cells_follow_the_unit_rule() {
        let p = review();
        let m = matrix(&p, Level::Article);
        assert_eq!(m.columns.len(), 3);
        assert_eq!(m.rows.len(), 3);
        assert_eq!(m.rows[0].cells, vec![Some(Valence::Both), None, Some(Valence::Barrier)]);
        assert_eq!(m.rows[1].cells, vec![Some(Valence::Barrier), None, None]);
        let s = matrix(&p, Level::Study);
        assert_eq!(s.rows.len(), 2);
        assert_eq!(s.rows[0].label, "S1");
        assert_eq!(s.rows[0].cells, vec![Some(Valence::Both), None, Some(Valence::Barrier)]);
        assert_eq!(s.rows[1].cells, vec![Some(Valence::Both), Some(Valence::Facilitator), None]);
    }
}
