//! Code shapes on real codes. Each row: the printed code, the kind and shape we expect,
//! and (as a comment) the comune and the public transcript it was read from.

use super::*;

/// (printed, kind, shape, normalized)
type Row<'a> = (&'a str, CodeKind, &'a str, &'a str);

fn check(rows: &[Row]) {
    for (raw, kind, shape, norm) in rows {
        let c = parse_code(raw);
        assert_eq!(c.kind, *kind, "{raw}: {c:?}");
        assert_eq!(c.shape.as_deref(), Some(*shape), "{raw}");
        assert_eq!(c.normalized, *norm, "{raw}");
        assert_eq!(c.raw, *raw);
    }
}

#[test]
fn the_shapes_file_parses() {
    let shapes = load();
    assert!(shapes.is_ok(), "{:?}", shapes.err());
    assert!(TABLE.len() >= 20);
    for shape in TABLE.iter() {
        let p = shape.pattern.pattern();
        assert!(
            regex::RegexBuilder::new(p).build().is_ok(),
            "{}: {p}",
            shape.name
        );
    }
}

#[test]
fn cremona_shapes() {
    use CodeKind::*;
    check(&[
        (
            "25.29.2.1.05_0001",
            Strategic,
            "dup_path_sequence",
            "25.29.2.1.05_0001",
        ), // 000
        (
            "25.29.2.1.05_ 0001",
            Strategic,
            "dup_path_sequence",
            "25.29.2.1.05_0001",
        ), // 000, wrapped
        (
            "25.29.1.1.10_0010",
            Strategic,
            "dup_path_sequence",
            "25.29.1.1.10_0010",
        ), // 000
        ("970_0006", Sector, "sector_sequence", "970_0006"), // 000
        ("978_0001", Sector, "sector_sequence", "978_0001"), // 002
        ("1.3.2_0003", Plan, "plan_path_sequence", "1.3.2_0003"), // 002
        ("5.2.1_0006", Plan, "plan_path_sequence", "5.2.1_0006"), // 002
    ]);
}

#[test]
fn parts_are_split() {
    let c = parse_code("25.29.2.1.05_0001");
    assert_eq!(c.path, ["25", "29", "2", "1", "05"]);
    assert_eq!(c.sequence.as_deref(), Some("0001"));
    let s = parse_code("970_0006");
    assert_eq!(s.sector.as_deref(), Some("970"));
    assert!(s.path.is_empty());
    assert_eq!(s.sequence.as_deref(), Some("0006"));
    let p = parse_code("1.3.2_0003");
    assert_eq!(p.path, ["1", "3", "2"]);
    let m = parse_code("01.02");
    assert_eq!(
        (m.mission.as_deref(), m.programme.as_deref()),
        (Some("01"), Some("02"))
    );
    let y = parse_code("2025_01");
    assert_eq!(
        (y.year.as_deref(), y.sequence.as_deref()),
        (Some("2025"), Some("01"))
    );
    let o = parse_code("O.S. 1.2");
    assert_eq!(
        (o.prefix.as_deref(), o.path.clone()),
        (Some("O.S"), vec!["1".to_string(), "2".to_string()])
    );
}

#[test]
fn not_typed_by_length() {
    use CodeKind::*;
    // The four: `12` is no indicator code, the others were unknown.
    check(&[
        ("12", Sequence, "sequence", "12"),
        ("OB.1.2", Objective, "prefix_ob", "OB.1.2"),
        ("1.2.3", Path, "dotted_path", "1.2.3"),
        ("2025_01", YearSequence, "year_sequence", "2025_01"),
    ]);
    // Four digits are a Missione+Programma only when the pair is in the official list.
    assert_eq!(parse_code("0102").kind, MissionProgramme);
    assert_eq!(parse_code("2025").kind, Sequence);
    assert_eq!(parse_code("01.13").kind, Path);
    for raw in ["Obiettivo", "", "n.d.", "§ 3", "1.2.a"] {
        let c = parse_code(raw);
        assert_eq!((c.kind, c.shape), (Other, None), "{raw}");
        assert_eq!(c.raw, raw);
    }
}

#[test]
fn serializes_snake_case() {
    let json = serde_json::to_string(&parse_code("970_0006")).unwrap_or_default();
    assert!(json.contains("\"kind\":\"sector\""), "{json}");
    let json = serde_json::to_string(&parse_code("0102")).unwrap_or_default();
    assert!(json.contains("\"kind\":\"mission_programme\""), "{json}");
}

/// Codes of other comuni's public plans, as transcribed (with the transcript's address)
/// in the development set's `fixtures/comuni/code_shapes.json` (branch `transcribe`).
#[test]
fn shapes_of_other_comuni() {
    use CodeKind::*;
    check(&[
        // Besnate (VA), PEG 2016, column RIFERIMENTI: settore initials + number (/ letter)
        // https://123dok.org/document/q2n36kwe-piano-esecutivo-di-gestione.html
        ("AG7/D", Objective, "settore_prefix_number", "AG7/D"),
        ("AG4/E", Objective, "settore_prefix_number", "AG4/E"),
        ("AG5/D", Objective, "settore_prefix_number", "AG5/D"),
        ("SP2", Objective, "settore_prefix_number", "SP2"),
        ("SP4", Objective, "settore_prefix_number", "SP4"),
        ("SP5", Objective, "settore_prefix_number", "SP5"),
        ("SP7", Objective, "settore_prefix_number", "SP7"),
        ("SP8", Objective, "settore_prefix_number", "SP8"),
        ("GR1", Objective, "settore_prefix_number", "GR1"),
        ("GR2", Objective, "settore_prefix_number", "GR2"),
        // Perosa Argentina (TO), PEG 2016: `n. 1` before each objective
        // https://pdfslide.net/documents/centro-di-costo-plaisentif-dal-2012-al-2015-al-fine-di-redigere-la-graduatoria.html
        ("n. 0", Sequence, "numbered", "n.0"),
        ("n. 1", Sequence, "numbered", "n.1"),
        ("n. 9", Sequence, "numbered", "n.9"),
        // Ozieri (SS), PDO 2016, sheet header `Missione: 1`
        // https://it.readkong.com/page/descrizione-obiettivi-servizio-bilancio-spese-e-gestione-7768223
        (
            "Missione: 1",
            MissionProgramme,
            "mission_worded",
            "Missione:1",
        ),
        // Nucleo di Valutazione, prospetto 2020 (comune not named): DUP codes
        // https://it.readkong.com/page/prospetto-riassuntivo-del-grado-di-raggiungimento-degli-8479856
        (
            "0101",
            MissionProgramme,
            "mission_programme_compact",
            "0101",
        ),
        (
            "01010601",
            Operational,
            "mission_programme_objective",
            "01010601",
        ),
        // PEG relazione a consuntivo 2019 (comune not named)
        // https://docslib.org/doc/10883206/relazione-performance-consuntivo-2019
        ("Obiettivo n. 1", Objective, "prefix_ob", "Obiettivon.1"),
        // Piano della performance, 'Riepilogo delle Missioni' (comune not named)
        // https://123dok.org/article/sviluppo-economico-competitivit%C3%A0-documenti-riferimento-piano-performance.q2n3o69j
        (
            "Missione 01",
            MissionProgramme,
            "mission_worded",
            "Missione01",
        ),
        (
            "Missione 03",
            MissionProgramme,
            "mission_worded",
            "Missione03",
        ),
        (
            "Missione 12",
            MissionProgramme,
            "mission_worded",
            "Missione12",
        ),
        (
            "Missione 50",
            MissionProgramme,
            "mission_worded",
            "Missione50",
        ),
        (
            "Missione 99",
            MissionProgramme,
            "mission_worded",
            "Missione99",
        ),
        // Collesalvetti (LI), DUP 2022-2024, SeO schede
        // https://123dok.org/article/descrizione-programmi-obiettivi-operativi-pluriennali-ente.q5mp4gnr
        ("MOS 1.1", Strategic, "prefix_os", "MOS1.1"),
        ("OOP n. 1.1.1", Operational, "prefix_oo", "OOPn.1.1.1"),
        (
            "Missione 3",
            MissionProgramme,
            "mission_worded",
            "Missione3",
        ),
    ]);
    let c = parse_code("AG7/D");
    assert_eq!(
        (c.prefix.as_deref(), c.path.clone(), c.suffix.as_deref()),
        (Some("AG"), vec!["7".to_string()], Some("D"))
    );
    let c = parse_code("01010601");
    assert_eq!(
        (
            c.mission.as_deref(),
            c.programme.as_deref(),
            c.sequence.as_deref()
        ),
        (Some("01"), Some("01"), Some("0601"))
    );
    assert_eq!(parse_code("Missione 3").mission.as_deref(), Some("03"));
    // Ozieri PDO 2016 (readkong 7768223) numbers its objectives `01.01` inside a sheet of
    // Missione 1 Programma 3: by shape alone it is a valid Missione.Programma (01.01
    // Organi istituzionali), so the shape also gives the path, for a caller that knows
    // the document's mission to read it as an objective number.
    let c = parse_code("01.01");
    assert_eq!(
        (c.kind, c.path.clone()),
        (MissionProgramme, vec!["01".to_string(), "01".to_string()])
    );
    // Headings, not codes: kept raw (Collesalvetti DUP 2022; Ozieri PDO 2016). The
    // Missione / Programma resolver reads them (normalize::mission).
    for heading in ["LINEA DI MANDATO n. 1", "Programma n. 1", "Programma: 3"] {
        assert_eq!(parse_code(heading).kind, Other, "{heading}");
    }
    // A mission that does not exist is not typed as one.
    assert_ne!(parse_code("Missione 21").kind, MissionProgramme);
}

/// Shapes the issue names, as plans print them.
#[test]
fn prefixed_and_separated_shapes() {
    use CodeKind::*;
    check(&[
        ("OB.1.2", Objective, "prefix_ob", "OB.1.2"),
        ("OB1", Objective, "prefix_ob", "OB1"),
        ("O.S. 1.2", Strategic, "prefix_os", "O.S.1.2"),
        ("OBS 3", Strategic, "prefix_os", "OBS3"),
        ("O.O. 1.2.1", Operational, "prefix_oo", "O.O.1.2.1"),
        ("O.G. 4", Management, "prefix_og", "O.G.4"),
        ("IND.1.2", Indicator, "prefix_ind", "IND.1.2"),
        (
            "01.02",
            MissionProgramme,
            "mission_programme_dotted",
            "01.02",
        ),
        (
            "0102",
            MissionProgramme,
            "mission_programme_compact",
            "0102",
        ),
        (
            "01.02.3",
            Operational,
            "mission_programme_dotted_path",
            "01.02.3",
        ),
        ("2025_01", YearSequence, "year_sequence", "2025_01"),
        ("3/2025", YearSequence, "sequence_year", "3/2025"),
        ("A.1.2", Path, "letter_path", "A.1.2"),
        ("II.3", Path, "roman_path", "II.3"),
        ("1.2.3", Path, "dotted_path", "1.2.3"),
        ("1_2_3", Path, "underscore_path", "1_2_3"),
        ("1-2", Path, "dashed_path", "1-2"),
        ("1/2", Path, "slash_path", "1/2"),
        ("12", Sequence, "sequence", "12"),
    ]);
}
