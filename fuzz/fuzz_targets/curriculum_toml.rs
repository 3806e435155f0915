#![no_main]
//! Fuzz target: see `checks::curriculum_toml`.

#[path = "../src/checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::curriculum_toml(data));
