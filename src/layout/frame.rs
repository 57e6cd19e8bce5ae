//! A rotated frame in which text of one writing direction reads left to right, so the
//! word builder needs only one code path.

use crate::geom::BBox;

/// Rotation between page space and the reading frame of one direction.
#[derive(Debug, Clone, Copy)]
pub(super) struct Frame(u16);

impl Frame {
    pub(super) fn new(dir: u16) -> Self {
        Frame(dir)
    }
    pub(super) fn dir(self) -> u16 {
        self.0
    }
    /// Page box → frame box.
    pub(super) fn to(self, b: &BBox) -> BBox {
        match self.0 {
            90 => BBox {
                x0: b.top,
                x1: b.bottom,
                top: -b.x1,
                bottom: -b.x0,
            },
            180 => BBox {
                x0: -b.x1,
                x1: -b.x0,
                top: -b.bottom,
                bottom: -b.top,
            },
            270 => BBox {
                x0: -b.bottom,
                x1: -b.top,
                top: b.x0,
                bottom: b.x1,
            },
            _ => *b,
        }
    }
    /// Frame box → page box (inverse of [`Frame::to`]).
    pub(super) fn from(self, b: &BBox) -> BBox {
        match self.0 {
            90 => BBox {
                x0: -b.bottom,
                x1: -b.top,
                top: b.x0,
                bottom: b.x1,
            },
            180 => BBox {
                x0: -b.x1,
                x1: -b.x0,
                top: -b.bottom,
                bottom: -b.top,
            },
            270 => BBox {
                x0: b.top,
                x1: b.bottom,
                top: -b.x1,
                bottom: -b.x0,
            },
            _ => *b,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn from_inverts_to_for_every_direction() {
        let b = BBox {
            x0: 10.0,
            top: 20.0,
            x1: 30.0,
            bottom: 45.0,
        };
        for d in [0, 90, 180, 270] {
            let f = Frame::new(d);
            assert_eq!(f.from(&f.to(&b)), b, "dir {d}");
        }
    }
}
