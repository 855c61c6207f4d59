"""Choosing the number of topics K from the cross-validated grid, and the verdict on it.

The grid (``scotext.topics.search.grid_fits``) gives, for every K and replicate r (seed
``seed + r``, held-out fold ``r mod F``), the held-out log-likelihood of the fold's units
by document completion (``scotext.topics.foldin``), the semantic coherence and exclusivity
of the fitted topics (``scotext.topics.diagnostics``), and the same for a null corpus (the
tokens permuted across units). K = 1, the smoothed unigram model, is always in the grid.

Summaries per K (:func:`k_table`). Per fold f, the fold's held-out log-likelihood per token
(mean over its replicates); the K's ``heldout`` is the mean over folds and ``heldout_se``
their standard error (sd over folds / sqrt(F)). ``gain`` is the same for the paired
difference from K = 1 on the same fold (so the folds' different difficulty cancels), with
``gain_se``. Coherence and exclusivity are means over the replicates' fits (each fit: the
mean over its topics). Stability comes from :mod:`scotext.topics.align` (top-word
agreement and adjusted Rand index of unit assignments over pairs of replicates), for the
corpus and for the null.

The rule (:func:`choose_k`), in the spirit of Roberts et al. (2014; stm's ``searchK``:
the semantic-coherence-exclusivity frontier) and of the one-standard-error rule (Breiman
et al. 1984; Hastie, Tibshirani and Friedman 2009, sec. 7.10):

1. Candidates: every K > 1 of the grid.
2. Frontier (:data:`CRITERIA`): a K is *dominated* when another K is at least as good on
   semantic coherence and on exclusivity (means over its fits) and better on one of them;
   the frontier is the set of K that are not dominated (stm's coherence-exclusivity
   frontier: coherence alone favours few broad topics, exclusivity many narrow ones).
   Held-out likelihood is not a frontier criterion, so the K that predicts best over the
   whole grid may lie off the frontier; the rule then works with the best frontier K.
3. One-SE rule on the frontier: K* is the frontier K with the highest held-out
   log-likelihood; for every frontier K the per-fold difference from K* is averaged (d_K)
   and its standard error taken over folds (se_K, the paired comparison; fold difficulty
   cancels, as for differences of expected log predictive density in Vehtari, Gelman and
   Gabry 2017). The chosen K is the smallest frontier K with d_K <= se_K: the simplest
   model that predicts as well as the best, within its uncertainty.

Adding a dominated K to the grid never changes the choice: it is not on the frontier, it
cannot dominate a frontier K (dominance is transitive: whatever dominates it would dominate
that K too), so the frontier, K* and every d_K, se_K are unchanged (tested).

The verdict (:func:`verdict`): K is *identified* when all of

- the gain over K = 1 at the chosen K is positive with its interval: gain - t * SE > 0,
  t the (1 + ``level``)/2 quantile of Student's t with F - 1 degrees of freedom (F folds;
  with few folds the SE is itself uncertain, so a fixed "2 SE" would be too lenient): the
  topics predict held-out text better than word frequencies alone;
- its top-word agreement and its assignment agreement (ARI) across replicates are both
  higher than every pair of the null's fits at the same K (structure found again and
  again, beyond what the same settings find in text without structure);
- the chosen K is not at an edge of the grid: not the largest K, and not the smallest
  K > 1 unless that is 2 (K = 1 bounds it from below); nor is K*, the best-predicting K of
  the frontier from which the one-SE rule counts, the largest K (held-out likelihood may
  still rise beyond the grid, and the rule's choice with it).

Otherwise ``identified`` is false and the verdict says which check failed, with its
numbers; the tables are still written at a K (the configured one, or the rule's), marked
"K not identified: descriptive only".
"""

from __future__ import annotations

import numpy as np

NOT_IDENTIFIED_MARK = "K not identified: descriptive only"
CRITERIA = ("coherence", "exclusivity")
SELECTION_COLUMNS = ("k", "replicate", "seed", "fold", "heldout_sum", "heldout_tokens",
                     "coherence", "exclusivity")


def _fold_means(sel, col_sum, col_tok):
    """Per (k, fold): held-out log-likelihood per token of the fold (pooled over its
    replicates)."""
    g = sel.groupby(["k", "fold"], sort=True)[[col_sum, col_tok]].sum()
    return (g[col_sum] / g[col_tok]).rename("per_token").reset_index()


def _se(x) -> float:
    x = np.asarray(x, dtype=np.float64)
    return float(x.std(ddof=1) / np.sqrt(x.size)) if x.size >= 2 else float("nan")


def k_table(selection, stability=None):
    """Per-K summaries (see the module docstring), sorted by k.

    ``selection``: one row per fit with the columns of :data:`SELECTION_COLUMNS` (K = 1
    rows have NaN coherence/exclusivity). ``stability``: optional per-K DataFrame (k,
    topwords, ari, ...) joined in. Columns: k, n_fits, n_folds, heldout, heldout_se, gain,
    gain_se, coherence, exclusivity (+ the stability columns).
    """
    import pandas as pd

    missing = [c for c in SELECTION_COLUMNS if c not in selection.columns]
    if missing:
        raise ValueError(f"selection table lacks column(s): {', '.join(missing)}")
    if selection.empty:
        raise ValueError("selection table is empty")
    if selection.duplicated(["k", "replicate"]).any():
        raise ValueError("selection table has more than one row for a (k, replicate) pair")
    if 1 not in set(selection["k"].astype(int)):
        raise ValueError("the grid must hold K = 1 (the one-topic baseline)")
    sel = selection.copy()
    sel["k"] = sel["k"].astype(int)
    obs = _fold_means(sel, "heldout_sum", "heldout_tokens")
    base = obs[obs["k"] == 1].set_index("fold")["per_token"]
    rows = []
    for k, g in sel.groupby("k", sort=True):
        fo = obs[obs["k"] == k].set_index("fold")["per_token"]
        if not set(fo.index) <= set(base.index):
            raise ValueError(f"K={k} has folds without a K = 1 fit")
        gain = fo - base.loc[fo.index]
        rows.append({
            "k": int(k), "n_fits": int(len(g)), "n_folds": int(fo.size),
            "heldout": float(fo.mean()), "heldout_se": _se(fo),
            "gain": float(gain.mean()), "gain_se": _se(gain),
            "coherence": float(g["coherence"].astype(float).mean()) if k > 1 else np.nan,
            "exclusivity": float(g["exclusivity"].astype(float).mean()) if k > 1 else np.nan,
        })
    table = pd.DataFrame(rows)
    if stability is not None and len(stability):
        table = table.merge(stability, on="k", how="left")
    return table.sort_values("k").reset_index(drop=True)


def null_summary(null_selection, k: int) -> dict:
    """The null's held-out gain at ``k`` over the null's own K = 1 (paired by fold, as
    ``gain``), and its coherence and exclusivity (means over the null fits)."""
    t = k_table(null_selection)
    row = t.set_index(t["k"].astype(int)).loc[int(k)]
    return {"null_gain": float(row["gain"]), "null_gain_se": float(row["gain_se"]),
            "null_coherence": float(row["coherence"]),
            "null_exclusivity": float(row["exclusivity"])}


def _fold_series(selection, k):
    obs = _fold_means(selection.assign(k=selection["k"].astype(int)), "heldout_sum",
                      "heldout_tokens")
    return obs[obs["k"] == int(k)].set_index("fold")["per_token"]


def frontier(table, criteria=CRITERIA) -> np.ndarray:
    """Boolean array over the rows of ``table`` (K > 1 rows only can be True): not
    dominated on ``criteria`` (higher is better for each) by another K > 1 row."""
    cand = (table["k"].astype(int) > 1).to_numpy()
    X = table[list(criteria)].to_numpy(dtype=np.float64)
    out = np.zeros(len(table), dtype=bool)
    idx = np.flatnonzero(cand & np.all(np.isfinite(X), axis=1))
    for i in idx:
        others = X[idx[idx != i]]
        dominated = np.any(np.all(others >= X[i], axis=1) & np.any(others > X[i], axis=1))
        out[i] = not dominated
    return out


def choose_k(table, selection, criteria=CRITERIA) -> tuple[int, dict]:
    """The rule of the module docstring. Returns ``(k, details)``: ``details`` holds
    ``frontier`` (sorted K), ``best`` (K*), ``one_se`` (K -> (d_K, se_K)) and ``eligible``."""
    on = frontier(table, criteria)
    ks = table["k"].astype(int).to_numpy()
    front = sorted(int(k) for k in ks[on])
    if not front:
        raise ValueError("no K > 1 with finite criteria: cannot choose K")
    heldout = dict(zip(ks, table["heldout"].astype(float)))
    best = max(front, key=lambda k: (heldout[k], -k))
    fb = _fold_series(selection, best)
    one_se, eligible = {}, []
    for k in front:
        fk = _fold_series(selection, k)
        common = fb.index.intersection(fk.index)
        diff = fb.loc[common] - fk.loc[common]
        d, se = float(diff.mean()), _se(diff)
        one_se[k] = (d, se)
        if k == best or d <= (se if np.isfinite(se) else 0.0):
            eligible.append(k)
    k = min(eligible)
    return k, {"frontier": front, "best": int(best), "one_se": one_se,
               "eligible": sorted(eligible)}


def _ks(grid) -> str:
    return "{" + ", ".join(str(int(k)) for k in sorted(grid)) + "}"


def verdict(table, k: int, null: dict, *, level: float = 0.95, rule_k=None, best_k=None):
    """``(identified, sentence, checks)`` for the model at ``k`` (see the module
    docstring). ``table``: :func:`k_table` with the stability columns ``topwords`` and
    ``ari``; ``null``: the null at ``k`` (``null_gain``, ``null_topwords_max``,
    ``null_ari_max``, from :func:`null_summary` and the null's stability); ``rule_k``: the
    rule's choice (when it differs from ``k``, set in the configuration, K is not
    identified: the data did not choose it); ``best_k``: the rule's K* (see the module
    docstring). ``checks``: the numbers behind the sentence."""
    row = table.set_index(table["k"].astype(int)).loc[int(k)]
    grid = sorted(int(x) for x in table["k"] if int(x) > 1)
    from scipy.stats import t as student_t

    gain, se = float(row["gain"]), float(row["gain_se"])
    n_folds = int(row["n_folds"])
    crit = float(student_t.ppf(0.5 + float(level) / 2, max(n_folds - 1, 1)))
    low, high = gain - crit * se, gain + crit * se
    gain_ok = bool(np.isfinite(gain) and np.isfinite(se) and low > 0)
    tw, tw_null = float(row.get("topwords", np.nan)), float(null.get("null_topwords_max", np.nan))
    ari, ari_null = float(row.get("ari", np.nan)), float(null.get("null_ari_max", np.nan))
    stable_ok = bool(np.isfinite(tw) and np.isfinite(tw_null) and tw > tw_null
                     and np.isfinite(ari) and np.isfinite(ari_null) and ari > ari_null)
    if int(k) == max(grid):
        edge = "upper"
    elif int(k) == min(grid) and min(grid) > 2:
        edge = "lower"
    elif best_k is not None and int(best_k) == max(grid):
        edge = "best"
    else:
        edge = ""
    by_rule = rule_k is None or int(rule_k) == int(k)
    identified = bool(int(k) > 1 and gain_ok and stable_ok and not edge and by_rule)
    null_gain = float(null.get("null_gain", np.nan))
    checks = {"k": int(k), "gain": gain, "gain_se": se, "gain_low": low, "gain_high": high,
              "level": float(level), "t_crit": crit,
              "null_gain": null_gain, "topwords": tw, "null_topwords_max": tw_null,
              "ari": ari, "null_ari_max": ari_null, "n_folds": int(row["n_folds"]),
              "gain_ok": gain_ok, "stable_ok": stable_ok, "edge": edge, "grid": grid,
              "by_rule": by_rule, "rule_k": int(rule_k) if rule_k is not None else int(k),
              "best_k": int(best_k) if best_k is not None else int(k)}
    gain_txt = (f"held-out log-likelihood per token {gain:+.3f} against the one-topic "
                f"baseline (SE {se:.3f} over {n_folds} folds, {level:.0%} interval "
                f"[{low:+.3f}, {high:+.3f}]; {null_gain:+.3f} on the token-permuted null)")
    stab_txt = (f"top-word agreement across seeds {tw:.2f} (null at most {tw_null:.2f}) and "
                f"assignment ARI {ari:.2f} (null at most {ari_null:.2f})")
    edge_txt = ({"upper": f"K = {int(k)} is the largest K of the grid {_ks(grid)}",
                 "lower": f"K = {int(k)} is the smallest K of the grid {_ks(grid)}",
                 "best": f"the best-predicting K of the frontier, K = {best_k}, is the "
                         f"largest K of the grid {_ks(grid)}"}.get(edge)
                or f"K = {int(k)} lies inside the grid {_ks(grid)}")
    if identified:
        sentence = f"K = {int(k)} identified: {gain_txt}; {stab_txt}; {edge_txt}."
        return identified, sentence, checks
    why = []
    if not gain_ok:
        if np.isfinite(high) and high < 0:
            why.append(f"the model predicts held-out words worse than the one-topic "
                       f"baseline, its whole interval lies below zero ({gain_txt})")
        else:
            why.append(f"the gain's interval does not exclude zero ({gain_txt})")
    else:
        why.append(gain_txt)
    if not stable_ok:
        why.append(f"the topics are not more stable than on the null ({stab_txt})")
    else:
        why.append(stab_txt)
    if edge:
        why.append(f"{edge_txt}, so a K outside it might fit better")
    if not by_rule:
        why.append(f"K = {int(k)} was set in the configuration, the rule chooses "
                   f"K = {int(rule_k)}")
    sentence = f"{NOT_IDENTIFIED_MARK} (K = {int(k)}): " + "; ".join(why) + "."
    return identified, sentence, checks


def verdict_rst(identified: bool, sentence: str) -> str:
    """The verdict as a reStructuredText paragraph, included in every topic caption of the
    report (``workflow/report/topics_*.rst``)."""
    head = "Verdict on the number of topics." if identified else f"{NOT_IDENTIFIED_MARK}."
    return f"**{head}** {sentence}\n"
