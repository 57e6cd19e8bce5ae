//! Our words against pdftotext's, on every fixture.
//!
//! The reference is `pdftotext -bbox`: poppler's own word segmentation, one
//! `<word>` element per word. The plain `pdftotext FILE -` output is not a fair
//! reference for word building: in reading-order mode poppler dehyphenates, joining
//! a line-final `economico-` with the next line's `patrimoniale` into
//! `economicopatrimoniale` (0.5% of the words of 002), and `-layout` can print two
//! separate narrow words with no space between them (`0 =` → `0=` in 001-chromium).
//! The plain-mode share is printed for information only.

use crate::common;
use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

/// Share of words that must be found in the other side's multiset.
const MIN_SHARE: f64 = 0.999;

type Bag<'a> = BTreeMap<&'a str, usize>;

fn bag<'a>(words: impl IntoIterator<Item = &'a str>) -> Bag<'a> {
    let mut b = Bag::new();
    for w in words {
        *b.entry(w).or_default() += 1;
    }
    b
}

/// Share of `a`'s words (with multiplicity) also present in `b`.
fn share(a: &Bag, b: &Bag) -> f64 {
    let total: usize = a.values().sum();
    let matched: usize = a
        .iter()
        .map(|(w, n)| (*n).min(b.get(w).copied().unwrap_or(0)))
        .sum();
    if total == 0 {
        1.0
    } else {
        matched as f64 / total as f64
    }
}

/// Words of `a` missing from `b`, most frequent first.
fn missing<'a>(a: &Bag<'a>, b: &Bag<'a>, top: usize) -> Vec<(&'a str, usize)> {
    let mut v: Vec<(&str, usize)> = a
        .iter()
        .filter_map(|(w, n)| {
            let extra = n.saturating_sub(b.get(w).copied().unwrap_or(0));
            (extra > 0).then_some((*w, extra))
        })
        .collect();
    v.sort_by(|x, y| y.1.cmp(&x.1).then(x.0.cmp(y.0)));
    v.truncate(top);
    v
}

fn pdftotext(args: &[&str], path: &Path) -> Option<String> {
    let out = Command::new("pdftotext")
        .args(args)
        .args(["-enc", "UTF-8"])
        .arg(path)
        .arg("-")
        .output()
        .ok()?;
    assert!(
        out.status.success(),
        "pdftotext failed on {}",
        path.display()
    );
    Some(String::from_utf8(out.stdout).unwrap())
}

/// The text of every `<word ...>TEXT</word>` element of `pdftotext -bbox` output.
pub(crate) fn bbox_words(html: &str) -> Vec<String> {
    html.split("<word ")
        .skip(1)
        .filter_map(|s| {
            let s = &s[s.find('>')? + 1..];
            Some(unescape(&s[..s.find("</word>")?]))
        })
        .collect()
}

/// poppler escapes these five in `-bbox` output.
fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

fn check_fixture(name: &str) {
    let path = common::fixture(name);
    let Some(bbox_html) = pdftotext(&["-bbox"], &path) else {
        common::skip(&format!(
            "words/{name}: pdftotext not found (install poppler-utils)"
        ));
        return;
    };
    let theirs_owned = bbox_words(&bbox_html);
    let theirs = bag(theirs_owned.iter().map(String::as_str));
    let ours = bag(common::opened(&path).words());
    let (s_theirs, s_ours) = (share(&theirs, &ours), share(&ours, &theirs));
    let plain = pdftotext(&[], &path).unwrap_or_default();
    let plain = bag(plain.split_whitespace());
    eprintln!(
        "{name}: pdftotext -bbox {} words, ours {}: theirs found in ours {:.5}, ours in theirs {:.5} \
         (plain pdftotext: {:.5} / {:.5})",
        theirs.values().sum::<usize>(),
        ours.values().sum::<usize>(),
        s_theirs,
        s_ours,
        share(&plain, &ours),
        share(&ours, &plain),
    );
    assert!(
        s_theirs >= MIN_SHARE && s_ours >= MIN_SHARE,
        "{name}: word shares {s_theirs:.5} / {s_ours:.5} below {MIN_SHARE}\n\
         pdftotext's, not ours: {:?}\nours, not pdftotext's: {:?}",
        missing(&theirs, &ours, 20),
        missing(&ours, &theirs, 20),
    );
}

/// One test per fixture PDF, plus the list the guard test checks.
macro_rules! fixtures {
    ($($test:ident => $file:literal),* $(,)?) => {
        $(
            #[test]
            fn $test() {
                check_fixture($file);
            }
        )*
        pub const FIXTURES: &[&str] = &[$($file),*];
    };
}

fixtures! {
    words_000_calc_ruled => "000-calc-ruled.pdf",
    words_000_calc_unruled => "000-calc-unruled.pdf",
    words_000_chromium_ruled => "000-chromium-ruled.pdf",
    words_001_calc_ruled => "001-calc-ruled.pdf",
    words_001_calc_unruled => "001-calc-unruled.pdf",
    words_001_chromium_zebra => "001-chromium-zebra.pdf",
    words_002_calc_ruled => "002-calc-ruled.pdf",
    words_002_calc_unruled => "002-calc-unruled.pdf",
    words_003_writer_ruled => "003-writer-ruled.pdf",
    words_004_writer_ruled => "004-writer-ruled.pdf",
}

/// A fixture PDF added without a words test fails here.
#[test]
fn every_fixture_has_a_words_test() {
    let mut on_disk: Vec<String> = std::fs::read_dir(common::root().join("fixtures"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".pdf"))
        .collect();
    on_disk.sort();
    let mut listed: Vec<String> = FIXTURES.iter().map(|s| s.to_string()).collect();
    listed.sort();
    assert_eq!(on_disk, listed);
}

#[test]
fn bbox_words_parses_and_unescapes() {
    let html = r#"<page><word xMin="1" yMin="2" xMax="3" yMax="4">l&apos;Ente</word>
<word xMin="1" yMin="2" xMax="3" yMax="4">&lt;&amp;&gt;&quot;</word></page>"#;
    assert_eq!(bbox_words(html), ["l'Ente", "<&>\""]);
}
