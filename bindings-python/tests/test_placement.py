"""Placement from Python: the shared golden cases (tests/fixtures/placement.json), errors as
MasteryError subclasses with codes, results identical to the CLI's, simulated learners, the
selector comparison and the assessment applied through the policy."""

import json
import subprocess

import pytest

import masterykit
from conftest import ROOT, fixture

CLI = ROOT / "target" / "debug" / "masterykit"


def session(f, case):
    c = masterykit.Curriculum.from_dict(f["curriculum"])
    p = masterykit.Placement(c, case["options"])
    for skill, correct in case["answers"]:
        if p.options["strict"]:
            p.next_question()
        p.record(skill, correct)
    return p


def test_golden_cases():
    f = fixture("placement.json")
    for case in f["cases"]:
        name, want = case["name"], case["expected"]
        p = session(f, case)
        e = p.estimate()
        for s in e["skills"]:
            assert s["p_known"] == pytest.approx(want["p_known"][s["skill"]], abs=1e-12), name
        if want["state"] is not None:
            assert e["state"] == want["state"], name
        assert (e["done"], e["states"], p.done()) == (want["done"], want["states"], want["done"]), name
        if want["next"] is not None:
            q = p.next_question()
            assert q is not None and q["skill"] == want["next"], name
            assert q["information"] == pytest.approx(want["information"], abs=1e-12), name
        assert p.answers() == [tuple(a) for a in case["answers"]], name


def test_errors_carry_codes_and_change_nothing():
    f = fixture("placement.json")
    for case in f["errors"]:
        with pytest.raises(masterykit.MasteryError) as e:
            session(f, case)
        assert e.value.code == case["code"], case["name"]
    c = masterykit.Curriculum.from_dict(f["curriculum"])
    p = masterykit.Placement(c, careless=0.0, lucky=0.0)
    p.record("sub", True)
    before = p.estimate()
    with pytest.raises(masterykit.EvidenceError) as e:
        p.record("count", False)
    assert e.value.code == "inconsistent_answers"
    with pytest.raises(masterykit.EvidenceError) as e:
        p.record_answers([("geo", True), ("ghost", False)])
    assert e.value.code == "unknown_skill"
    assert p.estimate() == before and p.answers() == [("sub", True)]
    with pytest.raises(masterykit.MasteryError) as e:
        masterykit.Placement(c, {"lucky": 0.2}, lucky=0.5)
    assert e.value.code == "invalid_number", "keywords override the dict"


def test_identical_to_the_cli(tmp_path):
    f = fixture("placement.json")
    (tmp_path / "c.json").write_text(json.dumps(f["curriculum"]))
    for case in f["cases"]:
        (tmp_path / "o.json").write_text(json.dumps(case["options"]))
        rows = "".join(f"{s},{int(c)}\n" for s, c in case["answers"])
        (tmp_path / "a.csv").write_text("skill,correct\n" + rows)
        out = subprocess.run(
            [str(CLI), "place", "--curriculum", str(tmp_path / "c.json"), "--options", str(tmp_path / "o.json"),
             "--answers", str(tmp_path / "a.csv"), "--json"],
            check=True, capture_output=True, text=True,
        ).stdout
        cli = json.loads(out)
        p = session(f, case)
        assert p.estimate() == cli["estimate"], case["name"]
        assert p.next_question() == cli["next"], case["name"]
    # A simulated learner on the sample course: the same answers and estimate, to the bit.
    args = ["--simulate", "frac-intro,decimal-mul", "--seed", "11", "--max-questions", "12"]
    out = subprocess.run(
        [str(CLI), "place", "--curriculum", str(ROOT / "examples" / "prealgebra.json"), *args, "--json"],
        check=True, capture_output=True, text=True,
    ).stdout
    cli = json.loads(out)
    c = masterykit.Curriculum.from_json((ROOT / "examples" / "prealgebra.json").read_text())
    p = masterykit.Placement(c, max_questions=12, seed=11)
    run = p.answer_as(["frac-intro", "decimal-mul"], 11)
    assert [list(a) for a in run["answers"]] == [[a["skill"], a["correct"]] for a in cli["answers"]]
    assert run["estimate"] == cli["estimate"] and run["wrong_after"] == cli["simulated"]["wrong_after"]


def test_the_assessment_becomes_levels_through_the_policy(prealgebra):
    p = masterykit.Placement(prealgebra, careless=0.0, lucky=0.0)
    run = p.answer_as(["add-whole", "sub-whole"], 1)
    assert run["wrong"] == 0 and run["hidden"] == ["place-value", "add-whole", "sub-whole"]
    store = masterykit.LearnerStore(prealgebra, masterykit.Policy.khan())
    out = store.apply(p.assessment("ana", "2026-02-01", "place-ana"))
    levels = {t["skill"]: t["to"] for t in out["transitions"]}
    assert levels == {s: "familiar" for s in run["hidden"]}
    again = store.apply(p.assessment("ana", "2026-02-01", "place-ana"))
    assert again["transitions"] == [], "the event id makes it idempotent"


def test_compare_selectors_is_seeded():
    c = masterykit.Curriculum.from_dict(fixture("placement.json")["curriculum"])
    rows = masterykit.compare_selectors(c, {"learners": 20, "within": 0, "seed": 3})
    assert [r["selector"] for r in rows] == ["informative", "half_split", "random", "in_order"]
    assert rows == masterykit.compare_selectors(c, {"learners": 20, "within": 0, "seed": 3})
    for r in rows:
        assert len(r["questions"]) == 20 and len(r["mean_wrong"]) == 7
        assert r["placed"] == sum(q is not None for q in r["questions"])
    with pytest.raises(masterykit.MasteryError) as e:
        masterykit.compare_selectors(c, selectors=["sideways"])
    assert e.value.code == "invalid_option"
    with pytest.raises(masterykit.MasteryError) as e:
        masterykit.compare_selectors(c, {"learnerz": 3})
    assert e.value.code == "parse_error"


def test_a_session_is_rebuilt_from_its_answers_and_pickles(prealgebra):
    import pickle

    for method in ("exact", "sampling"):
        p = masterykit.Placement(prealgebra, method=method, seed=4, max_questions=8, sweeps=200)
        knows = set(prealgebra.ancestors("frac-add")) | {"frac-add"}
        for _ in range(5):
            q = p.next_question()
            p.next_question()  # asking twice changes nothing
            p.record(q["skill"], q["skill"] in knows)
        again = masterykit.Placement.restore(prealgebra, p.options, p.answers())
        assert again.estimate() == p.estimate(), method
        assert again.next_question() == p.next_question(), method
        copy = pickle.loads(pickle.dumps(p))
        assert copy.answers() == p.answers() and copy.estimate() == p.estimate()
        assert copy.next_question() == p.next_question()


def test_priors_from_a_learners_record(prealgebra):
    store = masterykit.LearnerStore(prealgebra, masterykit.Policy.khan())
    store.replay_jsonl((ROOT / "examples" / "events.jsonl").read_text())
    levels = {s["skill"]: s["level"] for s in store.learner_report("ana")["skills"]}
    prior = store.placement_prior("ana", {"proficient": 0.9, "mastered": 0.97})
    assert prior == {s: {"proficient": 0.9, "mastered": 0.97}[l] for s, l in levels.items() if l in ("proficient", "mastered")}
    p = masterykit.Placement(prealgebra, prior=prior)
    assert p.options["prior"] == prior
    for bad, code in (({"legendary": 0.5}, "unknown_level"), ({"familiar": 1.0}, "invalid_number")):
        with pytest.raises(masterykit.MasteryError) as e:
            store.placement_prior("ana", bad)
        assert e.value.code == code
