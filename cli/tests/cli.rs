//! End-to-end tests of the `masterykit` command.

use std::process::{Command, Output};

fn masterykit(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_masterykit"))
        .args(args)
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
        .output()
        .expect("the binary runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn json(o: &Output) -> serde_json::Value {
    serde_json::from_slice(&o.stdout).expect("JSON output")
}

#[test]
fn validate_accepts_the_sample_course() {
    let o = masterykit(&["validate", "examples/prealgebra.json"]);
    assert!(o.status.success());
    assert_eq!(
        stdout(&o).trim(),
        "valid: 50 skills, 7 units, 1 course, 71 prerequisites"
    );
}

#[test]
fn validate_lists_every_problem_and_fails() {
    let dir = std::env::temp_dir().join(format!("mk-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let file = dir.join("bad.json");
    std::fs::write(
        &file,
        r#"{"format_version": 1, "skills": [{"id": "a", "prerequisites": ["b"]},
            {"id": "b", "prerequisites": ["a", "ghost"]}]}"#,
    )
    .expect("write");
    let path = file.to_str().expect("utf-8 path");
    let o = masterykit(&["validate", path]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(
        lines,
        [
            "error[unknown_skill]: unknown skill `ghost` in prerequisites of `b`",
            "error[cycle]: prerequisite cycle: `a` -> `b` -> `a`",
        ]
    );
    let o = masterykit(&["validate", path, "--json"]);
    assert_eq!(o.status.code(), Some(1));
    let v = json(&o);
    assert_eq!(v["ok"], false);
    assert_eq!(v["problems"][1]["code"], "cycle");
}

#[test]
fn missing_file_is_an_io_error() {
    let o = masterykit(&["validate", "no/such/file.json"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("cannot read `no/such/file.json`"));
}

#[test]
fn order_and_path_print_json() {
    let o = masterykit(&["order", "examples/prealgebra.json", "--json"]);
    assert!(o.status.success());
    let v = json(&o);
    assert_eq!(v["skills"].as_array().expect("list").len(), 50);
    assert_eq!(v["skills"][0], "place-value");

    let o = masterykit(&[
        "path",
        "examples/prealgebra.json",
        "--to",
        "sub-whole,perimeter",
        "--known",
        "place-value",
        "--json",
    ]);
    assert!(o.status.success());
    assert_eq!(
        json(&o)["skills"],
        serde_json::json!(["add-whole", "sub-whole", "perimeter"])
    );
}

#[test]
fn path_with_unknown_known_skill_fails_clearly() {
    let o = masterykit(&[
        "path",
        "examples/prealgebra.json",
        "--to",
        "frac-add",
        "--known",
        "nope",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&o.stderr).trim(),
        "error[unknown_skill]: unknown skill `nope` in the known skills"
    );
}

#[test]
fn lint_reports_clean_sample_and_toml_input_works() {
    let o = masterykit(&["lint", "examples/prealgebra.json"]);
    assert!(o.status.success());
    assert_eq!(
        stdout(&o).trim(),
        "clean: no redundant edges, no orphan skills"
    );
    let o = masterykit(&["order", "examples/fractions.toml", "--json"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(json(&o)["skills"][0], "frac-intro");
}

#[test]
fn frontier_and_gaps_answer_from_the_sample() {
    let o = masterykit(&[
        "frontier",
        "examples/prealgebra.json",
        "--known",
        "place-value",
        "--json",
    ]);
    assert_eq!(json(&o)["skills"], serde_json::json!(["add-whole"]));
    let o = masterykit(&[
        "gaps",
        "examples/prealgebra.json",
        "--skill",
        "add-whole",
        "--json",
    ]);
    assert_eq!(
        json(&o)["gaps"],
        serde_json::json!([{"skill": "place-value", "distance": 1}])
    );
}

#[test]
fn replay_prints_levels_and_transitions_as_json() {
    let o = masterykit(&[
        "replay",
        "--curriculum",
        "examples/prealgebra.json",
        "--policy",
        "khan-2025",
        "examples/events.jsonl",
        "--json",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v = json(&o);
    assert_eq!(v["learners"].as_array().expect("learners").len(), 4);
    let t = &v["transitions"][0];
    assert!(t["from"].is_string() && t["to"].is_string() && t["timestamp"].is_string());
}

#[test]
fn replay_reads_a_csv_of_responses_like_the_event_log() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
    let log = std::fs::read_to_string(format!("{root}/examples/events.jsonl")).expect("log");
    let mut csv = String::from("learner,sitting,context,skill,correct,timestamp,event_id\n");
    for (n, a) in masterykit::parse_jsonl(&log)
        .expect("valid")
        .iter()
        .enumerate()
    {
        for r in &a.responses {
            let correct = u8::from(r.correct.expect("right or wrong"));
            let event = a.event_id.as_deref().unwrap_or_default();
            let when = a.timestamp.to_rfc3339();
            csv += &format!(
                "{},{n},{},{},{correct},{when},{event}\n",
                a.learner, a.context, r.skills[0]
            );
        }
    }
    let dir = std::env::temp_dir().join(format!("mk-cli-csv-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let table = dir.join("responses.csv");
    std::fs::write(&table, &csv).expect("write");
    let run = |events: &str| {
        let o = masterykit(&[
            "replay",
            "--curriculum",
            "examples/prealgebra.json",
            events,
            "--json",
        ]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        json(&o)
    };
    assert_eq!(
        run(table.to_str().expect("utf-8")),
        run("examples/events.jsonl")
    );

    // Errors name the row (counted from 0 after the header) or the missing column.
    let stderr_of = |text: &str| {
        std::fs::write(&table, text).expect("write");
        let path = table.to_str().expect("utf-8");
        let o = masterykit(&["replay", "--curriculum", "examples/prealgebra.json", path]);
        assert_eq!(o.status.code(), Some(1));
        String::from_utf8_lossy(&o.stderr).into_owned()
    };
    let err = stderr_of(&csv.replacen("2026-", "someday-", 3));
    let expected = "error[invalid_timestamp]: row 0: invalid timestamp `someday-";
    assert!(err.starts_with(expected), "{err}");
    let err = stderr_of("learner,skill\n");
    let expected = "error[missing_column]: missing column `sitting`";
    assert!(err.starts_with(expected), "{err}");
}

#[test]
fn replay_names_the_bad_line_and_unknown_policy() {
    let dir = std::env::temp_dir().join(format!("mk-cli-replay-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let log = dir.join("bad.jsonl");
    std::fs::write(
        &log,
        "{\"learner\":\"a\",\"context\":\"practice\",\"timestamp\":\"2026-09-01\",\"responses\":[{\"item\":\"q\",\"skills\":[\"add-whole\"],\"score\":2}]}\n",
    )
    .expect("write");
    let path = log.to_str().expect("utf-8");
    let o = masterykit(&["replay", "--curriculum", "examples/prealgebra.json", path]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.starts_with("error[invalid_score]: line 1: invalid score 2"),
        "{err}"
    );
    let o = masterykit(&[
        "replay",
        "--curriculum",
        "examples/prealgebra.json",
        "--policy",
        "nope",
        path,
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("neither a preset"));
}

#[test]
fn reports_come_out_as_json() {
    let base = [
        "report",
        "--curriculum",
        "examples/prealgebra.json",
        "examples/events.jsonl",
        "--json",
    ];
    let run = |extra: &[&str]| {
        let args: Vec<&str> = base.iter().chain(extra).copied().collect();
        let o = masterykit(&args);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        json(&o)["report"].clone()
    };
    let learner = run(&["learner", "ana"]);
    assert_eq!(learner["learner"], "ana");
    assert_eq!(learner["units"].as_array().expect("units").len(), 7);
    let class = run(&["class"]);
    assert_eq!(class["learners"], 4);
    let activity = run(&["activity", "--from", "2026-09-01", "--to", "2026-10-01"]);
    assert_eq!(activity["assessments"], 88);
    let goal = run(&[
        "goal",
        "ana",
        "--scope",
        "unit:whole-numbers",
        "--now",
        "2026-09-12",
    ]);
    assert_eq!(goal["skills_total"], 10);
    // An hour after ana's first event is too early for a pace, unless the goal says less.
    let first = "2026-09-01T18:41:00Z";
    let early = [
        "goal",
        "ana",
        "--scope",
        "unit:whole-numbers",
        "--now",
        first,
    ];
    assert_eq!(run(&early)["status"], "too_early");
    let hasty = run(&[&early[..], &["--min-pace-days", "0"]].concat());
    assert_ne!(hasty["status"], "too_early");
    let o = masterykit(&[
        "report",
        "--curriculum",
        "examples/prealgebra.json",
        "examples/events.jsonl",
        "learner",
        "zed",
        "--json",
    ]);
    // A learner with no evidence yet gets an empty report: every skill not started.
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let zed = json(&o)["report"].clone();
    assert_eq!(zed["learner"], "zed");
    let skills = zed["skills"].as_array().expect("skills");
    assert_eq!(skills.len(), 50);
    assert!(skills.iter().all(|s| s["level"] == "not_started"));
}

#[test]
fn policy_presets_print_and_round_trip() {
    let o = masterykit(&["policy", "khan-pre-2018"]);
    assert!(o.status.success());
    let text = String::from_utf8_lossy(&o.stdout);
    let p = masterykit::Policy::from_json(&text).expect("printed policy is valid");
    assert_eq!(p.name(), "khan-pre-2018");
}

#[test]
fn synthesize_fit_evaluate_predict_and_crossvalidate() {
    let dir = std::env::temp_dir().join(format!("mk-cli-bkt-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let csv = dir.join("log.csv");
    let truth = dir.join("truth.json");
    let model = dir.join("model.json");
    let (csv, truth, model) = (
        csv.to_str().expect("utf-8"),
        truth.to_str().expect("utf-8"),
        model.to_str().expect("utf-8"),
    );
    let o = masterykit(&[
        "synthesize",
        "--skills",
        "2",
        "--learners",
        "400",
        "--steps",
        "10",
        "--seed",
        "3",
        "-o",
        csv,
        "--params",
        truth,
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(stdout(&o).trim(), format!("wrote 8000 responses to {csv}"));

    let o = masterykit(&[
        "fit",
        csv,
        "--num-fits",
        "2",
        "--seed",
        "1",
        "-o",
        model,
        "--json",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(json(&o)["skills"], 2);

    // Timings name the read, the fit and (on Linux) the process's peak memory.
    let o = masterykit(&["fit", csv, "--num-fits", "1", "--timings"]);
    let err = String::from_utf8_lossy(&o.stderr);
    let line = err
        .lines()
        .find(|l| l.starts_with("timings: read "))
        .expect("timings");
    assert!(
        line.contains(" s, fit ") && line.contains("(8000 responses, 2 skills)"),
        "{line}"
    );
    if cfg!(target_os = "linux") {
        assert!(
            line.contains(", peak memory ") && line.ends_with(" MiB"),
            "{line}"
        );
    }

    let o = masterykit(&["evaluate", csv, "--model", model, "--json"]);
    let m = &json(&o)["metrics"];
    assert_eq!(m["count"], 8000);
    assert!(m["auc"].as_f64().expect("auc") > 0.6);

    let o = masterykit(&["predict", csv, "--model", model]);
    let out = stdout(&o);
    let mut lines = out.lines();
    assert_eq!(
        lines.next(),
        Some("row,user_id,skill_name,correct,predicted,p_known")
    );
    assert_eq!(lines.count(), 8000);

    let o = masterykit(&[
        "crossvalidate",
        csv,
        "--folds",
        "3",
        "--num-fits",
        "1",
        "--json",
    ]);
    let folds = json(&o)["folds"].as_array().expect("folds").clone();
    assert_eq!(folds.len(), 3);
    let held_out: u64 = folds
        .iter()
        .map(|f| f["learners"].as_u64().expect("learners"))
        .sum();
    assert_eq!(held_out, 400, "every learner is held out once");
    for f in &folds {
        let skills = f["skills"].as_array().expect("skills");
        let by_skill: u64 = skills
            .iter()
            .map(|s| s["count"].as_u64().expect("count"))
            .sum();
        assert_eq!(by_skill, f["count"].as_u64().expect("count"));
    }

    let bad = dir.join("bad.csv");
    std::fs::write(&bad, "user_id,skill_name,correct\nu,a,yes\n").expect("write");
    let o = masterykit(&["fit", bad.to_str().expect("utf-8")]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&o.stderr).trim(),
        "error[invalid_correct]: invalid correct value `yes` on row 2: expected 0 or 1"
    );
}

#[test]
fn simulate_compares_teaching_policies_and_writes_a_fittable_log() {
    let dir = std::env::temp_dir().join(format!("mk-cli-sim-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let log = dir.join("sim.csv");
    let log = log.to_str().expect("utf-8");
    let o = masterykit(&[
        "simulate",
        "--curriculum",
        "examples/prealgebra.json",
        "--learners",
        "300",
        "--teaching",
        "fixed:3,mastery:0.95:25,level:familiar:10",
        "--log",
        log,
        "--json",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v = json(&o);
    let results = v["results"].as_array().expect("results");
    assert_eq!(results.len(), 3);
    let share = |i: usize| results[i]["mastery_share"].as_f64().expect("share");
    assert!(share(1) > share(0));
    assert_eq!(results[0]["mean_steps"], 150.0);
    let o = masterykit(&[
        "fit",
        log,
        "--num-fits",
        "1",
        "--json",
        "-o",
        &format!("{log}.json"),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(json(&o)["skills"], 50);
    let o = masterykit(&[
        "simulate",
        "--curriculum",
        "examples/prealgebra.json",
        "--teaching",
        "slow",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("invalid teaching `slow`"));
}

#[test]
fn fit_with_pybkt_variants_reads_the_item_column() {
    let dir = std::env::temp_dir().join(format!("mk-cli-variants-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let csv = dir.join("log.csv");
    let model = dir.join("model.json");
    // Item `easy` is answered right far more often than item `hard`.
    let mut text = String::from("order_id,user_id,skill_name,correct,template_id,class\n");
    for l in 0..60 {
        for k in 0..6 {
            let (item, right) = if k % 2 == 0 {
                ("easy", (l + k) % 5 != 0)
            } else {
                ("hard", (l * 7 + k) % 3 == 0)
            };
            let row = l * 6 + k + 1;
            text.push_str(&format!(
                "{row},u{l},s,{},{item},c{}\n",
                u8::from(right),
                l % 2
            ));
        }
    }
    std::fs::write(&csv, text).expect("write");
    let (csv, model) = (csv.to_str().expect("utf-8"), model.to_str().expect("utf-8"));

    let o = masterykit(&[
        "fit",
        csv,
        "--multigs",
        "--multiprior",
        "--group-column",
        "class",
        "--num-fits",
        "2",
        "-o",
        model,
        "--json",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let m: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(model).expect("model")).expect("json");
    let gs = &m["skills"]["s"]["guess_slip_by_item"];
    assert!(
        gs["easy"]["guess"].as_f64() > gs["hard"]["guess"].as_f64(),
        "{gs}"
    );
    let groups = &m["skills"]["s"]["prior_by_group"];
    assert!(
        groups["c0"].is_number() && groups["c1"].is_number(),
        "{groups}"
    );

    let o = masterykit(&["evaluate", csv, "--model", model, "--json"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(json(&o)["metrics"]["count"], 360);

    let o = masterykit(&["fit", csv, "--multigs", "--item-column", "question"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&o.stderr).starts_with("error[missing_column]: "),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let o = masterykit(&["fit", csv, "--multilearn", "--multipair"]);
    assert_eq!(o.status.code(), Some(2), "clap rejects the combination");
}

#[test]
fn a_reader_that_stops_early_is_not_an_error() {
    use std::io::{BufRead, BufReader};
    use std::process::Stdio;
    let dir = std::env::temp_dir().join(format!("mk-cli-pipe-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let csv = dir.join("log.csv");
    let model = dir.join("model.json");
    let (csv, model) = (csv.to_str().expect("utf-8"), model.to_str().expect("utf-8"));
    let ok = |args: &[&str]| assert!(masterykit(args).status.success(), "{args:?}");
    ok(&[
        "synthesize",
        "--skills",
        "2",
        "--learners",
        "2000",
        "--steps",
        "20",
        "-o",
        csv,
    ]);
    ok(&["fit", csv, "--num-fits", "1", "-o", model]);
    // 80,000 lines of predictions: far more than a pipe holds; read one and hang up.
    let mut child = Command::new(env!("CARGO_BIN_EXE_masterykit"))
        .args(["predict", csv, "--model", model])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("runs");
    let mut first = String::new();
    BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut first)
        .expect("reads");
    assert_eq!(
        first.trim(),
        "row,user_id,skill_name,correct,predicted,p_known"
    );
    let out = child.wait_with_output().expect("exits");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// `masterykit report` over the sample course and event log, then `args`.
fn report(args: &[&str]) -> Output {
    let base = [
        "report",
        "--curriculum",
        "examples/prealgebra.json",
        "examples/events.jsonl",
    ];
    masterykit(&[&base[..], args].concat())
}

#[test]
fn json_is_accepted_anywhere_and_every_failure_prints_as_json() {
    // After the report kind, where a per-command flag could not reach.
    let o = report(&["learner", "ana", "--json"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(json(&o)["report"]["learner"], "ana");
    // Before the command.
    let o = masterykit(&["--json", "order", "examples/prealgebra.json"]);
    assert!(o.status.success());
    assert_eq!(json(&o)["ok"], true);
    // An I/O failure.
    let o = masterykit(&["validate", "no/such/file.json", "--json"]);
    assert_eq!(o.status.code(), Some(2));
    let v = json(&o);
    assert_eq!(v["ok"], false);
    assert_eq!(v["error"]["kind"], "io");
    assert!(
        v["error"]["message"]
            .as_str()
            .expect("message")
            .contains("cannot read")
    );
    // A usage error clap finds, and one the core's grammar finds.
    let o = masterykit(&["order", "--no-such-flag", "--json"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(json(&o)["error"]["kind"], "usage");
    let o = report(&["goal", "ana", "--scope", "grade:3", "--json"]);
    assert_eq!(o.status.code(), Some(2));
    let v = json(&o);
    assert_eq!(v["error"]["kind"], "usage");
    assert!(
        v["error"]["message"]
            .as_str()
            .expect("message")
            .contains("cannot parse scope")
    );
    // Without --json a usage error stays clap's text on standard error.
    let o = masterykit(&["order", "--no-such-flag"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(o.stdout.is_empty());
}

#[test]
fn help_says_what_the_tool_is() {
    let o = masterykit(&["--help"]);
    assert!(o.status.success());
    let text = stdout(&o);
    assert!(text.contains("mastery-learning engine"), "{text}");
    for command in ["validate", "replay", "report", "fit", "simulate"] {
        assert!(text.contains(command), "{command} in {text}");
    }
}

#[test]
fn goal_scopes_take_every_text_form() {
    for scope in ["unit:whole-numbers", "skills:place-value,add-whole"] {
        let o = report(&["goal", "ana", "--scope", scope, "--json"]);
        assert!(
            o.status.success(),
            "{scope}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
    }
}

#[test]
fn replay_and_report_resume_from_a_snapshot() {
    let dir = std::env::temp_dir().join(format!("mk-cli-resume-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let log = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../examples/events.jsonl"
    ))
    .expect("log");
    let lines: Vec<&str> = log.lines().collect();
    let (first, rest) = lines.split_at(lines.len() / 2);
    let (head, tail) = (dir.join("head.jsonl"), dir.join("tail.jsonl"));
    std::fs::write(&head, first.join("\n")).expect("write");
    // The tail overlaps the head by a few lines: their event ids make them no-ops.
    std::fs::write(&tail, lines[first.len() - 3..].join("\n")).expect("write");
    assert!(!rest.is_empty());
    let path = |p: &std::path::Path| p.to_string_lossy().into_owned();
    let (snap, whole, resumed) = (
        dir.join("snap.json"),
        dir.join("whole.json"),
        dir.join("resumed.json"),
    );
    let course = ["--curriculum", "examples/prealgebra.json"];
    let run = |args: &[&str]| {
        let o = masterykit(&[&["replay"], args, &course[..]].concat());
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    };
    run(&[&path(&head), "--snapshot", &path(&snap)]);
    // Writing over an existing file replaces it whole.
    run(&[&path(&head), "--snapshot", &path(&snap)]);
    run(&["examples/events.jsonl", "--snapshot", &path(&whole)]);
    run(&[
        &path(&tail),
        "--from-snapshot",
        &path(&snap),
        "--snapshot",
        &path(&resumed),
    ]);
    let read = |p: &std::path::Path| std::fs::read_to_string(p).expect("snapshot");
    assert_eq!(read(&resumed), read(&whole));
    let report = |extra: &[&str]| {
        let args = [&["report"], extra, &course[..], &["class", "--json"]].concat();
        json(&masterykit(&args))["report"].clone()
    };
    assert_eq!(
        report(&[&path(&tail), "--from-snapshot", &path(&snap)]),
        report(&["examples/events.jsonl"])
    );
    let leftovers: Vec<_> = std::fs::read_dir(&dir)
        .expect("dir")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| !n.ends_with(".json") && !n.ends_with(".jsonl"))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
    // A snapshot that cannot be written is an I/O failure (exit 2), and no file appears.
    let missing = dir.join("no-such-dir").join("s.json");
    let o = masterykit(
        &[
            &["replay", &path(&head), "--snapshot", &path(&missing)],
            &course[..],
        ]
        .concat(),
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(!missing.exists());
}

/// `next` on the shared golden cases (tests/fixtures/next_steps.json): the same steps and
/// challenge status as the core gives, as text, JSON and class-wide CSV.
#[test]
fn next_prints_the_golden_steps_and_every_learners_rows() {
    let fixture: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../tests/fixtures/next_steps.json"
        ))
        .expect("fixture"),
    )
    .expect("json");
    let dir = std::env::temp_dir().join(format!("mk-cli-next-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let course = dir.join("course.json");
    std::fs::write(&course, fixture["curriculum"].to_string()).expect("write");
    let course = course.to_str().expect("utf-8");
    for (k, case) in fixture["cases"]
        .as_array()
        .expect("cases")
        .iter()
        .enumerate()
    {
        let name = case["name"].as_str().expect("name");
        let events = dir.join(format!("events-{k}.jsonl"));
        let lines: Vec<String> = case["events"]
            .as_array()
            .expect("events")
            .iter()
            .map(|e| e.to_string())
            .collect();
        std::fs::write(&events, lines.join("\n")).expect("write");
        let events = events.to_str().expect("utf-8");
        let learner = case["learner"].as_str().expect("learner");
        let now = case["now"].as_str().expect("now");
        let mut args = vec![
            "next",
            "--curriculum",
            course,
            events,
            learner,
            "--now",
            now,
        ];
        if let Some(goal) = case["goal"].as_str() {
            args.extend(["--goal", goal]);
        }
        let o = masterykit(&[&args[..], &["--json"]].concat());
        assert!(
            o.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        let v = json(&o);
        assert_eq!(v["steps"], case["expected"], "{name}");
        assert_eq!(v["challenge"], case["challenge"], "{name}");
        let text = stdout(&masterykit(&args));
        for (rank, step) in case["expected"]
            .as_array()
            .expect("steps")
            .iter()
            .enumerate()
        {
            let line = format!("{:>2}. ", rank + 1);
            assert!(
                text.contains(&line) && text.contains(step["text"].as_str().expect("text")),
                "{name}: {text}"
            );
        }
        let mut all_args = vec![
            "next",
            "--curriculum",
            course,
            events,
            "--all",
            "--now",
            now,
        ];
        if let Some(goal) = case["goal"].as_str() {
            all_args.extend(["--goal", goal]);
        }
        let all = stdout(&masterykit(&all_args));
        let mut rows = all.lines();
        assert_eq!(rows.next(), Some("learner,rank,kind,skills,scope,reason"));
        let first = &case["expected"][0];
        let want = format!(
            "{learner},1,{},{}",
            first["kind"].as_str().expect("kind"),
            first["skills"]
                .as_array()
                .expect("skills")
                .iter()
                .map(|s| s.as_str().expect("id"))
                .collect::<Vec<_>>()
                .join(";")
        );
        assert!(
            rows.next().is_some_and(|r| r.starts_with(&want)),
            "{name}: {all}"
        );
    }
    // Bad input: an unknown learner, an unknown goal unit, a bad rules file.
    let events = dir.join("events-0.jsonl");
    let events = events.to_str().expect("utf-8");
    let o = masterykit(&["next", "--curriculum", course, events, "zed", "--json"]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(json(&o)["problems"][0]["code"], "unknown_learner");
    let o = masterykit(&[
        "next",
        "--curriculum",
        course,
        events,
        "ana",
        "--goal",
        "unit:nope",
        "--json",
    ]);
    assert_eq!(json(&o)["problems"][0]["code"], "unknown_unit");
    let rules = dir.join("rules.json");
    let bad = masterykit::NextStepRules::khan().to_json().replace(
        "\"first_interval_days\":7.0",
        "\"first_interval_days\":-7.0",
    );
    assert!(bad.contains("-7.0"), "{bad}");
    std::fs::write(&rules, bad).expect("write");
    let o = masterykit(&[
        "next",
        "--curriculum",
        course,
        events,
        "ana",
        "--rules",
        rules.to_str().expect("utf-8"),
        "--json",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(json(&o)["problems"][0]["code"], "invalid_number");
}

/// `fit`, `evaluate` and `predict` on the shared knowledge-tracing fixture
/// (tests/fixtures/tracing_unseen.json): warnings, the `--unseen` choices, bad model files;
/// and `synthesize --messy` writes a split log that fits.
#[test]
fn tracing_follows_the_shared_unseen_fixture() {
    let fx: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../tests/fixtures/tracing_unseen.json"
        ))
        .expect("fixture"),
    )
    .expect("json");
    let dir = std::env::temp_dir().join(format!("mk-cli-unseen-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = |name: &str| dir.join(name).to_str().expect("utf-8").to_string();
    std::fs::write(
        path("train.csv"),
        fx["train_csv"].as_str().expect("fixture shape"),
    )
    .expect("fixture shape");
    std::fs::write(
        path("test.csv"),
        fx["test_csv"].as_str().expect("fixture shape"),
    )
    .expect("fixture shape");
    let (num_fits, seed) = (
        fx["fit"]["num_fits"].to_string(),
        fx["fit"]["seed"].to_string(),
    );
    let fit = [
        "fit",
        &path("train.csv"),
        "--num-fits",
        &num_fits,
        "--seed",
        &seed,
        "-o",
        &path("m.json"),
    ];
    let o = masterykit(&[&fit[..], &["--json"]].concat());
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let warnings: Vec<serde_json::Value> = json(&o)["warnings"]
        .as_array()
        .expect("fixture shape")
        .iter()
        .map(|w| serde_json::json!([w["skill"], w["code"]]))
        .collect();
    assert_eq!(serde_json::Value::Array(warnings), fx["warnings"]);
    // Without --json the warnings go to standard error.
    let o = masterykit(&fit);
    assert!(String::from_utf8_lossy(&o.stderr).contains("warning[all_wrong]: skill `sub`"));

    for case in fx["evaluate"].as_array().expect("fixture shape") {
        let Some(name) = case["unseen"].as_str() else {
            continue; // parameters are for the libraries
        };
        let o = masterykit(&[
            "evaluate",
            &path("test.csv"),
            "--model",
            &path("m.json"),
            "--unseen",
            name,
            "--json",
        ]);
        let v = json(&o);
        match case["error"].as_str() {
            Some("unfitted_skill") => assert_eq!(v["problems"][0]["code"], "unfitted_skill"),
            Some(_) => assert_eq!(o.status.code(), Some(2), "{name}: a usage error"),
            None => {
                assert_eq!(v["unseen"], case["name"]);
                for key in ["unseen_responses", "unseen_skills"] {
                    assert_eq!(v[key], case[key], "{name} {key}");
                }
                assert_eq!(v["metrics"]["count"], case["count"]);
                for key in ["rmse", "auc", "accuracy", "log_loss"] {
                    let got = v["metrics"][key].as_f64().expect("fixture shape");
                    assert!(
                        (got - case[key].as_f64().expect("fixture shape")).abs() < 1e-12,
                        "{name} {key}"
                    );
                }
            }
        }
    }
    let o = masterykit(&["evaluate", &path("test.csv"), "--model", &path("m.json")]);
    assert!(String::from_utf8_lossy(&o.stderr).contains("hint: --unseen skip"));
    let o = masterykit(&[
        "evaluate",
        &path("test.csv"),
        "--model",
        &path("m.json"),
        "--unseen",
        "skip",
        "--by-skill",
        "--json",
    ]);
    let by_skill: Vec<serde_json::Value> = json(&o)["by_skill"]
        .as_array()
        .expect("fixture shape")
        .iter()
        .map(|m| serde_json::json!([m["skill"], m["count"]]))
        .collect();
    assert_eq!(serde_json::Value::Array(by_skill), fx["by_skill_skip"]);

    let o = masterykit(&[
        "predict",
        &path("test.csv"),
        "--model",
        &path("m.json"),
        "--unseen",
        "skip",
    ]);
    let text = stdout(&o);
    let empty: Vec<usize> = text
        .lines()
        .skip(1)
        .enumerate()
        .filter(|(_, l)| l.ends_with(','))
        .map(|(i, _)| i)
        .collect();
    let expected: Vec<usize> =
        serde_json::from_value(fx["predict_skip_missing_rows"].clone()).expect("fixture shape");
    assert_eq!(empty, expected);

    let model: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path("m.json")).expect("fixture shape"))
            .expect("fixture shape");
    for case in fx["model_file_errors"].as_array().expect("fixture shape") {
        let mut doc = model.clone();
        doc["skills"]["add"][case["field"].as_str().expect("fixture shape")] =
            case["value"].clone();
        std::fs::write(path("bad.json"), doc.to_string()).expect("fixture shape");
        let o = masterykit(&[
            "evaluate",
            &path("train.csv"),
            "--model",
            &path("bad.json"),
            "--json",
        ]);
        let p = &json(&o)["problems"][0];
        assert_eq!(p["code"], case["code"]);
        assert!(
            p["message"]
                .as_str()
                .expect("fixture shape")
                .contains(case["message_contains"].as_str().expect("fixture shape"))
        );
    }

    let o = masterykit(&[
        "synthesize",
        "--messy",
        "--learners",
        "30",
        "--skills",
        "12",
        "--responses",
        "3000",
        "-o",
        &path("messy-train.csv"),
        "--test-output",
        &path("messy-test.csv"),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let o = masterykit(&[
        "fit",
        &path("messy-train.csv"),
        "-o",
        &path("messy.json"),
        "--json",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let o = masterykit(&[
        "evaluate",
        &path("messy-test.csv"),
        "--model",
        &path("messy.json"),
        "--unseen",
        "population",
        "--json",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(
        json(&o)["unseen_responses"]
            .as_u64()
            .expect("fixture shape")
            > 0
    );
}

/// `place` on the shared golden cases (tests/fixtures/placement.json) from an answers file,
/// on a terminal-style session over standard input, as a simulated learner, into the log
/// as a pre-assessment, and the selector comparison.
#[test]
fn place_scripts_asks_simulates_and_feeds_the_log() {
    let dir = std::env::temp_dir().join(format!("mk-cli-place-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let f: serde_json::Value =
        serde_json::from_str(include_str!("../../tests/fixtures/placement.json")).expect("fixture");
    let curriculum = dir.join("c.json");
    std::fs::write(&curriculum, f["curriculum"].to_string()).expect("write");
    let c = curriculum.to_str().expect("path");
    for case in f["cases"].as_array().expect("cases") {
        let name = case["name"].as_str().expect("name");
        let options = dir.join("o.json");
        std::fs::write(&options, case["options"].to_string()).expect("write");
        let mut csv = String::from("skill,correct\n");
        for a in case["answers"].as_array().expect("answers") {
            csv += &format!("{},{}\n", a[0].as_str().expect("skill"), a[1]);
        }
        let answers = dir.join("a.csv");
        std::fs::write(&answers, csv).expect("write");
        let o = masterykit(&[
            "place",
            "--curriculum",
            c,
            "--options",
            options.to_str().expect("path"),
            "--answers",
            answers.to_str().expect("path"),
            "--json",
        ]);
        assert!(
            o.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        let v = json(&o);
        for s in v["estimate"]["skills"].as_array().expect("skills") {
            let want = case["expected"]["p_known"][s["skill"].as_str().expect("id")]
                .as_f64()
                .expect("p");
            let got = s["p_known"].as_f64().expect("p");
            assert!((got - want).abs() < 1e-12, "{name}");
        }
        assert_eq!(v["estimate"]["done"], case["expected"]["done"], "{name}");
        if let Some(next) = case["expected"]["next"].as_str() {
            assert_eq!(v["next"]["skill"], next, "{name}");
        }
    }
    // Bad answers name the line, with the code.
    let bad = dir.join("bad.csv");
    std::fs::write(&bad, "skill,correct\ncount,1\nghost,0\n").expect("write");
    let o = masterykit(&[
        "place",
        "--curriculum",
        c,
        "--answers",
        bad.to_str().expect("path"),
        "--json",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let v = json(&o);
    assert_eq!(v["problems"][0]["code"], "unknown_skill");
    assert!(
        v["problems"][0]["message"]
            .as_str()
            .expect("message")
            .starts_with("line 3:")
    );
    let o = masterykit(&["place", "--curriculum", c, "--max-questions", "0", "--json"]);
    assert_eq!(json(&o)["problems"][0]["code"], "invalid_number");

    // On a terminal: y and n on standard input, anything else asked again.
    let mut child = Command::new(env!("CARGO_BIN_EXE_masterykit"))
        .args([
            "place",
            "--curriculum",
            c,
            "--json",
            "--learner",
            "ana",
            "--at",
            "2026-01-05",
            "--event-id",
            "place-1",
        ])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    use std::io::Write as _;
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(b"y\nmaybe\ny\nn\nq\n")
        .expect("write");
    let o = child.wait_with_output().expect("run");
    assert!(o.status.success());
    let v = json(&o);
    let answers = v["answers"].as_array().expect("answers");
    assert_eq!(answers.len(), 3, "maybe is asked again, q stops");
    assert_eq!(
        answers[0]["skill"], "geo",
        "the first question of the golden case"
    );
    assert!(String::from_utf8_lossy(&o.stderr).contains("answer y, n or q"));
    let a = &v["assessment"];
    assert_eq!(
        (a["context"].as_str(), a["event_id"].as_str()),
        (Some("pre_assessment"), Some("place-1"))
    );
    // The assessment is a line of the event log; the policy turns it into levels.
    let log = dir.join("events.jsonl");
    std::fs::write(&log, format!("{a}\n")).expect("write");
    let o = masterykit(&[
        "replay",
        "--curriculum",
        c,
        log.to_str().expect("path"),
        "--json",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let levels = json(&o)["learners"][0].to_string();
    let known: Vec<&str> = v["estimate"]["state"]
        .as_array()
        .expect("state")
        .iter()
        .map(|s| s.as_str().expect("id"))
        .collect();
    assert!(!known.is_empty() && levels.contains("familiar"), "{levels}");

    // A simulated learner without noise is placed exactly.
    let quiet = dir.join("quiet.json");
    std::fs::write(&quiet, r#"{"careless": 0, "lucky": 0}"#).expect("write");
    let o = masterykit(&[
        "place",
        "--curriculum",
        "examples/prealgebra.json",
        "--options",
        quiet.to_str().expect("path"),
        "--simulate",
        "place-value,order-of-ops",
        "--seed",
        "3",
        "--json",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v = json(&o);
    assert_eq!(v["simulated"]["wrong"], 0);
    assert_eq!(v["simulated"]["hidden"], v["estimate"]["state"]);
    assert_eq!(
        v["answers"].as_array().expect("answers").len() + 1,
        v["simulated"]["wrong_after"]
            .as_array()
            .expect("curve")
            .len()
    );

    // Priors from a learner's record: levels by the map.
    let empty = dir.join("empty.csv");
    std::fs::write(&empty, "skill,correct\n").expect("write");
    let prior = |levels: &str| {
        masterykit(&[
            "place",
            "--curriculum",
            "examples/prealgebra.json",
            "--events",
            "examples/events.jsonl",
            "--learner",
            "ana",
            "--prior-levels",
            levels,
            "--answers",
            empty.to_str().expect("path"),
            "--json",
        ])
    };
    let o = prior("familiar=0.7,proficient=0.9,mastered=0.97");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v = json(&o);
    let add = v["estimate"]["skills"]
        .as_array()
        .expect("skills")
        .iter()
        .find(|s| s["skill"] == "add-whole")
        .expect("add-whole");
    assert!(add["p_known"].as_f64().expect("p") > 0.9, "{add}");
    assert_eq!(
        json(&prior("legendary=0.5"))["problems"][0]["code"],
        "unknown_level"
    );
    assert_eq!(
        json(&prior("familiar=1.5"))["problems"][0]["code"],
        "invalid_number"
    );

    // The selectors compared: the same learners for each.
    let o = masterykit(&[
        "place",
        "--curriculum",
        c,
        "--compare",
        "--learners",
        "8",
        "--within",
        "0",
        "--json",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v = json(&o);
    let names: Vec<&str> = v["selectors"]
        .as_array()
        .expect("rows")
        .iter()
        .map(|r| r["selector"].as_str().expect("name"))
        .collect();
    assert_eq!(names, ["informative", "half_split", "random", "in_order"]);
    let o = masterykit(&["states", c, "--json"]);
    let states = json(&o)["states"].as_array().expect("states").len();
    assert_eq!(
        states as u64,
        f["cases"][0]["expected"]["states"].as_u64().expect("n")
    );
    let o = masterykit(&["states", "--paths", "--max", "2", c, "--json"]);
    assert_eq!(
        (o.status.code(), json(&o)["problems"][0]["code"].as_str()),
        (Some(1), Some("invalid_option"))
    );
    let o = masterykit(&["place", "--curriculum", c, "--compare", "--learners", "8"]);
    assert!(stdout(&o).starts_with("selector"), "{}", stdout(&o));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn class_reports_follow_the_shared_classes_fixture() {
    let fixture: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../tests/fixtures/classes.json"
        ))
        .expect("fixture"),
    )
    .expect("json");
    let dir = std::env::temp_dir().join(format!("mk-cli-classes-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let (roster, log) = (dir.join("roster.json"), dir.join("log.jsonl"));
    std::fs::write(&roster, fixture["roster"].to_string()).expect("write");
    let lines: String = fixture["log"]
        .as_array()
        .expect("log")
        .iter()
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(&log, lines).expect("write");
    let (roster, log) = (
        roster.to_string_lossy().into_owned(),
        log.to_string_lossy().into_owned(),
    );
    let now = fixture["now"].as_str().expect("now");
    let run = |kind: &[&str]| {
        let base = [
            "--json",
            "report",
            log.as_str(),
            "--curriculum",
            "examples/prealgebra.json",
            "--roster",
            roster.as_str(),
        ];
        let o = masterykit(&[&base[..], kind].concat());
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stdout));
        json(&o)["report"].clone()
    };
    let scores = run(&["scores", "--class", "5a", "--now", now]);
    assert_eq!(scores, fixture["expected"]["scores"]);
    let goals = run(&["class-goals", "--class", "5a", "--now", now]);
    assert_eq!(
        goals[0]["counts"],
        fixture["expected"]["class_goals"][0]["counts"]
    );
    let skills = run(&["skills", "--class", "5a"]);
    let sub = skills["skills"]
        .as_array()
        .expect("skills")
        .iter()
        .find(|s| s["skill"] == "sub-whole")
        .expect("sub-whole");
    assert_eq!(sub["struggling"], serde_json::json!(["ben", "eli"]));
    let progress = run(&[
        "progress",
        "--class",
        "5a",
        "--learner",
        "ana",
        "--scope",
        "goal:ops",
        "--from",
        "2026-09-01",
        "--now",
        "2026-09-08",
        "--step-days",
        "1",
    ]);
    let percent: Vec<f64> = progress
        .as_array()
        .expect("points")
        .iter()
        .map(|p| p["mastery_percent"].as_f64().expect("number"))
        .collect();
    assert_eq!(percent, [0.0, 80.0, 80.0, 80.0, 100.0, 100.0, 100.0]);
    let mastery = run(&["mastery", "--class", "5a"]);
    assert_eq!(mastery["learners"].as_array().expect("rows").len(), 4);
    // Unknown class: a typed failure.
    let o = masterykit(&[
        "--json",
        "report",
        &log,
        "--curriculum",
        "examples/prealgebra.json",
        "--roster",
        &roster,
        "scores",
        "--class",
        "nope",
    ]);
    assert!(!o.status.success());
    assert_eq!(json(&o)["problems"][0]["code"], "unknown_class");
    // Correctives: a roster line naming the strugglers; appended, the Scores report has it.
    let o = masterykit(&[
        "correctives",
        &log,
        "--curriculum",
        "examples/prealgebra.json",
        "--roster",
        &roster,
        "--skill",
        "sub-whole",
        "--class",
        "5a",
        "--id",
        "fix-sub",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let line = stdout(&o);
    assert!(
        line.starts_with(r#"{"roster":{"op":"add_assignment""#),
        "{line}"
    );
    let mut text = std::fs::read_to_string(&log).expect("log");
    text.push_str(&line);
    std::fs::write(&log, text).expect("write");
    let scores = run(&["scores", "--class", "5a", "--now", now]);
    let fix: Vec<&str> = scores
        .as_array()
        .expect("rows")
        .iter()
        .filter(|r| r["assignment"] == "fix-sub")
        .map(|r| r["learner"].as_str().expect("learner"))
        .collect();
    assert_eq!(fix, ["ben", "eli"]);
    std::fs::remove_dir_all(&dir).ok();
}

/// The interop fixture's expected file.
fn interop_expected() -> serde_json::Value {
    let text = include_str!("../../tests/fixtures/interop/expected.json");
    serde_json::from_str(text).expect("fixture")
}

#[test]
fn convert_follows_the_shared_interop_fixture() {
    let fx = interop_expected();
    let dir = std::env::temp_dir().join(format!("mk-cli-convert-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let curriculum = dir.join("c.json");
    let events = dir.join("e.jsonl");
    let f = "tests/fixtures/interop";

    let o = masterykit(&[
        "convert",
        &format!("{f}/case_package.json"),
        "--from=case",
        "--to=curriculum",
        "--ids=human-coding-scheme",
        "-o",
        curriculum.to_str().expect("utf-8"),
        "--json",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(json(&o)["summary"], fx["case"]["summary"]);
    let written: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&curriculum).expect("written"))
            .expect("json");
    assert_eq!(written, fx["case"]["curriculum"]);

    for (standard, file, mapping) in [
        ("xapi", "xapi_statements.json", Some("xapi_mapping.json")),
        ("caliper", "caliper_envelope.json", None),
    ] {
        let input = format!("{f}/{file}");
        let mut args = vec!["convert", &input, "--from", standard, "--to", "events"];
        let mapping = mapping.map(|m| format!("{f}/{m}"));
        if let Some(m) = &mapping {
            args.extend(["--mapping", m]);
        }
        let o = masterykit(&args);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let lines: Vec<serde_json::Value> = stdout(&o)
            .lines()
            .map(|l| serde_json::from_str(l).expect("a JSON line"))
            .collect();
        assert_eq!(
            serde_json::Value::Array(lines),
            fx[standard]["assessments"],
            "{standard}"
        );
        assert!(String::from_utf8_lossy(&o.stderr).contains("1 duplicate dropped"));
        if standard == "xapi" {
            std::fs::write(&events, stdout(&o)).expect("write events");
        }
    }

    // The xAPI events replay into the levels the fixture expects, and go out again as xAPI.
    let o = masterykit(&[
        "replay",
        events.to_str().expect("utf-8"),
        "--curriculum",
        curriculum.to_str().expect("utf-8"),
        "--json",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    // Replaying the statements themselves gives the same output.
    let direct = masterykit(&[
        "replay",
        &format!("{f}/xapi_statements.json"),
        "--events-format=xapi",
        "--mapping",
        &format!("{f}/xapi_mapping.json"),
        "--curriculum",
        curriculum.to_str().expect("utf-8"),
        "--json",
    ]);
    assert!(
        direct.status.success(),
        "{}",
        String::from_utf8_lossy(&direct.stderr)
    );
    assert_eq!(json(&direct), json(&o));
    let o = masterykit(&[
        "convert",
        events.to_str().expect("utf-8"),
        "--from=events",
        "--to=xapi",
        "--curriculum",
        curriculum.to_str().expect("utf-8"),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let statements: Vec<serde_json::Value> = serde_json::from_slice(&o.stdout).expect("array");
    assert!(
        statements
            .iter()
            .any(|s| s["verb"]["id"] == "http://adlnet.gov/expapi/verbs/progressed")
    );

    // Curriculum -> CASE -> curriculum gives the curriculum back.
    let package = dir.join("p.json");
    let o = masterykit(&[
        "convert",
        curriculum.to_str().expect("utf-8"),
        "--from=curriculum",
        "--to=case",
        "-o",
        package.to_str().expect("utf-8"),
    ]);
    assert!(o.status.success());
    let o = masterykit(&[
        "convert",
        package.to_str().expect("utf-8"),
        "--from=case",
        "--to=curriculum",
        "--ids=human-coding-scheme",
        "--skill-type=Skill",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let back: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(back["skills"], fx["case"]["curriculum"]["skills"]);

    // Bad input: the fixture's typed errors, exit 1; a pair with no conversion: usage, exit 2.
    let bad: serde_json::Value =
        serde_json::from_str(include_str!("../../tests/fixtures/interop/bad_input.json"))
            .expect("fixture");
    for case in bad.as_array().expect("list") {
        let file = dir.join("bad.json");
        std::fs::write(&file, case["input"].as_str().expect("input")).expect("write");
        let standard = case["standard"].as_str().expect("standard");
        let to = if standard == "case" {
            "curriculum"
        } else {
            "events"
        };
        let o = masterykit(&[
            "convert",
            file.to_str().expect("utf-8"),
            "--from",
            standard,
            "--to",
            to,
            "--json",
        ]);
        assert_eq!(o.status.code(), Some(1), "{case}");
        let report = json(&o);
        let codes: Vec<&str> = report["problems"]
            .as_array()
            .expect("problems")
            .iter()
            .map(|p| p["code"].as_str().expect("code"))
            .collect::<Vec<_>>();
        assert!(
            codes.contains(&case["code"].as_str().expect("code")),
            "{codes:?} {case}"
        );
    }
    let o = masterykit(&["convert", "x.json", "--from=xapi", "--to=case"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn schema_prints_the_published_schemas() {
    let o = masterykit(&["schema", "--json"]);
    assert!(o.status.success());
    let names = json(&o)["schemas"].clone();
    let names: Vec<&str> = names
        .as_array()
        .expect("names")
        .iter()
        .map(|n| n.as_str().expect("name"))
        .collect();
    assert!(names.contains(&"curriculum") && names.contains(&"snapshot"));
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../schemas");
    let bless = std::env::var_os("MASTERYKIT_BLESS").is_some();
    if bless {
        let o = masterykit(&["schema", "--out-dir", "schemas"]);
        assert!(o.status.success());
    }
    let files = std::fs::read_dir(root).expect("schemas/").count();
    assert_eq!(files, names.len(), "one file per schema in schemas/");
    for name in names {
        let o = masterykit(&["schema", name]);
        assert!(o.status.success());
        let file = std::fs::read_to_string(format!("{root}/{name}.schema.json")).expect("file");
        assert_eq!(
            stdout(&o),
            file,
            "schemas/{name}.schema.json differs: run with MASTERYKIT_BLESS=1"
        );
    }
    let o = masterykit(&["schema", "nope"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("invalid_option"));
}

/// A job split by skill (fit) and by learner (replay), merged: the model and the snapshot of
/// the whole; parts that overlap are refused with `merge_conflict` or `duplicate_learner`.
#[test]
fn merge_puts_split_fits_and_replays_back_together() {
    let dir = std::env::temp_dir().join(format!("mk-merge-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let at = |name: &str| dir.join(name).to_str().expect("utf-8 path").to_string();
    let o = masterykit(&[
        "synthesize",
        "--skills",
        "6",
        "--learners",
        "300",
        "--seed",
        "5",
        "-o",
        &at("log.csv"),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let log = std::fs::read_to_string(at("log.csv")).expect("log");
    let mut lines = log.lines();
    let header = lines.next().expect("header");
    let skill = header
        .split(',')
        .position(|c| c == "skill_name")
        .expect("skill column");
    let (mut even, mut odd) = (format!("{header}\n"), format!("{header}\n"));
    for line in lines {
        let name = line.split(',').nth(skill).expect("skill");
        let part = if name.bytes().map(u32::from).sum::<u32>() % 2 == 0 {
            &mut even
        } else {
            &mut odd
        };
        part.push_str(line);
        part.push('\n');
    }
    std::fs::write(at("even.csv"), even).expect("write");
    std::fs::write(at("odd.csv"), odd).expect("write");
    for (input, output) in [
        ("log.csv", "whole.json"),
        ("even.csv", "even.json"),
        ("odd.csv", "odd.json"),
    ] {
        let o = masterykit(&["fit", &at(input), "--num-fits", "2", "-o", &at(output)]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    }
    let o = masterykit(&[
        "merge",
        "models",
        &at("even.json"),
        &at("odd.json"),
        "-o",
        &at("merged.json"),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(
        std::fs::read_to_string(at("merged.json")).expect("merged"),
        std::fs::read_to_string(at("whole.json")).expect("whole")
    );
    let o = masterykit(&[
        "merge",
        "models",
        &at("even.json"),
        &at("even.json"),
        "--json",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(json(&o)["problems"][0]["code"], "merge_conflict");

    // Replay split by learner, snapshots merged.
    let events = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../examples/events.jsonl"
    ))
    .expect("events");
    let (mut first, mut rest) = (String::new(), String::new());
    for line in events.lines() {
        let v: serde_json::Value = serde_json::from_str(line).expect("event");
        let part = if v["learner"].as_str() < Some("c") {
            &mut first
        } else {
            &mut rest
        };
        part.push_str(line);
        part.push('\n');
    }
    std::fs::write(at("first.jsonl"), first).expect("write");
    std::fs::write(at("rest.jsonl"), rest).expect("write");
    let course = "examples/prealgebra.json";
    for (input, output) in [("first.jsonl", "first.snap"), ("rest.jsonl", "rest.snap")] {
        let o = masterykit(&[
            "replay",
            "--curriculum",
            course,
            &at(input),
            "--no-history",
            "--snapshot",
            &at(output),
        ]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    }
    let o = masterykit(&[
        "replay",
        "--curriculum",
        course,
        "examples/events.jsonl",
        "--snapshot",
        &at("all.snap"),
    ]);
    assert!(o.status.success());
    let o = masterykit(&[
        "merge",
        "snapshots",
        "--curriculum",
        course,
        &at("first.snap"),
        &at("rest.snap"),
        "-o",
        &at("merged.snap"),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let canonical = |name: &str| {
        let mut v: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(at(name)).expect("snapshot"))
                .expect("json");
        v["learners"]
            .as_array_mut()
            .expect("learners")
            .sort_by(|a, b| a["id"].as_str().cmp(&b["id"].as_str()));
        v
    };
    assert_eq!(canonical("merged.snap"), canonical("all.snap"));
    let o = masterykit(&[
        "merge",
        "snapshots",
        "--curriculum",
        course,
        &at("first.snap"),
        &at("first.snap"),
        "--json",
    ]);
    assert_eq!(json(&o)["problems"][0]["code"], "duplicate_learner");
    // Without history, replay prints the final state and no level changes.
    let o = masterykit(&[
        "replay",
        "--curriculum",
        course,
        "examples/events.jsonl",
        "--no-history",
        "--json",
    ]);
    let v = json(&o);
    assert_eq!(
        (
            v["learners"].as_array().map(Vec::len),
            v["transitions"].as_array().map(Vec::len)
        ),
        (Some(4), Some(0))
    );
}
