import numpy as np
import pandas as pd
import pytest

import masterykit
from conftest import ROOT


def log_csv(tmp_path):
    import subprocess

    out = tmp_path / "log.csv"
    cli = ROOT / "target" / "debug" / "masterykit"
    subprocess.run([str(cli), "synthesize", "--skills", "3", "--learners", "1500", "--steps", "15",
                    "--seed", "9", "-o", str(out)], check=True, capture_output=True)
    return out


def test_dataframe_fit_equals_csv_fit_and_returns_frames(tmp_path):
    path = log_csv(tmp_path)
    df = pd.read_csv(path)
    model = masterykit.fit_frame(df, num_fits=2, seed=3)
    assert model == masterykit.BktModel.fit_csv(path.read_text(), num_fits=2, seed=3)
    params = masterykit.params_frame(model)
    assert list(params.index) == sorted(df["skill_name"].unique())
    assert {"prior", "learn", "guess", "slip"} <= set(params.columns)
    preds = masterykit.predict_frame(model, df)
    assert isinstance(preds, np.ndarray) and preds.dtype == np.float64 and len(preds) == len(df)
    as_lists = model.predict(df["user_id"].astype(str).tolist(), df["skill_name"].tolist(),
                             df["correct"].astype(bool).tolist(), df["order_id"].tolist())
    assert np.allclose(preds, as_lists, rtol=0, atol=0)


def test_renamed_columns_multi_skill_rows_and_bad_input():
    df = pd.DataFrame({"student": ["a", "a", "b"], "kc": ["x~~y", "x", "y"], "ok": [1, 0, 1]})
    model = masterykit.fit_frame(df, columns={"learner": "student", "skill": "kc", "correct": "ok"},
                                 num_fits=1)
    assert sorted(model.params()) == ["x", "y"]
    # One prediction per row: a two-skill row gets the mean of its skills' predictions.
    renamed = {"learner": "student", "skill": "kc", "correct": "ok"}
    preds = masterykit.predict_frame(model, df, columns=renamed)
    assert len(preds) == len(df)
    entries = model.predict(["a", "a", "a", "b"], ["x", "y", "x", "y"], [True, True, False, True])
    assert preds[0] == pytest.approx((entries[0] + entries[1]) / 2, abs=1e-15)
    assert list(preds[1:]) == pytest.approx(entries[2:], abs=1e-15)
    pinned = masterykit.fit_frame(df, columns={"learner": "student", "skill": "kc", "correct": "ok"},
                                  num_fits=1, pinned={"slip": 0.05})
    assert all(p["slip"] == 0.05 for p in pinned.params().values())
    with pytest.raises(KeyError, match="missing column `user_id`"):
        masterykit.fit_frame(pd.DataFrame({"skill_name": ["x"], "correct": [1]}))
    with pytest.raises(ValueError, match="0/1"):
        masterykit.fit_frame(pd.DataFrame({"user_id": ["a"], "skill_name": ["x"], "correct": [2]}))
    with pytest.raises(masterykit.MasteryError) as info:
        masterykit.BktModel.fit_arrays(np.array([0, 7]), np.array([0, 0]), np.array([True, False]),
                                       ["a"], ["x"])
    assert info.value.code == "invalid_number"


def test_polars_and_pyarrow_frames_fit_like_pandas(tmp_path):
    polars = pytest.importorskip("polars")
    pyarrow = pytest.importorskip("pyarrow")
    path = log_csv(tmp_path)
    df = pd.read_csv(path)
    expected = masterykit.fit_frame(df, num_fits=1, seed=3)
    assert masterykit.fit_frame(polars.read_csv(path), num_fits=1, seed=3) == expected
    assert masterykit.fit_frame(pyarrow.Table.from_pandas(df), num_fits=1, seed=3) == expected
    preds = masterykit.predict_frame(expected, polars.from_pandas(df))
    assert np.array_equal(preds, masterykit.predict_frame(expected, df))
    with pytest.raises(masterykit.MasteryError, match="pandas or polars"):
        masterykit.fit_frame([1, 2, 3])


def test_params_frame_has_fixed_columns_and_a_long_form(tmp_path):
    path = log_csv(tmp_path)
    model = masterykit.fit_frame(pd.read_csv(path), num_fits=1, seed=3)
    wide = masterykit.params_frame(model)
    assert list(wide.columns) == ["prior", "learn", "guess", "slip", "forget", "log_likelihood", "iterations",
                                  "responses", "warnings"]
    assert (wide["forget"] == 0).all() and not wide.isna().any().any()
    long = masterykit.params_frame(model, long=True)
    assert long.index.names == ["skill", "param", "class"]
    assert long.loc[(wide.index[0], "guess", "default"), "value"] == wide["guess"].iloc[0]
    items = pd.DataFrame({"user_id": ["a", "a", "b", "b"], "skill_name": ["s"] * 4, "correct": [0, 1, 1, 1],
                          "template_id": ["i", "j", "i", "j"]})
    per_item = masterykit.params_frame(masterykit.fit_frame(items, num_fits=1, multigs=True), long=True)
    assert set(per_item.xs("guess", level="param").index) == {("s", "default"), ("s", "i"), ("s", "j")}
