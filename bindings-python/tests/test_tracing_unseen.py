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
