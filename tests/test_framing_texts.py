"""The framing section of summary.md and paragraph of methods.md: every number read back from
its table, the right tables named, findings beside their null and evidence level."""

import re

import numpy as np
import pandas as pd
import pytest
import yaml

from scotext.framing.adjusted import adjusted_contrasts
from scotext.framing.salience import salience, speaker_differences
from scotext.framing.transitions import qa_pairs, transition_tables
from scotext.tables import write_csv
from scotext.texts import framing
from scotext.texts.cite import verify
from scotext.texts.context import TextContext

from workflow_helpers import ROOT

FRAMES = ["security", "economy", "health"]


def interviews(seed=0):
    """Wide frame table of three made-up interviews (two officials, two years): question
    turns of one paragraph, answer turns of one to three paragraphs that take up the
    question's frame in their first paragraph."""
    rng = np.random.default_rng(seed)
    rows = []
    for doc, spk, year in (("a19", "Official A", 2019), ("a20", "Official A", 2020),
                           ("b25", "Official B", 2025)):
        turn, k = 0, 0
        for _ in range(8):
            q = rng.integers(len(FRAMES))
            turn += 1
            k += 1
            rows.append((doc, k, turn, "question", "Journalist", year, 20, {q}))
            turn += 1
            for p in range(int(rng.integers(1, 4))):
                k += 1
                fr = {q} if p == 0 else {int(rng.integers(len(FRAMES)))}
                rows.append((doc, k, turn, "answer", spk, year, int(rng.integers(20, 90)), fr))
    out = []
    for doc, k, turn, role, spk, year, words, fr in rows:
        r = {"doc_id": doc, "segment_id": f"{doc}_s{k:03d}", "turn": turn, "role": role,
             "speaker": spk, "year": year, "date": f"{year}-05-01", "is_duplicate": False,
             "n_words": words}
        r.update({f"n_hits:{f}": int(j in fr) for j, f in enumerate(FRAMES)})
        r.update({f"present:{f}": bool(j in fr) for j, f in enumerate(FRAMES)})
        out.append(r)
    docs = pd.DataFrame({"doc_id": ["a19", "a20", "b25"],
                         "speaker": ["Official A", "Official A", "Official B"],
                         "year": [2019, 2020, 2025], "genre": ["interview"] * 3,
                         "outlet": ["X", "Y", "Y"], "machine_translated": [False, False, True],
                         "n_tokens": [500, 500, 500]})
    return pd.DataFrame(out), docs


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    cfg = yaml.safe_load((ROOT / "config" / "config.yaml").read_text())
    fr = cfg["framing"]
    fr.update(n_boot=200, n_repair=500)
    fs, docs = interviews()
    res = tmp_path_factory.mktemp("results")
    (res / "tables").mkdir()
    (res / "corpus").mkdir()
    opts = dict(n_boot=fr["n_boot"], seed=fr["seed"], two_stage=True)
    sal = pd.concat([salience(fs, "speaker", **opts), salience(fs, "year", **opts)])
    write_csv(sal, res / "tables" / "frame_salience.csv")
    write_csv(speaker_differences(fs, docs, n_perm=100, roles=["answer"], **opts),
              res / "tables" / "frame_contrasts.csv")
    adj, _ = adjusted_contrasts(fs, docs, n_boot=fr["n_boot"], seed=fr["seed"])
    write_csv(adj, res / "tables" / "frame_adjusted_contrasts.csv")
    rates, lift = transition_tables(qa_pairs(fs), FRAMES, n_draws=fr["n_repair"],
                                    n_boot=fr["n_boot"], seed=fr["seed"])
    write_csv(rates, res / "tables" / "frame_transition_rates.csv")
    write_csv(lift, res / "tables" / "frame_adoption_lift.csv")
    write_csv(docs, res / "corpus" / "documents.csv")
    return res, cfg


def texts(res, cfg):
    names = ["frame_adjusted_contrasts", "frame_contrasts", "frame_salience",
             "frame_transition_rates", "frame_adoption_lift"]
    tables = {n: res / "tables" / f"{n}.csv" for n in names}
    tables["documents"] = res / "corpus" / "documents.csv"
    ctx = TextContext(tables, cfg, results=res)
    summary = ctx.cite.finalize("\n".join(framing.summary(ctx)), "summary.md")
    methods = ctx.cite.finalize("\n".join(framing.methods(ctx)), "methods.md")
    return summary, methods, ctx.cite.records


def test_every_number_reads_back_from_its_table(results):
    res, cfg = results
    summary, methods, records = texts(res, cfg)
    assert len(records) > 100
    assert verify(records, res, cfg) == []
    tables = {r.table for r in records}
    assert "tables/frame_transition_rates.csv" in tables
    assert "tables/frame_adjusted_contrasts.csv" in tables
    # numbers printed outside ctx.cite would not be in the records: every decimal number of
    # the summary is one of the recorded texts
    printed = set(re.findall(r"(?<![\w.])\d+\.\d+", summary))
    recorded = {r.text for r in records}
    assert printed <= recorded, printed - recorded


def test_findings_stand_beside_their_null_evidence_and_caveat(results):
    res, cfg = results
    summary, methods, _ = texts(res, cfg)
    assert "`tables/frame_transition_rates.csv`" in summary
    assert "frame_transitions.csv" not in summary
    assert summary.count("with re-paired questions") == 2          # both scopes
    assert "Official A vs Official B" in summary and "2019 vs 2020" in summary
    assert summary.count("Caveat (`tables/frame_adjusted_contrasts.csv`): ") == 4  # each comparison
    assert "Same speaker (Official A)" in summary                 # 2019 vs 2020
    assert "describes these documents" in summary
    assert "Legacy" not in summary and "confounded (" not in summary
    rates = pd.read_csv(res / "tables" / "frame_transition_rates.csv")
    r = rates[(rates["scope"] == "answer") & (rates["group"] == "all")].iloc[0]
    verdict = "carries no information" in summary.split("First answer paragraph")[0]
    assert verdict == (r["shift_p"] >= cfg["framing"]["alpha"])


def test_methods_say_what_the_code_does(results):
    res, cfg = results
    _, methods, _ = texts(res, cfg)
    for phrase in ("two-stage cluster bootstrap", "then paragraphs with replacement within "
                   "each drawn document", "offset log words", "log paragraph length",
                   "cluster-robust (CR1)", "uniform permutations within every interview",
                   "not humans", "over the frames of a speaker pair",
                   "over the frames with a defined lift, one family per scope"):
        assert phrase in methods, phrase
    assert "document bootstrap" not in methods


def test_every_line_names_its_tables_and_prints_no_uncited_number(results):
    # the rule of tests/test_workflow_report.py, applied to the framing section alone
    from pathlib import Path

    from test_workflow_report import AUTHOR_YEAR, STANDARD_NAMES, _numbers

    res, cfg = results
    summary, methods, records = texts(res, cfg)
    labels = {"2019", "2020", "2025", "a19", "a20", "b25"}
    for name, text in (("summary.md", summary), ("methods.md", methods)):
        for n, line in enumerate(text.split("\n"), start=1):
            rest = line
            for r in (r for r in records if r.doc == name and r.line == n):
                at = re.compile(rf"(?<![\w.]){re.escape(r.text)}(?![\w])")
                assert at.search(rest), (name, n, r.text, line)
                rest = at.sub(" ", rest, count=1)
                if name == "summary.md" and r.table != "config":
                    assert r.table in line or Path(r.table).name in line, (n, r.text, line)
            rest = re.sub(r"`[^`]*`", " ", rest)
            rest = re.sub(STANDARD_NAMES, " ", rest)
            rest = re.sub(AUTHOR_YEAR, " ", rest)
            rest = re.sub(r"[A-Za-z_]+\d+[A-Za-z_\d]*", " ", rest)
            stray = [x for x in _numbers(rest) if x not in labels]
            assert not stray, (name, n, stray, line)
