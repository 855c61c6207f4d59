"""The keyword section of summary.md and paragraph of methods.md: every number read back from
the table it names (on its own line), no number printed without a source, findings led by
the effect and its exact interval with the family, the evidence level and chance."""

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml
from scipy import sparse

from scotext.keywords.confounds import confound_table, contrast_caveats, periods_caveat
from scotext.keywords.frequencies import group_matrix, period_frequencies
from scotext.keywords.keyness import (doc_permutation_table, keyness_table, summary_counts,
                                      top_terms)
from scotext.keywords.periods import Contrast, period_table, usable_contrasts
from scotext.keywords.sensitivity import FRAME_SIGN_COLUMNS, SENSITIVITY_COLUMNS
from scotext.tables import write_csv
from scotext.texts import keywords
from scotext.texts.cite import verify
from scotext.texts.context import TextContext

ROOT = Path(__file__).resolve().parents[1]


def _tables(res: Path):
    """Keyword tables of a synthetic corpus: 2019 and 2020, eight documents each (one term
    planted in 2019), and a 2023 document without analysable words."""
    rng = np.random.default_rng(4)
    n_terms = 120
    base = 1.0 / np.arange(1, n_terms + 1)
    rows, docs, periods = [], [], []
    for d in range(16):
        year = "2019" if d < 8 else "2020"
        for _ in range(5):
            rate = base.copy()
            if year == "2019":
                rate[10] *= 8
            rows.append(rng.poisson(rate / rate.sum() * 100))
            docs.append(f"doc{d:02d}")
            periods.append(year)
    rows.append(np.zeros(n_terms))
    docs.append("doc99")
    periods.append("2023")
    counts = sparse.csr_matrix(np.array(rows, dtype=float))
    terms = [f"term_{chr(97 + i // 26)}{chr(97 + i % 26)}" for i in range(n_terms)]
    periods = np.array(periods, dtype=object)
    docs = np.array(docs, dtype=object)
    totals = np.asarray(counts.sum(axis=1)).ravel()
    documents = pd.DataFrame({
        "doc_id": [f"doc{d:02d}" for d in range(16)] + ["doc99"],
        "year": [2019] * 8 + [2020] * 8 + [2023],
        "speaker": ["Ann Lee"] * 8 + ["Bo Chen"] * 8 + ["Cy Diaz"],
        "genre": "interview", "outlet": "X", "machine_translated": False})
    cons = [Contrast("2019_vs_2020", ("2019",), ("2020",), "2019", "2020"),
            Contrast("2019_vs_2023", ("2019",), ("2023",), "2019", "2023")]
    per = period_table(documents, periods, docs, totals, ["2019", "2020", "2023"], {}, cons,
                       ["answer"])
    usable = usable_contrasts(cons, dict(zip(per["period"], per["n_tokens"])))
    cav = contrast_caveats(documents, periods, docs, totals, usable)
    k = keyness_table(counts, terms, periods, docs, usable, alpha0=1000, min_count=5,
                      min_segments=3, caveats=cav)
    ind, names = group_matrix(terms, {"group_one": terms[:3], "group_two": terms[10:12]})
    tracked = period_frequencies((counts @ ind).tocsr(), names, periods, docs,
                                 ["2019", "2020", "2023"], unit_totals=totals, n_boot=100,
                                 seed=1, level=0.95)
    tracked["caveat"] = periods_caveat(documents, periods, docs, totals, ["2019", "2020"])
    sens = pd.DataFrame([{"variant": "v1", "changes": "x", "contrast": "2019_vs_2020",
                          "side": s, "n_main": 15, "n_variant": 15, "overlap": o,
                          "overlap_share": o / 15, "pool": 50, "chance_overlap": 4.5,
                          "chance_high": 8.0, "spearman_z": 0.9, "n_shared_ranked": 40,
                          "n_docs_used": 17, "entered": "", "left": ""}
                         for s, o in (("2019", 12), ("2020", 9))], columns=SENSITIVITY_COLUMNS)
    frames = pd.DataFrame([{"variant": "v2", "changes": "x", "speaker_a": "Ann Lee",
                            "speaker_b": "Bo Chen", "frame": "security", "share_a_main": 0.5,
                            "share_b_main": 0.2, "difference_main": 0.3, "share_a": 0.4,
                            "share_b": 0.3, "difference": 0.1, "same_sign": True,
                            "n_segments_a": 40, "n_segments_b": 40, "n_docs_used": 17}],
                          columns=FRAME_SIGN_COLUMNS)
    t = res / "tables"
    perm = doc_permutation_table(counts, terms, periods, docs, usable,
                                 {c.name: list(top_terms(k, c.name, 5)["term"]) for c in usable},
                                 n_perm=500, seed=1, caveats=cav)
    out = {"keyness": k, "keyness_summary": summary_counts(k, 0.05, usable),
           "keyness_doc_permutation": perm,
           "tracked_keywords": tracked, "keyness_sensitivity": sens,
           "keyness_sensitivity_frames": frames, "keyword_periods": per,
           "keyword_confounds": confound_table(documents, periods, docs, totals, usable)}
    paths = {}
    for name, df in out.items():
        write_csv(df, t / f"{name}.csv")
        paths[name] = t / f"{name}.csv"
    write_csv(documents, res / "corpus" / "documents.csv")
    paths["documents"] = res / "corpus" / "documents.csv"
    return paths


def _numbers(text):
    return re.findall(r"(?<![\w.])-?\d[\d,]*(?:\.\d+)?%?", text)


@pytest.fixture(scope="module")
def texts(tmp_path_factory):
    res = tmp_path_factory.mktemp("kwtexts") / "results"
    paths = _tables(res)
    config = yaml.safe_load((ROOT / "config" / "config.yaml").read_text())
    ctx = TextContext(paths, config, results=res)
    summary = ctx.cite.finalize("\n".join(keywords.summary(ctx)) + "\n", "summary.md")
    methods = ctx.cite.finalize("\n".join(keywords.methods(ctx)) + "\n", "methods.md")
    return summary, methods, ctx.cite.records, res, config


def test_every_number_reads_back_and_names_its_table(texts):
    summary, methods, records, res, config = texts
    assert len(records) > 40
    assert verify(records, res, config) == []
    for name, text in (("summary.md", summary), ("methods.md", methods)):
        for n, line in enumerate(text.split("\n"), start=1):
            rest, pos = line, 0
            for r in (r for r in records if r.doc == name and r.line == n):
                # printed in the order the records were made (a reader of the sources, and
                # the report test, match them one after the other)
                at = line.find(r.text, pos)
                assert at >= 0, (name, n, r.text, "not after the previous number", line)
                pos = at + len(r.text)
                assert r.text in rest, (name, n, r.text)
                rest = rest.replace(r.text, " ", 1)
                if name == "summary.md" and r.table != "config":
                    assert r.table in line or Path(r.table).name in line, (n, r.table, line)
            rest = re.sub(r"`[^`]*`", " ", rest)
            rest = re.sub(r"[A-Za-z_]+\d+[A-Za-z_\d]*", " ", rest)
            rest = re.sub(r"\([A-Z][^()]*?\b(1[89]|20)\d\d\)", " ", rest)   # (Author year)
            rest = re.sub(r"\b[A-Z][\w'&.,\- ]*\(?(1[89]|20)\d\d\)?", " ", rest)
            assert not _numbers(rest), (name, n, _numbers(rest), line)


def test_findings_lead_with_effect_family_evidence_and_chance(texts):
    summary = texts[0]
    planted = [ln for ln in summary.split("\n") if ln.strip().startswith("- `term_ak`")]
    assert len(planted) == 1
    line = planted[0]
    assert re.search(r"`term_ak` \(more in 2019\): Log Ratio [\d.]+ \[[\d.]+, [\d.]+\] "
                     r"\(exact 95% interval\), exact p = ", line)
    assert re.search(r"BH q = [\d.e+-]+ over the \d+ ranked terms", line)
    assert re.search(r"document-level permutation p = [\d.e+-]+ ", line)
    head = [ln for ln in summary.split("\n") if ln.startswith("- **2019 vs 2020**")][0]
    assert "*document-level test*" in head and "8 vs 8 documents" in head
    assert "chance alone gives about" in summary
    assert "Period 2023: no analysable words: no analysis tokens in the roles answer in doc99 (2023)" in summary
    assert "2019_vs_2023" in summary and "**2019 vs 2023**" not in summary
    assert "Caveat: The sides also differ in speaker" in summary
    assert "confounded" not in summary              # no legacy corpus-wide sentence
    for word in ("exact conditional binomial test", "Benjamini-Hochberg", "Bonferroni",
                 "Garwood", "paragraphs", "Denny & Spirling 2018", "stop list"):
        assert word in texts[1], word
