//! Picking a reconciliation up again: a review of A and B takes several sittings, so the
//! decisions recorded in a saved consensus are taken up when the same two projects are
//! compared again, and opening the consensus itself offers to continue its review.

use super::BefitsApp;
use crate::persistence;
use crate::ui::Message;
use std::path::{Path, PathBuf};

/// Consensus files looked at in a folder when A and B are compared again.
const MOST_FILES: usize = 200;

fn file_name(p: &Path) -> String {
    p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
}

/// The newest project file in `dir` whose reconciliation record names `file_a` and
/// `file_b`. Files are first checked for the two names as text, so only candidates are
/// parsed.
fn consensus_in(dir: &Path, file_a: &str, file_b: &str) -> Option<PathBuf> {
    // A and B themselves are the largest candidates and never the consensus: not read.
    let skip = |p: &Path| p.file_name().is_some_and(|n| n == file_a || n == file_b);
    let needle_a = format!("file_a: {file_a:?}");
    let needle_b = format!("file_b: {file_b:?}");
    let mut found: Vec<(std::time::SystemTime, PathBuf)> = std::fs::read_dir(dir)
        .ok()?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x.eq_ignore_ascii_case("ron")) && !skip(p))
        .take(MOST_FILES)
        .filter_map(|p| {
            let bytes = persistence::read_file(&p, persistence::MAX_PROJECT_BYTES).ok()?;
            let text = String::from_utf8_lossy(&bytes);
            (text.contains(&needle_a) && text.contains(&needle_b))
                .then(|| (std::fs::metadata(&p).and_then(|m| m.modified()).ok(), p))
                .and_then(|(t, p)| Some((t?, p)))
        })
        .collect();
    found.sort();
    found.pop().map(|(_, p)| p)
}

impl BefitsApp {
    /// After A and B are compared: takes up the decisions of a consensus of these two saved
    /// beside A (or the one the review was opened from). Returns what to tell the user.
    pub(super) fn resume_saved_review(&mut self, other: &Path) -> Option<String> {
        let a_path = self.session.as_ref()?.path.clone()?;
        let known = self.resume_from.take();
        let consensus = known.or_else(|| {
            consensus_in(a_path.parent().filter(|p| !p.as_os_str().is_empty())?, &file_name(&a_path), &file_name(other))
        })?;
        let loaded = match persistence::load(&consensus) {
            Ok(l) => l,
            Err(e) => return Some(format!("An earlier consensus of these projects could not be read ({e}).")),
        };
        let record = loaded.project.reconciliation()?.clone();
        let c = self.comparison.as_mut()?;
        let (matched, unmatched) = c.resume_from(&record, consensus.clone());
        self.ui_state.reasons_optional = !record.reasons_required;
        let mut text = format!(
            "Continued the review saved in {}: {matched} earlier decisions are settled again, with their reasons; each can be changed.",
            consensus.display()
        );
        if unmatched > 0 {
            text = format!(
                "{text} {unmatched} no longer match a disagreement (a coding changed since); they stay in the record."
            );
        }
        if let Some(first_open) = c.reconcile.disagreements.iter().position(|d| !c.decisions.contains_key(&d.key)) {
            self.ui_state.review_cursor = first_open;
        }
        Some(text)
    }

    /// The open project is a consensus: opens coder A's project (found beside it by the
    /// name recorded) and compares it with B's, taking its decisions up again.
    pub(super) fn resume_review_of_consensus(&mut self) {
        let Some(session) = &self.session else { return };
        let (Some(record), Some(path)) = (session.project.reconciliation(), session.path.clone()) else {
            self.message(Message::warning("This project is not a consensus of two coders' projects."));
            return;
        };
        let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
        let (a, b) = (dir.join(&record.file_a), dir.join(&record.file_b));
        let missing: Vec<String> = [&a, &b].iter().filter(|p| !p.is_file()).map(|p| p.display().to_string()).collect();
        if !missing.is_empty() {
            self.message(Message::error(format!(
                "To continue this review, coder A's and coder B's projects must be beside the consensus, under the names it records; not found: {}. (Or open A, compare it with B, and the decisions saved here are taken up.)",
                missing.join(", ")
            )));
            return;
        }
        self.open_project(&a);
        if self.session.as_ref().and_then(|s| s.path.as_deref()) == Some(a.as_path()) {
            self.resume_from = Some(path);
            self.start_comparison(&b);
        }
    }
}
