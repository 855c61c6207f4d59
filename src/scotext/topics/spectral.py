"""A spectral start for variational LDA: word clusters of the co-occurrence matrix.

Mean-field variational Bayes (gensim's ``LdaModel``) ends near where it starts. From
gensim's random start, on short units (interview paragraphs of ~16 tokens that mix their
document's topics) it ends in poor local optima: on the interview generator of
``benchmarks/synth_corpus.py`` with 8 true topics, recovery 0.55-0.78 whatever the passes,
priors or chunking (``scotext.topics.engines``). Moment methods do not have local optima of
that kind: the word-word co-occurrence matrix of an LDA corpus is a mixture of K topic
outer products (Arora et al. 2013, "A practical algorithm for topic modeling with provable
guarantees", ICML), so words of one topic have similar rows. The start built here:

1. the words that occur in at least ``min_df`` units (at most ``max_words``, the most
   frequent; rarer words have rows too noisy to place and are left to the first E-step;
   a corpus with fewer than 2K such words clusters its 2K most frequent words);
2. their within-unit co-occurrence, estimated without bias for units of any length as in
   Arora et al. (2013): Q = mean over units of (w w^T - diag(w)) / (n (n - 1)), units of at
   least 2 tokens; then positive pointwise mutual information, log Q_ij / (p_i p_j) clipped at
   0, with p the words' corpus shares;
3. a truncated SVD of rank K (randomised, seeded), each word's row scaled by the singular
   values and normalised to unit length (spectral embedding);
4. k-means (k-means++ starts, ``n_init`` of them, seeded; the lowest inertia kept) into K
   word clusters;
5. the start's topic-word statistics: each clustered word's corpus count in its cluster's
   topic, and ``floor`` in every other cell.

The VB passes then re-estimate every topic, rare words included; the start decides only
which local optimum they reach. On a token-permuted corpus the clusters agree with the
topics no better than chance (tested), and the workflow's null, fitted with the same start,
gains nothing over the one-topic model (``benchmarks/results/acceptance.md``). Deterministic: one matrix and one seed give the
same clusters (k-means runs on one thread, so the result does not depend on the machine's
core count).

Measured on the workflow's own search units of the interview generator (fold 0 / fold 1,
recovery = mean Hungarian-matched cosine to the true topics, fits of 20 passes at the true
K): K = 4: 0.945 / 0.944 (random start 0.635 / 0.618); K = 8: 0.912 / 0.914 (random start
0.55-0.78); K = 12: 0.842 / 0.858. The clusters alone give about the same recovery, so it
is the start, not the passes, that carries the fit.
"""

from __future__ import annotations

import numpy as np
from scipy import sparse

from .data import as_counts


def cooccurrence(m, words: np.ndarray) -> np.ndarray:
    """Arora et al. (2013)'s co-occurrence estimate restricted to the columns ``words``:
    the mean over units with at least 2 tokens of (w w^T - diag(w)) / (n (n - 1)), where w
    holds the unit's counts of ``words`` and n its length over all words (dense,
    len(words) x len(words), symmetric, entries >= 0 up to rounding)."""
    c = as_counts(m)
    n = np.asarray(c.sum(axis=1), dtype=np.float64).ravel()
    keep = np.flatnonzero(n >= 2)
    if len(keep) == 0:
        raise ValueError("no unit has 2 or more tokens: word co-occurrence is undefined")
    sub = c[keep][:, words].astype(np.float64)
    weight = 1.0 / (n[keep] * (n[keep] - 1.0))
    scaled = sparse.diags(np.sqrt(weight)) @ sub
    q = np.asarray((scaled.T @ scaled).todense())
    q[np.diag_indices_from(q)] -= np.asarray(sub.T @ weight).ravel()
    q /= len(keep)
    return np.maximum(q, 0.0)


def clustered_words(m, min_df: int, max_words: int) -> np.ndarray:
    """Column numbers of the words that occur in at least ``min_df`` units, at most
    ``max_words`` of them (the most frequent; ties by column number), ascending."""
    c = as_counts(m)
    df = np.diff(c.tocsc().indptr)
    counts = np.asarray(c.sum(axis=0)).ravel()
    eligible = np.flatnonzero(df >= int(min_df))
    if len(eligible) > int(max_words):
        order = np.lexsort((eligible, -counts[eligible]))
        eligible = np.sort(eligible[order[: int(max_words)]])
    return eligible


def word_clusters(m, k: int, seed: int, min_df: int = 5, max_words: int = 5000,
                  n_init: int = 10) -> tuple[np.ndarray, np.ndarray]:
    """Spectral word clusters: ``(words, labels)``, the clustered column numbers and a label
    in 0..k-1 for each (steps 1-4 of the module docstring). When fewer than 2K words occur
    in ``min_df`` units (a very small corpus), the 2K most frequent words are clustered
    instead; fewer than K words that occur at all raise ``ValueError``."""
    from sklearn.cluster import KMeans
    from sklearn.utils.extmath import randomized_svd
    from threadpoolctl import threadpool_limits

    c = as_counts(m)
    words = clustered_words(c, min_df, max_words)
    if len(words) < 2 * k:
        # a small corpus (or a small null): its 2K most frequent words that occur at all
        words = clustered_words(c, 1, max(2 * k, len(words)))
    if len(words) < k:
        raise ValueError(f"the spectral start needs at least K = {k} words that occur; the "
                         f"matrix has {len(words)}: use fewer topics or start: random")
    q = cooccurrence(c, words)
    counts = np.asarray(c.sum(axis=0), dtype=np.float64).ravel()
    p = counts[words] / counts.sum()
    with np.errstate(divide="ignore"):
        ppmi = np.log(np.where(q > 0, q, 1.0) / np.outer(p, p))
    ppmi = np.where(q > 0, np.maximum(ppmi, 0.0), 0.0)
    rank = min(int(k), len(words) - 1) if len(words) > 1 else 1
    with threadpool_limits(limits=1):
        u, s, _ = randomized_svd(ppmi, n_components=rank, n_iter=7, random_state=int(seed))
        emb = u * s
        norm = np.linalg.norm(emb, axis=1, keepdims=True)
        emb = emb / np.where(norm > 0, norm, 1.0)
        labels = KMeans(n_clusters=int(k), n_init=int(n_init),
                        random_state=int(seed)).fit_predict(emb)
    return words, labels.astype(np.int64)


def spectral_sstats(m, k: int, seed: int, min_df: int = 5, max_words: int = 5000,
                    floor: float = 1e-3) -> np.ndarray:
    """The start's topic-word statistics (k x V, float64): each clustered word's corpus
    count in its cluster's row, ``floor`` elsewhere (step 5 of the module docstring)."""
    c = as_counts(m)
    words, labels = word_clusters(c, k, seed, min_df=min_df, max_words=max_words)
    counts = np.asarray(c.sum(axis=0), dtype=np.float64).ravel()
    stats = np.full((int(k), c.shape[1]), float(floor))
    stats[labels, words] += counts[words]
    return stats
