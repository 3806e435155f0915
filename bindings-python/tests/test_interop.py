"""Interchange standards from Python: the shared fixture (tests/fixtures/interop/) gives the
same curriculum, evidence and levels as in Rust and JavaScript, and the same typed errors."""

import json
import pickle

import pytest

import masterykit as mk

from conftest import ROOT

F = ROOT / "tests" / "fixtures" / "interop"
EXPECTED = json.loads((F / "expected.json").read_text())
BAD = json.loads((F / "bad_input.json").read_text())


def read(name):
    return (F / name).read_text()


def test_case_package_gives_the_expected_curriculum():
    curriculum, summary = mk.curriculum_from_case(read("case_package.json"), {"ids": "human_coding_scheme"})
    assert summary == EXPECTED["case"]["summary"]
    assert curriculum.to_dict() == EXPECTED["case"]["curriculum"]
    # A dict works as well as text, and the curriculum pickles.
    again, _ = mk.curriculum_from_case(json.loads(read("case_package.json")), {"ids": "human_coding_scheme"})
    assert pickle.loads(pickle.dumps(again)) == curriculum


def test_xapi_and_caliper_give_the_expected_evidence_and_levels():
    mapping = json.loads(read("xapi_mapping.json"))
    events, summary = mk.assessments_from_xapi(read("xapi_statements.json"), mapping)
    assert summary == EXPECTED["xapi"]["summary"]
    assert events == EXPECTED["xapi"]["assessments"]
    statements = json.loads(read("xapi_statements.json"))["statements"]
    assert mk.assessments_from_xapi(statements, mapping)[0] == events
    caliper, csummary = mk.assessments_from_caliper(json.loads(read("caliper_envelope.json")))
    assert csummary == EXPECTED["caliper"]["summary"]
    assert caliper == EXPECTED["caliper"]["assessments"]

    curriculum, _ = mk.curriculum_from_case(read("case_package.json"), {"ids": "human_coding_scheme"})
    store = mk.LearnerStore(curriculum, mk.Policy.khan())
    store.replay_events(sorted(events + caliper, key=lambda a: a["timestamp"]))
    levels = {}
    for learner in store.learners:
        states = [store.skill_state(learner, skill) for skill in curriculum.skill_ids()]
        levels[learner] = {s["skill"]: s["level"] for s in states if s["level"] != "not_started" or s["responses"] > 0}
    assert levels == EXPECTED["levels"]

    out = json.loads(mk.transitions_to_xapi(store, {"home_page": "https://lms.example"}))
    assert len(out) == len(store.transitions())
    assert any(s["actor"].get("account", {}).get("homePage") == "https://lms.example" for s in out)


@pytest.mark.parametrize("case", BAD, ids=[f"{c['standard']}-{c['code']}-{i}" for i, c in enumerate(BAD)])
def test_bad_input_raises_the_typed_error(case):
    call = {
        "xapi": mk.assessments_from_xapi,
        "caliper": mk.assessments_from_caliper,
        "case": mk.curriculum_from_case,
    }[case["standard"]]
    with pytest.raises(mk.MasteryError) as info:
        call(case["input"])
    codes = [code for code, _ in info.value.problems]
    assert case["code"] in codes
    assert case["contains"] in str(info.value)
    if case["standard"] == "case" and case["code"] != "parse_error":
        assert isinstance(info.value, mk.CurriculumError)
    elif case["code"] != "parse_error":
        assert isinstance(info.value, mk.EvidenceError)


def test_options_are_checked():
    with pytest.raises(mk.MasteryError) as info:
        mk.assessments_from_xapi("[]", {"sittings": "by_week"})
    assert info.value.code == "invalid_option"
    assert "sittings" in str(info.value)
    with pytest.raises(mk.MasteryError) as info:
        mk.curriculum_from_case(read("case_package.json"), {"id": "identifier"})
    assert info.value.code == "invalid_option"


def test_round_trip_through_case():
    curriculum, _ = mk.curriculum_from_case(read("case_package.json"))
    package = mk.curriculum_to_case(curriculum)
    again, _ = mk.curriculum_from_case(package)
    assert again == curriculum
