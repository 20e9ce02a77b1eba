//! The codebook as CSV (`key`, `domain`, `label`, `definition`, `retired`, `kind`, `parent`),
//! so a team can share one codebook in a spreadsheet; codes imported from another tool are
//! listed too (`kind` = `imported`, `domain` = the tool, `parent` = their parent's key). And
//! the codebook as Taguette reads a codebook (`tag`, `description`).

use crate::model::{Codebook, Construct, ConstructKey, DomainKey, ImportedCode, Valence};

const IMPORTED: &str = "imported";

/// The codebook as CSV, one construct per row in codebook order, then the imported codes.
#[must_use]
pub fn codebook_csv(cb: &Codebook) -> String {
    let header = [["key", "domain", "label", "definition", "retired", "kind", "parent"].map(str::to_owned).to_vec()];
    let rows = cb.constructs.iter().map(|c| {
        vec![
            c.key.as_str().to_owned(),
            c.domain.as_str().to_owned(),
            c.label.clone(),
            c.definition.clone(),
            if c.retired { "yes" } else { "" }.to_owned(),
            "construct".to_owned(),
            String::new(),
        ]
    });
    let imported = cb.imported.iter().map(|c| {
        vec![
            c.key.clone(),
            c.origin.clone(),
            c.name.clone(),
            c.description.clone(),
            if c.codable { "" } else { "not codable" }.to_owned(),
            IMPORTED.to_owned(),
            c.parent.clone().unwrap_or_default(),
        ]
    });
    crate::sink::csv_rows(b',', false, header.into_iter().chain(rows).chain(imported))
}

/// The codebook as a Taguette codebook (`tag`, `description`): one tag per construct and
/// valence, named as in a REFI-QDA export (`Label [Barrier]`), and one per imported code.
#[must_use]
pub fn codebook_taguette_csv(cb: &Codebook) -> String {
    let names = super::refi::code_names(cb);
    let header = [vec!["tag".to_owned(), "description".to_owned()]];
    let rows = cb.constructs.iter().flat_map(|c| {
        let names = &names;
        Valence::ALL.into_iter().map(move |v| {
            let domain = cb.domain(&c.domain).map_or(c.domain.as_str(), |d| d.name.as_str());
            vec![
                names.valenced(&c.key, v),
                format!("{} ({domain}), as a {}. {}", c.label, v.label().to_lowercase(), c.definition),
            ]
        })
    });
    let imported = cb
        .imported
        .iter()
        .map(|c| vec![names.imported.get(&c.key).cloned().unwrap_or_else(|| c.name.clone()), c.description.clone()]);
    crate::sink::csv_rows(b',', false, header.into_iter().chain(rows).chain(imported))
}

/// Applies a codebook CSV onto `base`: known keys get the row's label, definition and
/// retired flag; new keys are added to their (existing) domain; imported codes that are not
/// in the codebook yet are added. Keys are never removed.
///
/// # Errors
/// A missing column, an unknown domain, an empty label: with the line number.
pub fn import_codebook_csv(text: &str, base: &Codebook) -> Result<Codebook, String> {
    let mut reader =
        csv::ReaderBuilder::new().flexible(false).from_reader(text.trim_start_matches('\u{FEFF}').as_bytes());
    let header: Vec<String> =
        reader.headers().map_err(|e| e.to_string())?.iter().map(|h| h.trim().to_ascii_lowercase()).collect();
    let col = |n: &str| header.iter().position(|h| h == n);
    let (Some(key_col), Some(domain_col), Some(label_col)) = (col("key"), col("domain"), col("label")) else {
        return Err("the codebook table needs the columns key, domain and label".into());
    };
    let (def_col, retired_col, kind_col, parent_col) = (col("definition"), col("retired"), col("kind"), col("parent"));
    let mut cb = base.clone();
    for record in reader.records() {
        let record = record.map_err(|e| e.to_string())?;
        let line = record.position().map_or(0, csv::Position::line);
        let cell = |i: Option<usize>| i.and_then(|i| record.get(i)).unwrap_or("").trim().to_owned();
        let label = cell(Some(label_col));
        if cell(Some(key_col)).is_empty() || label.is_empty() {
            return Err(format!("line {line}: the key and the label must not be empty"));
        }
        if cell(kind_col) == IMPORTED {
            let key = cell(Some(key_col));
            if !cb.imported.iter().any(|c| c.key == key) {
                let parent = Some(cell(parent_col)).filter(|p| !p.is_empty());
                cb.imported.push(ImportedCode {
                    key,
                    name: label,
                    parent,
                    color: None,
                    description: cell(def_col),
                    codable: cell(retired_col).is_empty(),
                    origin: cell(Some(domain_col)),
                    guid: String::new(),
                    sets: Vec::new(),
                });
            }
            continue;
        }
        let key = ConstructKey::new(cell(Some(key_col)));
        let domain = DomainKey::new(cell(Some(domain_col)));
        if cb.domain(&domain).is_none() {
            return Err(format!("line {line}: domain `{domain}` is not in the codebook"));
        }
        let retired = matches!(cell(retired_col).to_ascii_lowercase().as_str(), "yes" | "true" | "1");
        let definition = cell(def_col);
        match cb.constructs.iter_mut().find(|c| c.key == key) {
            Some(c) => {
                c.label = label;
                c.definition = definition;
                c.retired = retired;
                c.domain = domain;
            }
            None => cb.constructs.push(Construct { key, domain, label, definition, retired }),
        }
    }
    cb.validate().map_err(|e| e.to_string())?;
    Ok(cb)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::persistence::default_codebook;

    #[test]
    fn round_trip_and_additions() {
        let cb = default_codebook().unwrap();
        let csv = codebook_csv(&cb);
        assert_eq!(import_codebook_csv(&csv, &cb).unwrap(), cb);
        let more = format!(
            "{csv}stigma.anticipated,stigma,Anticipated stigma,\"Fear of being labelled, before any contact.\",,construct,\n"
        );
        let grown = import_codebook_csv(&more, &cb).unwrap();
        assert_eq!(grown.constructs.len(), 38);
        let bad = format!("{csv}x.y,nowhere,Label,,,construct,\n");
        assert!(import_codebook_csv(&bad, &cb).unwrap_err().contains("line 39: domain `nowhere`"));
        // The older five columns still read.
        let old = "key,domain,label,definition,retired\nstigma.anticipated,stigma,Anticipated stigma,,\n";
        assert_eq!(import_codebook_csv(old, &cb).unwrap().constructs.len(), 38);
    }

    #[test]
    fn imported_codes_are_listed_and_read_back_with_their_tree() {
        let mut cb = default_codebook().unwrap();
        let code = |key: &str, parent: Option<&str>| ImportedCode {
            key: key.into(),
            name: format!("Name of {key}"),
            parent: parent.map(str::to_owned),
            color: None,
            description: "said, with a comma".into(),
            codable: parent.is_some(),
            origin: "NVivo 14".into(),
            guid: String::new(),
            sets: Vec::new(),
        };
        cb.imported = vec![code("imported.a-1", None), code("imported.b-2", Some("imported.a-1"))];
        let csv = codebook_csv(&cb);
        assert!(
            csv.contains("imported.b-2,NVivo 14,Name of imported.b-2,\"said, with a comma\",,imported,imported.a-1")
        );
        let mut base = cb.clone();
        base.imported.clear();
        assert_eq!(import_codebook_csv(&csv, &base).unwrap(), cb);
    }

    #[test]
    fn the_taguette_codebook_has_one_tag_column_and_a_tag_per_construct_and_valence() {
        let cb = default_codebook().unwrap();
        let csv = codebook_taguette_csv(&cb);
        let mut rows = csv::Reader::from_reader(csv.as_bytes());
        let header: Vec<String> = rows.headers().unwrap().iter().map(str::to_owned).collect();
        assert_eq!(header, ["tag", "description"]);
        let tags: Vec<String> = rows.records().map(|r| r.unwrap()[0].to_owned()).collect();
        assert_eq!(tags.len(), cb.constructs.len() * 3);
        let distinct: std::collections::BTreeSet<&String> = tags.iter().collect();
        assert_eq!(distinct.len(), tags.len(), "unique tags");
    }
}
