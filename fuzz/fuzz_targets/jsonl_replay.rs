#![no_main]
//! Fuzz target: see `checks::jsonl_replay`.

#[path = "../src/checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::jsonl_replay(data));
