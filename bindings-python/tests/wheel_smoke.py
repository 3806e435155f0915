"""Run by the test script in a fresh venv holding only the built wheel (with its pandas
extra): the package imports from site-packages, says its version, replays the sample log
from a DataFrame and tells a typed error. Not a pytest module."""

import pathlib

import pandas as pd

import masterykit

root = pathlib.Path(__file__).resolve().parents[2]
assert "site-packages" in masterykit.__file__, masterykit.__file__
assert masterykit.__version__ == "0.1.0", masterykit.__version__
course = masterykit.Curriculum.from_json((root / "examples" / "prealgebra.json").read_text())
store = masterykit.LearnerStore(course, masterykit.Policy.khan())
frame = pd.DataFrame(
    {"learner": ["ana"] * 4, "sitting": [1] * 4, "context": ["practice"] * 4,
     "skill": ["add-whole"] * 4, "correct": [1, 1, 1, 1], "timestamp": [1_788_000_000] * 4}
)
assert masterykit.replay_frame(store, frame) == 1
assert store.level("ana", "add-whole") == "proficient"
try:
    store.level("ana", "nope")
except masterykit.CurriculumError as e:
    assert e.code == "unknown_skill"
else:
    raise AssertionError("an unknown skill is an error")
print(f"wheel ok: masterykit {masterykit.__version__} from {masterykit.__file__}")
