"""The JSON Schemas in schemas/ are the core's (generated from its types, so they cannot
drift), and every example, fixture and output of masterykit validates against its schema."""

import json

import jsonschema
import pytest

import masterykit as mk

from conftest import ROOT, fixture

SCHEMAS = ROOT / "schemas"


def validator(name):
    schema = json.loads((SCHEMAS / f"{name}.schema.json").read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


def valid(name, doc):
    errors = sorted(validator(name).iter_errors(doc), key=str)
    assert not errors, f"{name}: {errors[0]}"


def test_the_published_schemas_are_the_cores():
    names = mk.schema_names()
    assert sorted(p.name for p in SCHEMAS.glob("*.schema.json")) == sorted(f"{n}.schema.json" for n in names)
    for name in names:
        assert mk.schema(name) == (SCHEMAS / f"{name}.schema.json").read_text(), name
    with pytest.raises(mk.MasteryError) as info:
        mk.schema("curricula")
    assert info.value.code == "invalid_option"
    assert "curriculum" in str(info.value)


@pytest.fixture
def store():
    curriculum = mk.Curriculum.from_json((ROOT / "examples" / "prealgebra.json").read_text())
    s = mk.LearnerStore(curriculum, mk.Policy.khan())
    s.set_roster((ROOT / "examples" / "roster.json").read_text())
    s.replay_jsonl((ROOT / "examples" / "events.jsonl").read_text())
    return s


def test_documents_read_validate():
    valid("curriculum", json.loads((ROOT / "examples" / "prealgebra.json").read_text()))
    valid("curriculum", mk.Curriculum.from_toml((ROOT / "examples" / "fractions.toml").read_text()).to_dict())
    valid("curriculum", mk.Curriculum.generate(60, 3).to_dict())
    for policy in [mk.Policy.khan(), mk.Policy.khan_pre_2018(), mk.Policy.probability()]:
        valid("policy", policy.to_dict())
    valid("next-step-rules", json.loads(mk.NextStepRules.khan().to_json()))
    valid("roster", json.loads((ROOT / "examples" / "roster.json").read_text()))
    lines = [json.loads(l) for l in (ROOT / "examples" / "events.jsonl").read_text().splitlines() if l.strip()]
    for line in lines:
        valid("roster-change" if "op" in line else "event", line)
    interop = ROOT / "tests" / "fixtures" / "interop"
    valid("evidence-mapping", json.loads((interop / "xapi_mapping.json").read_text()))
    expected = json.loads((interop / "expected.json").read_text())
    valid("curriculum", expected["case"]["curriculum"])
    valid("case-import-options", expected["case"]["options"])
    valid("case-summary", expected["case"]["summary"])
    for standard in ["xapi", "caliper"]:
        valid("evidence-summary", expected[standard]["summary"])
        for a in expected[standard]["assessments"]:
            valid("event", a)


def test_documents_written_validate(store):
    valid("snapshot", json.loads(store.to_snapshot_json()))
    valid("transitions", store.transitions())
    learner = store.learners[0]
    valid("learner-report", store.learner_report(learner))
    valid("class-report", store.class_report())
    valid("next-steps", store.next_steps(learner, None, "2026-10-01"))
    applied = store.apply({"learner": learner, "context": "practice", "timestamp": "2026-10-02",
                           "responses": [{"item": "q", "skills": ["place-value"], "correct": True}]})
    valid("applied", applied)
    csv = "order_id,user_id,skill_name,correct\n" + "\n".join(
        f"{i},u{i % 7},{'ab'[i % 2]},{(i * 7) % 3 != 0:d}" for i in range(200))
    model = mk.BktModel.fit_csv(csv, num_fits=2, seed=1)
    valid("model", json.loads(model.to_json()))
    rows = [line.split(",") for line in csv.splitlines()[1:]]
    evaluation = model.evaluate([r[1] for r in rows], [r[2] for r in rows], [int(r[3]) for r in rows])
    valid("evaluation", dict(evaluation))


def test_schemas_reject_what_masterykit_rejects():
    v = validator("curriculum")
    for bad in [
        {"skills": []},
        {"format_version": 1, "skills": [{"id": "a", "colour": "red"}]},
        {"format_version": 1, "skills": [{"id": "a", "prerequisites": [{"skill": "b", "weight": 0}]}]},
    ]:
        assert not v.is_valid(bad), bad
    assert not validator("event").is_valid({"learner": "a", "context": "practice", "responses": []})
    assert not validator("evidence-mapping").is_valid({"sittings": "weekly"})
