//! jobtally: the cost and outcomes of employment support for disabled
//! people, from the yearly returns services send their commissioners.

pub mod checks;
pub mod cli;
pub mod commands;
pub mod config;
pub mod daemon;
pub mod demo;
pub mod estimate;
pub mod export;
pub mod fault;
pub mod figures;
pub mod format;
pub mod ingest;
pub mod intake;
pub mod kept;
pub mod kinds;
pub mod logging;
pub mod ops;
pub mod pipeline;
pub mod queue;
pub mod reference;
pub mod results;
pub mod store;
pub mod tui;
pub mod watch;
pub mod workspace;
pub mod xlsx_out;
