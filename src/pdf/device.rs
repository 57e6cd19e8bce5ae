//! The one place that knows pdf-extract: an `OutputDev` that records glyphs and paths
//! in display space.

use super::load::{Loaded, PageSetup};
use super::rulings::{PathSink, Segment};
use super::{Glyph, Page};
use crate::config::Config;
use crate::error::{Result, contain_panic, first_line};
use crate::geom::BBox;
use pdf_extract::{ColorSpace, MediaBox, OutputDev, OutputError, Path, Transform};
use rayon::prelude::*;

/// Share of the font size above the baseline that a glyph box covers. Fonts do not
/// expose their ascent through pdf-extract; 0.8 em matches Liberation and DejaVu.
const ASCENT_EM: f64 = 0.8;
/// Share of the font size below the baseline (descenders).
const DESCENT_EM: f64 = 0.2;

/// Read every page, in parallel. A page on which the reader fails (a contained
/// panic or a parse error) is kept with what was read so far and its `error` set.
pub(super) fn read_pages(loaded: &Loaded, config: &Config) -> Result<Vec<Page>> {
    Ok(loaded
        .pages
        .par_iter()
        .map(|setup| read_page(loaded, setup, config))
        .collect())
}

fn read_page(loaded: &Loaded, setup: &PageSetup, config: &Config) -> Page {
    let mut dev = Device::new(setup, config);
    let res = contain_panic(|| {
        pdf_extract::output_doc_page(&loaded.doc, &mut dev, setup.number)
            .map_err(|e| crate::Error::Corrupt(first_line(&e.to_string())))
    });
    let mut page = dev.finish();
    if let Err(e) = res {
        page.error = Some(e.to_string());
    }
    page
}

/// Maps PDF user space (bottom-left origin, unrotated) to display space.
#[derive(Debug, Clone, Copy)]
struct View {
    llx: f64,
    lly: f64,
    w: f64,
    h: f64,
    rotation: u16,
}

impl View {
    fn to_display(self, x: f64, y: f64) -> (f64, f64) {
        let (u, v) = (x - self.llx, y - self.lly);
        match self.rotation {
            90 => (v, u),
            180 => (self.w - u, v),
            270 => (self.h - v, self.w - u),
            _ => (u, self.h - v),
        }
    }
    fn display_size(self) -> (f64, f64) {
        if self.rotation % 180 == 90 {
            (self.h, self.w)
        } else {
            (self.w, self.h)
        }
    }
}

fn apply(t: &Transform, x: f64, y: f64) -> (f64, f64) {
    (x * t.m11 + y * t.m21 + t.m31, x * t.m12 + y * t.m22 + t.m32)
}

struct Device<'c> {
    view: View,
    page: Page,
    sink: PathSink<'c>,
}

impl<'c> Device<'c> {
    fn new(setup: &PageSetup, config: &'c Config) -> Self {
        let [llx, lly, urx, ury] = setup.media;
        let view = View {
            llx,
            lly,
            w: urx - llx,
            h: ury - lly,
            rotation: setup.rotation,
        };
        let (width, height) = view.display_size();
        let page = Page {
            number: setup.number,
            width,
            height,
            rotation: setup.rotation,
            images: setup.images,
            ..Page::default()
        };
        Device {
            view,
            page,
            sink: PathSink::new(&config.rulings),
        }
    }

    fn finish(mut self) -> Page {
        let (rulings, fills) = self.sink.finish();
        self.page.rulings = rulings;
        self.page.fills = fills;
        self.page
    }

    /// The glyph's box in display space and its writing direction.
    fn glyph_box(&self, trm: &Transform, advance: f64, size: f64) -> (BBox, u16) {
        let corners = [
            (0.0, -DESCENT_EM * size),
            (advance, -DESCENT_EM * size),
            (advance, ASCENT_EM * size),
            (0.0, ASCENT_EM * size),
        ];
        let pts: Vec<(f64, f64)> = corners
            .iter()
            .map(|&(a, b)| {
                let (x, y) = apply(trm, a, b);
                self.view.to_display(x, y)
            })
            .collect();
        let (x0, y0) = pts[0];
        let (x1, y1) = pts[1];
        let (dx, dy) = (x1 - x0, y1 - y0);
        let dir = if dx.abs() >= dy.abs() {
            if dx >= 0.0 { 0 } else { 180 }
        } else if dy > 0.0 {
            90
        } else {
            270
        };
        let mut bbox = BBox::new(pts[0].0, pts[0].1, pts[0].0, pts[0].1);
        for &(x, y) in &pts[1..] {
            bbox = bbox.union(&BBox::new(x, y, x, y));
        }
        (bbox, dir)
    }

    fn to_segments(&self, ctm: &Transform, path: &Path) -> Vec<Segment> {
        super::rulings::segments(path, |x, y| {
            let (ux, uy) = apply(ctm, x, y);
            self.view.to_display(ux, uy)
        })
    }
}

/// A colour close to white draws nothing a reader sees as a line.
fn is_white(cs: &ColorSpace, color: &[f64]) -> bool {
    const WHITE: f64 = 0.95;
    match cs {
        ColorSpace::DeviceCMYK => color.iter().all(|&c| c <= 1.0 - WHITE),
        ColorSpace::DeviceGray
        | ColorSpace::DeviceRGB
        | ColorSpace::CalRGB(_)
        | ColorSpace::CalGray(_)
        | ColorSpace::ICCBased(_) => !color.is_empty() && color.iter().all(|&c| c >= WHITE),
        _ => false,
    }
}

impl OutputDev for Device<'_> {
    fn begin_page(
        &mut self,
        _n: u32,
        _m: &MediaBox,
        _a: Option<(f64, f64, f64, f64)>,
    ) -> Result<(), OutputError> {
        Ok(())
    }
    fn end_page(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
    fn output_character(
        &mut self,
        trm: &Transform,
        width: f64,
        _spacing: f64,
        font_size: f64,
        ch: &str,
    ) -> Result<(), OutputError> {
        if ch.is_empty() {
            return Ok(());
        }
        let scale = (trm.m11 * trm.m22 - trm.m12 * trm.m21).abs().sqrt();
        let (bbox, dir) = self.glyph_box(trm, width * font_size, font_size);
        let start = self.page.text.len() as u32;
        self.page.text.push_str(ch);
        let end = self.page.text.len() as u32;
        self.page.glyphs.push(Glyph {
            start,
            end,
            bbox,
            size: (font_size * scale) as f32,
            dir,
        });
        Ok(())
    }
    fn begin_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
    fn end_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
    fn end_line(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
    fn stroke(
        &mut self,
        ctm: &Transform,
        cs: &ColorSpace,
        color: &[f64],
        path: &Path,
    ) -> Result<(), OutputError> {
        if !is_white(cs, color) {
            let segs = self.to_segments(ctm, path);
            self.sink.stroke(&segs);
        }
        Ok(())
    }
    fn fill(
        &mut self,
        ctm: &Transform,
        cs: &ColorSpace,
        color: &[f64],
        path: &Path,
    ) -> Result<(), OutputError> {
        if !is_white(cs, color) {
            let segs = self.to_segments(ctm, path);
            self.sink.fill(&segs);
        }
        Ok(())
    }
}
