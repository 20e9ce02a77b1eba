//! Undo and redo by inverse edits, each with a human label ("Code passage as Barrier").

use super::edit::{Edit, EditError};
use super::project::Project;

/// One undoable step: the edit that reverts it and what the user called it.
#[derive(Clone, Debug)]
struct Step {
    label: String,
    edit: Edit,
}

/// The undo and redo stacks of one open project.
#[derive(Clone, Debug, Default)]
pub struct History {
    undo: Vec<Step>,
    redo: Vec<Step>,
}

/// How many steps are kept; older ones are forgotten.
const LIMIT: usize = 1000;

impl History {
    /// Applies an edit to the project and records its inverse. Clears the redo stack.
    ///
    /// # Errors
    /// The edit was refused; nothing changed.
    pub fn apply(&mut self, project: &mut Project, edit: Edit, label: impl Into<String>) -> Result<(), EditError> {
        let inverse = project.apply(edit)?;
        push(&mut self.undo, Step { label: label.into(), edit: inverse });
        self.redo.clear();
        Ok(())
    }

    /// Reverts the last step. Returns its label, or `None` when there is nothing to undo.
    ///
    /// # Errors
    /// The inverse could not be applied (the step is dropped, the project unchanged).
    pub fn undo(&mut self, project: &mut Project) -> Result<Option<String>, EditError> {
        Self::shift(project, &mut self.undo, &mut self.redo)
    }

    /// Re-applies the last undone step. Returns its label, or `None` when there is none.
    ///
    /// # Errors
    /// The edit could not be applied (the step is dropped, the project unchanged).
    pub fn redo(&mut self, project: &mut Project) -> Result<Option<String>, EditError> {
        Self::shift(project, &mut self.redo, &mut self.undo)
    }

    fn shift(project: &mut Project, from: &mut Vec<Step>, to: &mut Vec<Step>) -> Result<Option<String>, EditError> {
        let Some(step) = from.pop() else {
            return Ok(None);
        };
        let inverse = project.apply(step.edit)?;
        let label = step.label.clone();
        push(to, Step { label: step.label, edit: inverse });
        Ok(Some(label))
    }

    /// What the next undo would revert.
    #[must_use]
    pub fn undo_label(&self) -> Option<&str> {
        self.undo.last().map(|s| s.label.as_str())
    }

    /// What the next redo would re-apply.
    #[must_use]
    pub fn redo_label(&self) -> Option<&str> {
        self.redo.last().map(|s| s.label.as_str())
    }
}

fn push(stack: &mut Vec<Step>, step: Step) {
    if stack.len() >= LIMIT {
        stack.remove(0);
    }
    stack.push(step);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Valence;
    use crate::model::project::tests::{coding, project_with_document};

    #[test]
    fn undo_redo_walks_back_and_forth() {
        let mut p = project_with_document();
        let start = p.clone();
        let mut h = History::default();
        let c1 = coding(&p, 0, 0, 15, "client.kabi", Valence::Facilitator);
        h.apply(&mut p, Edit::AddCoding(c1), "Code passage as Facilitator").unwrap();
        let after_one = p.clone();
        let c2 = coding(&p, 1, 0, 6, "stigma.self_stigma", Valence::Barrier);
        h.apply(&mut p, Edit::AddCoding(c2), "Code passage as Barrier").unwrap();
        let after_two = p.clone();

        assert_eq!(h.undo_label(), Some("Code passage as Barrier"));
        assert_eq!(h.undo(&mut p).unwrap().as_deref(), Some("Code passage as Barrier"));
        assert_eq!(p.codings(), after_one.codings());
        h.undo(&mut p).unwrap();
        assert_eq!(p.codings(), start.codings());
        assert_eq!(h.undo(&mut p).unwrap(), None);
        assert_eq!(h.redo_label(), Some("Code passage as Facilitator"));
        h.redo(&mut p).unwrap();
        h.redo(&mut p).unwrap();
        assert_eq!(p.codings(), after_two.codings());
        assert_eq!(h.redo(&mut p).unwrap(), None);
    }

    #[test]
    fn a_new_edit_clears_redo() {
        let mut p = project_with_document();
        let mut h = History::default();
        let c1 = coding(&p, 0, 0, 15, "client.kabi", Valence::Facilitator);
        h.apply(&mut p, Edit::AddCoding(c1), "one").unwrap();
        h.undo(&mut p).unwrap();
        let c2 = coding(&p, 1, 0, 6, "stigma.self_stigma", Valence::Barrier);
        h.apply(&mut p, Edit::AddCoding(c2), "two").unwrap();
        assert_eq!(h.redo_label(), None);
    }

    #[test]
    fn refused_edit_is_not_recorded() {
        let mut p = project_with_document();
        let mut h = History::default();
        let c = coding(&p, 0, 0, 15, "client.kabi", Valence::Facilitator);
        h.apply(&mut p, Edit::AddCoding(c.clone()), "one").unwrap();
        let mut dup = c;
        dup.id = p.next_coding_id();
        assert!(h.apply(&mut p, Edit::AddCoding(dup), "dup").is_err());
        assert_eq!(h.undo_label(), Some("one"));
    }
}
