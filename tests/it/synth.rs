//! PDFs made in the test by a third producer (lopdf, Type1 Helvetica, no embedded
//! font), to check what no fixture shows: header synonyms and shuffled columns,
//! rules-only and unruled tables, a page stored rotated, a table over three pages.

use piao_extract::config::Config;
use piao_extract::extract;
use piao_extract::output::records;
use piao_extract::tables::vocab::Role;
use serde_json::Value;
use std::path::Path;

/// Which lines are drawn.
#[derive(Clone, Copy, PartialEq)]
pub(crate) enum Rules {
    Full,
    HorizontalOnly,
    None,
}

/// One page: headings above a table.
pub(crate) struct Spec<'a> {
    pub headings: &'a [&'a str],
    pub header: &'a [&'a str],
    pub rows: &'a [Vec<&'a str>],
    pub widths: &'a [f64],
}

const PAGE_H: f64 = 595.0;
const ROW_H: f64 = 14.0;
const SIZE: f64 = 8.0;

/// Display coordinates (top-left origin) to user space for a page stored with
/// `/Rotate rotate`.
fn to_user(rotate: u16, x: f64, y: f64) -> (f64, f64) {
    if rotate == 90 {
        (y, x)
    } else {
        (x, PAGE_H - y)
    }
}

fn text_op(out: &mut Vec<u8>, rotate: u16, x: f64, y: f64, s: &str) {
    let (ux, uy) = to_user(rotate, x, y);
    let m = if rotate == 90 { "0 1 -1 0" } else { "1 0 0 1" };
    out.extend_from_slice(format!("BT /F1 {SIZE} Tf {m} {ux:.2} {uy:.2} Tm (").as_bytes());
    for c in s.chars() {
        match c {
            '(' | ')' | '\\' => out.extend_from_slice(&[b'\\', c as u8]),
            c if (c as u32) < 256 => out.push(c as u32 as u8),
            _ => out.push(b'?'),
        }
    }
    out.extend_from_slice(b") Tj ET\n");
}

fn line_op(out: &mut Vec<u8>, rotate: u16, (x0, y0): (f64, f64), (x1, y1): (f64, f64)) {
    let (a, b) = to_user(rotate, x0, y0);
    let (c, d) = to_user(rotate, x1, y1);
    out.extend_from_slice(format!("{a:.2} {b:.2} m {c:.2} {d:.2} l S\n").as_bytes());
}

fn page_content(spec: &Spec, rotate: u16, rules: Rules) -> Vec<u8> {
    let mut out = b"0.5 w 0 G\n".to_vec();
    let mut y = 40.0;
    for h in spec.headings {
        text_op(&mut out, rotate, 30.0, y + 10.0, h);
        y += 16.0;
    }
    let xs: Vec<f64> = std::iter::once(30.0)
        .chain(spec.widths.iter().scan(30.0, |acc, w| {
            *acc += w;
            Some(*acc)
        }))
        .collect();
    let all: Vec<&[&str]> = std::iter::once(spec.header)
        .chain(spec.rows.iter().map(|r| r.as_slice()))
        .collect();
    let top = y;
    for row in &all {
        for (i, cell) in row.iter().enumerate() {
            text_op(&mut out, rotate, xs[i] + 3.0, y + 10.0, cell);
        }
        y += ROW_H;
    }
    if rules != Rules::None {
        for k in 0..=all.len() {
            let yy = top + k as f64 * ROW_H;
            line_op(&mut out, rotate, (xs[0], yy), (xs[xs.len() - 1], yy));
        }
    }
    if rules == Rules::Full {
        for x in &xs {
            line_op(&mut out, rotate, (*x, top), (*x, y));
        }
    }
    out
}

/// A PDF of one page per spec.
pub(crate) fn build_pdf(specs: &[Spec], rotate: u16, rules: Rules) -> Vec<u8> {
    use lopdf::{Document, Object, Stream, dictionary};
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let font = doc.add_object(dictionary! {"Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica", "Encoding" => "WinAnsiEncoding"});
    let resources = doc.add_object(dictionary! {"Font" => dictionary! {"F1" => font}});
    let media: Vec<Object> = if rotate == 90 {
        vec![0.into(), 0.into(), 595.into(), 842.into()]
    } else {
        vec![0.into(), 0.into(), 842.into(), 595.into()]
    };
    let mut kids = Vec::new();
    for spec in specs {
        let content = doc.add_object(Stream::new(
            dictionary! {},
            page_content(spec, rotate, rules),
        ));
        let page = doc.add_object(dictionary! {
            "Type" => "Page", "Parent" => pages_id, "Contents" => content, "Resources" => resources,
            "MediaBox" => media.clone(), "Rotate" => i64::from(rotate),
        });
        kids.push(Object::Reference(page));
    }
    let count = kids.len() as i64;
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {"Type" => "Pages", "Kids" => kids, "Count" => count}),
    );
    let catalog = doc.add_object(dictionary! {"Type" => "Catalog", "Pages" => pages_id});
    doc.trailer.set("Root", catalog);
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes).unwrap();
    bytes
}

const HEADINGS: &[&str] = &["OBIETTIVI DI PERFORMANCE ANNO 2025", "SILOS: CRESCO"];
const PRINTED: &[&str] = &[
    "Obiettivo",
    "Codice Obiettivo",
    "Dirigente",
    "Indicatore",
    "Formula Indicatore",
    "Target",
];
const WIDTHS: &[f64] = &[170.0, 90.0, 110.0, 170.0, 130.0, 60.0];

fn rows() -> Vec<Vec<&'static str>> {
    vec![
        vec![
            "Biglietteria integrata",
            "25.29.1.1.07_0001",
            "Bondioni Maria Chiara",
            "Formazione operatori",
            "1= fatto 0= non fatto",
            "1",
        ],
        vec![
            "",
            "",
            "",
            "Progettazione operativa",
            "1= fatto 0= non fatto",
            "1",
        ],
        vec![
            "",
            "970_0006",
            "Iubini Luca",
            "Collaborazione con il settore",
            "1 = fatto 0 = non fatto",
            "1",
        ],
        vec![
            "Azioni sui flussi turistici",
            "25.29.1.1.01_0001",
            "Masserdotti Marco",
            "Aumento delle presenze",
            ">maggiore anno precedente",
            "200.500",
        ],
        vec![
            "",
            "",
            "",
            "Iniziative per la qualità dell'aria",
            "Numero eventi",
            "3",
        ],
    ]
}

/// The records of a synthetic PDF, reduced to the truth fields we compare.
fn records_of(bytes: &[u8]) -> Vec<Vec<String>> {
    let e = extract::extract_bytes(Path::new("synthetic.pdf"), bytes, &Config::default())
        .expect("synthetic PDF extracts");
    let people = piao_extract::people::index_of(std::slice::from_ref(&e));
    let keys = [
        "year",
        "group",
        "objective",
        "objective_code",
        "dirigente",
        "indicator",
        "formula",
        "target",
    ];
    records::records(&e, &people)
        .map(|r| serde_json::to_value(&r).unwrap())
        .map(|r| {
            keys.iter()
                .map(|k| match r.get(*k) {
                    Some(Value::String(s)) => s.clone(),
                    Some(v) => v.to_string(),
                    None => String::new(),
                })
                .collect()
        })
        .collect()
}

fn one_page(
    header: &[&str],
    rows: &[Vec<&str>],
    widths: &[f64],
    rotate: u16,
    rules: Rules,
) -> Vec<u8> {
    build_pdf(
        &[Spec {
            headings: HEADINGS,
            header,
            rows,
            widths,
        }],
        rotate,
        rules,
    )
}

fn reference() -> Vec<Vec<String>> {
    let r = records_of(&one_page(PRINTED, &rows(), WIDTHS, 0, Rules::Full));
    assert_eq!(r.len(), 5, "five indicators: {r:?}");
    assert_eq!(
        r[0],
        [
            "2025",
            "CRESCO",
            "Biglietteria integrata",
            "25.29.1.1.07_0001",
            "Bondioni Maria Chiara",
            "Formazione operatori",
            "1= fatto 0= non fatto",
            "1"
        ]
    );
    // no prose names the silo in quotes here, so the heading's spelling is kept
    // the supporting objective keeps the title above, with its own code and dirigente
    assert_eq!(
        r[2][2..5],
        ["Biglietteria integrata", "970_0006", "Iubini Luca"]
    );
    r
}

#[test]
fn shuffled_columns_and_synonyms_give_the_same_roles_and_records() {
    // printed order → new order, with synonyms for the names
    let order = [5, 2, 3, 0, 4, 1];
    let header = [
        "Valore atteso",
        "Responsabile",
        "Titolo Indicatore",
        "Titolo Obiettivo",
        "Metodo di calcolo",
        "Cod. Obiettivo",
    ];
    let shuffled: Vec<Vec<&str>> = rows()
        .iter()
        .map(|r| order.iter().map(|&i| r[i]).collect())
        .collect();
    let widths: Vec<f64> = order.iter().map(|&i| WIDTHS[i]).collect();
    let bytes = one_page(&header, &shuffled, &widths, 0, Rules::Full);
    let e = extract::extract_bytes(Path::new("s.pdf"), &bytes, &Config::default()).unwrap();
    let t = e
        .plan
        .tables
        .iter()
        .find(|t| t.kind == piao_extract::tables::TableKind::Objectives)
        .expect("objective table");
    let roles: Vec<Option<Role>> = t.columns.iter().map(|c| c.role).collect();
    use Role::*;
    assert_eq!(
        roles,
        [
            Target,
            Dirigente,
            Indicator,
            Objective,
            Formula,
            ObjectiveCode
        ]
        .map(Some)
    );
    assert_eq!(records_of(&bytes), reference());
}

#[test]
fn rules_only_and_unruled_tables_give_the_same_records() {
    let want = reference();
    assert_eq!(
        records_of(&one_page(
            PRINTED,
            &rows(),
            WIDTHS,
            0,
            Rules::HorizontalOnly
        )),
        want,
        "rules only"
    );
    assert_eq!(
        records_of(&one_page(PRINTED, &rows(), WIDTHS, 0, Rules::None)),
        want,
        "unruled"
    );
}

#[test]
fn a_page_stored_rotated_gives_the_same_records() {
    assert_eq!(
        records_of(&one_page(PRINTED, &rows(), WIDTHS, 90, Rules::Full)),
        reference()
    );
}

#[test]
fn a_table_over_three_pages_is_one_table_without_header_rows_inside() {
    let rs = rows();
    let specs: Vec<Spec> = (0..3)
        .map(|_| Spec {
            headings: HEADINGS,
            header: PRINTED,
            rows: &rs,
            widths: WIDTHS,
        })
        .collect();
    for rules in [Rules::Full, Rules::None] {
        let bytes = build_pdf(&specs, 0, rules);
        let e = extract::extract_bytes(Path::new("m.pdf"), &bytes, &Config::default()).unwrap();
        let objective_tables: Vec<_> = e
            .plan
            .tables
            .iter()
            .filter(|t| t.kind == piao_extract::tables::TableKind::Objectives)
            .collect();
        assert_eq!(objective_tables.len(), 1, "one stitched table");
        let t = objective_tables[0];
        assert_eq!(t.pages, [1, 2, 3]);
        assert_eq!(t.rows.len(), 15);
        assert!(
            t.text_rows().iter().all(|r| r[0] != "Obiettivo"),
            "no header row inside"
        );
    }
}

/// A small ruled one-page table PDF (a few KB): a fast seed for the fuzz harness
/// (`robust`), which reaches every stage with it.
pub(crate) fn small_table_pdf() -> Vec<u8> {
    one_page(PRINTED, &rows(), WIDTHS, 0, Rules::Full)
}

/// A ruled table whose cells wrap over lines, each cell given as its printed lines;
/// `trailing` writes the space a line was wrapped at, as LibreOffice does.
fn wrapped_table_pdf(trailing: bool) -> Vec<u8> {
    use lopdf::{Document, Object, Stream, dictionary};
    const PITCH: f64 = 9.0;
    let widths = [150.0, 45.0, 70.0, 50.0];
    let header: &[&[&str]] = &[&["Obiettivo"], &["Indicatore"], &["Formula"], &["Target"]];
    // only without trailing spaces does the document print the broken word whole
    // elsewhere: with them, the missing space alone must rejoin it
    let objective: &[&str] = if trailing {
        &["Sistemi non disponibili"]
    } else {
        &["Indisponibilità dei sistemi"]
    };
    let rows: &[&[&[&str]]] = &[
        &[
            &["Tutorial per i", "cittadini"],
            &["tutorial", "realizzati"],
            &["numero tutorial", "realizzati/numero", "tutorial richiesti"],
            &["100%"],
        ],
        &[
            objective,
            &["Indisponi", "bilità"],
            &["ore di fermo"],
            &["10"],
        ],
    ];
    let mut out = b"0.5 w 0 G\n".to_vec();
    text_op(
        &mut out,
        0,
        30.0,
        40.0,
        "OBIETTIVI DI PERFORMANCE ANNO 2025",
    );
    let xs: Vec<f64> = std::iter::once(30.0)
        .chain(widths.iter().scan(30.0, |acc, w| {
            *acc += w;
            Some(*acc)
        }))
        .collect();
    let mut y = 50.0;
    let mut ys = vec![y];
    for row in std::iter::once(header).chain(rows.iter().copied()) {
        let n = row.iter().map(|c| c.len()).max().unwrap_or(1);
        for (i, cell) in row.iter().enumerate() {
            for (k, line) in cell.iter().enumerate() {
                // a space ends a line wrapped at a space, never a word broken for width
                let at_space = k + 1 < cell.len() && *line != "Indisponi";
                let text = if trailing && at_space {
                    format!("{line} ")
                } else {
                    line.to_string()
                };
                text_op(
                    &mut out,
                    0,
                    xs[i] + 3.0,
                    y + PITCH + k as f64 * PITCH,
                    &text,
                );
            }
        }
        y += n as f64 * PITCH + 5.0;
        ys.push(y);
    }
    for yy in &ys {
        line_op(&mut out, 0, (xs[0], *yy), (xs[xs.len() - 1], *yy));
    }
    for x in &xs {
        line_op(&mut out, 0, (*x, ys[0]), (*x, y));
    }
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let font = doc.add_object(dictionary! {"Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica", "Encoding" => "WinAnsiEncoding"});
    let resources = doc.add_object(dictionary! {"Font" => dictionary! {"F1" => font}});
    let content = doc.add_object(Stream::new(dictionary! {}, out));
    let page = doc.add_object(dictionary! {
        "Type" => "Page", "Parent" => pages_id, "Contents" => content, "Resources" => resources,
        "MediaBox" => vec![0.into(), 0.into(), 842.into(), 595.into()],
    });
    doc.objects.insert(
        pages_id,
        Object::Dictionary(
            dictionary! {"Type" => "Pages", "Kids" => vec![Object::Reference(page)], "Count" => 1},
        ),
    );
    let catalog = doc.add_object(dictionary! {"Type" => "Catalog", "Pages" => pages_id});
    doc.trailer.set("Root", catalog);
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes).unwrap();
    bytes
}

/// Line breaks inside cells: with the producer's trailing spaces (LibreOffice) and
/// without them (Chromium, where the document's vocabulary decides), `numero` /
/// `tutorial` stays two words and `Indisponi` / `bilità` one.
#[test]
fn wrapped_cells_read_breaks_from_trailing_spaces_or_the_vocabulary() {
    for trailing in [true, false] {
        let objective = if trailing {
            "Sistemi non disponibili"
        } else {
            "Indisponibilità dei sistemi"
        };
        let got: Vec<Vec<String>> = records_of(&wrapped_table_pdf(trailing))
            .into_iter()
            .map(|r| vec![r[2].clone(), r[5].clone(), r[6].clone(), r[7].clone()])
            .collect();
        assert_eq!(
            got,
            vec![
                vec![
                    "Tutorial per i cittadini",
                    "tutorial realizzati",
                    "numero tutorial realizzati/numero tutorial richiesti",
                    "100%"
                ],
                vec![objective, "Indisponibilità", "ore di fermo", "10"],
            ],
            "trailing spaces: {trailing}"
        );
    }
}

/// The records of a one-page table under `headings`, with the plan's warning codes.
fn budget_records(headings: &[&str], code: &str) -> (Vec<Value>, Vec<&'static str>) {
    let rows: Vec<Vec<&str>> = rows()
        .into_iter()
        .map(|mut r| {
            if !r[1].is_empty() {
                r[1] = code;
            }
            r
        })
        .collect();
    let spec = Spec {
        headings,
        header: PRINTED,
        rows: &rows,
        widths: WIDTHS,
    };
    let bytes = build_pdf(&[spec], 0, Rules::Full);
    let e = extract::extract_bytes(Path::new("budget.pdf"), &bytes, &Config::default()).unwrap();
    let people = piao_extract::people::index_of(std::slice::from_ref(&e));
    let records: Vec<Value> = records::records(&e, &people)
        .map(|r| serde_json::to_value(&r).unwrap())
        .inspect(|r| piao_extract::output::schema::validate_record(r).unwrap())
        .collect();
    (records, e.plan.warnings.iter().map(|w| w.code).collect())
}

/// Each record's (mission_code, programme_code, ente_istat, dirigente_id).
fn budget_fields(records: &[Value]) -> Vec<[Value; 4]> {
    records
        .iter()
        .map(|r| {
            [
                "mission_code",
                "programme_code",
                "ente_istat",
                "dirigente_id",
            ]
            .map(|k| r[k].clone())
        })
        .collect()
}

/// Issue 18 end to end, known by construction: a plan of the Comune di Castro (a name
/// of two comuni, Bergamo 016065 and Lecce 075096) whose table stands under `Missione
/// 12` / `Programma 05` headings; the same without the province; an unknown mission;
/// a DUP code (`12.05.1`, Missione.Programma.objective) and no headings.
#[test]
fn missions_programmes_and_the_istat_code_reach_the_records() {
    let (with_province, warnings) = budget_records(
        &[
            "COMUNE DI CASTRO",
            "PROVINCIA DI LECCE",
            "OBIETTIVI DI PERFORMANCE ANNO 2025",
            "Missione 12 - Diritti sociali, politiche sociali e famiglia",
            "Programma 05 - Interventi per le famiglie",
        ],
        "25.29.1.1.07_0001",
    );
    assert_eq!(with_province.len(), 5);
    let r = &with_province[0];
    assert_eq!(
        r["mission_name"],
        "Diritti sociali, politiche sociali e famiglia"
    );
    assert_eq!(r["programme_name"], "Interventi per le famiglie");
    // no Missione / Programma column: nothing as printed
    assert_eq!(
        (&r["mission"], &r["programme"]),
        (&Value::Null, &Value::Null)
    );
    let fields = budget_fields(&with_province);
    assert_eq!(
        fields[0],
        ["12", "05", "075096", "p-075096-bondioni-maria-chiara"]
    );
    assert!(
        fields.iter().all(|f| f[..3] == fields[0][..3]),
        "{fields:?}"
    );
    assert!(warnings.is_empty(), "{warnings:?}");

    // No province: Castro is ambiguous, no code and a warning; ids scoped by name.
    let (no_province, warnings) = budget_records(
        &[
            "COMUNE DI CASTRO",
            "OBIETTIVI DI PERFORMANCE ANNO 2025",
            "Missione 12 - Diritti sociali, politiche sociali e famiglia",
        ],
        "25.29.1.1.07_0001",
    );
    let fields = budget_fields(&no_province);
    assert_eq!(
        fields[0],
        [
            Value::from("12"),
            Value::Null,
            Value::Null,
            Value::from("p-castro-bondioni-maria-chiara")
        ]
    );
    assert_eq!(warnings, ["ambiguous_ente"]);

    // A mission not in the list: nothing, and one warning for the heading.
    let (unknown, warnings) = budget_records(
        &[
            "COMUNE DI CASTRO (BG)",
            "OBIETTIVI DI PERFORMANCE ANNO 2025",
            "Missione 31 - Politiche per il turismo sostenibile",
        ],
        "25.29.1.1.07_0001",
    );
    let fields = budget_fields(&unknown);
    assert_eq!(
        fields[0][..3],
        [Value::Null, Value::Null, Value::from("016065")]
    );
    assert_eq!(warnings, ["unknown_mission"]);

    // No heading: the DUP code gives mission and programme.
    let (coded, warnings) = budget_records(
        &[
            "COMUNE DI CASTRO (LE)",
            "OBIETTIVI DI PERFORMANCE ANNO 2025",
        ],
        "12.05.1",
    );
    assert_eq!(coded[0]["objective_code_kind"], "operational");
    assert_eq!(budget_fields(&coded)[0][..3], ["12", "05", "075096"]);
    assert!(warnings.is_empty(), "{warnings:?}");
}

/// A one-page plan of this producer under `headings` (what the metadata is read
/// from): for tests of what outputs a plan's own strings lead to.
pub fn plan_pdf(headings: &[&str]) -> Vec<u8> {
    build_pdf(
        &[Spec {
            headings,
            header: PRINTED,
            rows: &rows(),
            widths: WIDTHS,
        }],
        0,
        Rules::Full,
    )
}
