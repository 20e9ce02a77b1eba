//! The default codebook, shipped as data in `assets/codebooks/befits-mh.ron` and embedded in
//! the binary. Its format is the codebook part of the project file.

use super::v5::CodebookV5;
use crate::model::{Codebook, CodebookError};

const BEFITS_MH: &str = include_str!("../../assets/codebooks/befits-mh.ron");

/// Why a codebook text could not be used.
#[derive(Debug, thiserror::Error)]
pub enum CodebookParseError {
    /// Not valid RON of the codebook's shape.
    #[error("codebook text is not readable: {0}")]
    Syntax(String),
    /// Readable but breaks a codebook rule.
    #[error("codebook is not valid: {0}")]
    Rules(#[from] CodebookError),
}

/// Parses and validates a codebook written in the project file's codebook format.
///
/// # Errors
/// Syntax errors, or the first codebook rule broken.
pub fn parse_codebook(text: &str) -> Result<Codebook, CodebookParseError> {
    let raw: CodebookV5 = ron::from_str(text).map_err(|e| CodebookParseError::Syntax(e.to_string()))?;
    let cb = raw.into_model();
    cb.validate()?;
    Ok(cb)
}

/// The BeFITS-MH codebook shipped with the app (8 domains, 37 constructs).
///
/// # Errors
/// Only if the embedded asset is broken, which a unit test rules out for every build.
pub fn default_codebook() -> Result<Codebook, CodebookParseError> {
    parse_codebook(BEFITS_MH)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ConstructKey;

    #[test]
    fn shipped_codebook_is_valid_and_complete() {
        let cb = parse_codebook(BEFITS_MH).unwrap();
        assert_eq!(cb.domains.len(), 8);
        assert_eq!(cb.constructs.len(), 37);
        let per_domain: Vec<usize> = cb.domains.iter().map(|d| cb.constructs_in(&d.key).count()).collect();
        assert_eq!(per_domain, vec![5, 6, 2, 3, 4, 3, 10, 4]);
        for c in &cb.constructs {
            assert!(c.key.0.starts_with(&format!("{}.", c.domain.0)), "{} is keyed by its domain", c.key);
            assert!(c.definition.len() > 20, "{} has a definition", c.key);
        }
        assert!(cb.construct(&ConstructKey::new("intervention.tsp_role")).is_some());
    }

    #[test]
    fn keys_match_the_reference_list_when_present() {
        let path =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/reference/befits-mh-constructs.tsv");
        let Ok(tsv) = std::fs::read_to_string(&path) else {
            eprintln!("skipped: {} is absent", path.display());
            return;
        };
        let reference: Vec<&str> = tsv.lines().skip(1).filter_map(|l| l.split('\t').next()).collect();
        let cb = default_codebook().unwrap();
        let ours: Vec<&str> = cb.constructs.iter().map(|c| c.key.as_str()).collect();
        assert_eq!(ours, reference);
    }

    #[test]
    fn broken_codebook_text_is_an_error() {
        assert!(matches!(parse_codebook("(name: "), Err(CodebookParseError::Syntax(_))));
        assert!(matches!(
            parse_codebook(r#"(name: "x", domains: [], constructs: [])"#),
            Err(CodebookParseError::Rules(_))
        ));
    }
}
