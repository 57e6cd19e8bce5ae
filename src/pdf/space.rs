//! Coordinate spaces shared by both readers: PDF matrices, the user-space → display
//! space view of a page, and the box of a glyph.

use crate::geom::BBox;

/// Share of the font size above the baseline that a glyph box covers. Neither reader
/// reads fonts' ascent; 0.8 em matches Liberation and DejaVu.
const ASCENT_EM: f64 = 0.8;
/// Share of the font size below the baseline (descenders): a glyph box's bottom is
/// this many em under its baseline, so the baseline is `bottom - DESCENT_EM·size`.
pub const DESCENT_EM: f64 = 0.2;

/// A PDF transformation matrix `[a b c d e f]`: `(x, y) → (a·x + c·y + e, b·x + d·y + f)`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Matrix {
    pub a: f64,
    pub b: f64,
    pub c: f64,
    pub d: f64,
    pub e: f64,
    pub f: f64,
}

impl Matrix {
    /// The identity.
    pub const IDENTITY: Matrix = Matrix {
        a: 1.0,
        b: 0.0,
        c: 0.0,
        d: 1.0,
        e: 0.0,
        f: 0.0,
    };

    /// A translation by `(x, y)`.
    pub fn translate(x: f64, y: f64) -> Matrix {
        Matrix {
            e: x,
            f: y,
            ..Matrix::IDENTITY
        }
    }

    /// `self × then`: apply `self` first, then `then` (PDF's `cm` is `m × CTM`).
    pub fn then(&self, then: &Matrix) -> Matrix {
        let t = then;
        Matrix {
            a: self.a * t.a + self.b * t.c,
            b: self.a * t.b + self.b * t.d,
            c: self.c * t.a + self.d * t.c,
            d: self.c * t.b + self.d * t.d,
            e: self.e * t.a + self.f * t.c + t.e,
            f: self.e * t.b + self.f * t.d + t.f,
        }
    }

    /// Map a point.
    pub fn apply(&self, x: f64, y: f64) -> (f64, f64) {
        (
            x * self.a + y * self.c + self.e,
            x * self.b + y * self.d + self.f,
        )
    }

    /// How much the matrix scales lengths (square root of the area factor).
    pub fn scale(&self) -> f64 {
        (self.a * self.d - self.b * self.c).abs().sqrt()
    }
}

/// Maps PDF user space (bottom-left origin, unrotated) to display space.
#[derive(Debug, Clone, Copy)]
pub(super) struct View {
    llx: f64,
    lly: f64,
    w: f64,
    h: f64,
    rotation: u16,
}

impl View {
    /// The view of a page with this media box (`[llx, lly, urx, ury]`) and `/Rotate`.
    pub fn new(media: [f64; 4], rotation: u16) -> View {
        let [llx, lly, urx, ury] = media;
        View {
            llx,
            lly,
            w: urx - llx,
            h: ury - lly,
            rotation,
        }
    }

    /// A user-space point in display space.
    pub fn to_display(self, x: f64, y: f64) -> (f64, f64) {
        let (u, v) = (x - self.llx, y - self.lly);
        match self.rotation {
            90 => (v, u),
            180 => (self.w - u, v),
            270 => (self.h - v, self.w - u),
            _ => (u, self.h - v),
        }
    }

    /// Displayed width and height.
    pub fn display_size(self) -> (f64, f64) {
        if self.rotation % 180 == 90 {
            (self.h, self.w)
        } else {
            (self.w, self.h)
        }
    }

    /// The box in display space of a glyph drawn with text rendering matrix `trm`
    /// (font size not included), `advance` and `size` in text space, and its writing
    /// direction (0, 90, 180 or 270).
    pub fn glyph_box(self, trm: &Matrix, advance: f64, size: f64) -> (BBox, u16) {
        let (lo, hi) = (-DESCENT_EM * size, ASCENT_EM * size);
        // one corner at a time (an array `map` over the four was not inlined and
        // took ~3% of the PDF stage)
        let corner = |a: f64, b: f64| {
            let (x, y) = trm.apply(a, b);
            self.to_display(x, y)
        };
        let (x0, y0) = corner(0.0, lo);
        let (x1, y1) = corner(advance, lo);
        let p2 = corner(advance, hi);
        let p3 = corner(0.0, hi);
        let (dx, dy) = (x1 - x0, y1 - y0);
        let dir = if dx.abs() >= dy.abs() {
            if dx >= 0.0 { 0 } else { 180 }
        } else if dy > 0.0 {
            90
        } else {
            270
        };
        let mut bbox = BBox::new(x0, y0, x0, y0);
        for (x, y) in [(x1, y1), p2, p3] {
            bbox = bbox.union(&BBox::new(x, y, x, y));
        }
        (bbox, dir)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn then_applies_left_first() {
        let scale = Matrix {
            a: 2.0,
            d: 2.0,
            ..Matrix::IDENTITY
        };
        let m = Matrix::translate(1.0, 0.0).then(&scale);
        assert_eq!(m.apply(0.0, 0.0), (2.0, 0.0));
    }

    #[test]
    fn unrotated_view_flips_y() {
        let v = View::new([0.0, 0.0, 100.0, 200.0], 0);
        assert_eq!(v.to_display(10.0, 20.0), (10.0, 180.0));
    }
}
