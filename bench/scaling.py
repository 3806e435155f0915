"""Beyond one process, measured in one run: fitting a generated log in one process and on a
local Dask cluster (2 workers), the overhead of the cluster by phase, the cost of pickling
the objects that travel between tasks, simulation split into tasks, and the memory of the
streaming CLI on logs larger than the memory it is allowed.

Usage: python bench/scaling.py CLI [--rows N] [--workers W]   (run by bench/scaling.sh)
"""

import argparse
import json
import os
import pickle
import resource
import subprocess
import sys
import tempfile
import time

import masterykit
from masterykit import dask as mkdask

DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data")


def timed(fn):
    started = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - started


def run(cmd, limit=None):
    """Runs a command; returns (seconds, peak RSS in MB, exit code, stderr)."""
    if limit:
        cmd = ["prlimit", f"--as={limit}", "--", *cmd]
    cmd = ["/usr/bin/time", "-f", "%M", *cmd]
    started = time.perf_counter()
    p = subprocess.run(cmd, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    lines = p.stderr.strip().splitlines()
    peak = int(lines[-1]) / 1024 if lines and lines[-1].isdigit() else float("nan")
    return seconds, peak, p.returncode, "\n".join(lines[:-1])[-300:]


def mb(path):
    return os.path.getsize(path) / 1e6


def fit_section(cli, rows, workers):
    import dask.dataframe as dd
    import distributed
    import pandas as pd

    learners = rows // (100 * 20)
    csv = os.path.join(DATA, f"scaling_{rows // 1_000_000}M.csv")
    if not os.path.exists(csv):
        subprocess.run([cli, "synthesize", "--skills", "100", "--learners", str(learners), "--steps", "20",
                        "--seed", "7", "-o", csv], check=True, capture_output=True)
    print(f"\n== fit: {rows:,} responses, 100 skills, {learners:,} learners ({mb(csv):.0f} MB CSV), one restart")
    cli_s, cli_peak, code, err = run([cli, "fit", csv, "--num-fits", "1", "-o", os.devnull])
    assert code == 0, err
    print(f"one process, CLI (read + fit):          {cli_s:7.2f} s   peak {cli_peak:6.0f} MB")
    frame, read_s = timed(lambda: pd.read_csv(csv))
    one, fit_s = timed(lambda: masterykit.fit_frame(frame, num_fits=1))
    print(f"one process, Python (read_csv + fit):   {read_s + fit_s:7.2f} s   (read {read_s:.2f}, fit {fit_s:.2f})")
    del frame
    with distributed.LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                  dashboard_address=None, memory_limit=0) as cluster, \
            distributed.Client(cluster):
        ddf = dd.read_csv(csv, blocksize="64MB")
        model, total = timed(lambda: mkdask.fit_bkt(ddf, num_fits=1))
        assert model == one, "the cluster's model differs from one process's"
        # The phases, each run on its own: counting rows (the order every part keeps), the
        # shuffle by skill, and the per-part fits with their merge.
        _, count_s = timed(lambda: ddf.map_partitions(len).compute())
        shuffled = mkdask._numbered(ddf).shuffle(on="skill_name", npartitions=ddf.npartitions)
        shuffled, shuffle_s = timed(lambda: persisted(shuffled))
        models = shuffled.map_partitions(
            lambda pdf: mkdask._series([masterykit._parts.fit_part(pdf, None, "~~", {"num_fits": 1})]),
            meta=("model", "object"))
        _, fit_parts_s = timed(lambda: masterykit._parts.merge_models(models.compute().tolist()))
    print(f"Dask LocalCluster, {workers} workers:          {total:7.2f} s   ({ddf.npartitions} partitions; model equal: yes)")
    print(f"  phases: count rows {count_s:.2f} s, read + shuffle by skill {shuffle_s:.2f} s, fit parts + merge {fit_parts_s:.2f} s")
    print(f"  cluster / one process (Python): {total / (read_s + fit_s):.2f}x the time; CLI / cluster: {cli_s / total:.2f}x")
    return csv


def persisted(collection):
    """The collection computed and held on the workers."""
    import distributed

    held = collection.persist()
    distributed.wait(held)
    return held


def replay_section(workers, rows):
    import dask.dataframe as dd
    import distributed
    import numpy as np
    import pandas as pd

    learners = max(rows // 25, 1)
    print(f"\n== replay: {rows:,} responses of {learners:,} learners, 50 skills")
    curriculum = masterykit.Curriculum.generate(50, 1)
    policy = masterykit.Policy.khan()
    skills = np.array(curriculum.skill_ids())
    rng = np.random.default_rng(3)
    sitting = np.arange(rows) // 5
    frame = pd.DataFrame({
        "learner": pd.Series((sitting * 7919) % learners).map("s{}".format),
        "sitting": sitting,
        "context": "practice",
        "skill": skills[(sitting * 13) % 50],
        "correct": (rng.random(rows) < 0.75).astype(np.int64),
        "timestamp": 1_788_000_000 + sitting,
    })
    one = masterykit.LearnerStore(curriculum, policy)
    _, one_s = timed(lambda: masterykit.replay_frame(one, frame))
    with distributed.LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                  dashboard_address=None, memory_limit=0) as cluster, \
            distributed.Client(cluster):
        ddf = dd.from_pandas(frame, npartitions=10)
        ddf, scatter_s = timed(lambda: persisted(ddf))
        store, total = timed(lambda: mkdask.replay(ddf, curriculum, policy))
        canonical = lambda s: sorted(json.loads(s.to_snapshot_json())["learners"], key=lambda l: l["id"])
        assert canonical(store) == canonical(one), "the cluster's store differs from one process's"
        shuffled = mkdask._numbered(ddf).shuffle(on="learner", npartitions=ddf.npartitions)
        shuffled, shuffle_s = timed(lambda: persisted(shuffled))
        parts = shuffled.map_partitions(
            lambda pdf: mkdask._series([masterykit._parts.replay_part(pdf, curriculum, policy, None, None)]),
            meta=("store", "object"))
        blobs, parts_s = timed(lambda: parts.compute().tolist())
        _, merge_s = timed(lambda: masterykit._parts.merge_stores(curriculum, policy, None, blobs))
    size = sum(len(b) for b in blobs) / 1e6
    print(f"one process replay_frame:       {one_s:7.2f} s")
    print(f"Dask LocalCluster, {workers} workers:  {total:7.2f} s   (snapshots equal: yes; the frame already on the workers)")
    print(f"  phases: number rows + shuffle by learner {shuffle_s:.2f} s, replay parts + pickle + send "
          f"{parts_s:.2f} s, unpickle + merge {merge_s:.2f} s ({size:.0f} MB of pickled stores)")


def pickle_section():
    import numpy as np

    print("\n== pickling what travels between tasks")
    curriculum = masterykit.Curriculum.generate(50, 1)
    store = masterykit.LearnerStore(curriculum, masterykit.Policy.khan())
    n = 20_000
    rng = np.random.default_rng(1)
    skills = curriculum.skill_ids()
    rows = n * 10
    learner = np.repeat(np.arange(n), 10)
    _, replay_s = timed(lambda: store.replay_arrays(
        learner.astype(np.int64), np.arange(rows, dtype=np.int64) // 5, np.zeros(rows, dtype=np.int64),
        rng.integers(0, len(skills), rows).astype(np.int64), (rng.random(rows) < 0.7).astype(np.float64),
        (1_788_000_000 + np.arange(rows, dtype=np.int64)), [f"s{i}" for i in range(n)], ["practice"], skills,
        timestamp_unit="s"))
    blob, dump_s = timed(lambda: pickle.dumps(store, protocol=pickle.HIGHEST_PROTOCOL))
    _, load_s = timed(lambda: pickle.loads(blob))
    print(f"store of {n:,} learners x {len(skills)} skills: replay of {rows:,} responses {replay_s:.3f} s; "
          f"pickle {dump_s:.3f} s + unpickle {load_s:.3f} s, {len(blob) / 1e6:.1f} MB "
          f"({(dump_s + load_s) / replay_s:.2f}x the replay)")
    frame = masterykit.BktModel.from_params({f"k{i}": {"prior": 0.2, "learn": 0.1, "guess": 0.2, "slip": 0.1}
                                             for i in range(1000)})
    blob, dump_s = timed(lambda: pickle.dumps(frame))
    _, load_s = timed(lambda: pickle.loads(blob))
    print(f"model of 1,000 skills: pickle {dump_s * 1e3:.2f} ms + unpickle {load_s * 1e3:.2f} ms, {len(blob) / 1e3:.0f} kB")


def simulate_section(workers):
    import distributed

    print("\n== simulation split by learner range")
    curriculum = masterykit.Curriculum.generate(40, 3)
    teaching = {"kind": "mastery_threshold", "threshold": 0.95, "max_items": 30}
    config = {"learners": 100_000, "seed": 5}
    one, one_s = timed(lambda: masterykit.simulate(curriculum, teaching, config))
    with distributed.LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster, distributed.Client(cluster):
        merged, cluster_s = timed(lambda: mkdask.simulate(curriculum, teaching, config, tasks=8))
    assert merged == one
    print(f"100,000 learners x 40 skills: one process (all cores) {one_s:.2f} s, "
          f"Dask {workers} workers x 1 thread, 8 tasks {cluster_s:.2f} s (result equal: yes)")


def events_log(path, target_bytes, learners):
    """A JSON Lines event log of about `target_bytes`: practice of `learners` learners."""
    if os.path.exists(path) and os.path.getsize(path) >= target_bytes:
        return
    skills = masterykit.Curriculum.generate(50, 1).skill_ids()
    written, i = 0, 0
    with open(path, "w") as out:
        while written < target_bytes:
            lines = []
            for _ in range(10_000):
                lines.append(
                    f'{{"learner": "s{i % learners}", "context": "practice", "timestamp": {1_788_000_000 + i}, '
                    f'"responses": [{{"item": "q", "skills": ["{skills[i % 50]}"], "correct": {"true" if i % 3 else "false"}}}, '
                    f'{{"item": "r", "skills": ["{skills[(i * 7) % 50]}"], "correct": true}}]}}\n')
                i += 1
            chunk = "".join(lines)
            out.write(chunk)
            written += len(chunk)


def limited(cmd, limit):
    """Runs `cmd` in a memory cgroup of `limit` bytes (cgroup v1, as root); returns (seconds,
    peak MB the cgroup charged, exit code, stderr tail), or None without cgroup access."""
    base = "/sys/fs/cgroup/memory"
    group = os.path.join(base, f"masterykit-bench-{os.getpid()}")
    try:
        os.mkdir(group)
    except OSError:
        return None
    try:
        with open(os.path.join(group, "memory.limit_in_bytes"), "w") as f:
            f.write(str(limit))
        swap = os.path.join(group, "memory.memsw.limit_in_bytes")
        if os.path.exists(swap):
            with open(swap, "w") as f:
                f.write(str(limit))
        started = time.perf_counter()
        p = subprocess.run(["sh", "-c", f'echo $$ > {group}/cgroup.procs && exec "$@"', "sh", *cmd],
                           capture_output=True, text=True)
        seconds = time.perf_counter() - started
        with open(os.path.join(group, "memory.max_usage_in_bytes")) as f:
            peak = int(f.read()) / 1e6
        return seconds, peak, p.returncode, p.stderr.strip()[-300:]
    finally:
        os.rmdir(group)


def streaming_section(cli, csv):
    print("\n== streaming CLI: memory allowed vs log size")
    limit = 256 << 20
    learners = 50_000
    log = os.path.join(DATA, "scaling_events.jsonl")
    events_log(log, 4 * limit + (32 << 20), learners)
    course = os.path.join(DATA, "scaling_course.json")
    with open(course, "w") as f:
        f.write(masterykit.Curriculum.generate(50, 1).to_json())
    with tempfile.TemporaryDirectory() as tmp:
        snap = os.path.join(tmp, "s.json")
        cmd = [cli, "replay", "--curriculum", course, log, "--no-history", "--snapshot", snap]
        free_s, free_peak, code, err = run(cmd)
        assert code == 0, err
        whole = json.loads(open(snap).read())
        out = limited(cmd, limit)
        how = f"a memory cgroup of {limit >> 20} MB"
        if out is None:
            out = run(cmd, limit=limit)
            how = f"`prlimit --as={limit >> 20}M` (address space)"
        s, peak, code, err = out
        state = "completed" if code == 0 else f"failed ({err})"
        same = code == 0 and json.loads(open(snap).read()) == whole
        print(f"replay --no-history of a {mb(log):.0f} MB JSON Lines log ({learners:,} learners x 50 skills) "
              f"in {how}, {mb(log) / (limit / 1e6):.1f}x smaller than the log: {state} in {s:.2f} s, "
              f"peak {peak:.0f} MB charged; snapshot equal to the unlimited run's: {'yes' if same else 'no'}")
        print(f"  unlimited: {free_s:.2f} s, peak RSS {free_peak:.0f} MB")
        s, peak, code, err = run([cli, "fit", csv, "--num-fits", "1", "-o", os.devnull])
        print(f"fit of the {mb(csv):.0f} MB CSV: peak RSS {peak:.0f} MB ({peak / mb(csv):.2f}x the file), {s:.2f} s")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("cli")
    ap.add_argument("--rows", type=int, default=20_000_000)
    ap.add_argument("--workers", type=int, default=2)
    a = ap.parse_args()
    os.makedirs(DATA, exist_ok=True)
    print(f"cores: {os.cpu_count()}")
    csv = fit_section(a.cli, a.rows, a.workers)
    replay_section(a.workers, a.rows // 4)
    pickle_section()
    simulate_section(a.workers)
    streaming_section(a.cli, csv)
    print(f"\nbench process peak RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    sys.exit(main())
