//! Column borders drawn as shading: cells filled one by one, side by side.
//!
//! Some producers shade a table cell by cell (Chromium's zebra rows and shaded header
//! rows in h10-barga: one fill per cell, each ending where the next begins). Where two
//! fills of one row meet, the page draws a cell border as surely as a ruling would,
//! even in a table with no line at all: the text alone cannot tell it where a long
//! value (`Avv. Alessandra Della Rocca`) nearly touches the next column's (`1.1.1`).

use crate::config::GridTolerances;
use crate::geom::BBox;
use crate::layout::Word;
use crate::pdf::Page;

/// The x positions where fills of one row meet, within the area `x0..x1`,
/// `top..bottom`, each met in at least [`GridTolerances::cell_fill_min_rows`] rows of
/// fills (a border of the body's cells, not one shaded box beside another), left to
/// right. Empty where the page shades whole rows (a stripe has no border inside).
pub(super) fn cell_borders(page: &Page, area: &BBox, tol: &GridTolerances) -> Vec<f64> {
    let inside: Vec<&BBox> = page
        .fills
        .iter()
        .filter(|f| f.h_overlap(area) > 0.0 && f.bottom > area.top && f.top < area.bottom)
        .collect();
    borders_of(&inside, tol)
}

/// [`cell_borders`] of the fills of one table's area.
fn borders_of(fills: &[&BBox], tol: &GridTolerances) -> Vec<f64> {
    let mut met: Vec<(f64, usize)> = Vec::new();
    for row in fill_rows(fills, tol) {
        for x in meeting_points(&row, tol) {
            match met.iter_mut().find(|(m, _)| (*m - x).abs() < tol.slack) {
                Some(m) => m.1 += 1,
                None => met.push((x, 1)),
            }
        }
    }
    let mut out: Vec<f64> = met
        .into_iter()
        .filter(|(_, n)| *n >= tol.cell_fill_min_rows)
        .map(|(x, _)| x)
        .collect();
    out.sort_by(f64::total_cmp);
    out
}

/// The fill around `b` that is one cell of a band shaded cell by cell (another fill
/// of its band meets it side by side): a header name in it stands over the columns it
/// covers (`Indicatore` over `N.`, `Descrizione`, `Modalità di calcolo` in
/// h10-barga--chromium-zebra). A stripe shading a whole row is no cell.
pub(super) fn cell_around<'p>(page: &'p Page, b: &BBox, tol: &GridTolerances) -> Option<&'p BBox> {
    let band = |f: &BBox, g: &BBox| {
        (g.top - f.top).abs() < tol.slack && (g.bottom - f.bottom).abs() < tol.slack
    };
    page.fills.iter().find(|f| {
        f.x0 <= b.x0 + tol.slack
            && f.x1 >= b.x1 - tol.slack
            && f.top <= b.top + tol.slack
            && f.bottom >= b.bottom - tol.slack
            && page.fills.iter().any(|g| {
                band(f, g) && ((g.x0 - f.x1).abs() < tol.slack || (g.x1 - f.x0).abs() < tol.slack)
            })
    })
}

/// Whether a header row names groups of columns: each of its words lies in a cell
/// fill ([`cell_around`]) that a column border (`borders`) runs through, so the row
/// under it names the columns and belongs to the header too.
pub(super) fn names_groups(
    page: &Page,
    words: &[&Word],
    borders: &[f64],
    tol: &GridTolerances,
) -> bool {
    !words.is_empty()
        && words.iter().all(|w| {
            cell_around(page, &w.bbox, tol).is_some_and(|f| {
                borders
                    .iter()
                    .any(|x| *x > f.x0 + tol.slack && *x < f.x1 - tol.slack)
            })
        })
}

/// The fills grouped by the band they shade (same top and bottom within `slack`),
/// each band left to right.
fn fill_rows<'f>(fills: &[&'f BBox], tol: &GridTolerances) -> Vec<Vec<&'f BBox>> {
    let mut rows: Vec<Vec<&BBox>> = Vec::new();
    for f in fills {
        let same = |r: &&mut Vec<&BBox>| {
            (r[0].top - f.top).abs() < tol.slack && (r[0].bottom - f.bottom).abs() < tol.slack
        };
        match rows.iter_mut().find(|r| same(r)) {
            Some(r) => r.push(f),
            None => rows.push(vec![f]),
        }
    }
    for r in &mut rows {
        r.sort_by(|a, b| a.x0.total_cmp(&b.x0));
    }
    rows
}

/// Where one fill of a band ends and the next begins (within `slack`).
fn meeting_points(row: &[&BBox], tol: &GridTolerances) -> Vec<f64> {
    row.windows(2)
        .filter(|p| (p[1].x0 - p[0].x1).abs() < tol.slack)
        .map(|p| p[1].x0)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn band(top: f64, bottom: f64, xs: &[f64]) -> Vec<BBox> {
        xs.windows(2)
            .map(|p| BBox::new(p[0], top, p[1], bottom))
            .collect()
    }

    #[test]
    fn borders_are_where_fills_meet_in_two_bands_or_more() {
        // h10-barga--chromium-zebra p. 2: the group row (`Indicatore`, `Target` over
        // three cells each), the column names' row and a body row, shaded cell by
        // cell; a spanning row shaded whole
        let tol = GridTolerances::default();
        let cols = [
            33.75, 115.5, 210.75, 306.75, 348.75, 456.75, 545.25, 620.25, 695.25, 770.25, 807.75,
        ];
        let mut fills = band(
            92.25,
            104.25,
            &[33.75, 115.5, 210.75, 306.75, 545.25, 770.25, 807.75],
        );
        fills.extend(band(104.25, 116.25, &cols));
        fills.extend(band(128.25, 149.25, &cols));
        fills.extend(band(212.25, 224.25, &[33.75, 807.75]));
        let refs: Vec<&BBox> = fills.iter().collect();
        assert_eq!(fill_rows(&refs, &tol).len(), 4);
        assert_eq!(borders_of(&refs, &tol), cols[1..cols.len() - 1].to_vec());
        // the group row's borders alone are no column's: met in one band only
        let head: Vec<&BBox> = refs[..6].to_vec();
        assert!(borders_of(&head, &tol).is_empty());
    }
}
