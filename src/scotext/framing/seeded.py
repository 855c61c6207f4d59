"""Dictionary-seeded topic model: a robustness check of the frame dictionary.

Model: LDA (gensim ``LdaModel`` through :class:`scotext.topics.lda.LdaTopicModel`, seeded and
single-threaded) with K = (number of frames with seed words) + ``n_free`` topics. Topic k <
n_seeded is the frame's topic; the free topics absorb everything else.

Seed words (:func:`seed_words`): for every frame, the patterns of the codebook that are one
analysis token of the vocabulary (the token column of segments.csv, the DTM's vocabulary):

- a pattern is run through ``Tokenizer.tokens`` (the corpus's own tokenisation, so
  "international terrorism" -> ``international_terrorism`` where that multi-word expression
  is in the lexicon, "terrorists" -> ``terrorist``); it is a seed if it is one word giving
  one token, or a phrase giving one multi-word token (with "_"), and that token is in the
  vocabulary. A phrase that shrinks to one plain token because its other words are
  stopwords ("against third countries" -> ``country``, "join the SCO" -> ``join``) is not
  a seed: its meaning is in the context the bag of words drops. "non-interference in
  internal affairs" gives two tokens and is not used either; an acronym such as "UN" is
  lower-cased like every token;
- a prefix pattern ("digitali*") seeds every vocabulary token (without "_") starting with
  the prefix;
- exclude patterns are not used (they are about context, which a bag of words lacks).

A token may seed several frames (allowed, as in the dictionary).

Prior (:func:`seeded_eta`): eta is a K x V matrix, ``base_eta`` everywhere (default 1/K,
gensim's symmetric default), plus ``seed_boost`` for the seed words in their frame's row
(pseudo-counts drawing those words into that topic); with ``exclusive=True`` (default) a
seed word's eta in the other frames' seeded rows is lowered to ``base_eta * 0.01`` so that
one frame's seeds do not drift into another frame's topic (free topics keep ``base_eta``).

Start at the prior (:class:`SeededLdaTopicModel`). gensim's ``LdaModel`` computes its first
E-step from random variational parameters alone (lambda_0 = Gamma(100, 1/100) jitter; eta
enters only at the first M-step, which with ``offset=1`` replaces the start entirely). On
data with clear structure the topics are fixed by that random first E-step and the prior
cannot move them: measured on synthetic corpora (``scotext.topics.synthetic``, 4 planted
topics), eta boosts from 2 to 200 on five seed words never made the seeded topic the
planted one, with 300 x 60 or 100 x 40 tokens. :class:`SeededLdaTopicModel` is
:class:`scotext.topics.lda.LdaTopicModel` with one change: the first E-step uses
lambda_0 = eta + the same random jitter (gensim's own draw from ``random_state``), i.e. the
topics start at the prior. Then every planted topic is recovered with a boost of 2
(``tests/test_framing_seeded.py``). With ``prior_start=False`` it is bit-identical to
``LdaTopicModel`` (tested); inference (``transform``) and held-out scoring are inherited.

Agreement with the dictionary (:func:`dictionary_agreement`), per frame over the same
segments: ``spearman`` and ``pearson`` correlation between theta_frame (the segment's share
of the frame topic) and the dictionary's hits per 1,000 words, and ``auc``: the probability
that a segment where the dictionary finds the frame has a larger theta_frame than one where
it does not (Mann-Whitney U / (n1 n0), ties count 1/2). NaN where a side is empty or a
variable is constant. Caveat: seed words are dictionary words, so agreement is partly built
in; the informative part is whether the seeded topics stay coherent around the seeds and
which non-seed words they attract (``topic_top_words``), and which segments the model and
the dictionary disagree on.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from scotext.topics.lda import LdaTopicModel   # light: gensim is imported inside fit


def seed_words(compiled, vocab: Sequence[str]) -> dict[str, list[str]]:
    """Frame id -> sorted seed tokens present in ``vocab`` (see module docstring)."""
    from .match import PREFIX

    tok = compiled.tokenizer
    vocab_set = set(vocab)
    plain = [v for v in vocab if "_" not in v]
    out: dict[str, set[str]] = {f: set() for f in compiled.frames}
    for p in compiled.patterns:
        if p.exclude:
            continue
        if len(p.words) == 1 and p.words[0].kind == PREFIX:
            pre = p.words[0].value
            out[p.frame].update(v for v in plain if v.startswith(pre))
            continue
        if any(w.kind == PREFIX for w in p.words):
            continue
        tokens = tok.tokens(p.text)
        one_word = len(p.text.split()) == 1
        if len(tokens) == 1 and tokens[0] in vocab_set and (one_word or "_" in tokens[0]):
            out[p.frame].add(tokens[0])
    return {f: sorted(s) for f, s in out.items()}


def seeded_eta(seeds: Mapping[str, Sequence[str]], vocab: Sequence[str], n_free: int, *,
               base_eta: float | None = None, seed_boost: float = 2.0,
               exclusive: bool = True):
    """``(eta K x V, topic labels)``: one row per frame with at least one seed word, in the
    order of ``seeds``, then ``n_free`` rows labelled free_1, free_2 ..."""
    if isinstance(n_free, bool) or not isinstance(n_free, (int, np.integer)) or n_free < 0:
        raise ValueError(f"n_free must be an integer >= 0, got {n_free!r}")
    if not seed_boost > 0:
        raise ValueError("seed_boost must be > 0")
    index = {v: j for j, v in enumerate(vocab)}
    frames = [f for f, ws in seeds.items() if any(w in index for w in ws)]
    k = len(frames) + int(n_free)
    if k < 1:
        raise ValueError("no frame has a seed word in the vocabulary and n_free is 0")
    base = 1.0 / k if base_eta is None else float(base_eta)
    if not base > 0:
        raise ValueError("base_eta must be > 0")
    eta = np.full((k, len(vocab)), base)
    cols = {f: [index[w] for w in seeds[f] if w in index] for f in frames}
    if exclusive:
        for f in frames:
            for g, other in enumerate(frames):
                if other != f:
                    eta[g, cols[f]] = base * 0.01
    for i, f in enumerate(frames):
        eta[i, cols[f]] = base + seed_boost
    labels = frames + [f"free_{j + 1}" for j in range(int(n_free))]
    return eta, labels


class SeededLdaTopicModel(LdaTopicModel):
    """:class:`scotext.topics.lda.LdaTopicModel` whose topics start at the prior eta.

    Settings as ``LdaTopicModel`` plus ``prior_start`` (default True; False reproduces
    ``LdaTopicModel`` exactly). See the module docstring for why.
    """

    def __init__(self, k: int, seed: int, prior_start: bool = True, **settings):
        super().__init__(k, seed, **settings)
        self.prior_start = prior_start

    def _start(self, model, m) -> None:
        """Start the topics at the prior eta (plus gensim's random start)."""
        if self.prior_start:
            from gensim.matutils import dirichlet_expectation

            model.expElogbeta = np.exp(dirichlet_expectation(model.state.sstats + model.eta))


@dataclass
class SeededFit:
    model: object                 # the fitted LdaTopicModel
    topics: list[str]             # topic labels (frame ids, then free_1 ...)
    seeds: dict[str, list[str]]   # seed words used per frame
    vocab: list[str]
    eta: np.ndarray

    @property
    def theta(self) -> np.ndarray:
        """units x K topic shares of the units the model was fitted on."""
        return self.model.doc_topic_


def fit_seeded(dtm, vocab: Sequence[str], seeds: Mapping[str, Sequence[str]], *,
               n_free: int = 5, seed: int = 0, base_eta: float | None = None,
               seed_boost: float = 2.0, exclusive: bool = True, alpha="symmetric",
               passes: int = 50, iterations: int = 400, prior_start: bool = True) -> SeededFit:
    """Fit the seeded LDA (:class:`SeededLdaTopicModel`) on ``dtm`` (units x V counts,
    columns = ``vocab``) with the eta of :func:`seeded_eta`."""
    vocab = list(vocab)
    if dtm.shape[1] != len(vocab):
        raise ValueError(f"dtm has {dtm.shape[1]} columns but the vocabulary {len(vocab)} words")
    eta, labels = seeded_eta(seeds, vocab, n_free, base_eta=base_eta, seed_boost=seed_boost,
                             exclusive=exclusive)
    model = SeededLdaTopicModel(k=len(labels), seed=seed, prior_start=prior_start,
                                passes=passes, iterations=iterations, alpha=alpha,
                                eta=eta).fit(dtm)
    in_vocab = set(vocab)
    used = {f: [w for w in seeds[f] if w in in_vocab] for f in labels if f in seeds}
    return SeededFit(model=model, topics=labels, seeds=used, vocab=vocab, eta=eta)


def topic_top_words(fit: SeededFit, n: int = 10):
    """Top ``n`` words per topic: topic, rank, term, weight, is_seed."""
    import pandas as pd

    rows = []
    beta = fit.model.topic_word_
    for k, label in enumerate(fit.topics):
        seeds = set(fit.seeds.get(label, ()))
        order = np.argsort(-beta[k], kind="stable")[:n]
        for r, j in enumerate(order, start=1):
            rows.append({"topic": label, "rank": r, "term": fit.vocab[j],
                         "weight": float(beta[k, j]), "is_seed": fit.vocab[j] in seeds})
    return pd.DataFrame(rows)


def _rank(x):
    from scipy.stats import rankdata

    return rankdata(x, method="average")


def _pearson(x, y) -> float:
    x = np.asarray(x, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    if x.size < 2 or np.ptp(x) == 0 or np.ptp(y) == 0:
        return float("nan")
    xc, yc = x - x.mean(), y - y.mean()
    return float(np.dot(xc, yc) / np.sqrt(np.dot(xc, xc) * np.dot(yc, yc)))


def auc(scores, labels) -> float:
    """Area under the ROC curve of ``scores`` for boolean ``labels`` (Mann-Whitney, ties
    1/2); NaN without positives or negatives."""
    s = np.asarray(scores, dtype=np.float64)
    y = np.asarray(labels, dtype=bool)
    n1, n0 = int(y.sum()), int((~y).sum())
    if n1 == 0 or n0 == 0:
        return float("nan")
    r = _rank(s)
    return float((r[y].sum() - n1 * (n1 + 1) / 2.0) / (n1 * n0))


def dictionary_agreement(theta, topics: Sequence[str], frame_segments, segment_ids):
    """Per frame with a seeded topic: agreement of theta_frame with the dictionary.

    ``theta``: units x K (rows = ``segment_ids``, in that order); ``topics``: labels of the
    K columns; ``frame_segments``: dictionary scores (segment_id, frame, per_1000, present).
    Columns: frame, n_segments, n_present, spearman, pearson, auc, mean_theta_present,
    mean_theta_absent.
    """
    import pandas as pd

    theta = np.asarray(theta, dtype=np.float64)
    ids = list(segment_ids)
    if theta.shape[0] != len(ids) or theta.shape[1] != len(topics):
        raise ValueError("theta must be len(segment_ids) x len(topics)")
    from .table import to_long

    fs = to_long(frame_segments[frame_segments["segment_id"].isin(ids)])
    rows = []
    for k, frame in enumerate(topics):
        sub = fs[fs["frame"] == frame]
        if sub.empty:
            continue
        sub = sub.set_index("segment_id").reindex(ids)
        if sub["present"].isna().any():
            raise ValueError(f"frame {frame!r}: frame_segments lacks some of the segments")
        rate = sub["per_1000"].to_numpy(dtype=np.float64)
        pres = sub["present"].astype(bool).to_numpy()
        t = theta[:, k]
        rows.append({
            "frame": frame, "n_segments": len(ids), "n_present": int(pres.sum()),
            "spearman": _pearson(_rank(t), _rank(rate)) if len(ids) > 1 else float("nan"),
            "pearson": _pearson(t, rate), "auc": auc(t, pres),
            "mean_theta_present": float(t[pres].mean()) if pres.any() else float("nan"),
            "mean_theta_absent": float(t[~pres].mean()) if (~pres).any() else float("nan"),
        })
    return pd.DataFrame(rows, columns=["frame", "n_segments", "n_present", "spearman",
                                       "pearson", "auc", "mean_theta_present",
                                       "mean_theta_absent"])
