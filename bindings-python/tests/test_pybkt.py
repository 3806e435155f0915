"""`masterykit.pybkt.Model`: pyBKT-style scripts (fit, predict, evaluate, crossvalidate,
params, coef_, save/load, partial_fit) for each variant, on a messy log written by the CLI."""

import subprocess

import numpy as np
import pandas as pd
import pytest

import masterykit
from conftest import ROOT
from masterykit.pybkt import Model


@pytest.fixture(scope="module")
def logs(tmp_path_factory):
    out = tmp_path_factory.mktemp("pybkt")
    cli = ROOT / "target" / "debug" / "masterykit"
    subprocess.run([str(cli), "synthesize", "--messy", "--learners", "60", "--skills", "10",
                    "--responses", "12000", "--seed", "4", "-o", str(out / "train.csv"),
                    "--test-output", str(out / "test.csv")], check=True, capture_output=True)
    return out / "train.csv", out / "test.csv"


VARIANTS = [{}, {"forgets": True}, {"multigs": True}, {"multilearn": True}, {"multipair": True},
            {"multiprior": True}, {"multigs": True, "multilearn": True, "forgets": True}]


@pytest.mark.parametrize("variant", VARIANTS, ids=lambda v: "+".join(v) or "plain")
def test_a_pybkt_script_runs_unchanged(logs, variant, tmp_path):
    train, test = logs
    model = Model(seed=42, num_fits=2)
    model.fit(data_path=str(train), **variant)
    params = model.params()
    assert params.index.names == ["skill", "param", "class"]
    assert list(params.columns) == ["value"]
    assert params["value"].between(0, 1).all()
    assert set(params.index.get_level_values("param")) == {"prior", "learns", "guesses", "slips", "forgets"}

    preds = model.predict(data_path=str(train))
    assert {"correct_predictions", "state_predictions"} <= set(preds.columns)
    assert len(preds) == len(pd.read_csv(train))
    assert preds["correct_predictions"].between(0, 1).all() and preds["state_predictions"].between(0, 1).all()
    # pyBKT's row order: by learner, then by order within a learner.
    assert preds["user_id"].is_monotonic_increasing

    rmse = model.evaluate(data_path=str(train))
    auc, acc, mae = model.evaluate(data_path=str(train), metric=["auc", "accuracy", lambda t, p: float(np.mean(np.abs(t - p)))])
    assert 0 < rmse < 0.5 and 0.5 < auc <= 1 and 0.5 < acc <= 1 and 0 < mae < 0.5
    # The test split has skills the model never saw: predictions are <NA>, never NaN or 0.5.
    held = model.predict(data_path=str(test))
    unseen = ~held["skill_name"].astype(str).isin(set(model.native.skills))
    assert unseen.any()
    assert held.loc[unseen, "correct_predictions"].isna().all()
    assert held.loc[~unseen, "correct_predictions"].notna().all()
    assert 0 < model.evaluate(data_path=str(test)) < 1

    path = tmp_path / "model.pkl"
    model.save(str(path))
    again = Model()
    again.load(str(path))
    pd.testing.assert_frame_equal(again.params(), params)


def test_crossvalidate_gives_a_frame_per_skill(logs):
    train, _ = logs
    frame = Model(seed=7, num_fits=1).crossvalidate(data_path=str(train), folds=3, metric=["rmse", "accuracy"],
                                                     skills="skill [13]")
    assert list(frame.columns) == ["rmse", "accuracy"]
    assert frame.index.name == "skill" and sorted(frame.index) == ["skill 1", "skill 3"]
    assert frame.notna().all().all()
    again = Model(seed=7, num_fits=1).crossvalidate(data_path=str(train), folds=3, metric=["rmse", "accuracy"],
                                                     skills="skill [13]")
    pd.testing.assert_frame_equal(frame, again)


def test_fixed_coef_and_partial_fit(logs):
    train, _ = logs
    df = pd.read_csv(train)
    model = Model(seed=1, num_fits=2)
    model.fit(data=df, skills=["skill 1", "skill 3"], fixed={"skill 1": {"guesses": np.array([0.25]), "prior": 0.4}})
    coef = model.coef_
    assert coef["skill 1"]["guesses"][0] == 0.25 and coef["skill 1"]["prior"] == 0.4
    assert coef["skill 3"]["guesses"][0] != 0.25
    before = model.native.params()["skill 3"]["log_likelihood"]
    model.partial_fit(data=df)
    assert model.native.params()["skill 3"]["log_likelihood"] >= before - 1e-9

    manual = Model(seed=3)
    manual.coef_ = {"skill 1": {"prior": 0.5, "learns": np.array([0.3])}}
    assert manual.coef_["skill 1"]["prior"] == 0.5
    manual.fit(data=df, skills="skill 1")
    assert manual.coef_["skill 1"]["prior"] != 0.5


def test_coef_sets_one_value_per_class(logs):
    train, _ = logs
    model = Model(seed=2, num_fits=1)
    model.fit(data_path=str(train), skills="skill 1", multilearn=True, multigs=True)
    coef = model.coef_["skill 1"]
    n = len(coef["learns"])
    assert n > 1 and len(coef["guesses"]) == len(coef["slips"]) == n
    before = model.predict(data_path=str(train))["correct_predictions"]
    learns = np.linspace(0.05, 0.5, n)
    model.coef_ = {"skill 1": {"learns": learns, "slips": np.full(n, 0.05)}}
    after = model.coef_["skill 1"]
    np.testing.assert_allclose(after["learns"], learns)
    np.testing.assert_allclose(after["slips"], 0.05)
    np.testing.assert_allclose(after["guesses"], coef["guesses"])
    assert after["prior"] == coef["prior"]
    # The classes line up with params(): class k of coef_ is the k-th class in params().
    learn_rows = model.params().xs(("skill 1", "learns"), level=("skill", "param"))["value"]
    np.testing.assert_allclose(learn_rows.to_numpy(), learns)
    assert not np.allclose(model.predict(data_path=str(train))["correct_predictions"], before)
    with pytest.raises(masterykit.MasteryError, match=f"holds 2 values, but the skill has {n} classes") as e:
        model.coef_ = {"skill 1": {"learns": np.array([0.1, 0.2])}}
    assert e.value.code == "invalid_option"
    with pytest.raises(masterykit.MasteryError) as e:
        model.coef_ = {"skill 1": {"slips": np.full(n, np.nan)}}
    assert e.value.code == "invalid_number"
    with pytest.raises(masterykit.MasteryError) as e:
        model.coef_ = {"skill 1": {"slips": np.full(n, 1.5)}}
    np.testing.assert_allclose(model.coef_["skill 1"]["learns"], learns)  # nothing changed


def test_datashop_columns_are_detected(logs):
    train, _ = logs
    df = pd.read_csv(train).rename(columns={"order_id": "Row", "user_id": "Anon Student Id", "skill_name": "KC(Default)",
                                            "correct": "Correct First Attempt", "template_id": "Problem Name"})
    model = Model(seed=5, num_fits=1)
    model.fit(data=df, multigs=True)
    classes = model.params().xs("guesses", level="param").index.get_level_values("class")
    assert "default" not in classes
    plain = Model(seed=5, num_fits=1)
    plain.fit(data_path=str(train), multigs=True)
    pd.testing.assert_frame_equal(model.params(), plain.params())


def test_bad_calls_are_typed_errors(logs):
    train, _ = logs
    with pytest.raises(masterykit.MasteryError) as info:
        Model(seeds=3)
    assert info.value.code == "invalid_option"
    model = Model(seed=1, num_fits=1)
    with pytest.raises(masterykit.MasteryError, match="no data"):
        model.fit()
    with pytest.raises(masterykit.MasteryError) as info:
        model.fit(data_path=str(train), skills="no such skill")
    assert info.value.code == "invalid_option"
    with pytest.raises(masterykit.ModelError) as info:
        model.predict(data_path=str(train))
    assert info.value.code == "unfitted_skill"
    bad = pd.DataFrame({"user_id": [1, 1], "skill_name": ["a", "a"], "correct": [1, -1]})
    with pytest.raises(masterykit.ModelError) as info:
        model.fit(data=bad, skills=".*")
    assert info.value.code == "invalid_correct"
    model.fit(data_path=str(train), skills="skill 1")
    with pytest.raises(masterykit.MasteryError) as info:
        model.evaluate(data_path=str(train), metric="mae")
    assert info.value.code == "invalid_option"


def test_the_native_api_takes_what_a_pybkt_user_passes(logs, tmp_path):
    train, _ = logs
    # 0/1 integers in the list form, seed=None, a path for fit_csv, DataShop columns in a frame.
    model = masterykit.BktModel.fit(["a", "a", "b"], ["s", "s", "s"], [1, 0, 1], seed=None, num_fits=1)
    assert model.skills == ["s"]
    with pytest.raises(masterykit.MasteryError, match="row 1 holds 2"):
        masterykit.BktModel.fit(["a", "a"], ["s", "s"], [1, 2])
    assert masterykit.BktModel.fit_csv(str(train), num_fits=1) == masterykit.BktModel.fit_csv(train.read_text(), num_fits=1)
    with pytest.raises(OSError):
        masterykit.BktModel.fit_csv(str(tmp_path / "missing.csv"))
    df = pd.read_csv(train)
    shop = df.rename(columns={"order_id": "Row", "user_id": "Anon Student Id", "skill_name": "KC(Default)",
                              "correct": "Correct First Attempt"})
    assert masterykit.fit_frame(shop, num_fits=1) == masterykit.fit_frame(df, num_fits=1)
    # An empty frame and a missing id are errors, not 0 skills or a code of -1.
    with pytest.raises(masterykit.EvidenceError) as info:
        masterykit.fit_frame(df.iloc[:0])
    assert info.value.code == "empty_evidence"
    holed = df.copy()
    holed.loc[3, "user_id"] = np.nan
    with pytest.raises(masterykit.MasteryError, match="row 3") as info:
        masterykit.fit_frame(holed)
    assert info.value.code == "empty_id"


def test_progress_callbacks_count_restarts_and_learners(logs, prealgebra):
    train, _ = logs
    seen = []
    model = masterykit.BktModel.fit_csv(str(train), num_fits=3, progress=lambda done, total: seen.append((done, total)))
    assert seen and seen[-1] == (3 * len(model.skills), 3 * len(model.skills))
    assert all(d <= t for d, t in seen) and [d for d, _ in seen] == sorted(d for d, _ in seen)

    def fail(done, total):
        raise RuntimeError("enough")

    with pytest.raises(RuntimeError, match="enough"):
        masterykit.BktModel.fit_csv(str(train), num_fits=3, progress=fail)
    counts = []
    masterykit.simulate(prealgebra, {"kind": "fixed_pace", "items": 3}, {"learners": 50},
                        progress=lambda d, t: counts.append((d, t)))
    assert counts[-1] == (50, 50)
    df = pd.read_csv(train)
    folds = []
    results = masterykit.BktModel.cross_validate(df["user_id"].tolist(), df["skill_name"].tolist(), df["correct"].tolist(),
                                                 folds=3, num_fits=1, progress=lambda d, t: folds.append((d, t)))
    assert len(results) == 3 and folds[-1] == (3, 3)


def test_scikit_learn_metric_names_reach_sklearn_metrics(logs, monkeypatch):
    import sys
    import types

    train, _ = logs
    calls = []

    def mean_absolute_error(true, pred):
        calls.append(len(true))
        return float(np.mean(np.abs(np.asarray(true) - np.asarray(pred))))

    metrics = types.ModuleType("sklearn.metrics")
    metrics.mean_absolute_error = mean_absolute_error
    sklearn = types.ModuleType("sklearn")
    sklearn.metrics = metrics
    monkeypatch.setitem(sys.modules, "sklearn", sklearn)
    monkeypatch.setitem(sys.modules, "sklearn.metrics", metrics)
    model = Model(seed=1, num_fits=1)
    model.fit(data_path=str(train), skills="skill 1")
    mae = model.evaluate(data_path=str(train), metric="mean_absolute_error")
    assert calls and 0 < mae < 1
    with pytest.raises(masterykit.MasteryError, match="unknown metric"):
        model.evaluate(data_path=str(train), metric="no_such_score")
