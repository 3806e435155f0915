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
