//! `befits-coder backups PROJECT` and `befits-coder restore PROJECT [--backup N]`.

use super::{EXIT_INVALID, EXIT_OK, EXIT_UNREADABLE, fail};
use crate::persistence::{self, CopyKind, RecoverableCopy, recoverable_copies};
use std::path::Path;

fn when(copy: &RecoverableCopy) -> String {
    humantime::format_rfc3339_seconds(copy.saved).to_string()
}

/// Lists the recoverable copies of a project, numbered newest first.
pub(super) fn list(project: &Path) -> u8 {
    let copies = recoverable_copies(project);
    if copies.is_empty() {
        out!("no backups of {} yet (they are made from the second save on)", project.display());
        return EXIT_OK;
    }
    out!("n\tsaved\tkind\tcodings\tarticles\tfile");
    for (i, c) in copies.iter().enumerate() {
        match &c.summary {
            Ok(s) => {
                out!(
                    "{}\t{}\t{}\t{}\t{}\t{}",
                    i + 1,
                    when(c),
                    c.kind.label(),
                    s.codings,
                    s.documents,
                    c.file.display()
                );
            }
            Err(e) => {
                out!("{}\t{}\t{}\t-\t-\t{} (cannot be read: {e})", i + 1, when(c), c.kind.label(), c.file.display());
            }
        }
    }
    EXIT_OK
}

/// Makes copy `n` (1 = newest) the project file; the file it replaces becomes a backup.
pub(super) fn restore(project: &Path, n: usize) -> u8 {
    let copies = recoverable_copies(project);
    let Some(copy) = n.checked_sub(1).and_then(|i| copies.get(i)) else {
        return fail(
            EXIT_INVALID,
            &format!("there is no copy {n}; `befits-coder backups` lists {} for {}", copies.len(), project.display()),
        );
    };
    let loaded = match persistence::load(&copy.file) {
        Ok(l) => l,
        Err(e) => return fail(EXIT_UNREADABLE, &format!("copy {n} cannot be restored: {e}")),
    };
    if let Err(e) = persistence::save(&loaded.project, project) {
        return fail(EXIT_UNREADABLE, &e.to_string());
    }
    if copy.kind == CopyKind::Autosave {
        persistence::remove_autosave(project);
    }
    out!(
        "restored the {} of {} ({} codings) into {}; the file it replaced is kept as the newest backup",
        copy.kind.label(),
        when(copy),
        loaded.project.codings().len(),
        project.display()
    );
    EXIT_OK
}
