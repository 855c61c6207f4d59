"""The code hash of a job: the package modules its script imports, transitively."""

from pathlib import Path

from scotext.codehash import closure_digest, module_closure


def _tree(tmp_path):
    pkg = tmp_path / "src" / "scotext"
    (pkg / "a").mkdir(parents=True)
    (pkg / "b").mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "a" / "__init__.py").write_text("")
    (pkg / "b" / "__init__.py").write_text("")
    (pkg / "a" / "leaf.py").write_text("X = 1\n")
    (pkg / "a" / "mid.py").write_text("from .leaf import X\n")
    (pkg / "b" / "plot.py").write_text("def f():\n    from scotext.a import mid\n")
    (pkg / "b" / "other.py").write_text("import numpy\n")
    (pkg / "top.py").write_text("from scotext.b import plot\n")
    script = tmp_path / "script.py"
    script.write_text("import sys\n\ndef main():\n    from scotext import top\n")
    return tmp_path / "src", script


def test_closure_follows_imports_in_functions_relative_and_from_package(tmp_path):
    src, script = _tree(tmp_path)
    names = [p.relative_to(src.resolve()).as_posix() for p in module_closure(script, src)]
    assert names == ["scotext/__init__.py", "scotext/a/__init__.py", "scotext/a/leaf.py",
                     "scotext/a/mid.py", "scotext/b/__init__.py", "scotext/b/plot.py",
                     "scotext/top.py"]                      # not b/other.py


def test_digest_changes_with_a_module_in_the_closure_only(tmp_path):
    src, script = _tree(tmp_path)
    first = closure_digest(script, src)
    (src / "scotext" / "b" / "other.py").write_text("import numpy  # edited\n")
    from scotext import codehash
    codehash._closure.cache_clear()
    assert closure_digest(script, src) == first
    (src / "scotext" / "a" / "leaf.py").write_text("X = 2\n")
    codehash._closure.cache_clear()
    assert closure_digest(script, src) != first


def test_every_workflow_script_has_a_closure():
    root = Path(__file__).resolve().parents[1]
    for script in sorted((root / "workflow" / "scripts").glob("*.py")):
        files = module_closure(script, root / "src")
        assert any(f.name == "logutil.py" for f in files), script.name
