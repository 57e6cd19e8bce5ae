//! The report: a summary on top, then every page as a drawing (kept in a
//! `<template>` and drawn when scrolled into view, so a 100-page plan opens at once)
//! next to the records and objectives read from it. One file, inline CSS and JS, no
//! network resource of any kind.

use super::marks::{PageMarks, page_warnings};
use super::{Review, cell_count, escape, prov_key, svg};
use crate::assemble::Value;
use crate::geom::Provenance;
use crate::tables::Table;
use serde_json::{Map, Value as Json};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;

const STYLE: &str = include_str!("review.css");
const SCRIPT: &str = include_str!("review.js");

/// Record keys not listed in a record's panel entry: the same for every record of a
/// document (shown once in the summary) or structured (`provenance`, `summary`).
const HIDDEN_KEYS: &[&str] = &[
    "ente",
    "document_kind",
    "period",
    "source",
    "document_sha256",
    "objective_no",
    "indicator_no",
    "page",
    "table_id",
    "provenance",
    "summary",
];

/// The whole report.
pub(super) fn document(r: &Review) -> String {
    let mut s = String::new();
    let _ = write!(
        s,
        "<!DOCTYPE html>\n<html lang=\"it\"><head><meta charset=\"utf-8\">\
<meta name=\"viewport\" content=\"width=device-width\">\
<title>Review: {}</title><style>{STYLE}</style></head><body>",
        escape(&r.file)
    );
    summary(&mut s, r);
    s.push_str("<main>");
    let by_page = records_by_page(&r.records);
    for p in &r.doc.pages {
        page_section(&mut s, r, p.number, by_page.get(&p.number));
    }
    let _ = writeln!(
        s,
        "</main><pre id=\"selftest\" hidden></pre><script>{SCRIPT}</script></body></html>"
    );
    s
}

fn summary(s: &mut String, r: &Review) {
    let m = &r.plan.meta;
    let indicators: usize = r.plan.objectives.iter().map(|o| o.indicators.len()).sum();
    let years: Vec<String> = m.years.iter().map(i32::to_string).collect();
    let kind = serde_json::to_value(m.kind)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default();
    let _ = write!(s, "<header id=\"summary\"><h1>{}</h1><dl>", escape(&r.file));
    for (k, v) in [
        ("kind", kind),
        ("ente", m.ente.clone().unwrap_or_default()),
        ("period", m.period.clone().unwrap_or_default()),
        ("years", years.join(", ")),
        ("pages", r.doc.pages.len().to_string()),
        ("tables", r.plan.tables.len().to_string()),
        ("objectives", r.plan.objectives.len().to_string()),
        ("indicators", indicators.to_string()),
        ("records", r.records.len().to_string()),
        ("warnings", r.plan.warnings.len().to_string()),
    ] {
        let _ = write!(
            s,
            "<div><dt>{k}</dt><dd id=\"sum-{k}\">{}</dd></div>",
            escape(&v)
        );
    }
    s.push_str("</dl>");
    tables_by_page(s, &r.plan.tables);
    all_warnings(s, r);
    s.push_str(
        "<p class=\"layers\">Show: <label><input type=\"checkbox\" data-layer=\"words\" checked>words</label>\
<label><input type=\"checkbox\" data-layer=\"rules\" checked>rules</label>\
<label><input type=\"checkbox\" data-layer=\"cells\" checked>cells</label>\
<label><input type=\"checkbox\" data-layer=\"labels\" checked>labels</label>\
 · click a value to see its box, a cell to see the fields it fed</p></header>",
    );
}

/// The tables found, one line each, then the per-page list as compact chips.
fn tables_by_page(s: &mut String, tables: &[Table]) {
    s.push_str("<details open><summary>Tables</summary><table class=\"tbl\">");
    for t in tables {
        let pages = match (t.pages.first(), t.pages.last()) {
            (Some(a), Some(b)) if a != b => format!("p. {a}–{b}"),
            (Some(a), _) => format!("p. {a}"),
            _ => String::new(),
        };
        let _ = write!(
            s,
            "<tr><th>{}</th><td>{:?}</td><td><a href=\"#p{}\">{pages}</a></td><td>{}×{}</td><td>{:?}</td><td>{}</td></tr>",
            t.id,
            t.kind,
            t.pages.first().copied().unwrap_or(0),
            t.rows.len(),
            t.columns.len(),
            t.method,
            escape(&t.context.join(" / "))
        );
    }
    s.push_str("</table></details>");
    let mut by_page: BTreeMap<u32, Vec<&Table>> = BTreeMap::new();
    for t in tables {
        for p in &t.pages {
            by_page.entry(*p).or_default().push(t);
        }
    }
    s.push_str("<details open><summary>Tables by page</summary><p class=\"chips\">");
    for (page, ts) in &by_page {
        let ids: Vec<String> = ts
            .iter()
            .map(|t| {
                let cont = if t.pages.first() == Some(page) {
                    ""
                } else {
                    "←"
                };
                format!("{cont}{}", t.id)
            })
            .collect();
        let _ = write!(
            s,
            "<a class=\"tref\" href=\"#p{page}\">p.{page} {}</a> ",
            ids.join(" ")
        );
    }
    s.push_str("</p></details>");
}

fn all_warnings(s: &mut String, r: &Review) {
    let _ = write!(
        s,
        "<details><summary>Warnings ({})</summary><ul class=\"warns\">",
        r.plan.warnings.len()
    );
    for w in &r.plan.warnings {
        let at = w.prov.map_or(String::new(), |p| {
            format!(" <a href=\"#p{0}\">p. {0}</a>", p.page)
        });
        let _ = write!(
            s,
            "<li><code>{}</code> {}{at}</li>",
            w.code,
            escape(&w.message)
        );
    }
    s.push_str("</ul></details>");
}

/// Indices of the records that have a value on each page (its indicator's page or
/// any field's box).
fn records_by_page(records: &[Map<String, Json>]) -> BTreeMap<u32, Vec<usize>> {
    let mut out: BTreeMap<u32, Vec<usize>> = BTreeMap::new();
    for (i, rec) in records.iter().enumerate() {
        let mut pages: BTreeSet<u32> = field_provs(rec).iter().map(|(_, p)| p.page).collect();
        if let Some(p) = rec.get("page").and_then(Json::as_u64) {
            pages.insert(u32::try_from(p).unwrap_or(0));
        }
        for p in pages {
            out.entry(p).or_default().push(i);
        }
    }
    out
}

/// The provenance of each field of a flat record, in the record's key order.
fn field_provs(rec: &Map<String, Json>) -> Vec<(&str, Provenance)> {
    let Some(Json::Object(m)) = rec.get("provenance") else {
        return Vec::new();
    };
    m.iter()
        .filter_map(|(k, v)| {
            serde_json::from_value::<Provenance>(v.clone())
                .ok()
                .map(|p| (k.as_str(), p))
        })
        .collect()
}

fn page_section(s: &mut String, r: &Review, page: u32, recs: Option<&Vec<usize>>) {
    let i = (page as usize).saturating_sub(1);
    let (Some(p), Some(text)) = (r.doc.pages.get(i), r.texts.get(i)) else {
        return;
    };
    let marks = PageMarks::new(r, page);
    let ids: Vec<String> = marks.grids.iter().map(|g| g.id.clone()).collect();
    let _ = write!(
        s,
        "<section class=\"page\" id=\"p{page}\" data-page=\"{page}\" data-ncells=\"{}\">\
<h2>Page {page} <small>{}</small></h2><div class=\"sheet\" style=\"aspect-ratio:{:.1}/{:.1}\"><template>{}</template></div>",
        cell_count(r, page),
        escape(&ids.join(", ")),
        p.width,
        p.height,
        svg::inline(p, text, &marks)
    );
    s.push_str("<aside class=\"panel\"><div class=\"fedbox\"></div>");
    panel_warnings(s, r, page);
    panel_objectives(s, r, page);
    panel_records(s, r, recs.map_or(&[][..], Vec::as_slice));
    s.push_str("</aside></section>");
}

fn panel_warnings(s: &mut String, r: &Review, page: u32) {
    let ws = page_warnings(r, page);
    if ws.is_empty() {
        return;
    }
    s.push_str("<h3>Warnings</h3><ul class=\"warns\">");
    for w in ws {
        let key = w.prov.map_or(String::new(), |p| {
            format!(" class=\"v\" data-k=\"{}\"", prov_key(&p))
        });
        let _ = write!(
            s,
            "<li{key}><code>{}</code> {}</li>",
            w.code,
            escape(&w.message)
        );
    }
    s.push_str("</ul>");
}

/// Objectives whose title (or code) was printed on the page.
fn panel_objectives(s: &mut String, r: &Review, page: u32) {
    let on_page = |v: &Option<Value>| {
        v.as_ref()
            .and_then(|v| v.prov)
            .is_some_and(|p| p.page == page)
    };
    let objs: Vec<_> = r
        .plan
        .objectives
        .iter()
        .filter(|o| on_page(&o.objective) || on_page(&o.objective_code))
        .collect();
    if objs.is_empty() {
        return;
    }
    let _ = write!(s, "<h3>Objectives ({})</h3><ul class=\"objs\">", objs.len());
    for o in objs {
        s.push_str("<li>");
        for v in [&o.objective_code, &o.objective].into_iter().flatten() {
            value(s, v, None, "objective");
        }
        let _ = write!(s, " <small>{} indicators</small></li>", o.indicators.len());
    }
    s.push_str("</ul>");
}

/// A value with its box: hover or click shows the box on the page.
fn value(s: &mut String, v: &Value, record: Option<usize>, field: &str) {
    let r = record.map_or(String::new(), |i| format!(" data-r=\"{i}\""));
    match v.prov {
        Some(p) => {
            let _ = write!(
                s,
                "<span class=\"v\"{r} data-f=\"{field}\" data-k=\"{}\">{}</span> ",
                prov_key(&p),
                escape(&v.text)
            );
        }
        None => {
            let _ = write!(s, "<span>{}</span> ", escape(&v.text));
        }
    }
}

fn panel_records(s: &mut String, r: &Review, recs: &[usize]) {
    if recs.is_empty() {
        return;
    }
    let _ = write!(s, "<h3>Records ({})</h3>", recs.len());
    for &i in recs {
        if let Some(rec) = r.records.get(i) {
            record(s, i, rec);
        }
    }
}

fn record(s: &mut String, i: usize, rec: &Map<String, Json>) {
    let provs: BTreeMap<&str, Provenance> = field_provs(rec).into_iter().collect();
    let _ = write!(
        s,
        "<div class=\"rec\" data-r=\"{i}\"><h4>record {i} · {} · p. {}</h4><dl>",
        escape(rec.get("table_id").and_then(Json::as_str).unwrap_or("")),
        rec.get("page").and_then(Json::as_u64).unwrap_or(0)
    );
    for (k, v) in rec
        .iter()
        .filter(|(k, _)| !HIDDEN_KEYS.contains(&k.as_str()))
    {
        let text = match v {
            Json::String(t) => t.clone(),
            Json::Number(n) => n.to_string(),
            Json::Bool(true) => "yes".to_string(),
            _ => continue,
        };
        let _ = write!(s, "<dt>{}</dt><dd>", escape(k));
        let val = Value {
            text,
            prov: provs.get(k.as_str()).copied(),
        };
        value(s, &val, Some(i), k);
        s.push_str("</dd>");
    }
    s.push_str("</dl></div>");
}
