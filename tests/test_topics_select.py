"""Choice of K from the (K, seed) selection table (scotext.topics.select)."""

import numpy as np
import pandas as pd
import pytest

from scotext.topics.select import choose_k, score_table


def _table(per_k, seeds=(1, 2, 3), jitter=None):
    """Selection table: per_k maps K to (heldout_loglik, c_npmi, exclusivity, stability);
    jitter[k] = per-seed offsets added to held-out log-likelihood (mean zero keeps the mean)."""
    rows = []
    for k, (ll, npmi, excl, stab) in per_k.items():
        for i, s in enumerate(seeds):
            d = 0.0 if jitter is None or k not in jitter else jitter[k][i]
            rows.append({"k": k, "seed": s, "heldout_loglik": ll + d, "perplexity": float(np.exp(-(ll + d))),
                         "c_npmi": npmi, "c_v": 0.5, "exclusivity": excl, "stability": stab})
    return pd.DataFrame(rows)


def test_picks_the_k_the_table_favours():
    table = _table({
        4: (-7.30, 0.02, 0.70, 0.80),
        6: (-7.20, 0.05, 0.80, 0.90),       # best on every criterion
        8: (-7.25, 0.01, 0.82, 0.60),
        10: (-7.28, -0.01, 0.85, 0.50),
    })
    k, reason = choose_k(table)
    assert k == 6
    assert "K=6 chosen" in reason and "-7.2000" in reason and "stability 0.9000" in reason
    assert "grid" not in reason.split("higher is better).")[1]


def test_reason_flags_a_choice_at_the_edge_of_the_grid():
    table = _table({3: (-6.5, -0.04, 0.5, 0.78), 5: (-6.6, -0.08, 0.4, 0.71), 8: (-6.7, -0.09, 0.3, 0.64)})
    k, reason = choose_k(table)
    assert k == 3 and "smallest K of the grid" in reason
    table = _table({3: (-6.9, -0.09, 0.3, 0.6), 5: (-6.6, -0.08, 0.4, 0.71), 8: (-6.5, -0.04, 0.5, 0.78)})
    k, reason = choose_k(table)
    assert k == 8 and "largest K of the grid" in reason


def test_not_driven_by_a_single_criterion():
    # held-out likelihood alone would pick K=10; coherence, exclusivity and stability agree on 6
    table = _table({
        4: (-7.30, 0.03, 0.70, 0.85),
        6: (-7.28, 0.05, 0.86, 0.90),
        10: (-7.10, -0.05, 0.80, 0.40),
    })
    assert choose_k(table)[0] == 6
    st = score_table(table)
    assert st.loc[st["heldout_loglik"].idxmax(), "k"] == 10


def test_tie_goes_to_the_smaller_k():
    # K=4 better held-out fit, K=8 more exclusive by the same margin: equal scores
    table = _table({8: (-7.3, 0.02, 0.9, 0.7), 4: (-7.2, 0.02, 0.8, 0.7)})
    st = score_table(table)
    assert st["score"].iloc[0] == pytest.approx(st["score"].iloc[1], abs=1e-12)
    k, reason = choose_k(table)
    assert k == 4
    assert "Tie" in reason


def test_means_over_seeds_are_compared():
    # K=5 has one excellent seed but a poor mean held-out fit; K=3 is steadier and better
    table = _table({3: (-7.20, 0.02, 0.8, 0.7), 5: (-7.25, 0.02, 0.8, 0.7)},
                   jitter={5: [0.30, -0.15, -0.15]})
    st = score_table(table)
    assert st.set_index("k").loc[5, "heldout_loglik"] == pytest.approx(-7.25)
    assert choose_k(table)[0] == 3
    assert choose_k(table.sort_values("heldout_loglik", ascending=False))[0] == 3


def test_missing_criterion_and_bad_tables():
    table = _table({4: (-7.3, 0.02, 0.7, np.nan), 6: (-7.2, 0.05, 0.8, np.nan)}, seeds=(1,))
    k, reason = choose_k(table)
    assert k == 6 and "Not used" in reason and "stability" in reason
    with pytest.raises(ValueError, match="c_npmi"):
        choose_k(table.drop(columns=["c_npmi"]))
    with pytest.raises(ValueError):
        choose_k(pd.concat([table, table]))
    single = _table({5: (-7.3, 0.02, 0.7, 0.8)})
    assert choose_k(single) == (5, choose_k(single)[1])
    assert "only candidate" in choose_k(single)[1]
