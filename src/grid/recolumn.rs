//! The rows a page break carried onto the next page, under no header, read in the
//! columns of the table the page before ended with.
//!
//! A table without rules that runs over a page break and does not print its header
//! again goes on at the top of the next page with whatever of its columns those
//! rows fill. The stream reader ([`super::stream`]) finds columns from that page's
//! text alone: where a column is empty in those few rows, or a value runs across a
//! column's edge, it finds fewer than the table has (g-fossano by genpdf: page 3's
//! first rows in 3 columns of 7, code, objective and description in one; h10-paluzza
//! by ReportLab: a card's `Descrizione` over its three value columns made its rows
//! 3 columns of 4). What the page before shows tells the columns: its last grid
//! ends at its foot with nothing under it but the footer ([`OpenEnd`]), and here
//! the page's first grid stands at the top with nothing above it, two or more of its
//! own columns print text and each starts where one of those starts (one column
//! fits any table's first: g-alghero by Calc prints the sheet's last column alone
//! on the next page, beside the rows the page before printed), and no word of it
//! crosses one of those columns'
//! starts (but a row's last piece running over the columns right of where it
//! starts, as a spanning value does, and a row of one piece, a title). That grid is
//! then read again in the columns the page before ended with, with no header: it is
//! the same table's next rows, which the `tables` stage stitches to it.
//!
//! The previous table's columns are data handed forward by the pipeline (it calls
//! [`super::continue_rows`] in page order); nothing here looks at a later stage.

use super::carry::{self, OpenEnd, body_lines};
use super::region::{self, TextRow};
use super::{Grid, Method, cell_text, stream};
use crate::config::GridTolerances;
use crate::layout::{PageText, Word};
use crate::pdf::Page;

/// This page's first grid (of `grids`, in reading order) read again in the columns
/// of `end`, the grid the page before ended with, when it goes on with that table
/// (see the module's docs); `None` when it does not, or when its columns are
/// already those.
pub fn recolumned(
    page: &Page,
    pt: &PageText,
    breaks: cell_text::Breaks,
    grids: &[Grid],
    end: &OpenEnd,
    tol: &GridTolerances,
) -> Option<Grid> {
    let first = grids.first().filter(|g| g.method == Method::Stream)?;
    let own = own_starts(first);
    if own.len() < 2
        || same_columns(first, &own, end, tol)
        || !own
            .iter()
            .all(|s| end.starts.iter().any(|e| (e - s).abs() <= tol.snap))
        || !at_page_top(page, pt, grids, first, tol)
    {
        return None;
    }
    let words: Vec<&Word> = pt
        .words
        .iter()
        .filter(|w| {
            w.dir == 0
                && first
                    .bbox
                    .contains_point(w.bbox.cx(), w.bbox.cy(), tol.cell_margin)
        })
        .collect();
    let rows = region::text_rows(&words, tol);
    if rows.is_empty() || !rows.iter().all(|r| row_fits(r, &end.starts, tol)) {
        return None;
    }
    stream::in_columns(page, rows, gutters(&end.starts, tol), breaks, tol)
}

/// Where each of the grid's columns that prints text starts ([`carry::column_start`]),
/// skipping columns with none.
fn own_starts(g: &Grid) -> Vec<f64> {
    (0..g.n_cols)
        .filter_map(|c| carry::column_start(g, c))
        .collect()
}

/// Whether the grid's columns are `end`'s already: as many, each starting where
/// `end`'s does (within [`GridTolerances::snap`]).
fn same_columns(g: &Grid, own: &[f64], end: &OpenEnd, tol: &GridTolerances) -> bool {
    g.n_cols == end.starts.len()
        && own.len() == end.starts.len()
        && own
            .iter()
            .zip(&end.starts)
            .all(|(a, b)| (a - b).abs() <= tol.snap)
}

/// Whether `first` stands at the page's top: no line of the page outside its grids
/// and above its footer ([`body_lines`], a running line that numbers the page left
/// out) ends above it. A table that starts on this page has a heading or a caption
/// there; a table the break carried on has nothing.
fn at_page_top(
    page: &Page,
    pt: &PageText,
    grids: &[Grid],
    first: &Grid,
    tol: &GridTolerances,
) -> bool {
    !body_lines(page, pt, grids, tol)
        .iter()
        .any(|l| l.bbox.bottom <= first.bbox.top + tol.slack)
}

/// Whether a row's words stand in the columns that start at `starts`: none starts
/// left of the first column, and none runs across a column's start (a cell's text
/// never does), but the words of a row of one piece (a title over the columns) and
/// those of a row's last piece when it starts where a column does (a value spanning
/// the columns right of it: h10-paluzza's `Descrizione | Postazioni di rilevamento
/// … scuole` over `Target 2025 | Target 2026 | Target 2027`). A piece broken at a
/// column's start is two cells: g-fossano by genpdf prints `… persone con
/// disabilità` and `Progetti di vita …` as one line, the second from 239.82, where
/// the description column starts.
fn row_fits(r: &TextRow, starts: &[f64], tol: &GridTolerances) -> bool {
    let Some(&left) = starts.first() else {
        return false;
    };
    if r.bbox.x0 < left - tol.snap {
        return false;
    }
    if r.segments < 2 {
        return true;
    }
    let tail = region::pieces(r, tol)
        .last()
        .map(|p| p.0)
        .filter(|x| starts.iter().any(|s| (s - x).abs() <= tol.slack));
    r.words
        .iter()
        .all(|w| tail.is_some_and(|t| w.bbox.x0 >= t - tol.slack) || !crosses(w, starts, tol))
}

/// Whether a word runs across the start of a column after the first: it starts
/// left of it and ends right of it (by more than [`GridTolerances::slack`]).
fn crosses(w: &Word, starts: &[f64], tol: &GridTolerances) -> bool {
    starts
        .iter()
        .skip(1)
        .any(|s| w.bbox.x0 < s - tol.boundary_inset && w.bbox.x1 > s + tol.slack)
}

/// The gutters of columns that start at `starts`: [`GridTolerances::min_gutter`]
/// wide, each ending where its column starts (a word is read where it starts).
fn gutters(starts: &[f64], tol: &GridTolerances) -> Vec<(f64, f64)> {
    starts
        .iter()
        .skip(1)
        .map(|s| (s - tol.min_gutter, *s))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    /// The pages of a fixture PDF as text with their grids, and the grids' open ends.
    fn read(path: &str) -> Option<Vec<(Page, PageText, Vec<Grid>)>> {
        let file = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
        let bytes = std::fs::read(file).ok()?;
        let config = Config::default();
        let source = crate::pdf::PageSource::new(&bytes, &config).ok()?;
        let pages = source.read(0..source.page_count(), &config).ok()?;
        Some(
            pages
                .into_iter()
                .map(|p| {
                    let t = crate::layout::analyze_page(&p, &config.layout);
                    let g = super::super::detect(&p, &t, &config.grid);
                    (p, t, g)
                })
                .collect(),
        )
    }

    fn breaks() -> cell_text::Breaks {
        cell_text::Breaks {
            trailing_spaces: false,
            defer_to_lexicon: false,
        }
    }

    /// `fixtures/comuni/<name>.pdf`: the first grid of page `next` read again in the
    /// columns page `next - 1` ended with.
    fn carried(name: &str, next: usize) -> Option<(Grid, OpenEnd)> {
        let tol = GridTolerances::default();
        let pages = read(&format!("fixtures/comuni/{name}.pdf"));
        let Some(pages) = pages else {
            crate::testing::skip(&format!("{name} not readable"));
            return None;
        };
        let (p, t, g) = &pages[next - 2];
        let end = OpenEnd::of(p, t, g, &tol);
        assert!(end.is_some(), "{name}: page {} ends open", next - 1);
        let end = end?;
        let (p, t, g) = &pages[next - 1];
        let again = recolumned(p, t, breaks(), g, &end, &tol);
        assert!(again.is_some(), "{name}: page {next}'s first grid goes on");
        Some((again?, end))
    }

    /// g-fossano by genpdf: page 2 ends with Servizi Sociali's table (7 columns);
    /// page 3 goes on with its last indicator and objectives 03.03 and 03.04, which
    /// the page's text alone read in 3 columns. The expected cells are the fixture's
    /// truth (`g-fossano-peg-2024--genpdf-plain.tables.json`, table t03).
    #[test]
    fn rows_carried_under_no_header_are_read_in_the_columns_of_the_page_before() {
        let Some((g, end)) = carried("g-fossano-peg-2024--genpdf-plain", 3) else {
            return;
        };
        assert_eq!(end.starts.len(), 7);
        assert_eq!((g.n_cols, g.header_rows), (7, 0));
        let rows = g.rows();
        let row = |cells: [&str; 7]| cells.map(String::from).to_vec();
        assert_eq!(
            rows,
            vec![
                row([
                    "",
                    "",
                    "",
                    "Contributi economici erogati entro 30 giorni dalla domanda",
                    "≥ 69%",
                    "",
                    ""
                ]),
                row([
                    "03.03",
                    "Servizi per la prima infanzia",
                    "Ampliamento dei posti disponibili negli asili nido e riduzione delle \
                     liste d'attesa",
                    "Posti nido disponibili",
                    "245",
                    "30%",
                    "entro il 31/12/2024"
                ]),
                row(["", "", "", "Bambini in lista d'attesa", "≤ 36", "", ""]),
                row([
                    "03.04",
                    "Inclusione delle persone con disabilità",
                    "Progetti di vita indipendente e trasporto sociale per persone con \
                     disabilità",
                    "Progetti di vita indipendente attivati",
                    "179",
                    "30%",
                    "entro il 31/12/2024"
                ]),
            ]
        );
    }

    /// h10-paluzza by ReportLab: card 5's first rows end page 2 (4 columns); page 3
    /// goes on with its `Descrizione`, whose value runs over the three value
    /// columns, and its indicators under `Target 2025 | Target 2026 | Target 2027`.
    /// Expected cells from the fixture's truth (its table t05).
    #[test]
    fn a_value_spanning_the_columns_right_of_it_fits_them() {
        let Some((g, _)) = carried("h10-paluzza-peg-2025--reportlab-zebra", 3) else {
            return;
        };
        let rows = g.rows();
        let row = |cells: [&str; 4]| cells.map(String::from).to_vec();
        assert_eq!(
            rows,
            vec![
                row([
                    "Descrizione",
                    "Postazioni di rilevamento nelle zone 30 e davanti alle scuole",
                    "",
                    ""
                ]),
                row(["Indicatore", "Target 2025", "Target 2026", "Target 2027"]),
                row(["Ore di controllo su strada", "49", "54", "59"]),
                row(["Incidenti con feriti", "34", "37", "40"]),
            ]
        );
    }

    /// A new table at the top of the next page, in columns of its own: a word
    /// running across a column's start of the table before, or a line above it,
    /// keeps it as it was read.
    #[test]
    fn a_table_of_its_own_is_not_read_in_the_columns_before() {
        let tol = GridTolerances::default();
        let starts = vec![45.35, 110.37, 239.82, 434.85];
        let word = |text: &str, x0: f64, x1: f64| Word {
            text: text.into(),
            page: 3,
            bbox: crate::geom::BBox::new(x0, 46.63, x1, 54.63),
            size: 8.0,
            dir: 0,
            bold: Some(false),
            space_after: false,
            origin: Default::default(),
        };
        // g-fossano's `Progetti di vita indipendente` at 239.82 fits; the same words
        // from 230 run across the description column's start
        let fits = [word("03.04", 45.35, 63.35), word("Progetti", 239.82, 270.0)];
        let across = [word("03.04", 45.35, 63.35), word("Progetti", 230.0, 260.0)];
        assert!(all_fit(&fits, &starts, &tol));
        assert!(!all_fit(&across, &starts, &tol));
        // a word left of the first column
        let left = [word("Tabella", 20.0, 60.0), word("Progetti", 239.82, 270.0)];
        assert!(!all_fit(&left, &starts, &tol));
    }

    /// Whether every text row of `ws` fits the columns that start at `starts`.
    fn all_fit(ws: &[Word], starts: &[f64], tol: &GridTolerances) -> bool {
        let refs: Vec<&Word> = ws.iter().collect();
        region::text_rows(&refs, tol)
            .iter()
            .all(|r| row_fits(r, starts, tol))
    }
}
