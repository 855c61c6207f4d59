"""The README opens with the two commands, and CI runs the second one verbatim."""

import re

from conftest import ROOT


def _readme_commands():
    return re.findall(r"```bash\n(.+?)\n```", (ROOT / "README.md").read_text(), flags=re.S)


def test_readme_opens_with_two_commands():
    run, test = _readme_commands()[:2]
    assert run.endswith("snakemake --cores 4") and "\n" not in run
    assert "pytest" in test and "\n" not in test


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text().splitlines()
    assert _readme_commands()[1] in ci


def test_no_absolute_machine_paths_in_tracked_text():
    import subprocess

    files = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True,
                           check=True).stdout.split()
    pattern = re.compile(r"(^|[ \"'=(:])/(work|farm|root|tmp|home)/[A-Za-z]")
    for name in files:
        path = ROOT / name
        if path.suffix in {".txt", ".tsv"} and "data" in path.parts:
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        assert not pattern.search(text), name
