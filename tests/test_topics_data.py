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
