//! The codebook: domains and the constructs inside them.
//!
//! Constructs are referred to everywhere by their [`ConstructKey`] (`intervention.tsp_role`),
//! never by label or position, so a rename changes nothing and two coders' files compare by key.

use super::imported::ImportedCode;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::fmt;

/// The most characters of each part of a construct's [`Codebook::display_path`].
pub const DISPLAY_CHARS: usize = 80;

/// The stable, public name of a construct: `domain.construct`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ConstructKey(pub String);

/// The stable, public name of a domain (`client`, `intervention`, ...).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct DomainKey(pub String);

impl ConstructKey {
    /// Makes a key from any string-like value.
    pub fn new(key: impl Into<String>) -> Self {
        Self(key.into())
    }
    /// The key as text.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl DomainKey {
    /// Makes a key from any string-like value.
    pub fn new(key: impl Into<String>) -> Self {
        Self(key.into())
    }
    /// The key as text.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ConstructKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Display for DomainKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The level of influence a domain sits at in the nested framework.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Level {
    /// Individuals: clients and providers.
    Micro,
    /// Immediate surroundings: family, community, organisation.
    Meso,
    /// Society and the health system.
    Macro,
    /// Spans every level (intervention, stigma).
    CrossLevel,
}

impl Level {
    /// The word shown to users.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Level::Micro => "micro",
            Level::Meso => "meso",
            Level::Macro => "macro",
            Level::CrossLevel => "cross-level",
        }
    }
}

/// A group of constructs (the framework has eight).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Domain {
    /// Stable key.
    pub key: DomainKey,
    /// Roman numeral as in the paper (`I` ... `VIII`).
    pub number: String,
    /// Display name.
    pub name: String,
    /// Level of influence.
    pub level: Level,
    /// The domain this one is drawn inside, if any.
    pub nested_in: Option<DomainKey>,
    /// One sentence on what the domain covers.
    pub description: String,
}

/// One code of the framework.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Construct {
    /// Stable key, `domain.construct`.
    pub key: ConstructKey,
    /// The domain it belongs to.
    pub domain: DomainKey,
    /// Display label.
    pub label: String,
    /// What coders should code with it.
    pub definition: String,
    /// Retired constructs are hidden from the picker; their codings are kept.
    pub retired: bool,
}

/// Why a codebook is not usable.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CodebookError {
    /// The codebook has no domains or no constructs.
    #[error("the codebook has no {0}")]
    Empty(&'static str),
    /// Two domains share a key.
    #[error("domain key `{0}` is used twice")]
    DuplicateDomain(String),
    /// Two constructs share a key.
    #[error("construct key `{0}` is used twice")]
    DuplicateConstruct(String),
    /// A construct names a domain that does not exist.
    #[error("construct `{construct}` belongs to unknown domain `{domain}`")]
    UnknownDomain {
        /// The construct.
        construct: String,
        /// The missing domain.
        domain: String,
    },
    /// A domain is nested in a domain that does not exist, or in itself.
    #[error("domain `{0}` is nested in an unknown domain or in itself")]
    BadNesting(String),
    /// A key is empty or contains whitespace.
    #[error("key `{0}` is empty or contains spaces")]
    BadKey(String),
    /// Two imported codes share a key, or one has a construct's key.
    #[error("imported code key `{0}` is used twice")]
    DuplicateImported(String),
    /// An imported code's parent is not an imported code (or is itself).
    #[error("imported code `{0}` has an unknown parent")]
    ImportedParent(String),
}

/// Domains and constructs, in display order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Codebook {
    /// Name shown to users (`BeFITS-MH`).
    pub name: String,
    /// Domains in display order.
    pub domains: Vec<Domain>,
    /// Constructs in display order (grouped by domain in the shipped codebook).
    pub constructs: Vec<Construct>,
    /// Codes from another tool not mapped to a construct, in their tree order (see
    /// [`ImportedCode`]); none in a codebook made here.
    #[serde(default)]
    pub imported: Vec<ImportedCode>,
}

impl Codebook {
    /// Checks the rules every codebook must meet: unique keys, constructs in known domains,
    /// nesting that points at real domains.
    ///
    /// # Errors
    /// The first rule broken.
    pub fn validate(&self) -> Result<(), CodebookError> {
        if self.domains.is_empty() {
            return Err(CodebookError::Empty("domains"));
        }
        if self.constructs.is_empty() {
            return Err(CodebookError::Empty("constructs"));
        }
        let mut domains = BTreeSet::new();
        for d in &self.domains {
            check_key(&d.key.0)?;
            if !domains.insert(d.key.clone()) {
                return Err(CodebookError::DuplicateDomain(d.key.0.clone()));
            }
        }
        for d in &self.domains {
            if let Some(parent) = &d.nested_in
                && (parent == &d.key || !domains.contains(parent))
            {
                return Err(CodebookError::BadNesting(d.key.0.clone()));
            }
        }
        let mut constructs = BTreeSet::new();
        for c in &self.constructs {
            check_key(&c.key.0)?;
            if !constructs.insert(c.key.clone()) {
                return Err(CodebookError::DuplicateConstruct(c.key.0.clone()));
            }
            if !domains.contains(&c.domain) {
                return Err(CodebookError::UnknownDomain { construct: c.key.0.clone(), domain: c.domain.0.clone() });
            }
        }
        let mut imported = BTreeSet::new();
        for code in &self.imported {
            check_key(&code.key)?;
            if constructs.contains(&ConstructKey::new(code.key.clone())) || !imported.insert(code.key.as_str()) {
                return Err(CodebookError::DuplicateImported(code.key.clone()));
            }
        }
        for code in &self.imported {
            if let Some(parent) = &code.parent
                && (parent == &code.key || !imported.contains(parent.as_str()))
            {
                return Err(CodebookError::ImportedParent(code.key.clone()));
            }
        }
        Ok(())
    }

    /// The imported code with this key.
    #[must_use]
    pub fn imported_code(&self, key: &str) -> Option<&ImportedCode> {
        self.imported.iter().find(|c| c.key == key)
    }

    /// "Parent > Child > Code", the path of an imported code in its tool's tree.
    #[must_use]
    pub fn imported_path(&self, key: &str) -> String {
        let mut names = Vec::new();
        let mut at = self.imported_code(key);
        while let Some(code) = at {
            names.push(code.name.as_str());
            if names.len() > 64 {
                break;
            }
            at = code.parent.as_deref().and_then(|p| self.imported_code(p));
        }
        names.reverse();
        if names.is_empty() { key.to_owned() } else { names.join(" > ") }
    }

    /// The construct with this key, retired or not.
    #[must_use]
    pub fn construct(&self, key: &ConstructKey) -> Option<&Construct> {
        self.constructs.iter().find(|c| &c.key == key)
    }

    /// The domain with this key.
    #[must_use]
    pub fn domain(&self, key: &DomainKey) -> Option<&Domain> {
        self.domains.iter().find(|d| &d.key == key)
    }

    /// The domain a construct belongs to.
    #[must_use]
    pub fn domain_of(&self, key: &ConstructKey) -> Option<&Domain> {
        self.construct(key).and_then(|c| self.domain(&c.domain))
    }

    /// The constructs of one domain, in codebook order.
    pub fn constructs_in<'a>(&'a self, domain: &'a DomainKey) -> impl Iterator<Item = &'a Construct> + 'a {
        self.constructs.iter().filter(move |c| &c.domain == domain)
    }

    /// A construct's position in codebook order (domains first, then constructs), used for
    /// sorting reports.
    #[must_use]
    pub fn order_of(&self, key: &ConstructKey) -> Option<(usize, usize)> {
        let c = self.construct(key)?;
        let d = self.domains.iter().position(|d| d.key == c.domain)?;
        let i = self.constructs.iter().position(|x| &x.key == key)?;
        Some((d, i))
    }

    /// "VII. Intervention characteristics > Setting", for lists, tooltips and reports: each
    /// part on one line and cut at [`DISPLAY_CHARS`] (a codebook file can make a name or a
    /// label any length).
    #[must_use]
    pub fn display_path(&self, key: &ConstructKey) -> String {
        let cut = |s: &str| super::text::ellipsize(&super::text::one_line(s), DISPLAY_CHARS);
        match (self.construct(key), self.domain_of(key)) {
            (Some(c), Some(d)) => format!("{}. {} > {}", cut(&d.number), cut(&d.name), cut(&c.label)),
            _ => cut(&key.0),
        }
    }
}

fn check_key(key: &str) -> Result<(), CodebookError> {
    if key.is_empty() || key.chars().any(char::is_whitespace) {
        return Err(CodebookError::BadKey(key.to_owned()));
    }
    Ok(())
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    #[test]
    fn a_display_path_cuts_each_part_at_its_bound() {
        let mut cb = tiny();
        let long = "Knowledge ".repeat(10_000);
        cb.constructs[0].label.clone_from(&long);
        let path = cb.display_path(&ConstructKey::new("client.kabi"));
        assert!(path.starts_with("I. CLIENT > Knowledge Knowledge"), "{path}");
        assert_eq!(path.chars().count(), "I. CLIENT > ".chars().count() + DISPLAY_CHARS);
        assert!(path.ends_with('…'));
        assert_eq!(cb.constructs[0].label, long, "the data keeps it whole");
    }

    /// A two-domain codebook for tests that do not need the shipped one.
    pub(crate) fn tiny() -> Codebook {
        let domain = |key: &str, number: &str| Domain {
            key: DomainKey::new(key),
            number: number.into(),
            name: key.to_uppercase(),
            level: Level::Micro,
            nested_in: None,
            description: String::new(),
        };
        let construct = |key: &str, domain: &str| Construct {
            key: ConstructKey::new(key),
            domain: DomainKey::new(domain),
            label: key.into(),
            definition: format!("definition of {key}"),
            retired: false,
        };
        Codebook {
            name: "tiny".into(),
            domains: vec![domain("client", "I"), domain("stigma", "VIII")],
            constructs: vec![
                construct("client.kabi", "client"),
                construct("client.other", "client"),
                construct("stigma.self_stigma", "stigma"),
            ],
            imported: Vec::new(),
        }
    }

    #[test]
    fn tiny_codebook_is_valid() {
        assert_eq!(tiny().validate(), Ok(()));
    }

    #[test]
    fn duplicate_construct_is_refused() {
        let mut cb = tiny();
        let copy = cb.constructs[0].clone();
        cb.constructs.push(copy);
        assert_eq!(cb.validate(), Err(CodebookError::DuplicateConstruct("client.kabi".into())));
    }

    #[test]
    fn construct_in_unknown_domain_is_refused() {
        let mut cb = tiny();
        cb.constructs[0].domain = DomainKey::new("nowhere");
        assert!(matches!(cb.validate(), Err(CodebookError::UnknownDomain { .. })));
    }

    #[test]
    fn nesting_must_point_at_a_real_domain() {
        let mut cb = tiny();
        cb.domains[0].nested_in = Some(DomainKey::new("client"));
        assert_eq!(cb.validate(), Err(CodebookError::BadNesting("client".into())));
        cb.domains[0].nested_in = Some(DomainKey::new("stigma"));
        assert_eq!(cb.validate(), Ok(()));
    }

    #[test]
    fn order_follows_domains_then_constructs() {
        let cb = tiny();
        assert_eq!(cb.order_of(&ConstructKey::new("stigma.self_stigma")), Some((1, 2)));
        assert_eq!(cb.display_path(&ConstructKey::new("client.kabi")), "I. CLIENT > client.kabi");
    }
}
