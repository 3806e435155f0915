import importlib.util

import masterykit
from conftest import ROOT


def test_compare_policies_example_runs_and_plots(tmp_path, capsys):
    spec = importlib.util.spec_from_file_location("compare_policies", ROOT / "examples" / "compare_policies.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    plot = tmp_path / "plot.png"
    runs = module.main(learners=2_000, plot=str(plot))
    assert plot.stat().st_size > 10_000
    plain, forgetting = runs.values()
    shares = [plain[name]["mastery_share"] for name in list(module.TEACHING)[:4]]
    assert shares == sorted(shares)  # fixed pace < 0.80 < 0.90 < 0.95
    for r in plain.values():
        assert r["retention_share"] == r["mastery_share"]  # nothing is forgotten over time
    # Under forgetting, the reviews of the next steps keep more than gating does.
    assert forgetting["following next steps"]["retention_share"] > forgetting["gating at Proficient"]["retention_share"]
    assert "true mastery" in capsys.readouterr().out


def test_simulation_frames(prealgebra):
    result = masterykit.simulate(prealgebra, {"kind": "fixed_pace", "items": 3}, {"learners": 200})
    learners, skills = masterykit.simulation_frames(result)
    assert len(learners) == 200 and (learners["steps"] == 150).all()
    assert len(skills) == 50 and skills["true_mastery"].between(0, 1).all()


def test_a_python_callable_teacher(prealgebra):
    config = {"learners": 300, "seed": 5}
    builtin = masterykit.simulate(prealgebra, {"kind": "fixed_pace", "items": 3}, config)
    custom = masterykit.simulate(prealgebra, lambda step: step["items"] >= 3, config)
    assert custom == builtin  # the same teaching, written in Python, gives the same result

    def cautious(step):
        return step["items"] >= 20 or (step["estimate"] >= 0.9 and step["last_correct"])

    r = masterykit.simulate(prealgebra, cautious, config)
    assert r["mastery_share"] > builtin["mastery_share"]

    class Refuse(Exception):
        pass

    def broken(step):
        if step["skill"] == "frac-add":
            raise Refuse("no fractions today")
        return step["items"] >= 1

    import pytest

    with pytest.raises(Refuse, match="no fractions today"):
        masterykit.simulate(prealgebra, broken, config)


def test_placement_selectors_example_runs_and_plots(tmp_path, capsys):
    spec = importlib.util.spec_from_file_location("placement_selectors", ROOT / "examples" / "placement_selectors.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    plot = tmp_path / "plot.png"
    runs = module.main(learners=4, big_learners=1, big_skills=200, plot=str(plot))
    assert plot.stat().st_size > 10_000
    for rows in runs.values():
        assert [r["selector"] for r in rows] == module.SELECTORS
        for r in rows:
            assert all(w >= 0 for w in r["mean_wrong"])
    assert "median questions" in capsys.readouterr().out
