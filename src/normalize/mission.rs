//! Missione / Programma of the harmonised budget, from a code or a name.
//!
//! Every comune's DUP and PEG classify spending by the missions and programmes of
//! D.Lgs. 118/2011, allegato 14 (`data/missions/missioni_programmi.tsv`, source in its
//! `SOURCE.md`): the one classification all comuni share, so it is what makes their
//! objectives comparable. Plans print it as a code (`01`, `01.02`, `0102`, `Missione
//! 01`, `Missione 1 Programma 2`), a name (`Servizi istituzionali, generali e di
//! gestione`, `Segreteria generale`), or both (`01.02 - Segreteria generale`). A code
//! outside the list, or a name that matches nothing, is a [`Notice`], never a guess.

use super::{Notice, fold, similar_at_least, tsv_rows};
use crate::config::NormalizeRules;
use serde::Serialize;
use std::sync::LazyLock;

const LIST: &str = include_str!("../../data/missions/missioni_programmi.tsv");

/// One row of the official list: a mission (no programme) or one of its programmes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Programme {
    /// Two-digit mission code (`01`).
    pub mission_code: String,
    /// Two-digit programme code (`02`); `None` on a mission's own row.
    pub programme_code: Option<String>,
    /// Official name.
    pub name: String,
    /// Marked "solo per le Regioni" in the list.
    pub regions_only: bool,
}

/// What [`resolve_mission`] found: the four record fields and a notice when something
/// printed could not be validated.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct MissionMatch {
    /// `01`.
    pub mission_code: Option<String>,
    /// `Servizi istituzionali, generali e di gestione`.
    pub mission: Option<String>,
    /// `02` (within the mission).
    pub programme_code: Option<String>,
    /// `Segreteria generale`.
    pub programme: Option<String>,
    /// Why a printed code or name gave nothing (`unknown_mission`).
    pub notice: Option<Notice>,
}

struct Rows {
    rows: Vec<Programme>,
    /// Folded names, parallel to `rows`.
    folded: Vec<String>,
}

static ROWS: LazyLock<Rows> = LazyLock::new(|| {
    load().unwrap_or(Rows {
        rows: Vec::new(),
        folded: Vec::new(),
    })
});

fn load() -> Result<Rows, String> {
    let rows: Vec<Programme> = tsv_rows(LIST, &["mission", "programme", "name", "regions_only"])?
        .into_iter()
        .map(|r| Programme {
            mission_code: r[0].to_string(),
            programme_code: (!r[1].is_empty()).then(|| r[1].to_string()),
            name: r[2].to_string(),
            regions_only: r[3] == "yes",
        })
        .collect();
    let folded = rows.iter().map(|p| name_key(&p.name)).collect();
    Ok(Rows { rows, folded })
}

/// The official list, missions and programmes in order.
pub fn programmes() -> &'static [Programme] {
    &ROWS.rows
}

/// Whether `mission`.`programme` (two digits each) is a programme of the official list.
pub fn is_programme(mission: &str, programme: &str) -> bool {
    ROWS.rows
        .iter()
        .any(|r| r.mission_code == mission && r.programme_code.as_deref() == Some(programme))
}

/// Whether `mission` (two digits) is a mission of the official list.
pub fn is_mission(mission: &str) -> bool {
    ROWS.rows
        .iter()
        .any(|r| r.mission_code == mission && r.programme_code.is_none())
}

fn name_key(s: &str) -> String {
    fold(s)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

static WORDED: crate::text::Rule = crate::text::Rule::new(
    r"(?i)^\s*(?:missione|miss\.)\s*[:.]?\s*(?:n\.?\s*)?(\d{1,2})\b(?:[\s,;:–-]*(?:programma|progr\.|prog\.)\s*[:.]?\s*(?:n\.?\s*)?(\d{1,2})\b)?",
);
/// `Programma 3`, `Programma n. 1` — or `Programma 12.05`, which names its mission too.
static PROGRAMME_ONLY: crate::text::Rule = crate::text::Rule::new(
    r"(?i)^\s*(?:programma|progr\.|prog\.)\s*[:.]?\s*(?:n\.?\s*)?(\d{1,2})(?:\s*[./]\s*(\d{1,2}))?\b",
);
static CODE: crate::text::Rule = crate::text::Rule::new(
    r"^\s*(?:(\d{2})(\d{2})|(\d{1,2})(?:\s*[./_]\s*(\d{1,2}))?)(?:\s*$|\s*[\s:–-]\s*)",
);

/// A mission and programme code printed at the start of `text`, whether only a
/// programme was named, and the text after the codes.
fn codes(text: &str) -> (Option<u32>, Option<u32>, bool, String) {
    let num = |m: Option<crate::text::Match>| m.and_then(|m| m.as_str().parse::<u32>().ok());
    let rest = |c: &crate::text::Captures| text[c.get(0).map_or(0, |m| m.end())..].to_string();
    if let Some(c) = WORDED.captures(text) {
        return (num(c.get(1)), num(c.get(2)), false, rest(&c));
    }
    if let Some(c) = PROGRAMME_ONLY.captures(text) {
        return match c.get(2) {
            Some(_) => (num(c.get(1)), num(c.get(2)), false, rest(&c)),
            None => (None, num(c.get(1)), true, rest(&c)),
        };
    }
    if let Some(c) = CODE.captures(text) {
        let (m, p) = match c.get(1) {
            Some(_) => (num(c.get(1)), num(c.get(2))),
            None => (num(c.get(3)), num(c.get(4))),
        };
        return (m, p, false, rest(&c));
    }
    (None, None, false, text.to_string())
}

/// Resolve a printed mission / programme (a column cell, a heading, a code).
///
/// Codes are validated against the official list; a name is matched folded, exactly or
/// at [`NormalizeRules::mission_name_min_similarity`] (read from
/// [`NormalizeRules::DEFAULT`]); a programme name alone gives its mission too when it is
/// unique in the list (`Segreteria generale` is 01.02). When a code and a name are both
/// printed, the code decides and a name that names something else is a notice.
pub fn resolve_mission(text: &str) -> MissionMatch {
    resolve_mission_in(text, None)
}

/// A programme's own number printed bare at the start (`03 – Gestione economica, …`,
/// or after `n.`: `n. 1 – Polizia locale e amministrativa` in a card's Programma field,
/// t-collesalvetti), not a `MM.PP` or `MMPP` code.
static BARE_NUMBER: crate::text::Rule =
    crate::text::Rule::new(r"^\s*(?:(?:n|nr)\s*[.°º]\s*)?\d{1,2}(?:$|[^\d./_])");

/// Resolve what a document prints *as a Programma* (a Programma column's cell, a
/// `Programma …` heading) under the mission it gave, if any: a bare number is the
/// programme's number within the mission (`03 – Gestione economica, finanziaria,
/// programmazione e provveditorato`, Sulmona's Programmi column), where
/// [`resolve_mission`] would read it as a mission; a `MM.PP` code names both.
pub fn resolve_programme_in(text: &str, mission_code: Option<&str>) -> MissionMatch {
    if BARE_NUMBER.is_match(text) {
        return resolve_mission_in(&format!("Programma {}", text.trim_start()), mission_code);
    }
    resolve_mission_in(text, mission_code)
}

/// [`resolve_mission`] under a mission already known from the document (a sheet headed
/// `Missione: 1` whose rows print `Programma: 3`, Ozieri PDO 2016): a programme printed
/// alone is read within it.
pub fn resolve_mission_in(text: &str, mission_code: Option<&str>) -> MissionMatch {
    let (mut mission, programme, mut programme_only, rest) = codes(text);
    let known = mission_code.and_then(|m| m.trim().parse::<u32>().ok());
    if let (true, Some(m)) = (programme_only, known) {
        mission = Some(m);
        programme_only = false;
    }
    let name = rest.trim_matches(|c: char| c.is_whitespace() || "-–:.,;".contains(c));
    let by_name = (!name.is_empty())
        .then(|| find_name(name, mission))
        .flatten();
    if mission.is_none() && programme_only {
        return match by_name {
            Some(i) => from_row(i, None),
            None => unknown(text, "a programme without its mission"),
        };
    }
    match mission {
        Some(m) => from_codes(text, m, programme, name, by_name),
        None => match by_name {
            Some(i) => from_row(i, None),
            None if name.is_empty() => MissionMatch::default(),
            None => unknown(text, "no mission or programme of that name"),
        },
    }
}

fn from_codes(
    text: &str,
    m: u32,
    p: Option<u32>,
    name: &str,
    by_name: Option<usize>,
) -> MissionMatch {
    let (mc, pc) = (format!("{m:02}"), p.map(|p| format!("{p:02}")));
    let Some(i) = ROWS
        .rows
        .iter()
        .position(|r| r.mission_code == mc && r.programme_code == pc)
    else {
        return unknown(
            text,
            "a code not in the list of D.Lgs. 118/2011, allegato 14",
        );
    };
    let disagrees = by_name.is_some_and(|j| !same_branch(i, j));
    let notice = (disagrees || (!name.is_empty() && by_name.is_none())).then(|| {
        Notice::new(
            "mission_name_mismatch",
            format!(
                "{text:?}: the name does not match code {mc}{}",
                pc.as_deref().map(|p| format!(".{p}")).unwrap_or_default()
            ),
        )
    });
    from_row(i, notice)
}

/// The name at `j` is the row `i` or its mission.
fn same_branch(i: usize, j: usize) -> bool {
    let (a, b) = (&ROWS.rows[i], &ROWS.rows[j]);
    i == j || (b.programme_code.is_none() && a.mission_code == b.mission_code)
}

/// The row a name names: exact folded match first, then the most similar at or above
/// the threshold; a programme name shared by two missions needs the mission code.
///
/// The similarity is `strsim::normalized_levenshtein`'s, computed only for rows it
/// can reach the threshold with ([`similar_at_least`]: the edit distance stops at
/// the most edits the threshold allows): a name printed beside each objective was
/// compared in full with every row of the list, a fifth of a 2-page xhtml2pdf
/// plan's stages (h5-ortanova). A row below the threshold was skipped either way,
/// and a row above it gets strsim's value, so the row found is the same.
fn find_name(name: &str, mission: Option<u32>) -> Option<usize> {
    find_name_by(name, mission, similar_at_least)
}

/// [`find_name`] with the similarity it ranks rows by: `similar(key, row, min)` is the
/// similarity where it reaches `min`, `None` below (the tests pass the full scan).
fn find_name_by(
    name: &str,
    mission: Option<u32>,
    similar: impl Fn(&str, &str, f64) -> Option<f64>,
) -> Option<usize> {
    let key = name_key(name);
    let code = mission.map(|m| format!("{m:02}"));
    let in_mission = |i: &usize| {
        code.as_ref()
            .is_none_or(|c| ROWS.rows[*i].mission_code == *c)
    };
    let exact: Vec<usize> = (0..ROWS.folded.len())
        .filter(|&i| ROWS.folded[i] == key)
        .filter(in_mission)
        .collect();
    if let [i] = exact[..] {
        return Some(i);
    }
    let min = NormalizeRules::DEFAULT.mission_name_min_similarity;
    let mut best: Option<(f64, usize)> = None;
    let mut tie = false;
    for i in (0..ROWS.folded.len()).filter(in_mission) {
        let Some(s) = similar(&key, &ROWS.folded[i], min) else {
            continue;
        };
        match best {
            Some((b, _)) if s == b => tie = true,
            Some((b, _)) if s < b => {}
            _ => {
                best = Some((s, i));
                tie = false;
            }
        }
    }
    best.filter(|_| !tie).map(|(_, i)| i)
}

fn from_row(i: usize, notice: Option<Notice>) -> MissionMatch {
    let row = &ROWS.rows[i];
    let mission = ROWS
        .rows
        .iter()
        .find(|r| r.mission_code == row.mission_code && r.programme_code.is_none());
    MissionMatch {
        mission_code: Some(row.mission_code.clone()),
        mission: mission.map(|m| m.name.clone()),
        programme_code: row.programme_code.clone(),
        programme: row.programme_code.as_ref().map(|_| row.name.clone()),
        notice,
    }
}

fn unknown(text: &str, why: &str) -> MissionMatch {
    MissionMatch {
        notice: Some(Notice::new("unknown_mission", format!("{text:?}: {why}"))),
        ..MissionMatch::default()
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    /// [`find_name`] as it was written before the bounded similarity: strsim's
    /// similarity with every row of the list (the full scan it must agree with).
    fn find_name_full_scan(name: &str, mission: Option<u32>) -> Option<usize> {
        find_name_by(name, mission, |a, b, min| {
            Some(strsim::normalized_levenshtein(a, b)).filter(|s| *s >= min)
        })
    }

    /// Every name of the official list, each with slips at the threshold's edge
    /// (one to six characters dropped from its end, a letter changed every few
    /// characters), and every mission and programme the fixtures' truth prints:
    /// the bounded search finds what the full scan finds, with and without a
    /// mission code, for every mission code.
    #[test]
    fn the_bounded_name_search_finds_what_the_full_scan_finds() {
        let mut names: Vec<String> = Vec::new();
        for r in &ROWS.rows {
            let chars: Vec<char> = r.name.chars().collect();
            names.push(r.name.clone());
            for cut in 1..=6.min(chars.len()) {
                names.push(chars[..chars.len() - cut].iter().collect());
            }
            for step in [3, 5, 8, 13] {
                let slipped: String = chars
                    .iter()
                    .enumerate()
                    .map(|(i, c)| if i % step == 1 { 'x' } else { *c })
                    .collect();
                names.push(slipped);
            }
        }
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
        let mut truth = 0;
        for dir in [root.clone(), root.join("comuni")] {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if !path.to_string_lossy().ends_with(".records.json") {
                    continue;
                }
                let text = std::fs::read_to_string(&path).unwrap();
                let value: serde_json::Value = serde_json::from_str(&text).unwrap();
                let mut stack = vec![&value];
                while let Some(v) = stack.pop() {
                    match v {
                        serde_json::Value::Array(a) => stack.extend(a),
                        serde_json::Value::Object(o) => {
                            for (k, x) in o {
                                match (k.as_str(), x) {
                                    ("mission" | "programme", serde_json::Value::String(t)) => {
                                        names.push(t.clone());
                                        truth += 1;
                                    }
                                    _ => stack.push(x),
                                }
                            }
                        }
                        _ => {}
                    }
                }
            }
        }
        assert!(truth > 0, "no mission or programme in the fixtures' truth");
        let missions: Vec<Option<u32>> = std::iter::once(None).chain((1..=60).map(Some)).collect();
        let mut found = 0;
        for name in &names {
            for &m in &missions {
                let full = find_name_full_scan(name, m);
                assert_eq!(find_name(name, m), full, "{name:?} in mission {m:?}");
                found += usize::from(full.is_some());
            }
        }
        assert!(found > names.len(), "the names should be found: {found}");
    }

    #[test]
    fn the_list_parses() {
        assert!(load().is_ok());
        let missions = programmes()
            .iter()
            .filter(|p| p.programme_code.is_none())
            .count();
        assert_eq!((missions, programmes().len()), (23, 122)); // SOURCE.md
    }

    /// mission code, mission, programme code, programme, notice code.
    type Fields = (
        Option<String>,
        Option<String>,
        Option<String>,
        Option<String>,
        Option<&'static str>,
    );

    fn fields(text: &str) -> Fields {
        let m = resolve_mission(text);
        (
            m.mission_code,
            m.mission,
            m.programme_code,
            m.programme,
            m.notice.map(|n| n.code),
        )
    }

    #[test]
    fn codes_and_names() {
        let s = |x: &str| Some(x.to_string());
        let m01 = s("Servizi istituzionali, generali e di gestione");
        let seg = s("Segreteria generale");
        let rows: &[(&str, Fields)] = &[
            ("01", (s("01"), m01.clone(), None, None, None)),
            ("01.02", (s("01"), m01.clone(), s("02"), seg.clone(), None)),
            ("0102", (s("01"), m01.clone(), s("02"), seg.clone(), None)),
            ("1.2", (s("01"), m01.clone(), s("02"), seg.clone(), None)),
            ("Missione 01", (s("01"), m01.clone(), None, None, None)),
            (
                "Missione 1 Programma 2",
                (s("01"), m01.clone(), s("02"), seg.clone(), None),
            ),
            (
                "MISSIONE 01 - Servizi istituzionali, generali e di gestione",
                (s("01"), m01.clone(), None, None, None),
            ),
            (
                "Servizi istituzionali, generali e di gestione",
                (s("01"), m01.clone(), None, None, None),
            ),
            (
                "SERVIZI ISTITUZIONALI, GENERALI E DI GESTIONE",
                (s("01"), m01.clone(), None, None, None),
            ),
            (
                "Segreteria generale",
                (s("01"), m01.clone(), s("02"), seg.clone(), None),
            ),
            (
                "01.02 Segreteria generale",
                (s("01"), m01.clone(), s("02"), seg.clone(), None),
            ),
            // Rovigo PDO 2010 (docplayer.it): `12- DIRITTI SOCIALI, POLITICHE SOCIALI E FAMIGLIA`
            (
                "12- DIRITTI SOCIALI, POLITICHE SOCIALI E FAMIGLIA",
                (
                    s("12"),
                    s("Diritti sociali, politiche sociali e famiglia"),
                    None,
                    None,
                    None,
                ),
            ),
            // a slip in the printed name still matches (`asilo nido` for `asili nido`)
            (
                "Interventi per l'infanzia e i minori e per asilo nido",
                (
                    s("12"),
                    s("Diritti sociali, politiche sociali e famiglia"),
                    s("01"),
                    s("Interventi per l'infanzia e i minori e per asili nido"),
                    None,
                ),
            ),
            (
                "Polizia locale e amministrativa",
                (
                    s("03"),
                    s("Ordine pubblico e sicurezza"),
                    s("01"),
                    s("Polizia locale e amministrativa"),
                    None,
                ),
            ),
            (
                "Missione 99 Programma 01",
                (
                    s("99"),
                    s("Servizi per conto terzi"),
                    s("01"),
                    s("Servizi per conto terzi e Partite di giro"),
                    None,
                ),
            ),
            // Ozieri PDO 2016, https://it.readkong.com/page/descrizione-obiettivi-servizio-bilancio-spese-e-gestione-7768223
            (
                "Missione: 1 Servizi istituzionali, generali e di gestione",
                (s("01"), m01.clone(), None, None, None),
            ),
            // Piano della performance, 'Riepilogo delle Missioni' (comune not named),
            // https://123dok.org/article/sviluppo-economico-competitivit%C3%A0-documenti-riferimento-piano-performance.q2n3o69j
            (
                "Missione 03 Ordine pubblico e sicurezza",
                (s("03"), s("Ordine pubblico e sicurezza"), None, None, None),
            ),
            (
                "Missione 12 Diritti sociali, politiche sociali e famiglia",
                (
                    s("12"),
                    s("Diritti sociali, politiche sociali e famiglia"),
                    None,
                    None,
                    None,
                ),
            ),
            (
                "Missione 50 Debito pubblico",
                (s("50"), s("Debito pubblico"), None, None, None),
            ),
            (
                "Missione 99 Servizi per conto terzi",
                (s("99"), s("Servizi per conto terzi"), None, None, None),
            ),
            (
                "Missione 14 - Sviluppo economico e competitività",
                (
                    s("14"),
                    s("Sviluppo economico e competitività"),
                    None,
                    None,
                    None,
                ),
            ),
            (
                "Missione 60 Anticipazioni finanziarie",
                (s("60"), s("Anticipazioni finanziarie"), None, None, None),
            ),
            (
                "Missione 09 Sviluppo sostenibile e tutela del territorio e dell'ambiente",
                (
                    s("09"),
                    s("Sviluppo sostenibile e tutela del territorio e dell'ambiente"),
                    None,
                    None,
                    None,
                ),
            ),
            // Collesalvetti DUP 2022-2024, https://123dok.org/article/descrizione-programmi-obiettivi-operativi-pluriennali-ente.q5mp4gnr
            (
                "Missione 3 – Ordine pubblico e sicurezza",
                (s("03"), s("Ordine pubblico e sicurezza"), None, None, None),
            ),
        ];
        for (text, want) in rows {
            let got = fields(text);
            assert_eq!(got.0, want.0, "{text}");
            assert_eq!(got.1, want.1, "{text}");
            assert_eq!(got.2, want.2, "{text}");
            assert_eq!(got.3, want.3, "{text}");
            assert_eq!(got.4, want.4, "{text}");
        }
    }

    #[test]
    fn unknown_is_a_notice_not_a_guess() {
        for text in [
            "Missione 21",
            "01.13",
            "Programma 02",
            "Valorizzazione del patrimonio immobiliare comunale",
            "30.01",
        ] {
            let m = resolve_mission(text);
            assert_eq!(m.mission_code, None, "{text}");
            assert_eq!(m.notice.map(|n| n.code), Some("unknown_mission"), "{text}");
        }
        // Code and name disagree: the code decides, with a notice.
        let m = resolve_mission("01.02 Ufficio tecnico");
        assert_eq!(m.programme.as_deref(), Some("Segreteria generale"));
        assert_eq!(m.notice.map(|n| n.code), Some("mission_name_mismatch"));
        // A programme alone is read within the mission the document gave before it.
        // Ozieri PDO 2016 (readkong 7768223), the sheet headed `Missione: 1`:
        let m = resolve_mission_in(
            "Programma: 3 Gestione economica, finanziaria, programmazione, provveditorato",
            Some("01"),
        );
        assert_eq!(
            m.programme.as_deref(),
            Some("Gestione economica, finanziaria, programmazione e provveditorato")
        );
        assert_eq!(m.notice, None);
        // Collesalvetti DUP 2022 (123dok q5mp4gnr), under `Missione 3`:
        let m = resolve_mission_in(
            "Programma n. 1 – Polizia locale e amministrativa",
            Some("03"),
        );
        assert_eq!(
            (m.mission_code.as_deref(), m.programme_code.as_deref()),
            (Some("03"), Some("01"))
        );
        // A programme printed with its mission's code names that mission, whatever
        // the document gave before (a code, not a number within the mission).
        let m = resolve_mission_in("Programma 12.05 Interventi per le famiglie", Some("01"));
        assert_eq!(
            (m.mission_code.as_deref(), m.programme_code.as_deref()),
            (Some("12"), Some("05"))
        );
        assert_eq!(m.notice, None);
        // A Programma column's bare number is the programme's (Sulmona: `03 – …`
        // under Missione 01), and alone its name finds the mission (12.04).
        let m = resolve_programme_in(
            "03 – Gestione economica, finanziaria, programmazione e provveditorato",
            Some("01"),
        );
        assert_eq!(
            (
                m.mission_code.as_deref(),
                m.programme_code.as_deref(),
                m.notice
            ),
            (Some("01"), Some("03"), None)
        );
        let m = resolve_programme_in(
            "04 – Interventi per soggetti a rischio di esclusione sociale",
            None,
        );
        assert_eq!(
            (m.mission_code.as_deref(), m.programme_code.as_deref()),
            (Some("12"), Some("04"))
        );
        let m = resolve_programme_in("12.05 Interventi per le famiglie", None);
        assert_eq!(m.programme_code.as_deref(), Some("05"));
        // A card's Programma field numbers it after `n.` (t-collesalvetti, under
        // `Missione: 3 – Ordine pubblico e sicurezza`).
        let m = resolve_programme_in("n. 1 – Polizia locale e amministrativa", Some("03"));
        assert_eq!(
            (
                m.mission_code.as_deref(),
                m.programme_code.as_deref(),
                m.notice
            ),
            (Some("03"), Some("01"), None)
        );
        // Nothing printed: nothing, and nothing to say.
        assert_eq!(resolve_mission(""), MissionMatch::default());
    }
}
