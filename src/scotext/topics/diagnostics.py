"""Diagnostics of fitted topics: semantic coherence, exclusivity, FREX and relevance.

- ``coherence``: gensim ``CoherenceModel`` (Röder, Both and Hinneburg 2015) on the analysis
  tokens of the units, per topic. ``c_npmi``: mean normalised PMI of the pairs of top words
  (Bouma 2009; Aletras and Stevenson 2013), co-occurrence counted in sliding windows
  (gensim default 10 tokens); ``c_v``: indirect cosine measure with NPMI context vectors,
  boolean sliding window (gensim default 110 tokens, i.e. a whole paragraph here).
- ``exclusivity``: how much of each top word's probability mass belongs to its topic
  (FREX's exclusivity component; Bischof and Airoldi 2012; Roberts et al. 2014).
- ``frex``: the FREX score of stm's ``calcfrex`` (Roberts, Stewart and Tingley), the weighted
  harmonic mean of a word's within-topic ECDF rank by frequency and by exclusivity.
- ``relevance``: LDAvis relevance (Sievert and Shirley 2014).
- ``top_words``: the top-n words of each topic by probability (what the measures are
  computed on).
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


def coherence(topic_word, vocab: Sequence[str], texts: Sequence[Sequence[str]], measure: str,
              topn: int = 10, window: int | None = None) -> np.ndarray:
    """Per-topic coherence (array of K) of the top-``topn`` words, via gensim ``CoherenceModel``.

    ``texts``: the analysis tokens of the units (reference corpus for co-occurrence);
    a gensim ``Dictionary`` is built from them. ``measure``: "c_npmi" or "c_v".
    ``window``: sliding-window size in tokens (None: gensim's default for the measure).

    Topic words missing from ``texts`` (possible when ``texts`` is not the corpus the
    vocabulary came from) are skipped and the next words of the topic's ranking are taken,
    so every topic is scored on ``topn`` words that occur in ``texts``; a topic with fewer
    than two such words gets NaN. Computed in one process (deterministic).
    """
    from gensim.corpora import Dictionary
    from gensim.models.coherencemodel import CoherenceModel

    if measure not in ("c_npmi", "c_v"):
        raise ValueError(f"measure must be 'c_npmi' or 'c_v', got {measure!r}")
    tw = _topic_word(topic_word)
    if tw.shape[1] != len(vocab):
        raise ValueError(f"topic_word has {tw.shape[1]} words, vocab {len(vocab)}")
    texts = [list(t) for t in texts]
    dictionary = Dictionary(texts)
    known = dictionary.token2id
    order = np.argsort(-tw, axis=1, kind="stable")
    topics: list[list[str]] = []
    for row in order:
        words = [vocab[j] for j in row if vocab[j] in known][:int(topn)]
        topics.append(words)
    values = np.full(tw.shape[0], np.nan)
    scorable = [i for i, words in enumerate(topics) if len(words) >= 2]
    if not scorable:
        return values
    kwargs = {} if window is None else {"window_size": int(window)}
    cm = CoherenceModel(topics=[topics[i] for i in scorable], texts=texts, dictionary=dictionary,
                        coherence=measure, topn=int(topn), processes=1, **kwargs)
    with np.errstate(divide="ignore", invalid="ignore"):
        per_topic = cm.get_coherence_per_topic()
    values[scorable] = np.asarray(per_topic, dtype=np.float64)
    return values


def exclusivity(topic_word, topn: int = 10) -> np.ndarray:
    """Per-topic exclusivity: mean over the topic's top-n words of beta_kw / sum_j beta_jw.

    1 when every top word has all its mass in the topic; 1/K when top words are shared evenly.
    A word with zero mass in every topic (cannot be a top word unless a row is all zero)
    counts as 0.
    """
    tw = _topic_word(topic_word)
    col = tw.sum(axis=0)
    share = np.divide(tw, col, out=np.zeros_like(tw), where=col > 0)
    ids = top_word_ids(tw, topn)
    return np.take_along_axis(share, ids, axis=1).mean(axis=1)


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
