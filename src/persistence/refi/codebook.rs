//! The codebook alone as a REFI-QDA codebook (`.qdc`), out and in.
//!
//! In: codes that carry BeFITS keys (our own exports) update the domains and constructs they
//! name, or add them; every other code (a codebook from ATLAS.ti, Taguette, NVivo...) is kept
//! as an imported code with its place in the tree, ready to be mapped to constructs.

use super::build::{imported_code, imported_key};
use super::codes::{Names, write_code_sets, write_codes};
use super::mapping::tagged;
use super::package::{ForeignCode, read_package};
use super::xml_out::{end, finish, new_writer, start};
use super::{DOMAIN_PREFIX, KEY_PREFIX, RefiError, VALENCE_PREFIX, origin};
use crate::model::{Codebook, Construct, ConstructKey, Domain, DomainKey, Level};
use crate::persistence::ArchiveLimits;
use std::collections::BTreeMap;

/// The codebook as a REFI-QDA codebook (`.qdc`).
///
/// # Errors
/// Only if XML writing fails (a bug).
pub fn codebook_qdc(cb: &Codebook) -> Result<String, RefiError> {
    let mut w = new_writer()?;
    start(&mut w, "CodeBook", &[("xmlns", "urn:QDA-XML:codebook:1.0"), ("origin", &origin())])?;
    write_codes(&mut w, cb, &Names::new(cb))?;
    write_code_sets(&mut w, cb)?;
    end(&mut w, "CodeBook")?;
    Ok(finish(w))
}

/// The definition part of a description (without our tag lines and retired marker).
fn definition(description: &str) -> String {
    description
        .lines()
        .filter(|l| {
            let l = l.trim();
            !l.starts_with(KEY_PREFIX)
                && !l.starts_with(DOMAIN_PREFIX)
                && !l.starts_with(VALENCE_PREFIX)
                && l != "(retired)"
        })
        .collect::<Vec<_>>()
        .join("\n")
        .trim()
        .to_owned()
}

/// A codebook read from a REFI-QDA codebook (`.qdc`, or a `.qdpx` holding one), applied
/// onto `base`: constructs and domains with BeFITS keys are updated or added, other codes
/// kept as imported codes (a code already imported, by GUID, is not added twice). Keys are
/// never removed.
///
/// # Errors
/// Unreadable XML, or a result that breaks the codebook's rules.
pub fn import_qdc(text: &str, base: &Codebook) -> Result<Codebook, RefiError> {
    let package = read_package(text.as_bytes(), ArchiveLimits::default())?;
    let mut cb = base.clone();
    merge_codes(&mut cb, &package.codes, &package.origin);
    cb.validate().map_err(|e| RefiError::Read(e.to_string()))?;
    Ok(cb)
}

fn merge_codes(cb: &mut Codebook, codes: &[ForeignCode], tool: &str) {
    let mut domain_of: BTreeMap<usize, DomainKey> = BTreeMap::new();
    let mut imported_keys: BTreeMap<usize, String> = BTreeMap::new();
    for (i, code) in codes.iter().enumerate() {
        if let Some(key) = tagged(&code.description, DOMAIN_PREFIX) {
            let key = DomainKey::new(key);
            if cb.domain(&key).is_none() {
                let (number, name) = code.name.split_once(". ").unwrap_or(("", code.name.as_str()));
                cb.domains.push(Domain {
                    key: key.clone(),
                    number: number.to_owned(),
                    name: name.to_owned(),
                    level: Level::CrossLevel,
                    nested_in: None,
                    description: definition(&code.description),
                });
            }
            domain_of.insert(i, key);
            continue;
        }
        if let Some(key) = tagged(&code.description, KEY_PREFIX) {
            if tagged(&code.description, VALENCE_PREFIX).is_some() {
                continue; // a construct's code for one valence: the construct says it all
            }
            let key = ConstructKey::new(key);
            let retired = code.description.lines().any(|l| l.trim() == "(retired)");
            let def = definition(&code.description);
            // A label used in two domains goes out as `Label (Domain)`: back to the label.
            let domain_name =
                code.parent.and_then(|p| domain_of.get(&p)).and_then(|d| cb.domain(d)).map(|d| d.name.clone());
            let label = domain_name
                .and_then(|d| code.name.strip_suffix(&format!(" ({d})")).map(str::to_owned))
                .unwrap_or_else(|| code.name.clone());
            if let Some(c) = cb.constructs.iter_mut().find(|c| c.key == key) {
                c.label.clone_from(&label);
                c.definition = def;
                c.retired = retired;
            } else if let Some(domain) = code.parent.and_then(|p| domain_of.get(&p)).cloned() {
                cb.constructs.push(Construct { key, domain, label, definition: def, retired });
            }
            continue;
        }
        // Older BeFITS exports: a "Valence" family of Barrier / Facilitator / Both.
        let in_valence = code.parent.and_then(|p| codes.get(p)).is_some_and(|p| p.name == "Valence");
        if code.name == "Valence" || in_valence {
            continue;
        }
        if let Some(existing) =
            cb.imported.iter().find(|x| !code.guid.is_empty() && x.guid.eq_ignore_ascii_case(&code.guid))
        {
            imported_keys.insert(i, existing.key.clone());
            continue;
        }
        let key = imported_key(&code.name, if code.guid.is_empty() { &code.name } else { &code.guid });
        if cb.imported.iter().any(|x| x.key == key) {
            imported_keys.insert(i, key);
            continue;
        }
        imported_keys.insert(i, key.clone());
        let parent = code.parent.and_then(|p| imported_keys.get(&p).cloned());
        cb.imported.push(imported_code(code, key, parent, tool));
    }
}
