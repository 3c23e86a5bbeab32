//! The inbox: listing it, and moving files to archive/ or rejected/.

pub mod complete;
pub mod mover;
pub mod scan;
pub mod settle;
