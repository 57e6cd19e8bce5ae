//! Header roles by meaning on the development set's generated tables, whose header
//! wordings are drawn from the HELD-OUT half of each role's wordings (the vocabulary
//! holds only the train half): issue 16 asks that at least 0.95 of those header cells
//! get the right role. The truth is each spec's `roles` list (truth by construction,
//! `fixtures/gen/generate_templates.py` on branch `devset`); the roles are read from
//! the spec's header and body cells exactly as `tables::recognize` reads them.

use crate::common::root;
use piao_extract::config::Config;
use piao_extract::tables::header::{Matcher, stack_rows};
use piao_extract::tables::{TableCell, columns};
use piao_extract::vocab::Role;
use serde_json::Value;

/// Issue 16, "Checks": held-out wordings, at least this share of header cells right.
const MIN_SHARE: f64 = 0.95;

/// The development set's role names → ours.
fn role(name: &str) -> Option<Role> {
    serde_json::from_value(Value::String(name.to_string())).ok()
}

fn cell(text: &str) -> TableCell {
    TableCell {
        text: text.to_string(),
        prov: None,
        bold: None,
    }
}

/// The spec's header rows with each spanning cell repeated over the columns it spans
/// (`spans`: `row` negative counts header rows up from the column header).
fn spanned(headers: &[Value], spans: &Value) -> Vec<Vec<String>> {
    let mut rows: Vec<Vec<String>> = headers
        .iter()
        .map(|r| {
            r.as_array()
                .into_iter()
                .flatten()
                .map(|h| h.as_str().unwrap_or("").to_string())
                .collect()
        })
        .collect();
    let n = rows.len() as i64;
    for sp in spans.as_array().into_iter().flatten() {
        let (Some(row), Some(col), Some(span)) = (
            sp["row"].as_i64(),
            sp["col"].as_u64(),
            sp["colspan"].as_u64(),
        ) else {
            continue;
        };
        let Some(r) = usize::try_from(n - 1 + row)
            .ok()
            .and_then(|i| rows.get_mut(i))
        else {
            continue;
        };
        let (col, span) = (col as usize, span as usize);
        let text = r.get(col).cloned().unwrap_or_default();
        for c in r.iter_mut().skip(col + 1).take(span.saturating_sub(1)) {
            c.clone_from(&text);
        }
    }
    rows
}

/// (spec id, header cell, true role, role read) for every generated table with roles.
fn read_roles() -> Vec<(String, String, Role, Option<Role>)> {
    let dir = root().join("fixtures/comuni/spec");
    let mut specs: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("g-"))
        })
        .collect();
    specs.sort();
    let config = Config::default();
    let m = Matcher::new(&config.vocab, &config.header);
    let mut out = Vec::new();
    for path in specs {
        let spec: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let id = spec["id"].as_str().unwrap_or("").to_string();
        for b in spec["blocks"].as_array().into_iter().flatten() {
            let (Some(roles), Some(headers)) = (b["roles"].as_array(), b["header"].as_array())
            else {
                continue;
            };
            let header = stack_rows(&spanned(headers, &b["spans"]));
            let rows: Vec<Vec<TableCell>> = b["rows"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|r| {
                    r.as_array()
                        .into_iter()
                        .flatten()
                        .map(|c| cell(c.as_str().unwrap_or("")))
                        .collect()
                })
                .collect();
            let got = columns(&header, &rows, &m, &config);
            for ((h, want), c) in header.iter().zip(roles).zip(&got) {
                let want = want.as_str().and_then(role);
                if let Some(want) = want {
                    out.push((id.clone(), h.clone(), want, c.role));
                }
            }
        }
    }
    out
}

#[test]
fn held_out_header_wordings_get_their_roles() {
    let all = read_roles();
    assert!(
        all.len() >= 200,
        "only {} header cells with roles",
        all.len()
    );
    let wrong: Vec<&(String, String, Role, Option<Role>)> = all
        .iter()
        .filter(|(_, _, want, got)| Some(*want) != *got)
        .collect();
    let share = 1.0 - wrong.len() as f64 / all.len() as f64;
    let listing: Vec<String> = wrong
        .iter()
        .map(|(id, h, want, got)| format!("{id}: '{h}' is {want:?}, read {got:?}"))
        .collect();
    eprintln!(
        "held-out header roles: {} of {} right ({share:.4})\n{}",
        all.len() - wrong.len(),
        all.len(),
        listing.join("\n")
    );
    assert!(
        share >= MIN_SHARE,
        "{share:.4} of header cells right, under {MIN_SHARE}:\n{}",
        listing.join("\n")
    );
}

/// Header wordings written for this test after the synonym mechanism was built, by
/// the same session, from general plan usage (none is a wording of the vocabulary or
/// of the development set's held-out half): the same share must hold on them. Each
/// is read alone, as a table's only header cell.
const INVENTED: &[(&str, Role)] = &[
    ("Divario rispetto al target", Role::Deviation),
    ("Valore originario", Role::Baseline),
    ("Risultato effettivo", Role::Actual),
    ("Livello previsto", Role::Target),
    ("Fruitori del servizio", Role::Beneficiaries),
    ("Considerazioni", Role::Notes),
    ("Incaricato", Role::Dirigente),
    ("Reparto competente", Role::Settore),
    ("Data di completamento", Role::Deadline),
    ("Rilevanza", Role::Weight),
    ("Motivo dell'indicatore", Role::Purpose),
    ("Interventi programmati", Role::Actions),
    ("Valore riscontrato", Role::Actual),
    ("Dato iniziale", Role::Baseline),
    ("Traguardo previsto", Role::Target),
    ("Sigla obiettivo", Role::ObjectiveCode),
    ("Misuratore di risultato", Role::Indicator),
    ("Tempi di attuazione", Role::Deadline),
    ("Obiettivo di gestione annuale", Role::Objective),
    ("Dirigente di settore", Role::Dirigente),
    ("Scostamento percentuale", Role::Deviation),
    ("Percentuale di conseguimento", Role::Achievement),
    ("Stakeholder coinvolti", Role::Beneficiaries),
    ("Metodologia di calcolo", Role::Formula),
];

#[test]
fn invented_header_wordings_get_their_roles() {
    let config = Config::default();
    let m = Matcher::new(&config.vocab, &config.header);
    let wrong: Vec<String> = INVENTED
        .iter()
        .filter_map(|(h, want)| {
            let got = m.role(h).map(|r| r.role);
            (got != Some(*want)).then(|| format!("'{h}' is {want:?}, read {got:?}"))
        })
        .collect();
    let share = 1.0 - wrong.len() as f64 / INVENTED.len() as f64;
    eprintln!(
        "invented header roles: {} of {} right ({share:.4})\n{}",
        INVENTED.len() - wrong.len(),
        INVENTED.len(),
        wrong.join("\n")
    );
    assert!(
        share >= MIN_SHARE,
        "{share:.4} right:\n{}",
        wrong.join("\n")
    );
}

/// The synonym lexicon holds words, not header wordings: no set member of two words or
/// more is a held-out wording of the development set (read as the matcher reads
/// them), but for the one a dictionary gives as a gloss (`portatori di interesse` for
/// `stakeholder`). One-word members that are held-out wordings (`Gap`, `Differenza`)
/// are dictionary synonyms; they are listed, since they make the held-out share
/// above an optimistic measure.
#[test]
fn the_lexicon_holds_no_held_out_phrase() {
    const GLOSSES: &[&str] = &["portatori di interesse"];
    let config = Config::default();
    let m = Matcher::new(&config.vocab, &config.header);
    let path = root().join("fixtures/gen/wordings/heldout.json");
    let held: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let mut texts = Vec::new();
    collect_texts(&held, &mut texts);
    assert!(texts.len() >= 50, "only {} held-out wordings", texts.len());
    let stems = |t: &str| -> Vec<String> {
        m.read(t)
            .words
            .into_iter()
            .map(|w| w.stem.into_owned())
            .collect()
    };
    let held: Vec<Vec<String>> = texts.iter().map(|t| stems(t)).collect();
    let mut single = Vec::new();
    for set in &config.vocab.synonyms {
        for w in &set.words {
            let s = stems(w);
            if !held.contains(&s) {
                continue;
            }
            if s.len() == 1 {
                single.push(w.clone());
            } else {
                assert!(
                    GLOSSES.iter().any(|g| stems(g) == s),
                    "held-out phrase '{w}' in the lexicon"
                );
            }
        }
    }
    eprintln!("one-word lexicon members that are held-out wordings: {single:?}");
}

fn collect_texts(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                match (k.as_str(), x) {
                    ("text", Value::String(s)) => out.push(s.clone()),
                    _ => collect_texts(x, out),
                }
            }
        }
        Value::Array(a) => a.iter().for_each(|x| collect_texts(x, out)),
        _ => {}
    }
}
