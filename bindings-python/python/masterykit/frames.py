"""pandas conveniences over the numpy fast path: factorize the id columns once, hand the codes
and outcomes to Rust as arrays (no per-row Python objects), get parameters back as a frame.

pandas and numpy are imported only when these functions are called.
"""

from typing import TYPE_CHECKING, Any, Literal, Optional

from ._native import PYBKT_COLUMNS as _CORE_PYBKT_COLUMNS
from ._native import SKILL_SEPARATOR, BktModel, CurriculumError, LearnerStore, MasteryError, ModelError

if TYPE_CHECKING:
    from ._native import ErrorCode, Evaluation, Unseen

#: pyBKT's column names, as the core reads them (``order_id, user_id, skill_name, correct``,
#: ``template_id`` and ``group`` for the variants).
PYBKT_COLUMNS: dict[str, str] = {
    k: v for k, v in _CORE_PYBKT_COLUMNS.items() if v is not None and k != "separator"
}


#: DataShop's column names (``Row, Anon Student Id, KC(Default), Correct First Attempt``,
#: ``Problem Name`` for the variants), used when a DataFrame has no ``user_id`` column but
#: has ``Anon Student Id``, as the CSV reader detects them.
DATASHOP_COLUMNS: dict[str, str] = {
    "order": "Row",
    "learner": "Anon Student Id",
    "skill": "KC(Default)",
    "correct": "Correct First Attempt",
    "item": "Problem Name",
    "group": "group",
}


class MissingColumnError(ModelError, KeyError):
    """A column the call needs is not in the DataFrame (code ``missing_column``); also a
    ``KeyError``, as pandas raises for a missing column."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


def _error(cls: "type[MasteryError]", code: "ErrorCode", message: str) -> Any:
    """An exception of ``cls`` carrying ``code`` and ``problems`` like the native errors."""
    err = cls(message)
    err.code = code
    err.problems = [(code, message)]
    return err


def _require(df: Any, names: list[str]) -> None:
    """Raises ``MissingColumnError`` naming the first of ``names`` ``df`` lacks."""
    for name in names:
        if name not in df.columns:
            message = f"missing column `{name}` (columns: {', '.join(map(str, df.columns))})"
            raise _error(MissingColumnError, "missing_column", message)


def _labels(df: Any, cols: dict[str, str]) -> dict[str, Any]:
    """Item and group codes for pyBKT's variants, from those columns when present."""
    import numpy as np
    import pandas as pd

    out: dict[str, Any] = {}
    for key in ("item", "group"):
        if cols[key] in df.columns:
            codes, names = pd.factorize(df[cols[key]])
            out[f"{key}_codes"] = np.ascontiguousarray(codes, dtype=np.int64)
            out[f"{key}_names"] = [str(x) for x in names]
    return out


Columns = tuple[Any, Any, Any, list[str], list[str], Any]


def _as_pandas(df: Any) -> Any:
    """``df`` as a pandas DataFrame: a pandas one as it is; a polars DataFrame column by
    column through numpy (numbers without a copy; strings become Python objects, as pandas
    holds them); a pyarrow Table (or anything with the Arrow stream interface) through
    ``pyarrow``'s ``to_pandas``, column by column. Anything else is a ``MasteryError``."""
    import pandas as pd

    if isinstance(df, pd.DataFrame):
        return df
    module = type(df).__module__.split(".")[0]
    if module == "polars":
        return pd.DataFrame({name: df.get_column(name).to_numpy() for name in df.columns})
    if hasattr(df, "__arrow_c_stream__") or module == "pyarrow":
        import pyarrow as pa  # type: ignore[import-not-found, import-untyped, unused-ignore]

        table = df if isinstance(df, pa.Table) else pa.table(df)
        return table.to_pandas()
    raise _error(MasteryError, "invalid_option",
                 f"expected a pandas or polars DataFrame or a pyarrow Table, got {type(df).__name__}")


def _arrays(df: Any, columns: Optional[dict[str, str]], separator: str) -> tuple[Columns, dict[str, Any], Any]:
    """The core's columns from ``df``: (arrays, item and group labels, and for a frame with
    several-skill rows the input row of each entry, else None)."""
    import numpy as np
    import pandas as pd

    df = _as_pandas(df)
    rows = None

    base = PYBKT_COLUMNS
    if PYBKT_COLUMNS["learner"] not in df.columns and DATASHOP_COLUMNS["learner"] in df.columns:
        base = DATASHOP_COLUMNS
    cols = {**base, **(columns or {})}
    _require(df, [cols[key] for key in ("learner", "skill", "correct")])
    for key in ("learner", "skill"):
        missing = df[cols[key]].isna().to_numpy()
        if missing.any():
            row = int(missing.argmax())
            raise _error(CurriculumError, "empty_id", f"missing {key} id in column `{cols[key]}` on row {row}")
    # Factorize the raw columns (no per-row string copies); look for several-skill cells
    # among the few distinct skill names only.
    skill_codes, skill_names = pd.factorize(df[cols["skill"]])
    if any(separator in str(s) for s in skill_names):
        # A row naming several skills credits each of them, as pyBKT does.
        split = df[cols["skill"]].astype(str).str.split(separator)
        df = df.reset_index(drop=True).assign(**{cols["skill"]: split}).explode(cols["skill"])
        rows = df.index.to_numpy()
        skill_codes, skill_names = pd.factorize(df[cols["skill"]])
    learner_codes, learner_names = pd.factorize(df[cols["learner"]])
    correct = df[cols["correct"]].to_numpy()
    if correct.dtype != np.bool_:
        if not np.isin(correct, [0, 1]).all():
            message = f"column `{cols['correct']}` must hold 0/1 or booleans"
            raise _error(ModelError, "invalid_correct", message)
        correct = correct.astype(np.bool_)
    order = None
    if cols["order"] in df.columns:
        order = np.ascontiguousarray(df[cols["order"]].to_numpy(dtype=np.int64))
    args: Columns = (
        np.ascontiguousarray(learner_codes, dtype=np.int64),
        np.ascontiguousarray(skill_codes, dtype=np.int64),
        np.ascontiguousarray(correct),
        [str(x) for x in learner_names],
        [str(x) for x in skill_names],
        order,
    )
    return args, _labels(df, cols), rows


def _per_row(values: Any, rows: Any) -> Any:
    """Predictions of exploded entries back to one per input row: the mean over a row's
    skills (masked where every skill of the row is masked)."""
    import numpy as np

    if rows is None:
        return values
    n = int(rows.max()) + 1 if len(rows) else 0
    data = np.ma.getdata(values)
    mask = np.ma.getmaskarray(values)
    total = np.bincount(rows, weights=np.where(mask, 0.0, data), minlength=n)
    count = np.bincount(rows, weights=(~mask).astype(float), minlength=n)
    mean = np.divide(total, count, out=np.zeros(n), where=count > 0)
    if isinstance(values, np.ma.MaskedArray):
        return np.ma.masked_array(mean, mask=count == 0)
    return mean


def fit_frame(df: Any, columns: Optional[dict[str, str]] = None, separator: str = SKILL_SEPARATOR, **options: Any) -> BktModel:
    """Fits BKT to a DataFrame with pyBKT's columns (``order_id, user_id, skill_name,
    correct``, and ``template_id`` / ``group`` for the variants when present; rename with
    ``columns={"learner": "student", "item": "problem", ...}``). Keyword options go to
    :meth:`BktModel.fit_arrays` (num_fits, seed, tolerance, max_iterations, forgets,
    multigs, multilearn, multipair, multiprior, ...)."""
    args, labels, _ = _arrays(df, columns, separator)
    return BktModel.fit_arrays(*args, **{**labels, **options})


def _label_kwargs(labels: dict[str, Any]) -> dict[str, Any]:
    return {key: labels.get(key) for key in ("item_codes", "item_names", "group_codes", "group_names")}


def predict_frame(
    model: BktModel,
    df: Any,
    columns: Optional[dict[str, str]] = None,
    separator: str = SKILL_SEPARATOR,
    unseen: "Unseen" = None,
) -> Any:
    """P(correct) before each row's response as a numpy array, one per row of ``df`` (a row
    naming several skills gets the mean of their predictions); under ``unseen="skip"`` a
    masked array, masked where the model lacked the skill."""
    args, labels, rows = _arrays(df, columns, separator)
    return _per_row(model.predict_arrays(*args, **_label_kwargs(labels), unseen=unseen), rows)


def evaluate_frame(
    model: BktModel,
    df: Any,
    columns: Optional[dict[str, str]] = None,
    separator: str = SKILL_SEPARATOR,
    unseen: "Unseen" = None,
) -> "Evaluation":
    """RMSE, AUC, accuracy, log loss and count on a DataFrame with pyBKT's columns, with
    the skills the model lacked (``unseen_skills``) and the responses on them."""
    args, labels, _ = _arrays(df, columns, separator)
    return model.evaluate_arrays(*args, **_label_kwargs(labels), unseen=unseen)


def evaluate_by_skill_frame(
    model: BktModel,
    df: Any,
    columns: Optional[dict[str, str]] = None,
    separator: str = SKILL_SEPARATOR,
    unseen: "Unseen" = None,
) -> Any:
    """Each skill's RMSE, AUC, accuracy, log loss and count as a DataFrame indexed by
    skill (skills with scored responses, in the data's order)."""
    import pandas as pd

    args, labels, _ = _arrays(df, columns, separator)
    rows = model.evaluate_by_skill_arrays(*args, **_label_kwargs(labels), unseen=unseen)
    frame = pd.DataFrame(rows, columns=["skill", "rmse", "auc", "accuracy", "log_loss", "count"])
    return frame.set_index("skill")


def cross_validate_frame(
    df: Any,
    folds: int = 5,
    by_skill: bool = False,
    columns: Optional[dict[str, str]] = None,
    separator: str = SKILL_SEPARATOR,
    **options: Any,
) -> Any:
    """k-fold cross-validation split by learner (a learner's rows stay in one fold; folds
    drawn with ``seed``, the same in every front end) as a DataFrame indexed by ``fold``,
    with ``learners``, ``rmse``, ``auc``, ``accuracy``, ``log_loss`` and ``count``. With
    ``by_skill=True``: one row per fold and skill, indexed by (``fold``, ``skill``). Keyword
    options go to :meth:`BktModel.cross_validate_arrays` (num_fits, seed, forgets,
    progress, ...)."""
    import pandas as pd

    args, labels, _ = _arrays(df, columns, separator)
    results = BktModel.cross_validate_arrays(*args, folds=folds, **{**labels, **options})
    metrics = ["rmse", "auc", "accuracy", "log_loss", "count"]
    if by_skill:
        rows = [{"fold": f["fold"], **s} for f in results for s in f["skills"]]
        frame = pd.DataFrame(rows, columns=["fold", "skill", *metrics])
        return frame.set_index(["fold", "skill"])
    frame = pd.DataFrame(results, columns=["fold", "learners", *metrics])
    return frame.set_index("fold")


def params_frame(model: BktModel, long: bool = False) -> Any:
    """The fitted parameters as a DataFrame indexed by skill, with columns ``prior``,
    ``learn``, ``guess``, ``slip``, ``forget`` (always, 0 without forgetting),
    ``log_likelihood``, ``iterations``, ``responses`` and ``warnings`` (each skill's warning
    codes, comma-separated, empty when none). With ``long=True``: one row per value, indexed
    by (skill, param, class) with a ``value`` column, the per-item, per-pair and per-group
    classes of the variants included (``default`` for a skill's own value), as pyBKT's
    ``params()`` lays them out."""
    import pandas as pd

    params = model.params()
    if long:
        rows = []
        for skill, p in params.items():
            classes = {
                "prior": p.get("prior_by_group") or {},
                "learn": {k: v["learn"] for k, v in (p.get("learn_by_item") or p.get("learn_by_pair") or {}).items()},
                "forget": {k: v.get("forget", 0.0) for k, v in (p.get("learn_by_item") or p.get("learn_by_pair") or {}).items()},
                "guess": {k: v["guess"] for k, v in (p.get("guess_slip_by_item") or {}).items()},
                "slip": {k: v["slip"] for k, v in (p.get("guess_slip_by_item") or {}).items()},
            }
            for param, by_class in classes.items():
                rows.append((skill, param, "default", float(p.get(param, 0.0))))
                rows += [(skill, param, str(c), float(v)) for c, v in sorted(by_class.items())]
        frame = pd.DataFrame(rows, columns=["skill", "param", "class", "value"])
        return frame.set_index(["skill", "param", "class"])
    names = ["prior", "learn", "guess", "slip", "forget", "log_likelihood", "iterations", "responses"]
    frame = pd.DataFrame(
        [[p.get(n, 0.0 if n == "forget" else None) for n in names] for p in params.values()],
        index=pd.Index(list(params), name="skill"),
        columns=names,
    )
    frame["warnings"] = [",".join(w["code"] for w in p.get("warnings", [])) for p in params.values()]
    return frame


def class_report_frame(store: Any) -> Any:
    """The class skills report as a DataFrame: one row per skill, a column per level with
    learner counts, and the class's mastery %."""
    import pandas as pd

    report = store.class_report()
    rows = {r["skill"]: [*r["counts"], r["mastery_percent"]] for r in report["skills"]}
    return pd.DataFrame.from_dict(rows, orient="index", columns=[*report["levels"], "mastery_percent"]).rename_axis("skill")



def scores_frame(store: Any, class_id: str, now: Any) -> Any:
    """The Scores report as a DataFrame: one row per assignment and learner (status, score,
    best_score, completed, late, sittings, seconds), indexed by (assignment, learner)."""
    import pandas as pd

    rows = store.scores(class_id, now)
    columns = ["assignment", "learner", "status", "score", "best_score", "completed", "late", "sittings", "seconds"]
    df = pd.DataFrame(rows, columns=columns)
    df["completed"] = pd.to_datetime(df["completed"], utc=True)
    return df.set_index(["assignment", "learner"])


def class_goals_frame(store: Any, class_id: str, now: Any) -> Any:
    """The goals of a class as a DataFrame: one row per goal and learner (status, share at
    target, mastery %, projected completion), indexed by (goal, learner)."""
    import pandas as pd

    rows = [
        {
            "goal": g["goal"],
            "learner": entry["learner"],
            "status": entry["progress"]["status"],
            "skills_at_target": entry["progress"]["skills_at_target"],
            "skills_total": entry["progress"]["skills_total"],
            "mastery_percent": entry["progress"]["mastery_percent"],
            "projected_completion": entry["progress"]["projected_completion"],
            "due": g["due"],
        }
        for g in store.class_goals(class_id, now)
        for entry in g["learners"]
    ]
    columns = ["goal", "learner", "status", "skills_at_target", "skills_total", "mastery_percent", "projected_completion", "due"]
    df = pd.DataFrame(rows, columns=columns)
    for col in ["projected_completion", "due"]:
        df[col] = pd.to_datetime(df[col], utc=True)
    return df.set_index(["goal", "learner"])


def class_mastery_frame(store: Any, class_id: str) -> Any:
    """The Mastery report as a DataFrame: a row per learner, a column per skill (its level),
    then mastery % per unit and course, skills at target and last activity."""
    import pandas as pd

    report = store.class_mastery(class_id)
    rows = {}
    for r in report["learners"]:
        row: dict[str, Any] = dict(zip(report["skills"], r["levels"]))
        row.update({f"unit:{u}": v for u, v in zip(report["units"], r["units"])})
        row.update({f"course:{c}": v for c, v in zip(report["courses"], r["courses"])})
        row.update(skills_at_target=r["skills_at_target"], mastery_percent=r["mastery_percent"], last_active=r["last_active"])
        rows[r["learner"]] = row
    df = pd.DataFrame.from_dict(rows, orient="index")
    if "last_active" in df:
        df["last_active"] = pd.to_datetime(df["last_active"], utc=True)
    return df.rename_axis("learner")


def class_skills_frame(store: Any, class_id: str, rules: Any = None) -> Any:
    """The Skills report as a DataFrame: a row per skill, learners per level, % at target and
    the number struggling (the learners in ``struggling``)."""
    import pandas as pd

    report = store.class_skills(class_id, rules)
    rows = {
        s["skill"]: [*s["counts"], s["percent_at_target"], len(s["struggling"]), s["struggling"]]
        for s in report["skills"]
    }
    columns = [*report["levels"], "percent_at_target", "struggling_count", "struggling"]
    return pd.DataFrame.from_dict(rows, orient="index", columns=columns).rename_axis("skill")


def progress_frame(store: Any, learners: Any, scope: Any, start: Any, end: Any, step_days: int = 7) -> Any:
    """Progress over time as a DataFrame: a row per learner and period end (mastery %,
    skills at target)."""
    import pandas as pd

    points = store.progress_over_time(list(learners), scope, start, end, step_days)
    df = pd.DataFrame(points, columns=["learner", "date", "mastery_percent", "skills_at_target"])
    df["date"] = pd.to_datetime(df["date"], utc=True)
    return df


def learner_report_frame(store: Any, learner: str) -> Any:
    """One learner's skills as a DataFrame: level, points, responses, score_sum, last practised."""
    import pandas as pd

    return pd.DataFrame(store.learner_report(learner)["skills"]).set_index("skill")


def next_steps_frame(store: Any, goal: Any, now: Any, rules: Any = None) -> Any:
    """Every learner's next steps as a DataFrame, one row per step: learner, rank, kind,
    skills (a list), scope (a unit test's or course challenge's) and reason (the code)."""
    import pandas as pd

    return pd.DataFrame(store.next_steps_columns(goal, now, rules))


def simulation_frames(result: Any) -> tuple[Any, Any]:
    """A simulation result as two DataFrames: per learner (steps, mastered, over_practice,
    under_practiced, steps_to_mastery) and per skill (true_mastery, mean_items)."""
    import pandas as pd

    learners = pd.DataFrame(
        [{k: v for k, v in row.items() if k != "levels"} for row in result["learners"]]
    ).rename_axis("learner")
    skills = pd.DataFrame(result["skills"]).set_index("skill")
    return learners, skills


EVIDENCE_COLUMNS = {
    "learner": "learner",
    "sitting": "sitting",
    "context": "context",
    "skill": "skill",
    "correct": "correct",
    "score": "score",
    "timestamp": "timestamp",
    "item": "item",
    "event": "event_id",
}


def replay_frame(store: LearnerStore, df: Any, columns: Optional[dict[str, str]] = None) -> int:
    """Applies a DataFrame of responses, one row each, to ``store``; returns the number of
    level changes. Columns (rename with ``columns={"learner": "user_id", ...}``): ``learner``,
    ``sitting`` (consecutive rows of one learner and sitting form one assessment: an exercise,
    quiz or test), ``context`` (``practice``, ``quiz``, ...), ``skill``, ``correct`` (0/1 or
    bool) or ``score`` (in [0, 1]), ``timestamp`` (datetimes, RFC 3339 text, or integer
    seconds since the epoch, as everywhere), and optionally ``item`` and ``event_id``. Ids are
    factorized once; the rows reach Rust as numpy arrays. Every error is an ``EvidenceError``
    naming its row; a timestamp that looks like milliseconds says so."""
    import numpy as np
    import pandas as pd

    df = _as_pandas(df)
    cols = {**EVIDENCE_COLUMNS, **(columns or {})}
    outcome = "score" if cols["score"] in df.columns else "correct"
    _require(df, [cols[key] for key in ("learner", "sitting", "context", "skill", outcome, "timestamp")])

    def factorize(key: str) -> tuple[Any, list[str]]:
        codes, names = pd.factorize(df[cols[key]])
        return np.ascontiguousarray(codes, dtype=np.int64), [str(x) for x in names]

    learner_codes, learner_names = factorize("learner")
    context_codes, context_names = factorize("context")
    skill_codes, skill_names = factorize("skill")
    sitting_raw = df[cols["sitting"]]
    if pd.api.types.is_integer_dtype(sitting_raw):
        sitting = np.ascontiguousarray(sitting_raw.to_numpy(dtype=np.int64))
    else:
        sitting = np.ascontiguousarray(pd.factorize(sitting_raw)[0], dtype=np.int64)
    score = np.ascontiguousarray(df[cols[outcome]].to_numpy(dtype=np.float64))
    when = df[cols["timestamp"]]
    unit: Literal["s", "ms"] = "ms"
    if pd.api.types.is_integer_dtype(when):
        timestamp_ms = np.ascontiguousarray(when.to_numpy(dtype=np.int64))
        unit = "s"
    else:
        parsed = pd.to_datetime(when, utc=True)
        timestamp_ms = np.ascontiguousarray(
            parsed.dt.tz_convert(None).to_numpy().astype("datetime64[ms]").astype(np.int64)
        )
    extra: dict[str, Any] = {}
    for key, arg in (("item", "item"), ("event", "event")):
        if cols[key] in df.columns:
            codes, names = factorize(key)
            extra[f"{arg}_codes"], extra[f"{arg}_names"] = codes, names
    return store.replay_arrays(
        learner_codes,
        sitting,
        context_codes,
        skill_codes,
        score,
        timestamp_ms,
        learner_names,
        context_names,
        skill_names,
        timestamp_unit=unit,
        **extra,
    )
