"""Dask and Spark give exactly what one process gives: the fitted model, the replayed store
and the simulation result, on a real local cluster (``distributed.LocalCluster`` with 2
workers, PySpark in ``local[2]``)."""

import json
import pickle

import numpy as np
import pandas as pd
import pytest

import masterykit
from masterykit import MasteryError
from masterykit import dask as mkdask


def messy_log(seed=0, learners=80, skills=12):
    """A log shaped like real ones: numeric learner ids, a skill always right, one always
    wrong, one of single responses, one with a learner answering hundreds of times, rows
    naming two skills, duplicate rows, order ids out of row order."""
    rng = np.random.default_rng(seed)
    rows = []
    for l in range(learners):
        uid = 70000 + (l * 7919) % 10000
        for s in range(skills):
            if rng.random() < 0.3:
                continue
            n = {2: 1, 3: 400 if l == 0 else 3}.get(s, int(rng.integers(2, 30)))
            p = {0: 1.0, 1: 0.0}.get(s, 0.4 + 0.5 * rng.random())
            for _ in range(n):
                rows.append((uid, f"k{s}" if s != 5 else 17, int(rng.random() < p)))
    df = pd.DataFrame(rows, columns=["user_id", "skill_name", "correct"])
    df["skill_name"] = df["skill_name"].astype(str)
    two = rng.random(len(df)) < 0.02
    df.loc[two, "skill_name"] = "k6~~k7"
    df = pd.concat([df, df.iloc[::97]]).reset_index(drop=True)  # duplicate rows
    df["order_id"] = np.arange(len(df)) + rng.integers(-3, 3, len(df))  # a little out of order
    df["template_id"] = [f"t{i % 5}" for i in range(len(df))]
    return df[["order_id", "user_id", "skill_name", "correct", "template_id"]]


def evidence(seed=0, learners=60):
    rng = np.random.default_rng(seed)
    skills = ["place-value", "add-whole", "sub-whole", "mul-whole"]
    rows = []
    for day in range(1, 15):
        for _ in range(learners):
            l = int(rng.integers(0, learners))
            sitting = len(rows)
            skill = skills[int(rng.integers(0, len(skills)))]
            for q in range(int(rng.integers(1, 6))):
                rows.append((f"s{l}", sitting, "practice", skill, int(rng.random() < 0.75),
                             f"2026-09-{day:02d}T10:00:00Z"))
    return pd.DataFrame(rows, columns=["learner", "sitting", "context", "skill", "correct", "timestamp"])


ROSTER = {
    "format_version": 1,
    "classes": [{"id": "c1", "learners": ["s1", "s2", "s3", "new-kid"]}],
    "assignments": [{"id": "a1", "class": "c1", "skills": ["add-whole"], "context": "practice"}],
}


def canonical(store):
    snap = json.loads(store.to_snapshot_json())
    snap["learners"].sort(key=lambda l: l["id"])
    return snap


@pytest.fixture(scope="module")
def client():
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster, distributed.Client(cluster) as c:
        yield c


OPTIONS = [
    {"num_fits": 3, "seed": 4},
    {"num_fits": 2, "seed": 1, "forgets": True},
    {"num_fits": 2, "multigs": True},
]


@pytest.mark.parametrize("options", OPTIONS)
def test_dask_fit_equals_one_process(client, options):
    import dask.dataframe as dd

    df = messy_log()
    one = masterykit.fit_frame(df, **options)
    for partitions, tasks in [(3, None), (4, 2), (1, 5)]:
        ddf = dd.from_pandas(df, npartitions=partitions)
        model = mkdask.fit_bkt(ddf, tasks=tasks, **options)
        assert model == one, (partitions, tasks)
        assert model.to_json() == one.to_json()


def test_dask_on_frames_already_partitioned_skips_the_shuffle(client, prealgebra):
    import dask.dataframe as dd

    df = messy_log(seed=5)
    df = df[~df["skill_name"].str.contains("~~")].sort_values("order_id", kind="stable")
    one = masterykit.fit_frame(df, num_fits=2)
    by_skill = [part for _, part in df.groupby(df["skill_name"].map(lambda s: hash(s) % 3))]
    ddf = dd.from_map(lambda p: p, by_skill)
    assert mkdask.fit_bkt(ddf, partitioned=True, num_fits=2) == one
    # A skill in two partitions is refused, never merged into a wrong model.
    halves = dd.from_map(lambda p: p, [df.iloc[: len(df) // 2], df.iloc[len(df) // 2:]])
    with pytest.raises(MasteryError) as e:
        mkdask.fit_bkt(halves, partitioned=True, num_fits=2)
    assert e.value.code == "merge_conflict"

    ev = evidence(seed=6)
    one_store = masterykit.LearnerStore(prealgebra, masterykit.Policy.khan())
    masterykit.replay_frame(one_store, ev)
    by_learner = [part for _, part in ev.groupby(ev["learner"].str.len())]
    store = mkdask.replay(dd.from_map(lambda p: p, by_learner), prealgebra, masterykit.Policy.khan(),
                          partitioned=True)
    assert canonical(store) == canonical(one_store)


def test_dask_replay_equals_one_process(client, prealgebra):
    import dask.dataframe as dd

    df = evidence()
    policy = masterykit.Policy.khan()
    one = masterykit.LearnerStore(prealgebra, policy)
    one.set_roster(ROSTER)
    masterykit.replay_frame(one, df)
    for partitions, tasks in [(3, None), (2, 5)]:
        ddf = dd.from_pandas(df, npartitions=partitions)
        store = mkdask.replay(ddf, prealgebra, policy, roster=ROSTER, tasks=tasks)
        assert canonical(store) == canonical(one)
        assert store.assignment_work("a1", "s1") == one.assignment_work("a1", "s1")
        for learner in one.learners:
            assert store.learner_report(learner) == one.learner_report(learner)
    parts = mkdask.replay(dd.from_pandas(df, npartitions=2), prealgebra, policy, output="parts", tasks=3)
    stores = [pickle.loads(b) for b in parts.compute()]
    assert sum(len(s.learners) for s in stores) == len(one.learners) - 1  # not new-kid


def test_dask_simulate_equals_one_process(client, prealgebra):
    teaching = {"kind": "fixed_pace", "items": 4}
    config = {"learners": 45, "seed": 3, "max_steps": 300}
    one = masterykit.simulate(prealgebra, teaching, config)
    assert mkdask.simulate(prealgebra, teaching, config, tasks=4) == one
    assert mkdask.simulate(prealgebra, teaching, config, tasks=1) == one


def test_merges_refuse_overlap_with_typed_errors(prealgebra):
    df = messy_log(learners=10, skills=3)
    model = masterykit.fit_frame(df)
    with pytest.raises(MasteryError) as e:
        model.merge(model)
    assert e.value.code == "merge_conflict"
    store = masterykit.LearnerStore(prealgebra, masterykit.Policy.khan())
    masterykit.replay_frame(store, evidence(learners=5))
    with pytest.raises(masterykit.EvidenceError) as e:
        store.merge(store)
    assert e.value.code == "duplicate_learner"
    run = masterykit.simulate(prealgebra, {"kind": "fixed_pace", "items": 2}, {"learners": 5})
    with pytest.raises(MasteryError) as e:
        masterykit.merge_simulations([run, run])
    assert e.value.code == "merge_conflict"
    odd = masterykit.simulate(prealgebra, {"kind": "fixed_pace", "items": 2}, {"learners": 2, "first_learner": 5})
    odd["learners"][0]["levels"][0] = 99  # a level the run does not have: refused, never a panic
    with pytest.raises(MasteryError) as e:
        masterykit.merge_simulations([run, odd])
    assert e.value.code == "invalid_number"


@pytest.fixture(scope="module")
def spark():
    pytest.importorskip("pyspark")
    import os
    import sys

    from pyspark.sql import SparkSession

    # Spark's Python workers run this interpreter, which imports masterykit.
    os.environ["PYSPARK_PYTHON"] = sys.executable

    session = (SparkSession.builder.master("local[2]").appName("masterykit-tests")
               .config("spark.ui.enabled", "false")
               .config("spark.sql.shuffle.partitions", "4")
               .config("spark.sql.execution.arrow.pyspark.enabled", "true")
               .getOrCreate())
    yield session
    session.stop()


@pytest.mark.parametrize("options", OPTIONS[:2])
def test_spark_fit_equals_one_process(spark, options):
    from masterykit import spark as mkspark

    df = messy_log(seed=2)
    one = masterykit.fit_frame(df, **options)
    sdf = spark.createDataFrame(df)
    assert mkspark.fit_bkt(sdf, tasks=3, **options) == one


def test_spark_replay_and_simulate_equal_one_process(spark, prealgebra):
    from masterykit import spark as mkspark

    df = evidence(seed=4)
    policy = masterykit.Policy.khan()
    one = masterykit.LearnerStore(prealgebra, policy)
    one.set_roster(ROSTER)
    masterykit.replay_frame(one, df)
    store = mkspark.replay(spark.createDataFrame(df), prealgebra, policy, roster=ROSTER, tasks=3)
    assert canonical(store) == canonical(one)
    teaching = {"kind": "fixed_pace", "items": 3}
    config = {"learners": 30, "seed": 8, "max_steps": 200}
    assert mkspark.simulate(spark, prealgebra, teaching, config, tasks=3) == masterykit.simulate(prealgebra, teaching, config)
