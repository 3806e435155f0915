"""Every public function rejects bad input with a typed exception carrying the core's code."""

import numpy as np
import pytest

import masterykit
from conftest import ROOT

COURSE = (ROOT / "examples" / "prealgebra.json").read_text()


@pytest.fixture
def store():
    c = masterykit.Curriculum.from_json(COURSE)
    s = masterykit.LearnerStore(c, masterykit.Policy.khan())
    s.replay_jsonl((ROOT / "examples" / "events.jsonl").read_text())
    return s


def cases(store):
    c = masterykit.Curriculum.from_json(COURSE)
    p = masterykit.Policy.khan()
    m = masterykit.BktModel.fit(["u"], ["add-whole"], [True], num_fits=1)
    good = {"learner": "ana", "context": "practice", "timestamp": "2026-10-01", "responses": []}
    return [
        ("Curriculum.from_json", lambda: masterykit.Curriculum.from_json('{"format_version": 2}'), "unsupported_format_version"),
        ("Curriculum.from_toml", lambda: masterykit.Curriculum.from_toml("nope = "), "parse_error"),
        ("Curriculum.ancestors", lambda: c.ancestors("x"), "unknown_skill"),
        ("Curriculum.descendants", lambda: c.descendants("x"), "unknown_skill"),
        ("Curriculum.depth", lambda: c.depth("x"), "unknown_skill"),
        ("Curriculum.frontier", lambda: c.frontier(["x"]), "unknown_skill"),
        ("Curriculum.inner_fringe", lambda: c.inner_fringe(["x"]), "unknown_skill"),
        ("Curriculum.path_to", lambda: c.path_to(["x"]), "unknown_skill"),
        ("Curriculum.gaps", lambda: c.gaps("x"), "unknown_skill"),
        ("Policy.preset", lambda: masterykit.Policy.preset("nope"), "unknown_preset"),
        ("Policy.from_json", lambda: masterykit.Policy.from_json("{}"), "parse_error"),
        ("LearnerStore.apply", lambda: store.apply(good), "empty_evidence"),
        ("LearnerStore.apply (shape)", lambda: store.apply({"learner": "ana"}), "parse_error"),
        ("LearnerStore.replay_jsonl", lambda: store.replay_jsonl("{}\n"), "parse_error"),
        ("LearnerStore.level", lambda: store.level("zed", "add-whole"), "unknown_learner"),
        ("LearnerStore.set_roster", lambda: store.set_roster({"format_version": 2}), "unsupported_format_version"),
        ("LearnerStore.set_roster (shape)", lambda: store.set_roster({"format_version": 1, "klasses": []}), "parse_error"),
        ("LearnerStore.change_roster", lambda: store.change_roster({"op": "enrol", "class": "nope", "learners": ["x"]}), "unknown_class"),
        ("LearnerStore.add_class", lambda: store.add_class(" "), "invalid_roster"),
        ("LearnerStore.remove_class", lambda: store.remove_class("nope"), "unknown_class"),
        ("LearnerStore.enrol", lambda: store.enrol("nope", ["x"]), "unknown_class"),
        ("LearnerStore.unenrol", lambda: store.unenrol("nope", ["x"]), "unknown_class"),
        ("LearnerStore.add_goal", lambda: store.add_goal({"id": "g", "scope": "unit:nope", "learners": ["ana"]}), "unknown_unit"),
        ("LearnerStore.remove_goal", lambda: store.remove_goal("nope"), "unknown_goal"),
        ("LearnerStore.add_assignment", lambda: store.add_assignment({"id": "a", "skills": [], "learners": ["ana"]}), "invalid_roster"),
        ("LearnerStore.remove_assignment", lambda: store.remove_assignment("nope"), "unknown_assignment"),
        ("LearnerStore.assignment_work", lambda: store.assignment_work("nope", "ana"), "unknown_assignment"),
        ("LearnerStore.struggling", lambda: store.struggling("nope"), "unknown_skill"),
        ("LearnerStore.assign_correctives", lambda: store.assign_correctives("a", "add-whole", "nope"), "unknown_class"),
        ("LearnerStore.class_goals", lambda: store.class_goals("nope", "2026-09-01"), "unknown_class"),
        ("LearnerStore.scores", lambda: store.scores("nope", "2026-09-01"), "unknown_class"),
        ("LearnerStore.class_mastery", lambda: store.class_mastery("nope"), "unknown_class"),
        ("LearnerStore.class_skills", lambda: store.class_skills("nope"), "unknown_class"),
        ("LearnerStore.progress_over_time", lambda: store.progress_over_time(["ana"], "unit:whole-numbers", "2026-09-01", "2026-09-08", 0), "invalid_number"),
        ("LearnerStore.class_activity", lambda: store.class_activity("nope", "2026-09-01", "2026-09-08"), "unknown_class"),
        ("LearnerStore.skill_state", lambda: store.skill_state("ana", "x"), "unknown_skill"),
        ("LearnerStore.mastery_percent", lambda: store.mastery_percent("ana", "unit:nope"), "unknown_unit"),
        ("LearnerStore.progress", lambda: store.progress("ana", {"scope": {"unit": "fractions"}}, "soon"), "invalid_timestamp"),
        ("LearnerStore.from_snapshot_json", lambda: masterykit.LearnerStore.from_snapshot_json(c, p, "{}"), "parse_error"),
        ("BktModel.fit", lambda: masterykit.BktModel.fit(["u"], ["a"], [True], num_fits=0), "invalid_number"),
        ("BktModel.fit (lengths)", lambda: masterykit.BktModel.fit(["u", "v"], ["a"], [True]), "invalid_number"),
        ("BktModel.fit_csv", lambda: masterykit.BktModel.fit_csv("user_id,skill_name\nu,a\n"), "missing_column"),
        ("BktModel.fit_arrays", lambda: masterykit.BktModel.fit_arrays(np.array([-1]), np.array([0]), np.array([True]), ["u"], ["a"]), "invalid_number"),
        ("BktModel.cross_validate", lambda: masterykit.BktModel.cross_validate(["u"], ["a"], [True], folds=1), "invalid_number"),
        ("BktModel.predict", lambda: m.predict(["u"], ["zzz"], [True]), "unfitted_skill"),
        ("BktModel.evaluate", lambda: m.evaluate(["u"], ["zzz"], [True]), "unfitted_skill"),
        ("BktModel.predict_arrays", lambda: m.predict_arrays(np.array([0]), np.array([0]), np.array([True]), ["u"], ["zzz"]), "unfitted_skill"),
        ("BktModel.evaluate_arrays", lambda: m.evaluate_arrays(np.array([0]), np.array([0]), np.array([True]), ["u"], ["zzz"]), "unfitted_skill"),
        ("BktModel.from_json", lambda: masterykit.BktModel.from_json('{"format_version": 9, "skills": {}}'), "unsupported_format_version"),
        ("simulate", lambda: masterykit.simulate(c, {"kind": "fixed_pace", "items": 0}), "invalid_number"),
        ("simulate (teaching)", lambda: masterykit.simulate(c, {"kind": "teleport"}), "parse_error"),
    ]


def test_every_public_function_raises_a_typed_error_with_its_code(store):
    for name, call, code in cases(store):
        with pytest.raises(masterykit.MasteryError) as info:
            call()
        assert info.value.code == code, name
        assert str(info.value), name


def test_pinned_and_bounds_and_cross_validation():
    learners = [f"u{i % 300}" for i in range(6000)]
    skills = ["s"] * 6000
    correct = [(i * 31) % 5 != 0 for i in range(6000)]
    m = masterykit.BktModel.fit(learners, skills, correct, num_fits=1, pinned={"guess": 0.2}, max_slip=0.1)
    p = m.params()["s"]
    assert p["guess"] == 0.2 and p["slip"] <= 0.1
    with pytest.raises(ValueError, match="unknown parameter `luck`"):
        masterykit.BktModel.fit(learners, skills, correct, pinned={"luck": 0.5})
    folds = masterykit.BktModel.cross_validate(learners, skills, correct, folds=3, num_fits=1)
    assert len(folds) == 3 and sum(f["count"] for f in folds) == 6000


def test_reports_as_frames(store):
    class_frame = masterykit.class_report_frame(store)
    assert len(class_frame) == 50 and "proficient" in class_frame.columns
    assert (class_frame[["not_started", "attempted", "familiar", "proficient", "mastered"]].sum(axis=1) == 4).all()
    ana = masterykit.learner_report_frame(store, "ana")
    assert len(ana) == 50 and {"level", "points"} <= set(ana.columns)


def test_nan_and_infinity_are_errors_not_missing_values(prealgebra):
    store = masterykit.LearnerStore(prealgebra, masterykit.Policy.khan())
    for field in ("duration", "score"):
        for bad in (float("nan"), float("inf")):
            response = {"item": "q", "skills": ["add-whole"], field: bad}
            if field == "duration":
                response["correct"] = True
            with pytest.raises(masterykit.MasteryError) as info:
                store.apply({"learner": "ana", "context": "practice", "timestamp": "2026-09-01", "responses": [response]})
            assert info.value.code == "invalid_number", (field, bad)
    assert store.learners == []  # nothing was applied
    with pytest.raises(masterykit.MasteryError) as info:
        masterykit.BktModel.fit(["u"], ["s"], [True], tolerance=float("nan"))
    assert info.value.code == "invalid_number"


def test_timestamps_outside_years_0_to_9999_are_rejected(prealgebra):
    store = masterykit.LearnerStore(prealgebra, masterykit.Policy.khan())
    response = [{"item": "q", "skills": ["add-whole"], "correct": True}]
    with pytest.raises(masterykit.EvidenceError) as info:  # Date.now() milliseconds as seconds
        store.apply({"learner": "ana", "context": "practice", "timestamp": 1796156956818, "responses": response})
    assert info.value.code == "invalid_timestamp" and "looks like milliseconds" in str(info.value)
    store.apply({"learner": "ana", "context": "practice", "timestamp": 253402300799, "responses": response})
    again = masterykit.LearnerStore.from_snapshot_json(prealgebra, masterykit.Policy.khan(), store.to_snapshot_json())
    assert again.to_snapshot_json() == store.to_snapshot_json()


def test_any_integer_dtype_for_codes_and_0_1_integers_for_outcomes():
    learners = np.array([0, 0, 1, 1, 2, 2], dtype=np.int64)
    skills = np.zeros(6, dtype=np.int64)
    correct = np.array([False, True, True, True, False, True])
    names = (["a", "b", "c"], ["s"])
    reference = masterykit.BktModel.fit_arrays(learners, skills, correct, *names, num_fits=2)
    for dtype in (np.int32, np.uint16, np.int8, np.uint64):
        narrow = masterykit.BktModel.fit_arrays(
            learners.astype(dtype), skills.astype(dtype), correct.astype(dtype), *names, num_fits=2
        )
        assert narrow == reference, dtype
    with pytest.raises(masterykit.MasteryError) as info:
        masterykit.BktModel.fit_arrays(learners.astype(np.float64), skills, correct, *names)
    assert info.value.code == "invalid_option"
    with pytest.raises(masterykit.MasteryError, match="row 2 holds 2") as info:
        masterykit.BktModel.fit_arrays(learners, skills, np.array([0, 1, 2, 1, 0, 1]), *names)
    assert info.value.code == "invalid_option"


def test_datetimes_and_dates_are_times(prealgebra):
    import datetime as dt

    import pandas as pd

    store = masterykit.LearnerStore(prealgebra, masterykit.Policy.khan())
    utc = dt.timezone.utc
    when = dt.datetime(2026, 9, 1, 10, 30, tzinfo=utc)
    response = [{"item": "q", "skills": ["add-whole"], "correct": True}]
    store.apply({"learner": "ana", "context": "practice", "timestamp": when, "responses": response})
    assert store.transitions()[0]["timestamp"] == "2026-09-01T10:30:00Z"
    goal = {"scope": "unit:whole-numbers", "due": dt.date(2026, 9, 21)}
    by_text = store.progress("ana", {"scope": "unit:whole-numbers", "due": "2026-09-21"}, "2026-09-02")
    for now in (dt.date(2026, 9, 2), dt.datetime(2026, 9, 2, tzinfo=utc), pd.Timestamp("2026-09-02", tz="UTC")):
        assert store.progress("ana", goal, now) == by_text, now
    assert store.activity(dt.date(2026, 9, 1), dt.date(2026, 9, 2)) == store.activity("2026-09-01", "2026-09-02")
    for naive in (dt.datetime(2026, 9, 2), {"scope": "unit:whole-numbers", "due": dt.datetime(2026, 9, 21)}):
        with pytest.raises(masterykit.MasteryError) as info:
            if isinstance(naive, dict):
                store.progress("ana", naive, "2026-09-02")
            else:
                store.progress("ana", goal, naive)
        assert info.value.code in ("invalid_timestamp", "parse_error")


def test_every_evidence_problem_is_an_evidence_error(prealgebra):
    store = masterykit.LearnerStore(prealgebra, masterykit.Policy.khan())
    good = {"learner": "ana", "context": "practice", "timestamp": "2026-09-01",
            "responses": [{"item": "q", "skills": ["add-whole"], "correct": True}]}
    unknown_skill = {**good, "responses": [{"item": "q", "skills": ["nope"], "correct": True}]}
    typo = {**good, "responses": [{"item": "q", "skills": ["add-whole"], "corect": True}]}
    nan = {**good, "responses": [{"item": "q", "skills": ["add-whole"], "score": float("nan")}]}
    cases = [
        (lambda: store.apply(unknown_skill), "unknown_skill", "unknown skill `nope`"),
        (lambda: store.replay_events([good, unknown_skill]), "unknown_skill", "line 2: "),
        (lambda: store.apply(typo), "parse_error", "assessment.responses[0].corect: unknown field"),
        (lambda: store.replay_events([good, typo]), "parse_error", "line 2: cannot parse json: assessment.responses[0].corect"),
        (lambda: store.apply({**good, "timestamp": 2**64}), "invalid_number", "integer 18446744073709551616"),
        (lambda: store.apply(nan), "invalid_number", "finite"),
        (lambda: store.replay_events([good, good, nan]), "invalid_number", "line 3: "),
        (lambda: store.replay_events(a for a in [good, typo]), "parse_error", "line 2: "),
        (lambda: store.replay_events(good), "parse_error", "expected an array of assessments, not an object"),
        (lambda: store.replay_events(7), "parse_error", "expected an array of assessments, not a number"),
        (lambda: store.replay_jsonl('{"learner": 1}\n'), "parse_error", "line 1: "),
        (lambda: masterykit.LearnerStore.from_snapshot_json(prealgebra, masterykit.Policy.khan(), "{"),
         "parse_error", ""),
    ]
    for call, code, text in cases:
        with pytest.raises(masterykit.EvidenceError) as info:
            call()
        assert info.value.code == code, (code, str(info.value))
        assert text in str(info.value), str(info.value)
    assert store.learners == []
    # An unknown skill named by a query (not evidence) stays a curriculum error.
    store.apply(good)
    with pytest.raises(masterykit.CurriculumError):
        store.level("ana", "nope")
    # Integers beyond 64 bits anywhere: a MasteryError, never an OverflowError.
    with pytest.raises(masterykit.MasteryError) as info:
        store.progress("ana", {"scope": "unit:whole-numbers"}, -(2**70))
    assert info.value.code == "invalid_number"


def test_ids_that_are_numbers_are_their_decimal_text():
    learners = [f"u{i % 40}" for i in range(400)]
    numbered = [i % 40 for i in range(400)]
    skills = ["s"] * 400
    correct = [(i * 7) % 3 != 0 for i in range(400)]
    by_text = masterykit.BktModel.fit([x[1:] for x in learners], skills, correct, num_fits=2)
    by_number = masterykit.BktModel.fit(numbered, skills, correct, num_fits=2)
    assert by_number == by_text
    by_numpy = masterykit.BktModel.fit(np.array(numbered), [7] * 400, correct, num_fits=2)
    assert by_numpy.skills == ["7"]
    for bad in ([1.5] * 400, [True] * 400, "u" * 400):
        with pytest.raises(masterykit.MasteryError) as info:
            masterykit.BktModel.fit(bad, skills, correct)
        assert info.value.code == "invalid_option"
