"""Topic prevalence by group (year, speaker, genre ...) with intervals that carry both the
sampling variation between documents and the variation between seeds of the topic model.

Estimate. For group g and topic k: the mean of theta_dk over the units d (paragraph segments)
of the group, theta from the reference seed's model (``reference``, usually the most
representative seed from ``align.stability``). Units, not documents, are weighted equally, so
a document with more answer paragraphs weighs more, as in the corpus.

Interval: a two-level bootstrap, ``n_boot`` replicates, percentile interval at ``level``.
Each replicate b

1. draws one seed s_b uniformly from the S seeds (every seed's theta must already be aligned to
   the reference topics, e.g. ``theta[:, perms[r]]`` with ``perms`` from ``align.stability``);
   the same s_b serves every group of the replicate, because a comparison between groups is
   made within one model;
2. resamples documents (the clusters) with replacement *within each group* (a stratified
   cluster bootstrap): a group with n_g documents gets n_g draws from its own documents, so
   every replicate has every group and keeps its number of documents. The segments of a
   document stay together, because paragraphs of one interview are not independent. For the
   groups of this corpus (year, speaker, genre) documents are nested in groups; if a document
   has units in several groups, its part in each group is a separate cluster, resampled
   independently (this ignores the correlation between the parts);
3. computes the group mean of theta^(s_b) over the units of the drawn documents (a document
   drawn twice counts twice).

So the replicate distribution is the mixture, over seeds, of the cluster-bootstrap
distributions: its spread reflects which documents happened to be in the corpus *and* which
seed the model was fitted with. With one document in a group the resampling cannot vary
(the only document is drawn every time) and the interval reflects seed variation only:
``n_clusters`` = 1 flags this; with one seed and one document the interval has zero width.
With few documents the replicate distribution is discrete (n_g documents give at most
C(2 n_g - 1, n_g) distinct draws, times S seeds: 3 x S values for two documents), so the
percentile interval is close to the range of those values and the estimate may sit on an
end of it.
Intervals for documents drawn from a population of five interviews are descriptive; treat
them as the uncertainty of this corpus, not of all the officials' statements.

``prevalence_differences`` takes the difference of two groups' means in every replicate
(the same replicate draws as ``prevalence_bootstrap`` with the same ``seed``), so its
interval accounts for the shared seed draw.

Computation: per-document sums of theta for every seed once, then the multinomial counts of
the document draws times those sums, per seed (matrix products); no loop over replicates,
units or topics. Deterministic for ``seed`` (numpy ``Generator``): the seed draws come first,
then the document draws of each group in sorted group order.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from scotext.inference.bootstrap import cluster_weights, group_cluster_codes


def _prepare(doc_topic_by_seed, groups, clusters, n_boot, level, reference):
    thetas = [np.asarray(t, dtype=np.float64) for t in doc_topic_by_seed]
    if not thetas:
        raise ValueError("doc_topic_by_seed is empty: give at least one seed's doc-topic matrix")
    shape = thetas[0].shape
    if len(shape) != 2 or any(t.shape != shape for t in thetas):
        raise ValueError("every seed's doc-topic matrix must be units x K with the same shape")
    theta = np.stack(thetas)                                       # S x n x K
    if not np.all(np.isfinite(theta)) or np.any(theta < 0):
        raise ValueError("doc-topic proportions must be finite and non-negative")
    n = shape[0]
    groups = np.asarray(groups, dtype=object)
    clusters = np.asarray(clusters, dtype=object)
    if groups.shape != (n,) or clusters.shape != (n,):
        raise ValueError(f"groups and clusters need one label per unit ({n})")
    if any(g is None or (isinstance(g, float) and np.isnan(g)) for g in groups):
        raise ValueError("groups contain a missing label")
    if isinstance(n_boot, bool) or not isinstance(n_boot, (int, np.integer)) or n_boot < 1:
        raise ValueError(f"n_boot must be a positive integer, got {n_boot!r}")
    if not 0.0 < float(level) < 1.0:
        raise ValueError(f"level must lie in (0, 1), got {level!r}")
    if not 0 <= int(reference) < len(thetas):
        raise ValueError(f"reference seed {reference} is not among the {len(thetas)} seeds")
    return theta, groups, clusters


def _replicates(doc_topic_by_seed, groups, clusters, n_boot, seed, level, reference,
                point="reference"):
    """Estimates (G x K), replicates (G x n_boot x K), group labels, n_segments, n_clusters."""
    import pandas as pd
    from scipy import sparse

    theta, groups, clusters = _prepare(doc_topic_by_seed, groups, clusters, n_boot, level, reference)
    S, n, K = theta.shape
    labels = sorted(pd.unique(pd.Series(groups)).tolist())
    gcode = np.array([labels.index(g) for g in groups]) if n else np.zeros(0, dtype=int)
    # one cluster per (group, document) pair, numbered in order of first appearance
    pair = pd.MultiIndex.from_arrays([gcode, pd.Series(clusters).astype(str).to_numpy()])
    ccode, uniques = pd.factorize(pair)
    C = len(uniques)
    cgroup = np.asarray(uniques.get_level_values(0), dtype=np.int64)
    indicator = sparse.csr_matrix((np.ones(n), (ccode, np.arange(n))), shape=(C, n))
    sums = (indicator @ theta.transpose(1, 0, 2).reshape(n, S * K)).reshape(C, S, K)
    sums = sums.transpose(1, 0, 2)                                  # S x C x K
    sizes = np.asarray(indicator.sum(axis=1)).ravel()               # units per cluster

    rng = np.random.default_rng(seed)
    seed_draw = rng.integers(S, size=n_boot)
    G = len(labels)
    est = np.empty((G, K))
    reps = np.empty((G, n_boot, K))
    n_segments = np.empty(G, dtype=np.int64)
    n_clusters = np.empty(G, dtype=np.int64)
    for g in range(G):                                              # a handful of groups
        cg = np.flatnonzero(cgroup == g)
        n_g = cg.size
        n_clusters[g] = n_g
        n_segments[g] = int(sizes[cg].sum())
        if point == "mean":   # centre of the seed distribution the interval mixes over
            est[g] = sums[:, cg].sum(axis=1).mean(axis=0) / n_segments[g]
        else:
            est[g] = sums[reference][cg].sum(axis=0) / n_segments[g]
        rep_n = np.empty(n_boot)
        rep_sum = np.empty((n_boot, K))
        for a, b, weights in cluster_weights(rng, n_g, n_boot):    # blocks of replicates
            rep_n[a:b] = weights @ sizes[cg]
            for s in range(S):                                      # a handful of seeds
                rows = seed_draw[a:b] == s
                rep_sum[a:b][rows] = weights[rows] @ sums[s][cg]
        reps[g] = rep_sum / rep_n[:, None]
    return est, reps, labels, n_segments, n_clusters


def _interval(reps, level):
    alpha = (1.0 - float(level)) / 2.0
    lo, hi = np.quantile(reps, [alpha, 1.0 - alpha], axis=-2)
    return lo, hi


def prevalence_bootstrap(doc_topic_by_seed: Sequence[np.ndarray], groups, clusters,
                         n_boot: int, seed: int, level: float = 0.95,
                         reference: int = 0, point: str = "reference"):
    """Mean topic proportion per group with a document-by-seed bootstrap interval.

    ``doc_topic_by_seed``: list of S arrays (units x K), aligned to the reference topics;
    ``groups``: group label per unit; ``clusters``: document id per unit; ``reference``: the
    position in the list of the seed whose theta gives the estimate; ``point="mean"``
    makes the estimate the mean over all seeds instead (the centre of the distribution
    the interval mixes over; with one document per group the reference seed's value can
    lie on an end of the interval).

    Returns a DataFrame with one row per (topic, group), topics then groups in sorted order:
    topic, group, estimate, ci_low, ci_high, n_segments, n_clusters, n_seeds.
    """
    import pandas as pd

    est, reps, labels, n_seg, n_clu = _replicates(doc_topic_by_seed, groups, clusters, n_boot,
                                                  seed, level, reference, point)
    lo, hi = _interval(reps, level)                                 # G x K
    G, K = est.shape
    return pd.DataFrame({
        "topic": np.repeat(np.arange(K), G),
        "group": [labels[g] for _ in range(K) for g in range(G)],
        "estimate": est.T.ravel(),
        "ci_low": lo.T.ravel(),
        "ci_high": hi.T.ravel(),
        "n_segments": np.tile(n_seg, K),
        "n_clusters": np.tile(n_clu, K),
        "n_seeds": len(doc_topic_by_seed),
    })


def prevalence_differences(doc_topic_by_seed: Sequence[np.ndarray], groups, clusters,
                           n_boot: int, seed: int, level: float = 0.95,
                           reference: int = 0, pairs=None, point: str = "reference"):
    """Difference of group means, ``group_b - group_a``, with its bootstrap interval.

    Same arguments and replicate draws as ``prevalence_bootstrap`` (same ``seed`` gives the
    same draws). ``pairs``: list of ``(group_a, group_b)``; default every pair of groups with
    ``group_a`` before ``group_b`` in sorted order (e.g. 2020 - 2019, 2025 - 2019,
    2025 - 2020). Returns one row per (topic, pair): topic, group_a, group_b, estimate,
    ci_low, ci_high, excludes_zero, n_clusters_a, n_clusters_b, n_segments_a, n_segments_b.
    """
    import pandas as pd

    est, reps, labels, n_seg, n_clu = _replicates(doc_topic_by_seed, groups, clusters, n_boot,
                                                  seed, level, reference, point)
    if pairs is None:
        pairs = [(labels[i], labels[j]) for i in range(len(labels)) for j in range(i + 1, len(labels))]
    rows = []
    K = est.shape[1]
    for a, b in pairs:
        if a not in labels or b not in labels:
            raise ValueError(f"pair ({a!r}, {b!r}): unknown group; groups are {labels}")
        ia, ib = labels.index(a), labels.index(b)
        diff = reps[ib] - reps[ia]                                   # n_boot x K
        lo, hi = _interval(diff, level)
        d = est[ib] - est[ia]
        for k in range(K):
            rows.append({
                "topic": k, "group_a": a, "group_b": b, "estimate": d[k],
                "ci_low": lo[k], "ci_high": hi[k],
                "excludes_zero": bool(lo[k] > 0 or hi[k] < 0),
                "n_clusters_a": int(n_clu[ia]), "n_clusters_b": int(n_clu[ib]),
                "n_segments_a": int(n_seg[ia]), "n_segments_b": int(n_seg[ib]),
            })
    out = pd.DataFrame(rows)
    if out.empty:
        return out
    return out.sort_values(["topic"], kind="stable").reset_index(drop=True)


def prevalence_composition(posteriors, groups, clusters, n_boot: int, n_draws: int,
                           seed: int, level: float = 0.95) -> dict:
    """Group means of the topic mixtures with intervals that carry three sources of
    uncertainty at once: which documents are in the corpus (a cluster bootstrap over
    documents within each group, :func:`scotext.inference.bootstrap.cluster_weights`),
    what each unit's mixture is given the model (the *method of composition*, as stm's
    ``estimateEffect``: the statistic is recomputed on draws of every unit's theta from its
    posterior, here Dirichlet(posterior parameters), stm's ``thetaPosterior``), and which
    seed the model was fitted with.

    ``posteriors``: S arrays (units x K) of Dirichlet parameters, one per seed, aligned to
    the reference topics (gensim: the variational gamma; tomotopy: n_dk + alpha of the
    chain's last sweep). ``n_draws`` draws of all units' mixtures are made per seed (numpy
    ``standard_gamma``, normalised). Replicate b draws a seed s_b and a draw d_b uniformly
    (the same for every group, so a difference between two groups is taken within one
    model and one draw) and, per group, document multiplicities from the cluster bootstrap;
    its value is the weighted group mean of the drawn mixtures.

    The estimate is the posterior mean: the group mean of E[theta] = gamma / sum(gamma),
    averaged over the seeds. With one document in a group the documents cannot vary and the
    interval carries posterior and seed variation only (``n_clusters`` = 1: no inference to
    the group's population of documents is possible).

    Returns a dict: ``labels`` (sorted groups), ``estimate``, ``ci_low``, ``ci_high`` (G x K),
    ``replicates`` (G x n_boot x K), ``n_units``, ``n_clusters`` (G), ``n_seeds``, ``n_draws``.
    Deterministic for ``seed``: the seed and draw indices come first, then the mixture draws
    seed by seed, then the document draws group by group in sorted group order.
    """
    from scipy import sparse

    post = [np.asarray(p, dtype=np.float64) for p in posteriors]
    theta, groups, clusters = _prepare(post, groups, clusters, n_boot, level, 0)
    if np.any(theta <= 0):
        raise ValueError("posterior Dirichlet parameters must be positive")
    if isinstance(n_draws, bool) or not isinstance(n_draws, (int, np.integer)) or n_draws < 1:
        raise ValueError(f"n_draws must be a positive integer, got {n_draws!r}")
    S, n, K = theta.shape
    labels, gcode, ccode, cgroup = group_cluster_codes(groups, clusters)
    C = len(cgroup)
    indicator = sparse.csr_matrix((np.ones(n), (ccode, np.arange(n))), shape=(C, n))
    sizes = np.asarray(indicator.sum(axis=1)).ravel()

    rng = np.random.default_rng(seed)
    seed_draw = rng.integers(S, size=n_boot)
    draw_draw = rng.integers(n_draws, size=n_boot)
    mean_sums = np.empty((S, C, K))
    draw_sums = np.empty((S, n_draws, C, K))
    for s in range(S):
        mean_sums[s] = indicator @ (theta[s] / theta[s].sum(axis=1, keepdims=True))
        for d in range(n_draws):
            g = rng.standard_gamma(theta[s])
            draw_sums[s, d] = indicator @ (g / g.sum(axis=1, keepdims=True))
    G = len(labels)
    est = np.empty((G, K))
    reps = np.empty((G, n_boot, K))
    n_units = np.empty(G, dtype=np.int64)
    n_clusters = np.empty(G, dtype=np.int64)
    combos = sorted(set(zip(seed_draw.tolist(), draw_draw.tolist())))
    for g in range(G):
        cg = np.flatnonzero(cgroup == g)
        n_clusters[g] = cg.size
        n_units[g] = int(sizes[cg].sum())
        est[g] = mean_sums[:, cg].sum(axis=1).mean(axis=0) / n_units[g]
        rep_n = np.empty(n_boot)
        rep_sum = np.empty((n_boot, K))
        for a, b, weights in cluster_weights(rng, cg.size, n_boot):
            rep_n[a:b] = weights @ sizes[cg]
            sd, dd = seed_draw[a:b], draw_draw[a:b]
            for s, d in combos:
                rows = (sd == s) & (dd == d)
                if rows.any():
                    rep_sum[a:b][rows] = weights[rows] @ draw_sums[s, d][cg]
        reps[g] = rep_sum / rep_n[:, None]
    lo, hi = _interval(reps, level)
    return {"labels": labels, "estimate": est, "ci_low": lo, "ci_high": hi, "replicates": reps,
            "n_units": n_units, "n_clusters": n_clusters, "n_seeds": S, "n_draws": int(n_draws)}
