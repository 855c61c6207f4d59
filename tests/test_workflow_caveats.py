"""No table carries a caveat that does not hold for its own comparison.

For every comparison of every stage (keyword contrasts of periods, frame comparisons of
speakers and of years, topic-prevalence differences) the speakers of each side are
recomputed here, independently of scotext.confound, from segments.csv (the stage's roles,
near-duplicates out) and documents.csv, and the caveat printed in the table is checked
against them: a within-speaker comparison says "Same speaker" and never that the sides
differ in speaker; sides without a common speaker are called a difference between
speakers; partly shared speakers are "a mix"; every speaker of each side is named; a year
with three officials is given all three. Run on a corpus with three speakers in one year
(the source corpus plus three documents of 2023) and on the source corpus.
"""

import csv
import json
from pathlib import Path

import pandas as pd
import pytest

from workflow_helpers import ROOT, make_project, run_workflow, source_files_and_rows

pytestmark = pytest.mark.workflow

LAYOUTS = ROOT / "tests" / "fixtures" / "corpus_layouts"
THREE = {"000": "Daniyar Abenov", "003": "Gülnara Sadıkova", "004": "Li Wei"}


@pytest.fixture(scope="module")
def three_speakers_run(tmp_path_factory):
    files, rows = source_files_and_rows()
    sheet = {r["doc_id"]: r for r in csv.DictReader(open(LAYOUTS / "metadata.csv",
                                                         encoding="utf-8"))}
    for doc, speaker in THREE.items():
        row = dict(sheet[doc], speaker=speaker, year="2023", date="2023-09", sha256="",
                   exclude="", exclude_reason="")
        files[row["file"]] = (LAYOUTS / row["file"]).read_bytes()
        rows.append(row)
    project = make_project(tmp_path_factory.mktemp("three"), files, rows)
    result = run_workflow(project, fast=True, timeout=1500)
    assert result.returncode == 0, result.stderr[-3000:]
    return project / "results"


def _tables(results):
    seg = pd.read_csv(results / "corpus" / "segments.csv", keep_default_na=False, dtype=str)
    docs = pd.read_csv(results / "corpus" / "documents.csv", keep_default_na=False, dtype=str)
    config = json.loads((results / "provenance.json").read_text())["config"]
    return seg, docs, config


def _units(seg, roles):
    return seg[seg["role"].isin(roles) & (seg["is_duplicate"] != "True")]


def _speakers(units, docs, column, values):
    """Officials (the sheet's speaker) of the documents with analysed units in the side."""
    side = units[units[column].isin(values)]
    ids = set(side["doc_id"])
    return set(docs.loc[docs["doc_id"].isin(ids), "speaker"])


def check(caveat, a, b, label_a, label_b, compared):
    """The caveat of one comparison against the speakers of its sides."""
    assert "period and speaker are confounded" not in caveat      # the corpus-wide sentence
    assert a and b, (label_a, label_b)
    for s in a | b:
        if compared != "speaker" or len(a | b) > 2:
            assert s in caveat, (s, caveat)
    if compared == "speaker":
        return
    if a == b and len(a) == 1:
        assert caveat.startswith(f"Same speaker ({next(iter(a))})"), caveat
        assert "differ in speaker" not in caveat and "mix of speakers" not in caveat, caveat
        assert "between speakers" not in caveat, caveat
    elif a.isdisjoint(b):
        assert "the difference is also one between speakers" in caveat, caveat
        assert "Same speaker" not in caveat, caveat
    elif a != b:
        assert "mix of speakers" in caveat, caveat


def _check_all(results, expect_three):
    seg, docs, config = _tables(results)
    seg = seg.assign(period=seg["year"])
    n = 0
    # keywords: one caveat per contrast, the same in every table that carries it
    kw = _units(seg, config["keywords"]["roles"])
    summary = pd.read_csv(results / "tables" / "keyness_summary.csv", keep_default_na=False,
                          dtype=str)
    periods = sorted(kw["period"].unique())
    for r in summary.itertuples():
        side_b = periods if r.label_b == "rest" else [r.label_b]
        side_b = [p for p in side_b if p != r.label_a] if r.label_b == "rest" else side_b
        a = _speakers(kw, docs, "period", [r.label_a])
        b = _speakers(kw, docs, "period", side_b)
        check(r.caveat, a, b, r.label_a, r.label_b, "year")
        n += 1
        if expect_three and "2023" in (r.label_a, r.label_b):
            assert set(THREE.values()) <= set(a | b)
            assert all(s in r.caveat for s in THREE.values())
    perm = pd.read_csv(results / "tables" / "keyness_doc_permutation.csv",
                       keep_default_na=False, dtype=str)
    by_contrast = dict(zip(summary["contrast"], summary["caveat"]))
    for r in perm.itertuples():
        assert r.caveat == by_contrast[r.contrast]
    # framing: speakers and years compared on the compared roles
    fr = _units(seg, config["framing"]["compare_roles"])
    adj = pd.read_csv(results / "tables" / "frame_adjusted_contrasts.csv",
                      keep_default_na=False, dtype=str)
    for r in adj.drop_duplicates(["comparison", "kind"]).itertuples():
        if r.kind == "year":
            a = _speakers(fr, docs, "year", [r.label_a])
            b = _speakers(fr, docs, "year", [r.label_b])
        else:
            a, b = {r.label_a}, {r.label_b}
            years_a = set(fr.loc[fr["speaker"] == r.label_a, "year"])
            years_b = set(fr.loc[fr["speaker"] == r.label_b, "year"])
            if years_a == years_b and len(years_a) == 1:       # same year: not a confound
                assert "year (" not in r.caveat, r.caveat
            elif years_a.isdisjoint(years_b):
                assert "year (" in r.caveat, r.caveat
        check(r.caveat, a, b, r.label_a, r.label_b, r.kind)
        n += 1
    # topics: every difference of groups
    tp = _units(seg, config["topics"]["roles"])
    diff = pd.read_csv(results / "tables" / "topic_prevalence_differences.csv",
                       keep_default_na=False, dtype=str)
    for r in diff.drop_duplicates(["group_var", "group_a", "group_b"]).itertuples():
        if r.group_var == "year":
            a = _speakers(tp, docs, "year", [r.group_a])
            b = _speakers(tp, docs, "year", [r.group_b])
            check(r.caveat, a, b, r.group_a, r.group_b, "year")
        else:
            check(r.caveat, {r.group_a}, {r.group_b}, r.group_a, r.group_b, "speaker")
        n += 1
    # no table anywhere keeps the corpus-wide sentence
    for path in sorted((results / "tables").glob("*.csv")) + sorted(
            (results / "figures").glob("*.csv")):
        assert "period and speaker are confounded" not in Path(path).read_text(), path
    return n


def test_caveats_hold_with_three_speakers_in_one_year(three_speakers_run):
    assert _check_all(three_speakers_run, expect_three=True) > 20


def test_caveats_hold_on_the_source_corpus(source_run):
    project, _ = source_run
    results = project / "results"
    assert _check_all(results, expect_three=False) > 10
    summary = pd.read_csv(results / "tables" / "keyness_summary.csv", keep_default_na=False,
                          dtype=str)
    within = summary.loc[summary["contrast"] == "2019_vs_2020", "caveat"].iloc[0]
    assert within.startswith("Same speaker (Vladimir Norov)")


def test_the_check_rejects_the_caveats_the_issue_found():
    # the corpus-wide sentence on a within-speaker contrast
    with pytest.raises(AssertionError):
        check("Caveat: period and speaker are confounded (2019, 2020 = Norov; 2025 = E).",
              {"Norov"}, {"Norov"}, "2019", "2020", "year")
    # a year with two speakers given one of them
    with pytest.raises(AssertionError):
        check("The sides also differ in speaker (2023: Abenov; 2025: E: the difference is "
              "also one between speakers).", {"Abenov", "Li"}, {"E"}, "2023", "2025", "year")
    # a within-speaker contrast called a difference between speakers
    with pytest.raises(AssertionError):
        check("Same speaker (Norov). The difference is also one between speakers.",
              {"Norov"}, {"Norov"}, "2019", "2020", "year")
    check("Same speaker (Norov). The sides also differ in genre (...).", {"Norov"}, {"Norov"},
          "2019", "2020", "year")
