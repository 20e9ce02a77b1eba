//! Construct suggestions off the frame: a thread keeps its own copy of the codings' passages
//! and the model built from it, and answers the latest selection (older questions still
//! waiting are dropped). When the project has changed, only what changed is sent (a
//! `CorpusTracker` finds it in one pass over the codings); the thread rebuilds its model,
//! answering from the model of a moment ago meanwhile. The window is woken when an
//! answer arrives, and a view only shows an answer for the selection it was asked for.

use crate::analysis::suggest::{Corpus, CorpusDelta, CorpusTracker, Suggester, Suggestion};
use crate::model::Project;
use crate::ui::TextSelection;
use std::collections::BTreeMap;
use std::sync::mpsc::{Receiver, Sender};

/// A question: suggestions for this selection of this revision of the project.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Ask {
    selection: TextSelection,
    revision: u64,
}

impl Ask {
    /// Where the passage asked about is: article, page, byte range.
    fn place(&self) -> (crate::model::DocumentId, usize, usize, usize) {
        let s = self.selection;
        (s.document, s.page, s.start, s.end)
    }
}

enum Request {
    /// Learn what changed in the project's codings and codebook.
    Learn(CorpusDelta),
    /// Forget every passage and definition (another project was opened; its first copy
    /// follows).
    Forget,
    /// Suggest for a passage.
    Suggest(Ask, String),
}

/// The suggestion thread, seen from the app.
pub struct SuggestService {
    tx: Sender<Request>,
    rx: Receiver<(Ask, Vec<Suggestion>)>,
    /// What the thread's copy holds.
    tracker: CorpusTracker,
    /// The last question sent.
    asked: Option<Ask>,
    /// The last answer received.
    answer: Option<(Ask, Vec<Suggestion>)>,
}

impl SuggestService {
    /// Starts the thread; `wake` repaints the window when an answer arrives.
    ///
    /// # Errors
    /// The thread could not be started.
    pub fn start(wake: impl Fn() + Send + 'static) -> std::io::Result<Self> {
        let (tx, requests) = std::sync::mpsc::channel::<Request>();
        let (answers, rx) = std::sync::mpsc::channel();
        std::thread::Builder::new().name("suggestions".into()).spawn(move || {
            let mut model = Suggester::default();
            let (mut examples, mut constructs) = (BTreeMap::new(), Vec::new());
            // Ends when the app drops its sender.
            while let Ok(first) = requests.recv() {
                let mut changed = false;
                let mut question = None;
                for r in std::iter::once(first).chain(requests.try_iter()) {
                    match r {
                        Request::Learn(delta) => {
                            changed |= !delta.is_empty();
                            delta.apply(&mut examples, &mut constructs);
                        }
                        Request::Forget => {
                            changed |= !examples.is_empty() || !constructs.is_empty();
                            examples.clear();
                            constructs.clear();
                        }
                        Request::Suggest(ask, passage) => question = Some((ask, passage)),
                    }
                }
                let corpus = changed.then(|| Corpus::from_copy(&examples, &constructs));
                // With a large project a new model takes a while (a second at 100k codings):
                // the model of a moment ago answers at once, the new one again when built.
                if corpus.is_some()
                    && model.examples() > 0
                    && let Some((ask, passage)) = &question
                {
                    if answers.send((*ask, model.suggest_at(passage, ask.place(), 3))).is_err() {
                        break;
                    }
                    wake();
                }
                if let Some(c) = corpus {
                    model = Suggester::new(c);
                }
                if let Some((ask, passage)) = question {
                    if answers.send((ask, model.suggest_at(&passage, ask.place(), 3))).is_err() {
                        break;
                    }
                    wake();
                }
            }
        })?;
        Ok(Self { tx, rx, tracker: CorpusTracker::default(), asked: None, answer: None })
    }

    /// Asks for the suggestions of `selection` when it, or the project, changed since the
    /// last question; takes in answers that arrived.
    pub fn follow(&mut self, project: &Project, selection: Option<TextSelection>) {
        while let Ok(answer) = self.rx.try_recv() {
            self.answer = Some(answer);
        }
        let Some(selection) = selection else { return };
        let ask = Ask { selection, revision: project.revision() };
        if self.asked == Some(ask) {
            return;
        }
        let Some(passage) = project
            .document(selection.document)
            .and_then(|d| d.page(selection.page))
            .and_then(|p| p.get(selection.start..selection.end))
        else {
            return;
        };
        if let Some(delta) = self.tracker.changes(project) {
            // The thread is gone only when the app is closing; nothing to report then.
            let _ = self.tx.send(Request::Learn(delta));
        }
        let _ = self.tx.send(Request::Suggest(ask, passage.to_owned()));
        self.asked = Some(ask);
    }

    /// The suggestions for `selection`, once they have arrived (from the latest revision
    /// asked, or an earlier one while that is computed).
    #[must_use]
    pub fn for_selection(&self, selection: TextSelection) -> Option<&[Suggestion]> {
        self.answer.as_ref().filter(|(ask, _)| ask.selection == selection).map(|(_, s)| s.as_slice())
    }

    /// Takes the first copy of a project's passages made where it was read (off the
    /// window's thread: 100,000 passages take a noticeable moment to copy), with the tracker
    /// that made it.
    pub fn adopt(&mut self, tracker: CorpusTracker, first_copy: CorpusDelta) {
        let _ = self.tx.send(Request::Forget);
        let _ = self.tx.send(Request::Learn(first_copy));
        self.tracker = tracker;
        self.asked = None;
        self.answer = None;
    }

    /// Forgets the answers (another project was opened); the next question brings the
    /// thread's copy in line with the new project.
    pub fn reset(&mut self) {
        self.tracker.invalidate();
        self.asked = None;
        self.answer = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::project_tests::{PAGE0, project_with_document};
    use crate::model::{Anchor, Coding, CodingId, ConstructKey, DocumentBundle, DocumentId, Edit, TextAnchor, Valence};
    use std::time::{Duration, Instant};

    fn wait(service: &mut SuggestService, project: &Project, sel: TextSelection) -> Vec<Suggestion> {
        let start = Instant::now();
        loop {
            service.follow(project, Some(sel));
            if let Some(s) = service.for_selection(sel) {
                return s.to_vec();
            }
            assert!(start.elapsed() < Duration::from_secs(30), "no answer");
            std::thread::sleep(Duration::from_millis(2));
        }
    }

    #[test]
    fn answers_the_selection_and_learns_from_new_codings() {
        let mut p = project_with_document();
        let doc = *p.documents().keys().next().unwrap();
        // A second article with the same first page.
        let mut copy = p.document(doc).unwrap().clone();
        copy.id = DocumentId(2);
        let bundle = DocumentBundle { document: copy, study: None, codings: Vec::new(), imported: Vec::new() };
        p.apply(Edit::AddDocument(Box::new(bundle))).unwrap();
        let mut service = SuggestService::start(|| {}).unwrap();
        let sel = TextSelection { document: doc, page: 0, start: 0, end: PAGE0.len() };
        let before = wait(&mut service, &p, sel);
        assert!(before.iter().all(|s| s.similar.is_empty()), "nothing coded yet: {before:?}");
        // "Lay counsellors" coded in the second article.
        let anchor = TextAnchor::new(PAGE0, 0, 0, 14).unwrap();
        p.apply(Edit::AddCoding(Coding {
            id: CodingId(p.next_coding_id().0),
            document: DocumentId(2),
            anchor: Anchor::Text(anchor),
            construct: ConstructKey::new("client.kabi"),
            valence: Valence::Facilitator,
            comment: String::new(),
            coder: "ana".into(),
            created: String::new(),
            provenance: Vec::new(),
        }))
        .unwrap();
        // The same selection after an edit is asked again, of the new model.
        let start = Instant::now();
        let after = loop {
            let s = wait(&mut service, &p, sel);
            if s.iter().any(|s| !s.similar.is_empty()) {
                break s;
            }
            assert!(start.elapsed() < Duration::from_secs(30));
        };
        assert_eq!(after[0].construct.as_str(), "client.kabi", "{after:?}");
        let other = TextSelection { end: 5, ..sel };
        assert!(service.for_selection(other).is_none(), "an answer is for its own selection");
        // Over the coded passage itself, that coding is not offered as similar to itself.
        let own = TextSelection { document: DocumentId(2), ..sel };
        let here = wait(&mut service, &p, own);
        assert!(here.iter().all(|s| s.similar.is_empty()), "{here:?}");
    }
}
