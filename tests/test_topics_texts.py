"""The topic section of summary.md and paragraph of methods.md (scotext.texts.topics): what
they say when K is and is not identified, and every number reads back from its file."""

import json
from pathlib import Path

import pandas as pd
import pytest
import yaml

from scotext.texts import topics
from scotext.texts.cite import verify
from scotext.texts.context import TextContext

ROOT = Path(__file__).resolve().parents[1]
MARK = "K not identified: descriptive only"


def _context(tmp_path, identified, sampled=False):
    res = tmp_path / "results"
    (res / "topics").mkdir(parents=True)
    (res / "tables").mkdir()
    (res / "corpus").mkdir()
    checks = {"k": 3, "gain": 0.152, "gain_se": 0.011, "gain_low": 0.105, "gain_high": 0.199,
              "level": 0.95, "t_crit": 4.3, "null_gain": -0.05, "topwords": 0.41,
              "null_topwords_max": 0.12, "ari": 0.63, "null_ari_max": 0.04, "n_folds": 3,
              "gain_ok": True, "stable_ok": identified, "edge": "", "grid": [2, 3, 4],
              "by_rule": True, "rule_k": 3}
    model = {"k": 3, "rule_k": 3, "identified": identified, "verdict": "v", "checks": checks,
             "null": {}, "seed": 1000, "labels": ["trade / economy", "security 2 / drug", "un"],
             "stability": [0.9, 0.8, 0.4], "unstable": [False, False, True], "unit": "segment",
             "search": {"n_units": 245, "n_docs": 3, "sampled": sampled, "n_folds": 3,
                        "fold_mode": "document"}}
    (res / "topics" / "model.json").write_text(json.dumps(model))
    pd.DataFrame({"segment_id": ["a", "b"], "doc_id": ["d1", "d2"]}).to_csv(
        res / "topics" / "units.csv", index=False)
    pd.DataFrame({"topic": [1, 2, 3], "label": model["labels"], "nmf_topic": [2, 1, 3],
                  "cosine": [0.91, 0.75, 0.33]}).to_csv(res / "tables" / "topic_nmf_agreement.csv",
                                                       index=False)
    rows = []
    for var, a, b in (("year", "2019", "2020"), ("year", "2019", "2025"), ("year", "2020", "2025"),
                      ("speaker", "E", "N")):
        for t in (1, 2, 3):
            rows.append({"topic": t, "group_var": var, "group_a": a, "group_b": b,
                         "estimate": 0.01 * t - 0.015, "ci_low": -0.1, "ci_high": 0.12,
                         "evidence": "describes these documents"})
    pd.DataFrame(rows).to_csv(res / "tables" / "topic_prevalence_differences.csv", index=False)
    (res / "provenance.json").write_text(json.dumps({"packages": {"tomotopy": "0.14.0",
                                                                  "gensim": "4.4.0"}}))
    tables = {"model": res / "topics" / "model.json", "topic_units": res / "topics" / "units.csv",
              "topic_nmf_agreement": res / "tables" / "topic_nmf_agreement.csv",
              "topic_prevalence_differences": res / "tables" / "topic_prevalence_differences.csv",
              "provenance": res / "provenance.json"}
    config = yaml.safe_load((ROOT / "config" / "config.yaml").read_text())
    prov = json.loads((res / "provenance.json").read_text())
    return TextContext(tables, config, results=res, provenance=prov), res, config


@pytest.mark.parametrize("identified", [False, True])
def test_texts_follow_the_verdict_and_cite_every_number(tmp_path, identified):
    ctx, res, config = _context(tmp_path, identified)
    summary = ctx.cite.finalize("\n".join(topics.summary(ctx)), "summary.md")
    methods = ctx.cite.finalize("\n".join(topics.methods(ctx)), "methods.md")
    assert verify(ctx.cite.records, res, config) == []
    for line in summary.splitlines():
        if any(ch.isdigit() for ch in line.replace("K = 3", "")):
            assert "topics/model.json" in line or "tables/" in line, line
    if identified:
        assert "K = 3 topics are identified" in summary and MARK not in summary
        assert summary.count(" vs ") == 4               # every pre-specified contrast
        for a, b in (("2019", "2020"), ("2019", "2025"), ("2020", "2025"), ("E", "N")):
            assert f"{a} vs {b} (describes these documents)" in summary
        assert "largest" not in summary.lower()
        assert "Topic 3: *un*" in summary and "(unstable across seeds)" in summary
        assert "K = 3 is identified" in methods
    else:
        assert MARK in summary and MARK in methods
        assert " vs " not in summary and "Topic 1" not in summary    # no topics, no differences
        assert "not more stable across seeds than on the null" in summary
        assert "descriptive only" in methods
    assert "+0.152" in summary and "[+0.105, +0.199]" in summary and "-0.050" in summary


@pytest.mark.parametrize("sampled", [False, True])
def test_methods_say_when_the_search_ran_on_a_sample(tmp_path, sampled):
    """A search on a sample of documents (large corpora) is stated with its size and seed,
    cited from model.json; a search on all units says nothing of a sample."""
    ctx, res, config = _context(tmp_path, True, sampled=sampled)
    methods = ctx.cite.finalize("\n".join(topics.methods(ctx)), "methods.md")
    assert verify(ctx.cite.records, res, config) == []
    seed = config["topics"]["search_seed"]
    said = f"units of 3 documents drawn at random (seed {seed})"
    assert (said in methods) is sampled
    if sampled:
        assert "The search ran on the 245 units" in methods


@pytest.mark.parametrize("start", ["spectral", "random"])
def test_methods_name_the_gensim_start_and_cite_it_only_when_used(tmp_path, start):
    ctx, res, config = _context(tmp_path, True)
    config["topics"]["engine"] = "gensim"
    config["topics"]["gensim"]["start"] = start
    methods = ctx.cite.finalize("\n".join(topics.methods(ctx)), "methods.md")
    assert verify(ctx.cite.records, res, config) == []
    assert "gensim 4.4.0 LdaModel" in methods
    assert ("started from spectral word clusters" in methods) is (start == "spectral")
    assert ("from gensim's random topic-word statistics" in methods) is (start == "random")
    assert (topics.config_references(config) == [topics.ARORA_2013]) is (start == "spectral")
    config["topics"]["engine"] = "tomotopy"
    assert topics.config_references(config) == []
