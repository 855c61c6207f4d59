"""Document-term matrix and the document-completion split (scotext.topics.data)."""

import numpy as np
import pytest

from scotext.topics.data import build_dtm, completion_split, fold_split
from scotext.topics.synthetic import synthetic_corpus

UNITS = [
    ["security", "shanghai_spirit", "security", "trade"],
    ["trade", "economy", "trade"],
    ["security", "afghanistan"],
    ["covid"],
    [],
]


def test_build_dtm_counts_and_sorted_vocabulary():
    dtm, vocab = build_dtm(UNITS, min_df=1, max_df=1.0)
    assert vocab == sorted(vocab) == ["afghanistan", "covid", "economy", "security",
                                      "shanghai_spirit", "trade"]
    expected = np.array([
        [0, 0, 0, 2, 1, 1],
        [0, 0, 1, 0, 0, 2],
        [1, 0, 0, 1, 0, 0],
        [0, 1, 0, 0, 0, 0],
        [0, 0, 0, 0, 0, 0],
    ])
    assert dtm.format == "csr" and dtm.dtype == np.int64
    np.testing.assert_array_equal(dtm.toarray(), expected)


def test_build_dtm_trims_by_document_frequency_and_keeps_rows():
    dtm, vocab = build_dtm(UNITS, min_df=2, max_df=1.0)
    assert vocab == ["security", "trade"]
    assert dtm.shape == (5, 2)                     # empty units stay as empty rows
    np.testing.assert_array_equal(dtm.sum(axis=1).A1, [3, 2, 1, 0, 0])
    # max_df: security is in 2 of 5 units (0.4): dropped at 0.3, kept at 0.4
    assert "security" not in build_dtm(UNITS, 1, 0.3)[1]
    assert "security" in build_dtm(UNITS, 1, 0.4)[1]
    with pytest.raises(ValueError):
        build_dtm(UNITS, min_df=0, max_df=1.0)
    with pytest.raises(ValueError):
        build_dtm(UNITS, min_df=1, max_df=1.5)


def test_build_dtm_is_independent_of_unit_token_order_of_first_sight():
    reordered = [list(reversed(u)) for u in UNITS]
    a, va = build_dtm(UNITS, 1, 1.0)
    b, vb = build_dtm(reordered, 1, 1.0)
    assert va == vb
    assert (a != b).nnz == 0


def test_completion_split_partitions_every_unit():
    dtm = synthetic_corpus(n_docs=50, doc_len=31, seed=3)[0]
    observed, heldout = completion_split(dtm, seed=7, heldout_share=0.5)
    assert observed.shape == heldout.shape == dtm.shape
    assert (observed + heldout != dtm).nnz == 0
    assert observed.data.min() > 0 and heldout.data.min() > 0      # no negative or explicit zero
    # per cell: held-out never exceeds the count; per unit: exactly floor(n_d / 2) held out
    assert np.all(heldout.toarray() <= dtm.toarray())
    np.testing.assert_array_equal(heldout.sum(axis=1).A1, dtm.sum(axis=1).A1 // 2)
    # both halves are spread over the vocabulary, not a fixed block of columns
    assert (heldout.toarray() > 0).sum() > 0.3 * dtm.nnz


def test_completion_split_is_seeded():
    dtm = synthetic_corpus(n_docs=40, doc_len=20, seed=1)[0]
    o1, h1 = completion_split(dtm, seed=11)
    o2, h2 = completion_split(dtm, seed=11)
    o3, h3 = completion_split(dtm, seed=12)
    assert (h1 != h2).nnz == 0 and (o1 != o2).nnz == 0
    assert (h1 != h3).nnz > 0


def test_completion_split_small_units_and_share():
    dtm, _ = build_dtm(UNITS, 1, 1.0)
    observed, heldout = completion_split(dtm, seed=0, heldout_share=0.5)
    np.testing.assert_array_equal(heldout.sum(axis=1).A1, [2, 1, 1, 0, 0])   # 1-token unit observed
    _, h25 = completion_split(synthetic_corpus(n_docs=20, doc_len=40)[0], seed=0, heldout_share=0.25)
    assert set(h25.sum(axis=1).A1.tolist()) == {10}
    with pytest.raises(ValueError):
        completion_split(dtm, seed=0, heldout_share=1.0)


def test_fold_split_balanced_and_seeded():
    f = fold_split(23, 5, seed=0)
    assert sorted(np.bincount(f).tolist()) == [4, 4, 5, 5, 5]
    np.testing.assert_array_equal(f, fold_split(23, 5, seed=0))
    assert not np.array_equal(f, fold_split(23, 5, seed=1))
    with pytest.raises(ValueError):
        fold_split(3, 5, seed=0)


def test_cv_folds_keep_documents_together_and_balance():
    from scotext.topics.data import cv_folds

    docs = np.repeat([f"d{i}" for i in range(12)], np.arange(1, 13))
    folds, mode = cv_folds(docs, 5, seed=3)
    assert mode == "document" and set(folds) == set(range(5))
    for d in np.unique(docs):
        assert len(set(folds[docs == d])) == 1                # one fold per document
    per_fold_docs = [len(set(docs[folds == f])) for f in range(5)]
    assert sorted(per_fold_docs) == [2, 2, 2, 3, 3]
    np.testing.assert_array_equal(folds, cv_folds(docs, 5, seed=3)[0])
    # fewer documents than folds: leave one document out; one document: folds of units
    few, mode = cv_folds(np.array(["a", "a", "b", "c", "c", "c"]), 5, seed=0)
    assert mode == "document" and len(set(few)) == 3
    one, mode = cv_folds(np.array(["a"] * 7), 5, seed=0)
    assert mode == "unit" and sorted(np.bincount(one).tolist()) == [1, 1, 1, 2, 2]
    units, mode = cv_folds(docs, 4, seed=0, by="unit")
    assert mode == "unit" and len(set(folds[docs == "d11"])) == 1
    assert len(set(units[docs == "d11"])) > 1
    with pytest.raises(ValueError):
        cv_folds(docs, 4, seed=0, by="year")


def test_permute_tokens_keeps_lengths_and_frequencies_and_destroys_cooccurrence():
    from scotext.topics.data import permute_tokens
    from scotext.topics.synthetic import pure_unit_corpus

    dtm = pure_unit_corpus(n_topics=4, n_words=100, n_docs=30, unit_len=25, seed=1)[0]
    null = permute_tokens(dtm, seed=5)
    np.testing.assert_array_equal(null.sum(axis=1).A1, dtm.sum(axis=1).A1)
    np.testing.assert_array_equal(null.sum(axis=0).A1, dtm.sum(axis=0).A1)
    assert (null != dtm).nnz > 0
    assert (permute_tokens(dtm, seed=5) != null).nnz == 0       # seeded

    def block_purity(m):             # share of a unit's tokens in its most frequent block
        blocks = np.add.reduceat(m.toarray(), np.arange(0, 100, 20), axis=1)[:, :4]
        return (blocks.max(axis=1) / np.maximum(blocks.sum(axis=1), 1)).mean()

    assert block_purity(dtm) > 0.8 and block_purity(null) < 0.5


def test_save_and_load_matrices(tmp_path):
    from scotext.topics.data import load_matrices, save_matrices

    m = synthetic_corpus(n_docs=10, doc_len=5, seed=0)[0]
    save_matrices(tmp_path / "x.npz", counts=m, folds=np.arange(10), mode=np.array("unit"))
    back = load_matrices(tmp_path / "x.npz")
    assert (back["counts"] != m).nnz == 0 and back["counts"].shape == m.shape
    np.testing.assert_array_equal(back["folds"], np.arange(10))
    assert str(back["mode"]) == "unit"
    first = (tmp_path / "x.npz").read_bytes()
    save_matrices(tmp_path / "x.npz", folds=np.arange(10), mode=np.array("unit"), counts=m)
    assert (tmp_path / "x.npz").read_bytes() == first           # same bytes, any key order
