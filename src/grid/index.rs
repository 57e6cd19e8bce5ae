//! The words of a page searched by box without scanning them all.
//!
//! A ruled grid reads the words of each of its cells ([`super::words_in`]: every word
//! whose centre lies in the cell), and a scan of the whole page per cell made the
//! lattice cost cells × words: ~4% of seed 000's stages after the PDF layer (61 ruled
//! pages, issue 22). A page's words come out of `layout` sorted by their top edge, so
//! the words a box can hold are one run of them, found by bisection; the same test as
//! the full scan then runs on that run only, which keeps the full scan's words in its
//! order.

use crate::geom::BBox;
use crate::layout::Word;

/// Slack, in points, added to both ends of the run of tops searched: far more than the
/// rounding of `(top + bottom) / 2` can move a centre on a page's coordinates, so no
/// word the full scan keeps falls outside the run (the exact test still decides every
/// word inside it). For coordinates so large that a point is below their precision it
/// grows with them ([`RELATIVE_SLACK`]).
const SLACK: f64 = 1.0;
/// [`SLACK`] as a share of the largest coordinate of a search, when that is more.
const RELATIVE_SLACK: f64 = 1e-9;

/// A page's words with what bounds a box search: how far a word's vertical centre can
/// lie from its top, when the words are sorted by top and every coordinate is finite.
pub(crate) struct WordsByTop<'w> {
    words: &'w [Word],
    /// `(least, greatest)` of `cy - top` over the words; `None`: not sorted by top, or
    /// a coordinate is not finite (the search scans every word).
    reach: Option<(f64, f64)>,
}

impl<'w> WordsByTop<'w> {
    /// The index of `words` (no copy: it checks their order and measures them once).
    pub(crate) fn new(words: &'w [Word]) -> Self {
        let finite = words
            .iter()
            .all(|w| w.bbox.top.is_finite() && w.bbox.bottom.is_finite());
        let sorted = words
            .windows(2)
            .all(|p| p[0].bbox.top.total_cmp(&p[1].bbox.top).is_le());
        let reach = (finite && sorted).then(|| {
            words
                .iter()
                .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), w| {
                    let d = w.bbox.cy() - w.bbox.top;
                    (lo.min(d), hi.max(d))
                })
        });
        WordsByTop { words, reach }
    }

    /// Words whose centre lies in `b` (with a margin): what [`super::words_in`] gives,
    /// in the same order.
    pub(crate) fn within(&self, b: &BBox, margin: f64) -> Vec<&'w Word> {
        let run = self.candidates(b, margin);
        run.iter()
            .filter(|w| b.contains_point(w.bbox.cx(), w.bbox.cy(), margin))
            .collect()
    }

    /// The words whose centre lies in `b`'s rows (with a margin), whatever its
    /// columns: what [`WordsByTop::within`] gives for any box of these rows before
    /// its columns are tested ([`in_columns`]), for the cells of one row band to share.
    pub(crate) fn in_rows(&self, b: &BBox, margin: f64) -> Vec<&'w Word> {
        let run = self.candidates(b, margin);
        run.iter()
            .filter(|w| {
                let y = w.bbox.cy();
                y >= b.top - margin && y <= b.bottom + margin
            })
            .collect()
    }

    /// The run of words whose top allows a centre in `b`'s rows: a centre at least
    /// `b.top - margin` needs a top at least that less the greatest reach, a centre at
    /// most `b.bottom + margin` a top at most that less the least reach.
    fn candidates(&self, b: &BBox, margin: f64) -> &'w [Word] {
        let lo = b.top - margin;
        let hi = b.bottom + margin;
        let Some((least, greatest)) = self.reach.filter(|_| lo.is_finite() && hi.is_finite())
        else {
            return self.words;
        };
        let scale = [lo, hi, least, greatest]
            .iter()
            .fold(0.0f64, |m, v| m.max(v.abs()));
        let slack = SLACK.max(scale * RELATIVE_SLACK);
        let (from, to) = (lo - greatest - slack, hi - least + slack);
        let start = self.words.partition_point(|w| w.bbox.top < from);
        let end = self.words.partition_point(|w| w.bbox.top <= to);
        self.words.get(start..end.max(start)).unwrap_or(self.words)
    }
}

/// Of `band` (from [`WordsByTop::in_rows`] for `b`'s rows), the words whose centre
/// lies in `b`'s columns too: [`BBox::contains_point`]'s test in two halves, so the
/// words [`WordsByTop::within`] gives, in its order.
pub(crate) fn in_columns<'w>(band: &[&'w Word], b: &BBox, margin: f64) -> Vec<&'w Word> {
    band.iter()
        .copied()
        .filter(|w| {
            let x = w.bbox.cx();
            x >= b.x0 - margin && x <= b.x1 + margin
        })
        .collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;
    use crate::config::Config;
    use proptest::prelude::*;

    fn word(x0: f64, top: f64, w: f64, h: f64) -> Word {
        Word {
            text: "x".into(),
            page: 1,
            bbox: BBox::new(x0, top, x0 + w, top + h),
            size: 9.0,
            dir: 0,
            bold: None,
            space_after: false,
            origin: Default::default(),
        }
    }

    fn same(words: &[Word], b: &BBox, margin: f64) -> bool {
        let full: Vec<*const Word> = super::super::words_in(words, b, margin)
            .into_iter()
            .map(std::ptr::from_ref)
            .collect();
        let fast: Vec<*const Word> = WordsByTop::new(words)
            .within(b, margin)
            .into_iter()
            .map(std::ptr::from_ref)
            .collect();
        let index = WordsByTop::new(words);
        let banded: Vec<*const Word> = in_columns(&index.in_rows(b, margin), b, margin)
            .into_iter()
            .map(std::ptr::from_ref)
            .collect();
        full == fast && full == banded
    }

    /// On every page of the ruled and zebra fixtures, every cell box of the grids
    /// found there and every word's own box give the words the full scan gives.
    #[test]
    fn the_index_finds_what_the_full_scan_finds_on_the_fixtures() {
        let config = Config::default();
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .chain(std::fs::read_dir(dir.join("comuni")).unwrap())
            .flatten()
            .map(|e| e.path())
            .filter(|p| {
                let n = p.to_string_lossy();
                n.ends_with(".pdf") && (n.contains("ruled") || n.contains("zebra"))
            })
            .collect();
        files.sort();
        let (mut boxes, mut sorted_pages) = (0usize, 0usize);
        for f in files.iter().step_by(3) {
            let bytes = std::fs::read(f).unwrap();
            let Ok(source) = crate::pdf::PageSource::new(&bytes, &config) else {
                continue;
            };
            let pages = source.read(0..source.page_count(), &config).unwrap();
            for p in &pages {
                let t = crate::layout::analyze_page(p, &config.layout);
                sorted_pages += usize::from(WordsByTop::new(&t.words).reach.is_some());
                let grids = super::super::detect(p, &t, &config.grid);
                let cells = grids.iter().flat_map(|g| &g.cells).map(|c| c.prov.bbox);
                let words = t.words.iter().map(|w| w.bbox);
                for b in cells.chain(words) {
                    for margin in [0.0, config.grid.cell_margin] {
                        assert!(
                            same(&t.words, &b, margin),
                            "{} p.{} {b:?}",
                            f.display(),
                            p.number
                        );
                        boxes += 1;
                    }
                }
            }
        }
        assert!(
            boxes > 10_000 && sorted_pages > 50,
            "{boxes} {sorted_pages}"
        );
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]
        /// Random words (tall, flat, overlapping) sorted as `layout` sorts them, or
        /// not, and random boxes: the same words as the full scan, in its order.
        #[test]
        fn the_index_finds_what_the_full_scan_finds(
            spec in proptest::collection::vec((0.0..600.0f64, 0.0..800.0f64, 0.0..80.0f64, 0.0..60.0f64), 0..60),
            sort in any::<bool>(),
            (x0, top, w, h) in (-10.0..600.0f64, -10.0..800.0f64, 0.0..300.0f64, 0.0..200.0f64),
            margin in 0.0..5.0f64,
        ) {
            let mut words: Vec<Word> = spec.iter().map(|(x, t, w, h)| word(*x, *t, *w, *h)).collect();
            if sort {
                words.sort_by(|a, b| a.bbox.reading_order(&b.bbox));
            }
            let b = BBox::new(x0, top, x0 + w, top + h);
            prop_assert!(same(&words, &b, margin));
        }
    }
}
