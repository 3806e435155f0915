"""The Python front end against the shared list of public operations and the core's error
catalogue: an operation added to one front end alone, or an error code missing from the
type stubs, fails here."""

import ast
import subprocess

import masterykit
from masterykit import _native

from conftest import ROOT, fixture

SURFACE = fixture("api_surface.json")


def public(cls):
    return {n for n in vars(cls) if not n.startswith("_")}


def test_every_listed_operation_exists_and_nothing_else_is_public():
    for name, ops in SURFACE["classes"].items():
        cls = getattr(masterykit, name)
        listed = {py for py, _ in ops if py is not None}
        for py in listed:
            assert hasattr(cls, py), f"{name}.{py} is listed but missing"
        unlisted = public(cls) - listed
        assert not unlisted, f"{name} has operations the list lacks: {sorted(unlisted)}"
        for py, js in ops:
            if js is None:
                assert f"{name}.{py}" in SURFACE["why"], f"{name}.{py}: say why wasm lacks it"
    functions = {py for py, _ in SURFACE["functions"] if py is not None}
    for py in functions:
        assert hasattr(masterykit, py), f"{py} is listed but missing"
    classes = set(SURFACE["classes"])
    native = {
        n
        for n, v in vars(_native).items()
        if not n.startswith("_") and n not in classes and not (isinstance(v, type) and issubclass(v, Exception))
    }
    assert native <= functions, f"module functions the list lacks: {sorted(native - functions)}"


def test_error_codes_match_the_stub_literal_and_the_exception_classes():
    tree = ast.parse((ROOT / "bindings-python" / "python" / "masterykit" / "_native.pyi").read_text())
    literal = next(
        node.value
        for node in tree.body
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "ErrorCode" for t in node.targets)
    )
    assert isinstance(literal, ast.Subscript)
    stub_codes = [elt.value for elt in literal.slice.elts]  # type: ignore[attr-defined]
    codes = [code for code, _ in masterykit.ERROR_CODES]
    assert stub_codes == codes
    for code, class_name in masterykit.ERROR_CODES:
        cls = getattr(masterykit, class_name)
        assert issubclass(cls, masterykit.MasteryError), (code, class_name)


def test_version_is_the_core_version():
    cli = ROOT / "target" / "debug" / "masterykit"
    out = subprocess.run([str(cli), "--version"], check=True, capture_output=True, text=True).stdout
    assert out.split() == ["masterykit", masterykit.__version__]
