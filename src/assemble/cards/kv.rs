//! Cards printed as two-column tables: a label cell and a value cell per row, the
//! card's title in the heading right above the table.
//!
//! The tables stage finds these tables by structure (no header row, two columns); here
//! a table is a card when its label cells hold at least
//! [`AssembleTolerances::card_min_fields`] roles of the vocabulary. A table with no
//! title of its own at the top of the page after a card goes on with that card (a card
//! cut by a page break, the development set's `card-trani`), unless it prints again a
//! label the card has.

use super::label;
use super::label::Labels;
use super::text;
use super::{Card, Field, distinct_roles};
use crate::assemble::Value;
use crate::assemble::flow;
use crate::config::AssembleTolerances;
use crate::geom::{BBox, Provenance};
use crate::tables::context::year_in;
use crate::tables::{Table, TableCell, TableKind};
use crate::vocab::Role;

/// The page boxes of every table (one per table and page), header and body, and of
/// the headings above an objective table, so the running-text reader skips their
/// lines: a table's header line is no `Label: value` line of a card (h3-francavilla,
/// h3-sanremo: the header under an `X: Y` heading read as a card's fields).
pub fn table_boxes(tables: &[Table]) -> Vec<(u32, BBox)> {
    let mut out: Vec<(u32, BBox)> = Vec::new();
    for t in tables {
        for page in &t.pages {
            let boxes: Vec<&BBox> = t
                .rows
                .iter()
                .chain(&t.header_above)
                .flatten()
                .filter_map(|c| c.prov.as_ref())
                .chain(&t.header_prov)
                .filter(|p| p.page == *page)
                .map(|p| &p.bbox)
                .collect();
            if let Some(b) = BBox::union_all(boxes) {
                out.push((*page, b));
            }
        }
        // the headings that frame an objective table (its section, settore and
        // dirigente) are that table's, not a card's fields (h3-francavilla: `Settore …
        // – Dirigente: …` above each table read as one card's dirigente and settore)
        if t.kind == TableKind::Objectives {
            out.extend(t.context_prov.iter().map(|p| (p.page, p.bbox)));
        }
    }
    out
}

/// Whether a line's middle lies inside one of the boxes.
pub fn inside(p: Provenance, boxes: &[(u32, BBox)]) -> bool {
    let (x, y) = (
        (p.bbox.x0 + p.bbox.x1) / 2.0,
        (p.bbox.top + p.bbox.bottom) / 2.0,
    );
    boxes
        .iter()
        .any(|(page, b)| *page == p.page && x >= b.x0 && x <= b.x1 && y >= b.top && y <= b.bottom)
}

/// The label → value rows of a key/value table with no header: one label and its
/// value per row, or several side by side (`Area | value | Responsabile | value`,
/// h10-paluzza), and under a row whose cells after the first name years (`Indicatore
/// | Target 2025 | Target 2026`), or a row of labels only (`Indicatore | Formula di
/// calcolo | Valore iniziale | Valore atteso 2025`, h11-voghiera), a nested table:
/// each row below gives each label its cell, with the year the label names. A card
/// whose table the tables stage gave its first row of labels as a header
/// (`labels_header`: no objective table, a numbered card title above it) reads that
/// row so too.
fn pairs(
    t: &Table,
    m: &Labels,
    labels_header: bool,
    skip: usize,
    tol: &AssembleTolerances,
) -> Option<Vec<Field>> {
    if t.rows.len() <= skip {
        return None;
    }
    let mut nested: Option<Vec<(String, Option<i32>)>> = None;
    if !t.header.is_empty() {
        if !labels_header {
            return None;
        }
        nested = Some(label_columns(&t.header, m, tol)?);
    }
    let mut out: Vec<Field> = Vec::new();
    for r in t.rows.iter().skip(skip) {
        let cells: Vec<&TableCell> = r.iter().filter(|c| !c.text.trim().is_empty()).collect();
        // a row with a blank label cell goes on with the value above: a value of
        // several paragraphs, cut into rows by its paragraph gap where no rule
        // separates the rows (hcard-lucca, unruled)
        let blank_label = r.first().is_some_and(|c| c.text.trim().is_empty());
        if blank_label
            && cells.len() == 1
            && let (Some(f), Some(c)) = (out.last_mut(), cells.first())
        {
            continue_value(&mut f.value, c);
            continue;
        }
        if cells.len() <= 2 {
            nested = None;
            if let Some(l) = cells.first() {
                out.push(field(m, &l.text, cells.get(1).copied(), l, None));
            }
            continue;
        }
        let texts: Vec<String> = r.iter().map(|c| c.text.clone()).collect();
        if let Some(head) = year_columns(r).or_else(|| label_columns(&texts, m, tol)) {
            nested = Some(head);
            continue;
        }
        if let Some(head) = &nested
            && !blank_label
        {
            for ((label, year), c) in head.iter().zip(r) {
                if !c.text.trim().is_empty() {
                    out.push(field(m, label, Some(c), c, *year));
                }
            }
            continue;
        }
        out.extend(side_by_side(r, m)?);
    }
    Some(out)
}

/// A field from a label's text and its value cell (`None`: an empty value).
fn field(
    m: &Labels,
    label: &str,
    v: Option<&TableCell>,
    at: &TableCell,
    year: Option<i32>,
) -> Field {
    let text = crate::normalize::collapse_ws(label);
    let name = text.trim_end_matches(':').trim().to_string();
    Field {
        role: m.role(&name).map(|x| x.0),
        label: name,
        value: Value {
            text: v
                .map(|c| crate::normalize::collapse_ws(&c.text))
                .unwrap_or_default(),
            prov: v.and_then(|c| c.prov).or(at.prov),
        },
        marker: None,
        year,
    }
}

/// A nested table's header row inside a card: a label first, then at least two cells
/// each naming one year (`Target 2025`, `2026`); every column's label and year.
fn year_columns(r: &[TableCell]) -> Option<Vec<(String, Option<i32>)>> {
    let (first, rest) = r.split_first()?;
    let years: Vec<Option<i32>> = rest.iter().map(|c| year_in(&c.text)).collect();
    let named = rest.iter().filter(|c| !c.text.trim().is_empty()).count();
    let all_years = rest
        .iter()
        .zip(&years)
        .all(|(c, y)| c.text.trim().is_empty() || y.is_some());
    if first.text.trim().is_empty() || named < 2 || !all_years {
        return None;
    }
    let mut out = vec![(first.text.clone(), None)];
    out.extend(rest.iter().zip(years).map(|(c, y)| (c.text.clone(), y)));
    Some(out)
}

/// A row of labels over the rows of their values: at least
/// [`AssembleTolerances::card_label_row_min`] cells, every one filled with a label the
/// vocabulary reads (a row of values has a name, a number or a date among them); every
/// column's label and the year it names (`Valore atteso 2025`).
fn label_columns(
    texts: &[String],
    m: &Labels,
    tol: &AssembleTolerances,
) -> Option<Vec<(String, Option<i32>)>> {
    let reads = |t: &String| {
        let l = crate::normalize::collapse_ws(t);
        !l.is_empty() && m.role(l.trim_end_matches(':').trim()).is_some()
    };
    if texts.len() < tol.card_label_row_min || !texts.iter().all(reads) {
        return None;
    }
    Some(texts.iter().map(|t| (t.clone(), year_in(t))).collect())
}

/// A row of labels and values side by side (`Area | value | Responsabile | value`):
/// every cell at an even place after the first is a label the vocabulary reads, each
/// with the value right of it. `None` for any other row of more than two cells (no
/// key/value table).
fn side_by_side(r: &[TableCell], m: &Labels) -> Option<Vec<Field>> {
    let r = paired_cells(r);
    if r.len() < 4 || !r.len().is_multiple_of(2) {
        return None;
    }
    let labelled = r.chunks(2).skip(1).all(|p| {
        let l = crate::normalize::collapse_ws(&p[0].text);
        l.is_empty() || m.role(l.trim_end_matches(':').trim()).is_some()
    });
    if !labelled {
        return None;
    }
    Some(
        r.chunks(2)
            .filter(|p| !p[0].text.trim().is_empty())
            .map(|p| {
                field(
                    m,
                    &p[0].text,
                    Some(&p[1]).filter(|c| !c.text.trim().is_empty()),
                    &p[0],
                    None,
                )
            })
            .collect(),
    )
}

/// A row's cells with the empty ones that stand where a label would start left out: the
/// grid columns a value spans (`Responsabile | value | (covered) | Peso | 15%`,
/// h12-tremosine, whose values span two columns of the card's five), so labels and
/// values alternate again. An empty cell right of a label stays: that label's blank
/// value.
fn paired_cells(r: &[TableCell]) -> Vec<TableCell> {
    let mut out: Vec<TableCell> = Vec::with_capacity(r.len());
    for c in r {
        if c.text.trim().is_empty() && out.len().is_multiple_of(2) && !out.is_empty() {
            continue;
        }
        out.push(c.clone());
    }
    out
}

/// A card's title printed as the first row of its own table, one text across the whole
/// width over the card's fields (`OB.01.01 – title`, h12-tremosine; `Obiettivo n. 3 –
/// title`): the title and its place. A table of two columns is a plain key/value list,
/// whose first row is a field.
fn inner_title(t: &Table) -> Option<(String, Provenance)> {
    let first = t.rows.first()?;
    let (head, rest) = first.split_first()?;
    let alone = rest.len() >= 2 && rest.iter().all(|c| c.text.trim().is_empty());
    let text = crate::normalize::collapse_ws(&head.text);
    let titled = label::coded_title(&text).is_some() || label::title(&text).is_some();
    (t.header.is_empty() && t.rows.len() > 1 && alone && titled).then_some((text, head.prov?))
}

/// A title's number and text: a title that opens with an objective code of a known
/// shape (`OB.01.01 – title`) keeps the code as printed, whether it is printed in the
/// table's first row or as the heading right above it; else it reads as the numbered
/// titles do. A heading was read by the numbered rule alone, which takes `OB.` for a
/// title's name (as `Obiettivo n.`) and left `01.01` (h12-tremosine by iText and
/// PDFBox, whose cards' titles stand one row pitch above their fields).
fn numbered_title(text: &str) -> Option<label::Title> {
    label::coded_title(text).or_else(|| label::title(text))
}

/// Append a continuation cell's text to a value, its box joined to the value's.
fn continue_value(v: &mut Value, c: &TableCell) {
    let more = crate::normalize::collapse_ws(&c.text);
    v.text = if v.text.is_empty() {
        more
    } else {
        format!("{} {more}", v.text)
    };
    v.prov = match (v.prov, c.prov) {
        (Some(a), Some(b)) if a.page == b.page => Some(Provenance {
            page: a.page,
            bbox: a.bbox.union(&b.bbox),
        }),
        (a, b) => a.or(b),
    };
}

/// Where a place stands in the document: page, then top.
fn at(p: &Provenance) -> (u32, f64) {
    (p.page, p.bbox.top)
}

/// The table's last cell's place.
fn end(t: &Table) -> Option<Provenance> {
    t.rows.iter().flatten().rev().find_map(|c| c.prov)
}

/// A card title printed outside every table between the previous table and this one
/// (`orphans`: the running text's numbered title lines), for a table with no heading
/// above it on its page: the producer left the title at the foot of the page before
/// and moved the table to the next (hcard-cagliari, Chromium: `Scheda 4 – ...`).
fn orphan_title(
    t: &Table,
    previous_end: Option<Provenance>,
    orphans: &[(String, Provenance)],
) -> Option<(String, Provenance)> {
    let first = start(t)?;
    let after = |p: &Provenance| {
        previous_end
            .is_none_or(|e| at(p).0 > at(&e).0 || (at(p).0 == at(&e).0 && at(p).1 > at(&e).1))
    };
    let before = |p: &Provenance| {
        at(p).0 < at(&first).0 || (at(p).0 == at(&first).0 && at(p).1 < at(&first).1)
    };
    orphans
        .iter()
        .rev()
        .find(|(_, p)| after(p) && before(p))
        .cloned()
}

/// A card's indicators printed as a table of their own below its key/value table
/// (h15-savigliano: `Indicatore di risultato | Formula di calcolo | Valore 2024 |
/// Target 2025` under the card and its Cronoprogramma): a table that is no objective
/// table, whose header names an indicator column and every column a label the
/// vocabulary reads, with no heading of its own between it and the card, starting on
/// the card's page or the next. Each row's cells are that row's fields, as a nested
/// table's inside a card are ([`pairs`]); `None` for any other table.
fn indicator_table(
    t: &Table,
    m: &Labels,
    card_end: Option<Provenance>,
    tol: &AssembleTolerances,
) -> Option<Vec<Field>> {
    let (card_end, first) = (card_end?, start(t)?);
    let near = first.page == card_end.page || first.page == card_end.page + 1;
    if t.kind == TableKind::Objectives || t.header.is_empty() || !t.context.is_empty() || !near {
        return None;
    }
    t.col(crate::vocab::Role::Indicator)?;
    let fields = pairs(t, m, true, 0, tol)?;
    fields
        .iter()
        .any(|f| f.role == Some(crate::vocab::Role::Indicator))
        .then_some(fields)
}

/// The table's first cell's place.
fn start(t: &Table) -> Option<Provenance> {
    t.rows.iter().flatten().find_map(|c| c.prov)
}

/// The heading right above the table on its page, when it has one.
fn title_above(t: &Table) -> Option<(String, Provenance)> {
    let (text, prov) = (t.context.last()?, *t.context_prov.last()?);
    let first = start(t)?;
    (prov.page == first.page && prov.bbox.top <= first.bbox.top).then(|| (text.clone(), prov))
}

/// The headings of a table's context, a heading cut over lines by an open bracket
/// joined again (`OBIETTIVI COMUNI A TUTTE LE AREE, (ritenuti trasversali di diretto`
/// / `coordinamento del segretario generale)`, t-ignoto).
fn headings(context: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut open = false;
    for c in context {
        match out.last_mut() {
            Some(last) if open => {
                last.push(' ');
                last.push_str(c.trim());
            }
            _ => out.push(c.trim().to_string()),
        }
        let last = out.last().map_or("", String::as_str);
        open = last.matches('(').count() > last.matches(')').count();
    }
    out
}

/// The group a heading names: the rest after a group prefix of the vocabulary
/// (`LINEA DI MANDATO n. 1 - Comunità e partecipazione` → `Comunità e
/// partecipazione`, t-collesalvetti), or the heading as printed when it is in capitals
/// outside its brackets (`OBIETTIVI COMUNI A TUTTE LE AREE, (ritenuti trasversali
/// ...)`, t-ignoto), as the running-text cards' group headings are.
fn group_of(
    h: &str,
    prefixed: &dyn Fn(&str) -> Option<String>,
    document: &dyn Fn(&str) -> bool,
    tol: &AssembleTolerances,
) -> Option<String> {
    if let Some(g) = prefixed(h) {
        return Some(g);
    }
    if document(h) {
        return None;
    }
    let mut depth = 0usize;
    let outside: String = h
        .chars()
        .filter(|c| {
            match c {
                '(' => depth += 1,
                ')' => depth = depth.saturating_sub(1),
                _ => return depth == 0,
            }
            false
        })
        .collect();
    text::is_group_heading(&outside, tol).then(|| flow::join(&[h]))
}

/// The nearest group heading above a card's table (its title aside).
fn group_above(
    t: &Table,
    titled: bool,
    prefixed: &dyn Fn(&str) -> Option<String>,
    document: &dyn Fn(&str) -> bool,
    tol: &AssembleTolerances,
) -> Option<String> {
    let n = t.context.len() - usize::from(titled && !t.context.is_empty());
    headings(&t.context[..n])
        .iter()
        .rev()
        .find_map(|h| group_of(h, prefixed, document, tol))
}

/// Whether `more` (the rows of a table with no title atop the next page) can be the
/// rest of card `c`: it prints no objective field the card has, and no indicator field
/// its last indicator has, unless it opens another indicator (a card prints an
/// indicator's labels again for each indicator: h13-bra by Ghostscript, card 3's
/// second indicator cut before its `Grado di raggiungimento`, which the first
/// indicator printed too).
fn fits_after(c: &Card, more: &[Field]) -> bool {
    let last = c
        .fields
        .iter()
        .rposition(|f| f.role == Some(Role::Indicator))
        .unwrap_or(0);
    let mut open: Vec<Role> = c.fields[last..].iter().filter_map(|f| f.role).collect();
    for r in more.iter().filter_map(|f| f.role) {
        if super::is_objective_role(r) {
            if c.field(r).is_some() {
                return false;
            }
            continue;
        }
        if r == Role::Indicator {
            open.clear();
        } else if open.contains(&r) {
            return false;
        }
        open.push(r);
    }
    true
}

/// Every card printed as a key/value table, in document order. A card's group is the
/// nearest group heading above it (`prefixed` reads a heading's group prefix),
/// carried to the cards below until another.
pub fn read(
    tables: &[Table],
    m: &Labels,
    prefixed: &dyn Fn(&str) -> Option<String>,
    document: &dyn Fn(&str) -> bool,
    orphans: &[(String, Provenance)],
    tol: &AssembleTolerances,
) -> Vec<Card> {
    let mut cards: Vec<Card> = Vec::new();
    let mut last_page: Option<u32> = None;
    let mut group: Option<String> = None;
    let mut previous_end: Option<Provenance> = None;
    for t in tables {
        // an objective table is no card whatever its title (hcard-lucca's summary
        // `Tabella 1 – Elenco degli obiettivi` over `N. | Titolo obiettivo | Responsabile`)
        let numbered = t.kind != TableKind::Objectives
            && title_above(t).is_some_and(|(h, _)| label::title(&h).is_some());
        let inner = inner_title(t);
        let Some(fields) = pairs(t, m, numbered, usize::from(inner.is_some()), tol) else {
            if let Some(more) = indicator_table(t, m, previous_end, tol)
                && let Some(c) = cards.last_mut()
            {
                c.fields.extend(more);
                previous_end = end(t).or(previous_end);
                continue;
            }
            last_page = None;
            continue;
        };
        let is_inner = inner.is_some();
        let title = inner
            .or_else(|| title_above(t))
            .or_else(|| orphan_title(t, previous_end, orphans));
        previous_end = end(t).or(previous_end);
        let titled_above = title.is_some() && !is_inner;
        if let Some(g) = group_above(t, titled_above, prefixed, document, tol) {
            group = Some(g);
        }
        let first_page = t.pages.first().copied();
        let goes_on = title.is_none()
            && last_page.is_some_and(|p| first_page.is_some_and(|f| f > p))
            && cards.last().is_some_and(|c| fits_after(c, &fields));
        if goes_on && let Some(c) = cards.last_mut() {
            c.fields.extend(fields);
            last_page = t.pages.last().copied();
            continue;
        }
        // a card cut by a page break may show fewer labels here than a card needs
        if distinct_roles(&fields) < tol.card_min_fields && title.is_none() {
            last_page = None;
            continue;
        }
        let (number, title) = match title {
            Some((text, prov)) => match numbered_title(&text) {
                Some(n) => (
                    Some(n.number),
                    Some(Value {
                        text: n.text,
                        prov: Some(prov),
                    }),
                ),
                None => (
                    None,
                    Some(Value {
                        text: flow::join(&[text.as_str()]),
                        prov: Some(prov),
                    }),
                ),
            },
            None => (None, None),
        };
        cards.push(Card {
            number,
            group: group.clone(),
            prov: title.as_ref().and_then(|t| t.prov).or_else(|| start(t)),
            title,
            fields,
            notes: None,
        });
        last_page = t.pages.last().copied();
    }
    cards.retain(|c| distinct_roles(&c.fields) >= tol.card_min_fields);
    cards
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(x0: f64, top: f64, x1: f64, bottom: f64) -> Provenance {
        Provenance {
            page: 2,
            bbox: BBox::new(x0, top, x1, bottom),
        }
    }

    /// A header-less table of rows of cells (no boxes), as the lattice reads a card.
    fn card_table(rows: &[&[&str]]) -> Table {
        Table {
            id: "t001".to_string(),
            kind: TableKind::Other,
            pages: vec![2],
            method: crate::grid::Method::Lattice,
            context: Vec::new(),
            context_prov: Vec::new(),
            header: Vec::new(),
            header_prov: Vec::new(),
            header_above: Vec::new(),
            columns: Vec::new(),
            rows: rows
                .iter()
                .map(|r| {
                    r.iter()
                        .map(|t| TableCell {
                            text: t.to_string(),
                            prov: None,
                            bold: None,
                        })
                        .collect()
                })
                .collect(),
        }
    }

    #[test]
    fn an_indicator_table_of_its_own_under_a_card_gives_the_cards_indicators() {
        use crate::tables::header::Column;
        // h15-savigliano (react-pdf, ruled): card 1's indicator table below its
        // Cronoprogramma, no heading between; the first run left the card with no
        // indicator
        let m = crate::tables::matcher::Matcher::builtin();
        let labels = Labels::new(m, &crate::vocab::Vocabulary::builtin());
        let header = [
            "Indicatore di risultato",
            "Formula di calcolo",
            "Valore 2024",
            "Target 2025",
        ];
        let mut t = card_table(&[
            &[
                "Tempo medio di attesa per l'appuntamento",
                "Media dei giorni tra prenotazione e rilascio",
                "27 gg",
                "24 gg",
            ],
            &[
                "CIE rilasciate",
                "Numero di carte emesse nell'anno",
                "28.278",
                "31.420",
            ],
        ]);
        for (i, c) in t.rows.iter_mut().flatten().enumerate() {
            c.prov = Some(at(
                40.0 + 100.0 * (i % 4) as f64,
                400.0 + 12.0 * (i / 4) as f64,
                130.0,
                410.0,
            ));
        }
        t.header = header.iter().map(|h| h.to_string()).collect();
        t.columns = header.iter().map(|h| Column::unknown(h)).collect();
        t.columns[0].role = Some(Role::Indicator);
        let card_end = Some(at(40.0, 300.0, 130.0, 310.0));
        let tol = AssembleTolerances::default();
        let got: Vec<(Option<Role>, String)> = indicator_table(&t, &labels, card_end, &tol)
            .unwrap_or_default()
            .into_iter()
            .map(|f| (f.role, f.value.text))
            .collect();
        assert_eq!(got.len(), 8, "{got:#?}");
        assert_eq!(
            got[0],
            (
                Some(Role::Indicator),
                "Tempo medio di attesa per l'appuntamento".to_string()
            )
        );
        assert_eq!(
            got[4],
            (Some(Role::Indicator), "CIE rilasciate".to_string())
        );
        // a heading of its own, or a card two pages back, makes it no card's table
        let far = Some(Provenance {
            page: 0,
            ..at(40.0, 300.0, 130.0, 310.0)
        });
        assert!(indicator_table(&t, &labels, far, &tol).is_none());
        t.context = vec!["Indicatori di ente".to_string()];
        assert!(indicator_table(&t, &labels, card_end, &tol).is_none());
    }

    #[test]
    fn fields_side_by_side_and_a_nested_table_of_years_are_a_cards_fields() {
        // h10-paluzza, Writer (ruled), card 4 as the lattice reads it
        let m = crate::tables::matcher::Matcher::builtin();
        let labels = Labels::new(m, &crate::vocab::Vocabulary::builtin());
        let t = card_table(&[
            &[
                "Area",
                "Area Economico-Finanziaria",
                "Responsabile",
                "Dott.ssa Valentina Brambilla",
            ],
            &["Obiettivo strategico DUP", "Conti in ordine", "Peso", "15"],
            &["Tipologia", "Sviluppo", "Scadenza", "30/06/2025"],
            &[
                "Descrizione",
                "Controllo delle posizioni IMU e TARI non versate",
                "",
                "",
            ],
            &["Indicatore", "Target 2025", "Target 2026", "Target 2027"],
            &["Avvisi di accertamento emessi", "102", "113", "124"],
            &[
                "Somme accertate",
                "€ 842.147,00",
                "€ 901.335,50",
                "€ 940.524,00",
            ],
        ]);
        let f = pairs(&t, &labels, false, 0, &AssembleTolerances::default());
        let got: Vec<(Option<Role>, &str, Option<i32>)> = f
            .iter()
            .flatten()
            .map(|f| (f.role, f.value.text.as_str(), f.year))
            .collect();
        assert_eq!(got.len(), 15, "{got:#?}");
        assert_eq!(
            got[1],
            (Some(Role::Dirigente), "Dott.ssa Valentina Brambilla", None)
        );
        assert_eq!(got[3], (Some(Role::Weight), "15", None));
        assert_eq!(got[5], (Some(Role::Deadline), "30/06/2025", None));
        assert_eq!(got[6].1, "Controllo delle posizioni IMU e TARI non versate");
        assert_eq!(
            got[7],
            (Some(Role::Indicator), "Avvisi di accertamento emessi", None)
        );
        assert_eq!(got[8], (Some(Role::Target), "102", Some(2025)));
        assert_eq!(got[10], (Some(Role::Target), "124", Some(2027)));
        assert_eq!(got[14], (Some(Role::Target), "€ 940.524,00", Some(2027)));
    }

    #[test]
    fn a_row_of_labels_over_their_values_is_a_cards_fields() {
        // h11-voghiera, TCPDF's MultiCell (ruled), card 1 as the lattice reads it: the
        // row of labels taken as the table's header, the title row above it
        let m = crate::tables::matcher::Matcher::builtin();
        let labels = Labels::new(m, &crate::vocab::Vocabulary::builtin());
        let mut t = card_table(&[
            &[
                "Geom. Andrea Ciarapica",
                "Servizio Segreteria e Personale",
                "20",
                "31/12/2025",
            ],
            &[
                "Descrizione",
                "Formazione obbligatoria e specialistica dei dipendenti",
                "",
                "",
            ],
            &[
                "Indicatore",
                "Formula di calcolo",
                "Valore iniziale",
                "Valore atteso 2025",
            ],
            &[
                "Dipendenti formati",
                "Dipendenti con almeno 24 ore di formazione / dipendenti x 100",
                "79%",
                "83%",
            ],
        ]);
        t.header = ["Responsabile", "Servizio", "Peso", "Scadenza"]
            .map(String::from)
            .to_vec();
        let tol = AssembleTolerances::default();
        // no numbered card title above it: a table with a header is no card
        assert!(pairs(&t, &labels, false, 0, &tol).is_none());
        let f = pairs(&t, &labels, true, 0, &tol).unwrap_or_default();
        let got: Vec<(Option<Role>, &str, Option<i32>)> = f
            .iter()
            .map(|f| (f.role, f.value.text.as_str(), f.year))
            .collect();
        assert_eq!(got.len(), 9, "{got:#?}");
        assert_eq!(
            got[0],
            (Some(Role::Dirigente), "Geom. Andrea Ciarapica", None)
        );
        assert_eq!(got[2], (Some(Role::Weight), "20", None));
        assert_eq!(got[3], (Some(Role::Deadline), "31/12/2025", None));
        assert_eq!(got[5], (Some(Role::Indicator), "Dipendenti formati", None));
        assert_eq!(got[8], (Some(Role::Target), "83%", Some(2025)));
    }

    #[test]
    fn pairs_whose_value_spans_two_columns_and_a_coded_title_row_are_a_card() {
        // h12-tremosine, ConTeXt (ruled), card 2 as the lattice reads it: the title row
        // across the five columns, the first value of each row of pairs over two
        // columns (the covered cell empty), `Descrizione` over the row, the results
        let m = crate::tables::matcher::Matcher::builtin();
        let labels = Labels::new(m, &crate::vocab::Vocabulary::builtin());
        let mut t = card_table(&[
            &[
                "OB.02.01 – Recupero dell'evasione dei tributi locali",
                "",
                "",
                "",
                "",
            ],
            &["Responsabile", "Arch. Elena Marzocchi", "", "Peso", "25%"],
            &[
                "Servizio",
                "Ragioneria e tributi",
                "",
                "Scadenza",
                "31/12/2024",
            ],
            &[
                "Descrizione",
                "Controllo delle posizioni IMU e TARI non versate",
                "",
                "",
                "",
            ],
            &[
                "Indicatore",
                "Target 2024",
                "Valore raggiunto",
                "% raggiungimento",
                "Note/motivazioni scostamento",
            ],
            &["Avvisi di accertamento emessi", "163", "169", "100%", ""],
        ]);
        t.rows[0][0].prov = Some(at(42.52, 420.3, 552.76, 432.1));
        let title = inner_title(&t).map(|(text, _)| text).unwrap_or_default();
        let n = numbered_title(&title).map(|n| (n.number, n.text));
        assert_eq!(
            n,
            Some((
                "OB.02.01".to_string(),
                "Recupero dell'evasione dei tributi locali".to_string()
            )),
            "the first row is the card's coded title"
        );
        let f = pairs(&t, &labels, false, 1, &AssembleTolerances::default());
        let got: Vec<(Option<Role>, &str)> = f
            .iter()
            .flatten()
            .map(|f| (f.role, f.value.text.as_str()))
            .collect();
        assert_eq!(got.len(), 9, "{got:#?}");
        assert_eq!(got[0], (Some(Role::Dirigente), "Arch. Elena Marzocchi"));
        assert_eq!(got[1], (Some(Role::Weight), "25%"));
        assert_eq!(got[3], (Some(Role::Deadline), "31/12/2024"));
        assert_eq!(
            got[5],
            (Some(Role::Indicator), "Avvisi di accertamento emessi")
        );
        assert_eq!(got[7], (Some(Role::Actual), "169"));
        assert_eq!(got[8], (Some(Role::Achievement), "100%"));
        // a key/value list of two columns has no title row: its first row is a field
        let two = card_table(&[
            &["Obiettivo n. 3 – Titolo", ""],
            &["Responsabile", "Ing. Paolo Verdi"],
        ]);
        assert!(inner_title(&two).is_none());
    }

    /// A title's code as printed, whether the title is the card's first row or the
    /// heading one row pitch above its fields (h12-tremosine by PDFBox, card 6: the
    /// page's last card, its title left above its grid); titles numbered otherwise
    /// read as before (`Obiettivo n. 3`, seed 004's `1.1`).
    #[test]
    fn a_coded_title_keeps_its_code_as_printed() {
        let read = |t: &str| numbered_title(t).map(|n| (n.number, n.text));
        let pair = |n: &str, t: &str| Some((n.to_string(), t.to_string()));
        assert_eq!(
            read("OB.06.01 – Apertura serale della biblioteca"),
            pair("OB.06.01", "Apertura serale della biblioteca")
        );
        assert_eq!(
            read("Obiettivo n. 3 – Recupero dell'evasione"),
            pair("3", "Recupero dell'evasione")
        );
    }

    #[test]
    fn a_row_of_four_cells_whose_third_is_no_label_is_no_card() {
        // an objective table's row read without its header: `Servizio` is a label,
        // the indicator's wording right of its value is none
        let m = crate::tables::matcher::Matcher::builtin();
        let labels = Labels::new(m, &crate::vocab::Vocabulary::builtin());
        let t = card_table(&[&[
            "Servizio",
            "Polizia Locale",
            "Ore di controllo su strada",
            "1.240",
        ]]);
        assert!(pairs(&t, &labels, false, 0, &AssembleTolerances::default()).is_none());
    }

    #[test]
    fn a_tables_header_and_headings_are_inside_its_boxes() {
        // h3-sanremo, ReportLab, page 2 (`inspect --lines`): the heading, the header
        // line (`Peso` / `relativo` wrapped) and the first row of the first table
        let cell = |text: &str, p: Provenance| TableCell {
            text: text.to_string(),
            prov: Some(p),
            bold: None,
        };
        let t = Table {
            id: "t001".to_string(),
            kind: TableKind::Objectives,
            pages: vec![2],
            method: crate::grid::Method::Stream,
            context: vec!["INDIRIZZO STRATEGICO: TURISMO, CULTURA E GRANDI EVENTI".to_string()],
            context_prov: vec![at(48.52, 73.92, 358.45, 85.92)],
            header: vec!["N. ob.".to_string(), "Peso relativo".to_string()],
            header_prov: vec![
                at(45.52, 97.12, 63.74, 105.12),
                at(451.86, 97.12, 475.19, 114.72),
            ],
            header_above: Vec::new(),
            columns: Vec::new(),
            rows: vec![vec![
                cell("OG 26.01", at(45.52, 121.32, 73.97, 129.32)),
                cell("15", at(451.86, 121.32, 459.15, 129.32)),
            ]],
        };
        let boxes = table_boxes(std::slice::from_ref(&t));
        // the header line, as the flow joins it
        assert!(inside(at(45.52, 97.12, 747.04, 105.12), &boxes));
        assert!(inside(at(48.52, 73.92, 358.45, 85.92), &boxes));
        // the page's own heading above the first table is no table's
        assert!(!inside(at(48.52, 51.32, 233.10, 65.32), &boxes));
        // a table of another kind keeps its headings out of its boxes (a key/value
        // card's title is its card's)
        let other = Table {
            kind: TableKind::Other,
            ..t
        };
        assert!(!inside(
            at(48.52, 73.92, 358.45, 85.92),
            &table_boxes(&[other])
        ));
    }

    /// h13-bra by genpdf, card 3 (`Obiettivo gestionale n. 3`): two indicators, each
    /// with `Indicatore`, `Valore atteso`, `Valore raggiunto`, `Grado di
    /// raggiungimento`; the second's `Grado di raggiungimento | 94%` a table of its own
    /// atop page 3.
    #[test]
    fn a_cut_card_goes_on_with_a_field_its_last_indicator_lacks() {
        let f = |r: Role, label: &str, v: &str| Field {
            role: Some(r),
            label: label.to_string(),
            value: Value {
                text: v.to_string(),
                prov: None,
            },
            marker: None,
            year: None,
        };
        let card = Card {
            number: Some("3".into()),
            group: None,
            title: None,
            fields: vec![
                f(Role::Settore, "Settore", "Settore Economico Finanziario"),
                f(Role::Weight, "Peso", "20"),
                f(
                    Role::Indicator,
                    "Indicatore",
                    "Avvisi di accertamento emessi",
                ),
                f(Role::Target, "Valore atteso", "423"),
                f(Role::Actual, "Valore raggiunto", "423"),
                f(Role::Achievement, "Grado di raggiungimento", "100%"),
                f(Role::Indicator, "Indicatore", "Somme accertate"),
                f(Role::Target, "Valore atteso", "€ 919.721,00"),
                f(Role::Actual, "Valore raggiunto", "€ 865.985,72"),
            ],
            notes: None,
            prov: None,
        };
        let achievement = [f(Role::Achievement, "Grado di raggiungimento", "94%")];
        assert!(fits_after(&card, &achievement));
        // a field the last indicator has, or an objective field the card has, opens
        // another card
        assert!(!fits_after(&card, &[f(Role::Target, "Valore atteso", "5")]));
        assert!(!fits_after(
            &card,
            &[f(Role::Settore, "Settore", "Polizia")]
        ));
        // another indicator of the card
        let next = [
            f(Role::Indicator, "Indicatore", "Verbali"),
            f(Role::Target, "Valore atteso", "80%"),
        ];
        assert!(fits_after(&card, &next));
    }
}
