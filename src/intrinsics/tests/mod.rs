//! Unit tests for the intrinsics module, one file per concern.

mod check_tests;
mod eval_tests;
mod fuzz_tests;
mod parse_tests;
