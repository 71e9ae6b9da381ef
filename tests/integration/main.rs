//! Integration tests, linked into one binary so the crate is linked once.

mod cli;
mod conformance;
mod diagnostics;
mod graph_edits;
mod graph_layout;
mod hostile;
mod realworld;
mod roundtrip_props;
mod samples;
mod support;
mod ui;
