//! Text printed over other text on one row. Two parts of the content stream whose
//! glyphs overlap on the page (not copies of each other, which fake bold and are
//! dropped) are two texts, one printed over the other: each is read apart, as its
//! own words, as pdftotext reads them in stream order. ICDAR 2013 us-020 and us-021
//! draw a running head `EXECUTIVE SUMMARY` and then `APPENDIX A` over it (the first
//! covered by a grey box): sorted together, their letters read
//! `EXECUTIVAEPSPUEMNMDIAXRAY`.

use super::{fold, is_duplicate, is_space};
use crate::config::LayoutTolerances;
use crate::geom::BBox;
use crate::pdf::{Glyph, Page};

/// A glyph with its box in the reading frame.
type Item<'g> = (BBox, &'g Glyph);

/// The glyphs of a row (left to right) in layers, each left to right, such that no
/// two parts of the content stream printed over each other share a layer; `None`
/// when nothing on the row is printed over other text (almost every row).
pub(super) fn layers<'g>(
    page: &Page,
    row: &[Item<'g>],
    tol: &LayoutTolerances,
) -> Option<Vec<Vec<Item<'g>>>> {
    let over = |a: &Item, b: &Item| {
        b.0.x0 < a.0.x1 - tol.overprint_em * f64::from(b.1.size).abs()
            && a.1.end != b.1.start
            && !is_duplicate(Some(a), b, page, tol)
            && fold::combining(page.glyph_text(a.1)).is_none()
            && fold::combining(page.glyph_text(b.1)).is_none()
    };
    // each glyph that is not a space against the one before it, left to right;
    // nothing is allocated for a row that has no overlap (almost every row)
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    let mut last: Option<usize> = None;
    for (i, it) in row.iter().enumerate() {
        if is_space(page.glyph_text(it.1)) {
            continue;
        }
        if let Some(a) = last
            && over(&row[a], it)
        {
            pairs.push((a, i));
        }
        last = Some(i);
    }
    if pairs.is_empty() {
        return None;
    }
    let run = runs(row);
    let conflicts: Vec<(usize, usize)> = pairs
        .iter()
        .map(|&(a, b)| (run[a], run[b]))
        .filter(|(a, b)| a != b)
        .collect();
    if conflicts.is_empty() {
        return None;
    }
    // each part of the stream, in the order its first glyph comes on the row, takes
    // the first layer where nothing it is printed over lies
    let mut layer_of: Vec<Option<usize>> = vec![None; run.iter().max().map_or(0, |m| m + 1)];
    let mut out: Vec<Vec<Item<'g>>> = Vec::new();
    for (i, it) in row.iter().enumerate() {
        let r = run[i];
        let l = match layer_of[r] {
            Some(l) => l,
            None => {
                let clash = |l: usize| {
                    conflicts.iter().any(|&(a, b)| {
                        (a == r && layer_of[b] == Some(l)) || (b == r && layer_of[a] == Some(l))
                    })
                };
                let l = (0..=out.len()).find(|&l| !clash(l)).unwrap_or(out.len());
                layer_of[r] = Some(l);
                l
            }
        };
        if out.len() <= l {
            out.resize_with(l + 1, Vec::new);
        }
        out[l].push(*it);
    }
    Some(out)
}

/// For each glyph of the row, the part of the content stream it belongs to: glyphs
/// drawn one right after the other share one.
fn runs(row: &[Item]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..row.len()).collect();
    order.sort_by_key(|&i| row[i].1.start);
    let mut run = vec![0; row.len()];
    let (mut id, mut end) = (0, None);
    for i in order {
        if end != Some(row[i].1.start) {
            id += 1;
        }
        run[i] = id;
        end = Some(row[i].1.end);
    }
    run
}
