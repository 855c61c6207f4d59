"""The code a job runs: the package modules its script imports, transitively, and their hash.

Snakemake reruns a job when its script changes, not when a library module the script
imports changes. Each rule therefore carries, as a parameter, the SHA-256 of the modules of
``scotext`` its script imports - directly or through other modules, wherever the import
statement is (top level or inside a function), plus the ``__init__.py`` of every package on
the way - so that editing a module reruns exactly the jobs that run it, and editing a plot
module reruns only the jobs that draw.

The closure is found statically (``ast``), which over-approximates (an import in a branch
never taken still counts) and never misses a ``scotext`` import written as ``import
scotext.x``, ``from scotext.x import y``, ``from scotext import x`` or a relative import.
"""

from __future__ import annotations

import ast
import hashlib
from functools import lru_cache
from pathlib import Path

PACKAGE = "scotext"


def _module_file(src: Path, dotted: str) -> Path | None:
    """``src/scotext/a/b.py`` or ``src/scotext/a/b/__init__.py`` for ``scotext.a.b``."""
    parts = dotted.split(".")
    base = src.joinpath(*parts)
    if base.with_suffix(".py").is_file():
        return base.with_suffix(".py")
    if (base / "__init__.py").is_file():
        return base / "__init__.py"
    return None


def _package_of(src: Path, path: Path) -> str:
    rel = path.relative_to(src).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        return ".".join(parts[:-1])
    return ".".join(parts[:-1])


def _imports(path: Path, src: Path) -> set[str]:
    """Dotted names of the modules a file imports (candidates; resolved by the caller)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    here = _package_of(src, path) if src in path.parents else ""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = here.split(".") if here else []
                base = base[:len(base) - (node.level - 1)] if node.level > 1 else base
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            if module:
                names.add(module)
            for alias in node.names:          # "from pkg import submodule"
                names.add(f"{module}.{alias.name}" if module else alias.name)
    return names


@lru_cache(maxsize=None)
def _closure(src: Path, start: Path) -> tuple[Path, ...]:
    seen: set[Path] = set()
    todo = [start]
    while todo:
        f = todo.pop()
        for name in _imports(f, src):
            if name != PACKAGE and not name.startswith(PACKAGE + "."):
                continue
            parts = name.split(".")
            # the module itself and every package __init__ on the way
            for i in range(1, len(parts) + 1):
                target = _module_file(src, ".".join(parts[:i]))
                if target is not None and target not in seen:
                    seen.add(target)
                    todo.append(target)
    return tuple(sorted(seen))


def module_closure(script, src) -> list[Path]:
    """The package modules (files below ``src/scotext``) that ``script`` imports,
    transitively, sorted."""
    src = Path(src).resolve() / PACKAGE
    return list(_closure(src.parent, Path(script).resolve()))


def closure_digest(script, src) -> str:
    """SHA-256 (first 16 hex digits) of the relative paths and bytes of
    :func:`module_closure` - a rule parameter."""
    src = Path(src).resolve()
    digest = hashlib.sha256()
    for f in module_closure(script, src):
        digest.update(f.relative_to(src).as_posix().encode())
        digest.update(b"\0")
        digest.update(f.read_bytes())
    return digest.hexdigest()[:16]
