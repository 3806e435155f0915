"""Replay from Python, two ways, on the same generated log in one run: JSON Lines text
(`LearnerStore.replay_jsonl`) against a DataFrame of responses (`masterykit.replay_frame`:
factorize the id columns, hand numpy arrays to Rust). Both must end in the same snapshot.

Usage: .venv/bin/python bench/replay_frame.py [LEARNERS]   (default 20000: 1M responses)
"""
import json
import pathlib
import random
import sys
import time

import numpy as np
import pandas as pd

import masterykit

ROOT = pathlib.Path(__file__).resolve().parents[1]
learners = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
course = masterykit.Curriculum.from_json((ROOT / "examples" / "prealgebra.json").read_text())
skills = course.learnable_order()
rng = random.Random(20_261_123)

# Five-question practice on one skill, every fifth sitting a five-skill quiz.
lines, rows = [], []
start = pd.Timestamp("2026-09-01T00:00:00Z")
for i in range(learners * 10):
    learner = f"learner-{rng.randrange(learners)}"
    quiz = i % 5 == 4
    context = "quiz" if quiz else "practice"
    when = start + pd.Timedelta(seconds=i)
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ")
    skill = rng.choice(skills)
    responses = []
    for q in range(5):
        s = rng.choice(skills) if quiz else skill
        correct = rng.random() < 0.8
        responses.append({"item": f"{s}-{q}", "skills": [s], "correct": correct})
        rows.append((learner, i, context, s, float(correct), when))
    lines.append(json.dumps({"learner": learner, "context": context, "timestamp": stamp,
                             "responses": responses}))
text = "\n".join(lines) + "\n"
df = pd.DataFrame(rows, columns=["learner", "sitting", "context", "skill", "score", "timestamp"])


def best(run, times=3):
    out = float("inf")
    for _ in range(times):
        store = masterykit.LearnerStore(course, masterykit.Policy.khan())
        started = time.perf_counter()
        run(store)
        out = min(out, time.perf_counter() - started)
    return out, store


def frame_to_jsonl(frame):
    """What a DataFrame user would do without replay_frame: one JSON line per sitting."""
    out, current, key = [], None, None
    for learner, sitting, context, skill, score, when in frame.itertuples(index=False):
        if (learner, sitting) != key:
            if current:
                out.append(json.dumps(current))
            key = (learner, sitting)
            current = {"learner": learner, "context": context,
                       "timestamp": when.strftime("%Y-%m-%dT%H:%M:%SZ"), "responses": []}
        current["responses"].append({"item": skill, "skills": [skill], "score": score})
    out.append(json.dumps(current))
    return "\n".join(out)


jsonl, a = best(lambda s: s.replay_jsonl(text))
frame, b = best(lambda s: masterykit.replay_frame(s, df))
convert, c = best(lambda s: s.replay_jsonl(frame_to_jsonl(df)), times=1)
# The numpy path under replay_frame alone, ids already factorized.
codes = {k: pd.factorize(df[k]) for k in ("learner", "context", "skill")}
arrays = (
    *(np.ascontiguousarray(codes[k][0], dtype=np.int64) for k in ("learner",)),
    df["sitting"].to_numpy(dtype=np.int64),
    *(np.ascontiguousarray(codes[k][0], dtype=np.int64) for k in ("context", "skill")),
    df["score"].to_numpy(dtype=np.float64),
    df["timestamp"].dt.tz_convert(None).to_numpy().astype("datetime64[ms]").astype(np.int64),
    *([str(x) for x in codes[k][1]] for k in ("learner", "context", "skill")),
)
numpy_only, d = best(lambda s: s.replay_arrays(*arrays))
same = all(x.to_snapshot_json() == a.to_snapshot_json() for x in (b, c, d))
n = len(df)
print(f"replay of {n:,} responses from Python:")
for name, t in [("replay_jsonl (JSON Lines text in memory), best of 3", jsonl),
                ("replay_frame (DataFrame: factorize + numpy arrays), best of 3", frame),
                ("replay_arrays (numpy, ids already factorized), best of 3", numpy_only),
                ("DataFrame -> JSON Lines in Python + replay_jsonl, once", convert)]:
    print(f"  {name}: {t:.3f} s  {n / t / 1e6:.2f}M responses/s")
print(f"  same final state: {same}")
if not same:
    sys.exit(1)
