"""Matching topics between two runs, and stability of topics across seeds.

Topics of two fits (two seeds, LDA and NMF, a fit and the true topics) are only defined up to
their order. ``align`` finds the one-to-one matching of the topics of ``B`` to those of ``A``
that maximises the total cosine similarity of their word distributions (Hungarian algorithm,
``scipy.optimize.linear_sum_assignment``), not a greedy best match, so two topics of ``A``
never claim the same topic of ``B``.

``stability`` follows Greene, O'Callaghan and Cunningham (2014, "How many topics? Stability
analysis for topic models", ECML PKDD): a K is trustworthy when independent runs (here: seeds)
find the same topics. For every pair of runs the agreement is the mean cosine of the matched
topics (1 = the same topics). See its docstring for the summaries returned.
"""

from __future__ import annotations

from itertools import combinations

import numpy as np


def cosine_matrix(A, B) -> np.ndarray:
    """Cosine similarity of every row of ``A`` (K_A x V) with every row of ``B`` (K_B x V).

    A row of zeros has similarity 0 with everything.
    """
    A = np.asarray(A, dtype=np.float64)
    B = np.asarray(B, dtype=np.float64)
    if A.ndim != 2 or B.ndim != 2 or A.shape[1] != B.shape[1]:
        raise ValueError(f"cosine_matrix needs two matrices with the same columns, got {A.shape} and {B.shape}")
    na = np.linalg.norm(A, axis=1)
    nb = np.linalg.norm(B, axis=1)
    na = np.where(na > 0, na, 1.0)
    nb = np.where(nb > 0, nb, 1.0)
    return (A / na[:, None]) @ (B / nb[:, None]).T


def align(A, B) -> tuple[np.ndarray, np.ndarray]:
    """Match the topics of ``B`` to those of ``A`` (maximum total cosine, one to one).

    Returns ``(perm, similarities)``: ``B[perm]`` is ``B`` reordered so that its row ``i``
    matches topic ``i`` of ``A``, and ``similarities[i]`` is that pair's cosine. ``B`` may have
    more topics than ``A`` (its unmatched topics are left out of ``perm``), not fewer.
    """
    from scipy.optimize import linear_sum_assignment

    C = cosine_matrix(A, B)
    if C.shape[0] > C.shape[1]:
        raise ValueError(f"B has fewer topics ({C.shape[1]}) than A ({C.shape[0]})")
    rows, cols = linear_sum_assignment(C, maximize=True)
    perm = np.empty(C.shape[0], dtype=np.int64)
    perm[rows] = cols
    return perm, C[np.arange(C.shape[0]), perm]


def stability(topic_words, threshold: float = 0.5) -> dict:
    """Agreement of the topics of several runs with the same K (one run per seed).

    ``topic_words``: list of R arrays (K x V), in seed order. Returns a dict:

    - ``pairs``: list of ``(i, j, mean matched cosine)`` for every pair of runs i < j;
    - ``mean``, ``sd``: mean and sample sd (ddof=1) of the pair values (``sd`` is NaN with
      fewer than two pairs; both NaN with one run);
    - ``per_run``: array (R,) mean agreement of each run with all the others. This is the
      per-(K, seed) ``stability`` column of the selection table;
    - ``reference``: index of the most representative run = highest ``per_run`` (ties: the
      first, i.e. the smallest seed position); 0 with one run;
    - ``perms``: list of R arrays, ``perms[r]`` aligns run r to the reference run
      (``topic_words[r][perms[r]]`` and ``doc_topic[:, perms[r]]`` are in reference order);
    - ``per_topic``: array (K,) for each topic of the reference run, the mean cosine of its
      matched topic in the other runs (NaN with one run);
    - ``unstable``: boolean array (K,), ``per_topic < threshold``. The default 0.5 is a
      lenient floor: a topic whose matched partners share less than half their direction
      in word space is not the same topic across seeds and should not be interpreted alone.
      On real text a topic is usually called stable above about 0.8 (tune in the config).
    """
    runs = [np.asarray(t, dtype=np.float64) for t in topic_words]
    if not runs:
        raise ValueError("stability needs at least one run")
    shape = runs[0].shape
    if any(r.shape != shape for r in runs):
        raise ValueError("all runs must have the same number of topics and words")
    R, K = len(runs), shape[0]
    agreement = np.full((R, R), np.nan)
    pairs = []
    for i, j in combinations(range(R), 2):
        _, sims = align(runs[i], runs[j])
        agreement[i, j] = agreement[j, i] = float(sims.mean())
        pairs.append((i, j, agreement[i, j]))
    values = np.array([p[2] for p in pairs], dtype=np.float64)
    if R == 1:
        per_run = np.full(1, np.nan)
        reference = 0
    else:
        off = ~np.eye(R, dtype=bool)
        per_run = np.array([agreement[r][off[r]].mean() for r in range(R)])
        reference = int(np.argmax(per_run))
    perms = []
    matched = []
    for r in range(R):
        perm, sims = align(runs[reference], runs[r])
        perms.append(perm)
        if r != reference:
            matched.append(sims)
    per_topic = np.mean(matched, axis=0) if matched else np.full(K, np.nan)
    return {
        "pairs": pairs,
        "mean": float(values.mean()) if values.size else float("nan"),
        "sd": float(values.std(ddof=1)) if values.size >= 2 else float("nan"),
        "per_run": per_run,
        "reference": reference,
        "perms": perms,
        "per_topic": per_topic,
        "unstable": per_topic < threshold,
        "threshold": float(threshold),
    }


def jaccard_matrix(ids_a, ids_b) -> np.ndarray:
    """Jaccard similarity of every pair of top-word sets: ``ids_a`` (K_A x n word indices)
    against ``ids_b`` (K_B x n)."""
    a = np.asarray(ids_a, dtype=np.int64)
    b = np.asarray(ids_b, dtype=np.int64)
    if a.ndim != 2 or b.ndim != 2:
        raise ValueError("top-word sets must be K x n index matrices")
    vocab = np.union1d(a.ravel(), b.ravel())
    A = np.zeros((a.shape[0], vocab.size), dtype=bool)
    B = np.zeros((b.shape[0], vocab.size), dtype=bool)
    A[np.repeat(np.arange(a.shape[0]), a.shape[1]), np.searchsorted(vocab, a.ravel())] = True
    B[np.repeat(np.arange(b.shape[0]), b.shape[1]), np.searchsorted(vocab, b.ravel())] = True
    inter = A.astype(np.int64) @ B.T.astype(np.int64)
    union = A.sum(axis=1)[:, None] + B.sum(axis=1)[None, :] - inter
    return np.divide(inter, union, out=np.zeros(inter.shape), where=union > 0)


def topword_agreement(ids_a, ids_b) -> float:
    """Agreement of two fits' top-word sets: the topics are matched one to one so that the
    total Jaccard similarity is largest (Hungarian), and the mean Jaccard of the matched
    pairs is returned (1 = the same top words in every topic, 0 = none shared)."""
    from scipy.optimize import linear_sum_assignment

    J = jaccard_matrix(ids_a, ids_b)
    rows, cols = linear_sum_assignment(J, maximize=True)
    return float(J[rows, cols].mean())


def partitions_units(labels, min_share: float = 0.0) -> bool:
    """Whether an assignment divides the units: at least two topics each hold at least
    ``min_share`` of the units (and at least one unit)."""
    labels = np.asarray(labels)
    if labels.size == 0:
        return False
    need = max(1, int(np.ceil(float(min_share) * labels.size)))
    return int((np.unique(labels, return_counts=True)[1] >= need).sum()) >= 2


def assignment_agreement(labels_a, labels_b, min_share: float = 0.0) -> float:
    """Adjusted Rand index of two fits' unit assignments (each unit's most probable topic;
    scikit-learn ``adjusted_rand_score``): 1 = the same partition of the units, 0 = the
    agreement expected by chance for partitions of these sizes (it can be negative). No
    matching of topics is needed: the index does not depend on the labels' names.

    A fit that does not divide the units (:func:`partitions_units`: fewer than two topics
    with at least ``min_share`` of the units each) partitions nothing: the index is then 0,
    the chance level. scikit-learn says 1 for two one-cluster partitions (0/0 by its
    formula), and 1 for two fits that each put all units but the same three in one topic;
    such degenerate fits are what gensim gives on a token-permuted corpus (one topic takes
    every unit; the few units of rare words go to a near-empty topic in every fit), and
    counting them as perfectly stable would leave no real fit more stable than its null."""
    from sklearn.metrics import adjusted_rand_score

    a, b = np.asarray(labels_a), np.asarray(labels_b)
    if not (partitions_units(a, min_share) and partitions_units(b, min_share)):
        return 0.0
    return float(adjusted_rand_score(a, b))


def pairwise_agreement(topwords, assignments, min_share: float = 0.0) -> dict:
    """Stability of R fits of one K (seeds, each on its own training folds): for every pair
    of fits the top-word agreement (:func:`topword_agreement`) and the assignment agreement
    (:func:`assignment_agreement`). Returns ``{"topwords": array, "ari": array}`` (one
    value per pair i < j, in ``itertools.combinations`` order); empty with one fit."""
    R = len(topwords)
    if len(assignments) != R:
        raise ValueError("one top-word matrix and one assignment vector per fit")
    tw, ari = [], []
    for i, j in combinations(range(R), 2):
        tw.append(topword_agreement(topwords[i], topwords[j]))
        ari.append(assignment_agreement(assignments[i], assignments[j], min_share))
    return {"topwords": np.asarray(tw, dtype=np.float64), "ari": np.asarray(ari, dtype=np.float64)}
