//! The fuzz targets' checks (fuzz/src/checks.rs) on the inputs kept in tests/fixtures/fuzz/
//! (inputs that once failed, one folder per target) and on the repository's own examples,
//! so a fixed crash stays fixed without running the fuzzer.

#[path = "../../fuzz/src/checks.rs"]
mod checks;

mod support;

#[test]
fn kept_fuzz_inputs_pass_their_checks() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/fuzz");
    let mut ran = 0;
    for (target, check) in checks::TARGETS {
        let Ok(entries) = std::fs::read_dir(root.join(target)) else {
            continue;
        };
        for entry in entries {
            let path = entry.expect("a directory entry").path();
            let data = std::fs::read(&path).expect("a kept input");
            check(&data);
            ran += 1;
        }
    }
    // Every folder names a target (a renamed target would leave its inputs unchecked).
    for entry in std::fs::read_dir(&root).expect("tests/fixtures/fuzz") {
        let name = entry
            .expect("entry")
            .file_name()
            .to_string_lossy()
            .into_owned();
        assert!(
            name == "README.md" || checks::TARGETS.iter().any(|(t, _)| *t == name),
            "tests/fixtures/fuzz/{name} is no target's"
        );
    }
    eprintln!("{ran} kept inputs checked");
}

#[test]
fn the_checks_pass_on_the_examples() {
    let file = |p: &str| support::repo_file(p).into_bytes();
    let by_name = |name: &str| {
        checks::TARGETS
            .iter()
            .find(|(t, _)| *t == name)
            .map(|(_, c)| *c)
            .expect("a target")
    };
    by_name("curriculum_json")(&file("examples/prealgebra.json"));
    by_name("curriculum_toml")(&file("examples/fractions.toml"));
    by_name("policy")(&file("core/src/policy/presets/khan-2025.json"));
    by_name("next_step_rules")(&file("core/src/next/presets/khan-2025.json"));
    by_name("jsonl_replay")(&file("examples/events.jsonl"));
    by_name("timestamp")(b"2026-09-01T10:00:00Z");
    by_name("evidence_columns")(b"abcdefghijklmnopqrstuvwx");
    by_name("scope_and_teaching")(b"unit:whole-numbers");
    by_name("placement")(br#"{"careless": 0.0, "lucky": 0.0, "method": "sampling", "sweeps": 20}"#);
    by_name("placement")(b"skill,correct\nsub-whole,1\nexponents,0\n");
    by_name("case_package")(&file("tests/fixtures/interop/case_package.json"));
    by_name("xapi_statements")(&file("tests/fixtures/interop/xapi_statements.json"));
    by_name("caliper_events")(&file("tests/fixtures/interop/caliper_envelope.json"));
}
