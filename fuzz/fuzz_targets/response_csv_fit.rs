#![no_main]
//! Fuzz target: see `checks::response_csv_fit`.

#[path = "../src/checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::response_csv_fit(data));
