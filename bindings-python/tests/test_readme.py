"""The READMEs' Python examples, every block run as written."""

import re

import pytest

from conftest import ROOT


def blocks(path):
    return re.findall(r"```python\n(.*?)```", path.read_text(), re.S)


@pytest.mark.parametrize("k", range(len(blocks(ROOT / "README.md"))))
def test_readme_python_examples_run(k):
    code = blocks(ROOT / "README.md")[k]
    exec(compile(code, f"README.md block {k}", "exec"), {"__name__": "readme"})


def test_the_package_readme_runs(monkeypatch):
    monkeypatch.chdir(ROOT / "examples")  # it opens prealgebra.json
    for k, code in enumerate(blocks(ROOT / "bindings-python" / "README.md")):
        exec(compile(code, f"bindings-python/README.md block {k}", "exec"), {"__name__": "readme"})
