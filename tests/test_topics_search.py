"""The topic stage's glue: units from the corpus DTM, grid selection, prevalence tables."""

import numpy as np
import pandas as pd
import pytest
from scipy import sparse

from scotext.topics.search import prevalence_tables, select_model, topic_units


def _segments():
    return pd.DataFrame({
        "segment_id": ["a1", "a2", "q1", "b1", "b2"], "doc_id": ["a", "a", "a", "b", "b"],
        "year": [2019, 2019, 2019, 2025, 2025], "speaker": ["N", "N", "J", "E", "E"],
        "role": ["answer", "answer", "question", "answer", "answer"],
        "is_duplicate": [False, False, False, False, True],
        "text": ["t"] * 5, "tokens": ["x y", "y z z", "x", "x w", "w"]})


def test_units_select_roles_trim_vocabulary_and_keep_order():
    seg = _segments()
    vocab = ["w", "x", "y", "z"]
    dtm = sparse.csr_matrix(np.array([[0, 1, 1, 0], [0, 0, 1, 2], [0, 1, 0, 0], [1, 1, 0, 0],
                                      [1, 0, 0, 0]]))
    units, counts, terms, texts = topic_units(seg, dtm, vocab, roles=["answer"],
                                              include_duplicates=False, unit="segment",
                                              min_df=2, max_df=1.0)
    assert list(units["segment_id"]) == ["a1", "a2", "b1"]
    assert terms == ["x", "y"]                       # w and z occur in one unit only
    assert counts.toarray().tolist() == [[1, 1], [0, 1], [1, 0]]
    assert list(texts) == [["x", "y"], ["y"], ["x"]] and texts[1:] == [["y"], ["x"]]
    docs, dcounts, _, _ = topic_units(seg, dtm, vocab, roles=["answer"],
                                      include_duplicates=False, unit="document", min_df=1,
                                      max_df=1.0)
    assert list(docs["doc_id"]) == ["a", "b"] and dcounts.sum() == 7


def test_select_model_aligns_seeds_and_picks_representative():
    rng = np.random.default_rng(0)
    base = rng.dirichlet(np.ones(30), size=3)
    batches = []
    for seed, perm in ((1, [0, 1, 2]), (2, [2, 0, 1]), (3, [1, 2, 0])):
        tw = base[perm] + rng.uniform(0, 0.001, base.shape)
        tw /= tw.sum(axis=1, keepdims=True)
        dt = np.tile(np.eye(3)[np.argsort(perm)], (4, 1))[:10]  # unit i is base topic i % 3
        rows = [{"k": 3, "seed": seed, "heldout_loglik": -5.0, "perplexity": 150.0,
                 "c_npmi": 0.1, "c_v": 0.5, "exclusivity": 0.5}]
        batches.append((rows, tw[None], dt[None]))
    res = select_model(batches, k_setting="auto", threshold=0.5)
    assert res["k"] == 3 and res["seeds"] == [1, 2, 3]
    assert res["selection"]["stability"].min() > 0.99
    ref = res["doc_topic_by_seed"][res["reference"]]
    for aligned in res["doc_topic_by_seed"]:
        assert np.array_equal(aligned, ref)       # all seeds in the reference's topic order
    with pytest.raises(ValueError, match="not in topics.k_grid"):
        select_model(batches, k_setting=5, threshold=0.5)


def test_prevalence_tables_mark_within_speaker_and_confounded_contrasts():
    units = pd.DataFrame({"doc_id": ["a", "a", "b", "b", "c", "c"],
                          "year": [2019, 2019, 2020, 2020, 2025, 2025],
                          "speaker": ["N", "N", "N", "N", "E", "E"]})
    theta = np.array([[0.9, 0.1], [0.8, 0.2], [0.5, 0.5], [0.4, 0.6], [0.1, 0.9], [0.2, 0.8]])
    model = {"reference_index": 0, "labels": ["one", "two"], "unstable": [False, True]}
    prev, diff, caveat = prevalence_tables([theta, theta[:, ::-1][:, ::-1]], units, model,
                                           n_boot=50, seed=1, level=0.95)
    assert "confounded" in caveat
    y = prev[(prev["group_var"] == "year") & (prev["topic"] == 1)].set_index("group")
    assert y.loc["2019", "estimate"] == pytest.approx(0.85)
    assert list(prev["unstable"].unique()) == [False, True]
    kinds = diff.drop_duplicates(["group_var", "group_a", "group_b"]).set_index(
        ["group_a", "group_b"])["contrast_type"]
    assert kinds[("2019", "2020")] == "within-speaker"
    assert kinds[("2019", "2025")] == "between speakers (confounded with year)"
    assert kinds[("E", "N")] == "between speakers (confounded with year)"
