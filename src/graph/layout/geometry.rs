//! Plain f32 geometry for layouts (the UI converts to its own types).

use serde::{Deserialize, Serialize};

/// A point in diagram coordinates (y grows downwards).
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct Point {
    pub x: f32,
    pub y: f32,
}

impl Point {
    /// A point at `(x, y)`.
    pub const fn new(x: f32, y: f32) -> Self {
        Point { x, y }
    }

    /// This point moved by `(dx, dy)`.
    pub fn offset(self, dx: f32, dy: f32) -> Self {
        Point::new(self.x + dx, self.y + dy)
    }
}

/// A width and height.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Size {
    pub w: f32,
    pub h: f32,
}

impl Size {
    /// A size of `w` by `h`.
    pub const fn new(w: f32, h: f32) -> Self {
        Size { w, h }
    }
}

/// An axis-aligned rectangle from `min` (top-left) to `max` (bottom-right).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Rect {
    pub min: Point,
    pub max: Point,
}

impl Rect {
    /// The rectangle of `size` centred on `center`.
    pub fn from_center(center: Point, size: Size) -> Self {
        Rect {
            min: Point::new(center.x - size.w / 2.0, center.y - size.h / 2.0),
            max: Point::new(center.x + size.w / 2.0, center.y + size.h / 2.0),
        }
    }

    /// The rectangle of `size` whose top-left corner is `min`.
    pub fn from_min_size(min: Point, size: Size) -> Self {
        Rect {
            min,
            max: Point::new(min.x + size.w, min.y + size.h),
        }
    }

    /// Width.
    pub fn width(&self) -> f32 {
        self.max.x - self.min.x
    }

    /// Height.
    pub fn height(&self) -> f32 {
        self.max.y - self.min.y
    }

    /// The centre point.
    pub fn center(&self) -> Point {
        Point::new(
            (self.min.x + self.max.x) / 2.0,
            (self.min.y + self.max.y) / 2.0,
        )
    }

    /// Width and height.
    pub fn size(&self) -> Size {
        Size::new(self.width(), self.height())
    }

    /// This rectangle moved by `(dx, dy)`.
    pub fn translate(&self, dx: f32, dy: f32) -> Self {
        Rect {
            min: self.min.offset(dx, dy),
            max: self.max.offset(dx, dy),
        }
    }

    /// True if the interiors overlap (touching edges do not count).
    pub fn overlaps(&self, other: &Rect) -> bool {
        self.min.x < other.max.x
            && other.min.x < self.max.x
            && self.min.y < other.max.y
            && other.min.y < self.max.y
    }

    /// True if `other` lies inside this rectangle (within `tolerance`).
    pub fn contains_rect(&self, other: &Rect, tolerance: f32) -> bool {
        other.min.x >= self.min.x - tolerance
            && other.min.y >= self.min.y - tolerance
            && other.max.x <= self.max.x + tolerance
            && other.max.y <= self.max.y + tolerance
    }

    /// True if `p` lies inside (for hit-testing).
    pub fn contains(&self, p: Point) -> bool {
        p.x >= self.min.x && p.x <= self.max.x && p.y >= self.min.y && p.y <= self.max.y
    }

    /// The smallest rectangle holding both.
    pub fn union(&self, other: &Rect) -> Rect {
        Rect {
            min: Point::new(self.min.x.min(other.min.x), self.min.y.min(other.min.y)),
            max: Point::new(self.max.x.max(other.max.x), self.max.y.max(other.max.y)),
        }
    }

    /// The smallest rectangle holding every point (`None` for no points).
    pub fn bounding(points: impl IntoIterator<Item = Point>) -> Option<Rect> {
        let mut iter = points.into_iter();
        let first = iter.next()?;
        let mut r = Rect {
            min: first,
            max: first,
        };
        for p in iter {
            r.min.x = r.min.x.min(p.x);
            r.min.y = r.min.y.min(p.y);
            r.max.x = r.max.x.max(p.x);
            r.max.y = r.max.y.max(p.y);
        }
        Some(r)
    }
}
