"""The work of one part of a split job, and the merge of the parts, shared by
:mod:`masterykit.dask` and :mod:`masterykit.spark`.

A fit splits by skill (each skill fits on its own rows alone, restarts seeded by its name), a
replay by learner, a simulation by learner range; the core's ``merge`` functions put the parts
together into exactly what one process gives. Rows carry their place in the whole log
(``ROW``), so each part applies them in the log's order whatever order the engine's shuffle
delivered them in.
"""

import pickle
from typing import Any, Iterable, Mapping, Optional, Sequence

from ._native import BktModel, Curriculum, LearnerStore, MasteryError, Policy, merge_simulations, simulate
from .frames import DATASHOP_COLUMNS, EVIDENCE_COLUMNS, PYBKT_COLUMNS, _error, fit_frame, replay_frame

#: The column holding each row's place in the whole log.
ROW = "_masterykit_row"


def fit_columns(names: Sequence[str], columns: Optional[Mapping[str, str]]) -> dict[str, str]:
    """The fit's column names for a frame with these columns (pyBKT's, or DataShop's when
    the frame has no ``user_id`` but has ``Anon Student Id``, then ``columns``)."""
    base = PYBKT_COLUMNS
    if PYBKT_COLUMNS["learner"] not in names and DATASHOP_COLUMNS["learner"] in names:
        base = DATASHOP_COLUMNS
    cols = {**base, **(columns or {})}
    for key in ("learner", "skill", "correct"):
        if cols[key] not in names:
            raise _error(MasteryError, "missing_column",
                         f"missing column `{cols[key]}` ({key}); the frame has {list(names)}")
    return cols


def evidence_columns(names: Sequence[str], columns: Optional[Mapping[str, str]]) -> dict[str, str]:
    """The replay's column names (``replay_frame``'s, then ``columns``)."""
    cols = {**EVIDENCE_COLUMNS, **(columns or {})}
    if cols["learner"] not in names:
        raise _error(MasteryError, "missing_column",
                     f"missing column `{cols['learner']}` (learner); the frame has {list(names)}")
    return cols


def explode_skills(pdf: Any, skill: str, separator: str) -> Any:
    """One row per skill of a row naming several (``a~~b``), in place of the row: the rows a
    fit credits, so that each goes to its skill's part."""
    if len(pdf) == 0 or not pdf[skill].astype(str).str.contains(separator, regex=False).any():
        return pdf
    split = pdf[skill].astype(str).str.split(separator)
    return pdf.assign(**{skill: split}).explode(skill)


def in_log_order(pdf: Any) -> Any:
    """The part's rows in the whole log's order, without the row column (as they are when
    the part has none: a frame partitioned by its owner keeps its rows' order)."""
    if ROW not in pdf.columns:
        return pdf.reset_index(drop=True)
    return pdf.sort_values(ROW, kind="stable").drop(columns=[ROW]).reset_index(drop=True)


def fit_part(pdf: Any, columns: Optional[Mapping[str, str]], separator: str, options: Mapping[str, Any]) -> Optional[str]:
    """The JSON model of the skills in one part (None for an empty part)."""
    if len(pdf) == 0:
        return None
    return fit_frame(in_log_order(pdf), dict(columns or {}), separator, **options).to_json()


def merge_models(models: Iterable[Optional[str]]) -> BktModel:
    """One model from the parts' JSON models (skills disjoint)."""
    parts = [BktModel.from_json(m) for m in models if m]
    if not parts:
        raise _error(MasteryError, "empty_evidence", "no part had responses to fit")
    merged = parts[0]
    for part in parts[1:]:
        merged = merged.merge(part)
    return merged


def new_store(curriculum: Curriculum, policy: Policy, roster: Any) -> LearnerStore:
    """An empty store, with the roster when given."""
    store = LearnerStore(curriculum, policy)
    if roster is not None:
        store.set_roster(roster)
    return store


def replay_part(pdf: Any, curriculum: Curriculum, policy: Policy, roster: Any,
                columns: Optional[Mapping[str, str]]) -> bytes:
    """One part's learners replayed into a store of their own, pickled."""
    store = new_store(curriculum, policy, roster)
    if len(pdf):
        replay_frame(store, in_log_order(pdf), dict(columns or {}))
    return pickle.dumps(store, protocol=pickle.HIGHEST_PROTOCOL)


def merge_stores(curriculum: Curriculum, policy: Policy, roster: Any, parts: Iterable[bytes]) -> LearnerStore:
    """One store from the parts' pickled stores (learners disjoint)."""
    merged = new_store(curriculum, policy, roster)
    for blob in parts:
        merged.merge(pickle.loads(blob))
    return merged


def learner_ranges(learners: int, parts: int) -> list[tuple[int, int]]:
    """``(first_learner, learners)`` of each part: consecutive ranges, sizes within one."""
    parts = max(1, min(parts, learners)) if learners else 1
    base, extra = divmod(learners, parts)
    out, first = [], 0
    for k in range(parts):
        count = base + (1 if k < extra else 0)
        out.append((first, count))
        first += count
    return out


def simulate_part(curriculum: Curriculum, teaching: Any, config: Mapping[str, Any], first: int, count: int) -> dict[str, Any]:
    """The run of learners ``first..first + count``."""
    return simulate(curriculum, teaching, {**config, "first_learner": first, "learners": count})


def merge_runs(runs: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    """One run's result from consecutive ranges' results, in any order."""
    return merge_simulations(sorted(runs, key=lambda r: r["first_learner"]))
