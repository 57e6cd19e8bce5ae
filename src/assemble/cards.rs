//! Objective cards: objectives written as labelled text, not as a table.
//!
//! Crema's PIAO (seed 004) prints each objective as a card: a numbered title
//! (`1. Titolo: ...`), its type (`Tipo obiettivo – A- ...`), then lettered fields
//! (`a) Descrizione:` ... `i) Fonte per verificare i dati:`), grouped under an area
//! heading in capitals (`AREA 1 AFFARI GENERALI`). Cards are found by that labelled
//! structure only: a paragraph that is not under a numbered `Titolo:` never becomes an
//! objective (004's anticorruption section, 000's whistleblowing section).

use super::flow::{self, FlowLine};
use super::summary::SummaryRow;
use super::{CardInfo, Indicator, Objective, Value, Warning};
use crate::config::AssembleTolerances;
use regex::Regex;
use std::sync::LazyLock;

/// The lettered fields of a card.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum CardField {
    /// a) Descrizione.
    Description,
    /// b) Dirigente responsabile.
    Dirigente,
    /// c) Destinatari.
    Beneficiaries,
    /// d) Unità organizzative – altri soggetti coinvolti.
    Units,
    /// e) Entro quando si prevede di raggiungere l'obiettivo.
    Deadline,
    /// f) Misuratore raggiungimento obiettivo (the indicator).
    Measure,
    /// g) Da dove si parte (baseline).
    Baseline,
    /// h) Traguardo atteso (target).
    Target,
    /// i) Fonte per verificare i dati.
    DataSource,
}

/// Each field's label as a pattern, with where its variants were seen. The letter
/// prefix (`a)`, `a).`, none), a bullet (`•`, `-`, none) and the separator (`:`, or
/// `.` after a parenthesis) are handled around these.
pub const CARD_LABELS: &[(CardField, &str)] = &[
    // 004 seed line 123 `a) Descrizione:`, 291 `a).Descrizione:`, 592 `Descrizione:`.
    (CardField::Description, r"Descrizione"),
    // 004 seed line 127 `b) Dirigente responsabile:`.
    (CardField::Dirigente, r"Dirigente responsabile"),
    // 004 seed line 129 `c) Destinatari:`.
    (CardField::Beneficiaries, r"Destinatari"),
    // 004 seed line 130 `d) Unità organizzative – altri soggetti coinvolti:`.
    (
        CardField::Units,
        r"Unit[àa] organizzative(?:\s*[–—-]\s*altri soggetti coinvolti)?",
    ),
    // 004 seed line 131 `e) Entro quando si prevede di raggiungere l’obiettivo:` (’ or ').
    (
        CardField::Deadline,
        r"Entro quando si prevede di raggiungere l[’'‘]\s*obiettivo",
    ),
    // 004 seed line 132 `f) Misuratore raggiungimento obiettivo:`.
    (CardField::Measure, r"Misuratore raggiungimento obiettivo"),
    // 004 seed line 133 `g) Da dove si parte (*baseline*):`, 363 `... (baseline).`, 651 `g) Da dove si parte:`.
    (
        CardField::Baseline,
        r"Da dove si parte(?:\s*\(\s*baseline\s*\))?",
    ),
    // 004 seed line 134 `h) Traguardo atteso (*target*):`.
    (
        CardField::Target,
        r"Traguardo atteso(?:\s*\(\s*target\s*\))?",
    ),
    // 004 seed line 135 `i) Fonte per verificare i dati:`.
    (CardField::DataSource, r"Fonte per verificare i dati"),
];

/// A numbered card title: `1. Titolo:`, `2.Titolo:`, `8.Titolo :`, `9. Titolo :`.
static TITLE: LazyLock<Regex> =
    LazyLock::new(|| crate::text::regex(r"^\s*(\d{1,3})\s*\.\s*Titolo\s*:\s*(.*)$"));

/// A card's type line: `Tipo obiettivo – A- Obiettivi di ...`.
static TYPE: LazyLock<Regex> =
    LazyLock::new(|| crate::text::regex(r"^\s*Tipo obiettivo\s*[–—-]\s*(.*)$"));

/// The type's code: the letter the type text starts with (`A-`, `F -`).
static TYPE_CODE: LazyLock<Regex> = LazyLock::new(|| crate::text::regex(r"^([A-Z])\s*[-–—)]"));

static LABELS: LazyLock<Vec<(CardField, Regex)>> = LazyLock::new(|| {
    CARD_LABELS
        .iter()
        .filter_map(|(f, label)| {
            let re =
                format!(r"(?i)^\s*(?:[•▪●·\-–]\s*)?(?:[a-z]\s*\)\s*\.?\s*)?{label}\s*[:.]\s*(.*)$");
            Regex::new(&re).ok().map(|r| (*f, r))
        })
        .collect()
});

/// A field label at the start of `line`: the field and the value after the label.
pub fn parse_label(line: &str) -> Option<(CardField, &str)> {
    LABELS.iter().find_map(|(f, re)| {
        let c = re.captures(line)?;
        Some((*f, c.get(1).map_or("", |m| m.as_str())))
    })
}

/// A card title: its number and the title text on the same line.
pub fn parse_title(line: &str) -> Option<(u32, &str)> {
    let c = TITLE.captures(line)?;
    let n = c.get(1)?.as_str().parse().ok()?;
    Some((n, c.get(2).map_or("", |m| m.as_str())))
}

/// A card's type line: the type as printed after the dash.
pub fn parse_type(line: &str) -> Option<&str> {
    let c = TYPE.captures(line)?;
    c.get(1).map(|m| m.as_str())
}

/// The letter code of a type (`F - Obiettivi di gestione` → `F`).
pub fn type_code(t: &str) -> Option<String> {
    let c = TYPE_CODE.captures(t.trim())?;
    c.get(1).map(|m| m.as_str().to_string())
}

/// A group heading: a line in capitals (`AREA 1 AFFARI GENERALI`, `POLIZIA LOCALE`,
/// `OBIETTIVI COMUNI A TUTTE LE DIREZIONI`, seed 004 lines 119, 760, 788) with at least
/// [`AssembleTolerances::heading_min_letters`] letters.
pub fn is_group_heading(line: &str, tol: &AssembleTolerances) -> bool {
    let letters: Vec<char> = line.chars().filter(|c| c.is_alphabetic()).collect();
    letters.len() >= tol.heading_min_letters && letters.iter().all(|c| c.is_uppercase())
}

/// One card as read.
#[derive(Debug, Clone, PartialEq)]
pub struct Card {
    /// Number printed before `Titolo` (restarts in every group).
    pub number: u32,
    /// The group heading above it.
    pub group: Option<String>,
    /// Title.
    pub title: Value,
    /// Type as printed (`A- Obiettivi di semplificazione ...`).
    pub objective_type: Option<Value>,
    /// The type's letter.
    pub type_code: Option<String>,
    /// Lettered fields in card order.
    pub fields: Vec<(CardField, Value)>,
    /// Unlabelled lines between the title and the first field.
    pub notes: Option<Value>,
}

impl Card {
    /// A field's value.
    pub fn field(&self, f: CardField) -> Option<&Value> {
        self.fields.iter().find(|(g, _)| *g == f).map(|(_, v)| v)
    }
}

/// Where the lines being read go.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Part {
    Title,
    Type,
    Notes,
    Field(CardField),
}

/// A card being read: the lines of each part.
struct Draft<'a> {
    number: u32,
    group: Option<String>,
    title: Vec<&'a FlowLine>,
    title_first: String,
    kind: Vec<&'a FlowLine>,
    kind_first: String,
    notes: Vec<&'a FlowLine>,
    fields: Vec<(CardField, f64, Vec<&'a FlowLine>, Vec<String>)>,
    part: Part,
}

impl<'a> Draft<'a> {
    /// Add a line to the current part; `false` when the line ends the card. A field
    /// goes on after a paragraph end only on a line indented past its label by more
    /// than [`AssembleTolerances::field_indent`].
    fn continue_with(
        &mut self,
        prev: &FlowLine,
        l: &'a FlowLine,
        tol: &AssembleTolerances,
    ) -> bool {
        let wrapped = prev.wraps_into(l, tol);
        match self.part {
            Part::Title | Part::Type if wrapped => {
                let lines = if self.part == Part::Title {
                    &mut self.title
                } else {
                    &mut self.kind
                };
                lines.push(l);
            }
            Part::Title | Part::Type | Part::Notes => {
                self.part = Part::Notes;
                self.notes.push(l);
            }
            Part::Field(_) => {
                let Some((_, left, lines, texts)) = self.fields.last_mut() else {
                    return false;
                };
                if !wrapped && l.left() <= *left + tol.field_indent {
                    return false;
                }
                lines.push(l);
                texts.push(l.text.clone());
            }
        }
        true
    }

    fn finish(self) -> Card {
        let value = |first: &str, lines: &[&FlowLine]| {
            let mut parts = vec![first];
            parts.extend(lines.iter().skip(1).map(|l| l.text.as_str()));
            Value {
                text: flow::join(&parts),
                prov: flow::span(lines),
            }
        };
        let objective_type = (!self.kind.is_empty()).then(|| value(&self.kind_first, &self.kind));
        let notes_text: Vec<&str> = self.notes.iter().map(|l| l.text.as_str()).collect();
        Card {
            number: self.number,
            group: self.group,
            title: value(&self.title_first, &self.title),
            type_code: objective_type.as_ref().and_then(|t| type_code(&t.text)),
            objective_type,
            fields: self
                .fields
                .iter()
                .map(|(f, _, lines, texts)| {
                    let parts: Vec<&str> = texts.iter().map(String::as_str).collect();
                    (
                        *f,
                        Value {
                            text: flow::join(&parts),
                            prov: flow::span(lines),
                        },
                    )
                })
                .collect(),
            notes: (!self.notes.is_empty()).then(|| Value {
                text: flow::join(&notes_text),
                prov: flow::span(&self.notes),
            }),
        }
    }
}

/// Read every card of a document from its running text.
pub fn read(
    lines: &[FlowLine],
    tol: &AssembleTolerances,
    warnings: &mut Vec<Warning>,
) -> Vec<Card> {
    let mut cards = Vec::new();
    let mut group: Option<String> = None;
    let mut open: Option<Draft> = None;
    let mut prev: Option<&FlowLine> = None;
    for l in lines {
        if let Some((number, title)) = parse_title(&l.text) {
            cards.extend(open.take().map(Draft::finish));
            open = Some(Draft {
                number,
                group: group.clone(),
                title: vec![l],
                title_first: title.to_string(),
                kind: Vec::new(),
                kind_first: String::new(),
                notes: Vec::new(),
                fields: Vec::new(),
                part: Part::Title,
            });
        } else if is_group_heading(&l.text, tol) {
            cards.extend(open.take().map(Draft::finish));
            group = Some(flow::join(&[l.text.as_str()]));
        } else if let Some(d) = open.as_mut()
            && !step(d, prev, l, tol, warnings)
        {
            cards.extend(open.take().map(Draft::finish));
        }
        prev = Some(l);
    }
    cards.extend(open.map(Draft::finish));
    cards
}

/// One line inside an open card; `false` when it ends the card.
fn step<'a>(
    d: &mut Draft<'a>,
    prev: Option<&FlowLine>,
    l: &'a FlowLine,
    tol: &AssembleTolerances,
    warnings: &mut Vec<Warning>,
) -> bool {
    if d.kind.is_empty()
        && d.fields.is_empty()
        && let Some(t) = parse_type(&l.text)
    {
        d.kind.push(l);
        d.kind_first = t.to_string();
        d.part = Part::Type;
        return true;
    }
    if let Some((f, v)) = parse_label(&l.text) {
        if d.fields.iter().any(|(g, ..)| *g == f) {
            warnings.push(Warning {
                code: "card_field_repeated",
                message: format!("card {}: field {f:?} printed twice; first kept", d.number),
                prov: Some(l.prov),
            });
            return false;
        }
        d.fields.push((f, l.left(), vec![l], vec![v.to_string()]));
        d.part = Part::Field(f);
        return true;
    }
    prev.is_some_and(|p| d.continue_with(p, l, tol))
}

/// Id given to card objectives where a table id goes.
pub const CARD_TABLE: &str = "cards";

/// A card as an objective with one indicator: the Misuratore, its target
/// (Traguardo atteso), baseline, deadline and data source.
pub fn objective(c: Card, summary: Option<SummaryRow>, year: Option<i32>) -> Objective {
    let f = |k: CardField| c.field(k).cloned();
    let indicator = Indicator {
        indicator: f(CardField::Measure),
        target: f(CardField::Target),
        notes: c.notes.clone(),
        baseline: f(CardField::Baseline),
        deadline: f(CardField::Deadline),
        data_source: f(CardField::DataSource),
        page: c.title.prov.map_or(0, |p| p.page),
        table: CARD_TABLE.to_string(),
        ..Indicator::default()
    };
    Objective {
        year,
        group: c.group.clone(),
        objective: Some(c.title.clone()),
        objective_description: f(CardField::Description),
        dirigente: f(CardField::Dirigente),
        beneficiaries: f(CardField::Beneficiaries),
        units: f(CardField::Units),
        indicators: vec![indicator],
        card: Some(CardInfo {
            number: c.number,
            objective_type: c.objective_type,
            type_code: c.type_code,
            summary,
        }),
        ..Objective::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_of_the_seed() {
        // (seed 004 line, line as rendered, field, value)
        let rows: &[(u32, &str, CardField, &str)] = &[
            (
                123,
                "• a) Descrizione: La revisione del",
                CardField::Description,
                "La revisione del",
            ),
            (
                127,
                "b) Dirigente responsabile: Cervieri Stefania",
                CardField::Dirigente,
                "Cervieri Stefania",
            ),
            (
                129,
                "c) Destinatari: cittadinanza",
                CardField::Beneficiaries,
                "cittadinanza",
            ),
            (
                130,
                "- d) Unità organizzative – altri soggetti coinvolti: Servizi Demografici e URP",
                CardField::Units,
                "Servizi Demografici e URP",
            ),
            (
                131,
                "- e) Entro quando si prevede di raggiungere l’obiettivo: entro il mese di dicembre 2025",
                CardField::Deadline,
                "entro il mese di dicembre 2025",
            ),
            (
                172,
                "- e) Entro quando si prevede di raggiungere l'obiettivo: entro il 31/12/2025.",
                CardField::Deadline,
                "entro il 31/12/2025.",
            ),
            (
                132,
                "- f) Misuratore raggiungimento obiettivo: definizione della revisione",
                CardField::Measure,
                "definizione della revisione",
            ),
            (
                133,
                "- g) Da dove si parte (*baseline*): l’attuale regolamento",
                CardField::Baseline,
                "l’attuale regolamento",
            ),
            (
                363,
                "- g) Da dove si parte (baseline). Il servizio è nuovo.",
                CardField::Baseline,
                "Il servizio è nuovo.",
            ),
            (651, "- g) Da dove si parte:", CardField::Baseline, ""),
            (
                134,
                "- h) Traguardo atteso (*target*): aggiornare il regolamento",
                CardField::Target,
                "aggiornare il regolamento",
            ),
            (
                135,
                "- i) Fonte per verificare i dati: elaborazione di uno schema",
                CardField::DataSource,
                "elaborazione di uno schema",
            ),
            (
                291,
                "a).Descrizione: Con lo scopo di facilitare",
                CardField::Description,
                "Con lo scopo di facilitare",
            ),
            (
                592,
                "- Descrizione: L’obiettivo è proseguire",
                CardField::Description,
                "L’obiettivo è proseguire",
            ),
            (
                600,
                "- Dirigente responsabile: Vailati Paolo – Benfatto Francesco Antonio",
                CardField::Dirigente,
                "Vailati Paolo – Benfatto Francesco Antonio",
            ),
        ];
        for (line, text, field, value) in rows {
            let label = text.replace(['*'], "");
            assert_eq!(
                parse_label(&label),
                Some((*field, *value)),
                "seed 004 line {line}: {text}"
            );
        }
    }

    #[test]
    fn narrative_is_not_a_label() {
        // 004 seed line 92: a bullet of the Valore pubblico section, not a card field.
        assert_eq!(
            parse_label("- a) Semplificare e migliorare le procedure."),
            None
        );
        // 004 seed line 2749 region: a table header word alone.
        assert_eq!(parse_label("Descrizione"), None);
    }

    #[test]
    fn titles_of_the_seed() {
        // seed 004 lines 121, 287, 401, 475, 490.
        assert_eq!(
            parse_title("1. Titolo: Adeguamento regolamento"),
            Some((1, "Adeguamento regolamento"))
        );
        assert_eq!(
            parse_title("11.Titolo: Adesione all'App IO"),
            Some((11, "Adesione all'App IO"))
        );
        assert_eq!(
            parse_title("3.Titolo: Approvazione nuovo regolamento"),
            Some((3, "Approvazione nuovo regolamento"))
        );
        assert_eq!(
            parse_title("8.Titolo : Valorizzazione della Sezione Egizia"),
            Some((8, "Valorizzazione della Sezione Egizia"))
        );
        assert_eq!(
            parse_title("9. Titolo : Studio elaborazione"),
            Some((9, "Studio elaborazione"))
        );
        assert_eq!(parse_title("Titolo: senza numero"), None);
    }

    #[test]
    fn types_of_the_seed() {
        // seed 004 line 123 and 434 (`F - ` with a space).
        let t = parse_type("Tipo obiettivo – A- Obiettivi di semplificazione");
        assert_eq!(t, Some("A- Obiettivi di semplificazione"));
        assert_eq!(type_code("F - Obiettivi di gestione").as_deref(), Some("F"));
        assert_eq!(type_code("A- Obiettivi").as_deref(), Some("A"));
        // The legend under Tab 1 (seed 004 line 953) is not a card's type line.
        assert_eq!(parse_type("Tipo obiettivo:"), None);
    }

    #[test]
    fn group_headings() {
        let heading = |l: &str| is_group_heading(l, &AssembleTolerances::default());
        assert!(heading("AREA 1 AFFARI GENERALI"));
        assert!(heading("POLIZIA LOCALE"));
        assert!(heading(
            "AREA 4 SERVIZI TECNICI – U.O. COORDINAMENTO MANUTENZIONI E PROGETTAZIONI"
        ));
        assert!(!heading("PNRR"));
        assert!(!heading("2.2- Performance"));
    }
}
