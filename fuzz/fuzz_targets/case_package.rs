#![no_main]
//! Fuzz target: see `checks::case_package`.

#[path = "../src/checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::case_package(data));
