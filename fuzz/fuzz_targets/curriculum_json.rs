#![no_main]
//! Fuzz target: see `checks::curriculum_json`.

#[path = "../src/checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::curriculum_json(data));
