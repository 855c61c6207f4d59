"""pyproject.toml and environment.yml describe the same pinned environment."""

import re
import tomllib

import yaml

from conftest import ROOT


def _pins(specs):
    out = {}
    for spec in specs:
        m = re.fullmatch(r"([A-Za-z0-9_.-]+)==([^\s;]+)", spec.strip())
        assert m, f"not pinned with ==: {spec!r}"
        out[m.group(1).lower().replace("_", "-")] = m.group(2)
    return out


def test_pyproject_and_environment_agree():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    pyproject = _pins(project["dependencies"] + project["optional-dependencies"]["test"])
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    conda_python = [d for d in env["dependencies"] if isinstance(d, str) and
                    d.startswith("python=")]
    assert conda_python == ["python=3.11"]
    assert _pins([p for p in pip if not p.startswith("-e")]) == pyproject


def test_installed_versions_match_pins():
    from importlib.metadata import version

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    for name, pinned in _pins(project["dependencies"]).items():
        assert version(name) == pinned, name


def test_rule_conda_env_uses_the_same_pins():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    pyproject = _pins(project["dependencies"])
    env = yaml.safe_load((ROOT / "workflow" / "envs" / "scotext.yaml").read_text())
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    rule_pins = _pins(pip)
    assert rule_pins and all(pyproject[name] == v for name, v in rule_pins.items())
    # everything the analysis library imports at run time is in the rule environment
    assert set(pyproject) - set(rule_pins) == {"snakemake",
                                               "snakemake-executor-plugin-cluster-generic"}
