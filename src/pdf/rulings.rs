//! Ruling lines from drawn paths: stroked segments, thin filled rectangles and the
//! edges of stroked rectangles, in display space.

use super::Ruling;
use crate::config::RulingTolerances;
use crate::geom::BBox;

/// One operation of a path in user space, as both readers hand it over. A curve keeps
/// only its end point: a curve is never a ruling.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum PathOp {
    /// Start a subpath.
    MoveTo(f64, f64),
    /// Straight segment to a point.
    LineTo(f64, f64),
    /// Bézier curve ending at a point.
    CurveTo(f64, f64),
    /// `re`: x, y, width, height.
    Rect(f64, f64, f64, f64),
    /// Close the subpath.
    Close,
}

/// One straight piece of a path in display space, tagged with its subpath.
#[derive(Debug, Clone, Copy)]
pub(super) struct Segment {
    a: (f64, f64),
    b: (f64, f64),
    subpath: usize,
    curved: bool,
}

/// Flatten a path into straight segments; curves only move the pen (a curve is never
/// a ruling) and mark their subpath as curved.
pub(super) fn segments(path: &[PathOp], map: impl Fn(f64, f64) -> (f64, f64)) -> Vec<Segment> {
    let mut out = Vec::new();
    let (mut cur, mut start, mut sub) = ((0.0, 0.0), (0.0, 0.0), 0usize);
    for op in path {
        match *op {
            PathOp::MoveTo(x, y) => {
                sub += 1;
                cur = map(x, y);
                start = cur;
            }
            PathOp::LineTo(x, y) => {
                let p = map(x, y);
                out.push(Segment {
                    a: cur,
                    b: p,
                    subpath: sub,
                    curved: false,
                });
                cur = p;
            }
            PathOp::CurveTo(x, y) => {
                cur = map(x, y);
                out.push(Segment {
                    a: cur,
                    b: cur,
                    subpath: sub,
                    curved: true,
                });
            }
            PathOp::Rect(x, y, w, h) => {
                sub += 1;
                let c = [map(x, y), map(x + w, y), map(x + w, y + h), map(x, y + h)];
                for i in 0..4 {
                    out.push(Segment {
                        a: c[i],
                        b: c[(i + 1) % 4],
                        subpath: sub,
                        curved: false,
                    });
                }
                cur = c[0];
                start = cur;
            }
            PathOp::Close => {
                out.push(Segment {
                    a: cur,
                    b: start,
                    subpath: sub,
                    curved: false,
                });
                cur = start;
            }
        }
    }
    out
}

/// The segment as a ruling when it is axis-aligned (within `snap`, see
/// [`RulingTolerances::snap`]).
fn as_ruling(s: &Segment, snap: f64) -> Option<Ruling> {
    let (dx, dy) = ((s.b.0 - s.a.0).abs(), (s.b.1 - s.a.1).abs());
    if s.curved {
        None
    } else if dy <= snap && dx > snap {
        Some(Ruling {
            horizontal: true,
            pos: (s.a.1 + s.b.1) / 2.0,
            start: s.a.0.min(s.b.0),
            end: s.a.0.max(s.b.0),
            from_image: false,
        })
    } else if dx <= snap && dy > snap {
        Some(Ruling {
            horizontal: false,
            pos: (s.a.0 + s.b.0) / 2.0,
            start: s.a.1.min(s.b.1),
            end: s.a.1.max(s.b.1),
            from_image: false,
        })
    } else {
        None
    }
}

/// Collects rulings and filled areas of one page.
pub(super) struct PathSink<'t> {
    tol: &'t RulingTolerances,
    rulings: Vec<Ruling>,
    fills: Vec<BBox>,
}

impl<'t> PathSink<'t> {
    pub(super) fn new(tol: &'t RulingTolerances) -> Self {
        PathSink {
            tol,
            rulings: Vec::new(),
            fills: Vec::new(),
        }
    }

    /// Stroked paths: every axis-aligned segment is a ruling (rectangle edges included).
    pub(super) fn stroke(&mut self, segs: &[Segment]) {
        let (min, snap) = (self.tol.min_length, self.tol.snap);
        self.rulings.extend(
            segs.iter()
                .filter_map(|s| as_ruling(s, snap))
                .filter(|r| r.end - r.start >= min),
        );
    }

    /// Filled paths: an axis-aligned rectangle thinner than `max_thickness` is a ruling
    /// along its long side; a thicker one is a filled area (cell shading, zebra stripe).
    pub(super) fn fill(&mut self, segs: &[Segment]) {
        let mut i = 0;
        while i < segs.len() {
            let sub = segs[i].subpath;
            let j = segs[i..]
                .iter()
                .position(|s| s.subpath != sub)
                .map_or(segs.len(), |k| i + k);
            if let Some(b) = rectangle(&segs[i..j], self.tol.snap) {
                self.add_filled_rect(b);
            }
            i = j;
        }
    }

    fn add_filled_rect(&mut self, b: BBox) {
        let (w, h) = (b.width(), b.height());
        let (thin, min) = (self.tol.max_thickness, self.tol.min_length);
        if h <= thin && w >= min {
            self.rulings.push(Ruling {
                horizontal: true,
                pos: b.cy(),
                start: b.x0,
                end: b.x1,
                from_image: false,
            });
        } else if w <= thin && h >= min {
            self.rulings.push(Ruling {
                horizontal: false,
                pos: b.cx(),
                start: b.top,
                end: b.bottom,
                from_image: false,
            });
        } else if w > thin && h > thin {
            self.fills.push(b);
        }
    }

    /// Rulings merged (collinear pieces joined) and sorted; fills sorted.
    pub(super) fn finish(self) -> (Vec<Ruling>, Vec<BBox>) {
        let mut fills = self.fills;
        fills.sort_by(|a, b| a.top.total_cmp(&b.top).then(a.x0.total_cmp(&b.x0)));
        (merge(self.rulings, self.tol.snap), fills)
    }

    /// The level from which a colour component is white ([`RulingTolerances::white`]).
    pub(super) fn white(&self) -> f64 {
        self.tol.white
    }
}

/// The box of a subpath when it is an axis-aligned rectangle (3 or more straight,
/// axis-aligned segments, within `snap`).
fn rectangle(segs: &[Segment], snap: f64) -> Option<BBox> {
    if segs.len() < 3 || segs.iter().any(|s| s.curved) {
        return None;
    }
    let aligned = segs
        .iter()
        .all(|s| (s.a.0 - s.b.0).abs() <= snap || (s.a.1 - s.b.1).abs() <= snap);
    if !aligned {
        return None;
    }
    let boxes: Vec<BBox> = segs
        .iter()
        .map(|s| BBox::new(s.a.0, s.a.1, s.b.0, s.b.1))
        .collect();
    BBox::union_all(&boxes)
}

/// Join collinear rulings that overlap or touch, so a table border drawn cell by cell
/// becomes one line. Positions are first snapped into lanes, then each lane is swept
/// by start: two tables stacked on a page whose borders differ by a fraction of a
/// point (004 p. 29: x = 128.4 and 128.9) must not be fused into one long rule. Lanes
/// and touching pieces are within `snap`.
pub(super) fn merge(mut rs: Vec<Ruling>, snap: f64) -> Vec<Ruling> {
    rs.sort_by(|a, b| {
        (b.horizontal)
            .cmp(&a.horizontal)
            .then(a.pos.total_cmp(&b.pos))
    });
    let mut lanes: Vec<Vec<Ruling>> = Vec::new();
    for r in rs {
        match lanes.last_mut() {
            Some(l) if l[0].horizontal == r.horizontal && r.pos - l[l.len() - 1].pos <= snap => {
                l.push(r)
            }
            _ => lanes.push(vec![r]),
        }
    }
    let mut out: Vec<Ruling> = Vec::new();
    for mut lane in lanes {
        lane.sort_by(|a, b| a.start.total_cmp(&b.start));
        let first = out.len();
        for r in lane {
            let in_lane = out.len() > first;
            match out.last_mut() {
                Some(o) if in_lane && r.start <= o.end + snap => o.end = o.end.max(r.end),
                _ => out.push(r),
            }
        }
    }
    out
}
