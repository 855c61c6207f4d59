"""Nested --config overrides keep the types the schema asks for; every override the README
shows is run."""

import json
import re
import shlex
import shutil

import pytest
import yaml

from scotext.configio import coerce_to_schema, load_schema
from workflow_helpers import ROOT, make_project, run_workflow, source_files_and_rows

SCHEMA = load_schema(ROOT / "workflow" / "schemas" / "config.schema.yaml")


def shipped():
    return yaml.safe_load((ROOT / "config" / "config.yaml").read_text())


def test_strings_from_the_base_loader_become_numbers_where_the_schema_says():
    import jsonschema

    cfg = shipped()
    cfg["topics"] = {**cfg["topics"], "k_grid": ["2", "3", "4"], "k": "auto",
                     "n_seeds": "3", "heldout_share": "0.5"}
    cfg["batching"] = {"per_document_max": "0", "docs_per_job": "2000", "max_jobs": "64"}
    cfg["keywords"] = {**cfg["keywords"], "contrasts": [["2019", "rest"]],
                       "periods": {"Norov": ["2019", "2020"]}, "include_duplicates": "false"}
    out = coerce_to_schema(cfg, SCHEMA)
    assert out["topics"]["k_grid"] == [2, 3, 4] and out["topics"]["k"] == "auto"
    assert out["topics"]["n_seeds"] == 3 and out["topics"]["heldout_share"] == 0.5
    assert out["batching"] == {"per_document_max": 0, "docs_per_job": 2000, "max_jobs": 64}
    assert out["keywords"]["contrasts"] == [["2019", "rest"]]      # strings valid: kept
    assert out["keywords"]["periods"] == {"Norov": [2019, 2020]}
    assert out["keywords"]["include_duplicates"] is False
    jsonschema.validate(out, SCHEMA)
    # a value wrong in every reading is left for validation to report
    bad = coerce_to_schema({**cfg, "topics": {**cfg["topics"], "k_grid": ["two"]}}, SCHEMA)
    assert bad["topics"]["k_grid"] == ["two"]


def readme_overrides():
    """Every ``--config ...`` argument list shown in README.md and config/README.md."""
    found = []
    for doc in ("README.md", "config/README.md"):
        for line in (ROOT / doc).read_text().splitlines():
            for m in re.finditer(r"--config ((?:[A-Za-z_]+=(?:'[^']*'|\"[^\"]*\"|[^\s`'\"]+)\s*)+)",
                                 line.replace('\\"', '"')):
                args = shlex.split(m.group(1))
                if args != ["key=value"]:          # the generic description of the syntax
                    found.append(args)
    return found


def test_readme_shows_nested_overrides():
    cases = readme_overrides()
    assert any(any("{" in a for a in args) for args in cases), cases
    assert len(cases) >= 3


@pytest.mark.workflow
@pytest.mark.parametrize("args", readme_overrides(), ids=lambda a: " ".join(a)[:40])
def test_every_readme_override_runs_and_reaches_the_config(tmp_path, args):
    files, rows = source_files_and_rows()
    project = make_project(tmp_path, files, rows)
    for arg in args:                       # a corpus elsewhere: put the texts there
        key, value = arg.split("=", 1)
        if key == "corpus_dir":
            shutil.copytree(project / "data" / "raw", project / value)
    results = dict(a.split("=", 1) for a in args).get("results_dir", "results")
    result = run_workflow(project, "--config", *args, "--", f"{results}/provenance.json",
                          cores=1)
    assert result.returncode == 0, result.stderr[-2000:]
    config = json.loads((project / results / "provenance.json").read_text())["config"]
    for arg in args:
        key, value = arg.split("=", 1)
        want = yaml.safe_load(value)
        got = config[key]
        if isinstance(want, dict):
            base = shipped()[key]
            assert got == {**base, **want}, (key, got)     # merged into the section
        else:
            assert got == want
