//! Which construct and valence each code of another tool stands for.
//!
//! A code maps to a construct with a valence, to a construct alone (its passages then need a
//! valence code on the same selection), to a valence alone (the Barrier / Facilitator / Both
//! codes of an older BeFITS export), or is kept as an imported code. Mapping is automatic where
//! a code carries a BeFITS key in its description (our own exports), where its name is a
//! construct's label (with a valence in brackets, as exports name them), or where the team
//! mapped a code of the same name before; a map file (`--map MAP.toml`, the same format
//! the app remembers mappings in) decides first.
//!
//! Map file:
//!
//! ```toml
//! [codes]
//! # a code's name, its path ("Parent > Child") or its GUID = what it maps to
//! "Perceived barriers > cost" = "client.kabi barrier"  # a construct key and a valence
//! "Trust" = "client.kabi"                              # a construct; valence from the selection
//! "Negative" = "valence barrier"                       # a valence only
//! "Miscellaneous" = "keep"                             # kept as an imported code
//! ```

use super::package::{ForeignCode, RefiPackage};
use super::{DOMAIN_PREFIX, KEY_PREFIX, VALENCE_PREFIX};
use crate::model::text::fold;
use crate::model::{Codebook, ConstructKey, Valence};
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// What a foreign code stands for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// A construct, with a valence or without one.
    Construct {
        /// The construct.
        key: ConstructKey,
        /// Its valence, if the code says it.
        valence: Option<Valence>,
    },
    /// A valence only.
    Valence(Valence),
    /// Not a construct: kept as an imported code.
    Keep,
}

impl Target {
    /// The target as written in a map file.
    #[must_use]
    pub fn to_text(&self) -> String {
        match self {
            Target::Construct { key, valence: Some(v) } => format!("{key} {}", v.label().to_lowercase()),
            Target::Construct { key, valence: None } => key.to_string(),
            Target::Valence(v) => format!("valence {}", v.label().to_lowercase()),
            Target::Keep => "keep".to_owned(),
        }
    }

    /// Parses a target written in a map file, checked against the codebook.
    ///
    /// # Errors
    /// What is wrong with it, in a sentence.
    pub fn parse(text: &str, codebook: &Codebook) -> Result<Self, String> {
        let words: Vec<&str> = text.split_whitespace().collect();
        match words.as_slice() {
            ["keep"] => Ok(Target::Keep),
            ["valence", v] => Valence::parse(v).map(Target::Valence).ok_or_else(|| format!("`{v}` is not a valence")),
            [key, rest @ ..] if rest.len() <= 1 => {
                let key = ConstructKey::new(*key);
                if codebook.construct(&key).is_none() {
                    return Err(format!("`{key}` is not a construct of the codebook"));
                }
                let valence = match rest.first() {
                    Some(v) => Some(Valence::parse(v).ok_or_else(|| format!("`{v}` is not a valence"))?),
                    None => None,
                };
                Ok(Target::Construct { key, valence })
            }
            _ => Err(format!(
                "`{text}`: write a construct key and a valence, a construct key, `valence barrier` or `keep`"
            )),
        }
    }
}

/// The mapping of every code of a package (by index in [`RefiPackage::codes`]).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CodeMap {
    /// One target per code.
    pub targets: Vec<Target>,
    /// How each target was decided (shown in the mapping dialog).
    pub reasons: Vec<Reason>,
}

/// Why a code maps where it does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reason {
    /// The map file said so.
    MapFile,
    /// Its description carries a BeFITS key.
    Key,
    /// Its name is a construct's label or a valence.
    Name,
    /// Mapped so before (remembered).
    Remembered,
    /// Nothing matched: kept.
    Unmatched,
    /// A grouping code of a BeFITS export (a domain, a construct above its valences, the
    /// valence family): nothing to map, and not kept as an imported code.
    Structure,
    /// The coder chose it.
    Chosen,
}

impl std::fmt::Display for Reason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Reason::MapFile => "map file",
            Reason::Key => "BeFITS key",
            Reason::Name => "same name",
            Reason::Remembered => "mapped before",
            Reason::Unmatched => "no match",
            Reason::Structure => "BeFITS grouping",
            Reason::Chosen => "chosen",
        })
    }
}

/// Mappings the team decided before, or a map file: code name, path or GUID to target.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MapFile {
    /// Folded name, folded path or GUID, to target.
    pub entries: BTreeMap<String, Target>,
}

/// A map file that could not be read.
#[derive(Debug, thiserror::Error)]
#[error("{path}, line {line}: {message}")]
pub struct MapFileError {
    /// The file.
    pub path: String,
    /// Line, from 1.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

#[derive(serde::Deserialize)]
struct RawMap {
    #[serde(default)]
    codes: BTreeMap<String, toml::Spanned<String>>,
}

fn line_of(text: &str, byte: usize) -> usize {
    text.get(..byte).map_or(1, |t| t.matches('\n').count() + 1)
}

/// The path of a code in its tree, names joined by " > ".
#[must_use]
pub fn code_path(codes: &[ForeignCode], index: usize) -> String {
    let mut names = Vec::new();
    let mut at = Some(index);
    while let Some(i) = at {
        let Some(c) = codes.get(i) else { break };
        names.push(c.name.as_str());
        at = c.parent.filter(|p| *p < i);
    }
    names.reverse();
    names.join(" > ")
}

fn lookup_key(s: &str) -> String {
    fold(s.trim()).split(" > ").map(str::trim).collect::<Vec<_>>().join(" > ")
}

impl MapFile {
    /// Reads a map file (TOML, a `[codes]` table).
    ///
    /// # Errors
    /// Unreadable TOML, or a target that is not a construct, valence or `keep`, with its line.
    pub fn parse(text: &str, path: &str, codebook: &Codebook) -> Result<Self, MapFileError> {
        let raw: RawMap = toml::from_str(text).map_err(|e| MapFileError {
            path: path.to_owned(),
            line: e.span().map_or(1, |s| line_of(text, s.start)),
            message: e.message().to_owned(),
        })?;
        let mut entries = BTreeMap::new();
        for (code, target) in raw.codes {
            let t = Target::parse(target.get_ref(), codebook).map_err(|message| MapFileError {
                path: path.to_owned(),
                line: line_of(text, target.span().start),
                message: format!("code “{code}”: {message}"),
            })?;
            entries.insert(if is_guid(&code) { code.to_lowercase() } else { lookup_key(&code) }, t);
        }
        Ok(Self { entries })
    }

    /// The file's text.
    #[must_use]
    pub fn to_toml(&self) -> String {
        let mut out = String::from(
            "# BeFITS Coder: what codes of other QDA tools stand for.\n\
             # A code's name, its path (\"Parent > Child\") or its GUID = \"construct-key valence\",\n\
             # \"construct-key\", \"valence barrier|facilitator|both\" or \"keep\".\n[codes]\n",
        );
        for (code, target) in &self.entries {
            let _ = writeln!(out, "{} = {}", toml_string(code), toml_string(&target.to_text()));
        }
        out
    }

    /// Remembers the mapping of every code of a package that was mapped (kept codes too),
    /// under its path.
    pub fn remember(&mut self, package: &RefiPackage, map: &CodeMap) {
        for (i, t) in map.targets.iter().enumerate() {
            if matches!(map.reasons.get(i), Some(Reason::Key | Reason::Unmatched | Reason::Structure)) {
                continue;
            }
            self.entries.insert(lookup_key(&code_path(&package.codes, i)), t.clone());
        }
    }

    fn find(&self, codes: &[ForeignCode], index: usize) -> Option<&Target> {
        let c = &codes[index];
        self.entries
            .get(&c.guid.to_lowercase())
            .or_else(|| self.entries.get(&lookup_key(&code_path(codes, index))))
            .or_else(|| self.entries.get(&lookup_key(&c.name)))
    }
}

fn toml_string(s: &str) -> String {
    toml::Value::String(s.to_owned()).to_string()
}

fn is_guid(s: &str) -> bool {
    s.len() == 36 && s.chars().all(|c| c.is_ascii_hexdigit() || c == '-')
}

/// The line after `prefix` in a description.
pub(super) fn tagged<'a>(description: &'a str, prefix: &str) -> Option<&'a str> {
    description.lines().find_map(|l| l.trim().strip_prefix(prefix)).map(str::trim)
}

/// A valence written at the end of a name: `Label [Barrier]`.
fn valence_suffix(name: &str) -> Option<(&str, Valence)> {
    let (label, rest) = name.trim().rsplit_once(" [")?;
    Some((label.trim(), Valence::parse(rest.strip_suffix(']')?)?))
}

/// The mapping decided for each code of a package: the map file first, then BeFITS keys,
/// then remembered mappings, then names; anything else is kept.
#[must_use]
pub fn auto_map(
    package: &RefiPackage,
    codebook: &Codebook,
    map_file: Option<&MapFile>,
    remembered: &MapFile,
) -> CodeMap {
    // Construct labels, folded, to keys: a label used by two constructs matches neither,
    // unless the name says which (`Label (Domain)` as exports write it).
    let mut labels: BTreeMap<String, Vec<ConstructKey>> = BTreeMap::new();
    for c in &codebook.constructs {
        labels.entry(fold(&c.label)).or_default().push(c.key.clone());
        if let Some(d) = codebook.domain(&c.domain) {
            labels.entry(fold(&format!("{} ({})", c.label, d.name))).or_default().push(c.key.clone());
        }
    }
    let by_name = |name: &str| -> Option<Target> {
        if let Some(v) = Valence::parse(name).filter(|_| name.len() > 2) {
            return Some(Target::Valence(v));
        }
        let (label, valence) = valence_suffix(name).map_or((name, None), |(l, v)| (l, Some(v)));
        match labels.get(&fold(label)).map(Vec::as_slice) {
            Some([key]) => Some(Target::Construct { key: key.clone(), valence }),
            _ => None,
        }
    };
    let mut map = CodeMap::default();
    for (i, code) in package.codes.iter().enumerate() {
        let keyed = tagged(&code.description, KEY_PREFIX)
            .map(ConstructKey::new)
            .filter(|k| codebook.construct(k).is_some())
            .map(|key| Target::Construct {
                key,
                valence: tagged(&code.description, VALENCE_PREFIX).and_then(Valence::parse),
            });
        let valence_family =
            code.parent.and_then(|p| package.codes.get(p)).is_some_and(|p| p.name.eq_ignore_ascii_case("valence"));
        let is_valence_family = code.name.eq_ignore_ascii_case("valence")
            && package.codes.iter().filter(|c| c.parent == Some(i)).all(|c| Valence::parse(&c.name).is_some());
        let structure = tagged(&code.description, DOMAIN_PREFIX).is_some()
            || (!code.codable && tagged(&code.description, KEY_PREFIX).is_some())
            || is_valence_family;
        let (target, reason) = if structure {
            (Target::Keep, Reason::Structure)
        } else if let Some(t) = map_file.and_then(|m| m.find(&package.codes, i)) {
            (t.clone(), Reason::MapFile)
        } else if let Some(t) = keyed {
            (t, Reason::Key)
        } else if let Some(v) = Valence::parse(&code.name).filter(|_| valence_family) {
            (Target::Valence(v), Reason::Key)
        } else if let Some(t) = remembered.find(&package.codes, i) {
            (t.clone(), Reason::Remembered)
        } else if let Some(t) = by_name(&code.name) {
            (t, Reason::Name)
        } else {
            (Target::Keep, Reason::Unmatched)
        };
        // A code nobody can code with stays a grouping, whatever its name says.
        let target = if code.codable { target } else { Target::Keep };
        map.targets.push(target);
        map.reasons.push(reason);
    }
    map
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Codebook {
        crate::persistence::default_codebook().unwrap()
    }

    #[test]
    fn map_files_are_read_with_their_lines_and_checked_against_the_codebook() {
        let cb = sample();
        let key = cb.constructs[0].key.clone();
        let text =
            format!("[codes]\n\"Trust > cost\" = \"{key} barrier\"\nMisc = \"keep\"\nNeg = \"valence barrier\"\n");
        let m = MapFile::parse(&text, "map.toml", &cb).unwrap();
        assert_eq!(m.entries.get("trust > cost"), Some(&Target::Construct { key, valence: Some(Valence::Barrier) }));
        assert_eq!(m.entries.get("misc"), Some(&Target::Keep));
        assert_eq!(MapFile::parse(&m.to_toml(), "again", &cb).unwrap(), m, "written back, read the same");
        let e = MapFile::parse("[codes]\nA = \"keep\"\nB = \"nowhere.at_all\"\n", "map.toml", &cb).unwrap_err();
        assert_eq!(e.line, 3, "{e}");
        assert!(e.to_string().contains("not a construct"), "{e}");
        let e = MapFile::parse("[codes]\nA = \n", "map.toml", &cb).unwrap_err();
        assert_eq!(e.line, 2, "{e}");
    }

    fn code(name: &str, parent: Option<usize>, description: &str) -> ForeignCode {
        ForeignCode {
            guid: crate::persistence::guid("test", name),
            name: name.into(),
            parent,
            color: None,
            description: description.into(),
            codable: true,
            sets: Vec::new(),
            uses: 0,
        }
    }

    #[test]
    fn a_label_in_two_domains_maps_only_with_its_domain() {
        let cb = sample();
        let twice = cb
            .constructs
            .iter()
            .find(|c| cb.constructs.iter().filter(|d| fold(&d.label) == fold(&c.label)).count() > 1)
            .unwrap();
        let domain = cb.domain(&twice.domain).unwrap().name.clone();
        let package = RefiPackage {
            codes: vec![code(&twice.label, None, ""), code(&format!("{} ({domain}) [Both]", twice.label), None, "")],
            ..RefiPackage::default()
        };
        let m = auto_map(&package, &cb, None, &MapFile::default());
        assert_eq!(m.targets[0], Target::Keep, "ambiguous");
        assert_eq!(m.targets[1], Target::Construct { key: twice.key.clone(), valence: Some(Valence::Both) });
    }

    #[test]
    fn codes_map_by_key_then_memory_then_name_and_the_rest_are_kept() {
        let cb = sample();
        let unique = cb
            .constructs
            .iter()
            .find(|c| cb.constructs.iter().filter(|d| fold(&d.label) == fold(&c.label)).count() == 1)
            .unwrap();
        let (label, key) = (unique.label.clone(), unique.key.clone());
        let package = RefiPackage {
            codes: vec![
                code("Anything", None, &format!("Defined here.\n\n{KEY_PREFIX}{key}\n{VALENCE_PREFIX}facilitator")),
                code(&format!("{label} [Barrier]"), None, ""),
                code("Valence", None, ""),
                code("Both", Some(2), ""),
                code("Local name", None, ""),
                code("Something else", None, ""),
            ],
            ..RefiPackage::default()
        };
        let mut remembered = MapFile::default();
        remembered.entries.insert("local name".into(), Target::Construct { key: key.clone(), valence: None });
        let m = auto_map(&package, &cb, None, &remembered);
        assert_eq!(m.targets[0], Target::Construct { key: key.clone(), valence: Some(Valence::Facilitator) });
        assert_eq!(m.targets[1], Target::Construct { key: key.clone(), valence: Some(Valence::Barrier) });
        assert_eq!((&m.targets[2], m.reasons[2]), (&Target::Keep, Reason::Structure), "the valence family");
        assert_eq!(m.targets[3], Target::Valence(Valence::Both));
        assert_eq!((&m.targets[4], m.reasons[4]), (&Target::Construct { key, valence: None }, Reason::Remembered));
        assert_eq!((&m.targets[5], m.reasons[5]), (&Target::Keep, Reason::Unmatched));
        let mut file = MapFile::default();
        file.entries.insert("something else".into(), Target::Valence(Valence::Barrier));
        let m = auto_map(&package, &cb, Some(&file), &remembered);
        assert_eq!((&m.targets[5], m.reasons[5]), (&Target::Valence(Valence::Barrier), Reason::MapFile));
    }
}
