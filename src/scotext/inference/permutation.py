"""Label-permutation tests: one loop for every stage, the statistic supplied by the caller.

:func:`label_permutation_test` permutes which of ``n`` units carry label A (``k`` of them),
keeping the group sizes. The caller gives a *vectorised* statistic ``stat(member)`` that takes
a units x assignments 0/1 indicator matrix and returns statistics x assignments (for a
two-sided test, the absolute value of a signed statistic). An assignment counts as extreme
when its statistic is >= the observed one (relative tolerance 1e-9, so exact ties count).

* C(n, k) <= ``n_perm``: every assignment is enumerated (``itertools.combinations``,
  deterministic) and p = #{extreme} / C(n, k) (the observed assignment is one of them);
  ``min_p`` = 1 / C(n, k), or 2 / C(n, k) when ``symmetric`` and 2k = n (the swapped
  assignment ties with the observed one for a statistic symmetric in the two sides).
* otherwise ``n_perm`` random assignments from ``numpy.random.default_rng(seed)`` (lowered
  for very large problems, :func:`random_assignments`) and p = (1 + #{extreme}) / (1 + n_perm)
  (Phipson & Smyth 2010, "Permutation p-values should never be zero"); ``min_p`` =
  1 / (1 + n_perm).

Assignments are processed in chunks (memory bounded by :data:`MAX_PERM_CELLS`); the draws do
not depend on the chunking.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable

import numpy as np

MAX_PERM_DRAWS = 200_000_000   # unit labels drawn by one random permutation test, at most
MAX_PERM_CELLS = 1 << 22        # units x assignments held at once (32 MB of float64)


def random_assignments(n_perm: int, n_units: int, max_draws: int | None = MAX_PERM_DRAWS):
    """How many random assignments a permutation test over ``n_units`` draws: ``n_perm``,
    lowered to ``max(200, max_draws // n_units)`` for very large comparisons (each
    assignment draws one uniform per unit); the p-value's resolution, 1 / (1 + result), is
    reported with it."""
    if max_draws is None:
        return int(n_perm)
    return min(int(n_perm), max(200, int(max_draws) // max(1, n_units)))


def random_subsets(rng, c: int, n: int, k: int) -> np.ndarray:
    """``c`` uniformly random k-subsets of range(n) (c x k): the k smallest of n uniforms, found
    by ``argpartition`` in linear time (the same sets a full sort would give)."""
    return np.argpartition(rng.random((c, n)), k - 1, axis=1)[:, :k]


def phipson_smyth_p(hits, n_draws: int) -> np.ndarray:
    """p = (1 + hits) / (1 + n_draws) for a test with ``n_draws`` random draws."""
    return (1.0 + np.asarray(hits, dtype=float)) / (1.0 + int(n_draws))


def _indicator(members: np.ndarray, n: int) -> np.ndarray:
    """units x assignments 0/1 matrix from assignments x k member positions."""
    ind = np.zeros((n, members.shape[0]))
    ind[members, np.arange(members.shape[0])[:, None]] = 1.0
    return ind


def label_permutation_test(stat: Callable[[np.ndarray], np.ndarray], is_a, n_perm: int,
                           seed: int, *, chunk_size: int = 1024,
                           max_draws: int | None = MAX_PERM_DRAWS, symmetric: bool = True):
    """Permutation test of ``stat`` over the assignments of label A (see module docstring).

    ``is_a``: boolean label per unit (at least one unit on each side). Returns
    ``(p, min_p, n_assignments, exact)`` with one p per statistic (row of ``stat``'s output).
    """
    is_a = np.asarray(is_a, dtype=bool)
    if is_a.ndim != 1:
        raise ValueError("is_a: one label per unit")
    if int(n_perm) != n_perm or n_perm < 1 or chunk_size < 1:
        raise ValueError("n_perm, chunk_size: must be integers >= 1")
    n = is_a.size
    k = int(is_a.sum())
    if k == 0 or k == n:
        raise ValueError("each side needs at least one unit")
    observed = np.asarray(stat(is_a.astype(np.float64)[:, None]))[:, 0]
    threshold = observed - 1e-9 * np.maximum(1.0, np.abs(observed))

    def count(members):
        return (np.asarray(stat(_indicator(members, n))) >= threshold[:, None]).sum(axis=1)

    hits = np.zeros(observed.shape[0], dtype=np.int64)
    n_exact = math.comb(n, k)
    if n_exact <= n_perm:
        combos = np.fromiter(itertools.chain.from_iterable(itertools.combinations(range(n), k)),
                             dtype=np.intp, count=n_exact * k).reshape(n_exact, k)
        for c0 in range(0, n_exact, chunk_size):
            hits += count(combos[c0:c0 + chunk_size])
        min_p = (2.0 if symmetric and 2 * k == n else 1.0) / n_exact
        return hits / n_exact, min_p, n_exact, True
    n_perm = random_assignments(n_perm, n, max_draws)
    chunk_size = max(1, min(chunk_size, MAX_PERM_CELLS // n))
    rng = np.random.default_rng(seed)
    for c0 in range(0, n_perm, chunk_size):
        c = min(chunk_size, n_perm - c0)
        hits += count(random_subsets(rng, c, n, k))
    return phipson_smyth_p(hits, n_perm), 1.0 / (1.0 + n_perm), n_perm, False


def null_summary(observed, null, level: float = 0.95, alternative: str = "greater") -> dict:
    """Observed statistic against draws of a null: ``null_mean``, ``null_low``/``null_high``
    (the central ``level`` range of the draws) and the Phipson-Smyth p of the observed value
    (``alternative``: "greater", "less" or "two-sided", the last on |x - null mean|)."""
    null = np.asarray(null, dtype=float)
    if null.ndim != 1 or null.size == 0:
        raise ValueError("null: a non-empty 1-D array of draws")
    observed = float(observed)
    mean = float(null.mean())
    lo, hi = np.quantile(null, [(1 - level) / 2, (1 + level) / 2])
    tol = 1e-9 * max(1.0, abs(observed))
    if alternative == "greater":
        hits = int((null >= observed - tol).sum())
    elif alternative == "less":
        hits = int((null <= observed + tol).sum())
    elif alternative == "two-sided":
        hits = int((np.abs(null - mean) >= abs(observed - mean) - tol).sum())
    else:
        raise ValueError("alternative: greater, less or two-sided")
    return {"observed": observed, "null_mean": mean, "null_low": float(lo),
            "null_high": float(hi), "p": float(phipson_smyth_p(hits, null.size)),
            "n_null": int(null.size)}




def within_group_permutations(groups, n_draws: int, seed: int, *,
                              max_cells: int = MAX_PERM_CELLS):
    """Re-pairing null: ``n_draws`` uniformly random permutations within each group, in
    blocks of draws.

    ``groups``: one label per unit (e.g. the interview of each question-answer pair).
    Yields ``(start, stop, P)``: ``P`` is a (stop - start) x n_units integer matrix; in draw
    ``d`` unit ``i`` is re-paired with unit ``P[d, i]`` of its own group, and every unit of
    the group is used exactly once (a uniformly random permutation of the group: the ranks
    of uniforms). A unit keeps its own partner with probability 1/k in a group of k, as
    the permutation test requires: under the null of exchangeable partners the observed
    pairing is one draw of this distribution, so p = (1 + #{null >= observed}) / (1 + n)
    is valid. (Derangements, which never keep the observed partner, are not: a statistic
    only the observed pairing reaches, say one question and one answer sharing a rare
    frame, would get p = 1 / (1 + n) instead of about 1/k.) A group of one unit always
    keeps its partner. Groups of equal size are drawn together.

    Blocks hold at most ``max_cells`` cells (at least one draw); block ``b`` draws from
    ``numpy.random.default_rng([seed, b])``, so the draws are reproducible for a given
    ``seed``, grouping and ``max_cells`` (they differ for another block size).
    """
    import pandas as pd

    groups = np.asarray(groups, dtype=object)
    if groups.ndim != 1:
        raise ValueError("groups: one label per unit")
    if isinstance(n_draws, bool) or int(n_draws) != n_draws or n_draws < 1:
        raise ValueError("n_draws must be an integer >= 1")
    n_draws = int(n_draws)
    n = groups.size
    labels = sorted(pd.unique(pd.Series(groups, dtype=object)).tolist(), key=str)
    by_size: dict[int, list[np.ndarray]] = {}
    for lab in labels:
        idx = np.flatnonzero(groups == lab)
        if idx.size >= 2:
            by_size.setdefault(int(idx.size), []).append(idx)
    classes = [(k, np.vstack(v)) for k, v in sorted(by_size.items())]   # G_k x k unit ids
    step = max(1, int(max_cells) // max(n, 1))
    for b, start in enumerate(range(0, n_draws, step)):
        stop = min(n_draws, start + step)
        c = stop - start
        rng = np.random.default_rng([int(seed), b])
        P = np.tile(np.arange(n), (c, 1))
        for k, units in classes:
            perms = np.argsort(rng.random((c, units.shape[0], k)), axis=2)
            # unit units[g, j] is re-paired with units[g, perms[d, g, j]]
            P[:, units] = np.take_along_axis(np.broadcast_to(units, perms.shape), perms,
                                             axis=2)
        yield start, stop, P
