import json
import multiprocessing
import pickle
import signal
import subprocess
import sys
import threading
import time

import masterykit
from conftest import ROOT


def test_fit_recovers_simulated_parameters_and_predicts():
    import csv
    import io
    import os
    import pathlib
    import tempfile

    # The CLI writes a simulated log; Python fits it (closing the loop across the boundary).
    out = os.path.join(tempfile.mkdtemp(), "log.csv")
    cli = ROOT / "target" / "debug" / "masterykit"
    subprocess.run([str(cli), "synthesize", "--skills", "2", "--learners", "3000", "--steps", "20",
                    "--seed", "5", "-o", out, "--params", out + ".json"], check=True, capture_output=True)
    text = pathlib.Path(out).read_text()
    model = masterykit.BktModel.fit_csv(text, num_fits=3, seed=1)
    truth = json.loads(pathlib.Path(out + ".json").read_text())["skills"]
    for skill, p in model.params().items():
        for k in ("prior", "learn", "guess", "slip"):
            assert abs(p[k] - truth[skill][k]) <= 0.05, (skill, k)
    rows = list(csv.DictReader(io.StringIO(text)))
    cols = ([r["user_id"] for r in rows], [r["skill_name"] for r in rows], [r["correct"] == "1" for r in rows])
    again = masterykit.BktModel.fit(*cols, num_fits=3, seed=1)
    assert again == model  # the same data through columns or CSV gives the same fit
    m = model.evaluate(*cols)
    assert m["count"] == len(rows) and 0.5 < m["auc"] <= 1
    preds = model.predict(*cols)
    assert len(preds) == len(rows) and all(0 <= q <= 1 for q in preds)


def test_objects_pickle_through_json(prealgebra):
    policy = masterykit.Policy.khan()
    store = masterykit.LearnerStore(prealgebra, policy)
    store.replay_jsonl((ROOT / "examples" / "events.jsonl").read_text())
    for obj in (prealgebra, policy):
        assert pickle.loads(pickle.dumps(obj)) == obj
    copy = pickle.loads(pickle.dumps(store))
    assert copy.to_snapshot_json() == store.to_snapshot_json()
    model = masterykit.BktModel.fit(["u", "u", "v"], ["a", "a", "a"], [False, True, True], num_fits=1)
    assert pickle.loads(pickle.dumps(model)) == model


def test_fitting_releases_the_gil_in_two_threads():
    learners = [f"u{i % 500}" for i in range(100_000)]
    skills = [f"s{i % 4}" for i in range(100_000)]
    correct = [(i * 7919) % 3 != 0 for i in range(100_000)]
    results, ticks = [], []

    def fit():
        results.append(masterykit.BktModel.fit(learners, skills, correct, num_fits=2, seed=3))

    def tick():
        # Runs Python code while the fits hold no GIL.
        while len(results) < 2:
            ticks.append(1)

    threads = [threading.Thread(target=fit) for _ in range(2)] + [threading.Thread(target=tick)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results[0] == results[1]
    assert len(ticks) > 100


def test_simulation_is_identical_in_python_and_rust(prealgebra):
    teaching = {"kind": "mastery_threshold", "threshold": 0.9, "max_items": 25}
    py = masterykit.simulate(prealgebra, teaching, {"learners": 500, "seed": 11})
    cli = ROOT / "target" / "debug" / "masterykit"
    out = subprocess.run([str(cli), "simulate", "--curriculum", str(ROOT / "examples" / "prealgebra.json"),
                          "--learners", "500", "--seed", "11", "--teaching", "mastery:0.9:25", "--json"],
                         check=True, capture_output=True, text=True)
    rust = json.loads(out.stdout)["results"][0]
    for key in ("mastery_share", "mean_steps", "mean_over_practice", "mean_under_practiced", "completion_share"):
        assert py[key] == rust[key], key
    assert py["skills"] == rust["skills"]


def _fit_in_worker(seed):
    learners = [f"u{i % 40}" for i in range(400)]
    correct = [(i * 7) % 3 != 0 for i in range(400)]
    return masterykit.BktModel.fit(learners, ["s"] * 400, correct, num_fits=4, seed=seed).to_json()


def test_fitting_works_in_workers_forked_after_a_fit():
    # The parent's fit starts the thread pool; forked workers have none of its threads.
    expected = [_fit_in_worker(seed) for seed in (1, 2)]
    ctx = multiprocessing.get_context("fork")
    with ctx.Pool(2) as pool:
        results = pool.map_async(_fit_in_worker, [1, 2]).get(timeout=120)
    assert results == expected


INTERRUPTED_FIT = """
import sys
import numpy as np
import masterykit
rng = np.random.default_rng(0)
n = 400_000
learners = [f"u{i}" for i in range(2000)]
codes = rng.integers(0, 2000, n)
skills = rng.integers(0, 40, n)
correct = rng.random(n) < 0.7
print("started", flush=True)
try:
    masterykit.BktModel.fit_arrays(codes, skills, correct, learners, [f"s{k}" for k in range(40)],
                                   num_fits=200, max_iterations=500, tolerance=0.0)
    print("finished", flush=True)
except KeyboardInterrupt:
    print("interrupted", flush=True)
"""


def test_ctrl_c_interrupts_a_long_fit():
    child = subprocess.Popen([sys.executable, "-c", INTERRUPTED_FIT], stdout=subprocess.PIPE, text=True)
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "started"
    time.sleep(1.0)  # well inside a fit of 8,000 restarts
    child.send_signal(signal.SIGINT)
    out, _ = child.communicate(timeout=60)
    assert out.strip() == "interrupted"


INTERRUPTED_SIMULATION = """
import masterykit
from pathlib import Path
course = masterykit.Curriculum.from_json(Path("examples/prealgebra.json").read_text())
print("started", flush=True)
try:
    masterykit.simulate(course, {"kind": "fixed_pace", "items": 8}, {"learners": 20_000_000})
    print("finished", flush=True)
except KeyboardInterrupt:
    print("interrupted", flush=True)
"""


def test_ctrl_c_interrupts_a_long_simulation():
    child = subprocess.Popen([sys.executable, "-c", INTERRUPTED_SIMULATION], stdout=subprocess.PIPE,
                             text=True, cwd=ROOT)
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "started"
    time.sleep(1.0)  # 20 million learners take minutes
    child.send_signal(signal.SIGINT)
    out, _ = child.communicate(timeout=60)
    assert out.strip() == "interrupted"


INTERRUPTED_REPLAY = """
import masterykit
from pathlib import Path
course = masterykit.Curriculum.from_json(Path("examples/prealgebra.json").read_text())
store = masterykit.LearnerStore(course, masterykit.Policy.khan())
def events():
    i = 0
    while True:
        if i == 1000:
            print("started", flush=True)
        yield {"learner": f"u{i}", "context": "practice", "timestamp": "2026-09-01",
               "responses": [{"item": "q", "skills": ["add-whole"], "correct": True}]}
        i += 1
try:
    store.replay_events(events())
    print("finished", flush=True)
except KeyboardInterrupt:
    print("interrupted", len(store.learners), flush=True)
"""


def test_ctrl_c_interrupts_a_long_replay_of_events_changing_nothing():
    child = subprocess.Popen([sys.executable, "-c", INTERRUPTED_REPLAY], stdout=subprocess.PIPE,
                             text=True, cwd=ROOT)
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "started"
    time.sleep(0.5)  # the generator never ends
    child.send_signal(signal.SIGINT)
    out, _ = child.communicate(timeout=60)
    assert out.strip() == "interrupted 0"


def test_a_store_is_safe_to_share_between_threads(prealgebra):
    events = (ROOT / "examples" / "events.jsonl").read_text().splitlines()
    lines = [line for line in events if line.strip() and not line.startswith("#")]
    copies = [json.loads(line) for line in lines]
    text = "\n".join(
        json.dumps({**a, "learner": f"{a['learner']}-{k}", "event_id": f"{a['event_id']}-{k}"})
        for k in range(300)
        for a in copies
    )
    store = masterykit.LearnerStore(prealgebra, masterykit.Policy.khan())
    failures = []

    def read():
        for _ in range(300):
            try:
                store.learners
                store.class_report()
            except Exception as e:  # noqa: BLE001 - any error is a failure here
                failures.append(e)

    threads = [threading.Thread(target=store.replay_jsonl, args=(text,)), threading.Thread(target=read)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert failures == []
    alone = masterykit.LearnerStore(prealgebra, masterykit.Policy.khan())
    alone.replay_jsonl(text)
    assert store.to_snapshot_json() == alone.to_snapshot_json()
