//! Geometry shared by every stage: boxes in page space and provenance.
//!
//! Coordinates are PDF points (1/72 in) with the origin at the **top-left** of the
//! page as displayed (after `/Rotate`), x to the right and y downwards, like pdfplumber.

use serde::{Deserialize, Serialize};

/// An axis-aligned box: `x0 <= x1`, `top <= bottom`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, Default)]
pub struct BBox {
    /// Left edge.
    pub x0: f64,
    /// Top edge.
    pub top: f64,
    /// Right edge.
    pub x1: f64,
    /// Bottom edge.
    pub bottom: f64,
}

impl BBox {
    /// Reading order of two boxes: top edge first, then left edge (what every stage
    /// sorts its words, lines and grids by).
    pub fn reading_order(&self, other: &BBox) -> std::cmp::Ordering {
        self.top
            .total_cmp(&other.top)
            .then(self.x0.total_cmp(&other.x0))
    }

    /// A box from two corners in any order.
    pub fn new(xa: f64, ya: f64, xb: f64, yb: f64) -> Self {
        BBox {
            x0: xa.min(xb),
            top: ya.min(yb),
            x1: xa.max(xb),
            bottom: ya.max(yb),
        }
    }
    /// Width of the box.
    pub fn width(&self) -> f64 {
        self.x1 - self.x0
    }
    /// Height of the box.
    pub fn height(&self) -> f64 {
        self.bottom - self.top
    }
    /// Horizontal centre.
    pub fn cx(&self) -> f64 {
        (self.x0 + self.x1) / 2.0
    }
    /// Vertical centre.
    pub fn cy(&self) -> f64 {
        (self.top + self.bottom) / 2.0
    }
    /// The smallest box holding both.
    pub fn union(&self, o: &BBox) -> BBox {
        BBox {
            x0: self.x0.min(o.x0),
            top: self.top.min(o.top),
            x1: self.x1.max(o.x1),
            bottom: self.bottom.max(o.bottom),
        }
    }
    /// Union of many boxes; `None` when empty.
    pub fn union_all<'a>(boxes: impl IntoIterator<Item = &'a BBox>) -> Option<BBox> {
        boxes
            .into_iter()
            .fold(None, |acc, b| Some(acc.map_or(*b, |a: BBox| a.union(b))))
    }
    /// Overlap of the vertical extents, in points (negative when apart).
    pub fn v_overlap(&self, o: &BBox) -> f64 {
        self.bottom.min(o.bottom) - self.top.max(o.top)
    }
    /// Overlap of the horizontal extents, in points (negative when apart).
    pub fn h_overlap(&self, o: &BBox) -> f64 {
        self.x1.min(o.x1) - self.x0.max(o.x0)
    }
    /// Whether the point lies inside (edges included, with a tolerance).
    pub fn contains_point(&self, x: f64, y: f64, tol: f64) -> bool {
        x >= self.x0 - tol && x <= self.x1 + tol && y >= self.top - tol && y <= self.bottom + tol
    }
    /// Round to 2 decimals so serialised output is stable and compact.
    pub fn rounded(&self) -> BBox {
        let r = |v: f64| (v * 100.0).round() / 100.0;
        BBox {
            x0: r(self.x0),
            top: r(self.top),
            x1: r(self.x1),
            bottom: r(self.bottom),
        }
    }
}

/// Where a value came from: the 1-based page and the box on it.
///
/// Carried from glyph to record field, warning and error, so every extracted value
/// can be traced back to the PDF.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Provenance {
    /// 1-based page number.
    pub page: u32,
    /// Box on that page (top-left origin).
    pub bbox: BBox,
}
