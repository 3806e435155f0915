"""Mastery learning vs a fixed pace vs following the engine's next steps, on the sample
pre-algebra course with simulated learners, without and with forgetting over time.

Prints two tables (true mastery, items, items per mastered skill, over- and under-practice,
retention 30 days after the last item) and saves a plot (matplotlib) of true mastery against
practice spent.
Run: .venv/bin/python examples/compare_policies.py [--learners N] [--memory-days D] [--plot out.png]
"""

import argparse
import pathlib

import masterykit

ROOT = pathlib.Path(__file__).resolve().parents[1]
TEACHING = {
    "fixed pace, 5 items": {"kind": "fixed_pace", "items": 5},
    "mastery at P(known) 0.80": {"kind": "mastery_threshold", "threshold": 0.80, "max_items": 30},
    "mastery at P(known) 0.90": {"kind": "mastery_threshold", "threshold": 0.90, "max_items": 30},
    "mastery at P(known) 0.95": {"kind": "mastery_threshold", "threshold": 0.95, "max_items": 30},
    "gating at Proficient": {"kind": "policy_level", "level": "proficient", "max_items": 30},
    "following next steps": {"kind": "next_steps", "max_items": 3000},
}


def table(title: str, results: dict[str, dict]) -> None:
    print(title)
    print(f"{'teaching':<26} {'true mastery':>12} {'items':>8} {'items/mastered':>14} "
          f"{'over-practice':>14} {'under-practiced':>16} {'retained':>9}")
    for name, r in results.items():
        mastered = r["mastery_share"] * len(r["skills"])
        per = r["mean_steps"] / mastered if mastered else float("nan")
        print(f"{name:<26} {100 * r['mastery_share']:>11.1f}% {r['mean_steps']:>8.1f} {per:>14.1f} "
              f"{r['mean_over_practice']:>14.1f} {r['mean_under_practiced']:>16.2f} "
              f"{100 * r['retention_share']:>8.1f}%")


def main(learners: int = 10_000, plot: str = "compare_policies.png", seed: int = 42,
         memory_days: float = 20.0) -> dict[str, dict[str, dict]]:
    course = masterykit.Curriculum.from_json((ROOT / "examples" / "prealgebra.json").read_text())
    runs = {}
    for label, memory in (("no forgetting", 0.0), (f"forgetting (memory {memory_days:g} days)", memory_days)):
        config = {"learners": learners, "seed": seed, "memory_days": memory}
        runs[label] = {name: masterykit.simulate(course, t, config) for name, t in TEACHING.items()}
        table(f"{learners:,} learners, {label}:", runs[label])
    if plot:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        fig, ax = plt.subplots(figsize=(7, 4.5))
        for name, r in runs["no forgetting"].items():
            ax.scatter(r["mean_steps"], 100 * r["mastery_share"], s=60, label=name)
        ax.set_xlabel("items practised per learner")
        ax.set_ylabel("skills truly mastered (%)")
        ax.set_title(f"Teaching policies, {learners:,} simulated learners, 50 skills")
        ax.legend(loc="lower right", fontsize=8)
        ax.grid(alpha=0.3)
        fig.tight_layout()
        fig.savefig(plot, dpi=120)
        print(f"plot saved to {plot}")
    return runs


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--learners", type=int, default=10_000)
    parser.add_argument("--memory-days", type=float, default=20.0)
    parser.add_argument("--plot", default="compare_policies.png")
    args = parser.parse_args()
    main(args.learners, args.plot, memory_days=args.memory_days)
