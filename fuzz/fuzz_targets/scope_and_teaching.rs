#![no_main]
//! Fuzz target: see `checks::scope_and_teaching`.

#[path = "../src/checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::scope_and_teaching(data));
