//! What the screens are drawn with: the grid, the per-100 bar, overlays,
//! a scrolling page of text, a grid's title line and the empty-workspace guidance.

pub mod bars;
pub mod columns;
pub mod empty;
pub mod grid;
pub mod overlay;
pub mod page;
pub mod title;
