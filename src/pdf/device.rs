//! The one place that knows pdf-extract: an `OutputDev` that records glyphs and paths
//! in display space.

use super::load::{Loaded, PageSetup};
use super::rulings::{PathOp, PathSink, Segment};
use super::space::{Matrix, View};
use super::{Glyph, NO_FONT, Page};
use crate::config::Config;
use crate::error::{Result, contain_panic, first_line};
use pdf_extract::{ColorSpace, MediaBox, OutputDev, OutputError, Path, Transform};
use rayon::prelude::*;

/// Read every page, in parallel. A page on which the reader fails (a contained
/// panic or a parse error) is kept with what was read so far and its `error` set.
pub(super) fn read_pages(loaded: &Loaded, setups: &[PageSetup], config: &Config) -> Vec<Page> {
    setups
        .par_iter()
        .map(|setup| read_page(loaded, setup, config))
        .collect()
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

fn matrix(t: &Transform) -> Matrix {
    Matrix {
        a: t.m11,
        b: t.m12,
        c: t.m21,
        d: t.m22,
        e: t.m31,
        f: t.m32,
    }
}

fn path_ops(path: &Path) -> Vec<PathOp> {
    path.ops
        .iter()
        .map(|op| match *op {
            pdf_extract::PathOp::MoveTo(x, y) => PathOp::MoveTo(x, y),
            pdf_extract::PathOp::LineTo(x, y) => PathOp::LineTo(x, y),
            pdf_extract::PathOp::CurveTo(_, _, _, _, x, y) => PathOp::CurveTo(x, y),
            pdf_extract::PathOp::Rect(x, y, w, h) => PathOp::Rect(x, y, w, h),
            pdf_extract::PathOp::Close => PathOp::Close,
        })
        .collect()
}

struct Device<'c> {
    view: View,
    page: Page,
    sink: PathSink<'c>,
}

impl<'c> Device<'c> {
    fn new(setup: &PageSetup, config: &'c Config) -> Self {
        let view = View::new(setup.media, setup.rotation);
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

    fn to_segments(&self, ctm: &Transform, path: &Path) -> Vec<Segment> {
        let ctm = matrix(ctm);
        super::rulings::segments(&path_ops(path), |x, y| {
            let (ux, uy) = ctm.apply(x, y);
            self.view.to_display(ux, uy)
        })
    }
}

/// A colour close to white (from the level `white`,
/// [`crate::config::RulingTolerances::white`]) draws nothing a reader sees as a line.
fn is_white(cs: &ColorSpace, color: &[f64], white: f64) -> bool {
    match cs {
        ColorSpace::DeviceCMYK => color.iter().all(|&c| c <= 1.0 - white),
        ColorSpace::DeviceGray
        | ColorSpace::DeviceRGB
        | ColorSpace::CalRGB(_)
        | ColorSpace::CalGray(_)
        | ColorSpace::ICCBased(_) => !color.is_empty() && color.iter().all(|&c| c >= white),
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
        let trm = matrix(trm);
        let (bbox, dir) = self.view.glyph_box(&trm, width * font_size, font_size);
        let start = self.page.text.len() as u32;
        self.page.text.push_str(ch);
        let end = self.page.text.len() as u32;
        self.page.glyphs.push(Glyph {
            start,
            end,
            bbox,
            size: (font_size * trm.scale()) as f32,
            dir,
            font: NO_FONT,
            origin: super::Origin::Content,
            // pdf-extract does not report the render mode
            invisible: false,
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
        if !is_white(cs, color, self.sink.white()) {
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
        if !is_white(cs, color, self.sink.white()) {
            let segs = self.to_segments(ctm, path);
            self.sink.fill(&segs);
        }
        Ok(())
    }
}
