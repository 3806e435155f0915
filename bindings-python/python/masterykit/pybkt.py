"""pyBKT's ``Model`` on masterykit's core: a pyBKT script runs by changing its import line to
``from masterykit.pybkt import Model``.

The same constructor, methods, arguments, default column names (pyBKT's and DataShop's,
detected from the header), skill regex, variants (``multigs``, ``multilearn``,
``multipair``, ``multiprior``, each ``True`` or a column name), ``forgets``, ``fixed``,
``partial_fit``, ``coef_``, ``params()``, ``predict`` with ``correct_predictions`` and
``state_predictions``, ``evaluate`` and ``crossvalidate`` with pyBKT's metrics, ``save`` and
``load``. Where masterykit differs it says so instead of guessing:

- rows of a skill the model was not fitted on get ``<NA>`` predictions (pyBKT writes 0.5);
- a metric that has no value (AUC with one class, or no rows) is an error, never NaN;
- ``correct`` must be 0 or 1 (pyBKT also reads -1 as "no response");
- like pyBKT, guess and slip are not capped (masterykit's own API caps both at 0.5 by default);
- fitting is deterministic for a seed whatever the thread count, and ``parallel`` is
  accepted and ignored (masterykit always uses every core).

pandas and numpy are imported when a method needs them.
"""

from __future__ import annotations

import os
import pickle
import random
import re
from typing import Any, Callable, Mapping, Optional, Sequence, Union

from . import _native
from ._native import BktModel, ModelError
from .frames import _error

_CLASSES: dict[str, str] = {str(code): str(cls) for code, cls in _native.ERROR_CODES}
# The native fit, called with keyword dicts built here (mypy cannot see their keys).
_fit_arrays: Any = BktModel.fit_arrays


def _fail(code: str, message: str) -> Exception:
    """The error the native module raises for ``code``: its class from ``ERROR_CODES``."""
    err: Exception = _error(getattr(_native, _CLASSES.get(code, "MasteryError")), code, message)  # type: ignore[arg-type]
    return err

#: pyBKT's column names (``user_id`` ...) and DataShop's (``Anon Student Id`` ...), by role.
PYBKT_DEFAULTS = {
    "order_id": "order_id",
    "skill_name": "skill_name",
    "correct": "correct",
    "user_id": "user_id",
    "multilearn": "template_id",
    "multiprior": "correct",
    "multipair": "template_id",
    "multigs": "template_id",
    "folds": "user_id",
}
DATASHOP_DEFAULTS = {
    "order_id": "Row",
    "skill_name": "KC(Default)",
    "correct": "Correct First Attempt",
    "user_id": "Anon Student Id",
    "multilearn": "Problem Name",
    "multiprior": "Correct First Attempt",
    "multipair": "Problem Name",
    "multigs": "Problem Name",
    "folds": "Anon Student Id",
}

VARIANTS = ["multilearn", "multiprior", "multipair", "multigs"]
MODEL_ARGS = ["parallel", "num_fits", "seed", "defaults"] + VARIANTS
FIT_ARGS = ["skills", "num_fits", "defaults", "fixed", "parallel", "forgets", "preload"] + VARIANTS
CV_ARGS = FIT_ARGS + ["folds", "seed"]
# pyBKT's parameter names and masterykit's.
PARAMS = {"prior": "prior", "learns": "learn", "guesses": "guess", "slips": "slip", "forgets": "forget"}

Metric = Union[str, Callable[[Any, Any], float]]


def _check_args(expected: list[str], given: Mapping[str, Any]) -> None:
    unknown = [a for a in given if a not in expected]
    if unknown:
        raise _fail("invalid_option", f"unknown argument(s) {', '.join(unknown)}: "
                     f"expected one or more of {', '.join(expected)}")


def _read(data_path: Optional[str], data: Any) -> Any:
    """The DataFrame to work on: ``data``, or the CSV (comma or tab) at ``data_path``."""
    import pandas as pd

    if data_path is None and data is None:
        raise _fail("invalid_option", "no data specified: pass data_path= or data=")
    if data_path is not None and data is not None:
        raise _fail("invalid_option", "cannot specify both data_path and data")
    if data is not None:
        if not isinstance(data, pd.DataFrame):
            raise _fail("invalid_option", f"data must be a pandas DataFrame, got {type(data).__name__}")
        return data
    if not os.path.exists(data_path):  # type: ignore[arg-type]
        raise _fail("invalid_option", f"data path `{data_path}` not found")
    frame = pd.read_csv(data_path, low_memory=False, encoding="latin")
    if len(frame.columns) == 1 and "\t" in str(frame.columns[0]):
        frame = pd.read_csv(data_path, low_memory=False, encoding="latin", delimiter="\t")
    return frame


def _columns(df: Any, defaults: Optional[Mapping[str, str]]) -> dict[str, str]:
    """Column names by role: the given ones present in ``df``, then pyBKT's, then DataShop's."""
    cols = {k: v for k, v in (defaults or {}).items() if v in df.columns or k not in PYBKT_DEFAULTS}
    for table in (PYBKT_DEFAULTS, DATASHOP_DEFAULTS):
        if any(v in df.columns for v in table.values()):
            for k, v in table.items():
                if k not in cols and v in df.columns:
                    cols[k] = v
    for role in ("user_id", "correct", "skill_name"):
        if role not in cols or cols[role] not in df.columns:
            raise _fail("missing_column", f"no `{role}` column (columns: {', '.join(map(str, df.columns))})")
    return cols


class _Prepared:
    """One log ready for the core: rows in pyBKT's order, the selected skills, numpy codes."""

    def __init__(self, df: Any, cols: dict[str, str], skills: Union[str, Sequence[str]],
                 variants: dict[str, Union[bool, str]]) -> None:
        import numpy as np
        import pandas as pd

        df = df.copy()
        if "order_id" in cols:
            df[cols["order_id"]] = df[cols["order_id"]].astype("int64")
            df = df.sort_values(cols["order_id"], kind="mergesort")
        df = df.sort_values(cols["user_id"], kind="mergesort")
        if "original" in df.columns:
            df = df[df["original"] == 1]
        df[cols["skill_name"]] = df[cols["skill_name"]].astype(str)
        pattern = skills if isinstance(skills, str) else "|".join(skills)
        names = pd.Series(df[cols["skill_name"]].unique())
        chosen = names[names.str.match("^(" + pattern + ")$")]
        if chosen.empty:
            raise _fail("invalid_option", f"no skill matches `{pattern}`")
        self.frame = df
        self.mask = df[cols["skill_name"]].isin(set(chosen)).to_numpy()
        rows = df[self.mask]
        correct = rows[cols["correct"]].to_numpy()
        if not np.isin(correct, [0, 1]).all():
            raise _fail("invalid_correct",
                         f"column `{cols['correct']}` must hold 0 or 1 (masterykit reads no -1 'no response')")
        learner_codes, learner_names = pd.factorize(rows[cols["user_id"]])
        skill_codes, skill_names = pd.factorize(rows[cols["skill_name"]])
        self.args = (
            np.ascontiguousarray(learner_codes, dtype=np.int64),
            np.ascontiguousarray(skill_codes, dtype=np.int64),
            np.ascontiguousarray(correct.astype(bool)),
            [str(x) for x in learner_names],
            [str(x) for x in skill_names],
        )
        self.skills = [str(x) for x in skill_names]
        self.labels: dict[str, Any] = {}
        item_role = next((v for v in ("multigs", "multilearn", "multipair") if variants.get(v)), None)
        if item_role is not None:
            column = variants[item_role] if isinstance(variants[item_role], str) else cols.get(item_role)
            if column not in rows.columns:
                raise _fail("missing_column", f"no item column `{column}` for {item_role}")
            codes, names_ = pd.factorize(rows[column].astype(str))
            self.labels["item_codes"] = np.ascontiguousarray(codes, dtype=np.int64)
            self.labels["item_names"] = [str(x) for x in names_]
        prior = variants.get("multiprior")
        if prior:
            column = prior if isinstance(prior, str) else cols.get("multiprior", cols["correct"])
            if column != cols["correct"]:
                if column not in rows.columns:
                    raise _fail("missing_column", f"no group column `{column}` for multiprior")
                codes, names_ = pd.factorize(rows[column].astype(str))
                self.labels["group_codes"] = np.ascontiguousarray(codes, dtype=np.int64)
                self.labels["group_names"] = [str(x) for x in names_]
        self.correct = correct.astype(np.int64)

    def subset(self, keep: Any) -> "_Prepared":
        """The same log restricted to the rows where ``keep`` (over the selected rows) is true."""
        import numpy as np

        out = object.__new__(_Prepared)
        out.frame, out.mask, out.skills = self.frame, self.mask, self.skills
        learners, skills_, correct, learner_names, skill_names = self.args
        out.args = (np.ascontiguousarray(learners[keep]), np.ascontiguousarray(skills_[keep]),
                    np.ascontiguousarray(correct[keep]), learner_names, skill_names)
        out.labels = {k: (np.ascontiguousarray(v[keep]) if k.endswith("_codes") else v) for k, v in self.labels.items()}
        out.correct = self.correct[keep]
        return out


class Model:
    """A BKT model with pyBKT's interface, fitted and traced by masterykit's core."""

    def __init__(self, **kwargs: Any) -> None:
        _check_args(MODEL_ARGS, kwargs)
        self.parallel = kwargs.get("parallel", True)
        self.num_fits = kwargs.get("num_fits", 5)
        seed = kwargs.get("seed")
        self.seed = random.randint(0, int(1e8)) if seed is None else int(seed)
        self.defaults = dict(kwargs["defaults"]) if kwargs.get("defaults") else None
        self.variants: dict[str, Union[bool, str]] = {v: kwargs.get(v, False) for v in VARIANTS}
        self.forgets = False
        self.skills: Union[str, Sequence[str]] = ".*"
        self.fixed: Any = None
        self._model: Optional[BktModel] = None
        self._manual = False

    # -- fitting ---------------------------------------------------------------------------

    def fit(self, data_path: Optional[str] = None, data: Any = None, **kwargs: Any) -> None:
        """Fits every skill matching ``skills`` (a regex, or a list of names); starts anew
        unless parameters were set through ``coef_``."""
        if not self._manual:
            self._model = None
        self.partial_fit(data_path=data_path, data=data, **kwargs)

    def partial_fit(self, data_path: Optional[str] = None, data: Any = None, **kwargs: Any) -> None:
        """Fits, continuing from the current parameters for the skills that have them."""
        _check_args(FIT_ARGS, kwargs)
        self._settings(kwargs)
        prepared = self._prepare(data_path, data)
        self._model = self._fit(prepared, start=self._model)
        self._manual = False

    def _settings(self, kwargs: Mapping[str, Any]) -> None:
        for key in ("num_fits", "parallel", "forgets", "fixed", "skills", "seed"):
            if key in kwargs:
                setattr(self, key, kwargs[key])
        if "defaults" in kwargs:
            self.defaults = dict(kwargs["defaults"]) if kwargs["defaults"] else None
        for v in VARIANTS:
            if v in kwargs:
                self.variants[v] = kwargs[v]
        if sum(bool(self.variants[v]) for v in ("multilearn", "multipair")) > 1:
            raise _fail("invalid_option", "multilearn and multipair both set the learn classes: choose one")

    def _prepare(self, data_path: Optional[str], data: Any, skills: Any = None) -> _Prepared:
        df = _read(data_path, data)
        cols = _columns(df, self.defaults)
        return _Prepared(df, cols, self.skills if skills is None else skills, self.variants)

    def _options(self) -> dict[str, Any]:
        # pyBKT caps neither guess nor slip (masterykit's own default caps both at 0.5).
        return {"num_fits": int(self.num_fits), "seed": int(self.seed), "forgets": bool(self.forgets),
                "max_guess": 1.0, "max_slip": 1.0, **{v: bool(self.variants[v]) for v in VARIANTS}}

    def _pins(self, skill: str) -> dict[str, float]:
        """The parameters ``fixed`` holds for ``skill`` (values, or ``True`` for the current
        ones), as masterykit's pinned parameters."""
        fixed = self.fixed
        if fixed is None or fixed is False:
            return {}
        current = self.coef_.get(skill, {}) if self._model is not None else {}
        if fixed is True:
            spec: Mapping[str, Any] = {p: True for p in current}
        elif isinstance(fixed, Mapping):
            spec = fixed.get(skill, {})
        else:
            raise _fail("invalid_option", "fixed must be True or {skill: {param: value or True}}")
        pins = {}
        for param, value in spec.items():
            if param not in PARAMS:
                raise _fail("invalid_option", f"fixed: unknown parameter `{param}` (expected {', '.join(PARAMS)})")
            if value is True:
                if param not in current:
                    raise _fail("invalid_option", f"fixed: `{param}` of `{skill}` has no value to keep")
                value = current[param]
            if value is False:
                continue
            pins[PARAMS[param]] = _scalar(param, value)
        return pins

    def _fit(self, prepared: _Prepared, start: Optional[BktModel]) -> BktModel:
        import numpy as np

        groups: dict[tuple[tuple[str, float], ...], list[int]] = {}
        for k, skill in enumerate(prepared.skills):
            groups.setdefault(tuple(sorted(self._pins(skill).items())), []).append(k)
        fitted: dict[str, Any] = {}
        for pins, codes in groups.items():
            part = prepared if len(groups) == 1 else prepared.subset(np.isin(prepared.args[1], codes))
            fit: Any = _fit_arrays if start is None else start.partial_fit_arrays
            model = fit(*part.args, **part.labels, **self._options(), pinned=dict(pins))
            mine = {prepared.skills[k] for k in codes}
            fitted.update({s: f for s, f in _skills_of(model).items() if s in mine})
        if start is not None:
            fitted = {**_skills_of(start), **fitted}
        return _model_of(fitted)

    # -- parameters ------------------------------------------------------------------------

    @property
    def coef_(self) -> dict[str, dict[str, Any]]:
        """Per skill: ``prior`` (a float) and ``learns``, ``guesses``, ``slips``, ``forgets``
        (numpy arrays, one value per class as in pyBKT)."""
        import numpy as np

        if self._model is None:
            raise _fail("unfitted_skill", "model has not been trained or initialized")
        out = {}
        for skill, p in self._model.params().items():
            learn = p.get("learn_by_item") or p.get("learn_by_pair")
            gs = p.get("guess_slip_by_item")
            out[skill] = {
                "prior": float(p["prior"]),
                "learns": np.array([v["learn"] for _, v in sorted(learn.items())] if learn else [p["learn"]]),
                "guesses": np.array([v["guess"] for _, v in sorted(gs.items())] if gs else [p["guess"]]),
                "slips": np.array([v["slip"] for _, v in sorted(gs.items())] if gs else [p["slip"]]),
                "forgets": np.array([v.get("forget", 0.0) for _, v in sorted(learn.items())] if learn else [p.get("forget", 0.0)]),
            }
        return out

    @coef_.setter
    def coef_(self, values: Mapping[str, Mapping[str, Any]]) -> None:
        """Sets parameters per skill, as pyBKT takes them: ``prior`` a number, the others a
        number or an array with one value per class (in the order ``coef_`` gives them) for
        a skill fitted with per-item or per-pair classes. A skill not fitted yet starts from
        pyBKT's defaults."""
        skills = _skills_of(self._model) if self._model is not None else {}
        for skill, given in values.items():
            entry = dict(skills.get(str(skill)) or
                         {"prior": 0.1, "learn": 0.2, "guess": 0.2, "slip": 0.1,
                          "log_likelihood": 0.0, "iterations": 0, "responses": 0})
            for name, value in given.items():
                if name not in PARAMS:
                    raise _fail("invalid_option", f"coef_: unknown parameter `{name}` (expected {', '.join(PARAMS)})")
                _set_classes(entry, str(skill), name, value)
            skills[str(skill)] = entry
        self._model = _model_of(skills)
        self._manual = True

    def params(self) -> Any:
        """The parameters as a DataFrame indexed by (skill, param, class), column ``value``."""
        import pandas as pd

        if self._model is None:
            raise _fail("unfitted_skill", "model has not been trained or initialized")
        rows = []
        for skill, p in self._model.params().items():
            learn = p.get("learn_by_item") or p.get("learn_by_pair")
            gs = p.get("guess_slip_by_item")
            groups = p.get("prior_by_group")
            if groups:
                rows += [(skill, "prior", str(g), v) for g, v in sorted(groups.items())]
            else:
                rows.append((skill, "prior", "default", p["prior"]))
            for name, key in (("learns", "learn"), ("forgets", "forget")):
                if learn:
                    rows += [(skill, name, str(c), v.get(key, 0.0)) for c, v in sorted(learn.items())]
                else:
                    rows.append((skill, name, "default", p.get(key, 0.0)))
            for name, key in (("guesses", "guess"), ("slips", "slip")):
                if gs:
                    rows += [(skill, name, str(c), v[key]) for c, v in sorted(gs.items())]
                else:
                    rows.append((skill, name, "default", p[key]))
        frame = pd.DataFrame(rows, columns=["skill", "param", "class", "value"])
        return frame.set_index(["skill", "param", "class"])

    # -- prediction and scores -------------------------------------------------------------

    def _fitted(self) -> BktModel:
        if self._model is None:
            raise _fail("unfitted_skill", "model has not been fitted yet")
        return self._model

    def _prepared_for_model(self, data_path: Optional[str], data: Any) -> _Prepared:
        model = self._fitted()
        return self._prepare(data_path, data, skills=[re.escape(s) for s in model.skills])

    def predict(self, data_path: Optional[str] = None, data: Any = None) -> Any:
        """The log in pyBKT's row order (by order, then learner) with ``correct_predictions``
        and ``state_predictions``: P(correct) and P(known) before each response; ``<NA>``
        for rows of skills the model was not fitted on."""
        import numpy as np
        import pandas as pd

        model = self._fitted()
        df = _read(data_path, data)
        cols = _columns(df, self.defaults)
        fitted = [re.escape(s) for s in model.skills]
        try:
            prepared = _Prepared(df, cols, fitted, self.variants)
        except _native.MasteryError as e:
            if e.code != "invalid_option" or "no skill matches" not in str(e):
                raise
            prepared = None
        if prepared is None:  # no row is of a fitted skill
            out = df.copy()
            for name in ("correct_predictions", "state_predictions"):
                out[name] = pd.array([None] * len(out), dtype="Float64")
            return out
        correct, state = model.predict_states_arrays(*prepared.args, **prepared.labels)
        out = prepared.frame.copy()
        if prepared.mask.all():
            out["correct_predictions"] = correct
            out["state_predictions"] = state
            return out
        for name, values in (("correct_predictions", correct), ("state_predictions", state)):
            full = np.zeros(len(out))
            full[prepared.mask] = values
            out[name] = pd.arrays.FloatingArray(full, ~prepared.mask)
        return out

    def evaluate(self, data: Any = None, data_path: Optional[str] = None,
                 metric: Union[Metric, Sequence[Metric]] = "rmse") -> Any:
        """The metric (``"rmse"``, ``"auc"``, ``"accuracy"``, a callable ``f(true, pred)``, or a
        list of them, giving a list) over the rows of the skills the model was fitted on."""
        metrics: list[Any] = list(metric) if isinstance(metric, (list, tuple)) else [metric]
        prepared = self._prepared_for_model(data_path, data)
        model = self._fitted()
        scores = model.evaluate_arrays(*prepared.args, **prepared.labels)
        pred = model.predict_arrays(*prepared.args, **prepared.labels) if _needs_predictions(metrics) else None
        results = [_score(m, scores, prepared.correct, pred) for m in metrics]
        return results[0] if len(results) == 1 else results

    def crossvalidate(self, data: Any = None, data_path: Optional[str] = None,
                      metric: Union[Metric, Sequence[Metric]] = "rmse", **kwargs: Any) -> Any:
        """k-fold cross-validation per skill, folds by learner (seeded): a DataFrame indexed
        by skill with one column per metric, each the mean over the folds."""
        import numpy as np
        import pandas as pd

        _check_args(CV_ARGS, kwargs)
        folds = int(kwargs.pop("folds", 5))
        metrics: list[Any] = list(metric) if isinstance(metric, (list, tuple)) else [metric]
        names = [m if isinstance(m, str) else getattr(m, "__name__", "metric") for m in metrics]
        self._settings(kwargs)
        prepared = self._prepare(data_path, data)
        learners, skill_codes = prepared.args[0], prepared.args[1]
        rng = np.random.RandomState(self.seed)
        table = {}
        saved = self._model
        for k, skill in enumerate(prepared.skills):
            rows = skill_codes == k
            users = np.unique(learners[rows])
            if len(users) < folds:
                raise _fail("invalid_number",
                             f"skill `{skill}` has {len(users)} learners, fewer than {folds} folds")
            fold_of = dict(zip(rng.permutation(users), np.arange(len(users)) % folds))
            fold = np.array([fold_of.get(u, -1) for u in learners])
            values = []
            for f in range(folds):
                train = prepared.subset(rows & (fold != f))
                test = prepared.subset(rows & (fold == f))
                fitted = _fit_arrays(*train.args, **train.labels, **self._options(), pinned=self._pins(skill))
                scores = fitted.evaluate_arrays(*test.args, **test.labels)
                pred = fitted.predict_arrays(*test.args, **test.labels) if _needs_predictions(metrics) else None
                values.append([_score(m, scores, test.correct, pred) for m in metrics])
            table[skill] = np.mean(np.array(values), axis=0)
        self._model = saved
        frame = pd.DataFrame.from_dict(table, orient="index", columns=names)
        return frame.rename_axis("skill")

    # -- files -----------------------------------------------------------------------------

    def save(self, loc: str) -> None:
        """Pickles the model to ``loc``."""
        with open(loc, "wb") as handle:
            pickle.dump(self, handle, protocol=pickle.HIGHEST_PROTOCOL)

    def load(self, loc: str) -> None:
        """Loads the model pickled at ``loc`` into this one."""
        with open(loc, "rb") as handle:
            other = pickle.load(handle)
        if not isinstance(other, Model):
            raise _fail("parse_error", f"`{loc}` holds a {type(other).__name__}, not a Model")
        self.__dict__.update(other.__dict__)

    @property
    def native(self) -> BktModel:
        """The fitted masterykit :class:`BktModel` underneath (warnings, JSON, ...)."""
        return self._fitted()

    def __repr__(self) -> str:
        return (f"Model(parallel={self.parallel}, num_fits={self.num_fits}, seed={self.seed}, "
                f"defaults={self.defaults})")


def _set_classes(entry: dict[str, Any], skill: str, name: str, value: Any) -> None:
    """Sets parameter ``name`` (pyBKT's name) of one skill's model-file entry from a number
    or from one value per class, classes in sorted order as ``coef_`` lists them."""
    import numpy as np

    field = PARAMS[name]
    table = None
    if field in ("learn", "forget"):
        table = entry.get("learn_by_item") or entry.get("learn_by_pair")
    elif field in ("guess", "slip"):
        table = entry.get("guess_slip_by_item")
    arr = np.asarray(value, dtype=float).ravel()
    if not np.all(np.isfinite(arr)):
        raise _fail("invalid_number", f"coef_: `{name}` of skill `{skill}` is not a finite number")
    if not table:
        if arr.size != 1:
            raise _fail("invalid_option", f"coef_: `{name}` of skill `{skill}` holds {arr.size} values, "
                        "but the skill has one class")
        entry[field] = float(arr[0])
        return
    classes = sorted(table)
    if arr.size != len(classes):
        raise _fail("invalid_option", f"coef_: `{name}` of skill `{skill}` holds {arr.size} values, "
                    f"but the skill has {len(classes)} classes")
    for cls, v in zip(classes, arr):
        table[cls] = {**table[cls], field: float(v)}


def _scalar(name: str, value: Any) -> float:
    """A parameter given as a number or a one-element array."""
    import numpy as np

    arr = np.asarray(value, dtype=float).ravel()
    if arr.size != 1:
        raise _fail("invalid_option",
                     f"`{name}` holds {arr.size} classes; masterykit sets and fixes one value per skill")
    return float(arr[0])


def _sklearn_metric(name: str) -> Optional[Callable[[Any, Any], float]]:
    """scikit-learn's metric ``name`` (pyBKT takes every ``*_score``, ``*_error`` and
    ``*_loss`` of ``sklearn.metrics``), or None without scikit-learn or such a metric."""
    if not re.search("_score$|_error$|_loss$", name):
        return None
    try:
        import sklearn.metrics  # type: ignore[import-not-found, import-untyped, unused-ignore]
    except ImportError:
        return None
    found = getattr(sklearn.metrics, name, None)
    return found if callable(found) else None


def _needs_predictions(metrics: Sequence[Metric]) -> bool:
    return any(callable(m) or m not in ("rmse", "auc", "accuracy") for m in metrics)


def _score(metric: Metric, scores: Mapping[str, Any], true: Any, pred: Any) -> float:
    if callable(metric):
        return float(metric(true, pred))
    if metric not in ("rmse", "auc", "accuracy"):
        found = _sklearn_metric(metric)
        if found is None:
            raise _fail("invalid_option", f"unknown metric `{metric}`: expected rmse, auc, accuracy, a callable, "
                        "or with scikit-learn installed one of sklearn.metrics' *_score, *_error, *_loss")
        return float(found(true, pred))
    if scores["count"] == 0:
        raise _fail("invalid_number", f"no responses to compute {metric} on")
    if metric == "auc" and len(set(true.tolist())) < 2:
        raise _fail("invalid_number", "auc needs both right and wrong answers")
    return float(scores[metric])


def _skills_of(model: BktModel) -> dict[str, Any]:
    import json

    return dict(json.loads(model.to_json())["skills"])


def _model_of(skills: Mapping[str, Any]) -> BktModel:
    import json

    from ._native import BktModel as Native

    return Native.from_json(json.dumps({"format_version": 1, "skills": dict(sorted(skills.items()))}))
