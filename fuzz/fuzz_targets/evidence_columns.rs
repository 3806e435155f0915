#![no_main]
//! Fuzz target: see `checks::evidence_columns`.

#[path = "../src/checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::evidence_columns(data));
