#![no_main]
//! Fuzz target: see `checks::roster`.

#[path = "../src/checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::roster(data));
