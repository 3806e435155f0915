import json
import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]


@pytest.fixture
def root():
    return ROOT


@pytest.fixture
def prealgebra():
    import masterykit

    return masterykit.Curriculum.from_json((ROOT / "examples" / "prealgebra.json").read_text())


def fixture(name):
    return json.loads((ROOT / "tests" / "fixtures" / name).read_text())
