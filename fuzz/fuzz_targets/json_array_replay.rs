#![no_main]
//! Fuzz target: see `checks::json_array_replay`.

#[path = "../src/checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::json_array_replay(data));
