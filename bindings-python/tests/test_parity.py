"""The operations Python shares with the WebAssembly package behave like the core: graph
queries, activity and timeline (equal to the CLI's reports), replay of event lists, the level
matrix, every scope form, dict forms, policies from TOML, online BKT, fit options and the
pandas helpers' typed errors."""

import json
import subprocess

import pandas as pd
import pytest

import masterykit
from conftest import ROOT

EVENTS = ROOT / "examples" / "events.jsonl"

PROBABILITY_TOML = """
format_version = 1
name = "tiny-probability"
default_target = "known"
levels = [
  { id = "unknown", name = "Unknown", points = 0 },
  { id = "known", name = "Known", points = 100 },
]

[rules]
kind = "probability"
contexts = ["practice"]
bkt = { prior = 0.1, learn = 0.2, guess = 0.2, slip = 0.1 }
thresholds = [
  { level = "unknown", min_p_known = 0.0 },
  { level = "known", min_p_known = 0.9 },
]
"""


def replayed(curriculum):
    store = masterykit.LearnerStore(curriculum, masterykit.Policy.khan())
    store.replay_jsonl(EVENTS.read_text())
    return store


def cli_report(*args):
    cli = ROOT / "target" / "debug" / "masterykit"
    base = [str(cli), "report", "--curriculum", str(ROOT / "examples" / "prealgebra.json"), str(EVENTS)]
    out = subprocess.run([*base, *args, "--json"], check=True, capture_output=True, text=True).stdout
    return json.loads(out)["report"]


def test_prerequisites_and_dependents_are_inverse(prealgebra):
    for skill in prealgebra.skill_ids():
        prerequisites = prealgebra.prerequisites(skill)
        assert set(prerequisites) <= set(prealgebra.ancestors(skill))
        for p in prerequisites:
            assert skill in prealgebra.dependents(p)
    assert prealgebra.prerequisites("place-value") == []
    with pytest.raises(masterykit.CurriculumError) as info:
        prealgebra.dependents("nope")
    assert info.value.code == "unknown_skill"


def test_activity_and_timeline_equal_the_cli(prealgebra):
    store = replayed(prealgebra)
    assert store.timeline("ana") == cli_report("timeline", "ana")
    window = ("2026-09-01", "2026-09-08")
    assert store.activity(*window) == cli_report("activity", "--from", window[0], "--to", window[1])
    mine = store.activity(*window, learner="ana")
    assert 0 < mine["assessments"] <= store.activity(*window)["assessments"]
    # A learner with no evidence yet: no level changes, an empty report, as the CLI says.
    assert store.timeline("zed") == [] == cli_report("timeline", "zed")
    assert store.learner_report("zed") == cli_report("learner", "zed")
    assert all(s["level"] == "not_started" for s in store.learner_report("zed")["skills"])
    with pytest.raises(masterykit.EvidenceError) as info:
        store.level("zed", "add-whole")  # state lookups still name an unknown learner
    assert info.value.code == "unknown_learner"


def test_replay_events_and_the_level_matrix(prealgebra):
    events = [json.loads(line) for line in EVENTS.read_text().splitlines() if line.strip() and not line.startswith("#")]
    by_list = masterykit.LearnerStore(prealgebra, masterykit.Policy.khan())
    changes = by_list.replay_events(events)
    by_text = replayed(prealgebra)
    assert changes == len(by_text.transitions())
    assert by_list.to_snapshot_json() == by_text.to_snapshot_json()
    # Any iterable: a generator (which may read the store as it goes) or a tuple.
    by_generator = masterykit.LearnerStore(prealgebra, masterykit.Policy.khan())
    seen = by_generator.replay_events(a for a in events if by_generator.learners == [])
    assert seen == changes and by_generator.to_snapshot_json() == by_text.to_snapshot_json()
    by_tuple = masterykit.LearnerStore(prealgebra, masterykit.Policy.khan())
    assert by_tuple.replay_events(tuple(events)) == changes
    matrix = by_text.level_matrix()
    assert matrix.shape == (len(by_text.learners), len(by_text.skill_ids))
    levels = [level for level, _ in masterykit.Policy.khan().levels]
    for i, learner in enumerate(by_text.learners):
        for j, skill in enumerate(by_text.skill_ids):
            assert levels[matrix[i, j]] == by_text.level(learner, skill)


def test_every_scope_form_gives_the_same_answer(prealgebra):
    store = replayed(prealgebra)
    unit = [s for s in prealgebra.to_dict()["units"] if s["id"] == "whole-numbers"][0]["skills"]
    forms = ["unit:whole-numbers", {"unit": "whole-numbers"}, unit, f"skills:{','.join(unit)}", {"skills": unit}]
    values = {store.mastery_percent("ana", form) for form in forms}
    assert len(values) == 1
    goal = {"scope": "unit:whole-numbers"}
    assert store.progress("ana", goal, "2026-09-12") == store.progress("ana", {"scope": {"unit": "whole-numbers"}}, "2026-09-12")
    for bad in ["grade:3", "unit:", {"grade": "3"}, 7]:
        with pytest.raises(masterykit.MasteryError) as info:
            store.mastery_percent("ana", bad)
        assert info.value.code == "parse_error", bad


def test_dict_forms_toml_and_policy_facts(prealgebra):
    assert masterykit.Curriculum.from_dict(prealgebra.to_dict()) == prealgebra
    khan = masterykit.Policy.khan()
    assert masterykit.Policy.from_dict(khan.to_dict()) == khan
    assert khan.default_target == "proficient"
    assert "practice" in khan.contexts and "mastery_challenge" in khan.contexts
    tiny = masterykit.Policy.from_toml(PROBABILITY_TOML)
    assert (tiny.name, tiny.default_target, tiny.contexts) == ("tiny-probability", "known", ["practice"])
    with pytest.raises(masterykit.MasteryError) as info:
        masterykit.Policy.from_toml("x = ")
    assert info.value.code == "parse_error"
    with pytest.raises(masterykit.CurriculumError) as info:
        masterykit.Curriculum.from_dict({"format_version": 1, "skills": [{"id": "a", "prerequisites": ["a"]}]})
    assert info.value.code == "self_prerequisite"


def test_online_bkt_from_parameters():
    p = {"prior": 0.1, "learn": 0.2, "guess": 0.2, "slip": 0.1}
    model = masterykit.BktModel.from_params({"add": p})
    assert model.skills == ["add"] and model.prior("add") == 0.1
    assert model.predict_correct("add", 0.5) == pytest.approx(0.5 * 0.9 + 0.5 * 0.2)
    known = 0.5 * 0.9 / (0.5 * 0.9 + 0.5 * 0.2)
    assert model.update("add", 0.5, 1.0) == pytest.approx(known + (1 - known) * 0.2)
    cases = [
        (lambda: model.predict_correct("add", 1.5), "invalid_number"),
        (lambda: model.update("add", 0.5, 2.0), "invalid_score"),
        (lambda: model.prior("nope"), "unfitted_skill"),
        (lambda: masterykit.BktModel.from_params({"add": {**p, "prior": 2.0}}), "invalid_number"),
    ]
    for call, code in cases:
        with pytest.raises(masterykit.MasteryError) as info:
            call()
        assert info.value.code == code


def test_fit_options_cross_as_one_object_with_the_core_defaults():
    learners, skills, correct = ["u", "u", "v", "v"], ["s"] * 4, [False, True, True, True]
    default = masterykit.BktModel.fit(learners, skills, correct)
    explicit = masterykit.BktModel.fit(learners, skills, correct, num_fits=5, seed=42, tolerance=1e-3, max_iterations=100)
    assert default == explicit  # the core's defaults, not restated
    for options, text in [({"num_fitz": 2}, "unknown field `num_fitz`"), ({"num_fits": -1}, "num_fits"),
                          ({"pinned": {"luck": 0.5}}, "unknown parameter `luck`"), ({"seed": "x"}, "seed")]:
        with pytest.raises(masterykit.MasteryError, match=text) as info:
            masterykit.BktModel.fit(learners, skills, correct, **options)
        assert info.value.code == "parse_error", options


def test_pandas_helpers_raise_typed_errors():
    with pytest.raises(masterykit.MissingColumnError) as info:
        masterykit.fit_frame(pd.DataFrame({"skill_name": ["x"], "correct": [1]}))
    assert isinstance(info.value, KeyError) and isinstance(info.value, masterykit.ModelError)
    assert info.value.code == "missing_column"
    with pytest.raises(masterykit.ModelError) as info:
        masterykit.fit_frame(pd.DataFrame({"user_id": ["a"], "skill_name": ["x"], "correct": [2]}))
    assert info.value.code == "invalid_correct"
    assert masterykit.PYBKT_COLUMNS["learner"] == "user_id" and masterykit.SKILL_SEPARATOR == "~~"


def test_a_learner_with_no_evidence_has_not_started(prealgebra):
    store = masterykit.LearnerStore(prealgebra, masterykit.Policy.khan())
    p = store.progress("nobody", {"scope": "unit:whole-numbers", "due": "2026-09-21"}, "2026-09-02")
    assert p["status"] == "not_started" and p["skills_at_target"] == 0 and p["skills_total"] == 10
