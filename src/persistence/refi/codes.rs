//! The code tree as this app writes it: each domain a grouping code, each construct a
//! grouping code inside it, each construct x valence a codable code inside that, with
//! stable GUIDs, unique names, a colour on every code, and the imported codes in their own
//! tree; code sets as sets.

use super::xml_out::{XmlWriter, empty, end, start, text_element};
use super::{DOMAIN_PREFIX, KEY_PREFIX, RefiError, VALENCE_PREFIX, guid};
use crate::model::{Codebook, ConstructKey, Valence};
use std::collections::{BTreeMap, BTreeSet};

/// Colours of the domains, in codebook order (Okabe-Ito, then greys).
const DOMAIN_COLOURS: [&str; 8] =
    ["#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#999999"];
/// Colour of imported codes that had none.
const IMPORTED_COLOUR: &str = "#7F7F7F";

pub(super) fn valence_color(v: Valence) -> &'static str {
    match v {
        Valence::Barrier => "#D55E00",
        Valence::Facilitator => "#0072B2",
        Valence::Both => "#CC79A7",
    }
}

/// A stable GUID of a construct's code for one valence.
#[must_use]
pub fn construct_valence_guid(key: &ConstructKey, v: Valence) -> String {
    guid("construct-valence", &format!("{key}/{}", v.label().to_lowercase()))
}

/// The GUID an imported code is written under: its own, or one derived from its key.
pub(super) fn imported_guid(code: &crate::model::ImportedCode) -> String {
    if code.guid.len() == 36 { code.guid.to_lowercase() } else { guid("imported", &code.key) }
}

/// Unique names for every code written.
pub(crate) struct Names {
    used: BTreeSet<String>,
    /// Construct key to its (unique) name.
    pub constructs: BTreeMap<ConstructKey, String>,
    /// Imported code key to its (unique) name.
    pub imported: BTreeMap<String, String>,
}

impl Names {
    pub(super) fn new(cb: &Codebook) -> Self {
        let mut names = Self { used: BTreeSet::new(), constructs: BTreeMap::new(), imported: BTreeMap::new() };
        for d in &cb.domains {
            let n = format!("{}. {}", d.number, d.name);
            names.take(&n);
        }
        let mut count: BTreeMap<String, usize> = BTreeMap::new();
        for c in &cb.constructs {
            *count.entry(c.label.to_lowercase()).or_default() += 1;
        }
        for c in &cb.constructs {
            let label = if count.get(&c.label.to_lowercase()).copied().unwrap_or(0) > 1 {
                let domain = cb.domain(&c.domain).map_or(c.domain.as_str(), |d| d.name.as_str());
                format!("{} ({domain})", c.label)
            } else {
                c.label.clone()
            };
            let n = names.take(&label);
            for v in Valence::ALL {
                names.take(&format!("{n} [{}]", v.label()));
            }
            names.constructs.insert(c.key.clone(), n);
        }
        for c in &cb.imported {
            let n = names.take(&c.name);
            names.imported.insert(c.key.clone(), n);
        }
        names
    }

    /// `wanted`, or `wanted (2)`, `wanted (3)`... whichever is free (names compare without case).
    fn take(&mut self, wanted: &str) -> String {
        let wanted = if wanted.trim().is_empty() { "Code" } else { wanted.trim() };
        let mut name = wanted.to_owned();
        let mut n = 1;
        while !self.used.insert(name.to_lowercase()) {
            n += 1;
            name = format!("{wanted} ({n})");
        }
        name
    }

    pub(crate) fn construct(&self, key: &ConstructKey) -> String {
        self.constructs.get(key).cloned().unwrap_or_else(|| key.to_string())
    }

    pub(crate) fn valenced(&self, key: &ConstructKey, v: Valence) -> String {
        format!("{} [{}]", self.construct(key), v.label())
    }
}

/// Writes the codebook's `<Codes>` (and `<Sets>` of imported codes, when they had any).
pub(super) fn write_codes(w: &mut XmlWriter, cb: &Codebook, names: &Names) -> Result<(), RefiError> {
    start(w, "Codes", &[])?;
    for (di, d) in cb.domains.iter().enumerate() {
        let name = format!("{}. {}", d.number, d.name);
        let colour = DOMAIN_COLOURS[di % DOMAIN_COLOURS.len()];
        start(
            w,
            "Code",
            &[("guid", &guid("domain", d.key.as_str())), ("name", &name), ("isCodable", "false"), ("color", colour)],
        )?;
        text_element(w, "Description", &format!("{}\n\n{DOMAIN_PREFIX}{}", d.description, d.key))?;
        for c in cb.constructs_in(&d.key) {
            let retired = if c.retired { "\n(retired)" } else { "" };
            start(
                w,
                "Code",
                &[
                    ("guid", &guid("construct", c.key.as_str())),
                    ("name", &names.construct(&c.key)),
                    ("isCodable", "false"),
                    ("color", colour),
                ],
            )?;
            text_element(w, "Description", &format!("{}{retired}\n\n{KEY_PREFIX}{}", c.definition, c.key))?;
            for v in Valence::ALL {
                start(
                    w,
                    "Code",
                    &[
                        ("guid", &construct_valence_guid(&c.key, v)),
                        ("name", &names.valenced(&c.key, v)),
                        ("isCodable", "true"),
                        ("color", valence_color(v)),
                    ],
                )?;
                text_element(
                    w,
                    "Description",
                    &format!(
                        "{} as a {}.{retired}\n\n{KEY_PREFIX}{}\n{VALENCE_PREFIX}{}",
                        c.label,
                        v.label().to_lowercase(),
                        c.key,
                        v.label().to_lowercase()
                    ),
                )?;
                end(w, "Code")?;
            }
            end(w, "Code")?;
        }
        end(w, "Code")?;
    }
    write_imported(w, cb, names, None)?;
    end(w, "Codes")
}

fn write_imported(w: &mut XmlWriter, cb: &Codebook, names: &Names, parent: Option<&str>) -> Result<(), RefiError> {
    for c in cb.imported.iter().filter(|c| c.parent.as_deref() == parent) {
        let name = names.imported.get(&c.key).cloned().unwrap_or_else(|| c.name.clone());
        start(
            w,
            "Code",
            &[
                ("guid", &imported_guid(c)),
                ("name", &name),
                ("isCodable", if c.codable { "true" } else { "false" }),
                ("color", c.color.as_deref().unwrap_or(IMPORTED_COLOUR)),
            ],
        )?;
        if !c.description.is_empty() {
            text_element(w, "Description", &c.description)?;
        }
        // Depth is bounded: the codebook refuses cycles.
        write_imported(w, cb, names, Some(&c.key))?;
        end(w, "Code")?;
    }
    Ok(())
}

/// Sets of imported codes, as they were in their tool.
pub(super) fn write_code_sets(w: &mut XmlWriter, cb: &Codebook) -> Result<(), RefiError> {
    let mut sets: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for c in &cb.imported {
        for s in &c.sets {
            sets.entry(s.as_str()).or_default().push(imported_guid(c));
        }
    }
    if sets.is_empty() {
        return Ok(());
    }
    start(w, "Sets", &[])?;
    for (name, members) in sets {
        start(w, "Set", &[("guid", &guid("code-set", name)), ("name", name)])?;
        for m in members {
            empty(w, "MemberCode", &[("targetGUID", &m)])?;
        }
        end(w, "Set")?;
    }
    end(w, "Sets")
}
