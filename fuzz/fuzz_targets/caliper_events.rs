#![no_main]
//! Fuzz target: see `checks::caliper_events`.

#[path = "../src/checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::caliper_events(data));
