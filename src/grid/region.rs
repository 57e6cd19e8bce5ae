//! Where a page's text forms a table, from its alignment alone (no vocabulary).
//!
//! Like camelot's stream flavour and pdfplumber's text strategy, but with the table's
//! extent found first: words on one baseline form a text row; rows that follow each
//! other closely form a run; inside a run, the x-ranges that (almost) no row's words
//! cover are the gutters between columns, and a run is a table when at least two
//! columns hold short texts (two columns of running text are a page layout, a
//! column of bullets beside running text is a list), fewer where the page's
//! typography marks a table (a bold header over a plain body, bold labels beside
//! plain values, rules or stripes between the rows). A column of one-piece lines is a
//! table only when both mark it: a bold header ruled off from a body ruled into rows.

use crate::config::GridTolerances;
use crate::geom::BBox;
use crate::layout::Word;
use crate::normalize::{fold, fold_eq};
use crate::pdf::Page;

/// Words on one baseline, left to right.
#[derive(Debug, Clone)]
pub(crate) struct TextRow<'w> {
    /// Its words, left to right.
    pub words: Vec<&'w Word>,
    /// Box of its words.
    pub bbox: BBox,
    /// Pieces of text separated by gaps wider than `segment_gap_em`.
    pub segments: usize,
    /// Width of a word space (points) when the row is set in a fixed pitch (one
    /// character cell, [`super::pitch::row_space`]), else 0.
    pub space: f64,
}

impl TextRow<'_> {
    /// The row's words joined with a space.
    fn joined(&self) -> String {
        let t: Vec<&str> = self.words.iter().map(|w| w.text.as_str()).collect();
        t.join(" ")
    }
    /// Its text folded ([`fold`]), for comparison.
    fn text(&self) -> String {
        fold(&self.joined())
    }
    /// Whether its folded text is `folded`, read only as far as they agree
    /// ([`fold_eq`]: every row of a run is compared with its header).
    fn reads(&self, folded: &str) -> bool {
        fold_eq(&self.joined(), folded)
    }
    fn size(&self) -> f64 {
        self.words
            .iter()
            .map(|w| f64::from(w.size))
            .fold(1.0, f64::max)
    }
}

/// A table found in the text: its rows (top to bottom) and the gutters between its
/// columns (left to right).
#[derive(Debug, Clone)]
pub(crate) struct Region<'w> {
    /// Text rows of the table, top to bottom.
    pub rows: Vec<TextRow<'w>>,
    /// White x-intervals between columns.
    pub gutters: Vec<(f64, f64)>,
    /// Its first row opens its run (no heading trimmed above it).
    opens_run: bool,
    /// Its last row closes its run (no note trimmed below it).
    closes_run: bool,
    /// Fewer rows than `min_table_rows`, marked only by bold labels: kept only where
    /// a page break cut its table (first or last on the page).
    cut_only: bool,
    /// Two columns whose labels another table of the page prints too ([`repeats`]):
    /// a card's label | value rows, card after card.
    pub labels_repeat: bool,
}

impl<'w> Region<'w> {
    /// A region given by other means (a ruled grid's area and its column rules).
    pub(crate) fn new(rows: Vec<TextRow<'w>>, gutters: Vec<(f64, f64)>) -> Self {
        Region {
            rows,
            gutters,
            opens_run: true,
            closes_run: true,
            labels_repeat: false,
            cut_only: false,
        }
    }

    /// Whether it is a list of labels and values: labels in bold beside plain values
    /// ([`key_value`]), or a label column the page repeats table after table.
    pub(crate) fn key_value(&self) -> bool {
        self.labels_repeat || key_value(&self.rows, &self.gutters)
    }
}

/// What a part of a run prints that another part of the same page prints too: the
/// page's template, printed once per card or section.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
struct Repeats {
    /// Its rows of several pieces, at least `min_table_rows`, each open with a first
    /// piece (a label, with a letter) that opens a row of another part (a card's
    /// template; a chart's labels that a table beside it prints too leave some of
    /// their lines' first pieces unrepeated: ICDAR eu-015).
    labels: bool,
    /// Its first row of several pieces, at least `repeated_header_min_cols` and each a
    /// name ([`names_only`]), is the first row of another part, and a row of several pieces follows it (a header the
    /// page repeats over each card's table).
    header: bool,
}

/// The text of a row's first piece, folded: the words before the first gap wider
/// than `segment_gap_em`.
fn first_piece(r: &TextRow, tol: &GridTolerances) -> String {
    let mut end = r.words.len();
    for (k, p) in r.words.windows(2).enumerate() {
        let em = f64::from(p[0].size.max(p[1].size).max(1.0));
        if p[1].bbox.x0 - p[0].bbox.x1 > tol.segment_gap_em * em {
            end = k + 1;
            break;
        }
    }
    let t: Vec<&str> = r.words[..end].iter().map(|w| w.text.as_str()).collect();
    fold(&t.join(" "))
}

/// Whether every piece of a row holds a letter: a header names its columns (a chart's
/// labels repeated over its slices, `Total EU-12 5% | 68%` in ICDAR eu-015, are none).
fn names_only(r: &TextRow, tol: &GridTolerances) -> bool {
    let mut letter = false;
    for (k, w) in r.words.iter().enumerate() {
        if k > 0 {
            let em = f64::from(w.size.max(r.words[k - 1].size).max(1.0));
            if w.bbox.x0 - r.words[k - 1].bbox.x1 > tol.segment_gap_em * em {
                if !letter {
                    return false;
                }
                letter = false;
            }
        }
        letter |= w.text.chars().any(char::is_alphabetic);
    }
    letter
}

/// For each part of each run of a page (in order), what it repeats of another part
/// ([`Repeats`]). Unruled cards in plain type have nothing else that tells their
/// label | value rows from two columns of text (h15-savigliano by Writer PDF/A: four
/// labels, a value column of sentences, no bold), nor a header over one row from two
/// lines that happen to align: the same labels, the same header, card after card do.
fn repeats(runs: &[Vec<Vec<TextRow>>], tol: &GridTolerances) -> Vec<Repeats> {
    let split =
        |p: &Vec<TextRow>| -> Vec<usize> { (0..p.len()).filter(|&i| p[i].segments >= 2).collect() };
    let parts: Vec<&Vec<TextRow>> = runs.iter().flatten().collect();
    let labels: Vec<Vec<String>> = parts
        .iter()
        .map(|p| {
            split(p)
                .into_iter()
                .map(|i| first_piece(&p[i], tol))
                .collect()
        })
        .collect();
    let heads: Vec<Option<String>> = parts
        .iter()
        .map(|p| {
            split(p)
                .first()
                .filter(|&&i| {
                    p[i].segments >= tol.repeated_header_min_cols && names_only(&p[i], tol)
                })
                .map(|&i| p[i].text())
        })
        .collect();
    (0..parts.len())
        .map(|k| {
            let others = || (0..parts.len()).filter(move |&o| o != k);
            // labels are words: a column of bullets or numbers repeated is a list's
            // (ICDAR eu-011, us-031a: bulleted paragraphs on the page)
            let shared = labels[k]
                .iter()
                .filter(|l| l.chars().any(char::is_alphabetic))
                .filter(|l| others().any(|o| labels[o].contains(l)))
                .count();
            let n = labels[k].len();
            let header = heads[k]
                .as_ref()
                .is_some_and(|h| n >= 2 && others().any(|o| heads[o].as_ref() == Some(h)));
            Repeats {
                labels: shared >= tol.min_table_rows && shared == n,
                header,
            }
        })
        .collect()
}

/// A horizontal line the page draws: a rule, or the top or bottom edge of a filled
/// area (a zebra stripe, a shaded header row).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Mark {
    /// Its y.
    pub y: f64,
    /// Left end.
    pub x0: f64,
    /// Right end.
    pub x1: f64,
}

impl Mark {
    /// How much of `lo..hi` it runs under.
    fn covers(&self, lo: f64, hi: f64) -> f64 {
        (self.x1.min(hi) - self.x0.max(lo)).max(0.0)
    }
}

/// A page's marks: its horizontal rules, and the edges of its fills, the fills of one
/// row (cells shaded side by side, touching within `snap`) joined into one.
pub(crate) fn marks(page: &Page, tol: &GridTolerances) -> Vec<Mark> {
    let mut out: Vec<Mark> = page
        .rulings
        .iter()
        .filter(|r| r.horizontal)
        .map(|r| Mark {
            y: r.pos,
            x0: r.start,
            x1: r.end,
        })
        .collect();
    let mut fills: Vec<BBox> = page.fills.clone();
    fills.sort_by(|a, b| {
        a.top
            .total_cmp(&b.top)
            .then(a.bottom.total_cmp(&b.bottom))
            .then(a.x0.total_cmp(&b.x0))
    });
    let mut rows: Vec<BBox> = Vec::new();
    for f in fills {
        match rows.last_mut() {
            Some(r)
                if (r.top - f.top).abs() < tol.slack
                    && (r.bottom - f.bottom).abs() < tol.slack
                    && f.x0 <= r.x1 + tol.snap =>
            {
                r.x1 = r.x1.max(f.x1)
            }
            _ => rows.push(f),
        }
    }
    for r in rows {
        for y in [r.top, r.bottom] {
            out.push(Mark {
                y,
                x0: r.x0,
                x1: r.x1,
            });
        }
    }
    out.sort_by(|a, b| a.y.total_cmp(&b.y));
    out
}

/// Words grouped into text rows: a word joins the row whose baseline is within
/// [`GridTolerances::fragment_row_em`] of its own; then a row joins the one above
/// when their baselines are within [`GridTolerances::offset_row_em`], their fonts
/// are one size and no word of one stands over a word of the other (cells side by
/// side whose first lines the producer set a little apart; not two lines of one
/// column, nor a footnote's mark).
pub(crate) fn text_rows<'w>(words: &[&'w Word], tol: &GridTolerances) -> Vec<TextRow<'w>> {
    let mut ws: Vec<&Word> = words.to_vec();
    ws.sort_by(|a, b| {
        a.bbox
            .bottom
            .total_cmp(&b.bbox.bottom)
            .then(a.bbox.x0.total_cmp(&b.bbox.x0))
    });
    let mut rows: Vec<Vec<&Word>> = Vec::new();
    for w in ws {
        let near = tol.fragment_row_em * f64::from(w.size.max(1.0));
        match rows.last_mut() {
            Some(r) if (r[0].bbox.bottom - w.bbox.bottom).abs() <= near => r.push(w),
            _ => rows.push(vec![w]),
        }
    }
    let mut joined: Vec<Vec<&Word>> = Vec::new();
    for r in rows {
        let beside = joined.last().is_some_and(|p: &Vec<&Word>| {
            let near = tol.offset_row_em * f64::from(r[0].size.max(1.0));
            (r[0].bbox.bottom - p[0].bbox.bottom).abs() <= near
                && r[0].size == p[0].size
                && !r.iter().any(|w| {
                    p.iter()
                        .any(|v| w.bbox.x1 > v.bbox.x0 && w.bbox.x0 < v.bbox.x1)
                })
        });
        match joined.last_mut() {
            Some(p) if beside => p.extend(r),
            _ => joined.push(r),
        }
    }
    let pitch = super::pitch::page_pitch(words, tol);
    joined
        .into_iter()
        .filter_map(|mut r| {
            r.sort_by(|a, b| a.bbox.x0.total_cmp(&b.bbox.x0));
            let bbox = BBox::union_all(r.iter().map(|w| &w.bbox))?;
            let space = super::pitch::row_space(&r, pitch, tol);
            if justified(&r, tol) {
                return Some(TextRow {
                    words: r,
                    bbox,
                    segments: 1,
                    space,
                });
            }
            let segments = 1 + r
                .windows(2)
                .filter(|p| {
                    let em = f64::from(p[0].size.max(p[1].size).max(1.0));
                    p[1].bbox.x0 - p[0].bbox.x1 > tol.segment_gap_em * em
                })
                .count();
            Some(TextRow {
                words: r,
                bbox,
                segments,
                space,
            })
        })
        .collect()
}

/// A line of justified running text: at least `justified_min_words` words, spaced
/// alike (the widest gap at most `justified_gap_ratio` times the narrowest) and at
/// most `justified_max_gap_em` apart. Its stretched spaces can be wider than a
/// column gap, but it is one piece of text (Writer's justified paragraphs in 003 and
/// 004). A table row's gaps differ: word spaces inside cells, wider ones between.
fn justified(words: &[&Word], tol: &GridTolerances) -> bool {
    if words.len() < tol.justified_min_words {
        return false;
    }
    let gaps: Vec<f64> = words
        .windows(2)
        .map(|p| p[1].bbox.x0 - p[0].bbox.x1)
        .collect();
    let lo = gaps.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = gaps.iter().copied().fold(0.0, f64::max);
    let em = words.iter().map(|w| f64::from(w.size)).fold(1.0, f64::max);
    lo > 0.0 && hi <= tol.justified_gap_ratio * lo && hi <= tol.justified_max_gap_em * em
}

/// The tables among a page's text rows (top to bottom), given the page's marks.
pub(crate) fn find<'w>(
    rows: Vec<TextRow<'w>>,
    marks: &[Mark],
    tol: &GridTolerances,
) -> Vec<Region<'w>> {
    let mut out: Vec<Region> = Vec::new();
    let runs: Vec<Vec<Vec<TextRow>>> = runs(rows, tol)
        .into_iter()
        .map(|run| {
            split_at_new_headers(run, tol)
                .into_iter()
                .flat_map(|p| split_at_headings(p, tol))
                .flat_map(|p| split_at_repeated_header(p, tol))
                .flat_map(|p| split_at_size_change(p, tol))
                .flat_map(|p| split_at_column_change(p, tol))
                .flat_map(|p| split_at_shifted_columns(p, tol))
                .collect()
        })
        .collect();
    let repeats = repeats(&runs, tol);
    let last_run = runs.len().saturating_sub(1);
    let mut k = 0;
    for (ri, parts) in runs.into_iter().enumerate() {
        let n = parts.len();
        for (i, part) in parts.into_iter().enumerate() {
            let rep = repeats.get(k).copied().unwrap_or_default();
            k += 1;
            let Some(mut r) = region_of(part, rep, marks, tol) else {
                continue;
            };
            // a table cut at a repeated header neither closes nor opens a run
            r.opens_run &= i == 0;
            r.closes_run &= i + 1 == n;
            let first = ri == 0 && r.opens_run;
            let last = ri == last_run && r.closes_run;
            if r.cut_only && !first && !last {
                continue;
            }
            match out.last_mut() {
                Some(prev) if continues(prev, &r, tol) => {
                    prev.rows.append(&mut r.rows);
                    prev.closes_run = r.closes_run;
                }
                _ => out.push(r),
            }
        }
    }
    out
}

/// Whether `next` is the rest of `prev` set further apart than a run allows: nothing
/// lies between them, both are set in one font size, and most of its gutters lie in
/// `prev`'s (a column empty above may hold text below) (LibreOffice
/// sets a tall cell's neighbours at the cell's bottom, leaving blank space of many
/// lines inside a table; 001-calc-unruled). A table's rows keep its font: a body set
/// `heading_size_ratio` larger or smaller below the gap is another table whose
/// columns happen to fall in the same gutters (h15-savigliano by Impress: a card's
/// 7 pt Cronoprogramma 4.3 lines over its 9 pt indicator table).
fn continues(prev: &Region, next: &Region, tol: &GridTolerances) -> bool {
    let shared = next
        .gutters
        .iter()
        .filter(|g| prev.gutters.iter().any(|p| p.0 < g.1 && g.0 < p.1))
        .count();
    let ratio = usual_size(&prev.rows) / usual_size(&next.rows);
    let same_size = ratio <= tol.heading_size_ratio && ratio * tol.heading_size_ratio >= 1.0;
    prev.closes_run && next.opens_run && same_size && shared * 2 > next.gutters.len().max(1)
}

/// The median font size of some rows (each row's largest), 1 pt when there are none.
fn usual_size(rows: &[TextRow]) -> f64 {
    let mut sizes: Vec<f64> = rows.iter().map(TextRow::size).collect();
    sizes.sort_by(f64::total_cmp);
    sizes.get(sizes.len() / 2).copied().unwrap_or(1.0)
}

/// Rows that follow each other closely: a gap wider than `run_gap_lines` line heights
/// ends a run (tables keep blank lines between groups of rows; a table and the text
/// after it are set further apart).
fn runs<'w>(rows: Vec<TextRow<'w>>, tol: &GridTolerances) -> Vec<Vec<TextRow<'w>>> {
    let mut out: Vec<Vec<TextRow>> = Vec::new();
    for r in rows {
        match out.last_mut() {
            Some(run)
                if run.last().is_some_and(|p| {
                    r.bbox.top - p.bbox.bottom <= tol.run_gap_lines * p.bbox.height()
                }) =>
            {
                run.push(r)
            }
            _ => out.push(vec![r]),
        }
    }
    out
}

/// A line of one piece in a larger or smaller font than the run's usual one is a
/// heading between two tables (000-calc-unruled: `SILOS: CURO` at 9 pt between
/// tables set at 7.5 pt); the run is cut before it. A line in the same font as the
/// rows on both sides of it is their table's wrapped text, whatever the run's usual
/// font (a complete PIAO sets each table in its own size). A line of one piece in
/// bold is a heading already when it is `bold_heading_ratio` times larger than the row
/// under it.
fn split_at_headings<'w>(run: Vec<TextRow<'w>>, tol: &GridTolerances) -> Vec<Vec<TextRow<'w>>> {
    // each row's size read once (the tests below ask each row's up to five times)
    let size: Vec<f64> = run.iter().map(|r| r.size()).collect();
    let mut sizes = size.clone();
    sizes.sort_by(f64::total_cmp);
    let usual = sizes.get(sizes.len() / 2).copied().unwrap_or(1.0);
    let differ = |a: f64, b: f64| {
        let ratio = a / b;
        ratio > tol.heading_size_ratio || ratio * tol.heading_size_ratio < 1.0
    };
    let heading = |i: usize| {
        let r: &TextRow = &run[i];
        let inside = i > 0
            && i + 1 < run.len()
            && !differ(size[i], size[i - 1])
            && !differ(size[i], size[i + 1]);
        // a bold title a little larger than the table under it (Chromium's 11 pt card
        // titles over 10 pt key/value tables)
        let title = all_bold(r)
            && size
                .get(i + 1)
                .is_some_and(|n| size[i] >= tol.bold_heading_ratio * n);
        r.segments < 2 && (differ(size[i], usual) && !inside || title)
    };
    let marks: Vec<bool> = (0..run.len()).map(heading).collect();
    let mut out: Vec<Vec<TextRow>> = Vec::new();
    let mut prev_heading = true;
    for (r, h) in run.into_iter().zip(marks) {
        if h && !prev_heading || out.is_empty() {
            out.push(Vec::new());
        }
        prev_heading = h;
        if let Some(last) = out.last_mut() {
            last.push(r);
        }
    }
    out
}

/// Whether every word of a row is bold.
fn all_bold(r: &TextRow) -> bool {
    r.words.iter().all(|w| w.bold == Some(true))
}

/// A row's pieces, left and right edges (gaps narrower than `segment_gap_em` closed).
fn pieces_of(r: &TextRow, tol: &GridTolerances) -> Vec<(f64, f64)> {
    spans(r, tol.segment_gap_em * r.size())
}

/// Left edges of a row's pieces (gaps narrower than `min_gutter` closed).
fn starts(r: &TextRow, tol: &GridTolerances) -> Vec<f64> {
    spans(r, tol.segment_gap_em * r.size())
        .into_iter()
        .map(|s| s.0)
        .collect()
}

/// Stacked tables set in one font follow each other as one run (a complete PIAO
/// prints the anticorruption map and the transparency grid a blank line apart): the
/// run is cut before a new header, a row of several pieces all in bold, after rows
/// that are not, whose pieces do not start where the columns above start (a bold
/// total row lines up with its table), with at least `min_split_rows` rows not in
/// bold under it.
fn split_at_new_headers<'w>(run: Vec<TextRow<'w>>, tol: &GridTolerances) -> Vec<Vec<TextRow<'w>>> {
    let mut cuts = Vec::new();
    let mut from = 0;
    for i in 1..run.len() {
        let r = &run[i];
        if r.segments < 2 || !all_bold(r) || all_bold(&run[i - 1]) {
            continue;
        }
        let plain_below = run[i + 1..].iter().take_while(|n| !all_bold(n)).count();
        if plain_below < tol.min_split_rows {
            continue;
        }
        let above: Vec<f64> = run[from..i]
            .iter()
            .filter(|a| a.segments >= 2)
            .flat_map(|a| starts(a, tol))
            .collect();
        let lined_up = starts(r, tol)
            .iter()
            .all(|x| above.iter().any(|a| (a - x).abs() <= tol.min_gutter));
        if !above.is_empty() && !lined_up {
            cuts.push(i);
            from = i;
        }
    }
    split_at_cuts(run, &cuts)
}

/// Stacked tables each set in its own font size follow each other as one run when
/// the producer sets them less than `run_gap_lines` apart (h15-savigliano by Writer
/// PDF/A: a card's 7 pt `Cronoprogramma` of months, then its 9 pt indicator table
/// 2.6 lines below, neither with a bold header): the run is cut before a row of
/// several pieces whose font differs from the row above's by more than
/// `heading_size_ratio` and that stands apart from it (more than
/// `trailing_gap_lines`), when at least `min_split_rows` rows of several pieces in
/// the one size lie above and as many in the other size below, the pieces of each
/// short texts ([`short_pieces`]). A header in a larger
/// font than its body changes size once, over one row or two of it, at the table's
/// leading; a table's wrapped lines keep its size.
fn split_at_size_change<'w>(run: Vec<TextRow<'w>>, tol: &GridTolerances) -> Vec<Vec<TextRow<'w>>> {
    let differ = |a: f64, b: f64| {
        let ratio = a / b;
        ratio > tol.heading_size_ratio || ratio * tol.heading_size_ratio < 1.0
    };
    // rows of several pieces in `size` while the size holds, and whether their
    // pieces are a table's short texts
    let held = |rows: &mut dyn Iterator<Item = &TextRow>, size: f64| {
        let same: Vec<&TextRow> = rows
            .take_while(|r| !differ(r.size(), size))
            .filter(|r| r.segments >= 2)
            .collect();
        same.len() >= tol.min_split_rows && short_pieces(&same, tol)
    };
    let mut cuts = Vec::new();
    let mut from = 0;
    for i in 1..run.len() {
        let (prev, r) = (&run[i - 1], &run[i]);
        if r.segments < 2 || !differ(r.size(), prev.size()) || !set_apart(prev, r, tol) {
            continue;
        }
        if held(&mut run[from..i].iter().rev(), prev.size()) && held(&mut run[i..].iter(), r.size())
        {
            cuts.push(i);
            from = i;
        }
    }
    split_at_cuts(run, &cuts)
}

/// A card's label | value rows and the indicator table set under it follow each other
/// as one run when nothing marks either (no bold, no rules: h17-grosio by libharu and
/// rinohtype, the table a blank line below the card's last row): the run is cut before
/// a row set apart from the row above (`trailing_gap_lines`) that opens a header whose
/// pieces do not all start where the columns above start, when at least
/// `min_split_rows` rows of several pieces lie above it, each starting its pieces where
/// the others do (a card's constant label and value x: a table's rows that leave cells
/// empty, wrap or set numbers flush right start them in many places), and as many from it on start
/// where the header's pieces start (a new table's columns; a row of the same table
/// that leaves a cell empty starts where the columns above do). The header is the
/// rows from the cut down to the first of several pieces, each close under the one
/// above: rinohtype centres a header's one-line names between the lines of a wrapped
/// one (`Valore atteso` / `2024` around `Indicatori di risultato | Unità di misura`).
fn split_at_column_change<'w>(
    run: Vec<TextRow<'w>>,
    tol: &GridTolerances,
) -> Vec<Vec<TextRow<'w>>> {
    let near = |x: f64, xs: &[f64]| xs.iter().any(|a| (a - x).abs() <= tol.min_gutter);
    let mut cuts = Vec::new();
    let mut from = 0;
    for i in 1..run.len() {
        if !set_apart(&run[i - 1], &run[i], tol) {
            continue;
        }
        let Some(j) = (i..run.len())
            .take_while(|&j| j == i || !set_apart(&run[j - 1], &run[j], tol))
            .find(|&j| run[j].segments >= 2)
        else {
            continue;
        };
        let above: Vec<&TextRow> = run[from..i].iter().filter(|a| a.segments >= 2).collect();
        if above.len() < tol.min_split_rows {
            continue;
        }
        // the rows above are one grid: every one starts its pieces where the first does
        let first = starts(above[0], tol);
        let uniform = above.iter().all(|a| {
            let s = starts(a, tol);
            s.len() == first.len() && s.iter().all(|x| near(*x, &first))
        });
        // a piece lines up with a column when it starts or ends where one of the
        // column's pieces does (numbers set flush right: ICDAR us-028's axis labels)
        let lined = |p: &(f64, f64), cols: &[(f64, f64)]| {
            cols.iter()
                .any(|c| (p.0 - c.0).abs() <= tol.min_gutter || (p.1 - c.1).abs() <= tol.min_gutter)
        };
        let cols: Vec<(f64, f64)> = above.iter().flat_map(|a| pieces_of(a, tol)).collect();
        let own: Vec<(f64, f64)> = run[i..=j].iter().flat_map(|h| pieces_of(h, tol)).collect();
        if !uniform || own.iter().all(|p| lined(p, &cols)) {
            continue;
        }
        let below = run[j..]
            .iter()
            .filter(|n| n.segments >= 2)
            .take_while(|n| pieces_of(n, tol).iter().all(|p| lined(p, &own)))
            .count();
        if below >= tol.min_split_rows {
            cuts.push(i);
            from = i;
        }
    }
    split_at_cuts(run, &cuts)
}

/// Tables that a producer sizes each to its own content follow each other as one run
/// when set less than `run_gap_lines` apart, and nothing bold or larger marks their
/// titles (h12-tremosine by iText and PDFBox: each objective's card of label / value
/// pairs over its results, a plain one-line title, 1.35 lines under the card above;
/// values at 167.00 pt in one card, 166.48 and 179.66 in the next, `Peso` at 363.86,
/// 373.17 and 363.57). Across such a run only the columns every card shares survive,
/// so the cards read as one table or none. The run is cut before a line of one piece
/// set apart from the row above ([`set_apart`]) when at least `min_split_rows` rows of
/// several pieces lie above it (since the last cut) and below it, it starts at the
/// left edge of the rows below (within `min_gutter`: a title over its card), and the
/// first `min_split_rows` rows below start a left-aligned column ([`aligned_starts`]) where
/// no piece above starts, within `min_gutter`: the columns shift under it. A group
/// title inside one table keeps its columns under it.
fn split_at_shifted_columns<'w>(
    run: Vec<TextRow<'w>>,
    tol: &GridTolerances,
) -> Vec<Vec<TextRow<'w>>> {
    let mut cuts = Vec::new();
    let mut from = 0;
    for i in 1..run.len() {
        if run[i].segments >= 2 || !set_apart(&run[i - 1], &run[i], tol) {
            continue;
        }
        let above: Vec<&TextRow> = run[from..i].iter().filter(|r| r.segments >= 2).collect();
        let below: Vec<&TextRow> = run[i + 1..]
            .iter()
            .filter(|r| r.segments >= 2)
            .take(tol.min_split_rows)
            .collect();
        // a title stands over its card, from its left edge (a cell's wrapped text
        // under a repeated header starts inside the table)
        let left = below
            .iter()
            .map(|r| r.bbox.x0)
            .fold(f64::INFINITY, f64::min);
        if above.len() < tol.min_split_rows
            || below.len() < tol.min_split_rows
            || run[i].bbox.x0 > left + tol.min_gutter
        {
            continue;
        }
        let old: Vec<f64> = above.iter().flat_map(|r| starts(r, tol)).collect();
        let shifted = aligned_starts(&below, tol)
            .into_iter()
            .any(|x| old.iter().all(|a| (a - x).abs() > tol.min_gutter));
        if shifted {
            cuts.push(i);
            from = i;
        }
    }
    split_at_cuts(run, &cuts)
}

/// Left edges where pieces of two of the rows, other than their first, start together
/// (within `slack`) and end apart (by more than `min_gutter`): a column set flush
/// left. Right-aligned figures of one width start together by chance and end together
/// too; centred texts start apart. A row's first piece is its label, indented by
/// group in a table's stub (ICDAR us-002: `Type of degree-granting institution` over
/// labels at 79.36 and 84.40 pt, `Undergraduate major` over labels at 81.88, the
/// figures' columns the same under both).
fn aligned_starts(rows: &[&TextRow], tol: &GridTolerances) -> Vec<f64> {
    let pieces: Vec<Vec<(f64, f64)>> = rows
        .iter()
        .map(|r| {
            spans(r, tol.segment_gap_em * r.size())
                .into_iter()
                .skip(1)
                .collect()
        })
        .collect();
    let mut out = Vec::new();
    for (k, ps) in pieces.iter().enumerate() {
        for p in ps {
            let paired = pieces[k + 1..]
                .iter()
                .flatten()
                .any(|q| (q.0 - p.0).abs() <= tol.slack && (q.1 - p.1).abs() > tol.min_gutter);
            if paired {
                out.push(p.0);
            }
        }
    }
    out
}

/// `run` cut before each row index of `cuts` (ascending), the pieces in order.
fn split_at_cuts<'w>(run: Vec<TextRow<'w>>, cuts: &[usize]) -> Vec<Vec<TextRow<'w>>> {
    let mut out = Vec::new();
    let mut rest = run;
    for &c in cuts.iter().rev() {
        out.push(rest.split_off(c));
    }
    out.push(rest);
    out.reverse();
    out
}

/// Whether the pieces of these rows hold a median of fewer than `prose_min_words`
/// words: a table's cells, not two columns of running text side by side (ICDAR
/// us-023 p. 3: two figures' 9 pt captions over their 7 pt axis labels).
fn short_pieces(rows: &[&TextRow], tol: &GridTolerances) -> bool {
    let mut counts: Vec<usize> = Vec::new();
    for r in rows {
        let gap = tol.segment_gap_em * r.size();
        let mut n = 0;
        for (k, w) in r.words.iter().enumerate() {
            if k > 0 && w.bbox.x0 - r.words[k - 1].bbox.x1 > gap {
                counts.push(n);
                n = 0;
            }
            n += w.text.split_whitespace().count().max(1);
        }
        counts.push(n);
    }
    counts.sort_unstable();
    counts
        .get(counts.len() / 2)
        .is_some_and(|&m| (m as f64) < tol.prose_min_words)
}

/// A run that prints the same row twice holds two tables (seed 000: each silo's table
/// repeats the header under its own heading): it is cut before the repeat.
fn split_at_repeated_header<'w>(
    run: Vec<TextRow<'w>>,
    tol: &GridTolerances,
) -> Vec<Vec<TextRow<'w>>> {
    let Some(first) = run.iter().position(|r| r.segments >= 2) else {
        return vec![run];
    };
    let head = run[first].text();
    let cuts: Vec<usize> = (first + 1..run.len())
        .filter(|&i| run[i].segments >= 2 && run[i].reads(&head))
        .collect();
    let mut out = Vec::new();
    let mut rest = run;
    for &c in cuts.iter().rev() {
        // the headings printed just above the repeat go with it; lines that follow the
        // row above at the table's leading are that row's wrapped text
        let mut start = c;
        while start > first + 1 && rest[start - 1].segments < 2 {
            start -= 1;
        }
        while start < c && !set_apart(&rest[start - 1], &rest[start], tol) {
            start += 1;
        }
        out.push(rest.split_off(start));
    }
    out.push(rest);
    out.reverse();
    out
}

/// Whether `next` stands further below `prev` than `trailing_gap_lines` of its height.
fn set_apart(prev: &TextRow, next: &TextRow, tol: &GridTolerances) -> bool {
    next.bbox.top - prev.bbox.bottom > tol.trailing_gap_lines * line_height(prev)
}

/// The table in a run, if it is one: leading rows of one piece (titles, headings) are
/// trimmed, gutters are found, and the columns must hold short texts.
fn region_of<'w>(
    mut rows: Vec<TextRow<'w>>,
    rep: Repeats,
    marks: &[Mark],
    tol: &GridTolerances,
) -> Option<Region<'w>> {
    let Some(first) = rows.iter().position(|r| r.segments >= 2) else {
        return one_column(rows, marks, tol);
    };
    let total = rows.len();
    let mut above: Vec<TextRow> = rows.drain(..first).collect();
    let last = rows.iter().rposition(|r| r.segments >= 2)?;
    // after the last row of several pieces, keep lines that follow at the run's pitch
    // (a cell's wrapped lines), not notes set apart
    let mut end = last + 1;
    while end < rows.len() {
        if set_apart(&rows[end - 1], &rows[end], tol) {
            break;
        }
        end += 1;
    }
    if let Some(cut) = notes_below(&rows[..end], tol) {
        end = cut;
    }
    rows.truncate(end);
    // a table of one row fewer than `min_table_rows` must be marked twice (below)
    let least = tol.min_table_rows.saturating_sub(1).max(2);
    if rows.len() < least {
        return None;
    }
    let mut gutters = column_gutters(&rows, tol);
    // a title that runs over most of the columns is not a table row (spanning header
    // names run over some)
    let lead = rows
        .iter()
        .take_while(|r| r.segments < 2 || 2 * crossed(r, &gutters, tol) > gutters.len())
        .count();
    if lead > 0 {
        above.extend(rows.drain(..lead));
        gutters = column_gutters(&rows, tol);
    }
    if gutters.is_empty() || rows.len() < least {
        return None;
    }
    for g in nested_gutters(&rows, &gutters, tol) {
        // a narrower white the values leave inside it is the same column edge
        gutters.retain(|o| !(o.0 < g.1 && g.0 < o.1));
        insert_gutter(&mut gutters, g);
    }
    // a name of one piece right above the header, over the columns right of the
    // first (`Target` over `2025 | 2026 | 2027`), is a spanning header row; over the
    // last of three columns or more alone it is that column's name's first line,
    // wider than the column's values (rinohtype's `Valore atteso` over `2024`,
    // h17-grosio; beside one column it is a paragraph's line: ICDAR us-006)
    let (_, hi) = extent(&rows);
    let mut kept = 0;
    while let Some(r) = above.pop() {
        let close = rows.first().is_some_and(|n| !set_apart(&r, n, tol));
        let last = gutters.len() >= 2 && gutters.last().is_some_and(|g| r.bbox.x0 >= g.1);
        let over = gutters.first().is_some_and(|g| r.bbox.x0 >= g.1) && (r.bbox.x1 <= hi || last);
        if !(close && over && r.segments < 2) {
            break;
        }
        rows.insert(0, r);
        kept += 1;
    }
    let mut region = Region {
        opens_run: first + lead == kept,
        closes_run: first + end == total,
        rows,
        // a label column repeated card after card is one only beside one value column
        labels_repeat: rep.labels && gutters.len() == 1,
        gutters,
        cut_only: false,
    };
    let short = region.rows.len() < tol.min_table_rows;
    region.cut_only = short && !ruled_short(&region, marks, tol) && region.key_value();
    (is_table(&region, marks, tol)
        && (!short || ruled_short(&region, marks, tol) || region.cut_only || rep.header))
        .then_some(region)
}

/// Where a note set under the table starts, if one does: a line of one piece set
/// apart from the row above it (a paragraph's first line, `Source: …`), after at
/// least two rows of several pieces, when every row of several pieces from it on runs
/// over more than half of the gutters of the rows above it (a paragraph's lines, not
/// the table's). Without the cut those lines' pieces hide the table's gutters: in
/// fixed-pitch text a note's word spaces are one character cell, no gutter, and a
/// double space after its punctuation leaves it two pieces spanning every column
/// (ICDAR us-035a page 2: `U.S., | U.S. Bureau of the Census, U.S. Department of
/// Commerce.` under `Table A.1`).
fn notes_below(rows: &[TextRow], tol: &GridTolerances) -> Option<usize> {
    let cut = (1..rows.len()).find(|&i| {
        rows[i].segments < 2
            && set_apart(&rows[i - 1], &rows[i], tol)
            && rows[..i].iter().filter(|r| r.segments >= 2).count() >= 2
    })?;
    let below: Vec<&TextRow> = rows[cut..].iter().filter(|r| r.segments >= 2).collect();
    if below.is_empty() {
        return None;
    }
    let gutters = column_gutters(&rows[..cut], tol);
    let spans_all = |r: &&TextRow| 2 * crossed(r, &gutters, tol) > gutters.len();
    (!gutters.is_empty() && below.iter().all(spans_all)).then_some(cut)
}

/// The gutters of a region's rows ([`gutters`]) less the gaps that every row of
/// several pieces with words on both sides bridges with a word space: those are no
/// column's edge (`05 – Viabilità`, `05 – Urbanistica`: the same words at the same
/// places).
fn column_gutters(rows: &[TextRow], tol: &GridTolerances) -> Vec<(f64, f64)> {
    let mut out = gutters(rows, tol);
    out.retain(|g| {
        rows.iter().any(|r| {
            let both = r.words.first().is_some_and(|w| w.bbox.x0 < g.0)
                && r.words.last().is_some_and(|w| w.bbox.x1 > g.1);
            r.segments >= 2 && both && !bridges(r, g, tol)
        })
    });
    out
}

/// The columns of a table nested under a card's fields: a card prints its fields as
/// labels and values (`Responsabile | Arch. …`, every value starting at the first
/// gutter), then its indicators in more columns (`Indicatore | Unità di misura |
/// Valore di partenza | Target 2025`). The values, long sentences, cover the nested
/// table's gutters, so the region's rows together keep only the first; the gutters of
/// the rows under the fields alone are the nested table's columns, which the values
/// span ([`spanning_pieces`]). The fields are at least two leading rows of one piece
/// or of a label and a value at the first gutter; the rows under them at least two,
/// the first with more pieces (h14-cortona by cairo, where a card of one indicator
/// gives too few rows for [`spanned_gutters`]). A gutter of `found` the nested one
/// holds is left out of the answer but for a wider white: a value ending inside the
/// nested table's gap leaves a narrower white there (card 4.1: `… Polizia locale e
/// amministrativa` ends 5.5 pt short of `Target 2025`), which the caller replaces.
fn nested_gutters(rows: &[TextRow], found: &[(f64, f64)], tol: &GridTolerances) -> Vec<(f64, f64)> {
    let Some(&(_, edge)) = found.first() else {
        return Vec::new();
    };
    let field = |r: &TextRow| {
        let p = pieces(r, tol);
        p.len() < 2 || (p.len() == 2 && (p[1].0 - edge).abs() <= tol.slack)
    };
    let kv = rows.iter().take_while(|r| field(r)).count();
    let rest = &rows[kv..];
    let opens = rest.first().is_some_and(|r| pieces(r, tol).len() > 2);
    if kv < 2 || rest.len() < 2 || !opens {
        return Vec::new();
    }
    gutters(rest, tol)
        .into_iter()
        .filter(|g| g.0 >= edge && !found.iter().any(|o| o.0 <= g.0 && g.1 <= o.1))
        .collect()
}

/// A table of fewer than `min_table_rows` rows: a bold header or bold labels, and a
/// mark (rule, stripe edge) across most of its width between every two of its rows
/// (a header over a single row of months; a key/value table's last rows at the top
/// of the next page). Bold labels alone do for a key/value table that a page break
/// cuts (the first or last table of its page; see [`find`]).
fn ruled_short(r: &Region, marks: &[Mark], tol: &GridTolerances) -> bool {
    let (lo, hi) = extent(&r.rows);
    let bold = r.rows.first().is_some_and(all_bold) || r.key_value();
    bold && r.rows.windows(2).all(|p| {
        marks.iter().any(|m| {
            m.y > p[0].bbox.bottom - tol.slack
                && m.y < p[1].bbox.top + tol.slack
                && m.covers(lo, hi) >= tol.separator_span * (hi - lo)
        })
    })
}

/// A column of one-piece lines that the page draws as a table (an objective list
/// printed as a one-column table): a header in bold with a mark under it (a rule, the
/// edge of its shading) running under the whole column, and under it a plain body of
/// at least `min_table_rows` − 1 rows with marks across the column between its rows.
/// Bold lines in a larger or smaller font above the header are headings, left out.
fn one_column<'w>(
    mut rows: Vec<TextRow<'w>>,
    marks: &[Mark],
    tol: &GridTolerances,
) -> Option<Region<'w>> {
    // a mark between two rows, under both of them
    let across = |a: &TextRow, b: &TextRow| {
        let (lo, hi) = (a.bbox.x0.min(b.bbox.x0), a.bbox.x1.max(b.bbox.x1));
        marks.iter().any(|m| {
            m.y > a.bbox.bottom - tol.slack
                && m.y < b.bbox.top + tol.slack
                && m.x0 <= lo + tol.snap
                && m.x1 >= hi - tol.snap
        })
    };
    let body = (1..rows.len()).find(|&i| {
        all_bold(&rows[i - 1]) && !all_bold(&rows[i]) && across(&rows[i - 1], &rows[i])
    })?;
    let size = rows[body].size();
    let same_size = |r: &TextRow| {
        let ratio = r.size() / size;
        ratio <= tol.heading_size_ratio && ratio * tol.heading_size_ratio >= 1.0
    };
    let head = rows[..body]
        .iter()
        .rev()
        .take_while(|r| all_bold(r) && same_size(r))
        .count()
        .min(tol.max_header_lines);
    let end = body
        + rows[body..]
            .iter()
            .take_while(|r| !all_bold(r) && r.words.iter().all(|w| w.bold.is_some()))
            .count();
    let inner = (body + 1..end)
        .filter(|&i| across(&rows[i - 1], &rows[i]))
        .count();
    let table = rows.len() >= tol.min_table_rows
        && rows.iter().all(|r| r.segments < 2)
        && head > 0
        && end - body + 1 >= tol.min_table_rows
        && inner > 0;
    if !table {
        return None;
    }
    rows.truncate(end);
    let rows = rows.split_off(body - head);
    Some(Region::new(rows, Vec::new()))
}

/// How many gutters one of the row's pieces of text runs across.
fn crossed(r: &TextRow, gutters: &[(f64, f64)], tol: &GridTolerances) -> usize {
    // the row's pieces found once, not once per gutter ([`bridges`]' test)
    let s = spans(r, tol.segment_gap_em * r.size());
    gutters
        .iter()
        .filter(|g| s.iter().any(|s| s.0 < g.0 && s.1 > g.1))
        .count()
}

/// Whether one of the row's pieces (words closer than `segment_gap_em`) runs across
/// the gutter.
fn bridges(r: &TextRow, g: &(f64, f64), tol: &GridTolerances) -> bool {
    spans(r, tol.segment_gap_em * r.size())
        .iter()
        .any(|s| s.0 < g.0 && s.1 > g.1)
}

/// Pieces of a row as the gutter search sees them: words closer than
/// [`GridTolerances::min_gutter`] or than a word space
/// ([`GridTolerances::space_em`] of the left word's size) are one piece. A producer
/// that sets its spaces wider than `min_gutter` (dompdf: 2.5 pt at 9 pt, Voghiera's
/// cards) would otherwise leave a gutter at every space of a value spanning several
/// columns, where no other row has text.
///
/// In fixed-pitch text a word space is one character cell ([`TextRow::space`]),
/// except between two numbers: a typed statistical table sets right-aligned figures
/// one cell apart where they are wide (ICDAR us-034: `960 1,040 1,120`), and no
/// cell's text is two numbers side by side.
pub(crate) fn pieces(r: &TextRow, tol: &GridTolerances) -> Vec<(f64, f64)> {
    let mut out: Vec<(f64, f64)> = Vec::new();
    let mut prev: Option<&Word> = None;
    for w in r.words.iter().copied() {
        let prev_size = prev.map_or(0.0, |p| f64::from(p.size));
        let base = tol.min_gutter.max(tol.space_em * prev_size);
        let space = r.space + tol.slack;
        // whether the words are two figures matters only where the row's space would
        // widen the gap (fixed-pitch rows): elsewhere the number test, a read of
        // both words' characters, is not asked (issue 22: most of this function's
        // cost in proportional text)
        let gap = if space <= base && 0.0 <= base {
            base
        } else {
            let figures = prev.is_some_and(|p| is_number(p) && is_number(w));
            base.max(if figures { 0.0 } else { space })
        };
        match out.last_mut() {
            Some(s) if w.bbox.x0 - s.1 < gap => s.1 = s.1.max(w.bbox.x1),
            _ => out.push((w.bbox.x0, w.bbox.x1)),
        }
        prev = Some(w);
    }
    out
}

/// Whether a word reads as a number ([`ColText::is_numeric`]).
fn is_number(w: &Word) -> bool {
    ColText::of([w]).is_numeric()
}

/// Merged x-spans of a row's words (gaps narrower than `min_gutter` closed).
fn spans(r: &TextRow, min_gutter: f64) -> Vec<(f64, f64)> {
    let mut out: Vec<(f64, f64)> = Vec::new();
    for w in &r.words {
        match out.last_mut() {
            Some(s) if w.bbox.x0 - s.1 < min_gutter => s.1 = s.1.max(w.bbox.x1),
            _ => out.push((w.bbox.x0, w.bbox.x1)),
        }
    }
    out
}

/// White x-intervals at least `min_gutter` wide, inside the rows' extent, that no row
/// of several pieces crosses below the table's top rows (rows of one piece, a group
/// title or a note, may cross; so may the first `max_header_lines` rows, a spanning
/// header, when enough rows remain), each with words starting right of it in at least
/// `min_col_starts` rows.
pub(crate) fn gutters(rows: &[TextRow], tol: &GridTolerances) -> Vec<(f64, f64)> {
    let multi: Vec<&TextRow> = rows.iter().filter(|r| r.segments >= 2).collect();
    // each row's pieces found once: the white of all rows, the white under the top
    // rows and the spanning test all read them (each found them anew: issue 22)
    let spans: Vec<Vec<(f64, f64)>> = multi.iter().map(|r| pieces(r, tol)).collect();
    let skip = tol
        .max_header_lines
        .min(multi.len() / tol.header_share_divisor.max(1));
    let (lo, hi) = extent(rows);
    let events = edges(spans.iter().map(Vec::as_slice), skip);
    let mut out = sweep(events.iter().map(|e| (e.0, e.1)), lo, hi, tol);
    // gutters that only the top rows cross (a spanning header)
    let below_top = events.iter().filter(|e| !e.2).map(|e| (e.0, e.1));
    for g in sweep(below_top, lo, hi, tol) {
        if !out.iter().any(|o| o.0 < g.1 && g.0 < o.1) {
            out.push(g);
        }
    }
    let spanned = spanned_gutters(rows, &multi, &spans, &out, (lo, hi), tol);
    out.extend(spanned);
    out.sort_by(|a, b| a.0.total_cmp(&b.0));
    // a column is where words start: drop gutters with too few starts right of them
    let starts = |a: f64, b: f64| {
        rows.iter()
            .filter(|r| r.words.iter().any(|w| w.bbox.x0 >= a && w.bbox.x0 < b))
            .count()
    };
    let mut kept: Vec<(f64, f64)> = Vec::new();
    for (i, g) in out.iter().enumerate() {
        let next = out.get(i + 1).map_or(f64::INFINITY, |n| n.0);
        if starts(g.1, next) >= tol.min_col_starts {
            kept.push(*g);
        }
    }
    kept
}

/// Gutters that rows of several pieces cross only with a value spanning the columns
/// right of where it starts (Paluzza's unruled cards: `Descrizione | Pubblicazione
/// tempestiva …` over the three value columns of `Area | … | Responsabile | …`; a
/// ruled rendering draws that cell merged). White when each row's last piece is
/// taken as its first word only; kept when words start flush at its right edge in
/// at least [`GridTolerances::spanning_min_starts`] of the region's `rows` (a column
/// set flush left), and the rows that cross it, at most
/// [`GridTolerances::spanning_row_share`] of `multi` (its rows of several pieces),
/// cross it with their last piece, which starts where a column of `found` starts.
/// Gutters overlapping `found` are left out: those are found already. `spans` holds
/// each row's [`pieces`].
fn spanned_gutters(
    rows: &[TextRow],
    multi: &[&TextRow],
    spans: &[Vec<(f64, f64)>],
    found: &[(f64, f64)],
    (lo, hi): (f64, f64),
    tol: &GridTolerances,
) -> Vec<(f64, f64)> {
    let heads: Vec<Vec<(f64, f64)>> = multi
        .iter()
        .zip(spans)
        .map(|(r, s)| {
            let mut s = s.clone();
            if let Some(last) = s.last_mut()
                && let Some(first) = r.words.iter().find(|w| w.bbox.x0 >= last.0)
            {
                last.1 = first.bbox.x1;
            }
            s
        })
        .collect();
    white_of(heads.iter().map(Vec::as_slice), lo, hi, tol)
        .into_iter()
        .filter(|g| !found.iter().any(|o| o.0 < g.1 && g.0 < o.1))
        .filter(|g| spanned(rows, multi, spans, found, g, tol))
        .collect()
}

/// Whether gutter `g` is a column edge that only spanning values cross
/// ([`spanned_gutters`]); `spans` holds each row's [`pieces`]. A line of one piece
/// that starts flush at the edge counts as a start as a row of several does: a
/// cell's wrapped line set in the column (h12-tremosine by iText, card 4: `Valore` /
/// `raggiunto` over one indicator's `7,0 km`, three lines flush at 283.38 pt, the
/// second alone on its line since `Note/motivazioni scostamento` fits on one; the
/// cards whose last name wraps too start the column in three rows of several pieces).
fn spanned(
    rows: &[TextRow],
    multi: &[&TextRow],
    spans: &[Vec<(f64, f64)>],
    found: &[(f64, f64)],
    g: &(f64, f64),
    tol: &GridTolerances,
) -> bool {
    let flush = rows
        .iter()
        .filter(|r| r.words.iter().any(|w| (w.bbox.x0 - g.1).abs() <= tol.slack))
        .count();
    let mut crossing = 0usize;
    for s in spans {
        let Some(i) = s.iter().position(|s| s.0 < g.0 && s.1 > g.1) else {
            continue;
        };
        let at_column = found.iter().any(|o| (o.1 - s[i].0).abs() <= tol.slack);
        if i + 1 != s.len() || !at_column {
            return false;
        }
        crossing += 1;
    }
    flush >= tol.spanning_min_starts
        && crossing as f64 <= tol.spanning_row_share * multi.len() as f64
}

/// The last piece of each row of `body` that runs across one of `gutters` from where
/// a column starts (a value spanning the columns right of it, [`spanned_gutters`]),
/// with the x where it starts: its words belong to that column.
pub(crate) fn spanning_pieces<'r, 'w>(
    body: &'r [TextRow<'w>],
    gutters: &[(f64, f64)],
    tol: &GridTolerances,
) -> Vec<(&'r TextRow<'w>, f64)> {
    body.iter()
        .filter(|r| r.segments >= 2)
        .filter_map(|r| {
            let last = *pieces(r, tol).last()?;
            let over = gutters.iter().any(|g| last.0 < g.0 && last.1 > g.1);
            let at_column = gutters.iter().any(|g| (g.1 - last.0).abs() <= tol.slack);
            (over && at_column).then_some((r, last.0))
        })
        .collect()
}

/// X-intervals at least `min_gutter` wide, strictly inside `lo..hi`, that none of
/// the rows' spans cover.
fn white_of<'s>(
    rows: impl Iterator<Item = &'s [(f64, f64)]>,
    lo: f64,
    hi: f64,
    tol: &GridTolerances,
) -> Vec<(f64, f64)> {
    let events = edges(rows, 0);
    sweep(events.iter().map(|e| (e.0, e.1)), lo, hi, tol)
}

/// The ends of the rows' spans as the steps of a sweep from left to right (+1 where
/// a span starts, −1 where it ends; at one x, starts first), each marked with
/// whether its row is one of the first `top`. A sweep of the unmarked steps alone is
/// the white of the rows below the top ones: the sorted steps less some are still
/// sorted, so one sort serves both sweeps ([`gutters`]: the sort was most of a
/// sweep's cost, issue 22).
fn edges<'s>(rows: impl Iterator<Item = &'s [(f64, f64)]>, top: usize) -> Vec<(f64, i32, bool)> {
    let mut events: Vec<(f64, i32, bool)> = Vec::new();
    for (i, r) in rows.enumerate() {
        for &(a, b) in r {
            events.push((a, 1, i < top));
            events.push((b, -1, i < top));
        }
    }
    // steps the order calls equal are the same step for a sweep (one x, one sign),
    // whichever row they come from, so an unstable sort (no buffer, fewer moves)
    // sweeps as the stable one did
    events.sort_unstable_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(&a.1)));
    events
}

/// The white intervals of a sweep over sorted steps ([`edges`]): at least
/// `min_gutter` wide, strictly inside `lo..hi`, where no span is open.
fn sweep(
    events: impl Iterator<Item = (f64, i32)>,
    lo: f64,
    hi: f64,
    tol: &GridTolerances,
) -> Vec<(f64, f64)> {
    let mut out: Vec<(f64, f64)> = Vec::new();
    let mut depth = 0;
    let mut open: Option<f64> = None;
    for (x, d) in events {
        let before = depth;
        depth += d;
        if before > 0 && depth == 0 {
            open = Some(x);
        } else if before == 0
            && depth > 0
            && let Some(a) = open.take()
            && x - a >= tol.min_gutter
            && a > lo
            && x < hi
        {
            out.push((a, x));
        }
    }
    out
}

fn extent(rows: &[TextRow]) -> (f64, f64) {
    rows.iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), r| {
            (a.min(r.bbox.x0), b.max(r.bbox.x1))
        })
}

/// Column of an x position given the gutters (a word belongs where it starts).
pub(crate) fn column_at(x: f64, gutters: &[(f64, f64)]) -> usize {
    gutters.iter().take_while(|g| x >= g.1).count()
}

/// How many marks of a table the page's typography gives a region: a header in bold
/// over a body mostly not; bold labels beside plain values (a key/value table); at
/// least `min_separators` gaps between its rows with a mark under most of its width
/// (`separator_span`): rules or stripes.
fn typographic_marks(r: &Region, marks: &[Mark], tol: &GridTolerances) -> usize {
    let k = r.rows.iter().take_while(|row| all_bold(row)).count();
    let rest = r.rows.len() - k;
    let plain = r.rows[k..].iter().filter(|row| !all_bold(row)).count();
    let bold_head = k > 0 && k <= tol.max_header_lines && rest > 0 && 2 * plain > rest;
    let (lo, hi) = extent(&r.rows);
    let ruled = r
        .rows
        .windows(2)
        .filter(|p| {
            marks.iter().any(|m| {
                m.y > p[0].bbox.bottom - tol.slack
                    && m.y < p[1].bbox.top + tol.slack
                    && m.covers(lo, hi) >= tol.separator_span * (hi - lo)
            })
        })
        .count();
    usize::from(bold_head) + usize::from(r.key_value()) + usize::from(ruled >= tol.min_separators)
}

/// Whether the rows are a list of labels and values: in every row the words of the
/// first column are bold and all others are not (producers print a key/value table's
/// labels in bold: `Missione | 3 – Ordine pubblico e sicurezza`, `Settore | Settore
/// Lavori Pubblici`). Its first row is a label and a value, not a header. Labels are
/// words: a column of bullets or numbers in bold marks a list.
pub(crate) fn key_value(rows: &[TextRow], gutters: &[(f64, f64)]) -> bool {
    let mut labels = 0;
    for r in rows {
        for w in &r.words {
            let first = column_at(w.bbox.x0, gutters) == 0;
            if w.bold != Some(first) {
                return false;
            }
            labels += usize::from(first && w.text.chars().any(char::is_alphabetic));
        }
    }
    !gutters.is_empty() && labels > 0
}

/// A run is a table when enough rows fill two columns or more (no word of theirs over
/// a gutter) and at least
/// `min_plain_cols` columns hold short texts, one fewer for each mark of a table its
/// typography gives it ([`typographic_marks`]): a column whose lines hold a median of
/// `prose_min_words` words or more is running text.
fn is_table(r: &Region, marks: &[Mark], tol: &GridTolerances) -> bool {
    let ncols = r.gutters.len() + 1;
    let mut per_col: Vec<Vec<usize>> = vec![Vec::new(); ncols];
    let mut split_rows = 0;
    for row in &r.rows {
        let mut counts = vec![0usize; ncols];
        for w in &row.words {
            counts[column_at(w.bbox.x0, &r.gutters)] += 1;
        }
        // a line whose words run over a gutter (running text beside a heading's
        // number) fills no two columns
        let over = row.words.iter().any(|w| {
            r.gutters
                .iter()
                .any(|g| w.bbox.x1 > g.0 + tol.slack && w.bbox.x0 < g.1 - tol.slack)
        });
        if !over && counts.iter().filter(|&&n| n > 0).count() >= 2 {
            split_rows += 1;
        }
        for (c, n) in counts.into_iter().enumerate() {
            if n > 0 {
                per_col[c].push(n);
            }
        }
    }
    let plain = per_col
        .iter_mut()
        .filter(|v| !v.is_empty())
        .map(|v| {
            v.sort_unstable();
            v[v.len() / 2]
        })
        .filter(|m| (*m as f64) < tol.prose_min_words)
        .count();
    split_rows >= tol.min_split_rows
        && (plain >= tol.min_plain_cols
            || plain + typographic_marks(r, marks, tol) >= tol.min_plain_cols)
}

/// Height of a row's text, for gaps measured in lines.
pub(crate) fn line_height(r: &TextRow) -> f64 {
    r.bbox.height()
}

/// Whether a character other than a digit may print in a number ([`ColText::is_numeric`]).
fn prints_numbers(c: char) -> bool {
    // a `match`, not a search of a string of them: asked of every character of every
    // word each time a row's columns are read (`str::contains` ran `memchr` per call)
    matches!(
        c,
        '.' | ','
            | '%'
            | '('
            | ')'
            | '+'
            | '-'
            | '\u{2013}'
            | '\u{2212}'
            | '$'
            | '€'
            | '£'
            | '*'
            | '/'
            | ':'
            | '\''
    )
}

/// What some words of a row print in one column (their texts joined with a space),
/// as far as the number tests need it: whether that text is empty, and whether it
/// reads as a number: a digit, and otherwise only characters that print numbers
/// (`44.8`, `$33,200`, `(102.7–103.6)`, `85,29%`, `–`), spaces aside (`1 204`).
///
/// Gathered word by word: the stream tests ask this of every column of every line
/// several times, and joining each cell's text (then copying it without its spaces)
/// was most of what they cost (seed 001 unruled, 55 pages). The joined text's
/// characters are the words' own plus the spaces between them, which the number
/// test sets aside, so the answers are those of the joined text (a test compares).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(crate) struct ColText {
    /// Words seen.
    words: usize,
    /// Whether some word's text is not empty.
    chars: bool,
    /// Whether a digit was seen (looked for only until `other`: a text with another
    /// character is no number, whatever digits follow).
    digit: bool,
    /// Whether a character that is neither a space, a digit nor [`prints_numbers`]
    /// was seen.
    other: bool,
}

impl ColText {
    /// The column text of `ws` (each a word of the column, in any order).
    pub(crate) fn of<'a>(ws: impl IntoIterator<Item = &'a Word>) -> Self {
        let mut t = ColText::default();
        for w in ws {
            t.add(&w.text);
        }
        t
    }

    /// One more word's text.
    fn add(&mut self, text: &str) {
        self.words += 1;
        self.chars |= !text.is_empty();
        // once a character says the text is no number, no other can change that: the
        // rest is not read (most words are words; this is asked of every word of every
        // row for each set of gutters the stream tests try)
        if self.other {
            return;
        }
        for c in text.chars().filter(|c| !c.is_whitespace()) {
            if c.is_ascii_digit() {
                self.digit = true;
            } else if !prints_numbers(c) {
                self.other = true;
                return;
            }
        }
    }

    /// Whether the joined text is empty: no word, or one with no text (two words join
    /// with a space).
    pub(crate) fn is_empty(&self) -> bool {
        self.words == 0 || (self.words == 1 && !self.chars)
    }

    /// Whether the joined text reads as a number.
    pub(crate) fn is_numeric(&self) -> bool {
        self.digit && !self.other
    }
}

/// A row's [`ColText`] in each column (`gutters.len() + 1` of them), its words read
/// once ([`column_at`] each) instead of once per column (`in_col`, the tests'
/// reference).
pub(crate) fn row_columns(r: &TextRow, gutters: &[(f64, f64)]) -> Vec<ColText> {
    let mut cols = vec![ColText::default(); gutters.len() + 1];
    for w in &r.words {
        cols[column_at(w.bbox.x0, gutters)].add(&w.text);
    }
    cols
}

/// Words of a text row in column `c`: the reference the tests hold the one-pass
/// readings ([`row_columns`], the stream body's columns) to.
#[cfg(test)]
pub(crate) fn in_col<'w>(r: &TextRow<'w>, c: usize, gutters: &[(f64, f64)]) -> Vec<&'w Word> {
    r.words
        .iter()
        .copied()
        .filter(|w| column_at(w.bbox.x0, gutters) == c)
        .collect()
}

/// Columns whose texts are mostly numbers (at least `numeric_share` of their cells).
pub(crate) fn numeric_columns(
    rows: &[TextRow],
    gutters: &[(f64, f64)],
    tol: &GridTolerances,
) -> Vec<bool> {
    let mut texts = vec![0usize; gutters.len() + 1];
    let mut numbers = texts.clone();
    for r in rows {
        for (c, t) in row_columns(r, gutters).iter().enumerate() {
            if !t.is_empty() {
                texts[c] += 1;
                numbers[c] += usize::from(t.is_numeric());
            }
        }
    }
    texts
        .iter()
        .zip(&numbers)
        .map(|(&t, &n)| t > 0 && n as f64 >= tol.numeric_share * t as f64)
        .collect()
}

/// Horizontal extent of each column's body text.
pub(crate) fn extents<'r, 'w: 'r>(
    rows: impl IntoIterator<Item = &'r TextRow<'w>>,
    gutters: &[(f64, f64)],
) -> Vec<Option<(f64, f64)>> {
    let mut out: Vec<Option<(f64, f64)>> = vec![None; gutters.len() + 1];
    for w in rows.into_iter().flat_map(|r| r.words.iter()) {
        let e = &mut out[column_at(w.bbox.x0, gutters)];
        *e = Some(e.map_or((w.bbox.x0, w.bbox.x1), |(a, b)| {
            (a.min(w.bbox.x0), b.max(w.bbox.x1))
        }));
    }
    out
}

pub(crate) fn insert_gutter(gutters: &mut Vec<(f64, f64)>, g: (f64, f64)) {
    let i = gutters.iter().take_while(|o| o.0 < g.0).count();
    gutters.insert(i, g);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A word of 9 pt Helvetica on the baseline `bottom`, from `x0` to `x1`.
    fn word(text: &str, x0: f64, x1: f64, bottom: f64) -> Word {
        Word {
            text: text.to_string(),
            page: 1,
            bbox: BBox::new(x0, bottom - 9.0, x1, bottom),
            size: 9.0,
            dir: 0,
            bold: Some(false),
            space_after: false,
            origin: Default::default(),
        }
    }

    /// The same word in bold.
    fn bold(text: &str, x0: f64, x1: f64, bottom: f64) -> Word {
        Word {
            bold: Some(true),
            ..word(text, x0, x1, bottom)
        }
    }

    /// h12-tremosine by iText, page 2 (`inspect --lines`, 8 pt): three objective
    /// cards, each a plain one-line title over `Responsabile | value | Peso | value`,
    /// `Descrizione`, and its results table, 1.35 lines under the card above; each
    /// card sized to its own content (values at 167.00, 166.48, 179.66 pt).
    fn tremosine_itext_cards() -> Vec<Word> {
        [
            ("OB.01.01 – Attuazione del piano di formazione", 45.52, 210.83, 101.11),
            ("Responsabile", 45.52, 93.98, 111.93),
            ("Geom. Stefano Caprioglio", 167.00, 258.98, 111.93),
            ("Peso", 363.86, 382.08, 111.93),
            ("15%", 455.07, 471.08, 111.93),
            ("Servizio", 45.52, 73.96, 122.76),
            ("Segreteria e affari generali", 167.00, 261.21, 122.76),
            ("Scadenza", 363.86, 399.43, 122.76),
            ("30/09/2024", 455.07, 495.09, 122.76),
            ("Descrizione", 45.52, 87.30, 133.58),
            ("Formazione obbligatoria e specialistica dei dipendenti sulla piattaforma Syllabus", 167.00, 450.10, 133.58),
            ("Indicatore", 45.52, 80.63, 144.41),
            ("Target 2024", 167.00, 210.11, 144.41),
            ("Valore", 303.04, 326.15, 144.41),
            ("% raggiungimento", 363.86, 428.32, 144.41),
            ("Note/motivazioni", 455.07, 514.17, 144.41),
            ("raggiunto", 303.04, 336.38, 152.41),
            ("scostamento", 455.07, 500.41, 152.41),
            ("Dipendenti formati", 45.52, 110.40, 163.23),
            ("76%", 167.00, 183.01, 163.23),
            ("77%", 303.04, 319.05, 163.23),
            ("100%", 363.86, 384.32, 163.23),
            ("OB.02.01 – Recupero dell'evasione dei tributi locali", 45.52, 226.14, 182.05),
            ("Responsabile", 45.52, 93.98, 192.88),
            ("Arch. Elena Marzocchi", 166.48, 246.46, 192.88),
            ("Peso", 373.17, 391.39, 192.88),
            ("25%", 461.15, 477.16, 192.88),
            ("Servizio", 45.52, 73.96, 203.70),
            ("Ragioneria e tributi", 166.48, 233.58, 203.70),
            ("Scadenza", 373.17, 408.74, 203.70),
            ("31/12/2024", 461.15, 501.17, 203.70),
            ("Descrizione", 45.52, 87.30, 214.53),
            ("Controllo delle posizioni IMU e TARI non versate degli ultimi cinque anni e emissione degli avvisi di", 166.48, 516.64, 214.53),
            ("accertamento", 166.48, 214.93, 222.53),
            ("Indicatore", 45.52, 80.63, 233.35),
            ("Target 2024", 166.48, 209.59, 233.35),
            ("Valore raggiunto", 303.15, 361.82, 233.35),
            ("% raggiungimento", 373.17, 437.63, 233.35),
            ("Note/motivazioni", 461.15, 520.25, 233.35),
            ("scostamento", 461.15, 506.49, 241.35),
            ("Avvisi di accertamento emessi", 45.52, 153.06, 252.18),
            ("163", 166.48, 179.82, 252.18),
            ("169", 303.15, 316.49, 252.18),
            ("100%", 373.17, 393.63, 252.18),
            ("Somme accertate", 45.52, 108.18, 263.00),
            ("€ 230.802,00", 166.48, 213.16, 263.00),
            ("€ 230.006,33", 303.15, 349.83, 263.00),
            ("100%", 373.17, 393.63, 263.00),
            ("OB.03.01 – Subentro nell'Anagrafe nazionale e servizi online", 45.52, 260.81, 281.82),
            ("Responsabile", 45.52, 93.98, 292.65),
            ("Geom. Marco Marzocchi", 179.66, 266.76, 292.65),
            ("Peso", 363.57, 381.79, 292.65),
            ("25%", 454.91, 470.92, 292.65),
            ("Servizio", 45.52, 73.96, 303.47),
            ("Servizi demografici", 179.66, 247.20, 303.47),
        ]
        .iter()
        .map(|&(t, x0, x1, bottom)| Word {
            size: 8.0,
            bbox: BBox::new(x0, bottom - 8.0, x1, bottom),
            ..word(t, x0, x1, bottom)
        })
        .collect()
    }

    /// The parts [`split_at_shifted_columns`] cuts the words' one run into, each as
    /// its first row's text.
    fn shifted_parts(ws: &[Word]) -> Vec<String> {
        let tol = GridTolerances::default();
        let refs: Vec<&Word> = ws.iter().collect();
        let rows = text_rows(&refs, &tol);
        assert_eq!(runs(rows.clone(), &tol).len(), 1);
        split_at_shifted_columns(rows, &tol)
            .iter()
            .map(|p| p[0].joined())
            .collect()
    }

    #[test]
    fn a_title_over_columns_that_shift_opens_a_table() {
        let parts = shifted_parts(&tremosine_itext_cards());
        assert_eq!(
            parts,
            [
                "OB.01.01 – Attuazione del piano di formazione",
                "OB.02.01 – Recupero dell'evasione dei tributi locali",
                "OB.03.01 – Subentro nell'Anagrafe nazionale e servizi online",
            ]
        );
    }

    #[test]
    fn a_title_over_the_same_columns_or_inside_the_table_cuts_nothing() {
        let cards = tremosine_itext_cards();
        // the first card printed again under itself, its columns where they were
        let first: Vec<Word> = cards
            .iter()
            .take_while(|w| w.bbox.bottom < 170.0)
            .cloned()
            .collect();
        let mut twice = first.clone();
        twice.extend(first.iter().map(|w| Word {
            bbox: BBox::new(
                w.bbox.x0,
                w.bbox.top + 80.94,
                w.bbox.x1,
                w.bbox.bottom + 80.94,
            ),
            ..w.clone()
        }));
        assert_eq!(shifted_parts(&twice).len(), 1);
        // the second card's title moved right of its labels (a cell's wrapped text)
        let mut inside = cards.clone();
        for w in inside.iter_mut().filter(|w| w.text.starts_with("OB.02")) {
            w.bbox = BBox::new(
                w.bbox.x0 + 150.0,
                w.bbox.top,
                w.bbox.x1 + 150.0,
                w.bbox.bottom,
            );
        }
        assert_eq!(shifted_parts(&inside).len(), 2);
    }

    /// ICDAR 2013 us-035a page 2 (Courier 12 pt, 7.2 pt a character, `inspect
    /// --words`): Table A.1's last body rows, its total, and the note set under it
    /// (its first line justified, its second with a double space after `U.S.,`).
    fn us035a_foot() -> Vec<Word> {
        let line = |bottom: f64, ws: &[(&str, f64, f64)]| -> Vec<Word> {
            ws.iter()
                .map(|(t, a, b)| Word {
                    size: 12.0,
                    bbox: BBox::new(*a, bottom - 12.0, *b, bottom),
                    ..word(t, *a, *b, bottom)
                })
                .collect()
        };
        let mut ws = Vec::new();
        for (i, (age, a, b, c)) in [
            ("20", "0.1803", "0.2650", "40,839,623"),
            ("30", "0.1392", "0.2046", "31,526,222"),
            ("40", "0.1005", "0.1477", "22,759,163"),
        ]
        .iter()
        .enumerate()
        {
            let bottom = 255.36 + 15.36 * i as f64;
            ws.extend(line(
                bottom,
                &[
                    (age, 92.40, 106.80),
                    ("-", 114.00, 121.20),
                    ("29", 128.40, 142.80),
                    ("years", 150.00, 186.00),
                    (a, 235.92, 279.12),
                    (b, 325.92, 369.12),
                    (c, 398.16, 470.16),
                ],
            ));
        }
        ws.extend(line(
            362.88,
            &[("Total", 92.40, 128.40), ("226,545,805", 390.96, 470.16)],
        ));
        ws.extend(line(
            389.28,
            &[
                ("Source:", 90.00, 141.12),
                ("1980", 151.20, 180.00),
                ("civilian", 190.08, 247.68),
                ("noninstitutionalized", 257.76, 401.76),
                ("population", 411.84, 483.84),
                ("of", 493.92, 508.32),
                ("the", 518.40, 540.00),
            ],
        ));
        ws.extend(line(
            402.0,
            &[
                ("U.S.,", 90.00, 126.00),
                ("U.S.", 133.20, 162.00),
                ("Bureau", 176.40, 219.60),
                ("of", 226.80, 241.20),
                ("the", 248.40, 270.00),
                ("Census,", 277.20, 327.60),
                ("U.S.", 334.80, 363.60),
                ("Department", 370.80, 442.80),
                ("of", 450.00, 464.40),
                ("Commerce.", 471.60, 536.40),
            ],
        ));
        ws
    }

    /// A note set apart under a table, whose lines run over the table's gutters, is
    /// cut off: the table keeps its columns (us-035a's Table A.1 was found as no
    /// table once its fixed-pitch note's word spaces stopped being gutters).
    #[test]
    fn a_note_under_a_table_is_cut_off_and_the_columns_stay() {
        let ws = us035a_foot();
        let tol = GridTolerances::default();
        let refs: Vec<&Word> = ws.iter().collect();
        let rows = text_rows(&refs, &tol);
        assert_eq!(rows.len(), 6);
        assert_eq!(notes_below(&rows, &tol), Some(4));
        let r = region_of(rows, Repeats::default(), &[], &tol);
        assert_eq!(r.as_ref().map(|r| r.rows.len()), Some(4));
        assert_eq!(r.map(|r| r.gutters.len()), Some(3));
        // the note's lines alone, or a table with no note, are cut nowhere
        let rows = text_rows(&refs[..ws.len() - 17], &tol);
        assert_eq!(notes_below(&rows, &tol), None);
    }

    /// h15-savigliano-peg-2025 by Writer PDF/A (unruled, nothing bold), p. 2, card 1
    /// (`inspect --lines`): the 7 pt `Cronoprogramma` (its header of months and four
    /// phases), then 2.6 lines below it the 9 pt indicator table (header, a row with
    /// a wrapped line, a row). `indicator_size` sets the second table's font.
    fn savigliano_card(indicator_size: f32) -> Vec<Word> {
        let at = |size: f32, text: &str, x0: f64, x1: f64, bottom: f64| Word {
            size,
            bbox: BBox::new(x0, bottom - f64::from(size), x1, bottom),
            ..word(text, x0, x1, bottom)
        };
        let months = ["G", "F", "M", "A", "M", "G", "L", "A", "S", "O", "N", "D"];
        let xs = [
            232.5, 258.4, 284.3, 310.2, 337.7, 363.5, 389.4, 415.3, 441.2, 468.7, 494.6, 520.5,
        ];
        let mut ws = vec![at(7.0, "Fasi di attuazione", 53.1, 111.71, 230.2)];
        for (m, x) in months.iter().zip(xs) {
            ws.push(at(7.0, m, x, x + 5.0, 230.2));
        }
        for (phase, x1, bottom, from, to) in [
            (
                "Analisi e programmazione delle attività",
                172.72,
                242.3,
                0,
                4,
            ),
            ("Avvio e affidamento", 114.22, 254.3, 3, 7),
            ("Realizzazione", 96.64, 266.4, 7, 9),
            (
                "Verifica dei risultati e rendicontazione",
                168.44,
                278.4,
                8,
                12,
            ),
        ] {
            ws.push(at(7.0, phase, 53.1, x1, bottom));
            for x in &xs[from..to] {
                ws.push(at(7.0, "X", *x, x + 4.66, bottom));
            }
        }
        let s = indicator_size;
        for (bottom, cells) in [
            (
                305.5,
                vec![
                    ("Indicatore di risultato", 53.1, 144.5),
                    ("Formula di calcolo", 222.6, 302.02),
                    ("Valore 2024", 413.6, 463.1),
                    ("Target 2025", 480.0, 529.39),
                ],
            ),
            (
                319.8,
                vec![
                    ("Tempo medio di attesa per", 53.1, 159.18),
                    (
                        "Media dei giorni tra prenotazione e rilascio",
                        222.6,
                        391.68,
                    ),
                    ("27 gg", 413.6, 436.11),
                    ("24 gg", 480.0, 502.51),
                ],
            ),
            (330.2, vec![("l'appuntamento", 53.1, 114.41)]),
            (
                344.5,
                vec![
                    ("CIE rilasciate", 53.1, 106.07),
                    ("Numero di carte emesse nell'anno", 222.6, 358.9),
                    ("28.278", 413.6, 441.11),
                    ("31.420", 480.0, 507.51),
                ],
            ),
        ] {
            for (t, x0, x1) in cells {
                ws.push(at(s, t, x0, x1, bottom));
            }
        }
        ws
    }

    /// Two tables set each in its own font size, a few lines apart, are cut where the
    /// size changes; the same rows in one size are one run for the rules after.
    #[test]
    fn a_table_in_another_font_size_set_apart_below_is_another_table() {
        let tol = GridTolerances::default();
        let ws = savigliano_card(9.0);
        let parts = split_at_size_change(rows_of(&ws, &tol), &tol);
        let lens: Vec<usize> = parts.iter().map(Vec::len).collect();
        assert_eq!(lens, [5, 4]);
        assert!(parts[1][0].text().starts_with("indicatore"));
        let ws = savigliano_card(7.0);
        assert_eq!(split_at_size_change(rows_of(&ws, &tol), &tol).len(), 1);
    }

    /// A piece of text as the words it prints, spread over `x0..x1` by their lengths
    /// (one character's width each space).
    fn words_of(text: &str, x0: f64, x1: f64, bottom: f64) -> Vec<Word> {
        let per = (x1 - x0) / text.chars().count().max(1) as f64;
        let mut x = x0;
        let mut out = Vec::new();
        for t in text.split(' ') {
            let w = per * t.chars().count() as f64;
            out.push(word(t, x, x + w, bottom));
            x += w + per;
        }
        out
    }

    /// h17-grosio-pro-2024 by libharu p. 2 (`inspect --words`): card 1's seven label |
    /// value rows (labels at 45.02, values at 198.09), then, 12.6 pt below, a table's
    /// header and row (`table`: each row's pieces, text, x0, x1).
    fn grosio_card(table: [&[(&str, f64, f64)]; 2]) -> Vec<Word> {
        let mut ws = Vec::new();
        for (bottom, label, lx1, value, vx1) in [
            (124.79, "Area", 65.03, "Area Affari Generali", 277.06),
            (140.41, "Responsabile", 103.48, "CARMINATI Paola", 273.04),
            (
                156.03,
                "Linea di mandato",
                118.95,
                "2 – Un territorio sicuro e curato",
                321.55,
            ),
            (
                171.65,
                "Tipo di obiettivo",
                114.41,
                "Obiettivo ordinario",
                271.08,
            ),
            (
                187.27,
                "Descrizione",
                95.5,
                "Formazione obbligatoria e specialistica dei dipendenti sulla piattaforma Syllabus",
                516.57,
            ),
            (
                202.89,
                "Scadenza di attuazione",
                143.95,
                "30/06/2024",
                243.11,
            ),
            (218.51, "Peso", 66.51, "25%", 216.1),
        ] {
            ws.extend(words_of(label, 45.02, lx1, bottom));
            ws.extend(words_of(value, 198.09, vx1, bottom));
        }
        for (row, bottom) in table.into_iter().zip([240.13, 255.75]) {
            for (t, x0, x1) in row {
                ws.extend(words_of(t, *x0, *x1, bottom));
            }
        }
        ws
    }

    /// A card's label | value rows and the indicator table under it, in one font and
    /// unmarked, are cut where a row set apart starts its pieces elsewhere; rows under
    /// the card's own columns are the card's.
    #[test]
    fn a_card_over_its_indicator_table_is_cut_where_the_columns_change() {
        let tol = GridTolerances::default();
        let ws = grosio_card([
            &[
                ("Indicatori di risultato", 45.02, 133.91),
                ("Unità di misura", 283.49, 348.44),
                ("Valore atteso 2024", 467.34, 546.32),
            ],
            &[
                ("Dipendenti formati", 45.02, 118.01),
                ("percentuale", 283.49, 330.51),
                ("85%", 467.34, 485.35),
            ],
        ]);
        let parts = split_at_column_change(rows_of(&ws, &tol), &tol);
        let lens: Vec<usize> = parts.iter().map(Vec::len).collect();
        assert_eq!(lens, [7, 2]);
        assert!(parts[1][0].text().starts_with("indicatori di risultato"));
        let ws = grosio_card([
            &[("Note", 45.02, 66.0), ("Unità di misura", 198.09, 263.04)],
            &[
                ("Dipendenti formati", 45.02, 118.01),
                ("percentuale", 198.09, 245.11),
            ],
        ]);
        assert_eq!(split_at_column_change(rows_of(&ws, &tol), &tol).len(), 1);
    }

    /// h15-savigliano-peg-2025 by Writer PDF/A p. 2 (`inspect --words`): cards 1 and
    /// 2, four label | value rows each in plain 9 pt, the values sentences. Each is a
    /// key/value table because the other prints the same labels; a card alone on its
    /// page, nothing marking it, is two columns of text.
    #[test]
    fn labels_the_page_repeats_card_after_card_make_key_value_tables() {
        let tol = GridTolerances::default();
        let card = |top: f64, vx: f64, values: [(&str, f64); 4]| -> Vec<Word> {
            let labels = [
                ("Settore", 82.09),
                ("Responsabile", 107.62),
                ("Peso", 73.6),
                ("Descrizione", 100.11),
            ];
            let mut ws = Vec::new();
            for (k, ((l, lx1), (v, vx1))) in labels.into_iter().zip(values).enumerate() {
                let bottom = top + 14.35 * k as f64;
                ws.extend(words_of(l, 53.1, lx1, bottom));
                ws.extend(words_of(v, vx, vx1, bottom));
            }
            ws
        };
        let mut ws = card(
            146.0,
            212.3,
            [
                ("Settore Amministrativo – Servizi Demografici", 389.83),
                ("Ing. Roberta Lorusso", 296.39),
                ("30", 222.31),
                (
                    "Ampliamento delle fasce orarie di prenotazione online della CIE",
                    465.46,
                ),
            ],
        );
        let one = find(rows_of(&ws, &tol), &[], &tol);
        assert!(one.is_empty(), "{} regions", one.len());
        // card 2's title, one piece over both columns: nothing joins the two tables
        ws.extend(words_of(
            "Scheda obiettivo n. 2 – Subentro nell'Anagrafe nazionale e servizi online",
            51.0,
            420.0,
            380.1,
        ));
        ws.extend(card(
            400.4,
            210.2,
            [
                ("Settore Amministrativo – Servizi Demografici", 387.72),
                ("Ing. Roberta Lorusso", 294.29),
                ("35", 220.21),
                (
                    "Certificati anagrafici scaricabili dal portale con identità digitale",
                    455.33,
                ),
            ],
        ));
        let two = find(rows_of(&ws, &tol), &[], &tol);
        assert_eq!(two.len(), 2);
        assert!(two.iter().all(|r| r.key_value() && r.rows.len() == 4));
    }

    /// ICDAR 2013 us-023 p. 3 (`inspect --lines`): two figures' captions side by side
    /// in 9 pt, then their charts' axis labels in 7 pt 11 pt below: captions are
    /// running text, no table, and nothing is cut there.
    #[test]
    fn captions_side_by_side_over_a_chart_are_no_table_to_cut_off() {
        let tol = GridTolerances::default();
        let at = |size: f32, text: &str, x0: f64, x1: f64, bottom: f64| Word {
            size,
            bbox: BBox::new(x0, bottom - f64::from(size), x1, bottom),
            ..word(text, x0, x1, bottom)
        };
        let ws = vec![
            at(
                9.0,
                "FIGURE 2. Average Health and Activities Limitation (HALex) and",
                36.0,
                294.01,
                80.55,
            ),
            at(
                9.0,
                "FIGURE 3. Premature mortality rate* and inequality in income and",
                311.0,
                566.99,
                80.55,
            ),
            at(
                9.0,
                "inequality in HALex among adults aged 18–65 years* — United",
                36.0,
                294.0,
                90.55,
            ),
            at(
                9.0,
                "premature mortality rate between states† — United States, 1997–",
                311.0,
                567.0,
                90.55,
            ),
            at(9.0, "States, 1997–2007", 36.0, 106.79, 100.55),
            at(9.0, "2007", 311.0, 330.29, 100.55),
            at(7.0, "0.880", 56.24, 72.05, 118.86),
            at(7.0, "0.0950", 259.6, 279.01, 118.86),
            at(7.0, "7,400", 333.38, 349.19, 118.86),
            at(7.0, "0.12", 542.48, 554.7, 118.86),
            at(7.0, "0.875", 56.24, 72.05, 146.29),
            at(7.0, "0.0900", 259.6, 279.01, 146.29),
            at(7.0, "7,300", 333.37, 349.18, 146.29),
            at(7.0, "0.11", 541.81, 554.04, 146.29),
        ];
        assert_eq!(split_at_size_change(rows_of(&ws, &tol), &tol).len(), 1);
    }

    /// A header one size larger than its body, at the table's leading, stays with it
    /// (a header row is one row of the larger size, whatever the gap).
    #[test]
    fn a_larger_header_over_its_body_is_not_cut_off() {
        let tol = GridTolerances::default();
        let ws = savigliano_card(9.0);
        // the 9 pt header row alone over the 7 pt phases, as a table of its own
        let mut one: Vec<Word> = ws
            .iter()
            .filter(|w| w.size > 8.0)
            .take(4)
            .cloned()
            .collect();
        one.extend(
            ws.iter()
                .filter(|w| w.size < 8.0 && w.bbox.bottom > 235.0)
                .cloned(),
        );
        for w in one.iter_mut().filter(|w| w.size > 8.0) {
            w.bbox = BBox::new(w.bbox.x0, 222.0, w.bbox.x1, 231.0);
        }
        assert_eq!(split_at_size_change(rows_of(&one, &tol), &tol).len(), 1);
    }

    /// h15-savigliano by Impress, p. 2 (`inspect --lines`): card 1's Cronoprogramma,
    /// 7 pt, `Fasi di attuazione` over twelve months and four phases marked `X`, then,
    /// 38.5 pt (4.3 of its lines) below, the 9 pt indicator table whose columns fall in
    /// the Cronoprogramma's gutters. Two tables: a body set in another size is no
    /// continuation of the table above, however its gutters line up.
    #[test]
    fn a_table_in_another_font_size_below_a_gap_is_its_own() {
        let tol = GridTolerances::default();
        let sized = |text: &str, x0: f64, x1: f64, bottom: f64, size: f32| -> Vec<Word> {
            words_of(text, x0, x1, bottom)
                .into_iter()
                .map(|mut w| {
                    w.size = size;
                    w.bbox.top = bottom - f64::from(size);
                    w
                })
                .collect()
        };
        let months = [
            ("G", 333.30),
            ("F", 372.19),
            ("M", 411.11),
            ("A", 449.89),
            ("M", 491.70),
            ("G", 530.59),
            ("L", 569.51),
            ("A", 608.29),
            ("S", 647.21),
            ("O", 688.99),
            ("N", 727.91),
            ("D", 766.69),
        ];
        let mut ws = sized("Fasi di attuazione", 43.09, 95.55, 255.61, 7.0);
        for (m, x) in months {
            ws.extend(sized(m, x, x + 5.0, 255.61, 7.0));
        }
        for (phase, x1, bottom, marked) in [
            (
                "Analisi e programmazione delle attività",
                153.53,
                267.91,
                0..4,
            ),
            ("Avvio e affidamento", 100.78, 280.30, 3..7),
            ("Realizzazione", 82.28, 292.60, 7..9),
            (
                "Verifica dei risultati e rendicontazione",
                150.36,
                304.99,
                8..12,
            ),
        ] {
            ws.extend(sized(phase, 43.09, x1, bottom, 7.0));
            for (_, x) in &months[marked] {
                ws.extend(sized("X", *x, x + 5.05, bottom, 7.0));
            }
        }
        for (bottom, cells) in [
            (
                352.51,
                [
                    ("Indicatore di risultato", 127.82),
                    ("Formula di calcolo", 376.52),
                    ("Valore 2024", 650.80),
                    ("Target 2025", 751.52),
                ],
            ),
            (
                367.10,
                [
                    ("Tempo medio di attesa per l'appuntamento", 196.96),
                    ("Media dei giorni tra prenotazione e rilascio", 460.30),
                    ("27 gg", 624.71),
                    ("24 gg", 725.41),
                ],
            ),
            (
                381.62,
                [
                    ("CIE rilasciate", 92.26),
                    ("Numero di carte emesse nell'anno", 425.92),
                    ("28.278", 629.30),
                    ("31.420", 730.01),
                ],
            ),
        ] {
            for ((text, x1), x0) in cells.into_iter().zip([43.09, 304.21, 604.29, 705.01]) {
                ws.extend(sized(text, x0, x1, bottom, 9.0));
            }
        }
        let found = find(rows_of(&ws, &tol), &[], &tol);
        let firsts: Vec<String> = found.iter().map(|r| r.rows[0].joined()).collect();
        assert_eq!(found.len(), 2, "{firsts:?}");
        assert_eq!(found[0].rows.len(), 5);
        assert!(
            firsts[1].starts_with("Indicatore di risultato"),
            "{firsts:?}"
        );
    }

    fn rows_of<'w>(words: &'w [Word], tol: &GridTolerances) -> Vec<TextRow<'w>> {
        let refs: Vec<&Word> = words.iter().collect();
        text_rows(&refs, tol)
    }

    /// h10-paluzza-peg-2025 by Chromium (unruled), p. 2, card 2: fields two by row
    /// (`label | value | label | value`), `Descrizione`'s value over the three value
    /// columns, then the indicators; the lines at `descr` more descriptions.
    fn paluzza_card(descr: &[f64]) -> Vec<Word> {
        let mut ws = vec![
            word("Area", 36.75, 56.02, 263.55),
            word("Area", 173.29, 192.55, 263.55),
            word("Demografica", 194.80, 246.07, 263.55),
            word("Responsabile", 346.51, 398.71, 263.55),
            word("Dott.ssa", 455.27, 487.25, 263.55),
            word("Valentina", 489.50, 527.23, 263.55),
            word("Obiettivo", 36.75, 73.88, 287.55),
            word("strategico", 76.13, 113.99, 287.55),
            word("DUP", 116.24, 135.64, 287.55),
            word("Servizi", 173.29, 201.04, 287.55),
            word("vicini", 203.29, 225.49, 287.55),
            word("alla", 227.74, 241.97, 287.55),
            word("comunità", 244.22, 281.68, 287.55),
            word("Peso", 346.51, 364.53, 287.55),
            word("10", 455.27, 464.27, 287.55),
            word("Tipologia", 36.75, 74.51, 301.05),
            word("Mantenimento", 173.29, 231.80, 301.05),
            word("Scadenza", 346.51, 383.94, 301.05),
            word("30/06/2025", 455.27, 502.18, 301.05),
            word("Indicatore", 36.75, 76.88, 328.05),
            word("Target", 173.29, 198.06, 328.05),
            word("2025", 200.31, 218.31, 328.05),
            word("Target", 346.51, 371.29, 328.05),
            word("2026", 373.54, 391.54, 328.05),
            word("Target", 455.27, 480.05, 328.05),
            word("2027", 482.30, 500.30, 328.05),
            word("Certificati", 36.75, 76.21, 341.55),
            word("rilasciati", 78.46, 112.17, 341.55),
            word("online", 114.42, 139.36, 341.55),
            word("81%", 173.29, 189.85, 341.55),
            word("85%", 346.51, 363.07, 341.55),
            word("89%", 455.27, 471.83, 341.55),
        ];
        for &y in descr {
            ws.push(word("Descrizione", 36.75, 83.73, y));
            for (t, a, b) in [
                ("Certificati", 173.29, 212.74),
                ("anagrafici", 214.99, 254.38),
                ("scaricabili", 256.63, 296.46),
                ("dal", 298.71, 311.23),
                ("portale", 313.48, 341.83),
                ("con", 344.08, 358.11),
                ("identità", 360.36, 391.16),
                ("digitale", 393.41, 423.34),
            ] {
                ws.push(word(t, a, b, y));
            }
        }
        ws.sort_by(|a, b| a.bbox.bottom.total_cmp(&b.bbox.bottom));
        ws
    }

    /// h11-voghiera-peg-2025 by dompdf (unruled, zebra), p. 2, card 1 below its title:
    /// `Responsabile | Servizio | Peso | Scadenza` over their values, `Descrizione`'s
    /// value over the three value columns, the indicators. dompdf sets its spaces 2.5 pt
    /// wide at 9 pt, more than `min_gutter`.
    fn voghiera_card() -> Vec<Word> {
        [
            ("Responsabile", 45.52, 100.04, 182.74),
            ("Servizio", 173.08, 205.08, 182.74),
            ("Peso", 300.64, 321.15, 182.74),
            ("Scadenza", 428.20, 468.22, 182.74),
            ("Geom.", 45.52, 72.53, 199.41),
            ("Andrea", 75.03, 104.05, 199.41),
            ("Ciarapica", 106.55, 144.56, 199.41),
            ("Servizio", 173.08, 205.08, 199.41),
            ("Segreteria", 207.59, 249.10, 199.41),
            ("e", 251.61, 256.61, 199.41),
            ("20", 300.64, 310.65, 199.41),
            ("31/12/2025", 428.20, 473.24, 199.41),
            ("Personale", 173.08, 213.60, 213.07),
            ("Descrizione", 45.52, 92.53, 229.73),
            ("Formazione", 173.08, 220.59, 229.73),
            ("obbligatoria", 223.09, 269.61, 229.73),
            ("e", 272.12, 277.12, 229.73),
            ("specialistica", 279.62, 328.13, 229.73),
            ("dei", 330.63, 342.64, 229.73),
            ("dipendenti", 345.14, 386.67, 229.73),
            ("sulla", 389.17, 407.67, 229.73),
            ("piattaforma", 410.18, 455.19, 229.73),
            ("Syllabus", 457.70, 491.71, 229.73),
            ("Indicatore", 45.52, 85.04, 246.39),
            ("Formula", 173.08, 206.08, 246.39),
            ("di", 208.59, 215.59, 246.39),
            ("calcolo", 218.09, 246.10, 246.39),
            ("Valore", 300.64, 326.65, 246.39),
            ("iniziale", 329.15, 356.66, 246.39),
            ("Valore", 428.20, 454.21, 246.39),
            ("atteso", 456.71, 481.23, 246.39),
            ("2025", 483.73, 503.75, 246.39),
            ("Dipendenti", 45.52, 88.54, 263.05),
            ("formati", 91.04, 118.55, 263.05),
            ("Dipendenti", 173.08, 216.10, 263.05),
            ("con", 218.60, 233.11, 263.05),
            ("almeno", 235.61, 265.12, 263.05),
            ("24", 267.63, 277.63, 263.05),
            ("ore", 280.14, 293.14, 263.05),
            ("79%", 300.64, 318.65, 263.05),
            ("83%", 428.20, 446.21, 263.05),
            ("di", 173.08, 180.08, 276.72),
            ("formazione", 182.58, 227.10, 276.72),
            ("/", 229.60, 232.10, 276.72),
            ("dipendenti", 234.60, 276.13, 276.72),
            ("x", 278.63, 283.13, 276.72),
            ("100", 173.08, 188.09, 290.38),
        ]
        .into_iter()
        .map(|(t, a, b, y)| word(t, a, b, y))
        .collect()
    }

    #[test]
    fn a_table_nested_under_a_cards_fields_keeps_its_columns() {
        let tol = GridTolerances::default();
        // h14-cortona by cairo (unruled), p. 2, card 1.2: five fields whose values
        // start at 203.6 pt, then `Indicatore | Unità di misura | Valore di partenza
        // | Target 2025` over one indicator's row; the long values cover the nested
        // table's gutters
        let ws: Vec<Word> = [
            ("Missione", 45.52, 81.02, 298.85),
            ("/", 83.53, 86.02, 298.85),
            ("Programma", 88.52, 135.52, 298.85),
            ("01", 203.60, 213.61, 298.85),
            ("–", 216.11, 221.12, 298.85),
            ("Servizi", 223.61, 250.60, 298.85),
            ("istituzionali", 253.10, 297.10, 298.85),
            ("/", 299.60, 302.09, 298.85),
            ("07", 304.59, 314.60, 298.85),
            ("–", 317.10, 322.11, 298.85),
            ("Anagrafe", 324.69, 361.20, 298.85),
            ("e", 363.70, 368.70, 298.85),
            ("stato", 371.20, 390.70, 298.85),
            ("civile", 393.20, 413.20, 298.85),
            ("Centro", 45.52, 72.52, 313.82),
            ("di", 75.02, 82.02, 313.82),
            ("responsabilità", 84.53, 140.04, 313.82),
            ("Area", 203.60, 222.59, 313.82),
            ("Amministrativa", 225.10, 284.07, 313.82),
            ("–", 286.57, 291.57, 313.82),
            ("Servizi", 294.07, 321.06, 313.82),
            ("Demografici", 323.57, 371.56, 313.82),
            ("Responsabile", 45.52, 100.04, 328.80),
            ("Arch.", 203.63, 224.62, 328.80),
            ("Chiara", 227.12, 253.63, 328.80),
            ("Properzi", 256.13, 289.63, 328.80),
            ("Peso", 45.52, 66.02, 343.78),
            ("%", 68.52, 76.52, 343.78),
            ("25", 203.63, 213.64, 343.78),
            ("Finalità", 45.52, 74.51, 358.76),
            ("Certificati", 203.63, 241.11, 358.76),
            ("anagrafici", 243.61, 282.62, 358.76),
            ("scaricabili", 285.12, 324.62, 358.76),
            ("dal", 327.11, 339.12, 358.76),
            ("portale", 341.62, 369.12, 358.76),
            ("con", 371.63, 386.13, 358.76),
            ("identità", 388.64, 417.63, 358.76),
            ("digitale", 420.14, 448.64, 358.76),
            ("Indicatore", 45.52, 85.02, 373.75),
            ("Unità", 203.63, 224.63, 373.75),
            ("di", 227.13, 234.13, 373.75),
            ("misura", 236.64, 263.64, 373.75),
            ("Valore", 425.79, 451.79, 373.75),
            ("di", 454.29, 461.29, 373.75),
            ("Target", 498.52, 524.51, 373.75),
            ("2025", 527.01, 547.03, 373.75),
            ("partenza", 425.79, 460.80, 384.73),
            ("Certificati", 45.52, 83.00, 399.71),
            ("rilasciati", 85.50, 117.99, 399.71),
            ("online", 120.49, 144.50, 399.71),
            ("%", 203.58, 211.58, 399.71),
            ("75%", 425.79, 443.80, 399.71),
            ("77%", 498.51, 516.52, 399.71),
        ]
        .into_iter()
        .map(|(t, a, b, y)| word(t, a, b, y))
        .collect();
        let refs: Vec<&Word> = ws.iter().collect();
        let rows = text_rows(&refs, &tol);
        // the region's rows together: the fields' edge, `Valore | Target` (the
        // values end short of it) and, since `Valore di` / `partenza` / `75%` are
        // three lines flush at 425.79 (the second alone on its line), the gutter the
        // `Finalità` value alone crosses; not `Unità di misura | Valore`
        let found = column_gutters(&rows, &tol);
        let edges: Vec<f64> = found.iter().map(|g| g.1).collect();
        assert_eq!(edges, vec![203.58, 425.79, 498.51]);
        assert!(nested_gutters(&rows, &found, &tol).is_empty());
        // a name that did not wrap leaves two starts there: the rows under the
        // fields alone find that gutter
        let two_starts: Vec<(f64, f64)> = found
            .iter()
            .copied()
            .filter(|g| (g.1 - 425.79).abs() > 0.01)
            .collect();
        let nested: Vec<f64> = nested_gutters(&rows, &two_starts, &tol)
            .iter()
            .map(|g| g.1)
            .collect();
        assert_eq!(nested, vec![425.79]);
        // without the fields the rows are one table: nothing nested
        let table = &rows[5..];
        assert!(nested_gutters(table, &column_gutters(table, &tol), &tol).is_empty());
        // card 4.1, p. 3: `… 01 – Polizia locale e amministrativa` ends at 489.81, 5.5
        // pt short of `Target 2025`: the rows together leave a narrow white there, the
        // nested table a wider one, which is returned to replace it
        let ws: Vec<Word> = [
            ("Missione", 45.52, 81.02, 321.46),
            ("/", 83.53, 86.02, 321.46),
            ("Programma", 88.52, 135.52, 321.46),
            ("03", 210.71, 220.71, 321.46),
            ("–", 223.22, 228.22, 321.46),
            ("Ordine", 230.72, 257.72, 321.46),
            ("pubblico", 260.21, 293.73, 321.46),
            ("e", 296.29, 301.30, 321.46),
            ("sicurezza", 303.80, 341.81, 321.46),
            ("/", 344.31, 346.80, 321.46),
            ("01", 349.29, 359.30, 321.46),
            ("–", 361.80, 366.81, 321.46),
            ("Polizia", 369.31, 395.81, 321.46),
            ("locale", 398.31, 421.82, 321.46),
            ("e", 424.32, 429.32, 321.46),
            ("amministrativa", 431.82, 489.81, 321.46),
            ("Centro", 45.52, 72.52, 336.44),
            ("di", 75.02, 82.02, 336.44),
            ("responsabilità", 84.53, 140.04, 336.44),
            ("Area", 210.70, 229.70, 336.44),
            ("Vigilanza", 232.20, 268.70, 336.44),
            ("Responsabile", 45.52, 100.04, 351.43),
            ("Arch.", 210.73, 231.72, 351.43),
            ("Stefano", 234.22, 265.22, 351.43),
            ("Ottaviani", 267.72, 303.21, 351.43),
            ("Peso", 45.52, 66.02, 366.41),
            ("%", 68.52, 76.52, 366.41),
            ("50", 210.73, 220.74, 366.41),
            ("Finalità", 45.52, 74.51, 381.39),
            ("Postazioni", 210.73, 252.23, 381.39),
            ("di", 254.74, 261.74, 381.39),
            ("rilevamento", 264.24, 310.74, 381.39),
            ("nelle", 313.24, 332.24, 381.39),
            ("zone", 334.75, 354.26, 381.39),
            ("30", 356.76, 366.77, 381.39),
            ("e", 369.27, 374.27, 381.39),
            ("davanti", 376.78, 405.78, 381.39),
            ("alle", 408.28, 422.29, 381.39),
            ("scuole", 424.79, 450.80, 381.39),
            ("Indicatore", 45.52, 85.02, 396.37),
            ("Unità", 210.73, 231.73, 396.37),
            ("di", 234.23, 241.24, 396.37),
            ("misura", 243.74, 270.74, 396.37),
            ("Valore", 421.43, 447.43, 396.37),
            ("di", 449.93, 456.93, 396.37),
            ("Target", 495.31, 521.30, 396.37),
            ("2025", 523.80, 543.82, 396.37),
            ("partenza", 421.43, 456.44, 407.35),
            ("Ore", 45.52, 60.51, 422.32),
            ("di", 63.02, 70.02, 422.32),
            ("controllo", 72.52, 106.52, 422.32),
            ("su", 109.01, 118.52, 422.32),
            ("strada", 121.03, 146.03, 422.32),
            ("numero", 210.70, 241.21, 422.32),
            ("101", 421.43, 436.44, 422.32),
            ("113", 495.31, 510.32, 422.32),
            ("Incidenti", 45.52, 79.02, 437.30),
            ("con", 81.52, 96.03, 437.30),
            ("feriti", 98.53, 115.51, 437.30),
            ("numero", 210.73, 241.24, 437.30),
            ("59", 421.43, 431.43, 437.30),
            ("<", 495.31, 500.55, 437.30),
            ("52", 503.05, 513.05, 437.30),
        ]
        .into_iter()
        .map(|(t, a, b, y)| word(t, a, b, y))
        .collect();
        let refs: Vec<&Word> = ws.iter().collect();
        let rows = text_rows(&refs, &tol);
        let found = column_gutters(&rows, &tol);
        assert!(found.iter().any(|g| g.0 == 489.81), "{found:?}");
        // `Unità di misura | Valore` no value crosses here: found already
        assert!(found.iter().any(|g| g.1 == 421.43), "{found:?}");
        let nested: Vec<(f64, f64)> = nested_gutters(&rows, &found, &tol);
        assert_eq!(nested, vec![(456.93, 495.31)]);
    }

    #[test]
    fn a_word_space_wider_than_min_gutter_is_no_gutter() {
        let tol = GridTolerances::default();
        let words = voghiera_card();
        let rows = rows_of(&words, &tol);
        let g = gutters(&rows, &tol);
        // the four columns' edges, none at a space of the description (`sulla
        // piattaforma` was one, and the value columns' edges were hidden)
        assert_eq!(g.len(), 3, "{g:?}");
        assert!(g[0].0 >= 144.5 && g[0].1 <= 173.1, "{g:?}");
        assert!(g[1].0 >= 293.1 && g[1].1 <= 300.7, "{g:?}");
        assert!(g[2].0 >= 356.6 && g[2].1 <= 428.3, "{g:?}");
        // and the description is one cell, from where the second column starts
        let tails = spanning_pieces(&rows, &g, &tol);
        assert_eq!(tails.len(), 1);
        assert!((tails[0].1 - 173.08).abs() < 0.01);
        assert_eq!(tails[0].0.words[0].text, "Descrizione");
    }

    #[test]
    fn a_value_spanning_the_columns_right_of_it_hides_no_gutter() {
        let tol = GridTolerances::default();
        let words = paluzza_card(&[314.55]);
        let rows = rows_of(&words, &tol);
        let g = gutters(&rows, &tol);
        // the value columns' gutter, between `comunità` and `Responsabile`
        assert_eq!(g.len(), 3, "{g:?}");
        assert!(g[1].0 >= 281.6 && g[1].1 <= 346.6, "{g:?}");
        // and the description is one cell, from where the second column starts
        let tails = spanning_pieces(&rows, &g, &tol);
        assert_eq!(tails.len(), 1);
        assert!((tails[0].1 - 173.29).abs() < 0.01);
        assert_eq!(tails[0].0.words[0].text, "Descrizione");
        // a gap that many rows bridge is no column's edge
        let words = paluzza_card(&[314.55, 350.0, 360.0]);
        let rows = rows_of(&words, &tol);
        assert_eq!(gutters(&rows, &tol).len(), 2);
    }

    #[test]
    fn a_gap_every_row_bridges_with_a_word_space_is_no_gutter() {
        // g-roles-34 (ReportLab, p. 2): `05 – Viabilità`, `04 – Interventi` leave the
        // same 2.9 pt white after `05` and after `–` in every row
        let tol = GridTolerances::default();
        let mut words = Vec::new();
        for (i, (a, b)) in [("Manutenzione", "Viabilità"), ("Inclusione", "Interventi")]
            .iter()
            .enumerate()
        {
            let y = 99.12 + 15.8 * i as f64;
            words.push(word(a, 45.52, 108.95, y));
            words.push(word("05", 307.07, 318.52, y));
            words.push(word("–", 321.38, 325.88, y));
            words.push(word(b, 328.74, 365.17, y));
        }
        words.push(word("Digitalizzazione", 45.52, 120.0, 130.72));
        words.push(word("01", 307.07, 318.52, 130.72));
        words.push(word("–", 321.38, 325.88, 130.72));
        words.push(word("Urbanistica", 328.74, 380.0, 130.72));
        let rows = rows_of(&words, &tol);
        assert_eq!(
            gutters(&rows, &tol).len(),
            3,
            "white after `05` and `–` too"
        );
        let g = column_gutters(&rows, &tol);
        assert_eq!(g.len(), 1, "{g:?}");
        assert!(g[0].0 >= 108.95 && g[0].1 <= 307.07);
    }

    #[test]
    fn bold_labels_beside_plain_values_are_a_key_value_table() {
        // t-collesalvetti (ReportLab): `Missione | 3 – Ordine pubblico e sicurezza`
        let tol = GridTolerances::default();
        let mut words = Vec::new();
        for (i, (k, v)) in [
            ("Missione", "Ordine"),
            ("MOS", "Miglioramento"),
            ("Programma", "n."),
        ]
        .iter()
        .enumerate()
        {
            let y = 150.0 + 17.0 * i as f64;
            words.push(bold(k, 47.0, 90.0, y));
            words.push(word(v, 196.0, 240.0, y));
        }
        let rows = rows_of(&words, &tol);
        let g = gutters(&rows, &tol);
        assert!(key_value(&rows, &g));
        // a bold header row is no label: its value side is bold too
        words.push(bold("Valore", 196.0, 230.0, 130.0));
        words.push(bold("Voce", 47.0, 70.0, 130.0));
        let rows = rows_of(&words, &tol);
        assert!(!key_value(&rows, &gutters(&rows, &tol)));
        // bullets in bold beside text are a list
        let list = [
            bold("•", 72.0, 76.0, 100.0),
            word("first", 90.0, 120.0, 100.0),
            bold("•", 72.0, 76.0, 112.0),
            word("second", 90.0, 125.0, 112.0),
        ];
        let rows = rows_of(&list, &tol);
        assert!(!key_value(&rows, &gutters(&rows, &tol)));
    }

    #[test]
    fn a_bold_header_that_does_not_line_up_starts_a_new_table() {
        // piao-chiavari (Chromium, p. 4): the transparency grid's bold header under the
        // anticorruption map, a blank line apart, columns elsewhere
        let tol = GridTolerances::default();
        let mut words = vec![
            bold("Processo", 36.75, 68.27, 72.0),
            bold("Evento", 142.16, 167.14, 72.0),
            bold("Misura", 279.62, 305.77, 72.0),
        ];
        for i in 0..3 {
            let y = 85.0 + 12.0 * i as f64;
            words.push(word("Affidamento", 36.75, 81.97, y));
            words.push(word("Frazionamento", 142.16, 195.24, y));
            words.push(word("Programmazione", 279.62, 340.70, y));
        }
        words.push(bold("Riferimento", 36.75, 80.0, 140.0));
        words.push(bold("Denominazione", 214.7, 270.0, 140.0));
        for i in 0..3 {
            let y = 153.0 + 12.0 * i as f64;
            words.push(word("Art.", 36.75, 50.0, y));
            words.push(word("Organi", 214.7, 240.0, y));
        }
        let run = rows_of(&words, &tol);
        let parts = split_at_new_headers(run, &tol);
        assert_eq!(parts.iter().map(Vec::len).collect::<Vec<_>>(), [4, 4]);
        // a bold row lined up with the columns above (a total) stays
        let mut words: Vec<Word> = words
            .into_iter()
            .filter(|w| w.bbox.bottom < 130.0)
            .collect();
        words.push(bold("Totale", 36.75, 60.0, 121.0));
        words.push(bold("12", 142.16, 150.0, 121.0));
        for i in 0..2 {
            words.push(word("Nota", 36.75, 55.0, 133.0 + 12.0 * i as f64));
            words.push(word("x", 142.16, 146.0, 133.0 + 12.0 * i as f64));
        }
        assert_eq!(split_at_new_headers(rows_of(&words, &tol), &tol).len(), 1);
    }

    #[test]
    fn a_ruled_column_under_a_bold_header_is_a_one_column_table() {
        // g-roles-04 (Calc, rules only): a bold header, a rule under it and under
        // every row
        let tol = GridTolerances::default();
        let mut words = vec![bold("Obiettivo", 30.0, 70.0, 57.0)];
        let texts = ["Attuazione", "Razionalizzazione", "Sicurezza", "Aumento"];
        for (i, t) in texts.iter().enumerate() {
            words.push(word(t, 30.0, 110.0, 70.0 + 13.0 * i as f64));
        }
        let rule = |y: f64| Mark {
            y,
            x0: 28.0,
            x1: 560.0,
        };
        let mut marks = vec![rule(46.0), rule(61.0)];
        marks.extend((0..4).map(|i| rule(73.0 + 13.0 * i as f64)));
        let r = one_column(rows_of(&words, &tol), &marks, &tol);
        assert_eq!(r.as_ref().map(|r| r.rows.len()), Some(5));
        assert!(r.is_some_and(|r| r.gutters.is_empty()));
        // the same lines without rules are a heading over a list
        assert!(one_column(rows_of(&words, &tol), &[], &tol).is_none());
        // and without the bold header, ruled lines are no table either
        let plain: Vec<Word> = words
            .iter()
            .map(|w| Word {
                bold: Some(false),
                ..w.clone()
            })
            .collect();
        assert!(one_column(rows_of(&plain, &tol), &marks, &tol).is_none());
    }

    #[test]
    fn a_line_in_the_font_of_its_table_is_no_heading() {
        // piao-chiavari (Chromium, p. 5): the lavoro agile table at 7.5 pt in a run
        // whose usual font is 8 pt; `totali`, a wrapped cell line, is not a heading
        let tol = GridTolerances::default();
        let at = |t: &str, x0: f64, x1: f64, y: f64, size: f32| Word {
            size,
            ..word(t, x0, x1, y)
        };
        let mut words = Vec::new();
        for i in 0..5 {
            let y = 100.0 + 12.0 * i as f64;
            words.push(at("Settore", 36.0, 70.0, y, 8.5));
            words.push(at("9", 300.0, 305.0, y, 8.5));
        }
        words.push(at("Gestione", 36.0, 70.0, 170.0, 7.5));
        words.push(at("Pratiche", 300.0, 340.0, 170.0, 7.5));
        words.push(at("totali", 300.0, 330.0, 179.0, 7.5));
        words.push(at("Istruttoria", 36.0, 80.0, 191.0, 7.5));
        words.push(at("Tempo", 300.0, 330.0, 191.0, 7.5));
        let parts = split_at_headings(rows_of(&words, &tol), &tol);
        assert_eq!(
            parts.len(),
            1,
            "{:?}",
            parts.iter().map(Vec::len).collect::<Vec<_>>()
        );
    }

    #[test]
    fn a_justified_line_is_one_piece_a_table_row_several() {
        let tol = GridTolerances::default();
        // Writer's justified paragraph (003 p. 16): every space stretched to 9.5 pt
        let prose: Vec<Word> = ["competenza,", "con", "riferimento", "agli", "strumenti"]
            .iter()
            .enumerate()
            .map(|(i, t)| word(t, 50.0 + 60.0 * i as f64, 100.5 + 60.0 * i as f64, 100.0))
            .collect();
        let refs: Vec<&Word> = prose.iter().collect();
        assert!(justified(&refs, &tol));
        assert_eq!(text_rows(&refs, &tol)[0].segments, 1);
        // a row of a statistical table: word spaces inside the label, wide gaps after
        let row = [
            word("North", 50.0, 75.0, 100.0),
            word("office", 77.5, 103.0, 100.0),
            word("1,204", 200.0, 225.0, 100.0),
            word("35.2", 300.0, 318.0, 100.0),
        ];
        let refs: Vec<&Word> = row.iter().collect();
        assert!(!justified(&refs, &tol));
        assert_eq!(text_rows(&refs, &tol)[0].segments, 3);
    }

    #[test]
    fn gutters_hold_over_the_rows_a_spanning_top_row_may_cross() {
        let tol = GridTolerances::default();
        let mut words = vec![
            // a spanning name over both number columns, crossing their gutter
            word("Requests", 200.0, 240.0, 80.0),
            word("handled", 242.5, 320.0, 80.0),
        ];
        for (i, (a, b)) in [("1,204", "35.2"), ("987", "41.0"), ("1,530", "28.7")]
            .iter()
            .enumerate()
        {
            let y = 91.0 + 11.0 * i as f64;
            words.push(word("Office", 50.0, 80.0, y));
            words.push(word(a, 200.0, 225.0, y));
            words.push(word(b, 300.0, 318.0, y));
        }
        let refs: Vec<&Word> = words.iter().collect();
        let rows = text_rows(&refs, &tol);
        assert_eq!(rows.len(), 4);
        let g = gutters(&rows, &tol);
        assert_eq!(g.len(), 2, "{g:?}");
        assert!(g[0].0 >= 80.0 && g[0].1 <= 200.0);
        assert!(g[1].0 >= 225.0 && g[1].1 <= 300.0);
    }

    /// The number test as it was written before [`ColText`]: the words' texts joined
    /// with a space, that text copied without its spaces, then read: the reference
    /// [`ColText`] must agree with.
    fn joined(texts: &[&str]) -> (bool, bool) {
        let text = texts.join(" ");
        let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        let numeric = t.chars().any(|c| c.is_ascii_digit())
            && t.chars()
                .all(|c| c.is_ascii_digit() || ".,%()+-–−$€£*/:'".contains(c) || c == '\u{2013}');
        (text.is_empty(), numeric)
    }

    fn col_text_of(texts: &[&str]) -> ColText {
        let ws: Vec<Word> = texts.iter().map(|t| word(t, 0.0, 1.0, 10.0)).collect();
        ColText::of(&ws)
    }

    #[test]
    fn numbers_read_as_numbers() {
        // cells of seed and ICDAR 2013 tables
        for t in ["44.8", "$33,200", "(102.7–103.6)", "85,29%", "1 204", "-32"] {
            assert!(col_text_of(&[t]).is_numeric(), "{t}");
            assert!(joined(&[t]).1, "{t}");
        }
        for t in [
            "Total",
            "25.29.4.1.05_",
            "1= fatto 0= non fatto",
            "PK–12",
            "",
        ] {
            assert!(!col_text_of(&[t]).is_numeric(), "{t}");
            assert!(!joined(&[t]).1, "{t}");
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]
        /// Word by word, the same answers as the joined text: words drawn from
        /// digits, number marks, spaces (an empty word too) and letters.
        #[test]
        fn col_text_reads_as_the_joined_text(
            texts in proptest::collection::vec("[0-9.,%()+\\-–−$€£*/:' \u{a0}\tAbz_=]{0,4}", 0..5)
        ) {
            let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
            let t = col_text_of(&texts);
            proptest::prop_assert_eq!((t.is_empty(), t.is_numeric()), joined(&texts));
        }

        /// A row's columns read at once are each column's words read apart.
        #[test]
        fn row_columns_are_each_columns_words(
            xs in proptest::collection::vec((0.0f64..300.0, "[0-9a,. ]{0,3}"), 0..8),
            cuts in proptest::collection::vec(10.0f64..290.0, 0..4),
        ) {
            let words: Vec<Word> = xs.iter().map(|(x, t)| word(t, *x, x + 5.0, 10.0)).collect();
            let row = TextRow {
                words: words.iter().collect(),
                bbox: BBox::new(0.0, 0.0, 300.0, 10.0),
                segments: 1,
                space: 0.0,
            };
            let mut gutters: Vec<(f64, f64)> = cuts.iter().map(|c| (*c - 1.0, *c)).collect();
            gutters.sort_by(|a, b| a.0.total_cmp(&b.0));
            let cols = row_columns(&row, &gutters);
            for (c, t) in cols.iter().enumerate() {
                proptest::prop_assert_eq!(*t, ColText::of(in_col(&row, c, &gutters)));
            }
        }
    }
}
