"""Placement question selectors compared on simulated learners: the most informative question
(masterykit's default), the half-split rule, a random untested skill, and every skill in
prerequisite order, on the sample pre-algebra course and on a generated 5,000-skill curriculum.

Each learner's hidden knowledge state is drawn consistent with the prerequisite graph (most of
a course prefix, with gaps, and a few skills from further on); answers carry careless errors
and lucky guesses. Prints how many learners each selector places within `within` wrong skills
and the median questions it takes, and saves a plot (matplotlib) of the mean wrong skills after
each question.
Run: .venv/bin/python examples/placement_selectors.py [--learners N] [--big-learners N] [--plot out.png]
"""

import argparse
import pathlib

import masterykit

ROOT = pathlib.Path(__file__).resolve().parents[1]
SELECTORS = ["informative", "half_split", "random", "in_order"]


def table(title: str, rows: list[dict], within: int) -> None:
    print(title)
    print(f"{'selector':<12} {'placed (<=' + str(within) + ' wrong)':>20} {'median questions':>17} "
          f"{'wrong after 10':>15} {'after 25':>9} {'at the budget':>14}")
    for r in rows:
        w = r["mean_wrong"]
        median = "-" if r["median_questions"] is None else f"{r['median_questions']:g}"
        print(f"{r['selector']:<12} {r['placed']:>13}/{r['learners']:<6} {median:>17} "
              f"{w[min(10, len(w) - 1)]:>15.1f} {w[min(25, len(w) - 1)]:>9.1f} {w[-1]:>14.1f}")


def main(learners: int = 200, big_learners: int = 10, big_skills: int = 5000, plot: str = "placement_selectors.png",
         seed: int = 7) -> dict[str, list[dict]]:
    course = masterykit.Curriculum.from_json((ROOT / "examples" / "prealgebra.json").read_text())
    big = masterykit.Curriculum.generate(big_skills, 7)
    within_big = max(1, big_skills // 20)
    runs = {
        "pre-algebra (50 skills)": (
            masterykit.compare_selectors(course, {"learners": learners, "within": 2, "seed": seed}), 2),
        f"generated ({big_skills:,} skills)": (
            masterykit.compare_selectors(
                big, {"learners": big_learners, "within": within_big, "budget": min(big_skills, 500), "seed": seed}),
            within_big),
    }
    for title, (rows, within) in runs.items():
        table(f"{title}, {rows[0]['learners']} simulated learners:", rows, within)
    if plot:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        fig, axes = plt.subplots(1, 2, figsize=(11, 4.2))
        for ax, (title, (rows, within)) in zip(axes, runs.items()):
            for r in rows:
                ax.plot(range(len(r["mean_wrong"])), r["mean_wrong"], label=r["selector"])
            ax.axhline(within, color="grey", lw=0.8, ls="--")
            ax.set_title(title)
            ax.set_xlabel("questions asked")
            ax.set_ylabel("skills placed wrong (mean)")
            ax.grid(alpha=0.3)
            ax.legend(fontsize=8)
        fig.tight_layout()
        fig.savefig(plot, dpi=120)
        print(f"plot saved to {plot}")
    return {title: rows for title, (rows, _) in runs.items()}


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--learners", type=int, default=200)
    parser.add_argument("--big-learners", type=int, default=10)
    parser.add_argument("--big-skills", type=int, default=5000)
    parser.add_argument("--plot", default="placement_selectors.png")
    args = parser.parse_args()
    main(args.learners, args.big_learners, args.big_skills, args.plot)
