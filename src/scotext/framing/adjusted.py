"""Frame contrasts adjusted for paragraph length: rate ratios and odds ratios with intervals.

Why. A long paragraph has more room for a frame: in the source corpus Ermekbaev's answer
paragraphs average 68 words and Norov's 29-50, so a difference in the *share* of paragraphs
with a frame is partly a difference in length. Two length-aware effects are reported for
every frame and comparison (two speakers, two years), side A against side B:

- ``rate_ratio``: the ratio of hits per word, A over B. It is the maximum-likelihood
  estimate of exp(b1) in the Poisson model log E[hits] = b0 + b1·[side A] + log(words)
  (offset log words): with only the side indicator the Poisson score equations give
  exp(b0) = sum(hits_B) / sum(words_B) and exp(b0 + b1) = sum(hits_A) / sum(words_A), the
  pooled rates, so no iteration is needed. Over-dispersion (negative binomial) changes the
  variance, not this estimate, and the intervals below do not assume the Poisson variance.
- ``odds_ratio_adjusted``: exp(b1) of the logistic model of presence
  logit P(present) = b0 + b1·[side A] + b2·log(words) (log length centred; fitted by
  Newton-Raphson, :func:`logistic_fit`), against ``odds_ratio_raw``, the same model without
  the length term (the cross-product ratio of the two shares).

Units are the paragraphs (segments) of the compared roles, near-duplicates left out;
documents are the clusters.

Intervals (``interval_method``):

- both sides with at least ``robust_min_docs`` documents: Wald intervals on the log scale
  with cluster-robust (sandwich) standard errors over documents, CR1 small-sample factor
  G/(G-1)·(N-1)/(N-p) (Stata's and statsmodels' default for clustered GLMs; Cameron &
  Miller 2015), normal quantiles. Cheap at any corpus size.
- otherwise: percentile intervals from the stratified cluster bootstrap of the salience
  intervals (:func:`scotext.inference.bootstrap.cluster_unit_weights`): documents
  resampled within each side and, where ``two_stage`` and a side has at most
  ``two_stage_max_clusters`` documents, paragraphs within each drawn document; every
  replicate refits the models on the resampled paragraphs (frequency weights). A sandwich
  with a handful of clusters is badly biased downwards (and with one document a side it is
  not defined), while the two-stage bootstrap still carries the paragraph-to-paragraph
  variation of a single document; that variation describes these documents, not a
  population of interviews, which the ``evidence`` column says.

A side in which the frame is never (or always) present has no finite odds ratio (the
maximum-likelihood estimate is 0 or infinite): the estimate is then 0 / inf, and so is a
bootstrap replicate in which that happens (replicates drawing no paragraph with the frame on
a side); percentile bounds may therefore be 0 or inf. A replicate whose logistic fit does not
converge (length alone separates presence on both sides) is left out and counted in
``n_boot_failed``. A frame present nowhere in the comparison has NaN effects.

``evidence`` and ``min_p_doc``: :func:`scotext.evidence.comparison_level` for the documents
of the two sides; ``caveat``: :func:`scotext.confound.contrast_caveat` of the two sides'
documents (what else differs between them), computed from the documents table.
"""

from __future__ import annotations

import itertools

import numpy as np

from scotext.inference.bootstrap import (TWO_STAGE_MAX_CLUSTERS, cluster_unit_weights,
                                         percentile_interval_inf)

ADJUSTED_COLUMNS = [
    "comparison", "kind", "frame", "label_a", "label_b", "n_docs_a", "n_docs_b",
    "n_segments_a", "n_segments_b", "words_per_segment_a", "words_per_segment_b",
    "share_a", "share_b", "share_difference", "odds_ratio_raw", "or_raw_ci_low",
    "or_raw_ci_high", "rate_a", "rate_b", "rate_ratio", "rr_ci_low", "rr_ci_high",
    "odds_ratio_adjusted", "or_adj_ci_low", "or_adj_ci_high", "length_coef",
    "interval_method", "n_boot", "n_boot_failed", "evidence", "min_p_doc", "caveat", "note"]

MAX_ITER = 100
TOL = 1e-10


# ------------------------------------------------------------------------- model fitting

def _expit(x):
    with np.errstate(over="ignore"):
        return 1.0 / (1.0 + np.exp(-x))


def logistic_fit(X, y, weights=None, *, max_iter: int = MAX_ITER, tol: float = TOL,
                 max_coef: float = 50.0):
    """Logistic regression by Newton-Raphson (IRLS), batched over replicates.

    ``X``: n x p design (include the intercept column); ``y``: n outcomes in {0, 1};
    ``weights``: B x n frequency weights (None: one replicate of ones). Returns
    ``(beta B x p, converged B bool, n_iter)``; rows that do not converge within
    ``max_iter`` steps (largest step below ``tol``) or whose coefficients exceed
    ``max_coef`` in absolute value (separation: the maximum-likelihood estimate does not
    exist) have ``converged`` False and NaN coefficients. The same estimate as
    ``statsmodels.GLM(y, X, family=Binomial(), freq_weights=w).fit()`` (tested).
    """
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    n, p = X.shape
    W = np.ones((1, n)) if weights is None else np.atleast_2d(np.asarray(weights, float))
    if W.shape[1] != n or y.shape != (n,):
        raise ValueError("X, y and weights must have the same number of units")
    B = W.shape[0]
    XX = (X[:, :, None] * X[:, None, :]).reshape(n, p * p)
    beta = np.zeros((B, p))
    active = np.ones(B, dtype=bool)
    converged = np.zeros(B, dtype=bool)
    it = 0
    for it in range(1, max_iter + 1):
        a = np.flatnonzero(active)
        if a.size == 0:
            break
        Wa = W[a]
        mu = _expit(beta[a] @ X.T)                                   # |a| x n
        grad = (Wa * (y - mu)) @ X                                   # |a| x p
        H = ((Wa * mu * (1.0 - mu)) @ XX).reshape(a.size, p, p)
        try:
            step = np.linalg.solve(H, grad[:, :, None])[:, :, 0]
        except np.linalg.LinAlgError:                                # a singular replicate
            step = np.stack([np.linalg.lstsq(h, g, rcond=None)[0] for h, g in zip(H, grad)])
        beta[a] += step
        size = np.abs(step).max(axis=1)
        done = size < tol * np.maximum(1.0, np.abs(beta[a]).max(axis=1))
        blown = ~np.isfinite(beta[a]).all(axis=1) | (np.abs(beta[a]).max(axis=1) > max_coef)
        converged[a[done & ~blown]] = True
        active[a[done | blown]] = False
    beta[~converged] = np.nan
    return beta, converged, it


def cluster_robust_cov(X, resid, hess_weight, clusters):
    """CR1 cluster-robust covariance of a GLM's coefficients (canonical link).

    ``resid``: y - mu per unit; ``hess_weight``: the IRLS weight per unit (mu (1 - mu) for
    the logit, mu for the Poisson log link); bread = (sum_i h_i x_i x_i')^-1, meat = sum over
    clusters of the outer product of the cluster score sums sum_i resid_i x_i, times
    G/(G - 1) (N - 1)/(N - p). statsmodels' ``cov_type="cluster"`` (tested)."""
    import pandas as pd

    X = np.asarray(X, dtype=np.float64)
    n, p = X.shape
    code, uniq = pd.factorize(pd.Series(np.asarray(clusters, dtype=object)).astype(str))
    G = len(uniq)
    if G < 2:
        raise ValueError("a cluster-robust covariance needs at least two clusters")
    scores = np.zeros((G, p))
    np.add.at(scores, code, X * np.asarray(resid, float)[:, None])
    bread = np.linalg.inv((X * np.asarray(hess_weight, float)[:, None]).T @ X)
    meat = scores.T @ scores
    factor = G / (G - 1.0) * (n - 1.0) / (n - p)
    return factor * bread @ meat @ bread


# --------------------------------------------------------------------------- helpers

def _logit_share(k, n):
    """logit(k / n) with -inf / +inf at 0 and 1 (NaN where n = 0)."""
    k = np.asarray(k, dtype=np.float64)
    n = np.asarray(n, dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.log(k) - np.log(n - k)


def _log_ratio(a, b):
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.log(np.asarray(a, float)) - np.log(np.asarray(b, float))


def _group_logor(kA, nA, kB, nB):
    """Raw log odds ratio; +-inf where one side never/always has the frame, NaN where both
    sides are degenerate the same way (inf - inf)."""
    with np.errstate(invalid="ignore"):
        return _logit_share(kA, nA) - _logit_share(kB, nB)


def _adjusted_logor(y, side_a, L, W, kA, nA, kB, nB):
    """log odds ratio of side A adjusted for centred log length, per replicate (rows of
    W): +-inf where a side never/always has the frame (sign of the raw log OR), NaN where
    the frame is absent or present everywhere on both sides or the fit fails; and the
    number of failed fits among the replicates that could be fitted."""
    raw = _group_logor(kA, nA, kB, nB)
    B = W.shape[0]
    out = np.full(B, np.nan)
    degenerate = (kA == 0) | (kA == nA) | (kB == 0) | (kB == nB)
    out[degenerate] = raw[degenerate]                 # +-inf, or NaN (inf - inf)
    fit = np.flatnonzero(~degenerate)
    failed = 0
    length = np.full(B, np.nan)
    if fit.size:
        X = np.column_stack([np.ones_like(L), side_a.astype(np.float64), L])
        beta, conv, _ = logistic_fit(X, y, W[fit])
        out[fit] = beta[:, 1]
        length[fit] = beta[:, 2]
        failed = int((~conv).sum())
    return out, length, failed


# ----------------------------------------------------------------------- the contrast

def length_adjusted_contrast(present, hits, words, is_a, docs, *, n_boot: int, seed: int,
                             level: float = 0.95, robust_min_docs: int = 30,
                             two_stage: bool = True,
                             two_stage_max_clusters: int | None = TWO_STAGE_MAX_CLUSTERS):
    """Raw and length-adjusted effects of side A against side B for every frame.

    ``present``, ``hits``: units x F (0/1 presence, hit counts); ``words``: words per unit
    (> 0); ``is_a``: side A per unit; ``docs``: the document of every unit (the cluster).
    Returns a dict of arrays over frames (see the module docstring) plus ``method``,
    ``n_docs_a``, ``n_docs_b``, ``n_boot`` (0 for the Wald intervals) and ``n_boot_failed``.
    """
    import pandas as pd

    P = np.asarray(present, dtype=np.float64)
    Hh = np.asarray(hits, dtype=np.float64)
    w = np.asarray(words, dtype=np.float64)
    a = np.asarray(is_a, dtype=bool)
    docs = np.asarray(docs, dtype=object)
    n, F = P.shape
    if Hh.shape != (n, F) or w.shape != (n,) or a.shape != (n,) or docs.shape != (n,):
        raise ValueError("present, hits: units x frames; words, is_a, docs: one per unit")
    if np.any(w <= 0):
        raise ValueError("words: every unit needs at least one word (log length)")
    if a.all() or not a.any():
        raise ValueError("each side needs at least one unit")
    doc_str = pd.Series(docs).astype(str).to_numpy()
    nd_a = len(set(doc_str[a]))
    nd_b = len(set(doc_str[~a]))
    L = np.log(w)
    L = L - L.mean()
    side = np.where(a, "A", "B")
    # observed
    nA, nB = float(a.sum()), float((~a).sum())
    kA, kB = P[a].sum(axis=0), P[~a].sum(axis=0)
    hA, hB = Hh[a].sum(axis=0), Hh[~a].sum(axis=0)
    wA, wB = w[a].sum(), w[~a].sum()
    log_or_raw = _group_logor(kA, nA, kB, nB)
    log_rr = _log_ratio(hA / wA, hB / wB)
    log_or_adj = np.full(F, np.nan)
    length_coef = np.full(F, np.nan)
    for f in range(F):
        est, lc, _ = _adjusted_logor(P[:, f], a, L, np.ones((1, n)), kA[f:f + 1],
                                     np.array([nA]), kB[f:f + 1], np.array([nB]))
        log_or_adj[f], length_coef[f] = est[0], lc[0]
    ci = {k: np.full((F, 2), np.nan) for k in ("or_raw", "rr", "or_adj")}
    failed = np.zeros(F, dtype=np.int64)
    robust = nd_a >= robust_min_docs and nd_b >= robust_min_docs
    z = _normal_quantile(level)
    if robust:
        method = "Wald, cluster-robust (CR1) standard errors over documents"
        n_rep = 0
        for f in range(F):
            y = P[:, f]
            if np.isfinite(log_or_raw[f]):
                X0 = np.column_stack([np.ones(n), a.astype(float)])
                mu = np.where(a, kA[f] / nA, kB[f] / nB)
                se = np.sqrt(cluster_robust_cov(X0, y - mu, mu * (1 - mu), doc_str)[1, 1])
                ci["or_raw"][f] = log_or_raw[f] + np.array([-z, z]) * se
            if np.isfinite(log_rr[f]):
                X0 = np.column_stack([np.ones(n), a.astype(float)])
                mu = w * np.where(a, hA[f] / wA, hB[f] / wB)
                se = np.sqrt(cluster_robust_cov(X0, Hh[:, f] - mu, mu, doc_str)[1, 1])
                ci["rr"][f] = log_rr[f] + np.array([-z, z]) * se
            if np.isfinite(log_or_adj[f]):
                X = np.column_stack([np.ones(n), a.astype(float), L])
                beta, _, _ = logistic_fit(X, y)
                mu = _expit(X @ beta[0])
                se = np.sqrt(cluster_robust_cov(X, y - mu, mu * (1 - mu), doc_str)[1, 1])
                ci["or_adj"][f] = log_or_adj[f] + np.array([-z, z]) * se
    else:
        method = ("percentile, two-stage cluster bootstrap (documents within sides, then "
                  "paragraphs within drawn documents)" if two_stage else
                  "percentile, cluster bootstrap (documents within sides)")
        n_rep = int(n_boot)
        reps = {k: np.empty((n_rep, F)) for k in ci}
        for start, stop, W in cluster_unit_weights(side, docs, n_rep, seed, two_stage,
                                                   two_stage_max_clusters):
            Wa, Wb = W * a, W * ~a
            nA_r, nB_r = Wa.sum(axis=1), Wb.sum(axis=1)
            kA_r, kB_r = Wa @ P, Wb @ P
            reps["or_raw"][start:stop] = _group_logor(kA_r, nA_r[:, None], kB_r,
                                                      nB_r[:, None])
            reps["rr"][start:stop] = _log_ratio((Wa @ Hh) / (Wa @ w)[:, None],
                                                (Wb @ Hh) / (Wb @ w)[:, None])
            for f in range(F):
                est, _, bad = _adjusted_logor(P[:, f], a, L, W, kA_r[:, f], nA_r,
                                              kB_r[:, f], nB_r)
                reps["or_adj"][start:stop, f] = est
                failed[f] += bad
        for k in ci:
            for f in range(F):
                ci[k][f] = percentile_interval_inf(reps[k][:, f], level)
    return {"method": method, "n_docs_a": nd_a, "n_docs_b": nd_b, "n_boot": n_rep,
            "n_boot_failed": failed, "n_segments_a": int(nA), "n_segments_b": int(nB),
            "words_per_segment_a": wA / nA, "words_per_segment_b": wB / nB,
            "share_a": kA / nA, "share_b": kB / nB, "rate_a": 1000 * hA / wA,
            "rate_b": 1000 * hB / wB,
            "odds_ratio_raw": np.exp(log_or_raw), "or_raw_ci": np.exp(ci["or_raw"]),
            "rate_ratio": np.exp(log_rr), "rr_ci": np.exp(ci["rr"]),
            "odds_ratio_adjusted": np.exp(log_or_adj), "or_adj_ci": np.exp(ci["or_adj"]),
            "length_coef": length_coef}


def _normal_quantile(level: float) -> float:
    from scipy import stats

    return float(stats.norm.ppf(0.5 + float(level) / 2))


# ------------------------------------------------------------------------ comparisons

def comparisons(segs, *, speakers=True, years="auto"):
    """The pre-specified comparisons of a set of segments: every pair of speakers and every
    pair of years (``years``: "auto", or a list of [a, b] pairs; None or [] for none).
    Returns a list of ``(kind, label_a, label_b)``, labels as strings, a < b sorted."""
    out = []
    if speakers:
        names = sorted(set(segs["speaker"].astype(str)))
        out += [("speaker", x, y) for x, y in itertools.combinations(names, 2)]
    if years == "auto":
        ys = sorted(set(int(v) for v in segs["year"]))
        out += [("year", str(x), str(y)) for x, y in itertools.combinations(ys, 2)]
    elif years:
        have = {str(int(v)) for v in segs["year"]}
        for pair in years:
            x, y = (str(int(v)) for v in pair)
            if x not in have or y not in have:
                raise ValueError(f"framing.year_contrasts: year pair {[x, y]} names a year "
                                 f"without compared segments (years: {sorted(have)})")
            out.append(("year", x, y))
    return out


def comparison_name(kind: str, label_a: str, label_b: str) -> str:
    return f"{kind}: {label_a} vs {label_b}"


def side_tokens(segs) -> dict:
    """doc_id -> words of the given segments (the length the frame analysis measures)."""
    return {str(k): int(v) for k, v in
            segs.groupby(segs["doc_id"].astype(str), sort=True)["n_words"].sum().items()}


def side_profiles(documents, segs, mask_a, mask_b):
    """Confound profiles (:func:`scotext.confound.side_profile`) of the two sides: the
    documents with segments on each side, sized by the words of those segments."""
    from scotext.confound import side_profile

    out = []
    for m in (mask_a, mask_b):
        sub = segs[m]
        out.append(side_profile(documents, sub["doc_id"].astype(str).unique(),
                                tokens=side_tokens(sub)))
    return out


def _note(res, label_a, label_b, robust_min_docs, two_stage, n_empty) -> str:
    bits = [f"Interval: {res['method']}"
            + (f", {res['n_boot']} replicates" if res["n_boot"] else "")
            + f" (cluster-robust intervals need >= {robust_min_docs} documents a side)."]
    single = [lab for lab, k in ((label_a, res["n_docs_a"]), (label_b, res["n_docs_b"]))
              if k == 1]
    if single:
        one = len(single) == 1
        if not res["n_boot"]:
            what = ""
        elif two_stage:
            what = (f"{'its' if one else 'their'} paragraphs are resampled (the second stage "
                    "of the bootstrap), so the interval reflects the variation between the "
                    f"paragraphs of {'that document' if one else 'those documents'}; ")
        else:
            what = (f"{'its' if one else 'their'} side does not vary in the one-stage "
                    "document bootstrap; ")
        are = "is a single document" if one else "are single documents"
        bits.append(f"{' and '.join(single)} {are}: {what}nothing beyond these documents is "
                    "identified.")
    if n_empty:
        bits.append(f"{n_empty} paragraph(s) without words left out (no frame can occur).")
    bits.append("Rate ratio = ratio of hits per word (Poisson, offset log words); adjusted "
                "odds ratio: logistic model of presence with log paragraph length, one slope "
                f"for both sides (paragraphs average {res['words_per_segment_a']:.0f} words in "
                f"{label_a} and {res['words_per_segment_b']:.0f} in {label_b}: where their "
                "lengths do not overlap the adjustment rests on that slope).")
    return " ".join(bits)


def adjusted_contrasts(frame_segments, documents, *, n_boot: int, seed: int,
                       roles=("answer",), level: float = 0.95, alpha: float = 0.05,
                       robust_min_docs: int = 30, years="auto", include_duplicates=False,
                       two_stage: bool = True,
                       two_stage_max_clusters: int | None = TWO_STAGE_MAX_CLUSTERS):
    """The table ``frame_adjusted_contrasts.csv`` (columns :data:`ADJUSTED_COLUMNS`) and
    the confound rows (:func:`scotext.confound.confound_rows`) of every comparison.

    ``frame_segments``: a frame table (either layout); ``documents``: the documents table
    (:func:`scotext.stagedata.read_documents`). Every comparison (every pair of speakers,
    every pair of years of :func:`comparisons`) uses the segments of ``roles``; the bootstrap
    seed is the same for every comparison."""
    import pandas as pd

    from scotext.confound import confound_rows, contrast_caveat
    from scotext.evidence import comparison_level
    from scotext.framing.table import matrices
    from scotext.stagedata import select_units

    fs = frame_segments[select_units(frame_segments, roles, include_duplicates)]
    if fs.empty:
        return pd.DataFrame(columns=ADJUSTED_COLUMNS), []
    segs, frames, mats = matrices(fs)
    segs = segs.assign(year=segs["year"].astype(int))
    # a paragraph without words has no length to adjust for and no frame: left out
    has_words = segs["n_words"].to_numpy() > 0
    empty_key = segs.loc[~has_words, ["speaker", "year"]].astype(str)
    segs = segs[has_words].reset_index(drop=True)
    mats = {k: v[has_words] for k, v in mats.items()}
    rows, confounds = [], []
    for kind, la, lb in comparisons(segs, years=years):
        key = segs[kind].astype(str).to_numpy() if kind == "speaker" else \
            segs["year"].astype(str).to_numpy()
        ma, mb = key == la, key == lb
        sel = ma | mb
        res = length_adjusted_contrast(
            mats["present"][sel], mats["n_hits"][sel], segs["n_words"].to_numpy()[sel],
            ma[sel], segs["doc_id"].astype(str).to_numpy()[sel], n_boot=n_boot, seed=seed,
            level=level, robust_min_docs=robust_min_docs, two_stage=two_stage,
            two_stage_max_clusters=two_stage_max_clusters)
        pa, pb = side_profiles(documents, segs, ma, mb)
        caveat = contrast_caveat(pa, pb, la, lb, compared=kind)
        level_word, min_p = comparison_level(res["n_docs_a"], res["n_docs_b"], alpha)
        name = comparison_name(kind, la, lb)
        confounds += confound_rows(name, kind, la, pa, lb, pb, compared=kind)
        n_empty = int(empty_key[kind].isin([la, lb]).sum())
        note = _note(res, la, lb, robust_min_docs, two_stage, n_empty)
        for f, frame in enumerate(frames):
            rows.append({
                "comparison": name, "kind": kind, "frame": frame, "label_a": la,
                "label_b": lb, "n_docs_a": res["n_docs_a"], "n_docs_b": res["n_docs_b"],
                "n_segments_a": res["n_segments_a"], "n_segments_b": res["n_segments_b"],
                "words_per_segment_a": res["words_per_segment_a"],
                "words_per_segment_b": res["words_per_segment_b"],
                "share_a": res["share_a"][f], "share_b": res["share_b"][f],
                "share_difference": res["share_a"][f] - res["share_b"][f],
                "odds_ratio_raw": res["odds_ratio_raw"][f],
                "or_raw_ci_low": res["or_raw_ci"][f, 0], "or_raw_ci_high": res["or_raw_ci"][f, 1],
                "rate_a": res["rate_a"][f], "rate_b": res["rate_b"][f],
                "rate_ratio": res["rate_ratio"][f], "rr_ci_low": res["rr_ci"][f, 0],
                "rr_ci_high": res["rr_ci"][f, 1],
                "odds_ratio_adjusted": res["odds_ratio_adjusted"][f],
                "or_adj_ci_low": res["or_adj_ci"][f, 0],
                "or_adj_ci_high": res["or_adj_ci"][f, 1],
                "length_coef": res["length_coef"][f], "interval_method": res["method"],
                "n_boot": res["n_boot"], "n_boot_failed": int(res["n_boot_failed"][f]),
                "evidence": level_word, "min_p_doc": min_p, "caveat": caveat, "note": note})
    return pd.DataFrame(rows, columns=ADJUSTED_COLUMNS), confounds
