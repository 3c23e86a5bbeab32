//! The inbox: listing it, and moving files to archive/ or rejected/.

pub mod mover;
pub mod scan;
pub mod settle;
