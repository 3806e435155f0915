"""pyBKT's variants from Python: lists, DataFrames and CSV give the Rust CLI's model exactly,
and per-item parameters are recovered."""

import json
import subprocess

import numpy as np
import pandas as pd
import pytest

import masterykit
from conftest import ROOT


def item_log(seed=3, learners=2000, steps=12):
    """One skill; items `easy` (guess 0.4) and `hard` (guess 0.05), slip 0.1, learn 0.2."""
    rng = np.random.default_rng(seed)
    rows = []
    for learner in range(learners):
        known = rng.random() < 0.3
        for step in range(steps):
            item = "easy" if rng.random() < 0.5 else "hard"
            guess = 0.4 if item == "easy" else 0.05
            right = (rng.random() >= 0.1) if known else (rng.random() < guess)
            rows.append((len(rows) + 1, f"u{learner}", "s", int(right), item, f"g{learner % 2}"))
            known = known or rng.random() < 0.2
    return pd.DataFrame(rows, columns=["order_id", "user_id", "skill_name", "correct", "template_id", "group"])


def test_multigs_from_frame_lists_and_cli_agree(tmp_path):
    df = item_log()
    model = masterykit.fit_frame(df, multigs=True, multiprior=True, num_fits=2, seed=5)
    by_lists = masterykit.BktModel.fit(
        list(df.user_id), list(df.skill_name), [bool(c) for c in df.correct], list(df.order_id),
        items=list(df.template_id), groups=list(df.group), multigs=True, multiprior=True, num_fits=2, seed=5,
    )
    assert by_lists == model
    csv = tmp_path / "log.csv"
    df.to_csv(csv, index=False)
    out = tmp_path / "model.json"
    cli = ROOT / "target" / "debug" / "masterykit"
    subprocess.run([str(cli), "fit", str(csv), "--multigs", "--multiprior", "--num-fits", "2", "--seed", "5",
                    "-o", str(out)], check=True, capture_output=True)
    assert masterykit.BktModel.from_json(out.read_text()) == model
    gs = model.params()["s"]["guess_slip_by_item"]
    assert abs(gs["easy"]["guess"] - 0.4) < 0.05 and abs(gs["hard"]["guess"] - 0.05) < 0.05
    assert set(model.params()["s"]["prior_by_group"]) == {"g0", "g1"}
    # Predictions need the items; the frame path passes them along.
    p = masterykit.predict_frame(model, df)
    assert p.shape == (len(df),) and ((0 <= p) & (p <= 1)).all()
    plain = masterykit.fit_frame(df, num_fits=2, seed=5)
    assert model.evaluate_arrays(*_args(df), **_labels(df))["auc"] > plain.evaluate(
        list(df.user_id), list(df.skill_name), [bool(c) for c in df.correct], list(df.order_id))["auc"]


def _args(df):
    from masterykit.frames import _arrays

    return _arrays(df, None, "~~")[0]


def _labels(df):
    from masterykit.frames import _arrays

    return _arrays(df, None, "~~")[1]


def test_variant_errors_are_typed():
    with pytest.raises(masterykit.ModelError) as info:
        masterykit.BktModel.fit(["u", "u"], ["s", "s"], [True, False], multigs=True)
    assert info.value.code == "missing_column"
    with pytest.raises(masterykit.MasteryError) as info:
        masterykit.BktModel.fit(["u"], ["s"], [True], items=["i"], multilearn=True, multipair=True)
    assert info.value.code == "invalid_option"
    with pytest.raises(ValueError, match="go together"):
        masterykit.BktModel.fit_arrays(
            np.zeros(1, dtype=np.int64), np.zeros(1, dtype=np.int64), np.ones(1, dtype=bool), ["u"], ["s"],
            item_codes=np.zeros(1, dtype=np.int64),
        )
    model = masterykit.BktModel.fit(["u", "u"], ["s", "s"], [True, False], items=["a", "b"], multilearn=True)
    assert json.loads(model.to_json())["skills"]["s"]["learn_by_item"].keys() == {"a", "b"}
