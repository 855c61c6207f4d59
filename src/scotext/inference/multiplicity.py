"""Multiple-testing control over a stated family of tests.

A q-value or corrected bound is only meaningful together with its family: the tables that
use these functions carry the family size beside every adjusted value.
"""

from __future__ import annotations

import numpy as np


def _p_values(p) -> np.ndarray:
    p = np.asarray(p, dtype=float)
    if not np.all(np.isfinite(p)) or np.any(p < 0) or np.any(p > 1):
        raise ValueError("p: p-values must lie in [0, 1]")
    return p


def bh(p) -> np.ndarray:
    """Benjamini-Hochberg (1995) adjusted p-values (q-values), in the original order.

    With the m p-values sorted increasingly, p_(1) <= ... <= p_(m)::

        q_(i) = min_{j >= i} min(1, m · p_(j) / j)

    i.e. the step-up adjustment made monotone from the largest p downwards and capped
    at 1 (the same as ``scipy.stats.false_discovery_control(p, method="bh")``). The family
    is exactly the p-values given. An empty input gives an empty output.
    """
    p = _p_values(p)
    flat = p.ravel()
    m = flat.size
    if m == 0:
        return flat.reshape(p.shape)
    order = np.argsort(flat, kind="stable")
    scaled = flat[order] * m / np.arange(1, m + 1)
    q_sorted = np.minimum(np.minimum.accumulate(scaled[::-1])[::-1], 1.0)
    q = np.empty(m)
    q[order] = q_sorted
    return q.reshape(p.shape)


def bh_subset(p, in_family) -> np.ndarray:
    """BH q-values over the tests where ``in_family`` is true; NaN for the others (they
    are not part of the family and get no q)."""
    p = _p_values(p)
    fam = np.asarray(in_family, dtype=bool)
    if fam.shape != p.shape:
        raise ValueError("in_family must have the shape of p")
    q = np.full(p.shape, np.nan)
    q[fam] = bh(p[fam])
    return q


def bonferroni(p, m: int | None = None) -> np.ndarray:
    """Bonferroni-adjusted p-values min(1, m · p); ``m`` defaults to the number of p-values."""
    p = _p_values(p)
    m = p.size if m is None else int(m)
    if m < 1:
        raise ValueError("m: the family must hold at least one test")
    return np.minimum(1.0, p * m)
