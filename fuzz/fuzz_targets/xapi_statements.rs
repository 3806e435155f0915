#![no_main]
//! Fuzz target: see `checks::xapi_statements`.

#[path = "../src/checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::xapi_statements(data));
