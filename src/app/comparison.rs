//! A comparison of the open project (coder A) with another coder's project (B), and the
//! decisions taken on its disagreements while building a consensus.

use crate::analysis::agreement::{AgreementReport, AgreementUnit, compare};
use crate::analysis::consensus::{DisagreementKey, Reconcile, Settled, key_of_decision, reconcile};
use crate::model::{Decision, Project, Reconciliation};
use std::collections::BTreeMap;
use std::path::PathBuf;

/// The state of one comparison.
pub struct Comparison {
    /// Coder B's project (read only).
    pub other: Project,
    /// Where it was read from.
    pub other_path: PathBuf,
    /// The statistics at the unit and threshold last asked for.
    pub report: AgreementReport,
    /// Agreements and disagreements at passage level (for the consensus).
    pub reconcile: Reconcile,
    /// Decisions taken so far.
    pub decisions: BTreeMap<DisagreementKey, Settled>,
    /// Decisions of an earlier sitting that match no disagreement now (a coding changed
    /// since); they go into the record again as they were.
    pub earlier: Vec<Decision>,
    /// The consensus file this review was picked up from (and is saved to by default).
    pub consensus_path: Option<PathBuf>,
    computed_for: Option<(u64, AgreementUnit, u32)>,
}

/// The threshold in whole percent, as kept in the view state.
fn share(percent: u32) -> f64 {
    f64::from(percent.clamp(1, 100)) / 100.0
}

impl Comparison {
    /// Starts a comparison with B.
    pub fn new(a: &Project, other: Project, other_path: PathBuf, unit: AgreementUnit, threshold_percent: u32) -> Self {
        let report = compare(a, &other, unit, share(threshold_percent));
        let reconcile = reconcile(a, &other, share(threshold_percent));
        Self {
            other,
            other_path,
            report,
            reconcile,
            decisions: BTreeMap::new(),
            earlier: Vec::new(),
            consensus_path: None,
            computed_for: Some((a.revision(), unit, threshold_percent)),
        }
    }

    /// Recomputes when A changed or the unit or threshold did. Decisions are kept: they are
    /// keyed by what each side says, not by position.
    pub fn refresh(&mut self, a: &Project, unit: AgreementUnit, threshold_percent: u32) {
        let key = (a.revision(), unit, threshold_percent);
        if self.computed_for == Some(key) {
            return;
        }
        self.report = compare(a, &self.other, unit, share(threshold_percent));
        self.reconcile = reconcile(a, &self.other, share(threshold_percent));
        self.computed_for = Some(key);
    }

    /// Takes up the decisions recorded in a consensus saved earlier: each one that still
    /// matches a disagreement is settled again as it was (reason, time and reviewer kept,
    /// still changeable); the others are kept for the record. Returns how many matched.
    pub fn resume_from(&mut self, record: &Reconciliation, consensus: PathBuf) -> (usize, usize) {
        let open: std::collections::BTreeSet<&DisagreementKey> =
            self.reconcile.disagreements.iter().map(|d| &d.key).collect();
        let (mut matched, mut unmatched) = (0, 0);
        for d in &record.decisions {
            let key = key_of_decision(d);
            if open.contains(&key) {
                self.decisions.insert(key, Settled::from_decision(d));
                matched += 1;
            } else {
                self.earlier.push(d.clone());
                unmatched += 1;
            }
        }
        self.consensus_path = Some(consensus);
        (matched, unmatched)
    }

    /// How many of the current disagreements are settled.
    #[must_use]
    pub fn settled(&self) -> usize {
        self.reconcile.disagreements.iter().filter(|d| self.decisions.contains_key(&d.key)).count()
    }
}
