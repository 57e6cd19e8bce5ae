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
fn every_shape_takes_its_cut_forms_from_the_build() {
    // build.rs writes the shapes' rules as `load` makes them: none is parsed at run time
    for shape in TABLE.iter() {
        let p = shape.pattern.pattern();
        assert!(crate::text::has_compiled_cuts(p), "{}: {p}", shape.name);
    }
}

#[test]
fn parts_are_split() {
    // A rendered cell wraps inside the code (the 000 fixtures): whitespace goes.
    let w = parse_code("25.29.2.1.05_ 0001");
    assert_eq!(
        (w.kind, w.normalized.as_str()),
        (CodeKind::Strategic, "25.29.2.1.05_0001")
    );
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

/// One public plan of a named comune and codes printed in it, copied exactly.
struct Plan<'a> {
    /// The comune, as the plan names itself.
    comune: &'a str,
    /// The document and its year.
    document: &'a str,
    /// Where the text was read: a public transcript's address, or the seed file.
    source: &'a str,
    rows: &'a [Row<'a>],
}

/// Codes of named comuni's public plans (issue 18): every row is a code as printed in
/// the plan, with the kind and shape it must get.
const NAMED: &[Plan] = &[
    Plan {
        comune: "Comune di Cremona",
        document: "PIAO 2025-2027, sottosezione Performance (column Codice obiettivo)",
        source: "seed 000 (../shared/seeds/000_19494d145a9e2a62.txt), lines 62, 70, 302, 559",
        rows: &[
            (
                "25.29.2.1.05_0001",
                CodeKind::Strategic,
                "dup_path_sequence",
                "25.29.2.1.05_0001",
            ),
            (
                "25.29.2.1.05_0002",
                CodeKind::Strategic,
                "dup_path_sequence",
                "25.29.2.1.05_0002",
            ),
            (
                "25.29.1.1.10_0010",
                CodeKind::Strategic,
                "dup_path_sequence",
                "25.29.1.1.10_0010",
            ),
            (
                "25.29.1.1.01_0001",
                CodeKind::Strategic,
                "dup_path_sequence",
                "25.29.1.1.01_0001",
            ),
            // a supporting objective: sector number + sequence
            ("970_0006", CodeKind::Sector, "sector_sequence", "970_0006"),
        ],
    },
    Plan {
        comune: "Comune di Cremona",
        document: "Aggiornamento piano degli obiettivi 2024 (columns Codice Obiettivo, Codice Ind)",
        source: "seed 002 (../shared/seeds/002_e65cd8470ea5334d.txt), lines 23-25",
        rows: &[
            ("978_0001", CodeKind::Sector, "sector_sequence", "978_0001"),
            (
                "1.3.2_0003",
                CodeKind::Plan,
                "plan_path_sequence",
                "1.3.2_0003",
            ),
            (
                "2.1.2_0003",
                CodeKind::Plan,
                "plan_path_sequence",
                "2.1.2_0003",
            ),
            (
                "5.2.1_0006",
                CodeKind::Plan,
                "plan_path_sequence",
                "5.2.1_0006",
            ),
            // `Codice Ind`: a bare number; its column, not its shape, makes it an
            // indicator code
            ("774", CodeKind::Sequence, "sequence", "774"),
            ("844", CodeKind::Sequence, "sequence", "844"),
        ],
    },
    Plan {
        comune: "Comune di Crema",
        document: "PIAO 2025-2027, sottosezione 2.2 Performance (objective cards '1. Titolo: …')",
        source: "seed 004 (../shared/seeds/004_5b4e7d712e8df7f4.txt), lines 121, 268, 304",
        rows: &[
            ("1.", CodeKind::Sequence, "sequence", "1."),
            ("10.", CodeKind::Sequence, "sequence", "10."),
            ("12.", CodeKind::Sequence, "sequence", "12."),
        ],
    },
    Plan {
        comune: "Comune di Besnate (VA)",
        document: "PEG 2016, Sez. A obiettivi strategici, column RIFERIMENTI",
        source: "https://123dok.org/document/q2n36kwe-piano-esecutivo-di-gestione.html",
        rows: &[
            // settore initials + number (/ letter)
            (
                "AG7/D",
                CodeKind::Objective,
                "settore_prefix_number",
                "AG7/D",
            ),
            (
                "AG4/E",
                CodeKind::Objective,
                "settore_prefix_number",
                "AG4/E",
            ),
            (
                "AG5/D",
                CodeKind::Objective,
                "settore_prefix_number",
                "AG5/D",
            ),
            ("SP2", CodeKind::Objective, "settore_prefix_number", "SP2"),
            ("SP4", CodeKind::Objective, "settore_prefix_number", "SP4"),
            ("SP5", CodeKind::Objective, "settore_prefix_number", "SP5"),
            ("SP7", CodeKind::Objective, "settore_prefix_number", "SP7"),
            ("SP8", CodeKind::Objective, "settore_prefix_number", "SP8"),
            ("GR1", CodeKind::Objective, "settore_prefix_number", "GR1"),
            ("GR2", CodeKind::Objective, "settore_prefix_number", "GR2"),
        ],
    },
    Plan {
        comune: "Comune di Perosa Argentina (TO)",
        document: "PEG 2016, Servizio Amministrativo: `n. 1` before each objective",
        source: "https://pdfslide.net/documents/centro-di-costo-plaisentif-dal-2012-al-2015-al-fine-di-redigere-la-graduatoria.html",
        rows: &[
            ("n. 0", CodeKind::Sequence, "numbered", "n.0"),
            ("n. 1", CodeKind::Sequence, "numbered", "n.1"),
            ("n. 9", CodeKind::Sequence, "numbered", "n.9"),
        ],
    },
    Plan {
        comune: "Comune di Ozieri (SS)",
        document: "PDO 2016/2018, Settore Finanziario: sheet header and objective 01.01",
        source: "https://it.readkong.com/page/descrizione-obiettivi-servizio-bilancio-spese-e-gestione-7768223",
        rows: &[
            (
                "Missione: 1",
                CodeKind::MissionProgramme,
                "mission_worded",
                "Missione:1",
            ),
            // an objective numbered inside its servizio that reads as Missione.Programma
            // 01.01 by shape alone (see `ozieri_objective_number_keeps_its_path`)
            (
                "01.01",
                CodeKind::MissionProgramme,
                "mission_programme_dotted",
                "01.01",
            ),
        ],
    },
    Plan {
        comune: "Comune di Collesalvetti (LI)",
        document: "DUP 2022-2024, SeO scheda of Linea di mandato n. 1",
        source: "https://123dok.org/article/descrizione-programmi-obiettivi-operativi-pluriennali-ente.q5mp4gnr",
        rows: &[
            ("MOS 1.1", CodeKind::Strategic, "prefix_os", "MOS1.1"),
            (
                "OOP n. 1.1.1",
                CodeKind::Operational,
                "prefix_oo",
                "OOPn.1.1.1",
            ),
            (
                "Missione 3",
                CodeKind::MissionProgramme,
                "mission_worded",
                "Missione3",
            ),
        ],
    },
    Plan {
        comune: "Comune di Trezzano sul Naviglio (MI)",
        document: "PEG rivisto, Obiettivi 2013, Area Infrastrutture: OBIETTIVI GESTIONALI",
        source: "https://happylibnet.com/doc/519464/peg-rivisto---comune-di-trezzano-sul-naviglio",
        rows: &[(
            "Obiettivo n. 1",
            CodeKind::Objective,
            "prefix_ob",
            "Obiettivon.1",
        )],
    },
    Plan {
        comune: "Comune di Pianoro (BO)",
        document: "Relazione sulla performance 2021, obiettivi di performance 2021-2023",
        source: "https://it.readkong.com/page/comune-di-pianoro-relazione-sulla-performance-anno-2021-5902508",
        rows: &[(
            "OBIETTIVO 1",
            CodeKind::Objective,
            "prefix_ob",
            "OBIETTIVO1",
        )],
    },
    Plan {
        comune: "Comune di Brescia",
        document: "Relazione sulla performance 2018, quadro di raccordo tra struttura organizzativa, centri di costo, missione e programma",
        source: "https://fdocumenti.com/document/comune-di-cultura-3301-ambiente-09-02-3301-ambiente-3302-igiene-ambientale-09-03.html",
        rows: &[
            // centri di costo: four digits that are no Missione+Programma pair (33 is
            // no mission), so a bare number whose column gives its kind
            ("3301", CodeKind::Sequence, "sequence", "3301"),
            ("3302", CodeKind::Sequence, "sequence", "3302"),
        ],
    },
    Plan {
        comune: "Comune di Brescia",
        document: "DUP 2014/2018, obiettivi strategici per missione (contents)",
        source: "https://paperzz.com/doc/5266089/dup-2014-2018---comune-di-brescia",
        rows: &[
            (
                "Missione 02",
                CodeKind::MissionProgramme,
                "mission_worded",
                "Missione02",
            ),
            (
                "Missione 14",
                CodeKind::MissionProgramme,
                "mission_worded",
                "Missione14",
            ),
        ],
    },
    Plan {
        comune: "Comune di Castenaso (BO)",
        document: "PEG 2012, allegato A (sezione obiettivi/indicatori), Area Affari generali",
        source: "https://doczz.it/doc/167807/allegato-a---comune-di-castenaso",
        rows: &[
            // `Riferimento RPP 2012- 2014- Patto con i cittadini - Progetto 111- 1.2 Qualità
            // ed efficienza dei servizi comunali`: the RPP project's number and the
            // finality's path inside it
            ("111", CodeKind::Sequence, "sequence", "111"),
            ("1.2", CodeKind::Path, "dotted_path", "1.2"),
        ],
    },
];

/// Issue 18's floor for this table: at least 30 printed codes from at least 10 named
/// comuni (a comune with several plans counts once).
#[test]
fn the_table_spans_ten_named_comuni_and_thirty_codes() {
    let comuni: std::collections::BTreeSet<&str> = NAMED.iter().map(|p| p.comune).collect();
    let codes: usize = NAMED.iter().map(|p| p.rows.len()).sum();
    assert!(
        comuni.len() >= 10,
        "{} named comuni: {comuni:?}",
        comuni.len()
    );
    assert!(codes >= 30, "{codes} codes");
}

#[test]
fn codes_of_named_comuni() {
    for plan in NAMED {
        assert!(
            !plan.comune.is_empty() && !plan.document.is_empty() && !plan.source.is_empty(),
            "{}",
            plan.comune
        );
        assert!(!plan.rows.is_empty(), "{}", plan.comune);
        check(plan.rows);
    }
}

#[test]
fn named_rows_are_distinct_codes() {
    let mut seen = std::collections::BTreeSet::new();
    for plan in NAMED {
        for row in plan.rows {
            assert!(
                seen.insert((plan.comune, row.0)),
                "{}: {}",
                plan.comune,
                row.0
            );
        }
    }
}

/// Codes of transcripts that do not name their comune: real codes, but they do not
/// count among the named comuni.
#[test]
fn codes_of_unnamed_transcripts() {
    use CodeKind::*;
    check(&[
        // Nucleo di Valutazione, prospetto 2020: DUP codes
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
        // PEG relazione a consuntivo 2019
        // https://docslib.org/doc/10883206/relazione-performance-consuntivo-2019
        ("Obiettivo n. 1", Objective, "prefix_ob", "Obiettivon.1"),
        // Piano della performance, 'Riepilogo delle Missioni'
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
    ]);
}

#[test]
fn parts_of_other_comuni_codes() {
    use CodeKind::*;
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
    let c = parse_code("Obiettivo n. 1");
    assert_eq!(
        (c.prefix.as_deref(), c.path.clone()),
        (Some("Obiettivo"), vec!["1".to_string()])
    );
    assert_eq!(parse_code("12.").sequence.as_deref(), Some("12"));
    let c = parse_code("OOP n. 1.1.1");
    assert_eq!(c.path, ["1", "1", "1"]);
    // Headings, not codes: kept raw (Collesalvetti DUP 2022; Ozieri PDO 2016). The
    // Missione / Programma resolver reads them (normalize::mission).
    for heading in ["LINEA DI MANDATO n. 1", "Programma n. 1", "Programma: 3"] {
        assert_eq!(parse_code(heading).kind, Other, "{heading}");
    }
    // A mission that does not exist is not typed as one.
    assert_ne!(parse_code("Missione 21").kind, MissionProgramme);
}

/// Ozieri PDO 2016 (readkong 7768223) numbers its objectives `01.01` inside a sheet of
/// Missione 1 Programma 3: by shape alone it is a valid Missione.Programma (01.01 Organi
/// istituzionali), so the shape also gives the path, for a caller that knows the
/// document's mission to read it as an objective number.
#[test]
fn ozieri_objective_number_keeps_its_path() {
    let c = parse_code("01.01");
    assert_eq!(
        (c.kind, c.path.clone()),
        (
            CodeKind::MissionProgramme,
            vec!["01".to_string(), "01".to_string()]
        )
    );
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
