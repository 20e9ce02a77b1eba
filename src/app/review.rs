//! Picking a reconciliation up again: a review of A and B takes several sittings, so the
//! decisions recorded in a saved consensus are taken up when the same two projects are
//! compared again, and opening the consensus itself offers to continue its review.

use super::{BefitsApp, Comparison, background, file_name, same_file};
use crate::analysis::consensus::{DisagreementKey, Settled};
use crate::model::Reconciliation;
use crate::persistence;
use crate::ui::{self, Message};
use std::path::{Path, PathBuf};

/// Consensus files looked at in a folder when A and B are compared again.
const MOST_FILES: usize = 200;

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

/// A consensus saved earlier of the two projects compared (its file and its record of
/// decisions), or why it could not be read.
pub(super) type EarlierReview = Result<(PathBuf, Reconciliation), String>;

/// Looks for a consensus of A (at `a_path`) and B (at `other`): the one the review was
/// opened from (`known`), else the newest saved beside A. Reads files: runs in the
/// comparison's job.
fn earlier_review(a_path: &Path, known: Option<PathBuf>, other: &Path) -> Option<EarlierReview> {
    let consensus = known.or_else(|| {
        consensus_in(a_path.parent().filter(|p| !p.as_os_str().is_empty())?, &file_name(a_path), &file_name(other))
    })?;
    match persistence::load(&consensus) {
        Ok(loaded) => Some(Ok((consensus, loaded.project.reconciliation()?.clone()))),
        Err(e) => Some(Err(format!("An earlier consensus of these projects could not be read ({e})."))),
    }
}

impl BefitsApp {
    /// After A and B are compared: takes up the decisions of a consensus of these two found
    /// with the comparison. Returns what to tell the user.
    fn resume_saved_review(&mut self, earlier: Option<EarlierReview>) -> Option<String> {
        let (consensus, record) = match earlier? {
            Ok(found) => found,
            Err(why) => return Some(why),
        };
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
        let opened = a.clone();
        self.open_project_then(
            &a,
            Some(Box::new(move |app: &mut BefitsApp| {
                if app.session.as_ref().and_then(|s| s.path.as_deref()) == Some(opened.as_path()) {
                    app.resume_from = Some(path);
                    app.start_comparison(&b);
                }
            })),
        );
    }
}

impl BefitsApp {
    /// Reads coder B's project and compares it with the open one in the background; the
    /// review opens when it is done.
    pub(super) fn start_comparison(&mut self, path: &Path) {
        let Some(session) = &self.session else {
            self.message(Message::warning("Open coder A's project first, then compare it with coder B's."));
            return;
        };
        if session.path.as_deref().is_some_and(|p| same_file(p, path)) {
            self.message(Message::warning("That is the open project itself; choose the other coder's file."));
            return;
        }
        self.compare_in_background(path, persistence::load);
    }

    /// Reads coder B's project (from `path`, by `read`) and compares it with the open one in
    /// the background; the review opens when it is done.
    pub(super) fn compare_in_background(
        &mut self,
        path: &Path,
        read: impl FnOnce(&Path) -> Result<persistence::Loaded, persistence::LoadError> + Send + 'static,
    ) {
        let Some(session) = &self.session else { return };
        let snapshot = session.project.clone();
        // A consensus of the two saved earlier is looked for with the comparison.
        let earlier_from = session.path.clone().map(|a| (a, self.resume_from.take()));
        let (unit, threshold) = (self.ui_state.review_unit, self.ui_state.review_threshold);
        let target = path.to_path_buf();
        // Its review settles the open project's codings against B: shown only over the
        // project it was started from.
        self.run_for_project(format!("Comparing with {}", file_name(path)), true, move |control| {
            let loaded = match read(&target) {
                Ok(loaded) => loaded,
                Err(e) => {
                    return background::messages(vec![Message::error(format!(
                        "Could not open the other project: {e}"
                    ))]);
                }
            };
            if control.cancelled() {
                return background::messages(vec![Message::info("The comparison was stopped.")]);
            }
            let c = Comparison::new(&snapshot, loaded.project, target.clone(), unit, threshold);
            let earlier = earlier_from.and_then(|(a, known)| earlier_review(&a, known, &target));
            Box::new(move |app: &mut BefitsApp, _: &egui::Context| app.open_comparison(c, &target, earlier))
        });
    }

    pub(super) fn open_comparison(&mut self, c: Comparison, path: &Path, earlier: Option<EarlierReview>) {
        if self.session.is_none() {
            return;
        }
        let (pairs, a_only, b_only) =
            (c.report.documents.pairs.len(), c.report.documents.only_a.len(), c.report.documents.only_b.len());
        let disagreements = c.reconcile.disagreements.len();
        self.replace_comparison(Some(c));
        let resumed = self.resume_saved_review(earlier);
        self.consensus_saved = true;
        self.ui_state.workspace = ui::Workspace::Review;
        self.ui_state.review_cursor = 0;
        let mut text = format!(
            "Compared with {}: {pairs} documents in common, {disagreements} disagreements to settle.",
            path.display()
        );
        if a_only + b_only > 0 {
            text = format!("{text} {a_only} documents only in A and {b_only} only in B are listed, not ignored.");
        }
        self.message(Message::info(text));
        if let Some(resumed) = resumed {
            self.message(Message::info(resumed));
        }
    }

    pub(super) fn save_consensus(&mut self, path: &Path) {
        let (Some(session), Some(c)) = (&self.session, &self.comparison) else { return };
        if session.path.as_deref().is_some_and(|p| same_file(p, path)) || same_file(&c.other_path, path) {
            self.message(Message::error(
                "The consensus goes to a new file: coder A's and coder B's projects are never changed.",
            ));
            return;
        }
        let a = &session.project;
        let name_of =
            |p: &Path| p.file_name().map_or_else(|| p.display().to_string(), |n| n.to_string_lossy().into_owned());
        let meta = crate::analysis::consensus::ConsensusMeta {
            name: format!("{} — consensus", a.name()),
            coder_a: if a.coder().is_empty() { "A".to_owned() } else { a.coder().to_owned() },
            coder_b: if c.other.coder().is_empty() { "B".to_owned() } else { c.other.coder().to_owned() },
            file_a: session.path.as_deref().map_or_else(|| a.name().to_owned(), name_of),
            file_b: name_of(&c.other_path),
            reasons_required: !self.ui_state.reasons_optional,
            earlier: c.earlier.clone(),
        };
        let consensus =
            match crate::analysis::consensus::build_consensus(a, &c.other, &c.reconcile, &c.decisions, &meta) {
                Ok(p) => p,
                Err(e) => {
                    self.message(Message::error(format!("The consensus could not be built: {e}.")));
                    return;
                }
            };
        let open = c.reconcile.disagreements.len() - c.settled();
        let target = path.to_path_buf();
        self.run_work(format!("Saving the consensus to {}", file_name(path)), false, move |_| {
            let saved = persistence::save(&consensus, &target);
            let codings = consensus.codings().len();
            Box::new(move |app: &mut BefitsApp, _: &egui::Context| match saved {
                Ok(()) => {
                    app.consensus_saved = true;
                    app.add_recent(&target);
                    let mut text = format!("Consensus saved with {codings} codings to {}.", target.display());
                    if open > 0 {
                        text = format!(
                            "{text} {open} disagreements are not settled yet; they stay listed here and are not in the file."
                        );
                    }
                    app.message(Message::info(text));
                }
                Err(e) => app.message(Message::error(format!("Consensus not saved: {e}"))),
            })
        });
    }

    /// Puts `comparison` in place of the one open, which is freed off the window's thread: it
    /// holds the other coder's whole project.
    pub(super) fn replace_comparison(&mut self, comparison: Option<Comparison>) {
        if let Some(closing) = std::mem::replace(&mut self.comparison, comparison) {
            persistence::drop_elsewhere(closing);
        }
    }

    /// Closes the comparison (its decisions go unless saved in a consensus).
    pub(super) fn close_comparison(&mut self) {
        self.replace_comparison(None);
        self.consensus_saved = true;
        if self.ui_state.workspace == ui::Workspace::Review {
            self.ui_state.workspace = ui::Workspace::Coding;
        }
    }

    /// Settles (or unsettles) one disagreement.
    pub(super) fn decide(&mut self, key: DisagreementKey, settled: Option<Settled>) {
        if let Some(c) = &mut self.comparison {
            match settled {
                Some(s) => c.decisions.insert(key, s),
                None => c.decisions.remove(&key),
            };
            self.consensus_saved = false;
        }
    }

    /// Asks where to write a file of the comparison, once there is one.
    pub(super) fn choose_review_file(&mut self, purpose: ui::FilePurpose, ctx: &egui::Context) {
        if self.comparison.is_none() {
            self.message(Message::warning("Compare with another coder's project first (Review > Compare with…)."));
        } else {
            self.choose_file(purpose, ctx);
        }
    }
}
