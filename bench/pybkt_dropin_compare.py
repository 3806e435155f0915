"""Compares the two sides written by bench/pybkt_dropin.py: parameters, predictions, NaN,
test log-likelihood, AUC and times. Usage: python bench/pybkt_dropin_compare.py PREFIX LABEL"""
import json
import sys

import numpy as np
import pandas as pd

prefix, label = sys.argv[1], sys.argv[2]
side = {k: json.load(open(f"{prefix}.{k}.json")) for k in ("pybkt", "masterykit")}
params = {k: pd.read_csv(f"{prefix}.{k}.params.csv", dtype={"skill": str, "class": str}) for k in side}
preds = {k: pd.read_csv(f"{prefix}.{k}.preds.csv", dtype={"skill_name": str, "user_id": str}) for k in side}

key = ["skill", "param", "class"]
p = params["pybkt"].merge(params["masterykit"], on=key, suffixes=("_py", "_mk"))
plain = p[p["class"] == "default"]
param_gap = (plain["value_py"] - plain["value_mk"]).abs()
fitted = set(params["masterykit"]["skill"]) & set(params["pybkt"]["skill"])
rows = {}
for k, df in preds.items():
    df = df[df["skill_name"].isin(fitted)].sort_values(["user_id", "order_id"], kind="mergesort")
    rows[k] = df.reset_index(drop=True)
both = rows["pybkt"][["order_id", "user_id", "correct_predictions", "state_predictions", "correct"]].merge(
    rows["masterykit"][["order_id", "user_id", "correct_predictions", "state_predictions"]],
    on=["order_id", "user_id"], suffixes=("_py", "_mk"))
pred_gap = (both["correct_predictions_py"] - both["correct_predictions_mk"]).abs()


def log_likelihood(df, column):
    q = df[column].astype(float).clip(1e-15, 1 - 1e-15)
    y = df["correct"].astype(float)
    return float((y * np.log(q) + (1 - y) * np.log(1 - q)).sum())


report = {
    "label": label,
    "skills fitted (pybkt, masterykit)": [side["pybkt"]["skills"], side["masterykit"]["skills"]],
    "skills with a parameter more than 0.02 apart": int(plain.loc[param_gap > 0.02, "skill"].nunique()),
    "largest parameter gap": float(param_gap.max()),
    "median parameter gap": float(param_gap.median()),
    "predictions more than 0.01 apart": f"{int((pred_gap > 0.01).sum())} of {len(both)}",
    "largest prediction gap": float(pred_gap.max()),
    "NaN in params (pybkt, masterykit)": [int(params["pybkt"]["value"].isna().sum()),
                                          int(params["masterykit"]["value"].isna().sum())],
    "test log-likelihood (pybkt, masterykit)": [log_likelihood(both, "correct_predictions_py"),
                                                log_likelihood(both, "correct_predictions_mk")],
    "test AUC (pybkt, masterykit)": [side["pybkt"]["auc"], side["masterykit"]["auc"]],
    "test RMSE (pybkt, masterykit)": [side["pybkt"]["rmse"], side["masterykit"]["rmse"]],
    "fit s (pybkt, masterykit, ratio)": [side["pybkt"]["fit_s"], side["masterykit"]["fit_s"],
                                         side["pybkt"]["fit_s"] / side["masterykit"]["fit_s"]],
    "predict s (pybkt, masterykit, ratio)": [side["pybkt"]["predict_s"], side["masterykit"]["predict_s"],
                                             side["pybkt"]["predict_s"] / side["masterykit"]["predict_s"]],
    "evaluate s (pybkt, masterykit, ratio)": [side["pybkt"]["evaluate_s"], side["masterykit"]["evaluate_s"],
                                              side["pybkt"]["evaluate_s"] / side["masterykit"]["evaluate_s"]],
}
print(json.dumps(report, indent=1))
