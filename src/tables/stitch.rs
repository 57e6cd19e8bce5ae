//! Joining the pieces of a table that runs over several pages.

use super::header::Column;
use super::{Piece, Table, TableCell, TableKind};
use crate::config::TableRules;
use crate::geom::Provenance;
use crate::grid::Grid;
use crate::normalize::fold;

/// Cells of a grid as a full matrix: a merged cell's text and box at its top-left
/// position, covered positions empty with no provenance.
fn matrix(g: &Grid) -> Vec<Vec<TableCell>> {
    let mut m: Vec<Vec<TableCell>> = (0..g.n_rows)
        .map(|_| {
            (0..g.n_cols)
                .map(|_| TableCell {
                    text: String::new(),
                    prov: None,
                    bold: None,
                })
                .collect()
        })
        .collect();
    for c in &g.cells {
        if let Some(slot) = m.get_mut(c.row).and_then(|r| r.get_mut(c.col)) {
            *slot = TableCell {
                text: c.text.clone(),
                prov: Some(c.prov),
                bold: c.bold,
            };
        }
    }
    m
}

fn texts(row: &[TableCell]) -> Vec<String> {
    row.iter().map(|c| c.text.clone()).collect()
}

/// Whether two rows of texts are the same once folded. A header repeated on the next
/// page is mostly printed alike: texts equal as printed are equal folded, and are
/// not folded (two copies each).
fn same_text(a: &[String], b: &[String]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x == y || fold(x) == fold(y))
}

fn is_blank(row: &[TableCell]) -> bool {
    row.iter().all(|c| c.text.trim().is_empty())
}

/// A piece split into the rows above its header (more context, or header rows
/// above the column header), header, data rows.
struct Split {
    context: Vec<(String, Provenance)>,
    header_above: Vec<Vec<TableCell>>,
    header: Vec<String>,
    header_cells: Vec<TableCell>,
    /// The header was found by the vocabulary (its text must repeat on a new page).
    recognised: bool,
    /// The header was found by the grid's structure.
    structural: bool,
    data: Vec<Vec<TableCell>>,
    /// A card whose first row is its title ([`super::card`]): a table of its own.
    opens_card: bool,
}

/// A row above the header that is a title printed inside the grid: one text over the
/// whole width (004's "Punteggi" above "FATTORE | DESCRIZIONE | SI | NO"). Any other
/// row there (a group name over some columns, like `THRESHOLD FOR RELEASES` over the
/// three media) belongs to the header.
fn is_title_row(row: &[TableCell]) -> bool {
    row.iter().skip(1).all(|c| c.text.is_empty())
}

fn split(p: &Piece, rules: &TableRules) -> Split {
    let mut m = matrix(&p.grid);
    m.retain(|r| !is_blank(r));
    let mut context = p.context.clone();
    let (h, has_header) = match p.header_row {
        // rows carried on under no header (the grid stage read them in the columns
        // of the table the page before ended with)
        _ if p.pairs || p.card || p.grid.carried => (0, false),
        Some(h) => (h.min(m.len()), true),
        None => bold_header(&m),
    };
    // header rows above the column header stay in the header, down from the last
    // title row (rows from the top to it are headings)
    let titles = m
        .iter()
        .take(h)
        .rposition(|r| is_title_row(r))
        .map_or(0, |i| i + 1);
    let header_above: Vec<Vec<TableCell>> = m[titles.min(h)..h].to_vec();
    for row in m.iter().take(titles.min(h)) {
        for c in row.iter().filter(|c| !c.text.is_empty()) {
            context.push((
                c.text.clone(),
                c.prov.unwrap_or(Provenance {
                    page: p.grid.page,
                    bbox: p.grid.bbox,
                }),
            ));
        }
    }
    let mut rest = m.split_off(h);
    let header_cells = if rest.is_empty() || !has_header {
        Vec::new()
    } else {
        rest.remove(0)
    };
    let structural = p.grid.header_rows > 0 && !p.pairs && !p.card;
    // a grid of label / value pairs is a card as much as one of labels over values
    let opens_card = (p.card || p.pairs) && card_title(&mut context, &mut rest, rules);
    Split {
        context,
        header_above: if has_header { header_above } else { Vec::new() },
        header: texts(&header_cells),
        header_cells,
        recognised: p.header_row.is_some() && !structural,
        structural,
        data: rest,
        opens_card,
    }
}

/// Whether a card's rows open with its title row: printed inside its grid (one text
/// across the width, TCPDF's ruled cards), or the heading right above it taken from
/// `context` into the rows ([`super::card::title_row`]: dompdf's and Prawn's cards
/// without a frame, whose title line the grid stage left out). A grid of label / value
/// pairs is a card too (`split` asks for both): h12-tremosine by iText and PDFBox
/// prints each objective's pairs under a plain title one row pitch above them.
fn card_title(
    context: &mut Vec<(String, Provenance)>,
    rows: &mut Vec<Vec<TableCell>>,
    rules: &TableRules,
) -> bool {
    if rows.first().is_some_and(|r| is_title_row(r)) {
        return true;
    }
    let Some(title) = super::card::title_row(context, rows, rules) else {
        return false;
    };
    context.pop();
    rows.insert(0, title);
    true
}

/// The header of a table whose header the vocabulary does not know: the last of its
/// leading rows printed all in bold (rows above it are more context, like 004's
/// "Punteggi" above "FATTORE | DESCRIZIONE | SI | NO"); none when its first row is not
/// bold (a key/value list such as 003's "Denominazione Ente | Comune di Cremona").
/// Without font information, or when every row is bold, the first row is taken.
/// Returns (index of the header row, whether there is one).
fn bold_header(m: &[Vec<TableCell>]) -> (usize, bool) {
    let known = m.iter().flatten().any(|c| c.bold.is_some());
    let bold_row = |r: &Vec<TableCell>| {
        r.iter()
            .filter(|c| !c.text.is_empty())
            .all(|c| c.bold == Some(true))
    };
    let k = m.iter().take_while(|r| bold_row(r)).count();
    if !known || k == m.len() {
        (0, true)
    } else if k == 0 {
        (0, false)
    } else {
        (k - 1, true)
    }
}

/// Whether `next` (first row on a new page) is the rest of `prev` (last row of the
/// page before), cut by the page break as word processors do: it leaves blank a
/// column that every other row fills (at least `always_filled` of them, with
/// `cut_row_min_rows` rows to judge by), or every text it has continues a sentence
/// (starts in lower case) in a column where `prev` has text too. A figure under a
/// figure (`25` / `100`) is two values, not one cut in two: a one-word cell has one
/// line and the break cannot part it, so such a row is a row of its own (a `Totale`
/// row alone on the next page under the repeated header, h10-valledelsavio Writer).
fn is_cut_row(
    rows: &[Vec<TableCell>],
    prev: &[TableCell],
    next: &[TableCell],
    rules: &TableRules,
) -> bool {
    if next
        .iter()
        .zip(prev)
        .any(|(n, p)| is_figure(&n.text) && is_figure(&p.text))
    {
        return false;
    }
    let filled = |i: usize| {
        rows.iter()
            .filter(|r| r.get(i).is_some_and(|c| !c.text.is_empty()))
            .count()
    };
    let blank_in_always_filled = rows.len() >= rules.cut_row_min_rows
        && next.iter().enumerate().any(|(i, c)| {
            c.text.is_empty() && filled(i) as f64 >= rules.always_filled * rows.len() as f64
        });
    let goes_on = |n: &TableCell, p: &TableCell| {
        !p.text.is_empty() && n.text.chars().next().is_some_and(char::is_lowercase)
    };
    let continues_text = next
        .iter()
        .zip(prev)
        .all(|(n, p)| n.text.is_empty() || goes_on(n, p));
    // a first cell that starts a text of its own under one the row above fills is
    // the next row's label, however many cells it leaves blank (h10-paluzza by
    // ReportLab: a card's `Descrizione`, its value over three columns, atop page 3
    // under `Tipologia | Sviluppo | Scadenza | 31/12/2025`)
    let new_label = match (next.first(), prev.first()) {
        (Some(n), Some(p)) => !n.text.is_empty() && !p.text.is_empty() && !goes_on(n, p),
        _ => false,
    };
    !is_blank(next) && (blank_in_always_filled && !new_label || continues_text)
}

/// A cell that prints one figure (`100`, `25`, `12,5%`, `-3`): one word of digits
/// and their separators.
fn is_figure(text: &str) -> bool {
    let t = text.trim();
    !t.is_empty()
        && t.chars().any(|c| c.is_ascii_digit())
        && t.chars().all(|c| c.is_ascii_digit() || ".,%+-".contains(c))
}

/// Append `next` to `prev` cell by cell (the two halves of one row).
fn merge_row(prev: &mut [TableCell], next: Vec<TableCell>) {
    for (p, n) in prev.iter_mut().zip(next) {
        if n.text.is_empty() {
            continue;
        }
        if !p.text.is_empty() {
            p.text.push(' ');
        }
        p.text.push_str(&n.text);
        p.prov = p.prov.or(n.prov);
    }
}

/// Append a continuation piece's rows, first merging a row cut by the page break.
fn append_rows(t: &mut Table, mut data: Vec<Vec<TableCell>>, rules: &TableRules) {
    if !data.is_empty()
        && let Some(last) = t.rows.last()
        && is_cut_row(&t.rows, last, &data[0], rules)
    {
        let first = data.remove(0);
        if let Some(last) = t.rows.last_mut() {
            merge_row(last, first);
        }
    }
    t.rows.extend(data);
}

/// Columns of a header before its meaning is read: names only. Roles and kinds come
/// once per stitched table from `read_meaning`, with the run's vocabulary and the
/// columns' content; stitching needs only the header's text and width.
fn unread(header: &[String]) -> Vec<Column> {
    header.iter().map(|h| Column::unknown(h)).collect()
}

/// Whether piece `p` (already split) continues table `t`: next page, first grid on
/// it, same columns, either no headings or the same headings as `t`, and no header
/// of its own other than `t`'s: one the vocabulary recognises, or a header the page
/// prints in bold over two cells or more (a new table of another kind at the top of
/// the page: a complete PIAO's anticorruption map after its performance table).
fn continues(t: &Table, p: &Piece, s: &Split) -> bool {
    let next_page = t.pages.last().is_some_and(|&l| p.grid.page == l + 1);
    // a table with no header (a card) has as many columns as its rows' cells; the
    // grid stage read a carried grid in the columns it ended its page with
    let same_cols = p.grid.n_cols == t.columns.len()
        || p.grid.carried
            && t.columns.is_empty()
            && t.rows.first().is_some_and(|r| r.len() == p.grid.n_cols);
    let ctx: Vec<String> = s.context.iter().map(|(c, _)| c.clone()).collect();
    let repeated = !s.header.is_empty() && same_text(&s.header, &t.header);
    let same_ctx =
        ctx.is_empty() || same_text(&ctx, &t.context) || repeated && repeats_tail(&ctx, &t.context);
    let named = s.header_cells.iter().filter(|c| !c.text.is_empty());
    let bold_header =
        s.structural && named.clone().count() >= 2 && named.clone().all(|c| c.bold == Some(true));
    let same_header = !(s.recognised || bold_header) || same_text(&s.header, &t.header);
    next_page && p.at_page_top && same_cols && same_ctx && same_header && !s.opens_card
}

/// Whether the lines above a piece's header are the last lines above the table's
/// own: what the page printed right over the header (a group name, `Target` over
/// `2025 | 2026 | 2027`) repeats with it on the next page, the headings above it do
/// not (h12-grosseto by borb: `Area 4 - Servizi alla persona` / `Dirigente
/// responsabile: …` / `Target` on page 2, `Target` alone over the repeated header on
/// page 3). A new table brings headings of its own, which the table's tail is not,
/// or a header of its own under the same lines (003 by Writer, pp. 28-29: two
/// tables of the results of its managers under one paragraph's last line); the
/// caller asks for the header repeated.
fn repeats_tail(ctx: &[String], table: &[String]) -> bool {
    ctx.len() < table.len() && same_text(ctx, &table[table.len() - ctx.len()..])
}

/// Top of each row of a piece (header rows above, header, data), from its cells'
/// boxes; `None` for a row without any.
fn row_tops(s: &Split) -> Vec<Option<f64>> {
    let top = |r: &[TableCell]| {
        r.iter()
            .filter_map(|c| c.prov.map(|p| p.bbox.top))
            .min_by(f64::total_cmp)
    };
    let header = (!s.header_cells.is_empty()).then_some(&s.header_cells);
    s.header_above
        .iter()
        .chain(header)
        .chain(s.data.iter())
        .map(|r| top(r))
        .collect()
}

/// Whether piece `p` holds the columns of table `t`, whose last piece's row tops are
/// `last` (on `page`), that did not fit that page's width: first on the next page,
/// with a header of its own by structure that is not `t`'s (a table continued down
/// the next page repeats its header or has none), its rows as many and at the same
/// heights (within `same_row_slack`), and not the same first column (another table
/// of the same rows, as statistical reports print them page after page).
fn beside(
    t: &Table,
    last: &(u32, Vec<Option<f64>>),
    p: &Piece,
    s: &Split,
    rules: &TableRules,
) -> bool {
    let tops = row_tops(s);
    let first = |rows: &[Vec<TableCell>]| -> Vec<String> {
        rows.iter()
            .map(|r| r.first().map(|c| c.text.clone()).unwrap_or_default())
            .collect()
    };
    let mine = first(&s.data);
    let theirs = first(&t.rows[t.rows.len().saturating_sub(s.data.len())..]);
    p.grid.page == last.0 + 1
        && p.at_page_top
        && s.structural
        && !same_text(&s.header, &t.header)
        && !same_text(&mine, &theirs)
        && tops.len() == last.1.len()
        && tops.len() >= rules.cut_row_min_rows
        && tops.iter().zip(&last.1).all(|(a, b)| match (a, b) {
            (Some(a), Some(b)) => (a - b).abs() <= rules.same_row_slack,
            _ => false,
        })
}

/// The boxes of the cells of a header row that print something.
fn boxes(cells: &[TableCell]) -> Vec<Provenance> {
    cells
        .iter()
        .filter(|c| !c.text.trim().is_empty())
        .filter_map(|c| c.prov)
        .collect()
}

/// Append the columns of `s` (the part of `t` printed on the next page) to `t`'s last
/// rows, its header to `t`'s header.
fn append_columns(t: &mut Table, s: Split, page: u32) {
    let width = s.header_cells.len().max(s.data.first().map_or(0, Vec::len));
    let blank = || TableCell {
        text: String::new(),
        prov: None,
        bold: None,
    };
    for (i, row) in t.header_above.iter_mut().enumerate() {
        match s.header_above.get(i) {
            Some(more) => row.extend(more.iter().cloned()),
            None => row.extend((0..width).map(|_| blank())),
        }
    }
    t.header.extend(s.header);
    t.header_prov.extend(boxes(&s.header_cells));
    t.columns = unread(&t.header);
    let from = t.rows.len().saturating_sub(s.data.len());
    for (row, more) in t.rows[from..].iter_mut().zip(s.data) {
        row.extend(more);
    }
    t.pages.push(page);
}

/// Stitch pieces (in document order) into tables: their columns are unread (no
/// role) and their kind [`TableKind::Other`] until `read_meaning` reads them.
/// Each column's left edge in `g`: the leftmost start of a cell that begins in it
/// (`None` when a column has no cell of its own).
fn column_lefts(g: &Grid) -> Option<Vec<f64>> {
    (0..g.n_cols)
        .map(|c| {
            g.cells
                .iter()
                .filter(|cell| cell.col == c)
                .map(|cell| cell.prov.bbox.x0)
                .reduce(f64::min)
        })
        .collect()
}

/// Give a table with no header the columns of the grid that opens the next page
/// when that grid is the same frame split finer: a card whose first fields a page's
/// foot parts from the rest, its values spanning the columns the nested indicator
/// table under the rest divides (h14-cortona by pdf-lib: `Missione / Programma |
/// 09 – …` at page 2's foot, `Responsabile | …` over `Indicatore | Unità di misura |
/// Valore di partenza | Target 2025` atop page 3). The page that shows only the
/// spanning rows cannot tell their width; the next page prints the frame's columns,
/// and a spanning value is read there as its text over the columns it covers, blank
/// after it, as the same card's rows on one page are. `q` is the table's last piece,
/// the last grid of its page; `p` the first grid of the next page. Left and right
/// edges the same within `slack`, every column edge of `q` one of `p`'s.
fn widen_to_next_page(t: &mut Table, q: &Piece, p: &Piece, rules: &TableRules) {
    let next_page = t
        .pages
        .last()
        .is_some_and(|&l| p.grid.page == l + 1 && q.grid.page == l);
    let headerless = t.header.is_empty() && t.columns.is_empty() && t.header_above.is_empty();
    if !next_page || !p.at_page_top || !headerless || p.grid.n_cols <= q.grid.n_cols {
        return;
    }
    let near = |a: f64, b: f64| (a - b).abs() <= rules.slack;
    let same_frame = near(q.grid.bbox.x0, p.grid.bbox.x0) && near(q.grid.bbox.x1, p.grid.bbox.x1);
    let (Some(mine), Some(theirs)) = (column_lefts(&q.grid), column_lefts(&p.grid)) else {
        return;
    };
    // where each of this table's columns starts among the next grid's
    let at: Option<Vec<usize>> = mine
        .iter()
        .map(|&x| theirs.iter().position(|&y| near(x, y)))
        .collect();
    let Some(at) = at.filter(|a| a.first() == Some(&0) && a.windows(2).all(|w| w[0] < w[1])) else {
        return;
    };
    if !same_frame || t.rows.iter().any(|r| r.len() != at.len()) {
        return;
    }
    let width = p.grid.n_cols;
    for row in &mut t.rows {
        let cells = std::mem::take(row);
        let mut out = Vec::with_capacity(width);
        for (i, cell) in cells.into_iter().enumerate() {
            let end = at.get(i + 1).copied().unwrap_or(width);
            out.push(cell);
            out.resize_with(end, || TableCell {
                text: String::new(),
                prov: None,
                bold: None,
            });
        }
        *row = out;
    }
}

pub(super) fn stitch(pieces: Vec<Piece>, rules: &TableRules) -> Vec<Table> {
    let mut tables: Vec<Table> = Vec::new();
    // page and row tops of the last table's last piece
    let mut last: Option<(u32, Vec<Option<f64>>)> = None;
    // the piece before `p`, whose rows end the last table when one was made of it
    let mut prev: Option<&Piece> = None;
    for p in &pieces {
        let before = prev.replace(p);
        let mut s = split(p, rules);
        if let Some(t) = tables.last_mut()
            && last.as_ref().is_some_and(|l| beside(t, l, p, &s, rules))
        {
            last = Some((p.grid.page, row_tops(&s)));
            append_columns(t, s, p.grid.page);
            continue;
        }
        last = Some((p.grid.page, row_tops(&s)));
        if let Some(t) = tables.last_mut().filter(|t| continues(t, p, &s)) {
            if !s.recognised && !s.header.is_empty() && !same_text(&s.header, &t.header) {
                // no header on this page: its first row is data
                s.data.insert(0, std::mem::take(&mut s.header_cells));
                for (i, r) in std::mem::take(&mut s.header_above).into_iter().enumerate() {
                    s.data.insert(i, r);
                }
            }
            // a header repeated on this page is dropped from the rows, not from where
            // the table prints its header
            t.header_prov.extend(boxes(&s.header_cells));
            t.pages.push(p.grid.page);
            append_rows(t, s.data, rules);
            continue;
        }
        if s.header.is_empty() && s.data.is_empty() {
            continue;
        }
        if let (Some(t), Some(q)) = (tables.last_mut(), before) {
            widen_to_next_page(t, q, p, rules);
        }
        let columns = unread(&s.header);
        tables.push(Table {
            id: format!("t{:03}", tables.len() + 1),
            kind: TableKind::Other,
            pages: vec![p.grid.page],
            method: p.grid.method,
            context: s.context.iter().map(|(c, _)| c.clone()).collect(),
            context_prov: s.context.iter().map(|(_, pr)| *pr).collect(),
            header_prov: boxes(&s.header_cells),
            header: s.header,
            header_above: s.header_above,
            columns,
            rows: s.data,
        });
    }
    tables
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(cells: &[&str]) -> Vec<TableCell> {
        cells
            .iter()
            .map(|t| TableCell {
                text: t.to_string(),
                prov: None,
                bold: None,
            })
            .collect()
    }

    /// A stream grid on `page` whose header row (bold) and data rows stand at `tops`,
    /// one column per text of each row.
    fn piece(page: u32, rows: &[&[&str]], tops: &[f64]) -> Piece {
        use crate::geom::BBox;
        use crate::grid::{Cell, Method};
        let mut cells = Vec::new();
        for (r, (texts, top)) in rows.iter().zip(tops).enumerate() {
            for (c, t) in texts.iter().enumerate() {
                let x = 30.0 + 120.0 * c as f64;
                cells.push(Cell {
                    row: r,
                    col: c,
                    row_span: 1,
                    col_span: 1,
                    text: t.to_string(),
                    prov: Provenance {
                        page,
                        bbox: BBox::new(x, *top, x + 60.0, top + 8.0),
                    },
                    bold: Some(r == 0),
                });
            }
        }
        Piece {
            grid: Grid {
                page,
                method: Method::Stream,
                bbox: BBox::new(30.0, tops[0], 500.0, tops[tops.len() - 1] + 8.0),
                n_rows: rows.len(),
                n_cols: rows[0].len(),
                cells,
                header_rows: 1,
                carried: false,
            },
            header_row: Some(0),
            pairs: false,
            card: false,
            context: Vec::new(),
            at_page_top: true,
        }
    }

    /// A ruled grid on `page` of cells `(row, col, col_span, text, x0, x1)`, rows 20 pt
    /// apart from `top`, with no header: the first grid of its page.
    fn ruled(
        page: u32,
        n_cols: usize,
        top: f64,
        cells: &[(usize, usize, usize, &str, f64, f64)],
    ) -> Piece {
        use crate::geom::BBox;
        use crate::grid::{Cell, Method};
        let n_rows = cells.iter().map(|c| c.0 + 1).max().unwrap_or(0);
        let cells = cells
            .iter()
            .map(|&(row, col, col_span, text, x0, x1)| {
                let y = top + 20.0 * row as f64;
                Cell {
                    row,
                    col,
                    row_span: 1,
                    col_span,
                    text: text.to_string(),
                    prov: Provenance {
                        page,
                        bbox: BBox::new(x0, y, x1, y + 20.0),
                    },
                    bold: Some(false),
                }
            })
            .collect();
        Piece {
            grid: Grid {
                page,
                method: Method::Lattice,
                bbox: BBox::new(42.52, top, 552.76, top + 20.0 * n_rows as f64),
                n_rows,
                n_cols,
                cells,
                header_rows: 0,
                carried: false,
            },
            header_row: None,
            pairs: true,
            card: false,
            context: Vec::new(),
            at_page_top: true,
        }
    }

    /// h14-cortona by pdf-lib, pp. 2-3: card 3.1's first two fields end page 2 in two
    /// columns; page 3 goes on with its other fields over the nested indicator table,
    /// the same frame in four columns (edges at 203.27, 419.76, 494.41 pt). Page 2's
    /// rows take the four columns, each value over the three it spans; a grid of
    /// another frame, or whose edges are not a finer split, leaves them as they are.
    #[test]
    fn a_cards_rows_at_a_page_foot_take_the_columns_of_its_rest() {
        let foot = |edge: f64| {
            ruled(
                2,
                2,
                700.0,
                &[
                    (0, 0, 1, "Missione / Programma", 42.52, edge),
                    (
                        0,
                        1,
                        1,
                        "09 – Sviluppo sostenibile e tutela del territorio",
                        edge,
                        552.76,
                    ),
                    (1, 0, 1, "Centro di responsabilità", 42.52, edge),
                    (1, 1, 1, "Area Tecnica – Ambiente", edge, 552.76),
                ],
            )
        };
        let rest = || {
            ruled(
                3,
                4,
                60.0,
                &[
                    (0, 0, 1, "Responsabile", 42.52, 203.27),
                    (0, 1, 3, "Rag. Valentina Properzi", 203.27, 552.76),
                    (1, 0, 1, "Indicatore", 42.52, 203.27),
                    (1, 1, 1, "Unità di misura", 203.27, 419.76),
                    (1, 2, 1, "Valore di partenza", 419.76, 494.41),
                    (1, 3, 1, "Target 2025", 494.41, 552.76),
                    (
                        2,
                        0,
                        1,
                        "Percentuale di raccolta differenziata",
                        42.52,
                        203.27,
                    ),
                    (2, 1, 1, "%", 203.27, 419.76),
                    (2, 2, 1, "64%", 419.76, 494.41),
                    (2, 3, 1, "66%", 494.41, 552.76),
                ],
            )
        };
        let rules = TableRules::default();
        let tables = stitch(vec![foot(203.27), rest()], &rules);
        assert_eq!(tables.len(), 2);
        let widths: Vec<usize> = tables[0].rows.iter().map(Vec::len).collect();
        assert_eq!(widths, [4, 4]);
        assert_eq!(
            texts(&tables[0].rows[0]),
            [
                "Missione / Programma",
                "09 – Sviluppo sostenibile e tutela del territorio",
                "",
                ""
            ]
        );
        assert!(tables[0].rows[0][2].prov.is_none());
        // the foot's gutter where the next grid has none: not a finer split
        let tables = stitch(vec![foot(180.0), rest()], &rules);
        let widths: Vec<usize> = tables[0].rows.iter().map(Vec::len).collect();
        assert_eq!(widths, [2, 2]);
    }

    #[test]
    fn columns_printed_on_the_next_page_join_their_rows() {
        // g-alghero (Calc, pp. 5-6): the last column alone on the next page, its rows at
        // the same heights
        let tops = [57.0, 80.0, 93.0, 106.0];
        let left = piece(
            5,
            &[
                &["Obiettivo n.", "Referente"],
                &["0301", "BRUNO Monica"],
                &["0302", "BRUNO Monica"],
                &["0303", "ROMANO Luca"],
            ],
            &tops,
        );
        let right = piece(
            6,
            &[
                &["Unità operativa"],
                &["Settore Cultura"],
                &["Settore Cultura"],
                &["Settore SUAP"],
            ],
            &tops,
        );
        let ts = stitch(vec![left.clone(), right], &TableRules::default());
        assert_eq!(ts.len(), 1, "{ts:#?}");
        assert_eq!(
            ts[0].header,
            ["Obiettivo n.", "Referente", "Unità operativa"]
        );
        assert_eq!(
            texts(&ts[0].rows[2]),
            ["0303", "ROMANO Luca", "Settore SUAP"]
        );
        // the same rows again with their labels (statistical reports, page after
        // page) are another table
        let again = piece(
            6,
            &[
                &["Obiettivo n.", "Peso"],
                &["0301", "15"],
                &["0302", "15"],
                &["0303", "25"],
            ],
            &tops,
        );
        let ts = stitch(vec![left.clone(), again], &TableRules::default());
        assert_eq!(ts.len(), 2, "{ts:#?}");
        // rows at other heights are another table too
        let lower = piece(
            6,
            &[
                &["Unità operativa"],
                &["Settore Cultura"],
                &["Settore Cultura"],
                &["Settore SUAP"],
            ],
            &[40.0, 60.0, 73.0, 86.0],
        );
        let ts = stitch(vec![left, lower], &TableRules::default());
        assert_eq!(ts.len(), 2, "{ts:#?}");
    }

    #[test]
    fn a_bold_header_of_its_own_at_a_pages_top_starts_a_new_table() {
        // piao-sarzana (Chromium, pp. 3-4): the anticorruption map right at the top of
        // the page after the performance table, as many columns
        let perf = piece(
            3,
            &[
                &["Cod.", "Obiettivo"],
                &["OB.1.1", "Qualità"],
                &["OB.2.1", "Presidio"],
            ],
            &[100.0, 120.0, 140.0],
        );
        let risk = piece(
            4,
            &[
                &["Processo", "Evento rischioso"],
                &["Affidamento", "Frazionamento"],
                &["Concessione", "Mancato rispetto"],
            ],
            &[40.0, 60.0, 80.0],
        );
        let ts = stitch(vec![perf.clone(), risk], &TableRules::default());
        assert_eq!(ts.len(), 2, "{ts:#?}");
        // the same header repeated is the same table
        let more = piece(
            4,
            &[&["Cod.", "Obiettivo"], &["OB.3.1", "Variante"]],
            &[40.0, 60.0],
        );
        let ts = stitch(vec![perf, more], &TableRules::default());
        assert_eq!(ts.len(), 1, "{ts:#?}");
        assert_eq!(ts[0].rows.len(), 3);
        // the repeated header is no row, but it is where the table prints its header
        // on page 4: both pages' header cells keep their boxes
        let pages: Vec<(u32, f64)> = ts[0]
            .header_prov
            .iter()
            .map(|p| (p.page, p.bbox.top))
            .collect();
        assert_eq!(pages, [(3, 100.0), (3, 100.0), (4, 40.0), (4, 40.0)]);
    }

    /// h12-grosseto by borb (pp. 2-3): the header repeated atop page 3 under the
    /// group name `Target` it was printed under on page 2, below the area's headings.
    #[test]
    fn a_header_repeated_under_the_line_printed_over_it_continues_the_table() {
        let header: &[&str] = &["Codice", "Indicatore", "2025"];
        let mut first = piece(
            2,
            &[
                header,
                &["OB.04.01", "Domande di contributo istruite", "100%"],
            ],
            &[500.0, 520.0],
        );
        let p = |t: &str| {
            let bbox = crate::geom::BBox::default();
            (t.to_string(), Provenance { page: 2, bbox })
        };
        first.context = vec![
            p("Area 4 - Servizi alla persona"),
            p("Dirigente responsabile: Dott. Luca Carminati"),
            p("Target"),
        ];
        let mut next = piece(
            3,
            &[header, &["OB.04.02", "Utenti presi in carico", "76"]],
            &[40.0, 60.0],
        );
        next.context = vec![p("Target")];
        let ts = stitch(vec![first.clone(), next.clone()], &TableRules::default());
        assert_eq!(ts.len(), 1, "{ts:#?}");
        assert_eq!(ts[0].rows.len(), 2);
        // under headings of its own it is the next area's table
        next.context = vec![p("Area 6 - Ambiente e territorio"), p("Target")];
        let ts = stitch(vec![first.clone(), next], &TableRules::default());
        assert_eq!(ts.len(), 2, "{ts:#?}");
        // under the same line, a header of its own is another table
        let mut other = piece(
            3,
            &[
                &["Codice", "Risultato", "Punteggio"],
                &["OB.04.02", "Raggiunto", "96"],
            ],
            &[40.0, 60.0],
        );
        other.context = vec![p("Target")];
        let ts = stitch(vec![first, other], &TableRules::default());
        assert_eq!(ts.len(), 2, "{ts:#?}");
    }

    #[test]
    fn a_row_cut_by_the_page_break_is_recognised() {
        // 004 Tab 1, row 3 split by Writer between pages 28 and 29
        let rows = vec![
            row(&["1", "A", "1", "Area 1"]),
            row(&["2", "D", "2", "Area 1"]),
            row(&["3", "B", "3", "Servizi Demografici, sportello"]),
        ];
        let next = row(&["", "", "", "polifunzionale - Sistemi informativi"]);
        assert!(is_cut_row(&rows, &rows[2], &next, &TableRules::default()));
        // 004 Tab 2: "... Codice dei Contratti" / "Pubblici": blank row-number column
        let next = row(&["", "", "", "Pubblici"]);
        assert!(is_cut_row(&rows, &rows[2], &next, &TableRules::default()));
    }

    #[test]
    fn a_label_of_its_own_atop_the_next_page_is_no_cut_row() {
        // h10-paluzza by ReportLab: card 5's fields end page 2; page 3 goes on with its
        // `Descrizione`, whose value spans the three value columns (two left blank,
        // filled on every row above)
        let rows = vec![
            row(&[
                "Area",
                "Area Vigilanza",
                "Responsabile",
                "Dott.ssa Valentina Brambilla",
            ]),
            row(&[
                "Obiettivo strategico DUP",
                "Sicurezza e legalità",
                "Peso",
                "15",
            ]),
            row(&["Tipologia", "Sviluppo", "Scadenza", "31/12/2025"]),
        ];
        let next = row(&[
            "Descrizione",
            "Postazioni di rilevamento nelle zone 30 e davanti alle scuole",
            "",
            "",
        ]);
        assert!(!is_cut_row(&rows, &rows[2], &next, &TableRules::default()));
        // the same blanks under a first cell that goes on (lower case) or is empty cut
        let next = row(&["sviluppo", "e altro", "", ""]);
        assert!(is_cut_row(&rows, &rows[2], &next, &TableRules::default()));
        let next = row(&["", "e altro", "", ""]);
        assert!(is_cut_row(&rows, &rows[2], &next, &TableRules::default()));
    }

    #[test]
    fn a_total_row_alone_on_the_next_page_is_no_cut_row() {
        // h10-valledelsavio Writer (horizontal rules): the last settore's `Totale` row
        // falls alone on page 3 under the repeated header; the indicator column it
        // leaves blank is filled on every other row, but its weight `100` stands under
        // the last objective's `25`
        let rows = vec![
            row(&[
                "Sostegno all'abitare delle famiglie fragili",
                "40",
                "Domande di contributo istruite",
                "100%",
            ]),
            row(&["", "", "Tempo medio di erogazione del contributo", "33 gg"]),
            row(&[
                "Servizio di assistenza domiciliare",
                "35",
                "Utenti presi in carico",
                "61",
            ]),
            row(&[
                "Centri estivi inclusivi",
                "25",
                "Minori con disabilità accolti",
                "5",
            ]),
        ];
        let next = row(&["Totale", "100", "", ""]);
        assert!(!is_cut_row(&rows, &rows[3], &next, &TableRules::default()));
        // the same row with no figure under a figure is still the rest of the row
        let next = row(&["", "", "", "gg"]);
        assert!(is_cut_row(&rows, &rows[3], &next, &TableRules::default()));
    }

    #[test]
    fn a_continuation_indicator_row_is_not_a_cut_row() {
        // 000: the next indicator of the objective above, at the top of a new page
        let rows = vec![
            row(&[
                "Digital twin",
                "25.29.2.1.10_0001",
                "Di Girolamo Gabriella",
                "Asset management",
                "1= fatto 0= non fatto",
                "1",
            ]),
            row(&[
                "",
                "",
                "",
                "Studio per catalogo dei metadati",
                "1= fatto 0= non fatto",
                "1",
            ]),
            row(&[
                "",
                "",
                "",
                "Definizione dei processi di aggiornamento",
                "1= fatto 0= non fatto",
                "1",
            ]),
        ];
        let next = row(&[
            "",
            "",
            "",
            "mappatura delle azioni fin qui messe in atto",
            "1= fatto 0= non fatto",
            "1",
        ]);
        assert!(!is_cut_row(&rows, &rows[2], &next, &TableRules::default()));
    }
}
