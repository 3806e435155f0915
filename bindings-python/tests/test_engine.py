import json

import pytest

import masterykit
from conftest import ROOT, fixture


@pytest.mark.parametrize("name", ["policy_khan_2025.json", "policy_khan_pre_2018.json"])
def test_policy_golden_cases_agree_with_rust(name):
    f = fixture(name)
    policy = masterykit.Policy.preset(f["policy"])
    course = masterykit.Curriculum.from_json(json.dumps(f["curriculum"]))
    for case in f["cases"]:
        store = masterykit.LearnerStore(course, policy)
        *setup, last = case["events"]
        for event in setup:
            store.apply(event)
        if "expected_error" in case:
            before = store.to_snapshot_json()
            with pytest.raises(masterykit.MasteryError) as info:
                store.apply(last)
            assert info.value.code == case["expected_error"], case["name"]
            assert store.to_snapshot_json() == before, case["name"]
        else:
            got = [
                {k: t[k] for k in ("skill", "from", "to", "context", "outcome")}
                for t in store.apply(last)["transitions"]
            ]
            assert got == case["expected_transitions"], case["name"]
        for learner, skills in case["expected_levels"].items():
            for skill, level in skills.items():
                assert store.level(learner, skill) == level, case["name"]


def test_replay_reports_goals_and_evidence_errors(prealgebra):
    store = masterykit.LearnerStore(prealgebra, masterykit.Policy.khan())
    changes = store.replay_jsonl((ROOT / "examples" / "events.jsonl").read_text())
    assert changes > 0 and sorted(store.learners) == ["ana", "bo", "chen", "dara"]
    report = store.learner_report("ana")
    assert report["learner"] == "ana" and len(report["units"]) == 7
    assert 0 <= store.mastery_percent("ana", "course:prealgebra") <= 100
    p = store.progress("ana", {"scope": {"unit": "whole-numbers"}, "due": "2026-09-30"}, "2026-09-12")
    assert p["skills_total"] == 10 and p["status"] in ("on_track", "behind")
    with pytest.raises(masterykit.EvidenceError) as info:
        store.apply({"learner": "ana", "context": "quiz", "timestamp": "2026-10-01",
                     "responses": [{"item": "q", "skills": ["add-whole"], "score": 1.5}]})
    assert info.value.code == "invalid_score"
    with pytest.raises(masterykit.MasteryError) as info:
        store.replay_jsonl('{"learner":"x","context":"practice","timestamp":"bad","responses":[]}\n')
    assert info.value.code == "parse_error"
    assert str(info.value).startswith("line 1: ")


def _response_rows():
    """examples/events.jsonl as a table: one row per response, the line number as sitting."""
    rows = []
    for line_no, line in enumerate((ROOT / "examples" / "events.jsonl").read_text().splitlines()):
        if not line.strip() or line.startswith("#"):
            continue
        a = json.loads(line)
        for r in a["responses"]:
            (skill,) = r["skills"]
            rows.append({
                "student": a["learner"], "sitting": line_no, "context": a["context"],
                "skill": skill, "item": r["item"],
                "score": float(r["correct"]) if "correct" in r else r["score"],
                "timestamp": a["timestamp"], "event_id": a.get("event_id"),
            })
    return rows


def test_a_dataframe_of_responses_replays_like_the_event_log(prealgebra):
    import pandas as pd

    df = pd.DataFrame(_response_rows())
    from_log = masterykit.LearnerStore(prealgebra, masterykit.Policy.khan())
    changes = from_log.replay_jsonl((ROOT / "examples" / "events.jsonl").read_text())
    from_frame = masterykit.LearnerStore(prealgebra, masterykit.Policy.khan())
    assert masterykit.replay_frame(from_frame, df, columns={"learner": "student"}) == changes
    assert from_frame.to_snapshot_json() == from_log.to_snapshot_json()
    assert from_frame.transitions() == from_log.transitions()
    # Integer seconds since the epoch (as everywhere) read the same as timestamp text.
    epoch = pd.Timestamp(0, tz="UTC")
    secs = (pd.to_datetime(df["timestamp"], utc=True) - epoch) // pd.Timedelta(seconds=1)
    for dtype in ("int64", "int32", "uint64"):
        again = masterykit.LearnerStore(prealgebra, masterykit.Policy.khan())
        masterykit.replay_frame(again, df.assign(timestamp=secs.astype(dtype)), columns={"learner": "student"})
        assert again.to_snapshot_json() == from_log.to_snapshot_json(), dtype
    # Milliseconds where seconds are expected: an error naming the row, saying so.
    ms = df.assign(timestamp=secs.astype("int64") * 1000)
    with pytest.raises(masterykit.EvidenceError) as info:
        masterykit.replay_frame(masterykit.LearnerStore(prealgebra, masterykit.Policy.khan()), ms,
                                columns={"learner": "student"})
    assert info.value.code == "invalid_timestamp"
    assert str(info.value).startswith("row 0: ") and "looks like milliseconds" in str(info.value)


def test_bad_response_tables_name_the_row(prealgebra):
    import numpy as np
    import pandas as pd

    df = pd.DataFrame(_response_rows())
    store = masterykit.LearnerStore(prealgebra, masterykit.Policy.khan())
    bad = df.copy()
    bad.loc[5, "skill"] = "nope"
    with pytest.raises(masterykit.EvidenceError) as info:  # an evidence problem, whatever its code
        masterykit.replay_frame(store, bad, columns={"learner": "student"})
    assert info.value.code == "unknown_skill"
    first_row_of_its_sitting = int(df.index[df["sitting"] == df.loc[5, "sitting"]][0])
    assert str(info.value).startswith(f"row {first_row_of_its_sitting}: unknown skill `nope`")
    assert store.learners == []
    bad = df.copy()
    bad.loc[1, "context"] = "quiz" if df.loc[0, "context"] != "quiz" else "practice"
    with pytest.raises(masterykit.EvidenceError) as info:
        masterykit.replay_frame(store, bad, columns={"learner": "student"})
    assert info.value.code == "sitting_mismatch" and str(info.value).startswith("row 1: ")
    with pytest.raises(KeyError):
        masterykit.replay_frame(store, df)  # no `learner` column
    codes = np.zeros(2, dtype=np.int64)
    with pytest.raises(masterykit.EvidenceError) as info:  # three scores for two rows
        store.replay_arrays(codes, codes, codes, codes, np.zeros(3), codes, ["a"], ["practice"], ["add-whole"])
    assert "length of column `score`" in str(info.value)
    with pytest.raises(masterykit.EvidenceError) as info:  # a negative code
        store.replay_arrays(codes - 1, codes, codes, codes, np.zeros(2), codes, ["a"], ["practice"], ["add-whole"])
    assert info.value.code == "invalid_number"
    with pytest.raises(masterykit.MasteryError) as info:
        store.replay_arrays(codes, codes, codes, codes, np.zeros(2), codes, ["a"], ["practice"], ["add-whole"],
                            timestamp_unit="us")
    assert info.value.code == "invalid_option" and not isinstance(info.value, masterykit.EvidenceError)


def test_goal_progress_matches_the_golden_cases(prealgebra):
    fixture = json.loads((ROOT / "tests" / "fixtures" / "goals.json").read_text())
    store = masterykit.LearnerStore(prealgebra, masterykit.Policy.khan())
    store.replay_events(fixture["events"])
    for case in fixture["cases"]:
        name = case["name"]
        if "expected_error" in case:
            with pytest.raises(masterykit.MasteryError) as info:
                store.progress(case["learner"], case["goal"], case["now"])
            assert info.value.code == case["expected_error"], name
            continue
        p = store.progress(case["learner"], case["goal"], case["now"])
        want = case["expected"]
        assert p["status"] == want["status"], name
        assert p["skills_at_target"] == want["skills_at_target"], name
        assert p["projected_completion"] == want["projected_completion"], name
        if want["skills_per_day"] is None:
            assert p["skills_per_day"] is None, name
        else:
            assert p["skills_per_day"] == pytest.approx(want["skills_per_day"], abs=1e-9), name


def test_a_snapshot_and_the_records_appended_since_restore_the_state(prealgebra):
    lines = [line for line in (ROOT / "examples" / "events.jsonl").read_text().splitlines()
             if line.strip() and not line.startswith("#")]
    store = masterykit.LearnerStore(prealgebra, masterykit.Policy.khan())
    snapshot, records = "", []
    for i, line in enumerate(lines):
        if i == 40:
            snapshot = store.to_snapshot_json()
        applied = store.apply(json.loads(line))
        assert applied["duplicate"] == (applied["record"] is None)
        if i >= 40 and applied["record"] is not None:
            records.append(applied["record"])
    restored = masterykit.LearnerStore.restore(prealgebra, masterykit.Policy.khan(), snapshot, "\n".join(records))
    assert restored.to_snapshot_json() == store.to_snapshot_json()
    again = store.apply(json.loads(lines[0]))
    assert again == {"transitions": [], "duplicate": True, "record": None, "events": []}
