//! Grids from text alignment (tables with no ruling lines, or only horizontal ones).
//! (Being written.)
