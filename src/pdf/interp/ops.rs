//! The content-stream machine: graphics and text state, operators, and what they
//! draw (glyphs into the page, paths into the ruling sink).

use super::font::Font;
use super::lexer::{Lexer, Operand};
use super::{FontCache, obj};
use crate::config::Limits;
use crate::error::Error;
use crate::geom::BBox;
use crate::pdf::load::Budget;
use crate::pdf::rulings::{PathOp, PathSink};
use crate::pdf::space::{Matrix, View};
use crate::pdf::{Glyph, Origin, Page};
use lopdf::{Dictionary, Document, Object};
use std::sync::Arc;

/// Most image XObjects a page keeps for `interp::scan` to look into: a scan is
/// one image a page (a few when a scanner tiles it); a page of many images (icons,
/// a mosaic) is no scan, and holding them all would cost for nothing.
const MAX_IMAGES_KEPT: usize = 8;

/// The font name reported for text shown before any `Tf`.
const NO_FONT_SELECTED: &str = "(no font selected)";

/// Deepest `q` nesting kept: producers nest a handful of levels; a hostile stream of
/// `q`s must not clone the state millions of times (deeper saves are ignored).
const MAX_SAVE_DEPTH: usize = 1024;

/// Most `Tf` answers a page keeps ([`Interp::font_named`]): a page uses a handful of
/// fonts; a page naming thousands looks the rest up each time, as every `Tf` did
/// before, so the search of the kept ones stays short. Not a judgement: only the
/// work changes.
const MAX_FONTS_NAMED: usize = 64;

/// A `Tf` answer kept by [`Interp::font_named`]: the resources it looked in, the
/// name, the font found (none when the reference leads to no font).
type FontNamed<'a> = (&'a Dictionary, Box<[u8]>, Option<Arc<Font>>);

/// How a colour space's components say "white".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Space {
    /// Gray, RGB, ICC-based, CalRGB/CalGray: white is all components high.
    Additive,
    /// CMYK: white is all components low.
    Subtractive,
    /// Pattern, Separation, Indexed, DeviceN, Lab: never taken for white.
    Other,
}

/// The colour of fills or strokes, reduced to what ruling detection needs.
#[derive(Debug, Clone, Copy)]
struct Paint {
    space: Space,
    white: bool,
}

impl Paint {
    /// Black in DeviceGray, the initial colour.
    const BLACK: Paint = Paint {
        space: Space::Additive,
        white: false,
    };

    /// The paint of `comps` in `space`; white from the level `white`
    /// ([`crate::config::RulingTolerances::white`]). The components are read as
    /// they come (an operator's numeric operands), not gathered into a vector: a
    /// colour is set for nearly every cell a spreadsheet draws.
    fn set(space: Space, comps: impl IntoIterator<Item = f64>, white: f64) -> Paint {
        let is_white = |c: f64| match space {
            Space::Additive => c >= white,
            Space::Subtractive => c <= 1.0 - white,
            Space::Other => false,
        };
        let mut comps = comps.into_iter().peekable();
        let white = comps.peek().is_some() && comps.all(is_white);
        Paint { space, white }
    }
}

/// The operators the machine acts on, each as its [`key`](op::key): matched as
/// numbers, one switch, where matching the keyword as a string was a UTF-8 check
/// and then a comparison per arm until one matched (`Interp::run` with
/// `from_utf8`, ~5% of the PDF stage on the large seeds, issue 22).
#[allow(non_upper_case_globals)]
mod op {
    /// An operator keyword as a number: its bytes little-endian in a `u32`. Every
    /// operator of PDF 32000 has one to three bytes, and a keyword holds no NUL
    /// (a NUL is white space to the lexer), so two keywords of up to three bytes
    /// never share a key; a longer keyword is 0, which names no operator.
    pub const fn key(keyword: &[u8]) -> u32 {
        match *keyword {
            [x0] => x0 as u32,
            [x0, x1] => x0 as u32 | (x1 as u32) << 8,
            [x0, x1, x2] => x0 as u32 | (x1 as u32) << 8 | (x2 as u32) << 16,
            _ => 0,
        }
    }

    pub const q: u32 = key(b"q");
    pub const Q: u32 = key(b"Q");
    pub const cm: u32 = key(b"cm");
    pub const Do: u32 = key(b"Do");
    pub const BI: u32 = key(b"BI");
    pub const BMC: u32 = key(b"BMC");
    pub const BDC: u32 = key(b"BDC");
    pub const EMC: u32 = key(b"EMC");
    pub const BT: u32 = key(b"BT");
    pub const ET: u32 = key(b"ET");
    pub const Tf: u32 = key(b"Tf");
    pub const gs: u32 = key(b"gs");
    pub const Tc: u32 = key(b"Tc");
    pub const Tw: u32 = key(b"Tw");
    pub const Tz: u32 = key(b"Tz");
    pub const TL: u32 = key(b"TL");
    pub const Ts: u32 = key(b"Ts");
    pub const Tr: u32 = key(b"Tr");
    pub const Tm: u32 = key(b"Tm");
    pub const Td: u32 = key(b"Td");
    pub const TD: u32 = key(b"TD");
    pub const T_STAR: u32 = key(b"T*");
    pub const Tj: u32 = key(b"Tj");
    pub const QUOTE: u32 = key(b"'");
    pub const DOUBLE_QUOTE: u32 = key(b"\"");
    pub const TJ: u32 = key(b"TJ");
    pub const m: u32 = key(b"m");
    pub const l: u32 = key(b"l");
    pub const c: u32 = key(b"c");
    pub const v: u32 = key(b"v");
    pub const y: u32 = key(b"y");
    pub const re: u32 = key(b"re");
    pub const h: u32 = key(b"h");
    pub const S: u32 = key(b"S");
    pub const s: u32 = key(b"s");
    pub const f: u32 = key(b"f");
    pub const F: u32 = key(b"F");
    pub const f_STAR: u32 = key(b"f*");
    pub const B: u32 = key(b"B");
    pub const B_STAR: u32 = key(b"B*");
    pub const b: u32 = key(b"b");
    pub const b_STAR: u32 = key(b"b*");
    pub const n: u32 = key(b"n");
    pub const W: u32 = key(b"W");
    pub const W_STAR: u32 = key(b"W*");
    pub const w: u32 = key(b"w");
    pub const J: u32 = key(b"J");
    pub const j: u32 = key(b"j");
    pub const M: u32 = key(b"M");
    pub const d: u32 = key(b"d");
    pub const ri: u32 = key(b"ri");
    pub const i: u32 = key(b"i");
    pub const g: u32 = key(b"g");
    pub const rg: u32 = key(b"rg");
    pub const G: u32 = key(b"G");
    pub const RG: u32 = key(b"RG");
    pub const k: u32 = key(b"k");
    pub const K: u32 = key(b"K");
    pub const cs: u32 = key(b"cs");
    pub const CS: u32 = key(b"CS");
    pub const sc: u32 = key(b"sc");
    pub const scn: u32 = key(b"scn");
    pub const SC: u32 = key(b"SC");
    pub const SCN: u32 = key(b"SCN");
}

/// Graphics state with the text state inside it (both saved by `q`, as poppler does).
#[derive(Debug, Clone)]
struct GState {
    ctm: Matrix,
    fill: Paint,
    stroke: Paint,
    font: Option<(Arc<Font>, u16)>,
    size: f64,
    char_spacing: f64,
    word_spacing: f64,
    h_scale: f64,
    leading: f64,
    rise: f64,
    tm: Matrix,
    tlm: Matrix,
    /// Text render mode 3 (neither fill nor stroke) or 7 (clip only): text drawn
    /// invisible, as OCR programs lay it over a scan.
    invisible: bool,
    /// The clipping area on the page (display space), as far as it is known: the box of
    /// every straight-edged clipping path set so far; `None` is the whole page.
    clip: Option<BBox>,
}

impl GState {
    fn new() -> GState {
        GState {
            ctm: Matrix::IDENTITY,
            fill: Paint::BLACK,
            stroke: Paint::BLACK,
            font: None,
            size: 0.0,
            char_spacing: 0.0,
            word_spacing: 0.0,
            h_scale: 1.0,
            leading: 0.0,
            rise: 0.0,
            tm: Matrix::IDENTITY,
            tlm: Matrix::IDENTITY,
            invisible: false,
            clip: None,
        }
    }
}

/// The operator limit was reached: stop reading the page.
#[derive(Debug)]
pub(super) struct Stop(pub String);

/// Interprets the content of one page.
pub(super) struct Interp<'a> {
    doc: &'a Document,
    budget: &'a Budget,
    /// Set when a form inflated past the document's limits: the page stops and the
    /// document fails with it.
    pub fatal: Option<Error>,
    cache: &'a FontCache,
    limits: &'a Limits,
    view: View,
    pub page: Page,
    pub sink: PathSink<'a>,
    gs: GState,
    stack: Vec<GState>,
    path: Vec<PathOp>,
    ops: usize,
    /// Fonts of the page: the loaded font's address → index into `page.fonts`.
    font_index: Vec<(usize, u16)>,
    /// What each `Tf` that named a font by reference found: the resources it looked
    /// in, the name, the font (see [`Interp::font_named`]); at most
    /// [`MAX_FONTS_NAMED`].
    fonts_named: Vec<FontNamed<'a>>,
    /// What the glyphs drawn now belong to (content, or an annotation's appearance).
    origin: Origin,
    /// Open marked-content sequences (`BMC`/`BDC` … `EMC`), innermost last: for one
    /// with an `/ActualText`, that text and the index of the first glyph drawn in it.
    marked: Vec<Option<(usize, String)>>,
    /// Image XObjects drawn on the page (up to [`MAX_IMAGES_KEPT`]) and the matrix
    /// each was drawn with: where to look for rulings when the page is a scan.
    pub images_drawn: Vec<(lopdf::ObjectId, Matrix)>,
    /// A `W` / `W*` was seen: the path painted (or ended by `n`) next clips.
    clip_pending: bool,
}

/// A value that may be a number: an operator's operand, or an entry of a
/// dictionary in the file (which may be a reference to one).
trait Number {
    fn number_in(&self, doc: &Document) -> Option<f64>;
}

impl Number for Operand {
    fn number_in(&self, _: &Document) -> Option<f64> {
        self.number()
    }
}

impl Number for Object {
    fn number_in(&self, doc: &Document) -> Option<f64> {
        obj::as_number(doc, self)
    }
}

/// The last `N` of `operands` as numbers, or `None` when one is not a number.
fn nums<const N: usize, T: Number>(doc: &Document, operands: &[T]) -> Option<[f64; N]> {
    let mut out = [0.0; N];
    let tail = operands.get(operands.len().checked_sub(N)?..)?;
    for (o, v) in tail.iter().zip(out.iter_mut()) {
        *v = o.number_in(doc)?;
    }
    Some(out)
}

fn matrix(v: [f64; 6]) -> Matrix {
    let [a, b, c, d, e, f] = v;
    Matrix { a, b, c, d, e, f }
}

impl<'a> Interp<'a> {
    /// A machine for one page.
    pub fn new(
        doc: &'a Document,
        budget: &'a Budget,
        cache: &'a FontCache,
        limits: &'a Limits,
        view: View,
        page: Page,
        sink: PathSink<'a>,
    ) -> Self {
        Interp {
            doc,
            budget,
            fatal: None,
            cache,
            limits,
            view,
            page,
            sink,
            gs: GState::new(),
            stack: Vec::new(),
            path: Vec::new(),
            ops: 0,
            font_index: Vec::new(),
            fonts_named: Vec::new(),
            origin: Origin::Content,
            marked: Vec::new(),
            images_drawn: Vec::new(),
            clip_pending: false,
        }
    }

    /// Run a content stream with its resources; `depth` counts enclosing forms.
    pub fn run(
        &mut self,
        content: &[u8],
        res: Option<&'a Dictionary>,
        depth: usize,
    ) -> Result<(), Stop> {
        let mut lexer = Lexer::new(content);
        let mut operands = Vec::new();
        while let Some(op) = lexer.next_op(&mut operands) {
            self.ops += 1;
            if self.ops > self.limits.max_ops_per_page {
                return Err(Stop(format!(
                    "more than {} operators",
                    self.limits.max_ops_per_page
                )));
            }
            // a keyword that names no operator (junk) matches no arm and does nothing
            self.operation(op::key(op), &operands, res, depth)?;
        }
        Ok(())
    }

    fn operation(
        &mut self,
        op: u32,
        a: &[Operand],
        res: Option<&'a Dictionary>,
        depth: usize,
    ) -> Result<(), Stop> {
        match op {
            op::q if self.stack.len() < MAX_SAVE_DEPTH => self.stack.push(self.gs.clone()),
            op::q => {}
            op::Q => {
                if let Some(g) = self.stack.pop() {
                    self.gs = g;
                }
            }
            op::cm => {
                if let Some(m) = nums::<6, _>(self.doc, a) {
                    self.gs.ctm = matrix(m).then(&self.gs.ctm);
                }
            }
            op::Do => return self.draw_xobject(a, res, depth),
            op::BI => self.page.images += 1,
            op::BMC | op::BDC if self.marked.len() < MAX_SAVE_DEPTH => {
                let actual = (op == op::BDC)
                    .then(|| self.actual_text(a.last(), res))
                    .flatten();
                self.marked
                    .push(actual.map(|t| (self.page.glyphs.len(), t)));
            }
            op::BMC | op::BDC => {}
            op::EMC => {
                if let Some(Some((first, text))) = self.marked.pop() {
                    self.replace_glyphs(first, &text);
                }
            }
            op => {
                if !self.text_operation(op, a, res) && !self.path_operation(op, a) {
                    self.color_operation(op, a, res);
                }
            }
        }
        Ok(())
    }

    /// Text state, positioning and showing. `false`: not a text operator.
    fn text_operation(&mut self, op: u32, a: &[Operand], res: Option<&'a Dictionary>) -> bool {
        let doc = self.doc;
        let one = || nums::<1, _>(doc, a).map(|[v]| v);
        match op {
            op::BT => {
                self.gs.tm = Matrix::IDENTITY;
                self.gs.tlm = Matrix::IDENTITY;
            }
            op::ET => {}
            op::Tf => self.set_font(a, res),
            op::gs => self.ext_gstate_font(a, res),
            op::Tc => self.gs.char_spacing = one().unwrap_or(self.gs.char_spacing),
            op::Tw => self.gs.word_spacing = one().unwrap_or(self.gs.word_spacing),
            op::Tz => self.gs.h_scale = one().map_or(self.gs.h_scale, |v| v / 100.0),
            op::TL => self.gs.leading = one().unwrap_or(self.gs.leading),
            op::Ts => self.gs.rise = one().unwrap_or(self.gs.rise),
            op::Tr => {
                if let Some(mode) = one() {
                    self.gs.invisible = mode == 3.0 || mode == 7.0;
                }
            }
            op::Tm => {
                if let Some(m) = nums::<6, _>(doc, a) {
                    self.gs.tlm = matrix(m);
                    self.gs.tm = self.gs.tlm;
                }
            }
            op::Td => {
                if let Some([x, y]) = nums::<2, _>(doc, a) {
                    self.move_line(x, y);
                }
            }
            op::TD => {
                if let Some([x, y]) = nums::<2, _>(doc, a) {
                    self.gs.leading = -y;
                    self.move_line(x, y);
                }
            }
            op::T_STAR => self.move_line(0.0, -self.gs.leading),
            op::Tj => {
                let mark = self.run_mark();
                self.show_operand(a.last());
                self.drop_clipped_run(mark);
            }
            op::QUOTE => {
                self.move_line(0.0, -self.gs.leading);
                let mark = self.run_mark();
                self.show_operand(a.last());
                self.drop_clipped_run(mark);
            }
            op::DOUBLE_QUOTE => {
                if let Some([aw, ac]) = a.get(..2).and_then(|h| nums::<2, _>(doc, h)) {
                    self.gs.word_spacing = aw;
                    self.gs.char_spacing = ac;
                }
                self.move_line(0.0, -self.gs.leading);
                let mark = self.run_mark();
                self.show_operand(a.last());
                self.drop_clipped_run(mark);
            }
            op::TJ => {
                let mark = self.run_mark();
                self.show_array(a.last());
                self.drop_clipped_run(mark);
            }
            _ => return false,
        }
        true
    }

    /// Where the glyphs and text of the run about to be shown start.
    fn run_mark(&self) -> (usize, usize) {
        (self.page.glyphs.len(), self.page.text.len())
    }

    /// A run shown (one `Tj` / `TJ` / `'` / `"`) whose every glyph lies wholly outside
    /// the clipping area prints nothing and is taken back: Qt paints a page as the
    /// document's band clipped to the page, so a line moved to the next page is drawn,
    /// invisibly, at the foot of this one too (h4-nuoro qt-plain). A run partly inside
    /// stays whole: a spreadsheet clips a long heading at its cell or print range
    /// (t-castenedolo calc-zebra: `… COMUNALE` shows as `… COMU`), and the cell's value
    /// is the whole text.
    fn drop_clipped_run(&mut self, (glyphs, text): (usize, usize)) {
        let Some(clip) = self.gs.clip else {
            return;
        };
        let run = self.page.glyphs.get(glyphs..).unwrap_or_default();
        if !run.is_empty() && run.iter().all(|g| !overlaps(&clip, &g.bbox)) {
            self.page.glyphs.truncate(glyphs);
            self.page.text.truncate(text);
        }
    }

    fn move_line(&mut self, x: f64, y: f64) {
        self.gs.tlm = Matrix::translate(x, y).then(&self.gs.tlm);
        self.gs.tm = self.gs.tlm;
    }

    fn set_font(&mut self, a: &[Operand], res: Option<&'a Dictionary>) {
        let doc = self.doc;
        if let Some([size]) = nums::<1, _>(doc, a) {
            self.gs.size = size;
        }
        let name = a.first().and_then(Operand::name);
        let font = name.zip(res).and_then(|(n, r)| self.font_named(r, n));
        self.gs.font = font.map(|f| {
            let idx = self.page_font(&f);
            (f, idx)
        });
    }

    /// The font `name` selects in the resources `res`. What a name given by
    /// reference found is kept for the page's next `Tf` of the same name in the
    /// same resources: Writer and Calc set the font again for every line (6,393
    /// `Tf` on the 84 pages of `004-writer-ruled`), and each looked up the
    /// resources' `/Font` dictionary, the name in it and the document's font cache
    /// (its lock and hash) again, ~2% of that file's PDF stage. The answer is the
    /// same: the document does not change while it is read, `res` is borrowed from
    /// it for as long as the interpreter lives (so no other dictionary can take
    /// its address), and the cache hands out the one font it stored for an object.
    /// A font given inline (not by reference) is loaded anew each time, as before:
    /// each such load is a font of its own in `page.fonts`.
    fn font_named(&mut self, res: &'a Dictionary, name: &[u8]) -> Option<Arc<Font>> {
        if let Some((.., font)) = self
            .fonts_named
            .iter()
            .find(|(r, n, _)| std::ptr::eq(*r, res) && **n == *name)
        {
            return font.clone();
        }
        let doc = self.doc;
        match obj::dict(doc, res, b"Font")?.get(name).ok()? {
            Object::Reference(id) => {
                let font = self.cache.get(doc, self.budget, *id);
                if self.fonts_named.len() < MAX_FONTS_NAMED {
                    self.fonts_named.push((res, name.into(), font.clone()));
                }
                font
            }
            other => obj::resolve(doc, other)?
                .as_dict()
                .ok()
                .map(|d| Arc::new(Font::load(doc, self.budget, d))),
        }
    }

    /// `gs`: a graphics state parameter dictionary may set the font too (`/Font
    /// [font size]`, PDF 32000 8.4.5); the rest of it does not concern text.
    fn ext_gstate_font(&mut self, a: &[Operand], res: Option<&Dictionary>) {
        let doc = self.doc;
        let Some(name) = a.first().and_then(Operand::name) else {
            return;
        };
        let Some(gs) = res
            .and_then(|r| obj::dict(doc, r, b"ExtGState"))
            .and_then(|d| obj::dict(doc, d, name))
        else {
            return;
        };
        let Some([font, size]) = obj::get(doc, gs, b"Font")
            .and_then(|o| o.as_array().ok())
            .and_then(|v| v.get(..2))
            .and_then(|v| <&[Object; 2]>::try_from(v).ok())
        else {
            return;
        };
        let loaded = match font {
            Object::Reference(id) => self.cache.get(doc, self.budget, *id),
            other => obj::resolve(doc, other)
                .and_then(|o| o.as_dict().ok())
                .map(|d| Arc::new(Font::load(doc, self.budget, d))),
        };
        if let Some(s) = obj::as_number(doc, size) {
            self.gs.size = s;
        }
        if let Some(f) = loaded {
            let idx = self.page_font(&f);
            self.gs.font = Some((f, idx));
        }
    }

    /// Index of a font in `page.fonts`, adding it on first use.
    fn page_font(&mut self, f: &Arc<Font>) -> u16 {
        let key = Arc::as_ptr(f) as usize;
        if let Some(&(_, i)) = self.font_index.iter().find(|(k, _)| *k == key) {
            return i;
        }
        let i = u16::try_from(self.page.fonts.len()).unwrap_or(crate::pdf::NO_FONT);
        if i != crate::pdf::NO_FONT {
            self.page.fonts.push(f.info.clone());
            self.font_index.push((key, i));
        }
        i
    }

    fn show_operand(&mut self, o: Option<&Operand>) {
        if let Some(Operand::String(s, _)) = o {
            self.show(s);
        }
    }

    fn show_array(&mut self, o: Option<&Operand>) {
        let Some(Operand::Array(items)) = o else {
            return;
        };
        for item in items {
            match item {
                Operand::String(s, _) => self.show(s),
                Operand::Integer(_) | Operand::Real(_) => {
                    let adj = item.number().unwrap_or(0.0);
                    let tx = -adj / 1000.0 * self.gs.size * self.gs.h_scale;
                    self.gs.tm = Matrix::translate(tx, 0.0).then(&self.gs.tm);
                }
                _ => {}
            }
        }
    }

    /// Show a string: one glyph per code, each advancing the text matrix by
    /// `(w0·Tfs + Tc + Tw if single-byte code 32) · Th`.
    fn show(&mut self, bytes: &[u8]) {
        // Taken out of the state for the string and put back after, rather than
        // cloned: a clone per string is an atomic count on a font that the other
        // threads' pages share.
        let Some((font, fidx)) = self.gs.font.take() else {
            self.page.codes_shown += bytes.len();
            self.unmapped(NO_FONT_SELECTED, bytes.len());
            return;
        };
        let gs = &self.gs;
        let (size, h_scale) = (gs.size, gs.h_scale);
        let tsm = Matrix {
            a: h_scale,
            f: gs.rise,
            ..Matrix::IDENTITY
        };
        let stretch = if gs.invisible {
            self.glyphless_stretch(&font, bytes)
        } else {
            None
        };
        let mut i = 0;
        while i < bytes.len() {
            let (code, n) = font.next_code(bytes, i);
            i += n;
            let w0 = font.width(code);
            let tx = h_scale * (w0 * size + self.spacing(code, n));
            let trm = tsm.then(&self.gs.tm).then(&self.gs.ctm);
            let text = font.text(code);
            self.page.codes_shown += 1;
            if text.is_empty() {
                self.unmapped(&font.info.name, 1);
            }
            // a stretched run's glyphs share the advance of its trailing space, which
            // is drawn where the run ends, with no width
            let k = match stretch {
                Some(_) if i >= bytes.len() => 0.0,
                Some(k) => k,
                None => 1.0,
            };
            self.emit(&trm, w0 * size * k, size, &text, fidx);
            self.gs.tm = Matrix::translate(tx * k, 0.0).then(&self.gs.tm);
        }
        self.gs.font = Some((font, fidx));
    }

    /// `Tc`, and `Tw` for the single-byte code 32, added to a glyph's advance.
    fn spacing(&self, code: u32, n: usize) -> f64 {
        let mut spacing = self.gs.char_spacing;
        if code == 32 && n == 1 {
            spacing += self.gs.word_spacing;
        }
        spacing
    }

    /// The factor that stretches an invisible run's glyphs over its trailing space:
    /// `Some` when every code of the run has one width (a glyph-less font, which
    /// draws nothing and so needs no widths) and the run ends in a space after at
    /// least one other glyph.
    ///
    /// Why: an OCR program places each word of its invisible layer as one run
    /// stretched (`Tz`) to the word's box in the image. Tesseract's PDF renderer
    /// (`pdfrenderer.cpp`, /GlyphLessFont with `/DW 500`) as ocrmypdf 14 runs it
    /// (tesseract 5.3.0) counts the word's trailing space in that stretch, so its
    /// letters cover only n/(n+1) of the box (tesseract issue #2879, reported on
    /// 5.0.0-alpha: "an n − 1 problem in highlighting"; measured on `fixtures/scans/`
    /// made with 5.3.0: `Tabella␣` is shown with `110.454 Tz` at 11 pt, 8 codes of
    /// 0.5 em spanning 48.6 pt, the box tesseract's hOCR gives the word, 134–269 px
    /// at 200 dpi). Cut at the space, every word of a scan was 1/(n+1) short and the
    /// gaps between words ~2.5 times too wide, enough to split columns. A run with no
    /// trailing space (older tesseract, programs that place words without one) is
    /// measured as it is.
    fn glyphless_stretch(&self, font: &Font, bytes: &[u8]) -> Option<f64> {
        let (mut first, mut total, mut last, mut count) = (None, 0.0, 0.0, 0usize);
        let mut i = 0;
        while i < bytes.len() {
            let (code, n) = font.next_code(bytes, i);
            i += n;
            let w0 = font.width(code);
            if *first.get_or_insert(w0) != w0 {
                return None;
            }
            last = w0 * self.gs.size + self.spacing(code, n);
            total += last;
            count += 1;
            if i >= bytes.len() && font.text(code) != " " {
                return None;
            }
        }
        let body = total - last;
        (count >= 2 && body > 0.0 && last > 0.0).then(|| total / body)
    }

    /// The `/ActualText` of a `BDC` property list (inline, or named in the
    /// resources' `/Properties`).
    fn actual_text(&self, props: Option<&Operand>, res: Option<&Dictionary>) -> Option<String> {
        let doc = self.doc;
        let dict = match props? {
            inline @ Operand::Dictionary(_) => {
                let text = inline.entry(b"ActualText")?.clone().into_object();
                return lopdf::decode_text_string(&text).ok();
            }
            Operand::Name(n) => {
                obj::dict(doc, res?, b"Properties").and_then(|p| obj::dict(doc, p, n))?
            }
            _ => return None,
        };
        lopdf::decode_text_string(obj::get(doc, dict, b"ActualText")?).ok()
    }

    /// A marked-content sequence with `/ActualText` ends: the glyphs drawn in it,
    /// from index `first`, become one glyph over all their boxes whose text is the
    /// actual text (none when it is empty), as poppler's text output reads them.
    /// InDesign writes the capitals of a small-caps heading so, over glyphs that a
    /// ToUnicode map reads as lower case (`/ActualText <FEFF004E>` over `N` → `n`:
    /// ICDAR 2013 eu-016 to eu-019). Nothing is drawn: nothing changes.
    fn replace_glyphs(&mut self, first: usize, text: &str) {
        let glyphs = &mut self.page.glyphs;
        let Some(head) = glyphs.get(first).copied() else {
            return;
        };
        let bbox = glyphs[first..]
            .iter()
            .fold(head.bbox, |b, g| b.union(&g.bbox));
        glyphs.truncate(first);
        self.page.text.truncate(head.start as usize);
        // a tab is a space; other control characters (InDesign's U+0007) are nothing
        let text: String = text
            .chars()
            .filter_map(|c| match c {
                c if c.is_control() && c.is_whitespace() => Some(' '),
                c if c.is_control() => None,
                c => Some(c),
            })
            .collect();
        if text.is_empty() {
            return;
        }
        self.page.text.push_str(&text);
        glyphs.push(Glyph {
            end: self.page.text.len() as u32,
            bbox,
            ..head
        });
    }

    /// Count `n` codes of font `name` that gave no text.
    fn unmapped(&mut self, name: &str, n: usize) {
        match self.page.unmapped.iter_mut().find(|(f, _)| f == name) {
            Some((_, k)) => *k += n,
            None => self.page.unmapped.push((name.to_string(), n)),
        }
    }

    fn emit(&mut self, trm: &Matrix, advance: f64, size: f64, text: &str, font: u16) {
        if text.is_empty() {
            return;
        }
        let (bbox, dir) = self.view.glyph_box(trm, advance, size);
        let start = self.page.text.len() as u32;
        self.page.text.push_str(text);
        self.page.glyphs.push(Glyph {
            start,
            end: self.page.text.len() as u32,
            bbox,
            size: (size * trm.scale()) as f32,
            dir,
            font,
            origin: self.origin,
            invisible: self.gs.invisible,
        });
    }

    /// Path construction and painting. `false`: not a path operator.
    fn path_operation(&mut self, op: u32, a: &[Operand]) -> bool {
        let doc = self.doc;
        match op {
            op::m | op::l => {
                if let Some([x, y]) = nums::<2, _>(doc, a) {
                    self.path.push(if op == op::m {
                        PathOp::MoveTo(x, y)
                    } else {
                        PathOp::LineTo(x, y)
                    });
                }
            }
            op::c | op::v | op::y => {
                if let Some([x, y]) = nums::<2, _>(doc, a) {
                    self.path.push(PathOp::CurveTo(x, y));
                }
            }
            op::re => {
                if let Some([x, y, w, h]) = nums::<4, _>(doc, a) {
                    self.path.push(PathOp::Rect(x, y, w, h));
                }
            }
            op::h => self.path.push(PathOp::Close),
            op::S => self.paint(false, false, true),
            op::s => self.paint(true, false, true),
            op::f | op::F | op::f_STAR => self.paint(false, true, false),
            op::B | op::B_STAR => self.paint(false, true, true),
            op::b | op::b_STAR => self.paint(true, true, true),
            op::n => {
                self.clip();
                self.path.clear();
            }
            op::W | op::W_STAR => self.clip_pending = true,
            op::w | op::J | op::j | op::M | op::d | op::ri | op::i => {}
            _ => return false,
        }
        true
    }

    /// A pending `W` takes effect on the current path: the clipping area shrinks to its
    /// box. Only a path of straight edges with an area is taken (a curved one's box is
    /// not known from its end points, a degenerate one would hide everything): the area
    /// kept is then never smaller than what the page shows.
    fn clip(&mut self) {
        if !std::mem::take(&mut self.clip_pending) {
            return;
        }
        let (ctm, view) = (self.gs.ctm, self.view);
        let Some(b) = path_box(&self.path, |x, y| {
            let (ux, uy) = ctm.apply(x, y);
            view.to_display(ux, uy)
        }) else {
            return;
        };
        self.gs.clip = Some(match self.gs.clip {
            Some(c) => BBox {
                x0: c.x0.max(b.x0),
                top: c.top.max(b.top),
                x1: c.x1.min(b.x1),
                bottom: c.bottom.min(b.bottom),
            },
            None => b,
        });
    }

    fn paint(&mut self, close: bool, fill: bool, stroke: bool) {
        self.clip();
        if close {
            self.path.push(PathOp::Close);
        }
        let visible_fill = fill && !self.gs.fill.white;
        let visible_stroke = stroke && !self.gs.stroke.white;
        if visible_fill || visible_stroke {
            let (ctm, view) = (self.gs.ctm, self.view);
            let segs = crate::pdf::rulings::segments(&self.path, |x, y| {
                let (ux, uy) = ctm.apply(x, y);
                view.to_display(ux, uy)
            });
            if visible_fill {
                self.sink.fill(&segs);
            }
            if visible_stroke {
                self.sink.stroke(&segs);
            }
        }
        self.path.clear();
    }

    /// Colour operators, reduced to "is the current fill / stroke white".
    fn color_operation(&mut self, op: u32, a: &[Operand], res: Option<&Dictionary>) {
        let comps = a.iter().filter_map(Operand::number);
        let white = self.sink.white();
        match op {
            op::g | op::rg => self.gs.fill = Paint::set(Space::Additive, comps, white),
            op::G | op::RG => self.gs.stroke = Paint::set(Space::Additive, comps, white),
            op::k => self.gs.fill = Paint::set(Space::Subtractive, comps, white),
            op::K => self.gs.stroke = Paint::set(Space::Subtractive, comps, white),
            op::cs => self.gs.fill = Paint::set(self.color_space(a, res), [], white),
            op::CS => self.gs.stroke = Paint::set(self.color_space(a, res), [], white),
            op::sc | op::scn => self.gs.fill = Paint::set(self.gs.fill.space, comps, white),
            op::SC | op::SCN => self.gs.stroke = Paint::set(self.gs.stroke.space, comps, white),
            _ => {}
        }
    }

    fn color_space(&self, a: &[Operand], res: Option<&Dictionary>) -> Space {
        let Some(name) = a.first().and_then(Operand::name) else {
            return Space::Other;
        };
        let named = res
            .and_then(|r| obj::dict(self.doc, r, b"ColorSpace"))
            .and_then(|d| obj::get(self.doc, d, name));
        let family = match named {
            Some(Object::Name(n)) => n.as_slice(),
            Some(Object::Array(v)) => v.first().and_then(|o| o.as_name().ok()).unwrap_or(b""),
            _ => name,
        };
        match family {
            b"DeviceGray" | b"DeviceRGB" | b"CalRGB" | b"CalGray" | b"ICCBased" | b"G" | b"RGB" => {
                Space::Additive
            }
            b"DeviceCMYK" | b"CMYK" => Space::Subtractive,
            _ => Space::Other,
        }
    }

    /// Draw an annotation's appearance stream over the page (PDF 32000 12.5.5): the
    /// form's `/BBox`, transformed by its `/Matrix`, is fitted onto the annotation's
    /// `/Rect`, in default user space whatever the page content did to the CTM.
    pub fn draw_appearance(
        &mut self,
        id: lopdf::ObjectId,
        form: &'a lopdf::Stream,
        rect: [f64; 4],
        origin: Origin,
    ) -> Result<(), Stop> {
        let doc = self.doc;
        let content = match self.budget.bytes(id, form) {
            Ok(Some(c)) => c,
            Ok(None) => return Ok(()),
            Err(e) => {
                self.fatal = Some(e);
                return Err(Stop("streams past the inflation limits".into()));
            }
        };
        let m = obj::get(doc, &form.dict, b"Matrix")
            .and_then(|o| o.as_array().ok())
            .and_then(|v| nums::<6, _>(doc, v))
            .map_or(Matrix::IDENTITY, matrix);
        let Some(bbox) = obj::get(doc, &form.dict, b"BBox")
            .and_then(|o| o.as_array().ok())
            .and_then(|v| nums::<4, _>(doc, v))
        else {
            return Ok(());
        };
        let corners = [
            (bbox[0], bbox[1]),
            (bbox[2], bbox[1]),
            (bbox[0], bbox[3]),
            (bbox[2], bbox[3]),
        ]
        .map(|(x, y)| m.apply(x, y));
        let (x0, x1) = min_max(corners.iter().map(|c| c.0));
        let (y0, y1) = min_max(corners.iter().map(|c| c.1));
        let (rx0, rx1) = min_max([rect[0], rect[2]].into_iter());
        let (ry0, ry1) = min_max([rect[1], rect[3]].into_iter());
        let scale = |to: f64, from: f64| {
            if from.abs() > f64::EPSILON {
                to / from
            } else {
                1.0
            }
        };
        let fit = Matrix {
            a: scale(rx1 - rx0, x1 - x0),
            d: scale(ry1 - ry0, y1 - y0),
            ..Matrix::IDENTITY
        };
        let fit = Matrix::translate(-x0, -y0)
            .then(&fit)
            .then(&Matrix::translate(rx0, ry0));
        let saved = std::mem::replace(&mut self.gs, GState::new());
        let saved_origin = std::mem::replace(&mut self.origin, origin);
        self.gs.ctm = m.then(&fit);
        let res = obj::dict(doc, &form.dict, b"Resources");
        let r = self.run(&content, res, 1);
        self.gs = saved;
        self.origin = saved_origin;
        self.path.clear();
        r
    }

    /// Draw an annotation's text that has no appearance stream, as a viewer would
    /// lay it out: one line per line of the text, from the top left of `rect` (2 pt
    /// in), in Helvetica's widths at `size`, at the usual 1.2 leading.
    pub fn draw_plain_text(&mut self, text: &str, rect: [f64; 4], size: f64, origin: Origin) {
        let (x0, _) = min_max([rect[0], rect[2]].into_iter());
        let (_, y1) = min_max([rect[1], rect[3]].into_iter());
        let saved = std::mem::replace(&mut self.origin, origin);
        for (k, line) in text.lines().enumerate() {
            let mut x = x0 + PLAIN_PADDING;
            let y = y1 - PLAIN_PADDING - size * (1.0 + PLAIN_LEADING * k as f64);
            for c in line.chars() {
                let w = helvetica_width(c);
                let mut buf = [0u8; 4];
                let trm = Matrix::translate(x, y);
                self.emit(
                    &trm,
                    w * size,
                    size,
                    c.encode_utf8(&mut buf),
                    crate::pdf::NO_FONT,
                );
                x += w * size;
            }
        }
        self.origin = saved;
    }

    /// `Do`: a Form XObject is run with its matrix and resources, under the depth
    /// limit; images (blanked at load) and unknown names are skipped.
    fn draw_xobject(
        &mut self,
        a: &[Operand],
        res: Option<&'a Dictionary>,
        depth: usize,
    ) -> Result<(), Stop> {
        let doc = self.doc;
        let Some(name) = a.first().and_then(Operand::name) else {
            return Ok(());
        };
        let entry = res
            .and_then(|r| obj::dict(doc, r, b"XObject"))
            .and_then(|d| d.get(name).ok());
        let id = entry.and_then(|o| o.as_reference().ok()).unwrap_or((0, 0));
        let xobj = entry
            .and_then(|o| obj::resolve(doc, o))
            .and_then(|o| o.as_stream().ok());
        if xobj.is_some_and(|s| obj::name(doc, &s.dict, b"Subtype") == Some(b"Image")) {
            self.page.images += 1;
            if self.images_drawn.len() < MAX_IMAGES_KEPT {
                self.images_drawn.push((id, self.gs.ctm));
            }
            return Ok(());
        }
        let Some(form) = xobj.filter(|s| obj::name(doc, &s.dict, b"Subtype") == Some(b"Form"))
        else {
            return Ok(());
        };
        if depth >= self.limits.max_form_depth {
            return Ok(());
        }
        let content = match self.budget.bytes(id, form) {
            Ok(Some(c)) => c,
            Ok(None) => return Ok(()),
            Err(e) => {
                self.fatal = Some(e);
                return Err(Stop("streams past the inflation limits".into()));
            }
        };
        let m = obj::get(doc, &form.dict, b"Matrix")
            .and_then(|o| o.as_array().ok())
            .and_then(|v| nums::<6, _>(doc, v))
            .map_or(Matrix::IDENTITY, matrix);
        let form_res = obj::dict(doc, &form.dict, b"Resources").or(res);
        // the form runs on a save stack of its own, so a `q` it leaves open or a
        // `Q` too many cannot change the state its caller goes on with (pdf.js
        // issue10388: a form whose `Q` was lost left its caller's text 46 pt off, past
        // the page's edge); poppler saves and restores around a form the same way
        let saved = (std::mem::take(&mut self.stack), self.gs.clone());
        self.gs.ctm = m.then(&self.gs.ctm);
        let r = self.run(&content, form_res, depth + 1);
        (self.stack, self.gs) = saved;
        r
    }
}

fn min_max(v: impl Iterator<Item = f64>) -> (f64, f64) {
    v.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), x| {
        (lo.min(x), hi.max(x))
    })
}

/// Padding of annotation text drawn without an appearance (points from the
/// rectangle's edge; viewers use 2).
const PLAIN_PADDING: f64 = 2.0;
/// Line spacing of such text, in em.
const PLAIN_LEADING: f64 = 1.2;
/// Width of a character Helvetica has no metric for, in em.
const PLAIN_DEFAULT_WIDTH: f64 = 0.5;

/// Helvetica's advance of `c`, in em.
fn helvetica_width(c: char) -> f64 {
    let Ok(unit) = u16::try_from(u32::from(c)) else {
        return PLAIN_DEFAULT_WIDTH;
    };
    let t = super::tables::HELVETICA;
    t.binary_search_by_key(&unit, |&(u, _)| u)
        .ok()
        .and_then(|i| t.get(i))
        .map_or(PLAIN_DEFAULT_WIDTH, |&(_, w)| f64::from(w) / 1000.0)
}

/// The box of a path of straight edges in display space (`None` for a curved or
/// empty path, or one without area).
fn path_box(path: &[PathOp], map: impl Fn(f64, f64) -> (f64, f64)) -> Option<BBox> {
    let mut pts = Vec::new();
    for op in path {
        match *op {
            PathOp::MoveTo(x, y) | PathOp::LineTo(x, y) => pts.push(map(x, y)),
            PathOp::Rect(x, y, w, h) => {
                pts.extend([map(x, y), map(x + w, y), map(x, y + h), map(x + w, y + h)]);
            }
            PathOp::CurveTo(..) => return None,
            PathOp::Close => {}
        }
    }
    let (x0, x1) = pts
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), p| {
            (a.min(p.0), b.max(p.0))
        });
    let (y0, y1) = pts
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), p| {
            (a.min(p.1), b.max(p.1))
        });
    (x1 > x0 && y1 > y0).then(|| BBox::new(x0, y0, x1, y1))
}

/// Whether two boxes share some area.
fn overlaps(a: &BBox, b: &BBox) -> bool {
    a.x0 < b.x1 && b.x0 < a.x1 && a.top < b.bottom && b.top < a.bottom
}

#[cfg(test)]
mod op_tests {
    use super::op;

    /// Every operator the machine acts on has a key of its own, and a keyword of
    /// more than three bytes names none of them.
    #[test]
    fn operator_keys_are_distinct() {
        let keys = [
            op::q,
            op::Q,
            op::cm,
            op::Do,
            op::BI,
            op::BMC,
            op::BDC,
            op::EMC,
            op::BT,
            op::ET,
            op::Tf,
            op::gs,
            op::Tc,
            op::Tw,
            op::Tz,
            op::TL,
            op::Ts,
            op::Tr,
            op::Tm,
            op::Td,
            op::TD,
            op::T_STAR,
            op::Tj,
            op::QUOTE,
            op::DOUBLE_QUOTE,
            op::TJ,
            op::m,
            op::l,
            op::c,
            op::v,
            op::y,
            op::re,
            op::h,
            op::S,
            op::s,
            op::f,
            op::F,
            op::f_STAR,
            op::B,
            op::B_STAR,
            op::b,
            op::b_STAR,
            op::n,
            op::W,
            op::W_STAR,
            op::w,
            op::J,
            op::j,
            op::M,
            op::d,
            op::ri,
            op::i,
            op::g,
            op::rg,
            op::G,
            op::RG,
            op::k,
            op::K,
            op::cs,
            op::CS,
            op::sc,
            op::scn,
            op::SC,
            op::SCN,
        ];
        let distinct: std::collections::HashSet<u32> = keys.iter().copied().collect();
        assert_eq!(distinct.len(), keys.len());
        assert!(!distinct.contains(&0));
        assert_eq!(op::key(b"BDCX"), 0);
        assert_ne!(op::key(b"BD"), op::BDC);
        assert_eq!(op::key(b"T*"), op::T_STAR);
    }
}

#[cfg(test)]
#[allow(clippy::panic)]
mod clip_tests {
    use super::*;

    /// The page band h4-nuoro qt-plain's page 2 is clipped to (points, display space),
    /// and the line Qt moved to page 3, drawn there under the clip too.
    #[test]
    fn a_glyph_below_the_clipped_band_is_outside_it() {
        let Some(band) = path_box(&[PathOp::Rect(42.5, 39.7, 510.0, 740.0)], |x, y| (x, y)) else {
            panic!("a rectangle has a box");
        };
        let moved = BBox::new(42.96, 780.78, 253.74, 790.86);
        let kept = BBox::new(42.96, 759.45, 163.52, 769.53);
        assert!(!overlaps(&band, &moved));
        assert!(overlaps(&band, &kept));
    }

    /// A curved or flat clipping path says nothing taken for sure: no area.
    #[test]
    fn curved_and_flat_paths_give_no_clip() {
        let curved = [PathOp::MoveTo(0.0, 0.0), PathOp::CurveTo(10.0, 10.0)];
        assert!(path_box(&curved, |x, y| (x, y)).is_none());
        let flat = [PathOp::MoveTo(0.0, 5.0), PathOp::LineTo(10.0, 5.0)];
        assert!(path_box(&flat, |x, y| (x, y)).is_none());
        assert!(path_box(&[], |x, y| (x, y)).is_none());
    }
}
