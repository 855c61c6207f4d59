"""Diagnostics of fitted topics: semantic coherence, exclusivity, FREX and relevance.

- ``semantic_coherence``: stm's ``semanticCoherence`` (Mimno et al. 2011): do a topic's top
  words occur in the same units? Document co-occurrence on the modelled units.
- ``exclusivity``: stm's ``exclusivity`` (Roberts, Stewart and Airoldi 2016; used by
  ``searchK``): the summed FREX score of the top words, rank-based, so its scale does not
  change with K (a raw share beta_kw / sum_j beta_jw has the floor 1/K, which rewards K by
  construction).
- ``frex``: the FREX score of stm's ``calcfrex`` (Roberts, Stewart and Tingley), the weighted
  harmonic mean of a word's within-topic ECDF rank by frequency and by exclusivity;
  ``top_frex_ids``: the highest-FREX words of every topic.
- ``relevance``: LDAvis relevance (Sievert and Shirley 2014).
- ``top_words``: the top-n words of each topic by probability (what coherence and
  exclusivity are computed on, as in stm).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def _topic_word(topic_word) -> np.ndarray:
    tw = np.asarray(topic_word, dtype=np.float64)
    if tw.ndim != 2 or tw.shape[0] < 1 or tw.shape[1] < 1:
        raise ValueError(f"topic_word must be a K x V matrix, got shape {tw.shape}")
    if np.any(tw < 0) or not np.all(np.isfinite(tw)):
        raise ValueError("topic_word must hold finite non-negative probabilities")
    return tw


def top_word_ids(topic_word, topn: int = 10) -> np.ndarray:
    """K x topn word indices, highest probability first (ties: smaller index first)."""
    tw = _topic_word(topic_word)
    topn = min(int(topn), tw.shape[1])
    return np.argsort(-tw, axis=1, kind="stable")[:, :topn]


def top_words(topic_word, vocab: Sequence[str], topn: int = 10) -> list[list[str]]:
    """The top-n words of every topic, highest probability first."""
    return [[vocab[j] for j in row] for row in top_word_ids(topic_word, topn).tolist()]


def semantic_coherence(topic_word, counts, topn: int = 10, epsilon: float = 0.01) -> np.ndarray:
    """Per-topic semantic coherence (Mimno et al. 2011), as stm's ``semanticCoherence``.

    For the top-``topn`` words v_1 .. v_M of a topic (by probability), with D(v) the number
    of units (rows of ``counts``) containing v and D(v, v') the number containing both:

        coherence = sum_{m=2..M} sum_{l<m} log( (D(v_m, v_l) + epsilon) / D(v_l) )

    (documents counted once per word: the matrix is binarised). ``epsilon`` = 0.01 is stm's
    smoothing constant (Mimno et al. use 1); in stm's code the word in the denominator of a
    pair is the one with the smaller vocabulary index, here it is the higher-ranked word, as
    in the paper. 0 is the maximum (every pair always together); more negative = top words
    that rarely share a unit. A top word that occurs in no unit of ``counts`` is skipped and
    the next word of the ranking taken; a topic with fewer than two such words gets NaN.
    """
    from scipy import sparse

    tw = _topic_word(topic_word)
    X = sparse.csr_matrix(counts)
    if X.shape[1] != tw.shape[1]:
        raise ValueError(f"counts has {X.shape[1]} columns, topic_word {tw.shape[1]}")
    X = (X > 0).astype(np.float64).tocsc()
    df = np.asarray(X.sum(axis=0)).ravel()
    order = np.argsort(-tw, axis=1, kind="stable")
    tops = [row[df[row] > 0][:int(topn)] for row in order]
    union = np.unique(np.concatenate(tops)) if tops else np.zeros(0, dtype=np.int64)
    pos = {int(j): i for i, j in enumerate(union)}
    sub = X[:, union]
    co = np.asarray((sub.T @ sub).todense())
    out = np.full(tw.shape[0], np.nan)
    for k, t in enumerate(tops):
        if t.size < 2:
            continue
        p = np.array([pos[int(j)] for j in t])
        m_idx, l_idx = np.tril_indices(p.size, k=-1)   # pairs m > l (l ranked higher)
        out[k] = float(np.sum(np.log((co[p[m_idx], p[l_idx]] + epsilon) / co[p[l_idx], p[l_idx]])))
    return out


def exclusivity(topic_word, topn: int = 10, frexw: float = 0.7) -> np.ndarray:
    """Per-topic exclusivity as stm's ``exclusivity`` (used by its ``searchK``): the sum,
    over the topic's top-``topn`` words by probability, of their FREX score with weight
    ``frexw`` on exclusivity (stm's default 0.7): FREX_kw = 1 / (frexw / E_kw + (1 - frexw)
    / F_kw), where E_kw is the rank (among the V words, within topic k, ties averaged) of
    the word's exclusivity beta_kw / sum_j beta_jw divided by V and F_kw the rank of
    beta_kw divided by V.

    Rank-based, so its scale does not depend on K: between 0 and ``topn`` (every top word
    the most exclusive and most frequent of its topic). A topic whose top words are the
    corpus's common words (as every topic of a model of structureless text) scores about
    ``topn`` x 1 / (frexw / 0.5 + 1 - frexw), i.e. 5.9 of 10 with the defaults; a topic of
    its own words close to ``topn``.
    """
    tw = _topic_word(topic_word)
    V = tw.shape[1]
    col = tw.sum(axis=0)
    excl = np.divide(tw, col, out=np.zeros_like(tw), where=col > 0)
    ids = top_word_ids(tw, topn)
    # ECDF ranks (ties averaged) of the top words only: the same numbers as ranking all V
    # words (as frex does), without ranking them all
    fr = _ranks_of(tw, ids) / V
    ex = _ranks_of(excl, ids) / V
    w = float(frexw)
    return (1.0 / (w / ex + (1.0 - w) / fr)).sum(axis=1)


def _ranks_of(values, ids) -> np.ndarray:
    """1-based average ranks (ties averaged, as ``scipy.stats.rankdata``) within each row
    of ``values`` of the entries ``ids`` (K x n column indices)."""
    srt = np.sort(values, axis=1)
    out = np.empty(ids.shape, dtype=np.float64)
    for k in range(values.shape[0]):
        v = values[k, ids[k]]
        lo = np.searchsorted(srt[k], v, side="left")
        hi = np.searchsorted(srt[k], v, side="right")
        out[k] = (lo + 1 + hi) / 2.0
    return out


def top_frex_ids(topic_word, topn: int = 10, w: float = 0.5) -> np.ndarray:
    """K x topn word indices with the highest FREX score (weight ``w`` on frequency, as
    :func:`frex`), highest first (ties: smaller index first): the words that make a topic
    this topic, used for labels and for the stability of top-word sets."""
    fx = frex(topic_word, w=w)
    topn = min(int(topn), fx.shape[1])
    return np.argsort(-fx, axis=1, kind="stable")[:, :topn]


def _js_estimate(prob: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """stm's ``js.estimate`` column by column (prob: K x V, counts: V), vectorised."""
    K = prob.shape[0]
    unif = 1.0 / K
    ct = counts.astype(np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        mlvar = prob * (1 - prob) / (ct - 1)
        deviation = ((prob - unif) ** 2).sum(axis=0)
        lam = mlvar.sum(axis=0) / deviation
    lam = np.where(np.isnan(lam), 1.0, np.clip(lam, 0.0, 1.0))
    shrunk = lam * unif + (1 - lam) * prob
    out = np.where(deviation == 0, prob, shrunk)
    out[:, ct <= 1] = unif
    return out


def frex(topic_word, w: float = 0.5, wordcounts=None) -> np.ndarray:
    """FREX score of every word in every topic (K x V), as stm's ``calcfrex``.

    With logbeta = log topic_word: exclusivity excl_kw = beta_kw / sum_j beta_jw (optionally
    shrunk towards uniform by stm's James-Stein estimator when ``wordcounts``, the corpus
    count of each word, is given); within each topic, ``F`` = rank of logbeta_kw / V and
    ``E`` = rank of excl_kw / V (ECDF ranks, ties averaged like ``data.table::frank``);
    FREX = 1 / (w / F + (1 - w) / E). As in stm's code and documentation, ``w`` is the
    weight on *frequency* (the JASA paper writes it on exclusivity; the two agree at 0.5).
    Higher is more frequent-and-exclusive; scores lie in (0, 1].
    """
    from scipy.stats import rankdata

    if not 0.0 <= float(w) <= 1.0:
        raise ValueError(f"w must lie in [0, 1], got {w!r}")
    tw = _topic_word(topic_word)
    V = tw.shape[1]
    col = tw.sum(axis=0)
    excl = np.divide(tw, col, out=np.zeros_like(tw), where=col > 0)
    if wordcounts is not None:
        wc = np.asarray(wordcounts, dtype=np.float64)
        if wc.shape != (V,):
            raise ValueError(f"wordcounts must have one count per word ({V}), got {wc.shape}")
        excl = _js_estimate(excl, wc)
    # ranks of beta equal ranks of log beta (monotone), no log of zeros needed
    freq_score = rankdata(tw, method="average", axis=1) / V
    excl_score = rankdata(excl, method="average", axis=1) / V
    return 1.0 / (w / freq_score + (1.0 - w) / excl_score)


def relevance(topic_word, term_freq, lam: float = 0.6) -> np.ndarray:
    """LDAvis relevance (K x V): lam * log beta_kw + (1 - lam) * log(beta_kw / p_w).

    ``term_freq``: corpus count (or share) of each word; p_w = term_freq / sum. lam = 0.6 is
    the value Sievert and Shirley's user study found best for interpretation. A word with
    zero probability in a topic, or zero corpus frequency, gets -inf (never ranked first).
    """
    if not 0.0 <= float(lam) <= 1.0:
        raise ValueError(f"lam must lie in [0, 1], got {lam!r}")
    tw = _topic_word(topic_word)
    tf = np.asarray(term_freq, dtype=np.float64)
    if tf.shape != (tw.shape[1],) or np.any(tf < 0) or tf.sum() <= 0:
        raise ValueError(f"term_freq must be {tw.shape[1]} non-negative counts with a positive sum")
    p = tf / tf.sum()
    valid = (tw > 0) & (p > 0)[None, :]
    out = np.full(tw.shape, -np.inf)
    logb = np.log(tw, out=np.zeros_like(tw), where=valid)
    logp = np.log(p, out=np.zeros_like(p), where=p > 0)
    out[valid] = (logb - (1.0 - lam) * logp[None, :])[valid]
    return out
