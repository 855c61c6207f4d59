"""Random draws shared by the permutation tests of keywords and framing (numpy only, so
that importing it costs nothing)."""

from __future__ import annotations

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


MAX_WEIGHT_CELLS = 1 << 22      # replicates x clusters of bootstrap weights held at once


def cluster_weights(rng, n_clusters: int, n_boot: int, max_cells: int = MAX_WEIGHT_CELLS):
    """Bootstrap multiplicities of ``n_clusters`` clusters, ``n_boot`` replicates, in blocks:
    yields ``(start, stop, W)`` with W (stop - start) x n_clusters float64, the rows
    ``start:stop`` of ``rng.multinomial(n_clusters, [1/n_clusters] * n_clusters,
    size=n_boot)``. Drawn block by block, the rows are the same numbers as one draw of all
    of them (the generator draws row after row), but the memory is bounded: one draw of 2,000
    replicates over 10^5 documents is 1.6 GB."""
    p = np.full(n_clusters, 1.0 / n_clusters) if n_clusters else np.zeros(0)
    step = max(1, max_cells // max(n_clusters, 1))
    for start in range(0, n_boot, step):
        stop = min(n_boot, start + step)
        yield start, stop, rng.multinomial(n_clusters, p, size=stop - start).astype(np.float64)
