import pytest

import masterykit
from conftest import ROOT, fixture


def test_graph_queries_match_the_shared_golden_fixture():
    f = fixture("graph_queries.json")
    c = masterykit.Curriculum.from_json((ROOT / f["curriculum"]).read_text())
    for case in f["cases"]:
        q, known, skill = case["query"], case.get("known"), case.get("skill")
        got = {
            "ancestors": lambda: c.ancestors(skill),
            "descendants": lambda: c.descendants(skill),
            "depth": lambda: c.depth(skill),
            "frontier": lambda: c.frontier(known),
            "inner_fringe": lambda: c.inner_fringe(known),
            "path_to": lambda: c.path_to(case["goals"], known),
            "gaps": lambda: [{"skill": s, "distance": d} for s, d in c.gaps(skill, known)],
        }[q]()
        assert got == case["expected"], case


def test_every_problem_is_reported_with_codes():
    f = fixture("curriculum_invalid.json")
    import json

    with pytest.raises(masterykit.CurriculumError) as info:
        masterykit.Curriculum.from_json(json.dumps(f["document"]))
    err = info.value
    assert err.code == "invalid_curriculum"
    assert [list(p) for p in err.problems] == [[e["code"], e["message"]] for e in f["expected"]]
    assert isinstance(err, masterykit.MasteryError) and isinstance(err, ValueError)


def test_bad_inputs_raise_typed_errors(prealgebra):
    with pytest.raises(masterykit.CurriculumError) as info:
        prealgebra.ancestors("nope")
    assert info.value.code == "unknown_skill"
    with pytest.raises(masterykit.CurriculumError):
        prealgebra.frontier(["place-value", "nope"])
    with pytest.raises(masterykit.MasteryError) as info:
        masterykit.Curriculum.from_json("{not json")
    assert info.value.code == "parse_error"
    with pytest.raises(TypeError):
        prealgebra.path_to("frac-add")  # a string is not a list of goals


def test_order_lint_and_repr(prealgebra):
    order = prealgebra.learnable_order()
    assert len(order) == len(prealgebra) == 50 and order[0] == "place-value"
    assert prealgebra.lint() == {"redundant_edges": [], "orphans": []}
    assert repr(prealgebra) == "Curriculum(50 skills, 7 units, 71 prerequisites)"
