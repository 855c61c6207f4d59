"""Frame salience with a document-cluster bootstrap; speaker differences with permutation p."""

import math

import numpy as np
import pandas as pd
import pytest

from scotext.inference.bootstrap import cluster_bootstrap
from scotext.framing.salience import (permutation_test, salience,
                                      salience_table, speaker_differences)
from scotext.inference.multiplicity import bh


def long_table(rows, frames=("f1", "f2")):
    """rows: (doc, segment, speaker, year, role, n_words, {frame: n_hits}) -> frame_segments."""
    out = []
    for doc, seg, spk, year, role, words, h in rows:
        for f in frames:
            n = h.get(f, 0)
            out.append({"doc_id": doc, "segment_id": seg, "speaker": spk, "year": year,
                        "role": role, "is_duplicate": False, "frame": f, "n_hits": n,
                        "n_words": words, "per_1000": 1000 * n / words, "present": n > 0})
    return pd.DataFrame(out)


# d1 (A): 2 segments, f1 in both; d2 (A): 3 segments, f1 in none; d3 (B): 2 segments
ROWS = [
    ("d1", "s1", "A", 2019, "answer", 10, {"f1": 2}),
    ("d1", "s2", "A", 2019, "answer", 10, {"f1": 1, "f2": 1}),
    ("d2", "s3", "A", 2020, "answer", 20, {}),
    ("d2", "s4", "A", 2020, "answer", 20, {"f2": 1}),
    ("d2", "s5", "A", 2020, "answer", 20, {}),
    ("d3", "s6", "B", 2025, "answer", 5, {"f1": 1}),
    ("d3", "s7", "B", 2025, "answer", 5, {}),
    ("d3", "q1", "I", 2025, "question", 5, {"f2": 1}),
]
FS = long_table(ROWS)
DOCS = pd.DataFrame({"doc_id": ["d1", "d2", "d3"], "speaker": ["A", "A", "B"],
                     "year": [2019, 2020, 2025], "genre": ["interview"] * 3,
                     "outlet": ["O1", "O1", "O2"], "machine_translated": [False, False, True],
                     "n_tokens": [20, 60, 15]})


def test_salience_estimates_by_hand():
    s = salience(FS, "speaker", n_boot=200, seed=1, roles=["answer"])
    r = s.set_index(["frame", "group", "measure"])
    a1 = r.loc[("f1", "A", "share_present")]
    assert a1["estimate"] == pytest.approx(2 / 5)
    assert a1["n_segments"] == 5 and a1["n_present"] == 2 and a1["n_docs"] == 2
    assert not a1["single_doc"]
    # pooled rate: 3 hits in 80 words
    assert r.loc[("f1", "A", "hits_per_1000"), "estimate"] == pytest.approx(3000 / 80)
    b1 = r.loc[("f1", "B", "share_present")]
    assert b1["estimate"] == pytest.approx(0.5) and b1["n_docs"] == 1 and b1["single_doc"]
    # one document: the cluster bootstrap cannot vary
    assert b1["ci_low"] == b1["ci_high"] == pytest.approx(0.5)
    assert set(s["group"]) == {"A", "B"}                     # the question is not an answer
    assert list(s.columns) == ["frame", "group_var", "group", "measure", "estimate", "ci_low",
                               "ci_high", "n_segments", "n_present", "n_docs", "single_doc"]


def test_two_document_bootstrap_distribution_by_hand():
    # group A: d1 share 2/2, d2 share 0/3. Draws {d1,d1}: 4/4 = 1, {d1,d2}: 2/5, {d2,d2}: 0,
    # with probabilities 1/4, 1/2, 1/4.
    fs = FS[FS["speaker"] == "A"]
    present = (fs[fs["frame"] == "f1"]["present"].to_numpy(float))[:, None]
    docs = fs[fs["frame"] == "f1"]["doc_id"].to_numpy()
    labels, est, reps, n_units, n_clu = cluster_bootstrap(present, np.ones(5), ["A"] * 5, docs,
                                                          n_boot=4000, seed=3)
    values, counts = np.unique(np.round(reps[0, :, 0], 12), return_counts=True)
    assert values.tolist() == [0.0, 0.4, 1.0]
    assert counts / 4000 == pytest.approx([0.25, 0.5, 0.25], abs=0.03)
    assert est[0, 0] == pytest.approx(0.4) and n_units[0] == 5 and n_clu[0] == 2


def test_bootstrap_vectorised_equals_naive_loop():
    rng_data = np.random.default_rng(0)
    n = 40
    num = rng_data.integers(0, 3, size=(n, 3)).astype(float)
    den = rng_data.integers(1, 30, size=n).astype(float)
    groups = rng_data.choice(["x", "y"], size=n)
    docs = rng_data.choice(["a", "b", "c", "d", "e"], size=n)
    labels, est, reps, _, _ = cluster_bootstrap(num, den, groups, docs, n_boot=50, seed=9)
    # naive reference: the same multinomial draws, one replicate and one cluster at a time
    rng = np.random.default_rng(9)
    for g, lab in enumerate(labels):
        order = list(pd.unique(pd.Series(docs[groups == lab])))
        w = rng.multinomial(len(order), np.full(len(order), 1 / len(order)), size=50)
        for b in range(50):
            tn = np.zeros(3)
            td = 0.0
            for c, d in enumerate(order):
                sel = (groups == lab) & (docs == d)
                tn += w[b, c] * num[sel].sum(axis=0)
                td += w[b, c] * den[sel].sum()
            assert reps[g, b] == pytest.approx(tn / td)
        sel = groups == lab
        assert est[g] == pytest.approx(num[sel].sum(axis=0) / den[sel].sum())


def random_table(seed=0, n_docs=8, per_doc=6):
    rng = np.random.default_rng(seed)
    rows = []
    for d in range(n_docs):
        for s in range(per_doc):
            rows.append((f"d{d}", f"d{d}s{s}", "AB"[d % 2], 2019 + d % 3, "answer",
                         int(rng.integers(5, 40)),
                         {"f1": int(rng.integers(0, 3)), "f2": int(rng.integers(0, 2))}))
    return long_table(rows)


def test_bootstrap_is_deterministic_for_a_seed():
    fs = random_table()
    a = salience(fs, "speaker", n_boot=300, seed=5)
    b = salience(fs, "speaker", n_boot=300, seed=5)
    c = salience(fs, "speaker", n_boot=300, seed=6)
    pd.testing.assert_frame_equal(a, b)
    assert not np.allclose(a[["ci_low", "ci_high"]].to_numpy(), c[["ci_low", "ci_high"]].to_numpy())
    assert (a["ci_low"] <= a["ci_high"]).all() and (a["n_docs"] == 4).all()


def test_salience_table_stacks_group_variables_and_drops_duplicates():
    fs = FS.copy()
    fs.loc[fs["segment_id"] == "s7", "is_duplicate"] = True
    t = salience_table(fs, ("speaker", "role", "year"), n_boot=50, seed=1)
    assert set(t["group_var"]) == {"speaker", "role", "year"}
    b = t[(t["group"] == "B") & (t["frame"] == "f1") & (t["measure"] == "share_present")]
    assert b["n_segments"].item() == 1 and b["estimate"].item() == 1.0
    with pytest.raises(ValueError, match="group_var 'genre'"):
        salience(FS, "genre", n_boot=10, seed=1)


# ------------------------------------------------------------------ permutation tests

def test_permutation_exact_enumeration_by_hand():
    # three documents: d1 (A) 3/3 present, d2 and d3 (B) 0/2 each.
    num = np.array([[3.0, 1.0], [0.0, 1.0], [0.0, 1.0]])
    den = np.array([3.0, 2.0, 2.0])
    p, min_p, n_assign, exact = permutation_test(num, den, [True, False, False], 100, 0)
    assert exact and n_assign == math.comb(3, 1) == 3 and min_p == pytest.approx(1 / 3)
    # frame 1: T_obs = |1 - 0| = 1; {d2}: |0 - 3/5| = 0.6, {d3}: 0.6 -> p = 1/3
    # frame 2: T_obs = |1/3 - 2/4| = 1/6; {d2}: |1/2 - 2/5| = 0.1 (twice) -> p = 1/3
    assert p == pytest.approx([1 / 3, 1 / 3])


def test_permutation_balanced_groups_min_p_and_ties():
    num = np.array([[2.0], [2.0], [0.0], [0.0]])
    den = np.ones(4) * 2
    p, min_p, n_assign, exact = permutation_test(num, den, [True, True, False, False], 100, 0)
    assert n_assign == 6 and exact
    assert min_p == pytest.approx(2 / 6)        # swapping the sides gives the same |T|
    assert p[0] == pytest.approx(2 / 6)


def test_permutation_random_branch_is_seeded_phipson_smyth():
    rng = np.random.default_rng(1)
    num = rng.integers(0, 2, size=(30, 2)).astype(float)
    is_a = np.arange(30) < 12
    p1, min_p, n, exact = permutation_test(num, np.ones(30), is_a, 500, seed=4)
    p2, *_ = permutation_test(num, np.ones(30), is_a, 500, seed=4)
    assert not exact and n == 500 and min_p == pytest.approx(1 / 501)
    assert np.array_equal(p1, p2)
    assert np.all(p1 >= 1 / 501) and np.all(p1 <= 1)
    # p * 501 - 1 is an integer count
    assert np.allclose(np.round(p1 * 501) , p1 * 501)


def test_permutation_validation():
    with pytest.raises(ValueError, match="each side"):
        permutation_test(np.ones((3, 1)), np.ones(3), [True] * 3, 10, 0)


def test_speaker_differences_doc_and_segment_level_with_caveat():
    d = speaker_differences(FS, DOCS, n_boot=200, n_perm=1000, seed=2)
    assert list(d["frame"]) == ["f1", "f2"]
    r = d.set_index("frame").loc["f1"]
    assert r["speaker_a"] == "A" and r["speaker_b"] == "B"
    assert r["difference"] == pytest.approx(2 / 5 - 1 / 2)
    # hits per 1,000 words: A 3 hits in 80 words, B 1 in 10
    assert r["rate_a"] == pytest.approx(3000 / 80) and r["rate_b"] == pytest.approx(100)
    assert r["rate_ratio"] == pytest.approx(37.5 / 100)
    assert r["rr_ci_low"] <= r["rate_ratio"] <= r["rr_ci_high"]
    assert r["n_docs_a"] == 2 and r["n_docs_b"] == 1
    assert r["exact_doc"] and r["n_assignments_doc"] == 3 and r["min_p_doc"] == pytest.approx(1 / 3)
    # documents: d1 1.0, d2 0.0 (A), d3 0.5 (B): T_obs = |0.4 - 0.5| = 0.1;
    # {d2} as A: |0 - 3/4| = 0.75; {d1} as A: |1 - 1/5| = 0.8 -> p = 1
    assert r["p_doc"] == pytest.approx(1.0)
    assert d["q_doc"].to_numpy() == pytest.approx(bh(d["p_doc"].to_numpy()))
    # 7 segments, 5 vs 2: C(7, 5) = 21 <= n_perm, so the segment level is enumerated too
    assert 0 < r["p_segment"] <= 1 and r["n_assignments_segment"] == 21
    assert r["ci_low"] <= r["difference"] <= r["ci_high"]
    assert r["evidence"] == "describes these documents"
    # the caveat of this pair from the documents table: years, outlets, translation differ
    assert "year (A: 2019 1, 2020 1; B: 2025)" in r["caveat"]
    assert "machine translation" in r["caveat"] and "genre" not in r["caveat"]
    assert "B is a single document" in r["caveat"]
    assert "smallest attainable p is 0.3333" in r["note"]
    # one-stage bootstrap: the one-document side does not vary, and the note says so
    assert "B has one document: its share does not vary" in r["note"]


def test_speaker_differences_note_follows_the_bootstrap_that_ran():
    d = speaker_differences(FS, DOCS, n_boot=400, n_perm=10, seed=2, two_stage=True)
    r = d.set_index("frame").loc["f1"]
    assert "resamples its paragraphs" in r["note"] and "does not vary" not in r["note"]
    # B (one document, 1 of 2 paragraphs with f1) does vary under the two-stage bootstrap
    labels, est, reps, *_ = cluster_bootstrap(
        np.array([[1.0], [0.0]]), np.ones(2), ["B", "B"], ["d3", "d3"], n_boot=400, seed=2,
        two_stage=True)
    assert reps[0, :, 0].std() > 0.2


def test_speaker_differences_within_one_year_has_no_year_confound():
    fs = FS.copy()
    docs = DOCS.assign(year=2025)                      # all documents in one year
    d = speaker_differences(fs, docs, n_boot=20, n_perm=10, seed=1, segment_perm=False)
    assert not d["caveat"].str.contains("year").any()
    assert d["p_segment"].isna().all()


def test_two_stage_bootstrap_gives_one_document_groups_an_interval():
    # one document, 4 paragraphs, the frame in 2: resampling paragraphs gives 0..4 of 4
    present = np.array([[1.0], [1.0], [0.0], [0.0]])
    labels, est, reps, n_units, n_clu = cluster_bootstrap(present, np.ones(4), ["A"] * 4,
                                                          ["d"] * 4, n_boot=2000, seed=5,
                                                          two_stage=True)
    assert n_clu[0] == 1 and est[0, 0] == pytest.approx(0.5)
    values = np.unique(np.round(reps[0, :, 0], 12))
    assert set(values) <= {0.0, 0.25, 0.5, 0.75, 1.0} and len(values) >= 4
    assert reps[0, :, 0].mean() == pytest.approx(0.5, abs=0.03)
    one = cluster_bootstrap(present, np.ones(4), ["A"] * 4, ["d"] * 4, n_boot=50, seed=5)
    assert np.all(one[2] == 0.5)                  # one stage: no variation at all
