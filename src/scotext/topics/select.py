"""Choosing the number of topics K from a (K, seed) grid of fitted models.

Why a combination of criteria. No single criterion is reliable on a corpus of a few hundred
paragraphs:

- held-out log-likelihood (document completion, Wallach et al. 2009) measures prediction,
  which is known to correlate poorly, even negatively, with the interpretability of topics
  (Chang et al. 2009, "Reading tea leaves") and is noisy on small held-out sets;
- semantic coherence (here NPMI of the top words, Röder et al. 2015; Mimno et al. 2011 for
  the document co-occurrence version stm uses) rewards few broad topics built on frequent
  words;
- exclusivity rewards many narrow topics of rare words;
- stability across seeds (Greene, O'Callaghan and Cunningham 2014) asks whether a K finds the
  same topics again with another random start: a K whose topics change with the seed cannot
  be interpreted, however good its other scores.

stm's ``searchK`` shows held-out likelihood, semantic coherence and exclusivity side by side
for this reason, and Roberts et al. (2014, "Structural topic models for open-ended survey
responses", AJPS) choose among models on the coherence-exclusivity frontier. ``choose_k``
turns this into one explicit, reproducible rule, written out with its numbers in ``reason``:

1. Aggregate per K: the mean over seeds of ``heldout_loglik``, ``c_npmi``, ``exclusivity``
   and ``stability`` (higher is better for all four).
2. Standardise each criterion across the candidate K values (z-score with the population
   standard deviation; a criterion that is equal for every K gets z = 0 and so no say).
3. Score = the unweighted mean of the four z-scores (a criterion that is NaN for a K, e.g.
   stability with a single seed, is left out of that K's mean; a criterion that is NaN for
   every K is dropped and named in ``reason``).
4. Choose the K with the highest score; scores within 1e-9 of the best are ties, and ties go
   to the smaller K (fewer topics are easier to read and to defend). When the chosen K is the
   smallest or the largest of the grid, ``reason`` says so: the optimum may lie outside.

``perplexity`` is a monotone transform of held-out log-likelihood (it would count the same
evidence twice) and ``c_v`` is shown but not used: its author no longer recommends it (it
correlated negatively with human judgement in some experiments and the paper's C_V numbers
could not be reproduced; github.com/dice-group/Palmetto issues 12 and 76). Both appear in
``score_table`` and in ``reason`` for reading.
"""

from __future__ import annotations

import numpy as np

CRITERIA = ("heldout_loglik", "c_npmi", "exclusivity", "stability")
REQUIRED = ("k", "seed", "heldout_loglik", "perplexity", "c_npmi", "c_v", "exclusivity", "stability")
TIE_TOLERANCE = 1e-9


def score_table(selection):
    """Per-K table: means over seeds of every criterion, their z-scores and the score.

    Columns: k, n_seeds, the means of heldout_loglik, perplexity, c_npmi, c_v, exclusivity,
    stability, then z_<criterion> for the four criteria used and ``score``; sorted by k.
    """
    import pandas as pd

    if not isinstance(selection, pd.DataFrame):
        raise TypeError("selection must be a pandas DataFrame")
    missing = [c for c in REQUIRED if c not in selection.columns]
    if missing:
        raise ValueError(f"selection table lacks column(s): {', '.join(missing)}")
    if selection.empty:
        raise ValueError("selection table is empty")
    if selection.duplicated(["k", "seed"]).any():
        raise ValueError("selection table has more than one row for a (k, seed) pair")
    values = [c for c in REQUIRED if c not in ("k", "seed")]
    data = selection[["k", "seed", *values]].copy()
    data[values] = data[values].astype("float64")
    per_k = data.groupby("k", sort=True)[values].mean()
    per_k.insert(0, "n_seeds", data.groupby("k", sort=True)["seed"].nunique())
    zs = []
    for c in CRITERIA:
        x = per_k[c].to_numpy(dtype=np.float64)
        ok = ~np.isnan(x)
        z = np.full(x.shape, np.nan)
        if ok.any():
            sd = x[ok].std(ddof=0)
            z[ok] = (x[ok] - x[ok].mean()) / sd if sd > 0 else 0.0
        per_k[f"z_{c}"] = z
        zs.append(z)
    Z = np.column_stack(zs)
    counts = (~np.isnan(Z)).sum(axis=1)
    score = np.full(len(per_k), np.nan)
    has = counts > 0
    score[has] = np.nansum(Z[has], axis=1) / counts[has]
    per_k["score"] = score
    return per_k.reset_index()


def choose_k(selection) -> tuple[int, str]:
    """Choose K by the rule of the module docstring; returns ``(k, reason)``.

    ``selection``: one row per (k, seed) with columns k, seed, heldout_loglik, perplexity,
    c_npmi, c_v, exclusivity, stability.
    """
    table = score_table(selection)
    used = [c for c in CRITERIA if table[c].notna().any()]
    dropped = [c for c in CRITERIA if c not in used]
    if not used:
        raise ValueError("no criterion has a value: cannot choose K")
    score = table["score"].to_numpy(dtype=np.float64)
    best = np.nanmax(score)
    tied = table.loc[score >= best - TIE_TOLERANCE, "k"].to_numpy()
    k = int(tied.min())
    row = table.loc[table["k"] == k].iloc[0]
    ks = ", ".join(str(int(x)) for x in table["k"])
    parts = [f"K={k} chosen among K in {{{ks}}} by the mean z-score of "
             f"{', '.join(used)} (means over seeds, standardised across K; higher is better)."]
    if len(table) == 1:
        parts = [f"K={k} is the only candidate."]
    for _, r in table.iterrows():
        parts.append(
            f"K={int(r['k'])} ({int(r['n_seeds'])} seeds): score {r['score']:+.3f}; "
            f"held-out log-lik/token {r['heldout_loglik']:.4f} (perplexity {r['perplexity']:.1f}, "
            f"z {r['z_heldout_loglik']:+.2f}), c_npmi {r['c_npmi']:.4f} (z {r['z_c_npmi']:+.2f}), "
            f"exclusivity {r['exclusivity']:.4f} (z {r['z_exclusivity']:+.2f}), "
            f"stability {r['stability']:.4f} (z {r['z_stability']:+.2f}), c_v {r['c_v']:.4f} (not used)."
        )
    if len(tied) > 1:
        parts.append(f"Tie between K in {{{', '.join(str(int(t)) for t in sorted(tied))}}}: "
                     f"the smaller K={k} is chosen.")
    if dropped:
        parts.append(f"Not used (no value for any K): {', '.join(dropped)}.")
    if len(table) > 1 and k == int(table["k"].min()):
        parts.append(f"K={k} is the smallest K of the grid: a smaller K might score higher; "
                     f"consider extending the grid.")
    elif len(table) > 1 and k == int(table["k"].max()):
        parts.append(f"K={k} is the largest K of the grid: a larger K might score higher; "
                     f"consider extending the grid.")
    parts.append(f"Chosen K={k} with score {row['score']:+.3f}.")
    return k, " ".join(parts)
