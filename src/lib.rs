//! Statewright: a designer and local debugger for AWS Step Functions state machines.
//!
//! Only `ui` may use egui/eframe; everything else builds and is tested without a display.

pub mod asl;
pub mod cli;
pub mod engine;
pub mod files;
pub mod graph;
pub mod intrinsics;
pub mod json_text;
pub mod jsonata;
pub mod jsonpath;
#[cfg(feature = "gui")]
pub mod ui;
