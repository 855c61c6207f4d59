"""Keyword stage: periods and contrasts, frequency and keyness tables, KWIC, label placement."""

import numpy as np
import pandas as pd
import pytest
from scipy import sparse

from scotext.keywords.frequencies import group_matrix, period_frequencies, select_units
from scotext.keywords.keyness import doc_permutation_table, keyness_table, top_terms
from scotext.keywords.periods import Contrast, make_contrasts, period_of, periods_of


def test_periods_from_years_or_named_groups():
    assert periods_of([2025, 2019, 2020, 2019], {}) == ["2019", "2020", "2025"]
    mapping = {"Norov": [2019, 2020], "Ermekbaev": [2025]}
    assert period_of(2020, mapping) == "Norov"
    assert periods_of([2025, 2019, 2020], mapping) == ["Norov", "Ermekbaev"]
    assert periods_of([2015, 2022, 2023], {}) == ["2015", "2022", "2023"]


def test_auto_contrasts_pairs_and_rest():
    names = [c.name for c in make_contrasts(["2015", "2022", "2023"], "auto")]
    assert names == ["2015_vs_2022", "2015_vs_2023", "2022_vs_2023", "2015_vs_rest",
                     "2022_vs_rest", "2023_vs_rest"]
    assert [c.name for c in make_contrasts(["a", "b"], "auto")] == ["a_vs_b"]
    rest = make_contrasts(["2019", "2020", "2025"], [["2025", "rest"]])[0]
    assert rest.a == ("2025",) and rest.b == ("2019", "2020")
    with pytest.raises(ValueError, match="unknown period '2030'"):
        make_contrasts(["2019", "2020"], [["2019", "2030"]])


def test_select_units_roles_and_duplicates():
    seg = pd.DataFrame({"role": ["answer", "question", "answer", "reported"],
                        "is_duplicate": [False, False, True, False]})
    assert select_units(seg, ["answer", "reported"]).tolist() == [True, False, False, True]
    assert select_units(seg, ["answer"], True).tolist() == [True, False, True, False]


# a toy corpus: 3 documents, 2 periods; 6 units; 3 terms
COUNTS = sparse.csr_matrix(np.array([
    [3, 0, 1],   # doc d1, period A
    [1, 0, 1],   # d1, A
    [2, 0, 2],   # d2, A
    [0, 4, 1],   # d3, B
    [0, 2, 1],   # d3, B
    [1, 0, 0],   # d3, B
]))
TERMS = ["alpha", "beta", "gamma"]
PERIODS = np.array(["A", "A", "A", "B", "B", "B"], dtype=object)
DOCS = np.array(["d1", "d1", "d2", "d3", "d3", "d3"], dtype=object)
TOTALS = np.asarray(COUNTS.sum(axis=1)).ravel()


def test_period_frequencies_counts_rates_spread():
    f = period_frequencies(COUNTS, TERMS, PERIODS, DOCS, ["A", "B"], unit_totals=TOTALS,
                           n_boot=200, seed=1, level=0.95)
    a = f[(f["period"] == "A")].set_index("term")
    assert a.loc["alpha", "count"] == 6 and a.loc["alpha", "total"] == 10
    assert a.loc["alpha", "per_10k"] == pytest.approx(6000.0)
    assert a.loc["alpha", "n_docs"] == 2 and a.loc["alpha", "n_segments"] == 3
    assert a.loc["beta", "count"] == 0 and a.loc["beta", "n_docs"] == 0
    assert a.loc["gamma", "n_docs"] == 2 and a.loc["gamma", "n_segments"] == 3
    assert (f["ci_low"] <= f["per_10k"] + 1e-9).all() and (f["per_10k"] <= f["ci_high"] + 1e-9).all()


def test_group_frequencies_use_all_tokens_as_denominator():
    ind, names = group_matrix(TERMS, {"ab": ["alpha", "beta"], "g": ["gamma", "missing"]})
    f = period_frequencies((COUNTS @ ind).tocsr(), names, PERIODS, DOCS, ["A", "B"],
                           unit_totals=TOTALS, n_boot=50, seed=1, level=0.95)
    ab = f[(f["term"] == "ab") & (f["period"] == "B")].iloc[0]
    assert ab["count"] == 7 and ab["total"] == 9 and ab["per_10k"] == pytest.approx(7 / 9 * 1e4)


def test_keyness_table_values_and_ranking():
    con = [Contrast("A_vs_B", ("A",), ("B",), "A", "B")]
    k = keyness_table(COUNTS, TERMS, PERIODS, DOCS, con, alpha0=10, min_count=3,
                      min_segments=2).set_index("term")
    assert k.loc["alpha", "count_a"] == 6 and k.loc["alpha", "count_b"] == 1
    assert k.loc["alpha", "total_a"] == 10 and k.loc["alpha", "total_b"] == 9
    # Hardie's log ratio by hand: log2((6/10)/(1/9))
    assert k.loc["alpha", "log_ratio"] == pytest.approx(np.log2(0.6 * 9))
    # beta is absent from A: the zero count becomes 0.5
    assert k.loc["beta", "log_ratio"] == pytest.approx(np.log2((0.5 / 10) / (6 / 9)))
    assert k.loc["alpha", "favours"] == "A" and k.loc["beta", "favours"] == "B"
    # alpha 7 in 4 segments, beta 6 in 2, gamma 6 in 5: all pass the minimums
    assert k["ranked"].all()
    assert k.loc["alpha", "range_doc_a"] == 2 and k.loc["alpha", "range_doc_b"] == 1
    assert k.loc["alpha", "range_seg_a"] == 3 and k.loc["alpha", "range_seg_b"] == 1
    # one document on side B: its document DP is undefined (NaN), never 0
    assert k["dp_doc_b"].isna().all() and k.loc["alpha", "dp_doc_a"] >= 0
    # beta is absent from A: no dispersion on A either
    assert np.isnan(k.loc["beta", "dp_doc_a"]) and np.isnan(k.loc["beta", "dp_seg_a"])
    assert k.loc["alpha", "n_docs_a"] == 2 and k.loc["alpha", "n_docs_b"] == 1
    assert k.loc["alpha", "evidence"] == "describes these documents"
    assert k.loc["alpha", "min_p_doc"] == pytest.approx(1 / 3)
    assert (k["family_size"] == 3).all() and (k["lrc_tests"] == 3).all()
    for t in TERMS:
        signs = {np.sign(k.loc[t, c]) for c in ("g2", "log_ratio", "z_log_odds")}
        assert len(signs) == 1
    top = top_terms(k.reset_index(), "A_vs_B", 1)
    assert set(top["term"]) == {"alpha", "beta"}


def test_minimums_stop_one_paragraph_from_making_a_word_key():
    counts = sparse.csr_matrix(np.array([[9, 1], [0, 1], [0, 1], [0, 1]]))
    k = keyness_table(counts, ["burst", "spread"], np.array(["A", "A", "B", "B"], dtype=object),
                      np.array(["d1", "d1", "d2", "d2"], dtype=object),
                      [Contrast("A_vs_B", ("A",), ("B",), "A", "B")], alpha0=10, min_count=3,
                      min_segments=2).set_index("term")
    assert not k.loc["burst", "ranked"] and k.loc["spread", "ranked"]
    assert k.loc["burst", "rank"] == 0


def test_doc_permutation_reports_min_p_and_evidence():
    con = [Contrast("A_vs_B", ("A",), ("B",), "A", "B")]
    t = doc_permutation_table(COUNTS, TERMS, PERIODS, DOCS, con, {"A_vs_B": ["alpha"]},
                              n_perm=1000, seed=1, caveats={"A_vs_B": "a caveat"})
    row = t.iloc[0]
    assert (row["n_docs_a"], row["n_docs_b"], row["n_assignments"]) == (2, 1, 3)
    assert row["min_p_doc"] == pytest.approx(1 / 3) and row["p_perm"] >= row["min_p_doc"]
    assert row["evidence"] == "describes these documents"
    assert "describes these documents only" in row["note"] and row["caveat"] == "a caveat"


def test_kwic_shows_surface_text():
    from scotext.corpus.tokens import Tokenizer
    from scotext.keywords.kwic import kwic

    tok = Tokenizer(stopwords=frozenset({"the", "of"}), multiword=["member state"])
    seg = pd.DataFrame({"doc_id": ["d"], "segment_id": ["d_s001"],
                        "text": ["The Member States of the SCO agreed. Member states agree."]})
    lines = kwic(seg, ["member_state", "agree"], tok, window=12)
    assert list(lines["match"]) == ["agreed", "agree", "Member States", "Member states"]
    assert lines.iloc[2]["left"] == "The " and lines.iloc[2]["right"].startswith(" of the")


def test_fightin_labels_never_overlap(tmp_path):
    from scotext.keywords.plots import plot_fightin

    rng = np.random.default_rng(0)
    n = 400
    df = pd.DataFrame({"term": [f"term{i}" for i in range(n)],
                       "count_a": rng.integers(0, 60, n), "count_b": rng.integers(0, 60, n),
                       "z_log_odds": rng.normal(0, 3, n), "ranked": True})
    placed = plot_fightin(df, "A_vs_B", "A", "B", tmp_path / "f", n_label=40)
    assert 10 <= len(placed) <= 40
    boxes = [box for _, box in placed]
    assert not any(a.overlaps(b) for i, a in enumerate(boxes) for b in boxes[i + 1:])
    assert (tmp_path / "f.png").exists() and (tmp_path / "f.csv").exists()


def test_single_period_gives_empty_tables():
    k = keyness_table(COUNTS, TERMS, PERIODS, DOCS, [], alpha0=10, min_count=1, min_segments=1)
    assert k.empty and "z_log_odds" in k.columns


def test_frequency_tables_share_one_set_of_replicates():
    from scotext.keywords.frequencies import frequency_tables

    ind, names = group_matrix(TERMS, {"ab": ["alpha", "beta"], "g": ["gamma"]})
    groups = (COUNTS @ ind).tocsr()
    opts = dict(unit_totals=TOTALS, n_boot=300, seed=5, level=0.95)
    both = frequency_tables([(COUNTS, TERMS), (groups, names)], PERIODS, DOCS, ["A", "B"], **opts)
    alone = period_frequencies(groups, names, PERIODS, DOCS, ["A", "B"], **opts)
    pd.testing.assert_frame_equal(both[1], alone)
    pd.testing.assert_frame_equal(both[0], period_frequencies(COUNTS, TERMS, PERIODS, DOCS,
                                                              ["A", "B"], **opts))
    # the group "g" is the term gamma: the same replicates give the same interval
    g = both[1][both[1]["term"] == "g"].reset_index(drop=True)
    t = both[0][both[0]["term"] == "gamma"].reset_index(drop=True)
    pd.testing.assert_frame_equal(g.drop(columns="term"), t.drop(columns="term"))
