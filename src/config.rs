//! Every judgement the pipeline makes, as a named and documented number.
//!
//! One struct per stage, each a field of [`Config`], which is passed down each stage's
//! entry function. `Default` is the only place the numbers appear (for
//! [`NormalizeRules`], its `DEFAULT` constant, which the pure string normalizers read).
//! Each field says its unit, what it controls and why it has this value (the fixture or
//! seed line that showed it). The README carries the same table.

use crate::vocab::RunVocabulary;

/// How a [`crate::text::Rule`] picks between its two engines (`regex-lite`, cheap to
/// build, and `regex`, fast to run; the same matches). Process-wide: rules are statics,
/// built before any run's [`Config`] reaches them, so they read [`RuleEngine::DEFAULT`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RuleEngine {
    /// Largest document, in pages, whose rules run their light forms
    /// ([`crate::text::prefer_light`]). Default 10: measured (`perf stat` task-clock,
    /// 21 runs each, builds alternating) on 3- and 5-page plans the light forms saved
    /// 2–3 ms of ~20–40 (the rules' builds); on 53–84-page plans, where most rules read
    /// thousands of lines, the light engine's slower searches and the builds still paid
    /// past the budget below cost 000-calc-ruled +5 ms and 004-writer-ruled up to +5 ms.
    /// Past 10 pages a plan has tables enough for every common rule to run often.
    pub light_pages: usize,
    /// Bytes of text a rule reads with its light forms before it builds its `regex`
    /// form (30–450 µs to build) and reads with that from then on. Default 8 KiB: the
    /// light engine (a Pike VM) costs ~10 ns more per byte than `regex`'s lazy DFA, so
    /// about 8–10 KiB of text is where a `regex` build pays for itself (~100 µs).
    pub light_bytes: usize,
}

impl RuleEngine {
    /// The defaults (see each field).
    pub const DEFAULT: RuleEngine = RuleEngine {
        light_pages: 10,
        light_bytes: 8192,
    };
}

impl Default for RuleEngine {
    fn default() -> Self {
        RuleEngine::DEFAULT
    }
}

/// Resource limits applied while opening a PDF, so one hostile file cannot exhaust
/// memory or time.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Maximum number of pages. Default 5,000: the largest plan seen (004) has ~100;
    /// a national corpus has nothing near this, so more means a generated or broken file.
    pub max_pages: usize,
    /// Maximum decompressed size of any one stream, in bytes. Default 64 MiB: content
    /// streams of the fixtures are under 200 KiB; a decompression bomb stops here.
    pub max_stream_bytes: u64,
    /// Maximum decompressed bytes over the whole document. Default 512 MiB.
    pub max_total_bytes: u64,
    /// Maximum input file size in bytes. Default 512 MiB.
    pub max_file_bytes: u64,
    /// Maximum content-stream operators interpreted on one page (Form XObjects
    /// included). Default 2,000,000: the densest fixture page has ~20,000; a page
    /// past this is hostile or broken, and is kept with what was read so far.
    pub max_ops_per_page: usize,
    /// Maximum nesting of Form XObjects. Default 16: producers nest two or three
    /// levels; a form that draws itself must stop somewhere.
    pub max_form_depth: usize,
    /// Pages read at a time by [`crate::pipeline::run`]. Default 32: enough to keep
    /// every core busy, few enough that their glyphs (the bulk of a page's memory)
    /// never add up. A resource knob only: cell line breaks left to the document's
    /// [`Lexicon`](crate::layout::Lexicon) are settled once every page is read, so the
    /// output does not depend on it (`tests/it/golden.rs` reads 001-chromium-zebra one
    /// page at a time and gets the same records).
    pub pages_per_chunk: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_pages: 5_000,
            max_stream_bytes: 64 << 20,
            max_total_bytes: 512 << 20,
            max_file_bytes: 512 << 20,
            max_ops_per_page: 2_000_000,
            max_form_depth: 16,
            pages_per_chunk: 32,
        }
    }
}

/// Tolerances for building words and lines from glyphs (stage `layout`).
#[derive(Debug, Clone)]
pub struct LayoutTolerances {
    /// A gap between two glyphs wider than this fraction of the font size starts a new
    /// word. Default 0.15: LibreOffice and Chromium emit spaces as real glyphs or as
    /// positioning gaps of ~0.25 em; kerning inside words stays under 0.1 em.
    pub word_gap_em: f64,
    /// Two glyphs touch when the gap between them is at most this fraction of the
    /// font size. Touching decides where the content stream's order and the page's
    /// geometry disagree: a glyph drawn by another part of the stream (not right after
    /// the glyph before it on its row) joins that glyph's word only when it touches it,
    /// and a space glyph separates nothing when the next glyph is drawn back to within
    /// this of where the space starts. Default 0.1: pdftotext's
    /// `minWordBreakSpace` (poppler TextOutputDev), the widest gap it keeps inside a
    /// word. A Symbol `=` drawn after the number it precedes stands 0.148 em from it
    /// (`= 11`, ICDAR 2013 eu-021, eu-025), a colon drawn after its line touches its
    /// word at −0.01 em (`Capacity:`, us-026), dot leaders start 0.005 em after the
    /// word's space starts (`Hispanic.`, us-001), while spaces squeezed by justification
    /// leave 0.13–0.15 em (us-022, us-023: still words apart, where pdftotext, which
    /// prints a space only past 0.15 em, glues them).
    pub touch_em: f64,
    /// ...and a space glyph separates nothing only when the next glyph also starts
    /// within this share of the space's own width from where it starts: the space
    /// was taken back, not just narrowed. Default 0.25: dot leaders start 2% into
    /// the space (ICDAR 2013 us-001), justification narrows a space to no less than
    /// 55% (us-023); and it holds where the font size is wrong: Type 3 fonts whose
    /// size reads 58 pt for 10 pt text, each word starting 100% of its space after
    /// the last (pdf.js issue6605), which the em test alone read as one word per line.
    pub space_taken_back: f64,
    /// A glyph that starts more than this fraction of its font size back over the
    /// glyph before it on its row, drawn by another part of the content stream and
    /// not a copy of it, is text printed over other text: the two parts are read
    /// apart, each as its own words. Default 0.2: pdftotext's `minDupBreakOverlap`
    /// (poppler TextOutputDev), past which it takes a glyph for overprinted text.
    /// Kerning inside one run of text is never tested (ICDAR 2013 us-001 kerns `P.`
    /// by exactly 0.2 em), and a running head printed over another overlaps its
    /// letters by 0.2–0.5 em (us-020, us-021: `EXECUTIVE SUMMARY` under `APPENDIX A`).
    pub overprint_em: f64,
    /// Two glyphs are on the same line when their baselines differ by less than this
    /// fraction of the font size. Default 0.3 (superscripts excluded, jitter included).
    pub baseline_em: f64,
    /// Words on one baseline whose gap exceeds this many em are split into separate
    /// line fragments (different table columns). Default 1.0: column gaps in the Calc
    /// fixtures are over 2 em at 8 pt, inter-word spaces ~0.3 em.
    pub line_gap_em: f64,
    /// A page's producer keeps the space a wrapped line ends with (so a line break
    /// without one fell inside a token) when at least this share of its line fragments
    /// end in a space glyph... Default 0.05: LibreOffice pages of the fixtures end
    /// 15–60% of their fragments so (every wrapped line), Chromium's none.
    pub trailing_space_share: f64,
    /// ...and at least this many. Default 3: a stray space typed at the end of one
    /// cell is no evidence.
    pub trailing_space_min_lines: usize,
    /// A glyph that repeats the previous glyph's text within this fraction of the font
    /// size, both across and in baseline, is a copy printed to fake bold and is dropped
    /// (pdfplumber's `dedupe_chars`). Default 0.2: the copy is offset by a fraction of a
    /// point, while a real double letter is one glyph's width apart, and `l` is only
    /// 0.222 em wide in Helvetica and Liberation Sans: at 0.25 em a double `l` (`della`,
    /// `nella`) collapses into one and every fixture's scores fall (000's record F1 to
    /// 0.15). 0.1 changes nothing.
    pub duplicate_em: f64,
    /// ...and only when it is offset across by less than this share of the previous
    /// glyph's width (its advance): a copy printed to fake bold overlaps the original
    /// almost entirely, a real double letter starts one advance further. Default 0.5:
    /// fake-bold offsets are a fraction of a point against glyphs 1–6 pt wide, while
    /// kerning moves a double letter by under 0.2 of its advance. Without it, Arial
    /// Narrow's `l` (0.18 em) fell under `duplicate_em` and `colleges` read `col eges`
    /// (ICDAR 2013 us-036).
    pub duplicate_advance: f64,
    /// A word in a font at most this share of a neighbour's size, set right after it
    /// (within the word gap) on a baseline off by less than `script_baseline_em`, is
    /// a superscript or subscript of that word and joins it (`3rd`, `km2`, a footnote
    /// mark). Default 0.9: scripts are set at 58–80% of the text size by Word,
    /// LibreOffice and TeX; text of one size never joins across baselines.
    pub script_size_ratio: f64,
    /// ...and its baseline is off the word's by less than this fraction of the
    /// word's size. Default 0.5: pdftotext's `maxIntraLineDelta` (poppler
    /// TextOutputDev), the same-line test its raw mode joins scripts by; superscripts
    /// rise 0.33–0.45 em, subscripts drop 0.1–0.25 em.
    pub script_baseline_em: f64,
    /// A word may start up to this fraction of the font size left of the previous
    /// word's end and still continue its line fragment (glyph boxes of estimated width
    /// overlap); further left it overprints and starts another fragment. Default 0.5;
    /// the fixtures do not pin it (no output changes from 0.25 to 1.0).
    pub line_overlap_em: f64,
    /// Two words stand on one line when their boxes share more than this share of the
    /// lower box's height. Default 0.5: FOP's fallback glyph `≤` (DejaVu Sans beside
    /// Helvetica) sits 0.29 pt off the 7 pt boxes of its line and shares 96% of them
    /// (g-pinerolo by FOP); a word of the next line shares none.
    pub same_line_share: f64,
    /// How many of the latest line fragments a word may join, newest first. Default 4:
    /// words come in reading order (top, then left), so a word's fragment is one of the
    /// last few even when neighbouring rows' tops differ by fractions of a point and
    /// interleave; searching every fragment would make a page quadratic. The fixtures
    /// read the same with 3 or 5.
    pub line_lookback: usize,
    /// A vertical ruling is a cell border between two words when it lies in their gap,
    /// or up to this many points into either word's box (a border drawn touching the
    /// glyphs). Default 0.5 pt: producers round coordinates to 0.01–0.1 pt (no output
    /// changes from 0.25 to 1.0).
    pub rule_slack: f64,
    /// A second piece at least this long (letters) that the document prints as a word
    /// elsewhere is that word, not the tail of a broken one (tails such as `ni`, `ti`,
    /// `ze`, `o` are shorter, or are not words of the document). Default 4: keeps
    /// `dell'autotrasporto` / `professionale` apart; read by
    /// [`Lexicon::verdict`](crate::layout::Lexicon::verdict).
    pub word_not_syllable: usize,
}

impl Default for LayoutTolerances {
    fn default() -> Self {
        LayoutTolerances {
            word_gap_em: 0.15,
            touch_em: 0.1,
            space_taken_back: 0.25,
            overprint_em: 0.2,
            baseline_em: 0.3,
            line_gap_em: 1.0,
            trailing_space_share: 0.05,
            trailing_space_min_lines: 3,
            duplicate_em: 0.2,
            duplicate_advance: 0.5,
            script_size_ratio: 0.9,
            script_baseline_em: 0.5,
            line_overlap_em: 0.5,
            same_line_share: 0.5,
            line_lookback: 4,
            rule_slack: 0.5,
            word_not_syllable: 4,
        }
    }
}

/// Tolerances for ruling lines (stage `pdf`, rulings).
#[derive(Debug, Clone)]
pub struct RulingTolerances {
    /// A filled rectangle thinner than this (points) in one direction is a ruling line,
    /// not a shaded area. Default 2.0: cell borders drawn as filled rectangles by
    /// Chromium are 0.75–1.5 pt thick.
    pub max_thickness: f64,
    /// Segments shorter than this (points) are ignored (underlines of single glyphs,
    /// bullets). Default 3.0.
    pub min_length: f64,
    /// Two coordinates closer than this (points) are the same: a segment whose ends
    /// differ by less across is axis-aligned, and collinear pieces this close in
    /// position (or this close end to start) are merged into one ruling. Default 0.5:
    /// producers round to 0.01–0.1 pt (no output changes from 0.25 to 1.0).
    pub snap: f64,
    /// A colour component at or above this (gray, RGB and other additive spaces), or at
    /// or below one minus this (CMYK), is white: white strokes and fills draw nothing a
    /// reader sees as a line or a shade (Calc paints white cell backgrounds). Default
    /// 0.95: near-white backgrounds count as white, the shading of 001-chromium-zebra
    /// (stripes `#e8e8e8` = 0.91, header `#b8b8b8` = 0.72) does not; at 0.76 its
    /// stripes count as white with no change, at 0.475 its header's shading too (record
    /// F1 −0.0125). Both readers use it.
    pub white: f64,
    /// A page is read as a scan with an OCR text layer, whose rulings are looked for
    /// in its image, when at least this share of its glyphs is drawn invisible
    /// (render mode 3 or 7) and it has no vector rulings. Default 0.5: OCR layers are
    /// invisible throughout (ocrmypdf, tesseract, Acrobat, ABBYY write every word in
    /// mode 3), born-digital pages draw none or a few (a hidden search term); any
    /// share from 0.05 to 0.95 reads the fixtures the same: the pages of
    /// `fixtures/scans/` are all invisible text, and no other fixture draws text in
    /// mode 3 or 7.
    pub scan_invisible_share: f64,
    /// A run of box-drawing characters on one baseline (`-`, `=`, `─`, junctions
    /// `+`, `┼`, each glyph touching the next) at least this many em of its size long
    /// is a horizontal ruling (`pdf::box_chars`). Default 4.0 (about 7 Courier
    /// characters): `--` and `---` print no value in a cell and stay text; the frames
    /// of a plain-text report's boxes run across whole cells (h14-cortona's enscript
    /// rendering: 13 characters and more between its `+`).
    pub char_rule_min_em: f64,
    /// Bars and junctions (`|`, `│`, `+`) at one x are one vertical ruling while each
    /// stands under the one before with at most this many em of its size between their
    /// boxes. Default 0.5: plain-text lines follow each other with 0–0.2 em between
    /// their glyph boxes (enscript: the size + 1 pt apart, 0.125 em), the next box's
    /// frame a blank line (over 1 em) below.
    pub char_rule_line_gap_em: f64,
    /// ...and when an image drawn on it covers at least this share of the page
    /// (a page scan is drawn full page; a logo or a photo is not looked into).
    /// Default 0.5: the scans of `fixtures/scans/` cover their whole pages.
    pub scan_image_cover: f64,
    /// A pixel of the page image at or below this grey level (0 black, 1 white) is
    /// ink. Default 0.5, the midpoint: the rules of `g-roles-17` scanned at 200 dpi
    /// are 0.0–0.004 after JPEG, the paper around them 0.98–1.0.
    pub scan_ink: f64,
    /// A run of ink pixels along a row (or a column) at least this long (points) is a
    /// piece of a ruling. Default 20.0: longer than a glyph's stroke (a 14 pt
    /// capital's stem is under 14 pt) and shorter than a cell's side: a table's
    /// vertical rules run its height and its horizontal ones its width (285 pt and
    /// 511 pt on `g-roles-17`), and a rule between two cells is at least a one-line
    /// row high (24 pt there). Serifs touching along a baseline make longer runs;
    /// [`RulingTolerances::scan_text_share`] tells them from rules.
    pub scan_min_run: f64,
    /// Gaps of paper in a run up to this many points are bridged (JPEG noise and a
    /// faint hairline break a printed rule). Default 1.0 (2–3 pixels at 150–200 dpi).
    pub scan_max_gap: f64,
    /// A ruling in the image is at most this thick (points); a thicker band of ink
    /// is a filled area (a dark header row, a photo). Default 3.0: the rules of the
    /// scans are 1–2 pixels wide at 150 and 200 dpi (0.4–1 pt); a rule of a thicker
    /// pen or blurred by a worse scan stays under 3 pt.
    pub scan_max_thickness: f64,
    /// A row's run of shaded pixels in a scan (darker than [`RulingTolerances::white`]
    /// times the paper's grey) is part of a shaded band (a zebra stripe, a header
    /// row's shading) when at least this share of it is shade, neither ink nor paper.
    /// Default 0.5: the rows of `g-roles-09`'s stripes scanned at 300 dpi are 75–100%
    /// shade (ink where a letter crosses them), a line of type on paper is ink and
    /// the grey rim JPEG leaves round its letters, under a quarter shade.
    pub scan_shade_share: f64,
    /// A shaded band of a scan within an OCR word's height and at most this share
    /// of it is the word's letters (small type at 150 dpi is grey more than ink),
    /// not shading. Default 0.6: the letter bands of `h6-pontassieve` at 150 dpi are
    /// 0.34–0.39 of their words' boxes (3.4–3.8 pt of 10 pt, the x-height), its
    /// one-line stripes 1.0 (10.1 pt).
    pub scan_letters_height: f64,
    /// A horizontal line of ink found in the image is the serifs of a line of type,
    /// not a rule, when the OCR words whose baselines it runs along cover at least
    /// this share of its length. Default 0.5: the baseline runs of `g-roles-01`'s
    /// scan lie wholly under its words (share 1.0), its rules under none (0.0).
    pub scan_text_share: f64,
    /// Consecutive words of an OCR layer are one OCR text line while each starts
    /// right of the previous one's end (less this share of its size) and their
    /// baselines are within this share of its size. Default 0.5: a line turned by
    /// 2° rises 0.035 pt a point, so two words 10 pt apart at 8 pt differ by 0.04 em;
    /// the next text line is over 1 em below.
    pub scan_line_em: f64,
    /// An OCR text line is measured for the page's skew when its words' baseline
    /// starts span at least this many points. Default 72.0: a one-inch span reads the
    /// slope to 0.2° from baselines placed to a pixel at 200 dpi (0.36 pt); the cell
    /// lines of `g-fossano` (130–280 pt) and the full-width lines (460–700 pt) all
    /// count.
    pub scan_skew_min_span: f64,
    /// An OCR line within this many degrees of level says nothing of the skew (the
    /// OCR set it level, or the page is straight). Default 0.05: the lines tesseract
    /// sets level on the skewed scans of `fixtures/scans/` are within 0.02° of it, as
    /// are all lines of the straight ones; the tilted lines are at 0.29–1.68°.
    pub scan_skew_level: f64,
    /// The page is straightened only when its tilted lines hold at least this share
    /// of its measured lines' span. Default 0.25: 60–100% on the pages of the skewed
    /// scans (`g-roles-01` 60%, `h6-pontassieve` 62–100%, `g-fossano` 71–76%,
    /// `h4-jesi` and `g-roles-19` 100%), none on the straight ones.
    pub scan_skew_share: f64,
    /// Least skew straightened, in degrees. Default 0.1: below it a line drifts by
    /// under 1 pt across a page's width, less than the layout's same-row tolerance.
    pub scan_skew_min: f64,
    /// Largest skew straightened, in degrees. Default 3.0: a sheet fed crooked in a
    /// feeder is turned by a degree or two; a larger angle is a page laid on a glass
    /// or a photo, whose OCR lines are less sure to be read as lines (ocrmypdf's
    /// `--deskew` is the tool for those).
    pub scan_skew_max: f64,
}

impl Default for RulingTolerances {
    fn default() -> Self {
        RulingTolerances {
            max_thickness: 2.0,
            min_length: 3.0,
            snap: 0.5,
            white: 0.95,
            scan_invisible_share: 0.5,
            char_rule_min_em: 4.0,
            char_rule_line_gap_em: 0.5,
            scan_image_cover: 0.5,
            scan_ink: 0.5,
            scan_min_run: 20.0,
            scan_max_gap: 1.0,
            scan_max_thickness: 3.0,
            scan_shade_share: 0.5,
            scan_letters_height: 0.6,
            scan_text_share: 0.5,
            scan_line_em: 0.5,
            scan_skew_min_span: 72.0,
            scan_skew_level: 0.05,
            scan_skew_share: 0.25,
            scan_skew_min: 0.1,
            scan_skew_max: 3.0,
        }
    }
}

/// How the weight of a font that names none is read (stage `pdf`, fonts).
#[derive(Debug, Clone)]
pub struct FontRules {
    /// A Type 3 font that names no weight is bold when its outlines' stroke
    /// (`pdf::OutlineWeight`) is at least this many times the lightest such font's of
    /// the document. Default 1.33: bold against regular of one family is 1.38–1.6 in
    /// the fixtures' Chromium fonts re-written by cairo and Ghostscript (NimbusSans
    /// 0.122–0.127 em against 0.079–0.081; P052 0.088–0.091 against 0.061–0.064),
    /// while the two regular families differ by 1.29 (0.080 against 0.062), so a
    /// document setting both families regular reads neither as bold.
    pub type3_bold_ratio: f64,
    /// Least glyphs a Type 3 font's outlines are measured on for its weight to be read
    /// or to be the document's lightest. Default 4: the subsets of 1–3 glyphs in the
    /// fixtures (a dash, digits) measure 0.054–0.067 em in regular fonts whose full
    /// sets measure 0.061–0.081, lighter than the type is.
    pub type3_min_glyphs: usize,
}

impl Default for FontRules {
    fn default() -> Self {
        FontRules {
            type3_bold_ratio: 1.33,
            type3_min_glyphs: 4,
        }
    }
}

/// Tolerances for rebuilding table grids (stage `grid`).
#[derive(Debug, Clone)]
pub struct GridTolerances {
    /// Rulings closer than this (points) are one grid line, and a ruling reaching
    /// within this distance of another intersects it. Default 2.0: Calc draws a cell's
    /// borders as separate strokes offset by up to 1 pt (the stroke width).
    pub snap: f64,
    /// A word belongs to the cell containing its centre, with this margin (points).
    /// Default 1.0.
    pub cell_margin: f64,
    /// Minimum columns for a ruled structure to be a table. Default 2: a lone box around
    /// a paragraph (seed 003's framed notes) is not a table. A ruled grid of one column
    /// is one only with `min_table_rows` rows under a bold header (t-ozieri's framed
    /// objective list).
    pub min_cols: usize,
    /// Stream tables: a gap between text columns narrower than this (points) does not
    /// separate columns. Default 2.4: LibreOffice's cell padding leaves as little as
    /// 2.5–2.7 pt between the text of adjacent cells (001-calc-unruled, Indicatore |
    /// Formula); at 3.0 a page of 000-calc-unruled loses its table (Obiettivo and
    /// Codice merge). A word space at 8 pt is 2.2 pt, and a gutter must hold over every
    /// row of several pieces, so spaces that line up by chance do not make columns.
    pub min_gutter: f64,
    /// Stream tables: a line gap larger than this multiple of the usual line spacing in
    /// a column starts a new cell there. Default 1.25: at 1.0 the unruled Calc
    /// fixtures lose most records, at 1.56 000-calc-unruled loses some (F1 −0.004).
    pub row_gap_factor: f64,

    // Cell text (`grid::cell_text`).
    /// Two words of a cell are on one line when their baselines differ by at most this
    /// fraction of the font size. Default 0.35: a little looser than the layout's
    /// `baseline_em`, because a cell's words come from separate line fragments whose
    /// baselines were never compared (no output changes from 0.175 to 0.7).
    pub same_line_em: f64,
    /// A word broken by the producer ends closer to the text area's right edge than the
    /// width of the next character (estimated as the next piece's mean character width),
    /// and at most this many em: the next character did not fit. Default 1.0 (001:
    /// `import` / `o`, `Indisponi` / `bilità`; the document's lexicon decides those
    /// first, so no output changes from 0.5 to 2.0).
    pub broken_word_edge_em: f64,
    /// Width of a space, in em, as the producers set it: a space fits after a line's last
    /// word when this much room is left before the text area's edge. Default 0.3: 0.278
    /// em in Helvetica and Liberation Sans, a little more to be safe. 0.24 and 0.375
    /// both cost cells of 004 (cell accuracy −0.002, −0.0005). The gutter search also
    /// takes a gap this narrow for a word space, not a column edge, when it is wider
    /// than `min_gutter` (dompdf: 2.5 pt at 9 pt, h11-voghiera's unruled cards; on the
    /// scorecard and ICDAR nothing else changes, ICDAR pooled F1 0.8888 → 0.8900).
    pub space_em: f64,
    /// The padding taken off a cell's box to get its text area (its words' least
    /// distance from the left border, taken as the same on the right) is at most this
    /// share of the cell's width. Default 0.25: words that all start further in are
    /// centred or indented, not padded (no output changes from 0.125 to 0.5).
    pub max_padding_share: f64,
    /// A cell whose line breaks all lack the trailing space its page's producer keeps
    /// (see [`LayoutTolerances::trailing_space_share`]) was set another way (Writer drops
    /// the space in justified paragraphs), when it has at least this many breaks.
    /// Default 2: two breaks inside tokens in one cell are too rare to believe; one can
    /// be a token broken for width (the fixtures read the same with 1 or 3).
    pub habit_min_breaks: usize,

    // Stream tables (`grid::stream`).
    /// A stream table's header is at most this many text lines (its spanning rows and
    /// wrapped column names). Default 6: statistical tables print two spanning rows over
    /// names of up to four lines; 001's header has two lines. A table whose first number
    /// comes later has no header told by its numbers.
    pub max_header_lines: usize,
    /// Two words of a text row further apart than this many em are separate pieces
    /// (a table row has several, a heading or a paragraph line one). Default 1.0: the
    /// layout's `line_gap_em`; word spaces are 0.25–0.35 em.
    pub segment_gap_em: f64,
    /// Two header words further apart than this many em, with a body gutter between
    /// them, name two columns (001's `Scostamento` and `Note`, 0.69 em apart over an
    /// empty column). Default 0.5: a word space is 0.25–0.35 em, so a spanning name
    /// (`Amount borrowed`) stays whole.
    pub header_gap_em: f64,
    /// A body row of one piece runs on over a column boundary, one cell spanning the
    /// columns, when its words on either side of the boundary stand at most this many
    /// em apart. Default 0.35: a word space is 0.25–0.35 em (h14-ostuni by cairo and
    /// PDFlib, `… e` / `famiglia` 0.28 em, h10-barga by iText 0.32 em), the texts of
    /// two tight cells stand further apart (000 by Calc: 0.40 em; g-roles-02 by
    /// WeasyPrint: 0.83 em; at 0.5 both lost cells).
    pub span_gap_em: f64,
    /// A header name on a line above the column names, standing over one column's body
    /// text, spans the columns it is centred over when its centre lies within this many
    /// of its heights (em) of theirs (`grid::header::center_groups`). Default 1.0:
    /// h10-barga by ReportLab centres `Indicatore` and `Target` within 0.01 pt of their
    /// three columns (measured between the columns' text starts) and 43 and 58 pt off
    /// the column under them; a cell's padding (≤ 6 pt, under an em at 7–10 pt) is the
    /// error allowed at the table's right edge, measured at the text's end.
    pub group_center_em: f64,
    /// A text row of at least this many words whose gaps are all alike is a line of
    /// justified text, one piece however wide its stretched spaces. Default 4.
    pub justified_min_words: usize,
    /// ...alike: the widest gap at most this many times the narrowest. Default 1.25
    /// (Writer stretches every space of a justified line by the same amount).
    pub justified_gap_ratio: f64,
    /// ...and at most this many em wide (columns of numbers are spaced alike too, but
    /// further apart). Default 2.0.
    pub justified_max_gap_em: f64,
    /// A line of a table set line by line is a cell's wrapped text when the line above
    /// left no room for its first word before the column's widest line ends, less
    /// this many em (the cell is a little wider than its widest line: 001-calc-unruled
    /// wraps `benessere),` 0.3 pt short of its column's widest line). Default 1.0.
    pub cell_wrap_slack_em: f64,
    /// A line of one piece whose font is this many times larger (or smaller) than
    /// the usual font of its run is a heading between tables. Default 1.1 (000: 9 pt
    /// headings over 7.5 pt tables).
    pub heading_size_ratio: f64,
    /// ...and a line of one piece in bold is a heading when its font is this many
    /// times larger than the row under it. Default 1.05: Chromium sets the card
    /// titles of card-trani at 11 pt over key/value tables at 10 pt (1.1); a group
    /// row inside a table is set in the table's own size.
    pub bold_heading_ratio: f64,
    /// A vertical gap wider than this many line heights ends a run of text rows (a
    /// table's extent). Default 4.0: tables leave a blank line or two between groups of rows;
    /// paragraphs, captions and notes around a table are set further apart or are
    /// trimmed as rows of one piece.
    pub run_gap_lines: f64,
    /// After a table's last row of several pieces, lines of one piece are kept while
    /// each follows the line above within this many line heights (the wrapped text of
    /// the last row); a note set further apart is not the table. Default 0.8.
    pub trailing_gap_lines: f64,
    /// The top rows that may cross a gutter (a spanning header) are at most this
    /// fraction (1 / the divisor) of a table's rows of several pieces. Default 3: a
    /// header is rarely more than a third of its table.
    pub header_share_divisor: usize,
    /// Words must start right of a gutter in at least this many rows for it to open a
    /// column. Default 2: one stray word is not a column.
    pub min_col_starts: usize,
    /// Fixed-pitch text (`grid::pitch`): only words of at least this many characters
    /// vote on whether a page is set in one pitch. Default 3: a word of one or two
    /// characters is as wide per character as a monospace one by chance (digits are
    /// one width in most proportional fonts).
    pub fixed_pitch_min_chars: usize,
    /// Fixed-pitch text: a page needs at least this many voting words to be told
    /// fixed-pitch. Default 10: a page of a few words says nothing of its font.
    pub fixed_pitch_min_words: usize,
    /// Fixed-pitch text: two words' widths per character (em) this close are one
    /// pitch. Default 0.01: Courier's cells are 0.6 em exactly (enscript's renderings
    /// in `fixtures/comuni`), proportional words spread from about 0.4 to 0.65 em.
    pub fixed_pitch_slack_em: f64,
    /// Fixed-pitch text: at least this share of a page's voting words must be within
    /// `fixed_pitch_slack_em` of their median pitch. Default 0.6: all of an enscript
    /// report's words are; proportional pages have about a tenth of their words
    /// within 0.01 em of the median (h12-grosseto's pdf-lib Helvetica).
    pub fixed_pitch_share: f64,
    /// A gutter that a few rows cross with a value spanning the columns right of it
    /// ([`crate::grid`]'s region, `spanned_gutters`) opens a column only when words
    /// start flush at its right edge (within `slack`) in at least this many lines (a
    /// row's, or a cell's wrapped line alone on its line): a column set flush left.
    /// Default 3: Paluzza's unruled cards (Chromium, ReportLab) start their third
    /// column in 5 to 7 rows; two rows that happen to align are no column
    /// (`min_col_starts`). Tremosine by iText, card 4: `Valore` / `raggiunto` over one
    /// indicator's value, three lines.
    pub spanning_min_starts: usize,
    /// Such a gutter may be crossed by at most this share of the table's rows of
    /// several pieces, each with its last piece starting where a column starts.
    /// Default 0.25: a value over several columns is the exception in its table
    /// (Paluzza: `Descrizione` in one row of 6 to 8); a gap most rows bridge is no
    /// column.
    pub spanning_row_share: f64,
    /// A body row of one piece over a column boundary (a title spanning the row) whose
    /// centre lies within this share of the table's width of the table's centre is
    /// centred over the whole table: it is read in the first column, not in the
    /// column where its first word stands (`grid::stream`'s `title_column`). Default
    /// 0.1: Writer centres Fidenza's unit rows (`Settore … – Responsabile: …`) over an
    /// eight-column table, re-written by Ghostscript 17 pt (2.4% of the 702 pt its text
    /// spans) right of the text's centre, the last column's dates being set flush left;
    /// ICDAR us-019 centres `Enrollment, in thousands` over its columns of figures, not
    /// the stub, 99 pt (18%) right of it.
    pub title_centre_share: f64,
    /// Least number of text rows of a stream table. Default 3: two aligned lines are
    /// as often a layout accident as a table.
    pub min_table_rows: usize,
    /// Least number of a stream table's rows that fill two columns or more. Default 2.
    pub min_split_rows: usize,
    /// A stream table of fewer than `min_table_rows` rows is one when the page prints
    /// its header over another table too (`grid::region`'s `repeats`), if that header
    /// names at least this many columns. Default 3: Savigliano by Writer PDF/A repeats
    /// a four-column indicator header over one row per card, Grosio three; ICDAR
    /// eu-015's pie charts repeat two labels (`Total EU-12 5% | 68%`), no header.
    pub repeated_header_min_cols: usize,
    /// A column whose lines hold a median of this many words or more is running text.
    /// Default 5.0: table cells hold names, numbers and short phrases; a column of a
    /// two-column page or a list item's text holds sentences.
    pub prose_min_words: f64,
    /// A stream table needs at least this many columns that are not running text.
    /// Default 2: two columns of prose are a page layout, bullets beside prose a list.
    pub min_plain_cols: usize,
    /// A column is numeric when at least this share of its cells read as numbers; the
    /// header is the rows above its first number. Default 0.6.
    pub numeric_share: f64,
    /// Rows of a stream table are told by gaps and drawn separators (not line by line)
    /// when at least this many rules or stripe edges lie inside its body... Default 2.
    pub min_separators: usize,
    /// ...or when at least this share of its line gaps are wider than the usual pitch
    /// (`row_gap_factor`). Default 0.25: tables of padded cells break rows every one
    /// to four lines; tables set line by line leave a blank line every five or more.
    pub gap_mode_share: f64,
    /// Line fragments whose baselines differ by at most this fraction of the font size
    /// are one line row when looking for a header. Default 0.3: the layout's
    /// `baseline_em`, so a row is what layout would have put on one line (no output
    /// changes from 0.15 to 0.6).
    pub fragment_row_em: f64,
    /// Two text rows whose baselines differ by at most this fraction of the font size,
    /// and whose words do not stand over each other, are one row (cells side by side).
    /// Default 0.4: a value set in a paragraph with a margin stands 0.3 em below its
    /// bold label (Chromium, card-trani's key/value tables: 3.0 pt at 10 pt); lines of
    /// one column are 1.1 em apart or more. Raising `fragment_row_em` to 0.4 instead
    /// joins stacked header lines of ICDAR us-024 (pooled F1 −0.004).
    pub offset_row_em: f64,
    /// A header piece above a column name stands for the group of a run of repeated
    /// names only when its left edge and its centre are both more than this many em
    /// (of the name's height) off the name's under it; else it is that name's first
    /// line. Default 1.0: h11-campibisenzio's `Anno 2023` stands 2.4–3 em off
    /// `Consuntivo` (dompdf, Prawn), ICDAR us-024's stacked `Unadjusted` 0 em off
    /// `odds ratio` (centred).
    pub group_offset_em: f64,
    /// Normal line spacing, in em: text lines inside one cell are no further apart
    /// unless the table shows its own wider leading (lines wrapped inside a cell that
    /// leave another column empty, with row gaps wider still: genpdf sets 1.65 em), so
    /// the usual pitch of a table is capped at this or that leading. Default 1.2:
    /// LibreOffice and Chromium use 1.15–1.2. At 0.6 every unruled fixture loses
    /// nearly all records.
    pub typical_leading_em: f64,
    /// The usual line pitch of a stream table is this quantile of the gaps between
    /// successive baselines in each column. Default 0.25 (the lower quartile): most gaps
    /// are lines wrapped inside a cell, the larger ones are row breaks. The fixtures read
    /// the same from 0.125 to 0.5.
    pub pitch_quantile: f64,
    /// A horizontal rule or stripe edge separates two lines of a column only when it
    /// lies at least this many em above the lower line's baseline. Default 0.7: an edge
    /// closer to the baseline crosses the line's own glyphs (an underline, the stripe
    /// the line sits in) rather than the gap above it. The fixtures do not pin it (no
    /// output changes from 0.35 to 1.4).
    pub rule_clearance_em: f64,
    /// When at least this share of a body's row starts (past its first line) lie under
    /// a rule or stripe edge, the page draws its rows, and a wider line gap with none
    /// above it is a paragraph break inside a cell (card-trani's key/value tables: a
    /// value of two paragraphs). Default 0.8: a table ruled only between groups of
    /// rows keeps the rows its gaps tell.
    pub ruled_rows_share: f64,
    /// In a table of two columns, a row whose first cell is blank continues the row
    /// above (a second paragraph of its value) when the gap above it is less than this
    /// share of the table's row gap: the least gap between the last line of a row and
    /// the first of the next row that has a first cell. A second paragraph stands a
    /// little further than a wrapped line and nearer than the next label
    /// (hcard-lucca and hcard-cagliari, ReportLab, unruled key/value cards: paragraph
    /// 13.5 pt, row gap 17.5 pt, so 0.77). Default 0.9: a blank first cell as far from
    /// the row above as the rows are from each other is a row of its own (a table's
    /// grouped rows). With it, the two documents' cells go from 0.94 to 1.0 and
    /// nothing else changes (every fixture; ICDAR 2013 pooled F1 0.8729 → 0.8732).
    pub continued_value_gap: f64,
    /// ...measured only when the table has at least this many row gaps above rows
    /// with a first cell. Default 2: one gap gives no usual row gap to compare with.
    pub continued_value_min_rows: usize,
    /// A gap is a whole number of a table's in-cell line pitches (an empty line left
    /// in a cell) when it is within this share of a pitch of one. Default 0.1:
    /// hcard-lucca (pdfmake) leaves 19.93 pt for two lines of 9.97 (0.001 off) and
    /// spaces its rows 13.47 pt (0.35 off one line: padding); a tenth of a line
    /// (1 pt at 10 pt) is looser than any producer's rounding and far tighter than a
    /// cell's padding.
    pub blank_line_slack: f64,
    /// Row starts closer than this share of the usual pitch are one row start (the
    /// first lines of neighbouring columns differ by fractions of a line). Default 0.5
    /// (no output changes from 0.25 to 1.0).
    pub row_merge_pitch: f64,
    /// Two lines whose baselines stand closer than this many em of the lower line's
    /// font size are one row: a row's first line stands at least a line's height below
    /// the last line of the row above (no producer sets text on a leading under its
    /// size), so closer lines are cells of one row set at different heights. Rinohtype
    /// centres a cell's lines in its row: a one-line cell beside a two-line one stands
    /// half its 1.2 em leading (0.6 em) below the first line (h3-civitanova's
    /// `Efficientamento` / `1.3 … 322 20 30/06/2025` / `dell'illuminazione pubblica`,
    /// 4.8 pt apart at 8 pt). Default 0.9: above that half leading, under the least
    /// leading of separate lines (1.0 em).
    pub row_overlap_em: f64,
    /// A rule or stripe separates rows when it spans this share of the table's width.
    /// Default 0.6: zebra stripes and rules run under every column; a rule under one
    /// cell's text (an underline, a total) does not. No output changes from 0.3 to
    /// 1.2.
    pub separator_span: f64,
    /// Horizontal rules at one height that leave no gap wider than this (points) along
    /// a stream table's width are one rule across it (`grid::stream`'s `tiled`): a
    /// producer that draws each cell's rule on its own (Qt stops each 2.16 pt short of
    /// the column border, h4-gallarate). Default 3.0: over Qt's gap; rules under
    /// spanning names leave the stub column's width (90 pt in ICDAR us-024) open
    /// whatever this is, and their own gaps there are 4.3 pt.
    pub rule_join_gap: f64,
    /// A fill is a column's cell shading (whose edges give its text area) only when it
    /// is narrower than this many header-cell widths; wider, it is a row's stripe.
    /// Default 3.0: at 1.5 some columns of 001-chromium-zebra lose the text area their
    /// shading gives (record F1 −0.0125); 6.0 changes nothing.
    pub shading_max_widths: f64,
    /// ...with header cells narrower than this (points) counted as this wide. Default
    /// 20.0: a narrow column (a number, a letter) still accepts its own shading (no
    /// output changes from 10 to 40).
    pub shading_min_width: f64,
    /// Where fills shading one band of a table meet side by side, the page draws a
    /// cell border; it is a column's border when at least this many bands show it.
    /// Default 2: h10-barga--chromium-zebra shades its header and every other body
    /// row cell by cell; one band alone may be a shaded box beside another (a header
    /// row's group cells), not the body's columns.
    pub cell_fill_min_rows: usize,
    /// A page footer (page number) sits in this bottom share of the page. Default 0.06
    /// (no output changes from 0.03 to 0.12).
    pub footer_share: f64,
    /// A footer line is at most this many characters: "12", "Pagina 3 di 60". Default
    /// 24 (23 and 25 read the fixtures the same).
    pub footer_max_chars: usize,
    /// A footer is set off from the text above by at least this many of its line
    /// heights. Default 1.5: a footer stands apart, while table text that runs to the
    /// bottom (001-chromium-zebra prints it within 1 cm of the edge) follows the line
    /// above at the normal leading and must be kept. No output changes from 0.75 to
    /// 3.0.
    pub footer_gap_lines: f64,
    /// How far left of where a column's text starts its boundary is put (points).
    /// Default 0.5: any value from 0.25 to 1.0 moves the printed cell boxes of the
    /// unruled fixtures, never their text.
    pub boundary_inset: f64,
    /// A stream column without shading whose widest line stops more than this many em
    /// short of the next column's text never reached its cell's edge, so its text area
    /// runs on to the next column. Default 2.0: producers pad cells by 1–6 pt a side
    /// (Calc 1.3, Chromium 3, ReportLab 6: up to 12 pt between two columns' texts,
    /// 1.5 em at 8 pt); g-roles-32's `Dipendenti` stops 36 pt (4.5 em) short.
    pub edge_gap_em: f64,
    /// Stream tables: two edges this close (points) are at the same place. Compares the
    /// body's first and last lines with the header and the next header (and the
    /// footer's top), words with the header fragment they are in, the fills of one
    /// stripe row, separators with each other, and a fill's sides with a header cell's.
    /// Default 0.5: producers round coordinates to 0.01–0.1 pt (no output changes from
    /// 0.25 to 1.0).
    pub slack: f64,
    /// Stream tables: vertical slack (points) between lines. Baselines in one column
    /// closer than this are one line, a word this far above a row start still belongs
    /// to the row, and a wrapped header piece may overlap the header cell above it by
    /// this much. Default 1.0: lines of one row drawn by one producer differ by less
    /// than a point; a new line is a leading (~10 pt at 8 pt) lower (no output changes
    /// from 0.5 to 2.0).
    pub line_slack: f64,
    /// Font size and line pitch (points) taken for a stream table whose body gives no
    /// measure (no words, or no column with two lines). Default 10.0, a common body size;
    /// where the body has words the pitch is capped at `typical_leading_em` of their
    /// size anyway (no output changes from 5 to 20).
    pub fallback_pitch: f64,
    /// One-column tables without rules ([`crate::grid`]'s `column`): least distance
    /// (points) between the header line's left edge and the line's above it, the
    /// cell's padding that sets a table's text in (or out) from the running text.
    /// Default 1.0: WeasyPrint and Chromium set the text in by their 3 pt padding
    /// (Ozieri PDO 2016: header at x = 37.0, the paragraph above at 34.0), ReportLab
    /// sets it out by 3 pt (g-tempio-pdo-2019: 45.5 against 48.5); lines of one
    /// paragraph start within 0.1 pt of each other.
    pub column_min_inset: f64,
    /// The margin that inset is measured from: the leftmost of this many lines above
    /// the header. Default 3: a note's or a list item's wrapped line is set in by
    /// its hanging indent (ICDAR 2013 eu-018: `are not included` at 6.5 pt right of
    /// the note's first line, above a bold subheading at the margin), the lines of
    /// one paragraph or two short headings are not.
    pub column_margin_lines: usize,
    /// ...and most distance, in em of the header's size. Default 1.0: a cell's padding
    /// is under an em; an indented block (a quotation, a card's body set in by 1.2 em)
    /// is further in.
    pub column_max_inset_em: f64,
    /// Least number of rows under the header. Default 2: a bold line over one
    /// paragraph is a heading; Ozieri's sheet has a servizio row and an objective.
    pub column_min_rows: usize,
    /// Most space between two successive lines of the block, in line heights (from one
    /// line's bottom to the next one's top). Default 1.5: rows of padded cells are
    /// 0.5 line apart (Ozieri, WeasyPrint: 4.5 pt at 9 pt), a paragraph after a table
    /// stands further off.
    pub column_max_gap_lines: f64,
}

impl Default for GridTolerances {
    fn default() -> Self {
        GridTolerances {
            snap: 2.0,
            cell_margin: 1.0,
            min_cols: 2,
            min_gutter: 2.4,
            row_gap_factor: 1.25,
            column_min_inset: 1.0,
            column_max_inset_em: 1.0,
            column_margin_lines: 3,
            column_min_rows: 2,
            column_max_gap_lines: 1.5,
            same_line_em: 0.35,
            broken_word_edge_em: 1.0,
            space_em: 0.3,
            max_padding_share: 0.25,
            habit_min_breaks: 2,
            max_header_lines: 6,
            segment_gap_em: 1.0,
            header_gap_em: 0.5,
            span_gap_em: 0.35,
            group_center_em: 1.0,
            justified_min_words: 4,
            justified_gap_ratio: 1.25,
            justified_max_gap_em: 2.0,
            cell_wrap_slack_em: 1.0,
            heading_size_ratio: 1.1,
            bold_heading_ratio: 1.05,
            run_gap_lines: 4.0,
            trailing_gap_lines: 0.8,
            header_share_divisor: 3,
            min_col_starts: 2,
            fixed_pitch_min_chars: 3,
            fixed_pitch_min_words: 10,
            fixed_pitch_slack_em: 0.01,
            fixed_pitch_share: 0.6,
            spanning_min_starts: 3,
            spanning_row_share: 0.25,
            title_centre_share: 0.1,
            min_table_rows: 3,
            min_split_rows: 2,
            repeated_header_min_cols: 3,
            prose_min_words: 5.0,
            min_plain_cols: 2,
            numeric_share: 0.6,
            min_separators: 2,
            gap_mode_share: 0.25,
            fragment_row_em: 0.3,
            offset_row_em: 0.4,
            group_offset_em: 1.0,
            typical_leading_em: 1.2,
            pitch_quantile: 0.25,
            rule_clearance_em: 0.7,
            ruled_rows_share: 0.8,
            continued_value_gap: 0.9,
            continued_value_min_rows: 2,
            blank_line_slack: 0.1,
            row_merge_pitch: 0.5,
            row_overlap_em: 0.9,
            separator_span: 0.6,
            rule_join_gap: 3.0,
            shading_max_widths: 3.0,
            shading_min_width: 20.0,
            cell_fill_min_rows: 2,
            footer_share: 0.06,
            footer_max_chars: 24,
            footer_gap_lines: 1.5,
            boundary_inset: 0.5,
            edge_gap_em: 2.0,
            slack: 0.5,
            line_slack: 1.0,
            fallback_pitch: 10.0,
        }
    }
}

/// How header cells are matched against the vocabulary (stage `tables`: `header`,
/// `words`, `content`).
#[derive(Debug, Clone, PartialEq)]
pub struct HeaderMatching {
    /// Minimum similarity (0–1, normalised Levenshtein on folded text) for a whole
    /// header cell, or one of its words, to count as a wording the vocabulary knows
    /// when it is not spelt the same. Default 0.8: tolerates one typo or a missing
    /// letter in a ten-letter word ("Indicatre", "Finalita"), rejects "Note" vs "Nome".
    pub min_similarity: f64,
    /// A misspelt word is forgiven (at `min_similarity`) only when both stems have at
    /// least this many characters. Default 5: `indicatr`/`indicator` are forgiven;
    /// short stems differ by one letter and mean different things (`pes`/`mes`,
    /// `not`/`nom`).
    pub fuzzy_min_chars: usize,
    /// Shortest abbreviation (characters before its dot) that stands for the words it
    /// starts (`Cod.` for `Codice`, `Ob.` for `Obiettivo`). Default 2: a lone letter
    /// (`N.`, a number) would otherwise stand for every word starting with it, and a
    /// name such as `Anna Neri` would read as `N.`.
    pub min_abbrev_chars: usize,
    /// Least confidence (0–1) for a header cell to take a role. Default 0.5: the
    /// words of a cell that is no wording vote, and the winner's confidence is 0.5 plus
    /// half its lead over the runner-up ([`tables::header`](crate::tables::header)):
    /// any lead gives the role (and a warning under
    /// [`HeaderMatching::doubtful_role`]), a tie none.
    pub min_confidence: f64,
    /// Confidence of a role whose wording of several words is the cell's head
    /// followed by words the vocabulary does not know (`Codice indicatore di
    /// performance`), and the most a role the cell's words voted for can have (no
    /// wording is the whole cell). Default 0.9: above
    /// [`HeaderMatching::doubtful_role`], so a clear vote (`Indicatore di
    /// efficacia`) is not warned about; below a whole wording's 1.0.
    pub head_word_confidence: f64,
    /// A head word this specific to one role (the share of its uses in the
    /// vocabulary's wordings that are that role's, counting one unseen use) decides
    /// the cell's role. Default 0.7: `Scostamento` (3 of 3 uses, 0.75) and `Formula`
    /// decide; `Valore` (spread over target, actual, baseline) and a word seen once
    /// (0.5) do not, and the other words vote.
    pub specific_head: f64,
    /// Factor on the confidence of a cell's second reading, when the role its words
    /// give first is another, surer column's. Default 0.8: a second reading is used
    /// (`Risultato ottenuto` beside `Atteso` is the actual value) but never outranks a
    /// first reading of the same strength.
    pub second_reading: f64,
    /// Match quality of a header word that shares only its root with a vocabulary word
    /// (`ponderazione` / `ponderale`, see `root_chars`). Default 0.7: weaker than a slip
    /// in spelling (≥ 0.8), still a vote.
    pub root_quality: f64,
    /// Two words are of one root when their first this many characters agree. Default
    /// 6: `ponder-`, `realizz-`, `responsab-`; at 5 `valor`/`valut` and `indic`/`indiz`
    /// stay apart only by luck.
    pub root_chars: usize,
    /// A cell longer than this (characters) is data, not a header, and is not read
    /// for a role. Default 100: the longest wording (seed 004's card label `Entro
    /// quando si prevede di raggiungere l'obiettivo`) has 51; data cells run to
    /// hundreds, and skipping them keeps header search cheap.
    pub max_header_chars: usize,
    /// A column whose role is less sure than this is marked doubtful in `tables
    /// --json` and gives a `low_confidence_column` warning. Default 0.85: a whole
    /// wording (1.0), a wording of several words at the head or a head word specific to
    /// one role (0.9) and a role the content confirms (0.95) are sure; a vote between
    /// roles, a spelling slip of more than one letter in ten, a second reading are not.
    pub doubtful_role: f64,
    /// Minimum number of cells with a role for a row to be a header. Default 3: the
    /// smallest objective table (004 Tab 1) has five, narrative never has three
    /// vocabulary words alone in separate cells. Also the rows, each a label and a
    /// value, that make a two-column grid a card's fields even when its first value
    /// reads as a label (as much vocabulary evidence as a header's; h15-savigliano by
    /// Impress: card 8's four fields, `Settore | Settore Polizia Municipale` first).
    pub min_roles: usize,
    /// How many top rows of a grid are searched for the header. Default 3: 001 prints
    /// one title row above its header; 004 Tab 1 prints a group row.
    pub search_rows: usize,
    /// A column's content corrects or confirms its header when at least this share of
    /// its non-blank cells have the shape (codes, person names). Default 0.8: a code
    /// column may hold a blank-coded or `n.d.` row; a title column never holds four
    /// codes in five rows.
    pub content_share: f64,
    /// ...and at least this many non-blank cells. Default 2: one cell is no evidence.
    pub content_min_cells: usize,
    /// The content rules read at most this many non-blank cells of a column, from the
    /// top. Default 20: a shape holds or fails within a page of rows, and reading
    /// every cell of a 400-row table (000) for person names cost as much as the rest
    /// of the table stage.
    pub content_sample: usize,
    /// Confidence of a role the content gave or confirmed. Default 0.95: at
    /// [`HeaderMatching::doubtful_role`], so not warned about.
    pub content_confidence: f64,
    /// A cell of at least this many words is a sentence (a title or a description),
    /// never a code. Default 4: objective titles of the seeds and the development set
    /// have four words or more; codes with a label (`DUP 1.3`, `OS 4`) have two.
    pub prose_min_words: usize,
    /// Confidence of a role read through the synonym lexicon: the cell with one word
    /// replaced by a dictionary synonym is a wording of that role and of no other
    /// (`Valore iniziale` as `Valore di partenza`). Default 0.85: at
    /// [`HeaderMatching::doubtful_role`] (a whole reading, not a vote), under a
    /// wording at the head (0.9), so a cell's own words outrank a synonym's.
    pub synonym_confidence: f64,
    /// Factor on the vote of a word the wordings never use, voting through its
    /// synonym (`Differenza` as `Scostamento`). Default 0.8: as strong as a slip in
    /// spelling, so a head word's synonym specific to one role still decides
    /// (0.9 × 0.8 = 0.72 > `min_confidence`), but the word itself would outvote it.
    pub synonym_quality: f64,
    /// Longest cell (characters) that may be a code. Default 30: the longest code of the
    /// seeds is `25.29.2.1.05_0001` (17); `DUP 1.3.2 – OS 4` style codes stay under 30.
    pub max_code_chars: usize,
    /// A one-column table under an objectives header (`Descrizione obiettivi`,
    /// `Obiettivi`) is a list of objectives when at least this many of its cells,
    /// unit rows set aside, open with a code and a title (and
    /// [`HeaderMatching::content_share`] of them do). Default 1: the header already
    /// names objectives, and a PDO sheet may hold one objective under its servizio
    /// (Ozieri PDO 2016: `01.01 Programmazione, coordinamento e rendicontazione
    /// finanziaria.` alone under `SERVIZIO BILANCIO, …`).
    pub list_min_entries: usize,
    /// Confidence of a role read from a cell's head noun in the lexicon
    /// (`data/lexicon.json` `heads`: `Funzionario referente` a dirigente by
    /// `funzionario`, `Unità responsabile` a settore by `unità`). Default 0.9: as sure as
    /// a wording at the head ([`HeaderMatching::head_word_confidence`]), the same
    /// evidence (the head word names the role), above the synonym readings (0.85) it
    /// comes before, and under a whole wording.
    pub head_noun_confidence: f64,
    /// Confidence of a role read from a role-less head noun's modifier (`Dato iniziale`
    /// a baseline by `iniziale`, `Stato attuale` by `attuale`). Default 0.85: as sure as
    /// a synonym reading (a modifier is weaker evidence than the head itself), and at
    /// [`HeaderMatching::doubtful_role`], so such a column gives no low-confidence
    /// warning.
    pub modifier_confidence: f64,
    /// Distinct cell texts whose readings a run's matcher keeps
    /// ([`tables::readings`](crate::tables)): past this many it starts over. Memory
    /// only: a reading is the same made again. Default 5,000: seed 004, the most
    /// varied seed (84 pages), reads 153 distinct texts; a kept text costs well under
    /// a KiB (at most `max_header_chars` characters, its words, a few readings), so
    /// the memo stays under ~5 MiB however long the run.
    pub memo_texts: usize,
}

impl Default for HeaderMatching {
    fn default() -> Self {
        HeaderMatching {
            min_similarity: 0.8,
            fuzzy_min_chars: 5,
            min_abbrev_chars: 2,
            min_confidence: 0.5,
            head_word_confidence: 0.9,
            specific_head: 0.7,
            second_reading: 0.8,
            root_quality: 0.7,
            root_chars: 6,
            max_header_chars: 100,
            doubtful_role: 0.85,
            min_roles: 3,
            search_rows: 3,
            content_share: 0.8,
            content_min_cells: 2,
            content_sample: 20,
            content_confidence: 0.95,
            prose_min_words: 4,
            max_code_chars: 30,
            list_min_entries: 1,
            head_noun_confidence: 0.9,
            modifier_confidence: 0.85,
            memo_texts: 5_000,
            synonym_confidence: 0.85,
            synonym_quality: 0.8,
        }
    }
}

/// How the headings above a table are taken and how a table's pieces on consecutive
/// pages are stitched (stage `tables`: `context`, `stitch`).
#[derive(Debug, Clone)]
pub struct TableRules {
    /// At most this many line rows above a table are taken as its headings. Default 6:
    /// 000 prints two (year heading, silo); 001 prints four; 004 Tab 1 four; at 5
    /// tables of 003 lose a heading (cell accuracy −0.007), at 7 tables of 003 and 004
    /// take one more line.
    pub max_context_lines: usize,
    /// A vertical gap above a line larger than this multiple of its height ends the
    /// heading block: headings sit close to their table, narrative further up. Default
    /// 4.0 (no output changes from 2.0 to 8.0).
    pub max_gap_lines: f64,
    /// A line longer than this (characters) is a paragraph, not a heading. Default 160
    /// (159 and 161 read the fixtures the same).
    pub max_heading_chars: usize,
    /// Heading lines whose tops differ by less than this share of a line's height are
    /// one row (fragments of one line count once against `max_context_lines`). Default
    /// 0.5 (no output changes from 0.25 to 1.0).
    pub same_row_share: f64,
    /// A heading line may reach this far (points) into the table's top or above the
    /// grid before it, and a line whose centre is this close to a grid is inside it.
    /// Default 1.0: the same margin as [`GridTolerances::cell_margin`] (no output
    /// changes from 0.5 to 2.0).
    pub slack: f64,
    /// Share of rows in which a column must be filled for a blank in it to mark a row
    /// cut by a page break. Default 0.9 (004 Tab 1: the row number column is filled in
    /// every row). Over 1 the cut row of 004 is missed (cell accuracy −0.003); at 0.45
    /// rows of 001 are wrongly merged (F1 −0.12).
    pub always_filled: f64,
    /// The "always filled" test needs at least this many rows before the page break.
    /// Default 3: in one or two rows every filled column is "always" filled; 004 Tab 1
    /// has three rows above the break where Writer cuts its third row (pages 28–29, the
    /// stitch tests' case), which 4 misses (cell accuracy −0.003).
    pub cut_row_min_rows: usize,
    /// A line longer than this (characters) is not a section heading. Default 90:
    /// the longest PIAO section titles (`3.3 Piano triennale dei fabbisogni di
    /// personale`, seed 000 `2.3 Sottosezione Rischi Corruttivi e Trasparenza`) have
    /// under 60; sentences that mention a section run longer.
    pub max_section_chars: usize,
    /// Least share of a heading's words (numbering and articles aside) that a section
    /// wording must cover for the heading to open that section. Default 0.6: `2.3
    /// Rischi corruttivi e trasparenza` (2 of 3) opens the anticorruption section; a
    /// running title `Sezione 2 – Valore pubblico, performance e anticorruzione` (2 of 4)
    /// or a title naming the PIAO's `Organizzazione` (1 of 4) opens none.
    pub section_cover: f64,
    /// A line printed at least this many times the body text's font size is a
    /// heading (when neither numbered nor in capitals). Default 1.15: word processors
    /// print headings 2 pt or more above 10–12 pt body text; a bold body line keeps
    /// the body size.
    pub heading_size_ratio: f64,
    /// A page without tables on which this many section headings or more are found is
    /// a table of contents, and its headings open nothing. Default 4: a PIAO's contents
    /// list its four sections and their sottosezioni; a body page rarely opens more
    /// than three sections.
    pub contents_sections: usize,
    /// A piece at the top of the next page whose rows stand at the same heights as the
    /// rows of the table's last piece, within this many points, holds that table's
    /// columns that did not fit the page's width (Calc prints a sheet's right columns
    /// on the next page, the rows at the same heights). Default 2.0: the same rows
    /// printed twice stand at the same heights to a hundredth of a point; one line
    /// lower is 8 points or more.
    pub same_row_slack: f64,
    /// The heading right above a card (a grid that prints a second row of labels under
    /// its first, [`crate::tables`]) is the card's title row when its top stands one
    /// row pitch above the card's first row, within this many points: a card printed
    /// without rules keeps its title row at the pitch of its other rows, and the grid
    /// stage, finding no column in that one spanning line, leaves it out. Default 2.0:
    /// Voghiera's card titles by dompdf and Prawn stand one pitch above the labels row
    /// to 1.0 pt (the cells' margin); the heading above a title stands 19 pt further
    /// (dompdf's `Programma 02 – …`).
    pub card_title_pitch_slack: f64,
}

impl Default for TableRules {
    fn default() -> Self {
        TableRules {
            max_context_lines: 6,
            max_gap_lines: 4.0,
            max_heading_chars: 160,
            same_row_share: 0.5,
            slack: 1.0,
            always_filled: 0.9,
            cut_row_min_rows: 3,
            max_section_chars: 90,
            section_cover: 0.6,
            heading_size_ratio: 1.15,
            contents_sections: 4,
            same_row_slack: 2.0,
            card_title_pitch_slack: 2.0,
        }
    }
}

/// Tolerances for reading objectives from tables, cards and running text (stage
/// `assemble`).
#[derive(Debug, Clone)]
pub struct AssembleTolerances {
    /// A title line of the plan (its kind, then its period) has at most this many
    /// characters. Default 120: the longest title of the seeds and the development set
    /// (`PIANO ESECUTIVO DI GESTIONE 2024 – PIANO DETTAGLIATO DEGLI OBIETTIVI`, 68);
    /// a sentence that mentions a plan runs longer once joined.
    pub max_title_chars: usize,
    /// How many lines from the first pages are read for the plan's metadata. Default 60
    /// (59 and 61 read the fixtures the same).
    pub meta_lines: usize,
    /// Similarity (normalised Levenshtein on folded text) at which a heading's group
    /// name is the same as a name the narrative writes in quotes. Default 0.8 (000:
    /// `PARTECIPAO` ~ "Partecipo").
    pub same_name: f64,
    /// Least number of letters for a line in capitals to be a card group heading.
    /// Default 5: `POLIZIA LOCALE` has 13; 4 lets acronyms on their own (`PNRR`) in, and
    /// costs 004's records (F1 −0.07).
    pub heading_min_letters: usize,
    /// A settore heading whose person is a title and a given name alone (`…:
    /// Arch. Davide`) goes on in the next line when that line is at most this many
    /// capitalised words: the family name a line break parted (h3-civitanova by
    /// PDFlib: `Marzocchi`). Default 3: family names of a particle and two words
    /// (`De La Rosa`); a heading of its own has more words or a prefix.
    pub max_family_words: usize,
    /// Most words of the person a heading prints before its `Responsabile` and the unit
    /// it holds (`Fabio Massimo Ferretti Responsabile Servizio 1° Programmazione e
    /// Controllo`, h17-boretto). Default 5: a title, two given names and a family name
    /// of two words (`Dott.ssa Anna Maria De Luca`); more capitalised words before the
    /// prefix are a phrase, not a person.
    pub max_holder_words: usize,
    /// A card's continuation line indented past its field's label by more than this
    /// (points) belongs to the field even after a paragraph end (a bullet list inside a
    /// description, 004 page 20 `- Ex O Hub dell'innovazione;` at x 90.8 under a label
    /// at 68.2). Default 1.0: the same indent prints within 0.1 pt.
    pub field_indent: f64,
    /// A table is a summary of objectives when at least this many of the summary roles
    /// (type, sequence, area, service, strategic) have a column (the table kind is also
    /// accepted). Default 2: 004's pieces whose `Tipo`/`seq.` header cells were glued
    /// still show `AREA dirigenziale` and `Servizio`; no other table of the seeds has
    /// both.
    pub summary_min_roles: usize,
    /// Least title similarity (normalised Levenshtein on folded text) for a card to
    /// match a summary row. Default 0.6: 004 prints `Adempimenti contabili per PNRR -
    /// Prosecuzione` on the card and `Adeguamenti contabili per PNRR - prosecuzione` in
    /// Tab 1, and `Proseguimento ...` for `Prosecuzione ...`; different objectives of
    /// one area share under half their letters.
    pub min_title_similarity: f64,
    /// Added to a candidate's score when the type letter agrees, and again when the
    /// row's sequence is the card's number: the tiebreak between near-equal titles.
    /// Default 0.1 (no output changes from 0.05 to 0.2).
    pub agreement_bonus: f64,
    /// Running-text fragments whose tops differ by less than this share of the font
    /// size are on one baseline. Default 0.3: the fragments of one justified line in
    /// 004 share the top exactly; the next line is 1.3 em lower.
    pub same_baseline_em: f64,
    /// A line is wrapped (its paragraph continues on the next line) when the next
    /// line's first word would have reached within this many em of the right margin
    /// had it been placed on this line. Default 0.5: 004 page 15 ends `... dell'Ambito
    /// di` at x = 503.4 and wraps `Crema` (32 pt wide) on a 538 pt margin; a
    /// paragraph's short last line leaves tens of points.
    pub wrap_slack_em: f64,
    /// Width of the space a wrapped word would have needed, in em. Default 0.25 (no
    /// output changes from 0.125 to 0.5).
    pub space_em: f64,
    /// A run of card labels is a card when its labels hold at least this many
    /// different roles of the vocabulary. Default 3: the smallest card of the
    /// development set prints 6 fields (`card-melfi`); a paragraph of narrative with
    /// one `Nota:` or `Responsabile:` is no card, and 003's prose has no run of three.
    pub card_min_fields: usize,
    /// A row of a card's table is a row of labels over the rows of their values when
    /// it holds at least this many cells, each a label the vocabulary reads. Default 3:
    /// h11-voghiera prints four (`Responsabile | Servizio | Peso | Scadenza` over their
    /// values, `Indicatore | Formula di calcolo | Valore iniziale | Valore atteso 2025`
    /// over each indicator); a row of two is a label and its value.
    pub card_label_row_min: usize,
    /// Most words of a card label. Default 10: the longest label seen is 004's `Entro
    /// quando si prevede di raggiungere l'obiettivo` (8 words); a sentence before a
    /// colon runs longer.
    pub label_max_words: usize,
    /// Most characters of a card label. Default 70 (004's longest label has 51).
    pub label_max_chars: usize,
    /// A line with no separator is a label on its own line (the value below it) only
    /// when the vocabulary reads its role at least this surely. Default 0.85: `Titolare
    /// di incarico di EQ` (development set `card-spoleto`) reads as dirigente at 0.9,
    /// while value lines read at most 0.63 (`Settore Lavori Pubblici`, a settore by its
    /// first word).
    pub own_line_label_confidence: f64,
    /// Most words of a label printed on a line of its own. Default 5: `Titolare di
    /// incarico di EQ` (card-spoleto) has 5; a title of 8 words whose words read as a
    /// role (`1. Riduzione dei tempi di pagamento delle fatture commerciali`,
    /// card-cefalu) is no label.
    pub own_line_max_words: usize,
    /// A short line the vocabulary does not know is a label of its own line when it is
    /// printed at least this share of the times the most printed known label is.
    /// Default 0.8: a label repeats on every card (card-spoleto's `Portatori di
    /// interesse`, 6 of 6), a value on some (`Dipendenti comunali`, 2 of 6).
    pub repeated_label_share: f64,
    /// An objective table is the cards' summary list when at least this share of its
    /// rows have a card with a similar title. Default 0.8: `card-trani`'s list matches
    /// all 9 cards; an objective table of another section shares none.
    pub summary_card_share: f64,
    /// A card is an objective only when at least this share of its labels are of the
    /// vocabulary or printed on another card too (a label of the document's card
    /// template). Default 0.6: the development set's cards know 6 of 7 labels or more,
    /// and the held-out cards of round 2 (4 of 8 known, hcard-viterbo) print all their
    /// labels on every card; a PIAO's registry sheet (003 `SCHEMA ANAGRAFICA`: `PEC`,
    /// `Natura Giuridica`, `Sito web istituzionale`...), printed once, knows fewer than
    /// half.
    pub card_known_share: f64,
}

impl Default for AssembleTolerances {
    fn default() -> Self {
        AssembleTolerances {
            max_title_chars: 120,
            meta_lines: 60,
            same_name: 0.8,
            heading_min_letters: 5,
            max_family_words: 3,
            max_holder_words: 5,
            field_indent: 1.0,
            summary_min_roles: 2,
            min_title_similarity: 0.6,
            agreement_bonus: 0.1,
            same_baseline_em: 0.3,
            wrap_slack_em: 0.5,
            space_em: 0.25,
            card_min_fields: 3,
            card_label_row_min: 3,
            label_max_words: 10,
            label_max_chars: 70,
            own_line_label_confidence: 0.85,
            own_line_max_words: 5,
            repeated_label_share: 0.8,
            summary_card_share: 0.8,
            card_known_share: 0.6,
        }
    }
}

/// Rules of the normalizers (stage `normalize`).
///
/// The normalizers are pure functions of a printed string (`parse_person`,
/// `parse_formula`, `parse_code`, `parse_target`, `resolve_mission`, the
/// [`PersonRegistry`]), called from
/// `output`, `batch` and `dataset` where no run's [`Config`] is at hand: they read
/// [`NormalizeRules::DEFAULT`], not [`Config::normalize`]. Only the plan metadata
/// ([`detect_meta`](crate::normalize::detect_meta)), read inside `assemble`, takes
/// these rules from the run's `Config`.
///
/// [`PersonRegistry`]: crate::normalize::PersonRegistry
#[derive(Debug, Clone)]
pub struct NormalizeRules {
    /// Normalized Levenshtein similarity (0–1) at or above which a printed mission or
    /// programme name is the official one of D.Lgs. 118/2011, allegato 14. Default 0.9:
    /// tolerates a slip of a letter or two in a long name (`asilo nido` for `asili
    /// nido`, 0.98) while the closest two official names, `Quota interessi` / `Quota
    /// capitale ammortamento mutui e prestiti obbligazionari` (50.01 / 50.02), are 0.85
    /// apart, below it; an exact folded match is tried first. Read from `DEFAULT`.
    pub mission_name_min_similarity: f64,
    /// Most tokens a person name may have once roles are removed. Default 5: the longest
    /// seen is `Benfatto Francesco Antonio` (seed 004, three); longer strings are
    /// sentences (`Tutti i dirigenti, per le fatture di propria competenza`, seed 004).
    /// Read from `DEFAULT`.
    pub max_name_tokens: usize,
    /// Shortest word (chars) that counts when deciding whether the two sides of a tight
    /// slash in a formula share a word. Default 4: skips `di`, `n.`, `nr` and keeps
    /// `ricorsi`, `acquisti` (seed 001 `ricorsi respinti/ricorsi ricevuti`). Read from
    /// `DEFAULT`.
    pub shared_word_min_chars: usize,
    /// Longest trailing word accepted as a unit after a number (`60 giorni`), in chars.
    /// Default 12: longer tails are sentences, not units (seed 004 targets). Read from
    /// `DEFAULT`.
    pub max_unit_chars: usize,
    /// Lines after the title line searched for the period, title line included. Default
    /// 4: seed 000 prints `PIANO INTEGRATO DI ATTIVITA'` / `ED ORGANIZZAZIONE` /
    /// `2025-2027` (two lines below), seed 004 `Triennio 2025-2027` two lines below its
    /// title.
    pub period_window_lines: usize,
    /// Most words in a comune's name after "Comune di". Default 4: longer is a sentence
    /// (seed 003 `Il Comune di Cremona in breve` is a heading, not the ente).
    pub max_ente_words: usize,
}

impl NormalizeRules {
    /// The rules, as a constant for the pure normalizers (see the type's docs).
    pub const DEFAULT: NormalizeRules = NormalizeRules {
        mission_name_min_similarity: 0.9,
        max_name_tokens: 5,
        shared_word_min_chars: 4,
        max_unit_chars: 12,
        period_window_lines: 4,
        max_ente_words: 4,
    };
}

impl Default for NormalizeRules {
    fn default() -> Self {
        NormalizeRules::DEFAULT
    }
}

/// Which reader turns a page's content into glyphs and paths.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Reader {
    /// Our own content-stream interpreter on lopdf: fonts parsed once per document,
    /// font name and weight per glyph, no panics.
    #[default]
    Interpreter,
    /// pdf-extract 0.12.1 behind `catch_unwind`, kept to compare the two.
    PdfExtract,
}

/// All tolerances of a run, grouped per stage, and the vocabulary the run reads
/// meaning with. Its default is every group's default and the built-in vocabulary.
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// Limits while opening a PDF.
    pub limits: Limits,
    /// Word and line building.
    pub layout: LayoutTolerances,
    /// Ruling line extraction.
    pub rulings: RulingTolerances,
    /// Font weights the PDF does not name.
    pub fonts: FontRules,
    /// Grid rebuilding.
    pub grid: GridTolerances,
    /// Header recognition.
    pub header: HeaderMatching,
    /// Table context and stitching.
    pub tables: TableRules,
    /// Objectives from tables, cards and running text.
    pub assemble: AssembleTolerances,
    /// Normalizers. Only the plan metadata rules are read from here; the string
    /// normalizers read [`NormalizeRules::DEFAULT`] (see [`NormalizeRules`]).
    pub normalize: NormalizeRules,
    /// PDF reader.
    pub reader: Reader,
    /// The words plans print: header and card-label wordings per role, heading
    /// prefixes, table kinds, plan titles. The built-in `data/vocab.json` by default
    /// (parsed on first use: [`RunVocabulary`]); `--vocab FILE` adds to it
    /// ([`Vocabulary::with_files`](crate::vocab::Vocabulary::with_files)).
    pub vocab: RunVocabulary,
}
