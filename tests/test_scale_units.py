"""Pieces of the scale work that are plain functions: cleaning batches, the topic-search
sample, thread pinning of jobs, capped permutation counts, long LaTeX tables, KWIC from the
document-term matrix, the cluster bootstrap's second stage."""

import os

import numpy as np
import pandas as pd

from scotext.corpus.batches import assign_batches, n_batches, stable_bucket
from scotext.inference.permutation import random_assignments, random_subsets
from scotext.tables import to_booktabs
from scotext.topics.search import search_rows


def test_small_corpus_per_document_and_large_corpus_batched():
    ids = [f"d{i:03d}" for i in range(5)]
    assert assign_batches(ids, 1000, per_document_max=20) == {d: [d] for d in ids}
    assert assign_batches(ids, 1000, per_document_max=0) == {"b000": ids}
    many = [f"doc{i:05d}" for i in range(10_000)]
    batches = assign_batches(many, 1000, per_document_max=0)
    assert len(batches) == 10 and sorted(d for b in batches.values() for d in b) == many
    assert all(b == sorted(b) for b in batches.values())
    sizes = [len(b) for b in batches.values()]
    assert min(sizes) > 800 and max(sizes) < 1200              # a hash spreads them evenly
    assert len(assign_batches(many, 1000, per_document_max=0, max_jobs=4)) == 4
    assert n_batches(10**5, 2500, 0, 8) == 8 and n_batches(10**3, 2500, 0, 8) == 1


def test_adding_a_document_changes_one_batch_only():
    many = [f"doc{i:05d}" for i in range(4_500)]            # 5 batches before and after
    before = assign_batches(many, 1000, per_document_max=0)
    after = assign_batches(many + ["zz_new"], 1000, per_document_max=0)
    changed = [b for b in after if after[b] != before.get(b)]
    assert len(changed) == 1 and "zz_new" in after[changed[0]]


def test_stable_bucket_does_not_depend_on_the_process():
    import subprocess
    import sys

    code = ("from scotext.corpus.batches import stable_bucket; "
            "print([stable_bucket(f'd{i}', 7) for i in range(20)])")
    outs = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                           env={**os.environ, "PYTHONHASHSEED": h}).stdout for h in ("1", "2")}
    assert len(outs) == 1
    assert outs.pop().strip() == str([stable_bucket(f"d{i}", 7) for i in range(20)])


def test_search_rows_keeps_whole_documents():
    docs = np.repeat([f"d{i}" for i in range(50)], 3)
    assert np.array_equal(search_rows(docs, 50, 1), np.arange(150))
    rows = search_rows(docs, 10, 1)
    assert len(np.unique(docs[rows])) == 10 and len(rows) == 30
    assert np.array_equal(rows, search_rows(docs, 10, 1))
    assert not np.array_equal(rows, search_rows(docs, 10, 2))


def test_start_job_pins_numerical_threads(tmp_path, monkeypatch):
    from types import SimpleNamespace

    from scotext.logutil import THREAD_VARIABLES, start_job

    for var in THREAD_VARIABLES:
        monkeypatch.delenv(var, raising=False)
    import sys
    stderr = sys.stderr
    try:
        start_job(SimpleNamespace(threads=1, log=[str(tmp_path / "job.log")]))
    finally:
        sys.stderr = stderr
    assert all(os.environ[v] == "1" for v in THREAD_VARIABLES)


def test_random_permutations_are_capped_for_huge_comparisons():
    assert random_assignments(10_000, 50) == 10_000
    assert random_assignments(10_000, 100_000, max_draws=200_000_000) == 2_000
    assert random_assignments(10_000, 10**7, max_draws=200_000_000) == 200
    assert random_assignments(10_000, 10**7, max_draws=None) == 10_000
    rng = np.random.default_rng(0)
    sub = random_subsets(rng, 4, 10, 3)
    assert sub.shape == (4, 3) and all(len(set(r)) == 3 for r in sub.tolist())
    # the same sets as the k smallest uniforms by a full sort
    u = np.random.default_rng(5).random((6, 40))
    part = random_subsets(np.random.default_rng(5), 6, 40, 7)
    full = np.argsort(u, axis=1, kind="stable")[:, :7]
    assert [set(r) for r in part.tolist()] == [set(r) for r in full.tolist()]


def test_long_latex_tables_are_cut_and_say_so():
    df = pd.DataFrame({"a": range(10)})
    tex = to_booktabs(df, "c", "l", max_rows=4)
    assert tex.count(r" \\") == 1 + 4 + 1 and "6 more rows in the CSV file" in tex
    assert "more rows" not in to_booktabs(df, "c", "l")


def test_kwic_from_the_dtm_equals_a_full_scan():
    from scotext.corpus.dtm import build_dtm
    from scotext.corpus.tokens import Tokenizer
    from scotext.keywords.kwic import kwic

    tok = Tokenizer(stopwords={"the", "of", "and"}, multiword=[], spelling={},
                    lemma_overrides={}, min_chars=2, keep_numbers=False)
    rng = np.random.default_rng(3)
    words = ["trade", "security", "peace", "energy", "summit", "terrorism", "the", "of"]
    texts = [" ".join(rng.choice(words, size=rng.integers(0, 15))).capitalize() + "."
             for _ in range(300)]
    seg = pd.DataFrame({"doc_id": [f"d{i // 10}" for i in range(300)],
                        "segment_id": [f"s{i}" for i in range(300)], "text": texts})
    dtm, vocab = build_dtm(" ".join(tok.tokens(t)) for t in texts)
    units = seg[seg.index % 3 != 0]                       # a subset, original row labels
    terms = ["peace", "summit", "terrorism", "absent"]
    for max_per in (1, 5, 40):
        full = kwic(units, terms, tok, max_per_term=max_per)
        fast = kwic(units, terms, tok, max_per_term=max_per, dtm=dtm, vocab=vocab)
        pd.testing.assert_frame_equal(full, fast.reset_index(drop=True))
        assert len(full) > 0


def test_second_bootstrap_stage_only_for_small_groups():
    from scotext.inference.bootstrap import cluster_bootstrap

    rng = np.random.default_rng(0)
    n = 400
    docs = np.repeat(np.arange(80), 5).astype(str)
    groups = np.where(np.arange(n) < 10, "small", "large")     # 2 docs vs 78 docs
    num = (rng.random((n, 2)) < 0.3).astype(float)
    args = (num, np.ones(n), groups, docs, 300, 7)
    one = cluster_bootstrap(*args, two_stage=False)
    two_all = cluster_bootstrap(*args, two_stage=True, two_stage_max_clusters=None)
    two_cap = cluster_bootstrap(*args, two_stage=True, two_stage_max_clusters=10)
    labels = one[0]
    large, small = labels.index("large"), labels.index("small")
    # capped: the large group is resampled by documents only, exactly as the one-stage draws
    np.testing.assert_array_equal(two_cap[2][large], one[2][large])
    assert not np.array_equal(two_all[2][large], one[2][large])
    # the small group keeps its second stage
    assert not np.array_equal(two_cap[2][small], one[2][small])


def test_stopwords_read_without_importing_sklearn():
    import subprocess
    import sys

    code = ("import sys; from scotext.corpus.tokens import sklearn_stop_words; "
            "w = sklearn_stop_words(); print(len(w), 'sklearn' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    from scotext.corpus.tokens import sklearn_stop_words

    assert out.split() == [str(len(ENGLISH_STOP_WORDS)), "False"]
    assert sklearn_stop_words() == frozenset(ENGLISH_STOP_WORDS)


def test_bootstrap_weights_in_blocks_are_the_one_draw_and_bound_memory(monkeypatch):
    from scotext.inference import bootstrap as resampling
    from scotext.inference import bootstrap as sal
    from scotext.inference.bootstrap import cluster_weights
    from scotext.topics import prevalence as prev

    whole = np.random.default_rng(7).multinomial(50, np.full(50, 1 / 50), size=23)
    blocks = list(cluster_weights(np.random.default_rng(7), 50, 23, max_cells=200))
    assert [(a, b) for a, b, _ in blocks] == [(0, 4), (4, 8), (8, 12), (12, 16), (16, 20),
                                              (20, 23)]
    np.testing.assert_array_equal(np.vstack([w for _, _, w in blocks]), whole)
    # the bootstraps give the same replicates with tiny blocks (a block of one replicate)
    rng = np.random.default_rng(1)
    n = 300
    num, den = rng.poisson(2, (n, 3)).astype(float), rng.integers(5, 50, n).astype(float)
    groups, clusters = rng.choice(["a", "b"], n), rng.integers(0, 120, n).astype(str)
    theta = [rng.dirichlet(np.ones(4), n) for _ in range(3)]
    before = sal.cluster_bootstrap(num, den, groups, clusters, 40, 5, two_stage=True,
                                   two_stage_max_clusters=10)
    prev_before = prev._replicates(theta, groups, clusters, 40, 5, 0.9, 0)
    monkeypatch.setattr(resampling.cluster_weights, "__defaults__", (1,))
    after = sal.cluster_bootstrap(num, den, groups, clusters, 40, 5, two_stage=True,
                                  two_stage_max_clusters=10)
    prev_after = prev._replicates(theta, groups, clusters, 40, 5, 0.9, 0)
    for x, y in zip(before[1:], after[1:]):   # sums of integer counts: exact in any blocks
        np.testing.assert_array_equal(x, y)
    # sums of topic shares (floats): the blocks change the order of the matrix product's
    # additions, so the last bits may differ; the block size is a constant (not the cores)
    np.testing.assert_allclose(prev_after[1], prev_before[1], rtol=1e-13, atol=0)
    for x, y in zip(prev_before[2:], prev_after[2:]):
        np.testing.assert_array_equal(np.asarray(x), np.asarray(y))
