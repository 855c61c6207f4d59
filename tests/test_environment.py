"""pyproject.toml gives ranges, requirements.lock the exact tested versions; environment.yml
and the rules' conda env describe the same environment; what is installed is the lock."""

import re
import tomllib

import yaml
from packaging.requirements import Requirement
from packaging.version import Version

from conftest import ROOT


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _lock() -> dict[str, str]:
    out = {}
    for line in (ROOT / "requirements.lock").read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        m = re.fullmatch(r"([A-Za-z0-9_.-]+)==([^\s;]+)", line)
        assert m, f"requirements.lock: not an exact pin: {line!r}"
        out[_norm(m.group(1))] = m.group(2)
    return out


def _project():
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]


def test_lock_satisfies_the_ranges_of_pyproject():
    project = _project()
    lock = _lock()
    reqs = [Requirement(r) for r in project["dependencies"]
            + project["optional-dependencies"]["test"]]
    for req in reqs:
        name = _norm(req.name)
        assert name in lock, f"{req.name} is not in requirements.lock"
        assert req.specifier.contains(Version(lock[name])), (req, lock[name])
        assert req.specifier, f"{req.name}: give a range"
    assert project["requires-python"] == ">=3.11,<3.14"


def test_environment_yml_installs_the_lock():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    assert pip == ["-r requirements.lock", "-e ."]
    assert [d for d in env["dependencies"] if isinstance(d, str) and
            d.startswith("python")] == ["python=3.11"]


def test_installed_versions_are_the_lock():
    from importlib.metadata import PackageNotFoundError, version

    for name, pinned in _lock().items():
        try:
            assert version(name) == pinned, name
        except PackageNotFoundError:
            raise AssertionError(f"{name} of requirements.lock is not installed") from None


def test_rule_conda_env_uses_the_locked_versions():
    lock = _lock()
    env = yaml.safe_load((ROOT / "workflow" / "envs" / "scotext.yaml").read_text())
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    rule_pins = {}
    for spec in pip:
        m = re.fullmatch(r"([A-Za-z0-9_.-]+)==([^\s;]+)", spec.strip())
        assert m, f"workflow/envs/scotext.yaml: not pinned with ==: {spec!r}"
        rule_pins[_norm(m.group(1))] = m.group(2)
    assert rule_pins and all(lock[name] == v for name, v in rule_pins.items())
    # everything the analysis library imports at run time is in the rule environment
    runtime = {_norm(Requirement(r).name) for r in _project()["dependencies"]}
    assert runtime - set(rule_pins) == {"snakemake", "snakemake-executor-plugin-cluster-generic"}
