"""The README's Python quick start, run as written."""

from conftest import ROOT


def test_readme_python_quick_start_runs():
    readme = (ROOT / "README.md").read_text()
    start = readme.index("```python\n") + len("```python\n")
    code = readme[start : readme.index("```", start)]
    exec(compile(code, "README.md", "exec"), {"__name__": "readme"})


def test_the_package_readme_runs(monkeypatch):
    readme = (ROOT / "bindings-python" / "README.md").read_text()
    start = readme.index("```python\n") + len("```python\n")
    code = readme[start : readme.index("```", start)]
    monkeypatch.chdir(ROOT / "examples")  # it opens prealgebra.json
    exec(compile(code, "bindings-python/README.md", "exec"), {"__name__": "readme"})
