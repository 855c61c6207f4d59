"""Choice of K (frontier + one-SE rule) and the verdict (scotext.topics.select), on grids made
with known answers, including the property that adding a dominated K never changes the choice."""

import numpy as np
import pandas as pd
import pytest

from scotext.topics.select import (NOT_IDENTIFIED_MARK, choose_k, frontier, k_table, null_summary,
                                   verdict)


def _selection(per_k, folds=5, tokens=1000, noise=None, seed=0):
    """Grid rows: per_k maps K to (held-out per token, coherence, exclusivity); one replicate
    per fold; fold difficulty (the same for every K) and optional per-fit noise."""
    rng = np.random.default_rng(seed)
    difficulty = rng.normal(0, 0.2, size=folds)
    rows = []
    for k, (ll, coh, exc) in per_k.items():
        for f in range(folds):
            e = 0.0 if noise is None else rng.normal(0, noise)
            rows.append({"k": k, "replicate": f, "seed": 1000 + f, "fold": f,
                         "heldout_sum": (ll + difficulty[f] + e) * tokens,
                         "heldout_tokens": tokens,
                         "coherence": np.nan if k == 1 else coh,
                         "exclusivity": np.nan if k == 1 else exc})
    return pd.DataFrame(rows)


TRUE8 = {1: (-7.40, 0, 0), 2: (-7.30, -120, 9.0), 4: (-7.20, -115, 9.4), 6: (-7.10, -110, 9.6),
         7: (-7.05, -108, 9.7), 8: (-7.00, -105, 9.80), 9: (-7.001, -112, 9.79),
         10: (-7.002, -118, 9.81), 12: (-7.01, -125, 9.82)}


def test_k_table_means_ses_and_paired_gain():
    sel = _selection(TRUE8, noise=0.01)
    t = k_table(sel).set_index("k")
    assert t.loc[8, "heldout"] == pytest.approx(sel[sel.k == 8].eval("heldout_sum / heldout_tokens").mean())
    # fold difficulty (sd 0.2) inflates the SE of the level, not of the paired gain
    assert t.loc[8, "heldout_se"] > 3 * t.loc[8, "gain_se"] and t.loc[8, "gain_se"] < 0.02
    assert t.loc[8, "gain"] == pytest.approx(0.40, abs=0.02)
    assert t.loc[1, "gain"] == 0.0
    with pytest.raises(ValueError, match="K = 1"):
        k_table(sel[sel.k != 1])
    with pytest.raises(ValueError, match="more than one row"):
        k_table(pd.concat([sel, sel]))


def test_rule_picks_the_smallest_frontier_k_within_one_se():
    sel = _selection(TRUE8, noise=0.005)
    t = k_table(sel)
    k, details = choose_k(t, sel)
    assert k == 8
    assert 8 in details["frontier"] and 9 not in details["frontier"]     # 9 dominated by 8
    # held-out alone would say 9 or 10 are as good; coherence/exclusivity exclude them
    flat = {**TRUE8, 7: (-7.0005, -104, 9.81)}                           # 7 as good as 8
    sel2 = _selection(flat, noise=0.005)
    assert choose_k(k_table(sel2), sel2)[0] == 7


def test_one_se_rule_uses_the_paired_difference():
    """K=6 predicts worse than K=8 by 0.03 on every fold: paired SE ~0, so 6 is not within
    one SE, although the SE of the level (fold difficulty) is much larger than 0.03."""
    per_k = {1: (-7.4, 0, 0), 6: (-7.03, -100, 9.5), 8: (-7.00, -105, 9.8)}
    sel = _selection(per_k, noise=0.001)
    t = k_table(sel)
    assert t.set_index("k").loc[8, "heldout_se"] > 0.03
    k, details = choose_k(t, sel)
    assert details["frontier"] == [6, 8] and k == 8
    d, se = details["one_se"][6]
    assert d == pytest.approx(0.03, abs=0.002) and se < 0.002


def _random_table(rng, ks):
    per_k = {1: (-7.4, 0, 0)}
    for k in ks:
        per_k[k] = (-7.3 + rng.normal(0, 0.05), rng.normal(-110, 5), rng.normal(9.5, 0.2))
    return per_k


def test_adding_dominated_k_never_changes_the_choice():
    rng = np.random.default_rng(42)
    checked = 0
    for trial in range(50):
        per_k = _random_table(rng, range(2, 9))
        sel = _selection(per_k, noise=0.01, seed=trial)
        t = k_table(sel)
        k0, d0 = choose_k(t, sel)
        # a new K dominated by a random existing K > 1 (worse coherence and exclusivity; any
        # held-out likelihood, even the best of all)
        base = per_k[int(rng.integers(2, 9))]
        for new in (20, 30):
            per_k[new] = (-7.0 + rng.normal(0, 0.2), base[1] - abs(rng.normal(0, 3)) - 1e-6,
                          base[2] - abs(rng.normal(0, 0.1)) - 1e-9)
        sel2 = pd.concat([sel, _selection({k: per_k[k] for k in (1, 20, 30)}, noise=0.01,
                                          seed=trial)[lambda d: d.k > 1]], ignore_index=True)
        t2 = k_table(sel2)
        assert not frontier(t2)[t2["k"].isin([20, 30]).to_numpy()].any()
        k2, d2 = choose_k(t2, sel2)
        assert (k2, d2["frontier"], d2["best"]) == (k0, d0["frontier"], d0["best"]), trial
        checked += 1
    assert checked == 50


def test_removing_dominated_k_never_changes_the_choice():
    rng = np.random.default_rng(7)
    for trial in range(25):
        sel = _selection(_random_table(rng, range(2, 13)), noise=0.01, seed=trial)
        t = k_table(sel)
        k0, d0 = choose_k(t, sel)
        keep = set(d0["frontier"]) | {1}
        sel2 = sel[sel["k"].isin(keep)]
        assert choose_k(k_table(sel2), sel2)[0] == k0


def _null(**kw):
    return {"null_gain": -0.2, "null_topwords_max": 0.1, "null_ari_max": 0.02, **kw}


def test_verdict_identified_and_not():
    t = k_table(_selection(TRUE8, noise=0.005))
    t["topwords"], t["ari"] = 0.5, 0.6
    ok, sentence, checks = verdict(t, 8, _null(), level=0.95, rule_k=8)
    assert ok and sentence.startswith("K = 8 identified") and "inside the grid" in sentence
    assert checks["gain_ok"] and checks["stable_ok"] and checks["edge"] == ""
    # stability no better than the null's best pair, on either measure
    for worse in (dict(null_ari_max=0.6), dict(null_topwords_max=0.5)):
        ok, sentence, checks = verdict(t, 8, _null(**worse), level=0.95, rule_k=8)
        assert not ok and not checks["stable_ok"] and sentence.startswith(NOT_IDENTIFIED_MARK)
        assert "not more stable than on the null" in sentence
    # at the edge of the grid
    ok, sentence, checks = verdict(t, 12, _null(), level=0.95, rule_k=12)
    assert not ok and checks["edge"] == "upper" and "largest K of the grid" in sentence
    # the best-predicting K (from which the one-SE rule counts) at the upper edge
    ok, sentence, checks = verdict(t, 10, _null(), level=0.95, rule_k=10, best_k=12)
    assert not ok and checks["edge"] == "best" and "best-predicting K of the frontier, K = 12," in sentence
    assert verdict(t, 10, _null(), level=0.95, rule_k=10, best_k=10)[0]
    # configured K that the rule would not choose
    ok, sentence, _ = verdict(t, 6, _null(), level=0.95, rule_k=8)
    assert not ok and "set in the configuration" in sentence


def test_verdict_gain_within_noise_is_not_identified():
    flat = {k: (-7.40 + (0.002 if k > 1 else 0), -110, 9.5) for k in (1, 2, 3, 4)}
    sel = _selection(flat, noise=0.02)
    t = k_table(sel)
    t["topwords"], t["ari"] = 0.9, 0.9
    k, _ = choose_k(t, sel)
    ok, sentence, checks = verdict(t, k, _null(), level=0.95, rule_k=k)
    assert not ok and not checks["gain_ok"] and "does not exclude zero" in sentence
    assert checks["gain_low"] < 0 < checks["gain_high"]
    # a lower edge above 2 is an edge too
    sel3 = _selection({1: (-7.4, 0, 0), 4: (-7.0, -100, 9.8), 5: (-7.1, -110, 9.7)}, noise=0.001)
    t3 = k_table(sel3)
    t3["topwords"], t3["ari"] = 0.9, 0.9
    assert verdict(t3, 4, _null(), level=0.95, rule_k=4)[2]["edge"] == "lower"


def test_a_gain_below_zero_is_worded_as_worse_than_the_baseline():
    t = k_table(_selection(TRUE8, noise=0.005))
    t.loc[t["k"] == 8, ["gain", "gain_se"]] = [-0.09, 0.005]
    t["topwords"], t["ari"] = 0.5, 0.6
    ok, sentence, checks = verdict(t, 8, _null(), level=0.95, rule_k=8)
    assert not ok and checks["gain_high"] < 0
    assert "worse than the one-topic baseline" in sentence
    assert "does not exclude zero" not in sentence


def test_a_positive_gain_inside_its_interval_is_not_enough():
    """gain +0.01 with SE 0.01 over 5 folds: the 95% t interval (t_4 = 2.78) includes zero."""
    t = k_table(_selection(TRUE8, noise=0.005))
    t.loc[t["k"] == 8, ["gain", "gain_se"]] = [0.01, 0.01]
    t["topwords"], t["ari"] = 0.5, 0.6
    ok, sentence, checks = verdict(t, 8, _null(), level=0.95, rule_k=8)
    assert not ok and not checks["gain_ok"] and "does not exclude zero" in sentence
    assert checks["t_crit"] == pytest.approx(2.776, abs=1e-3)
    assert checks["gain_low"] == pytest.approx(0.01 - 0.02776, abs=1e-4)
    t.loc[t["k"] == 8, "gain_se"] = 0.003
    assert verdict(t, 8, _null(), level=0.95, rule_k=8)[0]


def test_null_summary_pairs_the_null_with_its_own_k1():
    sel = _selection({1: (-7.4, 0, 0), 5: (-7.45, -130, 8.9)}, noise=0.0)
    s = null_summary(sel, 5)
    assert s["null_gain"] == pytest.approx(-0.05) and s["null_gain_se"] == pytest.approx(0.0, abs=1e-9)
    assert s["null_coherence"] == -130 and s["null_exclusivity"] == 8.9
