//! Debug views of the first stages (like pdfplumber's page objects): words, lines and
//! ruling lines of a page, as text or JSON.

use crate::config::Config;
use crate::geom::BBox;
use crate::layout::{self, PageText};
use crate::pdf::{Document, Ruling};
use serde::Serialize;
use std::fmt::Write;

/// Which view `inspect` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    /// Words with their boxes.
    Words,
    /// Line fragments with their boxes.
    Lines,
    /// Ruling lines and filled areas.
    Rules,
    /// Raw glyphs in content-stream order (spaces included).
    Glyphs,
}

#[derive(Serialize)]
struct Item<'a> {
    page: u32,
    text: &'a str,
    bbox: BBox,
    #[serde(skip_serializing_if = "Option::is_none")]
    size: Option<f32>,
    /// Glyphs only: font name, when the reader knows it.
    #[serde(skip_serializing_if = "Option::is_none")]
    font: Option<&'a str>,
    /// Glyphs only: whether that font is bold.
    #[serde(skip_serializing_if = "Option::is_none")]
    bold: Option<bool>,
    /// Glyphs only: drawn by an annotation or a form field, not the page content.
    #[serde(skip_serializing_if = "Option::is_none")]
    origin: Option<crate::pdf::Origin>,
}

#[derive(Serialize)]
struct RuleItem {
    page: u32,
    kind: &'static str,
    bbox: BBox,
}

fn rule_item(page: u32, r: &Ruling) -> RuleItem {
    let bbox = if r.horizontal {
        BBox::new(r.start, r.pos, r.end, r.pos)
    } else {
        BBox::new(r.pos, r.start, r.pos, r.end)
    };
    RuleItem {
        page,
        kind: if r.horizontal { "hrule" } else { "vrule" },
        bbox: bbox.rounded(),
    }
}

/// Render the chosen view of the chosen pages (all when `page` is `None`).
pub fn render(
    doc: &Document,
    config: &Config,
    page: Option<u32>,
    view: View,
    json: bool,
) -> String {
    let pages: Vec<_> = doc
        .pages
        .iter()
        .filter(|p| page.is_none_or(|n| p.number == n))
        .collect();
    let mut out = String::new();
    for p in pages {
        let items: Vec<String> = match view {
            View::Rules => {
                let mut v: Vec<RuleItem> =
                    p.rulings.iter().map(|r| rule_item(p.number, r)).collect();
                v.extend(p.fills.iter().map(|b| RuleItem {
                    page: p.number,
                    kind: "fill",
                    bbox: b.rounded(),
                }));
                v.iter()
                    .map(|i| line_of(json, i, || format!("{} {:?}", i.kind, i.bbox)))
                    .collect()
            }
            View::Glyphs => glyph_items(p, json),
            View::Words | View::Lines => {
                text_items(&layout::analyze_page(p, &config.layout), view, json)
            }
        };
        for i in items {
            let _ = writeln!(out, "{i}");
        }
    }
    out
}

fn glyph_items(p: &crate::pdf::Page, json: bool) -> Vec<String> {
    p.glyphs
        .iter()
        .map(|g| {
            let font = p.font(g);
            let i = Item {
                page: p.number,
                text: p.glyph_text(g),
                bbox: g.bbox.rounded(),
                size: Some(g.size),
                font: font.map(|f| f.name.as_str()),
                bold: font.map(|f| f.bold),
                origin: (!g.origin.is_content()).then_some(g.origin),
            };
            line_of(json, &i, || {
                format!(
                    "p{} {:8.2} {:8.2} {:8.2} {:8.2}  {:?}",
                    i.page, i.bbox.x0, i.bbox.top, i.bbox.x1, i.bbox.bottom, i.text
                )
            })
        })
        .collect()
}

fn text_items(pt: &PageText, view: View, json: bool) -> Vec<String> {
    let items: Vec<Item> = if view == View::Words {
        pt.words
            .iter()
            .map(|w| Item {
                page: w.page,
                text: &w.text,
                bbox: w.bbox.rounded(),
                size: Some(w.size),
                font: None,
                bold: None,
                origin: None,
            })
            .collect()
    } else {
        pt.lines
            .iter()
            .map(|l| Item {
                page: l.page,
                text: &l.text,
                bbox: l.bbox.rounded(),
                size: Some(l.size),
                font: None,
                bold: None,
                origin: None,
            })
            .collect()
    };
    items
        .iter()
        .map(|i| {
            line_of(json, i, || {
                format!(
                    "p{} {:8.2} {:8.2} {:8.2} {:8.2}  {}",
                    i.page, i.bbox.x0, i.bbox.top, i.bbox.x1, i.bbox.bottom, i.text
                )
            })
        })
        .collect()
}

fn line_of<T: Serialize>(json: bool, item: &T, plain: impl FnOnce() -> String) -> String {
    if json {
        serde_json::to_string(item).unwrap_or_default()
    } else {
        plain()
    }
}
