//! Joining the pieces of a table that runs over several pages.

use super::header::{Column, columns};
use super::vocab::{self, Role};
use super::{Piece, Table, TableCell, TableKind};
use crate::config::HeaderMatching;
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
                })
                .collect()
        })
        .collect();
    for c in &g.cells {
        if let Some(slot) = m.get_mut(c.row).and_then(|r| r.get_mut(c.col)) {
            *slot = TableCell {
                text: c.text.clone(),
                prov: Some(c.prov),
            };
        }
    }
    m
}

fn texts(row: &[TableCell]) -> Vec<String> {
    row.iter().map(|c| c.text.clone()).collect()
}

fn same_text(a: &[String], b: &[String]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| fold(x) == fold(y))
}

fn is_blank(row: &[TableCell]) -> bool {
    row.iter().all(|c| c.text.trim().is_empty())
}

/// A piece split into the rows above its header (more context), header, data rows.
struct Split {
    context: Vec<(String, Provenance)>,
    header: Vec<String>,
    recognised: bool,
    data: Vec<Vec<TableCell>>,
}

fn split(p: &Piece) -> Split {
    let mut m = matrix(&p.grid);
    m.retain(|r| !is_blank(r));
    let mut context = p.context.clone();
    let h = p.header_row.unwrap_or(0).min(m.len());
    for row in m.iter().take(h) {
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
    let header = if rest.is_empty() {
        Vec::new()
    } else {
        texts(&rest.remove(0))
    };
    Split {
        context,
        header,
        recognised: p.header_row.is_some(),
        data: rest,
    }
}

fn kind_of(cols: &[Column]) -> TableKind {
    let roles: Vec<Role> = cols.iter().filter_map(|c| c.role).collect();
    if vocab::is_objective_table(&roles) {
        TableKind::Objectives
    } else if vocab::is_summary_table(&roles) {
        TableKind::ObjectiveSummary
    } else {
        TableKind::Other
    }
}

/// Whether piece `p` (already split) continues table `t`: next page, first grid on
/// it, same columns, and either no headings or the same headings as `t`.
fn continues(t: &Table, p: &Piece, s: &Split) -> bool {
    let next_page = t.pages.last().is_some_and(|&l| p.grid.page == l + 1);
    let same_cols = p.grid.n_cols == t.columns.len();
    let ctx: Vec<String> = s.context.iter().map(|(c, _)| c.clone()).collect();
    let same_ctx = ctx.is_empty() || same_text(&ctx, &t.context);
    let same_header = !s.recognised || same_text(&s.header, &t.header);
    next_page && p.at_page_top && same_cols && same_ctx && same_header
}

/// Stitch pieces (in document order) into tables.
pub(super) fn stitch(pieces: Vec<Piece>, cfg: &HeaderMatching) -> Vec<Table> {
    let mut tables: Vec<Table> = Vec::new();
    for p in &pieces {
        let mut s = split(p);
        if let Some(t) = tables.last_mut().filter(|t| continues(t, p, &s)) {
            if !s.recognised && !s.header.is_empty() && !same_text(&s.header, &t.header) {
                // no header on this page: its first row is data
                s.data.insert(
                    0,
                    s.header
                        .iter()
                        .map(|h| TableCell {
                            text: h.clone(),
                            prov: None,
                        })
                        .collect(),
                );
            }
            t.pages.push(p.grid.page);
            t.rows.extend(s.data);
            continue;
        }
        if s.header.is_empty() && s.data.is_empty() {
            continue;
        }
        let cols = if s.recognised {
            columns(&s.header, cfg)
        } else {
            s.header
                .iter()
                .map(|h| Column {
                    name: h.clone(),
                    role: None,
                    confidence: 0.0,
                })
                .collect()
        };
        tables.push(Table {
            id: format!("t{:03}", tables.len() + 1),
            kind: kind_of(&cols),
            pages: vec![p.grid.page],
            method: p.grid.method,
            context: s.context.iter().map(|(c, _)| c.clone()).collect(),
            context_prov: s.context.iter().map(|(_, pr)| *pr).collect(),
            header: s.header,
            columns: cols,
            rows: s.data,
        });
    }
    tables
}
