//! The codebook as CSV (`key`, `domain`, `label`, `definition`, `retired`), so a team can
//! share one codebook in a spreadsheet.

use crate::model::{Codebook, Construct, ConstructKey, DomainKey};

/// The codebook as CSV, one construct per row in codebook order.
#[must_use]
pub fn codebook_csv(cb: &Codebook) -> String {
    let header = [["key", "domain", "label", "definition", "retired"].map(str::to_owned).to_vec()];
    let rows = cb.constructs.iter().map(|c| {
        vec![
            c.key.as_str().to_owned(),
            c.domain.as_str().to_owned(),
            c.label.clone(),
            c.definition.clone(),
            if c.retired { "yes" } else { "" }.to_owned(),
        ]
    });
    crate::sink::csv_rows(b',', false, header.into_iter().chain(rows))
}

/// Applies a codebook CSV onto `base`: known keys get the row's label, definition and
/// retired flag; new keys are added to their (existing) domain. Keys are never removed.
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
    let (def_col, retired_col) = (col("definition"), col("retired"));
    let mut cb = base.clone();
    for record in reader.records() {
        let record = record.map_err(|e| e.to_string())?;
        let line = record.position().map_or(0, csv::Position::line);
        let cell = |i: Option<usize>| i.and_then(|i| record.get(i)).unwrap_or("").trim().to_owned();
        let key = ConstructKey::new(cell(Some(key_col)));
        let domain = DomainKey::new(cell(Some(domain_col)));
        let label = cell(Some(label_col));
        if key.as_str().is_empty() || label.is_empty() {
            return Err(format!("line {line}: the key and the label must not be empty"));
        }
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
            "{csv}stigma.anticipated,stigma,Anticipated stigma,\"Fear of being labelled, before any contact.\",\n"
        );
        let grown = import_codebook_csv(&more, &cb).unwrap();
        assert_eq!(grown.constructs.len(), 38);
        let bad = format!("{csv}x.y,nowhere,Label,,\n");
        assert!(import_codebook_csv(&bad, &cb).unwrap_err().contains("line 39: domain `nowhere`"));
    }
}
