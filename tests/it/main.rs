//! Integration tests: one binary so polars links once.

mod architecture;
mod daemon;
mod harness;

mod analytics;
mod bad_input;
mod cli;
mod commissioner;
mod contracts;
mod demo;
mod hardening;
mod layouts;
mod metrics;
mod names;
mod opportunity;
mod people;
mod provider_pb;
mod queue;
mod recognition;
mod reliability;
mod state;
mod takeover;
mod tui;
mod watch;
