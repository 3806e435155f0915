"""Classes, goals, assignments, events and class reports: the golden cases of
tests/fixtures/classes.json, shared with the Rust and JavaScript tests."""

import json
import pickle

import pytest

import masterykit
from conftest import ROOT

F = json.loads((ROOT / "tests" / "fixtures" / "classes.json").read_text())


def course() -> masterykit.Curriculum:
    return masterykit.Curriculum.from_json((ROOT / "examples" / "prealgebra.json").read_text())


def play():
    store = masterykit.LearnerStore(course(), masterykit.Policy.khan())
    store.set_roster(F["roster"])
    events = []
    for line in F["log"]:
        if "roster" in line:
            store.change_roster(line["roster"])
            events.append([])
        else:
            events.append(store.apply(line)["events"])
    return store, events


def actual(store, events):
    now = F["now"]
    skills = store.class_skills("5a")
    return {
        "events": events,
        "scores": store.scores("5a", now),
        "class_goals": [
            {"goal": g["goal"], "counts": g["counts"], "behind": g["behind"],
             "learners": [[entry["learner"], entry["progress"]["status"]] for entry in g["learners"]]}
            for g in store.class_goals("5a", now)
        ],
        "struggling": store.struggling("sub-whole", "5a"),
        "skills": [[s["skill"], s["counts"], s["struggling"]] for s in skills["skills"] if s["counts"][0] < 4],
        "mastery": [[r["learner"], r["skills_at_target"], r["last_active"]] for r in store.class_mastery("5a")["learners"]],
    }


def test_the_golden_cases_agree_with_rust():
    store, events = play()
    got = actual(store, events)
    for key, want in F["expected"].items():
        assert got[key] == want, key


@pytest.mark.parametrize("case", F["errors"], ids=[c["name"] for c in F["errors"]])
def test_bad_changes_raise_typed_errors_and_change_nothing(case):
    store, _ = play()
    before = store.to_snapshot_json()
    with pytest.raises(masterykit.MasteryError) as err:
        store.change_roster(case["change"])
    assert err.value.code == case["code"]
    assert store.to_snapshot_json() == before


def test_roster_errors_are_roster_errors():
    store, _ = play()
    with pytest.raises(masterykit.RosterError) as err:
        store.enrol("nope", ["x"])
    assert err.value.code == "unknown_class"
    assert ("unknown_class", "RosterError") in masterykit.ERROR_CODES


def test_snapshots_and_pickles_keep_the_roster_and_the_work():
    store, _ = play()
    back = pickle.loads(pickle.dumps(store))
    assert back.to_snapshot_json() == store.to_snapshot_json()
    assert back.scores("5a", F["now"]) == F["expected"]["scores"]
    assert back.roster()["classes"][0]["learners"] == ["ana", "ben", "cy", "eli"]


def test_convenience_calls_log_lines_and_correctives():
    store = masterykit.LearnerStore(course(), masterykit.Policy.khan())
    lines = [
        store.add_class("7a", "Class 7A", ["ana", "ben"]),
        store.add_goal({"id": "g", "scope": "unit:whole-numbers", "class": "7a"}),
        store.add_assignment({"id": "p", "skills": ["add-whole"], "class": "7a", "due": "2026-09-05"}),
    ]
    applied = store.apply({"learner": "ben", "context": "practice", "timestamp": "2026-09-02",
                           "responses": [{"item": "q1", "skills": ["add-whole"], "correct": True},
                                         {"item": "q2", "skills": ["add-whole"], "correct": True}]})
    assert [e["kind"] for e in applied["events"]] == ["assignment_completed"]
    assert store.assignment_work("p", "ben")["first_score"] == 1.0
    log = "\n".join([*lines, applied["record"]])
    empty = masterykit.LearnerStore(course(), masterykit.Policy.khan()).to_snapshot_json()
    restored = masterykit.LearnerStore.restore(course(), masterykit.Policy.khan(), empty, log)
    assert restored.to_snapshot_json() == store.to_snapshot_json()
    played, _ = play()
    made = played.assign_correctives("fix-sub", "sub-whole", "5a", due="2026-09-20")
    assert made is not None and made["learners"] == ["ben", "eli"]
    assert played.assign_correctives("none", "place-value", "5a") is None


def test_reports_come_out_as_dataframes():
    pd = pytest.importorskip("pandas")
    store, _ = play()
    scores = masterykit.scores_frame(store, "5a", F["now"])
    assert scores.loc[("hw1", "ben"), "status"] == "completed_late"
    assert scores.loc[("hw1", "ben"), "score"] == 0.75
    goals = masterykit.class_goals_frame(store, "5a", F["now"])
    assert goals.loc[("ops", "eli"), "status"] == "behind"
    mastery = masterykit.class_mastery_frame(store, "5a")
    assert mastery.loc["ana", "add-whole"] == "mastered"
    assert mastery.loc["ana", "skills_at_target"] == 2
    skills = masterykit.class_skills_frame(store, "5a")
    assert skills.loc["sub-whole", "struggling_count"] == 2
    progress = masterykit.progress_frame(store, ["ana"], "skills:add-whole,sub-whole", "2026-09-01", "2026-09-08", 1)
    assert list(progress["mastery_percent"]) == [0.0, 80.0, 80.0, 80.0, 100.0, 100.0, 100.0]
    assert isinstance(progress["date"].dtype, pd.DatetimeTZDtype)


def test_roster_lines_with_event_ids_are_skipped_when_seen_again():
    store = masterykit.LearnerStore(course(), masterykit.Policy.khan())
    change = {"op": "add_class", "class": {"id": "7a", "learners": ["ana"]}}
    line = store.change_roster(change, event_id="r1")
    assert line is not None and line.endswith('"event_id":"r1"}')
    assert store.change_roster(change, event_id="r1") is None
    with pytest.raises(masterykit.EvidenceError) as err:
        store.change_roster({"op": "remove_class", "id": "7a"}, event_id="r1")
    assert err.value.code == "event_conflict"
    again = masterykit.LearnerStore(course(), masterykit.Policy.khan())
    again.replay_jsonl(f"{line}\n{line}\n")
    assert again.to_snapshot_json() == store.to_snapshot_json()
