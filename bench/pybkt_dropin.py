"""One side of the pyBKT drop-in comparison: a pyBKT-style script run with pyBKT's `Model` or
with `masterykit.pybkt.Model`, changing only the import. Writes times, parameters and
predictions for bench/pybkt_dropin.sh to compare.

Usage: python bench/pybkt_dropin.py (pybkt|masterykit) TRAIN.csv TEST.csv OUT_PREFIX [VARIANT_JSON]
"""
import json
import sys
import time

impl, train, test, out = sys.argv[1:5]
variant = json.loads(sys.argv[5]) if len(sys.argv) > 5 else {}
if impl == "pybkt":
    from pyBKT.models import Model
else:
    from masterykit.pybkt import Model

started = time.perf_counter()
model = Model(seed=42, num_fits=5)
model.fit(data_path=train, **variant)
fit_s = time.perf_counter() - started
started = time.perf_counter()
preds = model.predict(data_path=test)
predict_s = time.perf_counter() - started
started = time.perf_counter()
rmse, auc = model.evaluate(data_path=test, metric=["rmse", "auc"])
evaluate_s = time.perf_counter() - started

params = model.params().reset_index()
params["value"] = params["value"].astype(float)
params.to_csv(out + ".params.csv", index=False)
cols = ["order_id", "user_id", "skill_name", "correct", "correct_predictions", "state_predictions"]
preds[cols].to_csv(out + ".preds.csv", index=False)
with open(out + ".json", "w") as f:
    json.dump({"fit_s": fit_s, "predict_s": predict_s, "evaluate_s": evaluate_s,
               "rmse": float(rmse), "auc": float(auc), "skills": int(params["skill"].nunique())}, f)
