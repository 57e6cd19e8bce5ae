//! Grids from ruling lines.

use super::index::{WordsByTop, in_columns};
use super::{Cell, Grid, Method, cell_text};
use crate::config::GridTolerances;
use crate::geom::{BBox, Provenance};
use crate::layout::{PageText, Word};
use crate::pdf::{Page, Ruling};
use std::collections::HashMap;

/// Union-find over indices, for connected rulings and merged cells.
struct Dsu(Vec<usize>);

impl Dsu {
    fn new(n: usize) -> Self {
        Dsu((0..n).collect())
    }
    fn find(&mut self, i: usize) -> usize {
        let mut r = i;
        while self.0[r] != r {
            self.0[r] = self.0[self.0[r]];
            r = self.0[r];
        }
        r
    }
    fn union(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb {
            self.0[ra.max(rb)] = ra.min(rb);
        }
    }
}

fn intersects(h: &Ruling, v: &Ruling, snap: f64) -> bool {
    v.pos >= h.start - snap
        && v.pos <= h.end + snap
        && h.pos >= v.start - snap
        && h.pos <= v.end + snap
}

/// Ruled grids of a page: connected groups of horizontal and vertical rulings.
pub(super) fn detect(
    page: &Page,
    text: &PageText,
    breaks: cell_text::Breaks,
    tol: &GridTolerances,
) -> Vec<Grid> {
    let rs = &page.rulings;
    let mut dsu = Dsu::new(rs.len());
    for (i, a) in rs.iter().enumerate().filter(|(_, r)| r.horizontal) {
        for (j, b) in rs.iter().enumerate().filter(|(_, r)| !r.horizontal) {
            if intersects(a, b, tol.snap) {
                dsu.union(i, j);
            }
        }
    }
    let mut groups: Vec<Vec<&Ruling>> = Vec::new();
    let mut root_of: Vec<Option<usize>> = vec![None; rs.len()];
    for (i, r) in rs.iter().enumerate() {
        let root = dsu.find(i);
        let g = *root_of[root].get_or_insert_with(|| {
            groups.push(Vec::new());
            groups.len() - 1
        });
        groups[g].push(r);
    }
    let words = WordsByTop::new(&text.words);
    let mut grids: Vec<Grid> = groups
        .iter()
        .filter_map(|g| grid_of(g, page.number, &words, breaks, tol))
        .collect();
    grids.sort_by(|a, b| a.bbox.reading_order(&b.bbox));
    grids
}

/// Distinct positions, merged within `snap`.
fn cluster(mut v: Vec<f64>, snap: f64) -> Vec<f64> {
    v.sort_by(f64::total_cmp);
    let mut out: Vec<(f64, usize)> = Vec::new();
    for x in v {
        match out.last_mut() {
            Some((m, n)) if x - *m / *n as f64 <= snap => {
                *m += x;
                *n += 1;
            }
            _ => out.push((x, 1)),
        }
    }
    out.into_iter().map(|(m, n)| m / n as f64).collect()
}

/// Whether a ruling of the group lies at `pos` and covers `from..to`.
fn covered(rules: &[&Ruling], horizontal: bool, pos: f64, from: f64, to: f64, snap: f64) -> bool {
    rules.iter().any(|r| {
        r.horizontal == horizontal
            && (r.pos - pos).abs() <= snap
            && r.start <= from + snap
            && r.end >= to - snap
    })
}

fn grid_of(
    rules: &[&Ruling],
    page: u32,
    words: &WordsByTop,
    breaks: cell_text::Breaks,
    tol: &GridTolerances,
) -> Option<Grid> {
    let xs = cluster(
        rules
            .iter()
            .filter(|r| !r.horizontal)
            .map(|r| r.pos)
            .collect(),
        tol.snap,
    );
    let ys = cluster(
        rules
            .iter()
            .filter(|r| r.horizontal)
            .map(|r| r.pos)
            .collect(),
        tol.snap,
    );
    let ys = closed_at_open_top(rules, ys, &xs, words, tol);
    if xs.len() < 2 || ys.len() < 2 {
        return None;
    }
    let (nr, nc) = (ys.len() - 1, xs.len() - 1);
    let mut dsu = Dsu::new(nr * nc);
    for r in 0..nr {
        for c in 0..nc {
            if c + 1 < nc && !covered(rules, false, xs[c + 1], ys[r], ys[r + 1], tol.snap) {
                dsu.union(r * nc + c, r * nc + c + 1);
            }
            if r + 1 < nr && !covered(rules, true, ys[r + 1], xs[c], xs[c + 1], tol.snap) {
                dsu.union(r * nc + c, (r + 1) * nc + c);
            }
        }
    }
    let cells = merged_cells(&mut dsu, nr, nc, &xs, &ys, page, words, breaks, tol);
    // one column: a closed box, its horizontal rules ending at its vertical ones (rules
    // running past them belong to a grid without an outer frame)
    let boxed = rules
        .iter()
        .filter(|r| r.horizontal)
        .all(|r| r.start >= xs[0] - tol.snap && r.end <= xs[nc] + tol.snap);
    if nc < tol.min_cols && !(boxed && one_column_table(&cells, tol)) {
        return None;
    }
    let bbox = BBox::new(xs[0], ys[0], xs[nc], ys[nr]);
    Some(Grid {
        page,
        method: Method::Lattice,
        bbox,
        n_rows: nr,
        n_cols: nc,
        cells,
        header_rows: 0,
        carried: false,
    })
}

/// The grid's row lines with its open top closed: where the vertical rules run above
/// the first horizontal rule, text stands in that strip and none above it on the page,
/// the rules' common top is the strip's edge. A table cut by a page break is drawn
/// without a border at the cut (TCPDF's `writeHTML`: hcard-lucca's card row `Data di
/// completamento | 30/09/2025` alone at the top of page 4, framed by three vertical
/// rules and the rule under it only); without its edge that row was no grid and its
/// text was read as the heading of the card below. Text above the strip (a caption:
/// ICDAR us-033, whose column rules run the table's height over one rule at its foot)
/// means the page was not cut there; an empty strip (rules overshooting the frame)
/// adds no row.
fn closed_at_open_top(
    rules: &[&Ruling],
    mut ys: Vec<f64>,
    xs: &[f64],
    words: &WordsByTop,
    tol: &GridTolerances,
) -> Vec<f64> {
    let (Some(&first), Some(&left), Some(&right)) = (ys.first(), xs.first(), xs.last()) else {
        return ys;
    };
    let verticals: Vec<&&Ruling> = rules.iter().filter(|r| !r.horizontal).collect();
    let top = verticals
        .iter()
        .map(|r| r.start)
        .fold(f64::INFINITY, f64::min);
    let shared = verticals
        .iter()
        .filter(|r| (r.start - top).abs() <= tol.snap)
        .count()
        >= 2;
    let strip = BBox::new(left, top, right, first);
    let above = BBox::new(f64::MIN, f64::MIN, f64::MAX, top);
    if top < first - tol.snap
        && shared
        && !words.within(&strip, 0.0).is_empty()
        && words.within(&above, 0.0).is_empty()
    {
        ys.insert(0, top);
    }
    ys
}

/// A ruled grid of fewer than `min_cols` columns is a table only when it has at least
/// `min_table_rows` rows, the first in bold and the others not (a one-column table
/// of objectives under its bold header); a box around a paragraph or a note is not.
fn one_column_table(cells: &[Cell], tol: &GridTolerances) -> bool {
    let rows = cells.iter().map(|c| c.row + c.row_span).max().unwrap_or(0);
    let head_bold = cells
        .iter()
        .filter(|c| c.row == 0)
        .all(|c| c.bold == Some(true));
    let body_plain = cells
        .iter()
        .filter(|c| c.row > 0 && !c.text.is_empty())
        .all(|c| c.bold == Some(false));
    rows >= tol.min_table_rows && head_bold && body_plain
}

#[allow(clippy::too_many_arguments)]
fn merged_cells(
    dsu: &mut Dsu,
    nr: usize,
    nc: usize,
    xs: &[f64],
    ys: &[f64],
    page: u32,
    words: &WordsByTop,
    breaks: cell_text::Breaks,
    tol: &GridTolerances,
) -> Vec<Cell> {
    // (min_r, min_c, max_r, max_c) per root
    let mut ext: Vec<Option<(usize, usize, usize, usize)>> = vec![None; nr * nc];
    for r in 0..nr {
        for c in 0..nc {
            let root = dsu.find(r * nc + c);
            let e = ext[root].get_or_insert((r, c, r, c));
            *e = (e.0.min(r), e.1.min(c), e.2.max(r), e.3.max(c));
        }
    }
    // the words of each row band, read once for all the cells of its rows (each cell
    // read its band's words again: cells × words of the band, issue 22)
    let mut bands: HashMap<(usize, usize), Vec<&Word>> = HashMap::new();
    let mut cells: Vec<Cell> = ext
        .into_iter()
        .flatten()
        .map(|(r0, c0, r1, c1)| {
            let bbox = BBox::new(xs[c0], ys[r0], xs[c1 + 1], ys[r1 + 1]);
            let band = bands
                .entry((r0, r1))
                .or_insert_with(|| words.in_rows(&bbox, tol.cell_margin));
            let mut ws = in_columns(band, &bbox, tol.cell_margin);
            let inner = cell_text::inner_area(bbox.x0, bbox.x1, &ws, tol);
            let bold = super::all_bold(&ws);
            let text = cell_text::join_words(&mut ws, Some(inner), breaks, tol);
            Cell {
                row: r0,
                col: c0,
                row_span: r1 - r0 + 1,
                col_span: c1 - c0 + 1,
                text,
                prov: Provenance {
                    page,
                    bbox: bbox.rounded(),
                },
                bold,
            }
        })
        .collect();
    cells.sort_by_key(|c| (c.row, c.col));
    cells
}
