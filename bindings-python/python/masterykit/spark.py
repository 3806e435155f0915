"""masterykit on Spark: fit, replay and simulate with PySpark, with the answers of one process.

The same splits as :mod:`masterykit.dask`: a fit by skill and a replay by learner through
``groupBy(...).applyInPandas``, a simulation by learner range through ``mapInPandas``; the
parts merge with the core's ``merge`` into exactly what ``fit_frame``, ``replay_frame`` and
``simulate`` give in one process. Rows are applied in the DataFrame's order (numbered with
``monotonically_increasing_id`` before the shuffle), so give a frame in log order: as read
from files, or sorted.

    >>> from masterykit import spark as mkspark                          # doctest: +SKIP
    >>> model = mkspark.fit_bkt(spark.read.csv("log.csv", header=True, inferSchema=True))  # doctest: +SKIP

Needs ``pyspark`` with ``pyarrow``; the workers' Python must import masterykit.
"""

import json
import re
from typing import Any, Iterator, Literal, Mapping, Optional, Union

from . import _parts
from ._native import SKILL_SEPARATOR, BktModel, Curriculum, LearnerStore, Policy

#: Learners a simulation runs when its config does not say (as ``simulate``).
DEFAULT_LEARNERS = 1000


def _tasks(sdf: Any, tasks: Optional[int]) -> int:
    return max(1, int(tasks) if tasks is not None else sdf.rdd.getNumPartitions())


#: The column holding each row's group.
TASK = "_masterykit_task"


def _numbered(sdf: Any) -> Any:
    """``sdf`` with each row's place in the frame's order in ``_parts.ROW``."""
    from pyspark.sql import functions as F

    return sdf.withColumn(_parts.ROW, F.monotonically_increasing_id())


def _grouped(sdf: Any, key: str, tasks: int) -> Any:
    """``sdf`` grouped into ``tasks`` groups by a hash of column ``key``."""
    from pyspark.sql import functions as F

    return sdf.withColumn(TASK, F.pmod(F.hash(F.col(key)), F.lit(tasks))).groupBy(TASK)


def fit_bkt(
    sdf: Any,
    columns: Optional[Mapping[str, str]] = None,
    separator: str = SKILL_SEPARATOR,
    *,
    tasks: Optional[int] = None,
    **options: Any,
) -> BktModel:
    """Fits BKT to a Spark DataFrame with pyBKT's columns, one task per group of skills.

    Rows naming several skills are split first; each group of skills (a hash of the skill
    into ``tasks`` groups, default: the frame's partitions) is fitted with ``fit_frame`` in
    the frame's row order, and the models merged: the result equals ``fit_frame`` on the whole
    frame. ``columns``, ``separator`` and the keyword options are ``fit_frame``'s.
    """
    from pyspark.sql import functions as F

    cols = _parts.fit_columns(list(sdf.columns), columns)
    skill = cols["skill"]
    exploded = _numbered(sdf).withColumn(
        skill, F.explode(F.split(F.col(skill).cast("string"), re.escape(separator)))
    )

    def fit(pdf: Any) -> Any:
        import pandas as pd

        model = _parts.fit_part(pdf.drop(columns=[TASK]), columns, separator, options)
        return pd.DataFrame({"model": [model] if model else []}, dtype=object)

    grouped = _grouped(exploded, skill, _tasks(sdf, tasks))
    rows = grouped.applyInPandas(fit, schema="model string").collect()
    return _parts.merge_models(r["model"] for r in rows)


def replay(
    sdf: Any,
    curriculum: Curriculum,
    policy: Policy,
    *,
    columns: Optional[Mapping[str, str]] = None,
    roster: Any = None,
    tasks: Optional[int] = None,
    output: Literal["store", "parts"] = "store",
) -> Union[LearnerStore, Any]:
    """Replays a Spark DataFrame of evidence (``replay_frame``'s columns), partitioned by
    learner into ``tasks`` groups (default: the frame's partitions), each into a store of its
    own (with ``roster`` when given). ``output="store"`` merges them into one, with the state
    of a store that replayed the whole frame (learners part by part, no level-change
    history); ``output="parts"`` returns the Spark DataFrame of pickled stores (column
    ``store``), one per group."""
    cols = _parts.evidence_columns(list(sdf.columns), columns)

    def run(pdf: Any) -> Any:
        import pandas as pd

        blob = _parts.replay_part(pdf.drop(columns=[TASK]), curriculum, policy, roster, columns)
        return pd.DataFrame({"store": [blob]})

    grouped = _grouped(_numbered(sdf), cols["learner"], _tasks(sdf, tasks))
    stores = grouped.applyInPandas(run, schema="store binary")
    if output == "parts":
        return stores
    return _parts.merge_stores(curriculum, policy, roster, (bytes(r["store"]) for r in stores.collect()))


def simulate(
    spark: Any,
    curriculum: Curriculum,
    teaching: Any,
    config: Optional[Mapping[str, Any]] = None,
    *,
    tasks: int = 8,
) -> dict[str, Any]:
    """Runs ``simulate`` over consecutive learner ranges as ``tasks`` Spark tasks
    (``mapInPandas``) and merges the results: exactly ``simulate(curriculum, teaching,
    config)``."""
    import pandas as pd

    config = dict(config or {})
    ranges = _parts.learner_ranges(int(config.get("learners", DEFAULT_LEARNERS)), tasks)
    frame = spark.createDataFrame(pd.DataFrame(ranges, columns=["first", "count"])).repartition(len(ranges))

    def run(batches: Iterator[Any]) -> Iterator[Any]:
        for pdf in batches:
            results = [
                json.dumps(_parts.simulate_part(curriculum, teaching, config, int(f), int(c)))
                for f, c in zip(pdf["first"], pdf["count"])
            ]
            yield pd.DataFrame({"result": results}, dtype=object)

    rows = frame.mapInPandas(run, schema="result string").collect()
    return _parts.merge_runs(json.loads(r["result"]) for r in rows)
