"""The shared knowledge-tracing fixture: fit warnings, the unseen choices, bad model files;
and the same choices through numpy and pandas."""

import io
import json
import math

import numpy as np
import pandas as pd
import pytest

import masterykit
from conftest import fixture

FX = fixture("tracing_unseen.json")


def fitted():
    return masterykit.BktModel.fit_csv(FX["train_csv"], **FX["fit"])


def test_warnings_match_the_fixture():
    got = [[w["skill"], w["code"]] for w in fitted().warnings()]
    assert got == FX["warnings"]
    frame = masterykit.params_frame(fitted())
    assert frame.loc["sub", "warnings"] == "all_wrong,few_responses,at_bound"
    assert frame.loc["add", "warnings"] == ""
    assert not frame.drop(columns=["warnings"]).isna().any().any()


@pytest.mark.parametrize("case", FX["evaluate"], ids=lambda c: json.dumps(c["unseen"]))
def test_evaluate_follows_the_unseen_choice(case):
    model = fitted()
    test = pd.read_csv(io.StringIO(FX["test_csv"]))
    if "error" in case:
        with pytest.raises(masterykit.MasteryError) as info:
            masterykit.evaluate_frame(model, test, unseen=case["unseen"])
        assert info.value.code == case["error"]
        assert case["message_contains"] in str(info.value)
        return
    for got in (
        masterykit.evaluate_frame(model, test, unseen=case["unseen"]),
        model.evaluate(test["user_id"].tolist(), test["skill_name"].tolist(),
                       test["correct"].astype(bool).tolist(), test["order_id"].tolist(),
                       unseen=case["unseen"]),
    ):
        assert got["unseen"] == case["name"]
        for key in ("count", "unseen_responses", "unseen_skills"):
            assert got[key] == case[key], key
        for key in ("rmse", "auc", "accuracy", "log_loss"):
            assert math.isclose(got[key], case[key], rel_tol=0, abs_tol=1e-12), key


def test_predict_skip_masks_the_unseen_rows():
    model = fitted()
    test = pd.read_csv(io.StringIO(FX["test_csv"]))
    masked = masterykit.predict_frame(model, test, unseen="skip")
    assert isinstance(masked, np.ma.MaskedArray)
    assert list(np.flatnonzero(masked.mask)) == FX["predict_skip_missing_rows"]
    assert np.isfinite(masked.data).all()
    as_list = model.predict(test["user_id"].tolist(), test["skill_name"].tolist(),
                            test["correct"].astype(bool).tolist(), unseen="skip")
    assert [i for i, p in enumerate(as_list) if p is None] == FX["predict_skip_missing_rows"]
    population = masterykit.predict_frame(model, test, unseen="population")
    assert isinstance(population, np.ndarray) and not isinstance(population, np.ma.MaskedArray)
    given = masterykit.predict_frame(model, test, unseen=model.population())
    assert np.array_equal(population, given)
    with pytest.raises(masterykit.ModelError) as info:
        masterykit.predict_frame(model, test)
    assert info.value.code == "unfitted_skill"


@pytest.mark.parametrize("case", FX["model_file_errors"], ids=lambda c: c["field"])
def test_bad_model_files_are_named(case):
    doc = json.loads(fitted().to_json())
    doc["skills"]["add"][case["field"]] = case["value"]
    with pytest.raises(masterykit.MasteryError) as info:
        masterykit.BktModel.from_json(json.dumps(doc))
    assert info.value.code == case["code"]
    assert case["message_contains"] in str(info.value)


def test_metrics_by_skill():
    model = fitted()
    test = pd.read_csv(io.StringIO(FX["test_csv"]))
    frame = masterykit.evaluate_by_skill_frame(model, test, unseen="skip")
    assert [[s, int(c)] for s, c in frame["count"].items()] == FX["by_skill_skip"]
    assert list(frame.columns) == ["rmse", "auc", "accuracy", "log_loss", "count"]
    assert frame.notna().all().all()


def test_save_and_load_a_model_file(tmp_path):
    model = fitted()
    path = tmp_path / "model.json"
    model.save(path)
    assert masterykit.BktModel.load(str(path)) == model
    with pytest.raises(OSError):
        masterykit.BktModel.load(tmp_path / "missing.json")
    path.write_text(path.read_text().replace('"prior": 0.', '"prior": null, "x": 0.', 1))
    with pytest.raises(masterykit.MasteryError):
        masterykit.BktModel.load(path)


def test_cross_validation_frames_match_the_cli(tmp_path):
    import subprocess

    from conftest import ROOT

    cli = str(ROOT / "target" / "debug" / "masterykit")
    log = tmp_path / "log.csv"
    subprocess.run([cli, "synthesize", "--skills", "3", "--learners", "60", "--steps", "8", "--seed", "5",
                    "-o", str(log)], check=True, capture_output=True)
    native = json.loads(subprocess.run([cli, "crossvalidate", str(log), "--folds", "4", "--num-fits", "2",
                                        "--seed", "9", "--json"], check=True, capture_output=True, text=True).stdout)
    df = pd.read_csv(log)
    folds = masterykit.cross_validate_frame(df, folds=4, num_fits=2, seed=9)
    assert folds.index.name == "fold" and list(folds.index) == [0, 1, 2, 3]
    assert list(folds.columns) == ["learners", "rmse", "auc", "accuracy", "log_loss", "count"]
    assert folds["learners"].sum() == 60
    for f in native["folds"]:
        for k in ("learners", "rmse", "auc", "accuracy", "log_loss", "count"):
            assert folds.loc[f["fold"], k] == f[k], k
    by_skill = masterykit.cross_validate_frame(df, folds=4, by_skill=True, num_fits=2, seed=9)
    assert by_skill.index.names == ["fold", "skill"] and len(by_skill) == 12
    assert (by_skill.groupby(level="fold")["count"].sum() == folds["count"]).all()
    assert by_skill.loc[(2, "skill-1"), "auc"] == native["folds"][2]["skills"][1]["auc"]
    listed = masterykit.BktModel.cross_validate(df["user_id"].tolist(), df["skill_name"].tolist(),
                                                df["correct"].tolist(), folds=4, num_fits=2, seed=9)
    assert listed == native["folds"]
    other = masterykit.cross_validate_frame(df, folds=4, num_fits=2, seed=10)
    assert not other["rmse"].equals(folds["rmse"])
