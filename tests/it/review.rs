//! `review`: the report of every fixture builds and references no network resource;
//! each page's SVG draws every word of the page; and, in headless Chromium, the
//! drawing has one box per detected cell and a record field's highlight lands on the
//! cell whose text is the field's value (the report's own `#selftest` writes what it
//! sees into the DOM, which `--dump-dom` hands back).

use crate::common;
use piao_extract::config::Config;
use piao_extract::review::{self, Review};
use serde_json::Value as Json;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

/// Every fixture PDF's name, sorted.
fn fixture_names() -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(common::root().join("fixtures"))
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.ends_with(".pdf"))
        .collect();
    v.sort();
    v
}

/// Each fixture's review and report, built once per test binary, fixtures in
/// parallel.
fn reports() -> &'static BTreeMap<String, (Review, String)> {
    static REPORTS: OnceLock<BTreeMap<String, (Review, String)>> = OnceLock::new();
    REPORTS.get_or_init(|| {
        std::thread::scope(|s| {
            let handles: Vec<_> = fixture_names()
                .into_iter()
                .map(|n| {
                    s.spawn(move || {
                        let r = review::review_file(&common::fixture(&n), &Config::default())
                            .unwrap_or_else(|e| panic!("{n}: {e}"));
                        let html = review::html(&r);
                        (n, (r, html))
                    })
                })
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        })
    })
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// The texts of the `<text>` elements of an SVG's words layer.
fn svg_words(svg: &str) -> Vec<String> {
    let start = svg.find("<g class=\"words\"").unwrap();
    let layer = &svg[start..];
    let layer = &layer[layer.find('>').unwrap() + 1..];
    let layer = &layer[..layer.find("</g>").unwrap()];
    layer
        .split("</text>")
        .filter_map(|t| t.rfind('>').map(|i| unescape(&t[i + 1..])))
        .collect()
}

#[test]
fn every_page_svg_draws_every_word() {
    for (name, (r, _)) in reports() {
        let opened = common::opened(&common::fixture(name));
        for pt in &opened.text {
            let svg = review::page_svg(r, pt.page).unwrap();
            let mut drawn = svg_words(&svg);
            let mut words: Vec<String> = pt.words.iter().map(|w| w.text.clone()).collect();
            drawn.sort();
            words.sort();
            assert_eq!(drawn, words, "{name} page {}", pt.page);
        }
    }
}

#[test]
fn standalone_svg_is_well_formed_enough() {
    let (r, _) = &reports()["000-calc-ruled.pdf"];
    let svg = review::page_svg(r, 1).unwrap();
    assert!(svg.starts_with("<?xml"));
    assert!(svg.trim_end().ends_with("</svg>"));
    assert_eq!(svg.matches("<text").count(), svg.matches("</text>").count());
    assert!(review::page_svg(r, 0).is_none());
    assert!(review::page_svg(r, 10_000).is_none());
}

/// Values of `attr="..."` attributes in a document.
fn attr_values<'a>(html: &'a str, attr: &str) -> Vec<&'a str> {
    let pat = format!(" {attr}=\"");
    html.match_indices(&pat)
        .map(|(i, _)| {
            let rest = &html[i + pat.len()..];
            &rest[..rest.find('"').unwrap()]
        })
        .collect()
}

#[test]
fn every_report_builds_and_is_self_contained() {
    let reports = reports();
    assert_eq!(reports.len(), fixture_names().len());
    for (name, (r, html)) in reports {
        assert!(html.starts_with("<!DOCTYPE html>"), "{name}");
        for attr in ["src", "href", "xlink:href", "action", "poster"] {
            for v in attr_values(html, attr) {
                assert!(v.starts_with('#'), "{name}: {attr}=\"{v}\"");
            }
        }
        let lower = html.to_lowercase();
        for bad in [
            "@import",
            "@font-face",
            "url(http",
            "url(//",
            "<link",
            "<iframe",
            "<img",
        ] {
            assert!(!lower.contains(bad), "{name}: contains {bad}");
        }
        assert_eq!(
            html.matches("<section class=\"page\"").count(),
            r.doc.pages.len()
        );
        let cells: usize = r.grids.iter().flatten().map(|g| g.cells.len()).sum();
        assert_eq!(html.matches(" data-cell=\"").count(), cells, "{name}");
        assert_eq!(
            html,
            &review::html(r),
            "{name}: output is not deterministic"
        );
    }
}

/// A record field whose value is the text of exactly one cell of its page: the
/// cell the highlight must land on. Returns (page, record, field, cell text).
fn chosen_field(r: &Review) -> (u32, usize, String, String) {
    let collapse = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    for (i, rec) in r.records.iter().enumerate() {
        let Some(Json::Object(provs)) = rec.get("provenance") else {
            continue;
        };
        for (field, p) in provs {
            let page = p["page"].as_u64().unwrap() as u32;
            let Some(value) = rec[field].as_str() else {
                continue;
            };
            let same: Vec<_> = r.grids[page as usize - 1]
                .iter()
                .flat_map(|g| &g.cells)
                .filter(|c| collapse(&c.text) == collapse(value))
                .collect();
            if same.len() == 1 && value.len() > 3 {
                return (page, i, field.clone(), same[0].text.clone());
            }
        }
    }
    panic!("no record field with a unique cell text");
}

fn chromium() -> Option<PathBuf> {
    ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .find_map(|b| {
            let ok = Command::new(b)
                .arg("--version")
                .output()
                .ok()?
                .status
                .success();
            ok.then(|| PathBuf::from(b))
        })
}

fn headless(bin: &Path, profile: &Path, extra: &[String], url: &str) -> std::process::Output {
    Command::new(bin)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--virtual-time-budget=5000",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(extra)
        .arg(url)
        .output()
        .unwrap()
}

#[test]
fn report_in_chromium_boxes_cells_and_highlights_the_field() {
    let Some(bin) = chromium() else {
        crate::common::skip("chromium not found (CI installs it: apt-get install -y chromium)");
        return;
    };
    let name = "000-calc-ruled.pdf";
    let (r, html) = &reports()[name];
    let (page, record, field, text) = chosen_field(r);
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("index.html");
    std::fs::write(&index, html).unwrap();
    let url = format!(
        "file://{}#selftest=page{page}&record={record}&field={field}",
        index.display()
    );
    let shot = dir.path().join("shot.png");
    let profile = tempfile::tempdir().unwrap();
    let out = headless(
        &bin,
        profile.path(),
        &[
            format!("--screenshot={}", shot.display()),
            "--window-size=1400,900".into(),
        ],
        &url,
    );
    assert!(
        std::fs::metadata(&shot).is_ok_and(|m| m.len() > 1000),
        "no screenshot: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = headless(&bin, profile.path(), &["--dump-dom".into()], &url);
    let dom = String::from_utf8_lossy(&out.stdout);
    let start = dom.find("<pre id=\"selftest\">").expect("selftest block") + 19;
    let json = &dom[start..start + dom[start..].find("</pre>").unwrap()];
    let got: Json = serde_json::from_str(&unescape(json)).unwrap();
    let expected_cells = review::cell_count(r, page);
    assert!(expected_cells > 0);
    assert_eq!(got["cells"], expected_cells, "{got}");
    assert_eq!(got["selector_cell_ids_unique"], expected_cells, "{got}");
    let hl = got["highlighted"].as_array().unwrap();
    assert_eq!(hl.len(), 1, "{got}");
    assert_eq!(hl[0]["text"], text.as_str(), "{got}");
    let fed: Vec<&str> = got["fed"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Json::as_str)
        .collect();
    assert!(fed.contains(&format!("{record}:{field}").as_str()), "{got}");
}
