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
