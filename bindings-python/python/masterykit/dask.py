"""masterykit on Dask: fit, replay and simulate over a cluster, with the answers of one process.

Each function splits the job the way its work divides (a fit by skill, a replay by learner, a
simulation by learner range), runs the parts as Dask tasks on whatever scheduler is active
(a ``distributed.Client``, threads, processes), and merges them with the core's ``merge``:
the model, store and simulation result equal those of ``fit_frame``, ``replay_frame`` and
``simulate`` on the same data and seed, for any number of workers and partitions.

    >>> import dask.dataframe as dd                                      # doctest: +SKIP
    >>> from masterykit import dask as mkdask                            # doctest: +SKIP
    >>> model = mkdask.fit_bkt(dd.read_csv("log-*.csv"), num_fits=5)     # doctest: +SKIP

Needs ``dask[dataframe]`` (and ``distributed`` for a cluster).
"""

from typing import Any, Literal, Mapping, Optional, Union

from . import _parts
from ._native import SKILL_SEPARATOR, BktModel, Curriculum, LearnerStore, Policy

#: Learners a simulation runs when its config does not say (as ``simulate``).
DEFAULT_LEARNERS = 1000


def _numbered(ddf: Any) -> Any:
    """``ddf`` with each row's place in the whole frame in ``_parts.ROW`` (one pass to count
    the partitions' rows)."""
    import dask.dataframe as dd
    import numpy as np
    from dask.delayed import delayed

    lengths = ddf.map_partitions(len).compute()
    starts = np.concatenate([[0], np.cumsum(np.asarray(lengths, dtype=np.int64))[:-1]])

    def number(pdf: Any, start: int) -> Any:
        return pdf.assign(**{_parts.ROW: np.arange(start, start + len(pdf), dtype=np.int64)})

    meta = number(ddf._meta, 0)
    parts = [delayed(number)(p, int(s)) for p, s in zip(ddf.to_delayed(), starts)]
    return dd.from_delayed(parts, meta=meta, verify_meta=False)


def _tasks(ddf: Any, tasks: Optional[int]) -> int:
    return max(1, int(tasks) if tasks is not None else ddf.npartitions)


def fit_bkt(
    ddf: Any,
    columns: Optional[Mapping[str, str]] = None,
    separator: str = SKILL_SEPARATOR,
    *,
    tasks: Optional[int] = None,
    partitioned: bool = False,
    **options: Any,
) -> BktModel:
    """Fits BKT to a Dask DataFrame with pyBKT's columns, one task per group of skills.

    Rows naming several skills are split first; the rows are then shuffled by skill into
    ``tasks`` partitions (default: the frame's), each fitted with ``fit_frame`` in the log's
    row order, and the models merged. The result equals ``fit_frame`` on the whole frame.
    ``columns``, ``separator`` and the keyword options are ``fit_frame``'s.

    ``partitioned=True`` says the frame is split by skill already (each skill's rows in one
    partition, in log order, one skill per row; as a dataset stored partitioned by skill
    reads): no row count, no shuffle. A skill found in two partitions is a
    ``merge_conflict`` error, never a wrong model.
    """
    cols = _parts.fit_columns(list(ddf.columns), columns)
    skill = cols["skill"]
    if partitioned:
        shuffled = ddf
    else:
        numbered = _numbered(ddf)
        exploded = numbered.map_partitions(
            _parts.explode_skills, skill, separator,
            meta=numbered._meta.assign(**{skill: numbered._meta[skill].astype(object)}),
        )
        shuffled = exploded.shuffle(on=skill, npartitions=_tasks(ddf, tasks))
    models = shuffled.map_partitions(
        lambda pdf: _series([_parts.fit_part(pdf, columns, separator, options)]),
        meta=("model", "object"),
    )
    return _parts.merge_models(models.compute().tolist())


def replay(
    ddf: Any,
    curriculum: Curriculum,
    policy: Policy,
    *,
    columns: Optional[Mapping[str, str]] = None,
    roster: Any = None,
    tasks: Optional[int] = None,
    output: Literal["store", "parts"] = "store",
    partitioned: bool = False,
) -> Union[LearnerStore, Any]:
    """Replays a Dask DataFrame of evidence (``replay_frame``'s columns), partitioned by learner.

    Rows are shuffled by learner into ``tasks`` partitions (default: the frame's); each
    partition replays its learners, in the log's row order, into a store of its own (with
    ``roster`` when given). With ``output="store"`` the stores are merged into one, whose
    state (every learner's cells, events, roster and assignment work) equals a store that
    replayed the whole frame; learners come part by part, and the level-change history is
    not carried. With ``output="parts"`` the unmerged stores come back as a Dask Series of
    pickled stores, one per partition, for reports computed where they lie.

    ``partitioned=True`` says the frame is split by learner already (each learner's rows in
    one partition, in log order): no row count, no shuffle. A learner with evidence in two
    partitions is a ``duplicate_learner`` error, never a wrong store.
    """
    cols = _parts.evidence_columns(list(ddf.columns), columns)
    if partitioned:
        shuffled = ddf
    else:
        shuffled = _numbered(ddf).shuffle(on=cols["learner"], npartitions=_tasks(ddf, tasks))
    stores = shuffled.map_partitions(
        lambda pdf: _series([_parts.replay_part(pdf, curriculum, policy, roster, columns)]),
        meta=("store", "object"),
    )
    if output == "parts":
        return stores
    return _parts.merge_stores(curriculum, policy, roster, stores.compute().tolist())


def simulate(
    curriculum: Curriculum,
    teaching: Any,
    config: Optional[Mapping[str, Any]] = None,
    *,
    tasks: int = 8,
) -> dict[str, Any]:
    """Runs ``simulate`` over consecutive learner ranges as ``tasks`` Dask tasks and merges
    the results: exactly ``simulate(curriculum, teaching, config)``."""
    from dask.base import compute
    from dask.delayed import delayed

    config = dict(config or {})
    learners = int(config.get("learners", DEFAULT_LEARNERS))
    runs = [
        delayed(_parts.simulate_part)(curriculum, teaching, config, first, count)
        for first, count in _parts.learner_ranges(learners, tasks)
    ]
    return _parts.merge_runs(compute(*runs))  # type: ignore[no-untyped-call, unused-ignore]


def _series(values: list[Any]) -> Any:
    import pandas as pd

    return pd.Series(values, dtype=object)
