#![no_main]
//! Fuzz target: see `checks::next_step_rules`.

#[path = "../src/checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::next_step_rules(data));
