//! Integration tests, linked into one binary so the crate is linked once.

mod cli;
mod conformance;
mod diagnostics;
mod engine_conformance;
mod engine_run;
mod engine_samples;
mod graph_edits;
mod graph_layout;
mod hostile;
mod realworld;
mod roundtrip_props;
mod samples;
mod support;
mod templates;
#[cfg(feature = "gui")]
mod ui;
