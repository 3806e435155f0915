"""Next steps from Python: the shared golden cases (tests/fixtures/next_steps.json), typed
errors, the class-wide frame, and rules that pickle."""

import copy
import json
import pickle

import pytest

import masterykit
from conftest import fixture


def _store(f, events):
    store = masterykit.LearnerStore(masterykit.Curriculum.from_json(json.dumps(f["curriculum"])), masterykit.Policy.khan())
    store.replay_events(events)
    return store


def _edited(edit):
    doc = masterykit.NextStepRules.khan().to_dict()
    for path, value in edit.get("set", {}).items():
        *parents, last = path.split(".")
        node = doc
        for p in parents:
            node = node[p]
        node[last] = value
    if "remove" in edit:
        *parents, last = edit["remove"].split(".")
        node = doc
        for p in parents:
            node = node[p]
        del node[last]
    return json.dumps(doc)


def test_next_steps_match_the_golden_cases():
    f = fixture("next_steps.json")
    for case in f["cases"]:
        store = _store(f, case["events"])
        got = store.next_steps(case["learner"], case["goal"], case["now"])
        assert got == case["expected"], case["name"]
        assert store.challenge_status(case["learner"], case["now"]) == case["challenge"], case["name"]


def test_bad_input_is_a_typed_error():
    f = fixture("next_steps.json")
    for case in f["errors"]:
        store = _store(f, case["events"])
        with pytest.raises(masterykit.MasteryError) as info:
            rules = masterykit.NextStepRules.from_json(_edited(case["rules"])) if "rules" in case else None
            store.next_steps(case["learner"], case["goal"], "2026-09-02", rules)
        assert info.value.code == case["code"], case["name"]
    store = _store(f, f["cases"][0]["events"])
    with pytest.raises(masterykit.EvidenceError):
        store.next_steps("zed", None, "2026-09-02")
    with pytest.raises(masterykit.CurriculumError):
        store.next_steps("ana", "unit:nope", "2026-09-02")
    with pytest.raises(masterykit.PolicyError):
        store.next_steps("ana", None, "2026-09-02", masterykit.NextStepRules.from_json(_edited({"set": {"target": "expert"}})))


def test_the_class_frame_holds_every_learners_list():
    f = fixture("next_steps.json")
    events = [e for case in f["cases"][:5] for e in case["events"]]
    store = _store(f, events)
    frame = masterykit.next_steps_frame(store, "unit:ops", "2026-09-09")
    assert list(frame.columns) == ["learner", "rank", "kind", "skills", "scope", "reason"]
    for learner in store.learners:
        steps = store.next_steps(learner, "unit:ops", "2026-09-09")
        mine = frame[frame.learner == learner]
        assert list(mine["kind"]) == [s["kind"] for s in steps]
        assert list(mine["reason"]) == [s["reason"]["code"] for s in steps]
        assert [list(s) for s in mine["skills"]] == [s["skills"] for s in steps]
        assert list(mine["rank"]) == list(range(1, len(steps) + 1))


def test_rules_round_trip_and_pickle():
    rules = masterykit.NextStepRules.khan()
    assert masterykit.NextStepRules.preset("khan-2025") == rules
    assert masterykit.NextStepRules.from_dict(rules.to_dict()) == rules
    assert pickle.loads(pickle.dumps(rules)) == rules
    doc = copy.deepcopy(rules.to_dict())
    doc["max_steps"] = 1
    one = masterykit.NextStepRules.from_dict(doc)
    f = fixture("next_steps.json")
    store = _store(f, f["cases"][0]["events"])
    assert len(store.next_steps("ana", None, "2026-09-01T10:30:00Z", one)) == 1
    with pytest.raises(masterykit.MasteryError) as info:
        masterykit.NextStepRules.preset("nope")
    assert info.value.code == "unknown_preset"
