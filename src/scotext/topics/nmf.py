"""Non-negative matrix factorisation of the TF-IDF matrix: a second, non-probabilistic view of
the topics, to check that the LDA topics are not an artefact of one model family.

``nmf_topics``: scikit-learn ``TfidfTransformer`` (defaults: smooth idf, l2-normalised rows,
raw term frequency), then ``NMF`` (Frobenius loss, coordinate descent) with
``init="nndsvda"`` (deterministic SVD-based start, zeros filled with the mean) and
``random_state=seed``, at most ``max_iter`` iterations. The rows of the word factor H are
scaled to sum to 1 so they can be compared with LDA's topic-word distributions by cosine (the
cosine does not depend on the scaling; the values are TF-IDF weights, not probabilities).

``agreement``: each reference topic (e.g. LDA's), the NMF topic matched to it by the Hungarian
algorithm (``align.align``) and their cosine.
"""

from __future__ import annotations

import numpy as np


def nmf_topics(dtm, k: int, seed: int, max_iter: int = 1000, tol: float = 1e-4) -> np.ndarray:
    """Topic-word matrix (K x V, rows sum to 1) of NMF on TF-IDF of the count matrix."""
    from sklearn.decomposition import NMF
    from sklearn.feature_extraction.text import TfidfTransformer

    from .data import as_counts

    m = as_counts(dtm)
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or not 1 <= k <= min(m.shape):
        raise ValueError(f"k must be an integer between 1 and min(units, words) = {min(m.shape)}, got {k!r}")
    X = TfidfTransformer().fit_transform(m.astype(np.float64))
    model = NMF(n_components=int(k), init="nndsvda", random_state=int(seed),
                max_iter=int(max_iter), tol=float(tol))
    model.fit(X)
    H = np.asarray(model.components_, dtype=np.float64)
    sums = H.sum(axis=1, keepdims=True)
    V = H.shape[1]
    # a component that collapsed to zero has no words: give it a uniform row (cosine ~ 0 with
    # any concentrated topic) rather than dividing by zero
    return np.where(sums > 0, H / np.where(sums > 0, sums, 1.0), 1.0 / V)


def agreement(reference_topic_word, nmf_topic_word):
    """Per reference topic: the matched NMF topic and the cosine of the pair (DataFrame).

    Columns: topic (reference), matched_topic (NMF), cosine. Hungarian matching that
    maximises the total cosine (``align.align``).
    """
    import pandas as pd

    from .align import align

    perm, sims = align(reference_topic_word, nmf_topic_word)
    return pd.DataFrame({"topic": np.arange(len(perm)), "matched_topic": perm, "cosine": sims})
