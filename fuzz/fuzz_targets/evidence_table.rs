#![no_main]
//! Fuzz target: see `checks::evidence_table`.

#[path = "../src/checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::evidence_table(data));
