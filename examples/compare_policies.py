"""Mastery learning vs a fixed pace on the sample pre-algebra course, 10,000 simulated learners.

Prints a table and saves a plot (matplotlib) of true mastery against practice spent.
Run: .venv/bin/python examples/compare_policies.py [--learners N] [--plot out.png]
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
}


def main(learners: int = 10_000, plot: str = "compare_policies.png", seed: int = 42) -> dict[str, dict]:
    course = masterykit.Curriculum.from_json((ROOT / "examples" / "prealgebra.json").read_text())
    results = {name: masterykit.simulate(course, t, {"learners": learners, "seed": seed})
               for name, t in TEACHING.items()}
    print(f"{'teaching':<26} {'true mastery':>12} {'items':>8} {'over-practice':>14} {'under-practiced':>16}")
    for name, r in results.items():
        print(f"{name:<26} {100 * r['mastery_share']:>11.1f}% {r['mean_steps']:>8.1f} "
              f"{r['mean_over_practice']:>14.1f} {r['mean_under_practiced']:>16.2f}")
    if plot:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        fig, ax = plt.subplots(figsize=(7, 4.5))
        for name, r in results.items():
            ax.scatter(r["mean_steps"], 100 * r["mastery_share"], s=60, label=name)
        ax.set_xlabel("items practised per learner")
        ax.set_ylabel("skills truly mastered (%)")
        ax.set_title(f"Mastery learning vs fixed pace, {learners:,} simulated learners, 50 skills")
        ax.legend(loc="lower right", fontsize=8)
        ax.grid(alpha=0.3)
        fig.tight_layout()
        fig.savefig(plot, dpi=120)
        print(f"plot saved to {plot}")
    return results


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--learners", type=int, default=10_000)
    parser.add_argument("--plot", default="compare_policies.png")
    args = parser.parse_args()
    main(args.learners, args.plot)
