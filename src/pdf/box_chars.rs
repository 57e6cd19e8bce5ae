//! Boxes drawn with characters: a plain-text report (a line printer's listing, GNU
//! enscript's output, a management program's text export) draws its table's frame
//! with `+`, `-`, `=` and `|`, or with Unicode's box-drawing characters (`┌─┬─┐`,
//! `│`, `╞═╪═╡`). A reader sees those as lines, not text; read as text they are
//! words in every cell. Here they become the rulings they draw, and their glyphs
//! leave the text, so the later stages read the table as a ruled one (pdfplumber
//! and camelot read only drawn paths and leave such a box as text).
//!
//! A horizontal rule is a run of line characters (`-`, `=`, `─`, `━`, `═`) and
//! junctions (`+`, `┼`, `╋`, …) on one baseline, each glyph touching the next, at
//! least [`RulingTolerances::char_rule_min_em`] long: shorter runs are text (`--`,
//! `---` for no value). A vertical rule is a column of bars (`|`, `│`, `║`) and
//! junctions, one a line, at one x, the lines one under the other, with at least one
//! bar: a junction alone is the corner of a merged cell, a bar alone is text (`a | b`).

use super::{Glyph, Page, Ruling};
use crate::config::RulingTolerances;

/// What a character draws in a box.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stroke {
    /// A horizontal line: `-`, `=`, `─`, `━`, `═`.
    Across,
    /// A vertical line: `|`, `│`, `┃`, `║`.
    Down,
    /// Where lines meet: `+` and the box-drawing corners, tees and crosses.
    Junction,
}

/// What `s` (one glyph's text) draws, if it is a box-drawing character.
#[cfg(test)]
fn stroke(s: &str) -> Option<Stroke> {
    let mut cs = s.chars();
    let c = cs.next()?;
    if cs.next().is_some() {
        return None;
    }
    stroke_of(c)
}

/// What one glyph's text, as its UTF-8 bytes, draws: [`stroke`] without slicing
/// the text as `str` (a check of both ends for char boundaries) and decoding it,
/// for every glyph of every page (`draw_as_rules` is 3% of `inspect --words` on
/// the Chromium zebra seed, issue 22). Every character `stroke_of` knows is ASCII or
/// in U+2500–U+257F, three bytes `E2 94..95 xx`; any other text (longer, or a
/// range not on character boundaries, or past the end) draws nothing, as with
/// [`stroke`].
fn stroke_of_bytes(text: &[u8]) -> Option<Stroke> {
    let c = match *text {
        [b] if b.is_ascii() => char::from(b),
        [0xE2, b1 @ 0x94..=0x95, b2 @ 0x80..=0xBF] => {
            char::from_u32(0x2500 + (u32::from(b1 - 0x94) << 6) + u32::from(b2 - 0x80))?
        }
        _ => return None,
    };
    stroke_of(c)
}

/// What the character `c` draws, if it is a box-drawing character.
fn stroke_of(c: char) -> Option<Stroke> {
    match c {
        '-' | '=' | '\u{2500}' | '\u{2501}' | '\u{2550}' => Some(Stroke::Across),
        '|' | '\u{2502}' | '\u{2503}' | '\u{2551}' => Some(Stroke::Down),
        '+' | '\u{250C}'..='\u{254B}' | '\u{2552}'..='\u{256C}' => Some(Stroke::Junction),
        _ => None,
    }
}

/// Whether the box-drawing characters `marks` (glyph index and stroke, in glyph
/// order) could draw any rule: [`across`] draws one only from a run of touching
/// `Across` and `Junction` glyphs one after the other, or from one `Across` glyph
/// as long as a rule by itself; [`down`] only from a column of two or more `Down`
/// and `Junction` glyphs, one of them a `Down`. A necessary condition, so a page
/// it fails has no rule and is left as it is, as the whole search would leave it;
/// a text's hyphens (`2024-2026`) fail it.
fn may_rule(glyphs: &[Glyph], marks: &[(usize, Stroke)], tol: &RulingTolerances) -> bool {
    let horizontal = |s: Stroke| matches!(s, Stroke::Across | Stroke::Junction);
    let pair = marks
        .windows(2)
        .any(|w| w[1].0 == w[0].0 + 1 && horizontal(w[0].1) && horizontal(w[1].1));
    let long = marks.iter().any(|&(k, s)| {
        let g = &glyphs[k];
        s == Stroke::Across
            && g.bbox.x1 - g.bbox.x0 >= tol.char_rule_min_em * f64::from(g.size.max(1.0))
    });
    let column = marks.iter().any(|m| m.1 == Stroke::Down)
        && marks.iter().filter(|m| m.1 != Stroke::Across).count() >= 2;
    pair || long || column
}

/// Turn the box-drawing characters of `page` into rulings: the rulings are added to
/// [`Page::rulings`] and the glyphs that drew them are taken out of
/// [`Page::glyphs`]. Pages with no such character are left as they are.
pub(super) fn draw_as_rules(page: &mut Page, tol: &RulingTolerances) {
    let text = page.text.as_bytes();
    let stroke_at = |g: &Glyph| {
        let upright = g.dir == 0 && !g.invisible;
        let bytes = text.get(g.start as usize..g.end as usize).unwrap_or(&[]);
        upright.then(|| stroke_of_bytes(bytes)).flatten()
    };
    let marks: Vec<(usize, Stroke)> = (page.glyphs.iter().enumerate())
        .filter_map(|(k, g)| stroke_at(g).map(|s| (k, s)))
        .collect();
    // nearly every page draws no box: it is answered from its few marks (a text's
    // hyphens), without the page-long lists the rules are found with
    if !may_rule(&page.glyphs, &marks, tol) {
        return;
    }
    let mut strokes: Vec<Option<Stroke>> = vec![None; page.glyphs.len()];
    for (k, s) in marks {
        strokes[k] = Some(s);
    }
    let mut used = vec![false; page.glyphs.len()];
    let mut rules = across(&page.glyphs, &strokes, &mut used, tol);
    rules.extend(down(&page.glyphs, &strokes, &mut used, tol));
    boxed_bars(&page.glyphs, &strokes, &mut used, tol);
    if rules.is_empty() {
        return;
    }
    page.rulings.extend(rules);
    let mut keep = used.iter().map(|u| !u);
    page.glyphs.retain(|_| keep.next().unwrap_or(true));
}

/// Horizontal rules: runs of touching `Across` and `Junction` glyphs on one
/// baseline at least `char_rule_min_em` long, with at least one `Across`. A rule
/// runs from the centre of a junction at its end (where the vertical line is) or
/// from the edge of a line character; it lies at the glyphs' middle height.
fn across(
    glyphs: &[Glyph],
    strokes: &[Option<Stroke>],
    used: &mut [bool],
    tol: &RulingTolerances,
) -> Vec<Ruling> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < glyphs.len() {
        let mut j = i;
        while j < glyphs.len() && matches!(strokes[j], Some(Stroke::Across | Stroke::Junction)) {
            let next = j + 1;
            let touches = next < glyphs.len()
                && (glyphs[next].bbox.x0 - glyphs[j].bbox.x1).abs() <= tol.snap
                && (glyphs[next].bbox.cy() - glyphs[j].bbox.cy()).abs() <= tol.snap;
            j = next;
            if !touches {
                break;
            }
        }
        if j == i {
            i += 1;
            continue;
        }
        let run = i..j;
        let (a, b) = (&glyphs[i], &glyphs[j - 1]);
        let em = f64::from(a.size.max(1.0));
        let lines = run.clone().any(|k| strokes[k] == Some(Stroke::Across));
        if lines && b.bbox.x1 - a.bbox.x0 >= tol.char_rule_min_em * em {
            let end_at = |g: &Glyph, k: usize, edge: f64| {
                if strokes[k] == Some(Stroke::Junction) {
                    g.bbox.cx()
                } else {
                    edge
                }
            };
            out.push(Ruling {
                horizontal: true,
                pos: a.bbox.cy(),
                start: end_at(a, i, a.bbox.x0),
                end: end_at(b, j - 1, b.bbox.x1),
                from_image: false,
            });
            run.for_each(|k| used[k] = true);
        }
        i = j;
    }
    out
}

/// Vertical rules: columns of `Down` and `Junction` glyphs at one x (their centres
/// within `snap`), each the line under the one before (the gap between their boxes
/// at most `char_rule_line_gap_em`), with at least one `Down`. A rule runs from the
/// centre of a junction at its end (where the horizontal line is) or from the edge
/// of a bar.
fn down(
    glyphs: &[Glyph],
    strokes: &[Option<Stroke>],
    used: &mut [bool],
    tol: &RulingTolerances,
) -> Vec<Ruling> {
    let mut marks: Vec<usize> = (0..glyphs.len())
        .filter(|&k| matches!(strokes[k], Some(Stroke::Down | Stroke::Junction)))
        .collect();
    marks.sort_by(|&a, &b| {
        let (ga, gb) = (&glyphs[a].bbox, &glyphs[b].bbox);
        ga.cx().total_cmp(&gb.cx()).then(ga.top.total_cmp(&gb.top))
    });
    let mut out = Vec::new();
    let mut chain: Vec<usize> = Vec::new();
    for k in marks {
        let g = &glyphs[k].bbox;
        let follows = chain.last().is_some_and(|&p| {
            let q = &glyphs[p];
            let gap = tol.char_rule_line_gap_em * f64::from(q.size.max(1.0));
            (g.cx() - q.bbox.cx()).abs() <= tol.snap
                && g.top >= q.bbox.top
                && g.top - q.bbox.bottom <= gap
        });
        if !follows {
            finish_column(glyphs, strokes, &chain, used, &mut out);
            chain.clear();
        }
        chain.push(k);
    }
    finish_column(glyphs, strokes, &chain, used, &mut out);
    out
}

/// Bars on a line whose other bars draw vertical rules are the box's too, drawn
/// and not text, though no bar or junction stands above or below them (a plain-text
/// report closes a cell spanning several columns with a bar where no column edge
/// is: h14-cortona's enscript `| Peso %  | 25  |`). They are only taken out of the
/// text: a stroke of one line's height meets no rule of the frame.
fn boxed_bars(
    glyphs: &[Glyph],
    strokes: &[Option<Stroke>],
    used: &mut [bool],
    tol: &RulingTolerances,
) {
    let ruled: Vec<f64> = (0..glyphs.len())
        .filter(|&k| used[k] && strokes[k] == Some(Stroke::Down))
        .map(|k| glyphs[k].bbox.cy())
        .collect();
    for k in 0..glyphs.len() {
        let cy = glyphs[k].bbox.cy();
        if strokes[k] == Some(Stroke::Down) && ruled.iter().any(|y| (y - cy).abs() <= tol.snap) {
            used[k] = true;
        }
    }
}

/// The vertical rule of one column of glyphs, when it holds a bar and more than one
/// glyph; its bars are marked used (its junctions too: a junction's glyph may be a
/// horizontal rule's already).
fn finish_column(
    glyphs: &[Glyph],
    strokes: &[Option<Stroke>],
    chain: &[usize],
    used: &mut [bool],
    out: &mut Vec<Ruling>,
) {
    let (Some(&first), Some(&last)) = (chain.first(), chain.last()) else {
        return;
    };
    let bars = chain.iter().any(|&k| strokes[k] == Some(Stroke::Down));
    if !bars || chain.len() < 2 {
        return;
    }
    let end_at = |k: usize, edge: f64| {
        if strokes[k] == Some(Stroke::Junction) {
            glyphs[k].bbox.cy()
        } else {
            edge
        }
    };
    out.push(Ruling {
        horizontal: false,
        pos: glyphs[first].bbox.cx(),
        start: end_at(first, glyphs[first].bbox.top),
        end: end_at(last, glyphs[last].bbox.bottom),
        from_image: false,
    });
    chain.iter().for_each(|&k| used[k] = true);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geom::BBox;

    /// Reading a glyph's bytes gives what reading its text gives, for every
    /// character and for text of two characters.
    #[test]
    fn bytes_read_as_text_reads() {
        let mut buf = [0u8; 8];
        for c in (0..0x11_0000).filter_map(char::from_u32) {
            let s = c.encode_utf8(&mut buf);
            assert_eq!(stroke_of_bytes(s.as_bytes()), stroke(s), "{c:?}");
        }
        for s in ["--", "+-", "\u{2500}\u{2500}", "a", ""] {
            assert_eq!(stroke_of_bytes(s.as_bytes()), stroke(s), "{s:?}");
        }
        // a range that cuts a character draws nothing
        assert_eq!(stroke_of_bytes(&"\u{2502}".as_bytes()[..2]), None);
    }

    /// A page of Courier 8 pt lines, 4.8 pt a character and 9 pt a line
    /// (h14-cortona-pdo-2025--enscript-ruled page 2: enscript sets its lines the
    /// size + 1 pt apart), the first line's top at 116.6 and its first character at
    /// 41.0, as enscript prints them.
    fn page(lines: &[&str]) -> Page {
        let mut p = Page::default();
        for (row, line) in lines.iter().enumerate() {
            let top = 116.6 + 9.0 * row as f64;
            for (col, ch) in line.chars().enumerate() {
                let x0 = 41.0 + 4.8 * col as f64;
                let start = p.text.len() as u32;
                p.text.push(ch);
                p.glyphs.push(Glyph {
                    start,
                    end: p.text.len() as u32,
                    bbox: BBox::new(x0, top, x0 + 4.8, top + 8.0),
                    size: 8.0,
                    dir: 0,
                    font: 0,
                    origin: Default::default(),
                    invisible: false,
                });
            }
        }
        p
    }

    fn text(p: &Page) -> String {
        p.glyphs.iter().map(|g| p.glyph_text(g)).collect()
    }

    /// Cortona's card frame: the `+---+` lines are horizontal rules from junction to
    /// junction, the `|` columns vertical rules between them; the `+` of a column
    /// that a merged cell (`| 25   |`) covers draws no vertical rule there; the
    /// cells' text stays, `-` inside a value included.
    #[test]
    fn an_ascii_box_is_rules_and_its_text_stays() {
        let mut p = page(&[
            "+------+------+------+",
            "| Peso | 25     |    |",
            "+------+------+------+",
            "| a    | 1 - 2| b    |",
            "+------+------+------+",
        ]);
        draw_as_rules(&mut p, &RulingTolerances::default());
        let h: Vec<&Ruling> = p.rulings.iter().filter(|r| r.horizontal).collect();
        let v: Vec<&Ruling> = p.rulings.iter().filter(|r| !r.horizontal).collect();
        assert_eq!(h.len(), 3, "{h:?}");
        assert!((h[0].start - 43.4).abs() < 1e-9 && (h[0].end - 144.2).abs() < 1e-9);
        assert!((h[0].pos - 120.6).abs() < 1e-9);
        // x of columns 0, 7, 14 and 21: full height at 0, 7 and 21, a stub in the
        // lower row at 14
        let xs: Vec<(f64, f64, f64)> = v.iter().map(|r| (r.pos, r.start, r.end)).collect();
        assert_eq!(v.len(), 4, "{xs:?}");
        assert!(xs.iter().any(|r| (r.0 - 76.999).abs() < 0.01
            && (r.1 - 120.6).abs() < 1e-9
            && (r.2 - 156.6).abs() < 1e-9));
        assert!(
            xs.iter()
                .any(|r| (r.0 - 110.6).abs() < 0.01 && (r.1 - 138.6).abs() < 1e-9)
        );
        assert_eq!(
            text(&p).split_whitespace().collect::<Vec<_>>(),
            ["Peso", "25", "a", "1", "-", "2", "b"]
        );
    }

    /// A text's hyphens and a lone bar can draw no rule: such a page is answered by
    /// the pre-test and left as it is; a box's marks pass it.
    #[test]
    fn hyphens_in_text_draw_nothing() {
        let tol = RulingTolerances::default();
        let marks = |p: &Page| -> Vec<(usize, Stroke)> {
            (p.glyphs.iter().enumerate())
                .filter_map(|(k, g)| stroke(p.glyph_text(g)).map(|s| (k, s)))
                .collect()
        };
        let mut p = page(&["Periodo 2024-2026", "a | b", "x - y"]);
        assert!(!may_rule(&p.glyphs, &marks(&p), &tol));
        let before = p.glyphs.len();
        draw_as_rules(&mut p, &tol);
        assert!(p.rulings.is_empty() && p.glyphs.len() == before);
        let boxed = page(&["+----+", "| ab |", "+----+"]);
        assert!(may_rule(&boxed.glyphs, &marks(&boxed), &tol));
    }

    /// Unicode box drawing reads the same; `---` for no value and a lone bar are text.
    #[test]
    fn unicode_boxes_are_rules_and_short_dashes_are_text() {
        let mut p = page(&[
            "┌────────┬────┐",
            "│ Target │ -- │",
            "└────────┴────┘",
            "a | b ---",
        ]);
        draw_as_rules(&mut p, &RulingTolerances::default());
        assert_eq!(p.rulings.iter().filter(|r| r.horizontal).count(), 2);
        assert_eq!(p.rulings.iter().filter(|r| !r.horizontal).count(), 3);
        assert_eq!(
            text(&p).split_whitespace().collect::<Vec<_>>(),
            ["Target", "--", "a", "|", "b", "---"]
        );
    }
}
