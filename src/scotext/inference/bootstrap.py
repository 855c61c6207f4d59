"""Cluster bootstrap: weights drawn in blocks, ratios of sums, percentile intervals.

Documents are the clusters: the paragraphs of one interview are not independent, so every
interval of a group mean resamples documents (within each group: a stratified cluster
bootstrap) and, optionally, paragraphs within each drawn document (two-stage).
"""

from __future__ import annotations

import numpy as np

MAX_WEIGHT_CELLS = 1 << 22      # replicates x clusters of bootstrap weights held at once
TWO_STAGE_MAX_CLUSTERS = 50     # groups with more documents: documents are resampled only


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


def percentile_interval(reps, level: float, axis: int = -2):
    """Percentile interval (Efron & Tibshirani 1993, ch. 13): the (1 - level)/2 and
    (1 + level)/2 quantiles of the replicates along ``axis`` (linear interpolation)."""
    alpha = (1.0 - float(level)) / 2.0
    return np.quantile(reps, [alpha, 1.0 - alpha], axis=axis, method="linear")


def _check_int(name, value, minimum=1):
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < minimum:
        raise ValueError(f"{name} must be an integer >= {minimum}, got {value!r}")
    return int(value)


def group_cluster_codes(groups, clusters):
    """Codes of the stratified cluster design: ``(labels, gcode, ccode, cgroup)``: the group
    labels sorted, each unit's group code, each unit's cluster code (a cluster is a
    (group, cluster label) pair, numbered in order of first appearance) and each
    cluster's group code."""
    import pandas as pd

    n = len(groups)
    labels = sorted(pd.unique(pd.Series(groups)).tolist())
    gcode = pd.Index(labels).get_indexer(groups) if n else np.zeros(0, dtype=np.int64)
    pair = pd.MultiIndex.from_arrays([gcode, pd.Series(clusters).astype(str).to_numpy()])
    ccode, uniques = pd.factorize(pair)
    cgroup = np.asarray(uniques.get_level_values(0), dtype=np.int64)
    return labels, gcode, ccode, cgroup


def cluster_bootstrap(numerators, denominators, groups, clusters, n_boot: int, seed: int,
                      two_stage: bool = False,
                      two_stage_max_clusters: int | None = TWO_STAGE_MAX_CLUSTERS):
    """Stratified cluster bootstrap of ratios of sums, vectorised over columns.

    ``numerators``: units x F; ``denominators``: units x F or units (broadcast);
    ``groups``, ``clusters``: one label per unit. For each group (sorted) with n_g clusters,
    ``n_boot`` multinomial(n_g, 1/n_g) draws of cluster multiplicities W (n_boot x n_g);
    replicate ratio = (W @ cluster sums of numerators) / (W @ cluster sums of denominators)
    (0 where the denominator is 0).

    ``two_stage``: also resample the units within every drawn cluster (a two-stage,
    hierarchical bootstrap): a cluster drawn m times contributes multinomial(m * n_c, 1/n_c)
    copies of its units (m independent resamples of its n_c units). With one cluster in a
    group this is the only variation left, so the interval reflects paragraph-to-paragraph
    variation within that document instead of having zero width. The unit draws come after
    all cluster draws of the group, so ``two_stage=False`` reproduces the one-stage draws.
    Only groups of at most ``two_stage_max_clusters`` clusters get the second stage (None:
    every group): with many documents the between-document variation is what the interval
    must carry and the cluster (one-stage) bootstrap is the standard, consistent choice
    (Davison & Hinkley 1997, sec. 3.8), while the second stage costs one multinomial draw
    per document and replicate (minutes at 10^5 documents).

    Returns ``(labels, estimate G x F, replicates G x n_boot x F, n_units G, n_clusters G)``.
    Deterministic for ``seed``.
    """

    num = np.asarray(numerators, dtype=np.float64)
    if num.ndim != 2:
        raise ValueError("numerators must be a units x columns matrix")
    n, F = num.shape
    den = np.asarray(denominators, dtype=np.float64)
    if den.ndim == 1:
        den = np.repeat(den[:, None], F, axis=1)
    if den.shape != (n, F):
        raise ValueError(f"denominators must have {n} rows (and {F} columns if 2-D)")
    groups = np.asarray(groups, dtype=object)
    clusters = np.asarray(clusters, dtype=object)
    if groups.shape != (n,) or clusters.shape != (n,):
        raise ValueError(f"groups and clusters need one label per unit ({n})")
    if not (np.all(np.isfinite(num)) and np.all(np.isfinite(den))) or np.any(den < 0):
        raise ValueError("numerators and denominators must be finite, denominators >= 0")
    n_boot = _check_int("n_boot", n_boot)
    labels, gcode, ccode, cgroup = group_cluster_codes(groups, clusters)
    C = len(cgroup)
    csum_num = np.zeros((C, F))
    csum_den = np.zeros((C, F))
    np.add.at(csum_num, ccode, num)
    np.add.at(csum_den, ccode, den)
    csize = np.bincount(ccode, minlength=C)

    def ratio(a, b):
        return np.divide(a, b, out=np.zeros_like(a), where=b > 0)

    # the units of every cluster, in input order (one sort instead of a scan per cluster)
    by_cluster = np.argsort(ccode, kind="stable")
    bounds = np.searchsorted(ccode[by_cluster], np.arange(C + 1))

    rng = np.random.default_rng(seed)
    G = len(labels)
    est = np.empty((G, F))
    reps = np.empty((G, n_boot, F))
    n_units = np.empty(G, dtype=np.int64)
    n_clusters = np.empty(G, dtype=np.int64)
    for g in range(G):                                     # a handful of groups
        cg = np.flatnonzero(cgroup == g)
        n_g = cg.size
        n_clusters[g] = n_g
        n_units[g] = int(csize[cg].sum())
        est[g] = ratio(csum_num[cg].sum(axis=0), csum_den[cg].sum(axis=0))
        if not two_stage or (two_stage_max_clusters is not None
                             and n_g > two_stage_max_clusters):
            for a, b, w in cluster_weights(rng, n_g, n_boot):   # blocks of replicates
                reps[g, a:b] = ratio(w @ csum_num[cg], w @ csum_den[cg])
            continue
        w = rng.multinomial(n_g, np.full(n_g, 1.0 / n_g), size=n_boot).astype(np.float64)
        rep_num = np.zeros((n_boot, F))
        rep_den = np.zeros((n_boot, F))
        block, block_units, held = [], [], 0

        def flush():
            # unit multiplicities of a block of documents times their values: one matrix
            # product per block (sums of integer counts are exact in any order)
            d = np.hstack(block).astype(np.float64)
            u = np.concatenate(block_units)
            rep_num[:] += d @ num[u]
            rep_den[:] += d @ den[u]

        for j, c in enumerate(cg):                         # documents of the group
            units = by_cluster[bounds[c]:bounds[c + 1]]
            k = units.size
            block.append(rng.multinomial(w[:, j].astype(np.int64) * k, np.full(k, 1.0 / k)))
            block_units.append(units)
            held += k
            if held >= 4096:
                flush()
                block, block_units, held = [], [], 0
        if block:
            flush()
        reps[g] = ratio(rep_num, rep_den)
    return labels, est, reps, n_units, n_clusters


def cluster_unit_weights(groups, clusters, n_boot: int, seed: int, two_stage: bool = False,
                         two_stage_max_clusters: int | None = TWO_STAGE_MAX_CLUSTERS,
                         max_cells: int = MAX_WEIGHT_CELLS):
    """Unit multiplicities of the stratified (optionally two-stage) cluster bootstrap, for
    statistics that are not ratios of sums (a regression refitted on every replicate).

    The design of :func:`cluster_bootstrap`: within each group (sorted labels) its n_g
    clusters (first-appearance order) are drawn multinomial(n_g, 1/n_g); with ``two_stage``
    (groups of at most ``two_stage_max_clusters`` clusters) a cluster of k units drawn m
    times contributes multinomial(m k, 1/k) copies of its units, else each of its units
    gets multiplicity m. Yields ``(start, stop, W)``: replicates ``start:stop`` as a
    (stop - start) x n_units float64 matrix (units in input order), blocks of at most
    ``max_cells`` cells. Every group draws from its own generator
    ``default_rng([seed, g])`` and, in the second stage, every cluster from
    ``default_rng([seed, g, 1 + j])``, each row after row, so the weights do not depend on
    the block size (tested). The draws are not those of :func:`cluster_bootstrap` (which
    uses one generator for everything); their distribution is the same.
    """
    import pandas as pd

    groups = np.asarray(groups, dtype=object)
    clusters = np.asarray(clusters, dtype=object)
    n = groups.size
    if groups.ndim != 1 or clusters.shape != (n,):
        raise ValueError("groups and clusters need one label per unit")
    n_boot = _check_int("n_boot", n_boot)
    max_cells = _check_int("max_cells", max_cells)
    labels = sorted(pd.unique(pd.Series(groups)).tolist())
    gcode = pd.Index(labels).get_indexer(groups) if n else np.zeros(0, dtype=np.int64)
    plan = []         # per group: units grouped by cluster, cluster sizes, generators
    for g in range(len(labels)):
        units = np.flatnonzero(gcode == g)
        ccode, _ = pd.factorize(pd.Series(clusters[units]).astype(str))
        # the units of every cluster in input order, clusters in first-appearance order:
        # one stable sort (linear in the units, whatever the number of clusters)
        order = np.argsort(ccode, kind="stable")
        sizes = np.bincount(ccode)
        grouped = units[order]
        n_g = sizes.size
        second = two_stage and (two_stage_max_clusters is None or n_g <= two_stage_max_clusters)
        rngs = ([np.random.default_rng([seed, g, 1 + j]) for j in range(n_g)] if second
                else None)
        members = np.split(grouped, np.cumsum(sizes)[:-1]) if second else None
        plan.append((grouped, sizes, members, np.random.default_rng([seed, g]), rngs))
    step = max(1, max_cells // max(n, 1))
    for start in range(0, n_boot, step):
        stop = min(n_boot, start + step)
        W = np.zeros((stop - start, n))
        for grouped, sizes, members, rng, rngs in plan:
            n_g = sizes.size
            w = rng.multinomial(n_g, np.full(n_g, 1.0 / n_g), size=stop - start)
            if rngs is None:            # every unit of a cluster drawn m times gets m
                W[:, grouped] = np.repeat(w, sizes, axis=1)
                continue
            for j, idx in enumerate(members):   # at most two_stage_max_clusters clusters
                k = idx.size
                W[:, idx] = rngs[j].multinomial(w[:, j] * k, np.full(k, 1.0 / k))
        yield start, stop, W


INF_STANDIN = 1e300     # +-inf replicates are interpolated as +-1e300, then mapped back


def percentile_interval_inf(replicates, level: float) -> tuple[float, float]:
    """Percentile interval (linear interpolation, as :func:`percentile_interval`) of 1-D
    replicates of a ratio that may be infinite or undefined: +-inf replicates (a zero
    denominator in a replicate) are kept, NaN replicates (0 / 0) are left out. A bound that
    falls on or between infinite replicates is +-inf. All NaN (or none): (NaN, NaN)."""
    v = np.asarray(replicates, dtype=np.float64).ravel()
    v = v[~np.isnan(v)]
    if v.size == 0:
        return float("nan"), float("nan")
    alpha = (1.0 - float(level)) / 2.0
    lo, hi = np.quantile(np.clip(v, -INF_STANDIN, INF_STANDIN), [alpha, 1.0 - alpha],
                         method="linear")

    def back(x):
        if x <= -INF_STANDIN / 1e3:
            return float("-inf")
        if x >= INF_STANDIN / 1e3:
            return float("inf")
        return float(x)

    return back(lo), back(hi)
