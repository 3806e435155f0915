"""The README's Python quick start, run as written."""

from conftest import ROOT


def test_readme_python_quick_start_runs():
    readme = (ROOT / "README.md").read_text()
    start = readme.index("```python\n") + len("```python\n")
    code = readme[start : readme.index("```", start)]
    exec(compile(code, "README.md", "exec"), {"__name__": "readme"})
