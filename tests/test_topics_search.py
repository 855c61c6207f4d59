"""The topic stage's glue: units from the corpus DTM, grid selection, prevalence tables."""

import numpy as np
import pandas as pd
import pytest
from scipy import sparse

from scotext.topics.search import (fit_model, grid_entries, prevalence_tables, topic_units,
                                   unigram_topic_word)


def _segments():
    return pd.DataFrame({
        "segment_id": ["a1", "a2", "q1", "b1", "b2"], "doc_id": ["a", "a", "a", "b", "b"],
        "year": [2019, 2019, 2019, 2025, 2025], "speaker": ["N", "N", "J", "E", "E"],
        "role": ["answer", "answer", "question", "answer", "answer"],
        "is_duplicate": [False, False, False, False, True],
        "text": ["t"] * 5, "tokens": ["x y", "y z z", "x", "x w", "w"]})


def test_units_select_roles_trim_vocabulary_and_keep_order():
    seg = _segments()
    vocab = ["w", "x", "y", "z"]
    dtm = sparse.csr_matrix(np.array([[0, 1, 1, 0], [0, 0, 1, 2], [0, 1, 0, 0], [1, 1, 0, 0],
                                      [1, 0, 0, 0]]))
    units, counts, terms = topic_units(seg, dtm, vocab, roles=["answer"],
                                       include_duplicates=False, unit="segment",
                                       min_df=2, max_df=1.0)
    assert list(units["segment_id"]) == ["a1", "a2", "b1"]
    assert terms == ["x", "y"]                       # w and z occur in one unit only
    assert counts.toarray().tolist() == [[1, 1], [0, 1], [1, 0]]
    docs, dcounts, _ = topic_units(seg, dtm, vocab, roles=["answer"],
                                   include_duplicates=False, unit="document", min_df=1,
                                   max_df=1.0)
    assert list(docs["doc_id"]) == ["a", "b"] and dcounts.sum() == 7


def test_grid_entries_cover_every_k_and_fold():
    entries = grid_entries([3, 2, 5], n_seeds=4, seed=10)
    assert entries[0][0] == 5 and entries[-1][0] == 1               # largest K first
    assert sorted({k for k, _, _ in entries}) == [1, 2, 3, 5]       # K = 1 always there
    assert [(r, s) for k, r, s in entries if k == 3] == [(0, 10), (1, 11), (2, 12), (3, 13)]


def test_unigram_is_the_one_topic_model():
    counts = sparse.csr_matrix(np.array([[2, 0, 1], [0, 1, 0]]))
    np.testing.assert_allclose(unigram_topic_word(counts, 0.5), [[2.5 / 5.5, 1.5 / 5.5, 1.5 / 5.5]])
    fit = fit_model("tomotopy", counts, 1, 0, {"eta": 0.5, "alpha": 0.1})
    np.testing.assert_allclose(fit["topic_word"], unigram_topic_word(counts, 0.5))


def _documents():
    return pd.DataFrame({"doc_id": ["a", "b", "c"], "year": [2019, 2020, 2025],
                         "speaker": ["N", "N", "E"], "genre": ["interview"] * 3,
                         "outlet": ["X", "Y", "X"], "machine_translated": [False, False, True],
                         "n_tokens": [100, 120, 90]})


def _prevalence(identified):
    units = pd.DataFrame({"doc_id": ["a", "a", "b", "b", "c", "c"],
                          "year": [2019, 2019, 2020, 2020, 2025, 2025],
                          "speaker": ["N", "N", "N", "N", "E", "E"]})
    theta = np.array([[0.9, 0.1], [0.8, 0.2], [0.5, 0.5], [0.4, 0.6], [0.1, 0.9], [0.2, 0.8]])
    model = {"labels": ["one", "two"], "unstable": [False, True], "identified": identified}
    return prevalence_tables([theta * 30, theta * 30], units, _documents(), model,
                             unit_tokens=[10] * 6, n_boot=50, n_draws=4, seed=1, level=0.95)


def test_prevalence_tables_state_evidence_and_the_caveat_of_each_comparison():
    prev, diff, captions = _prevalence(True)
    y = prev[(prev["group_var"] == "year") & (prev["topic"] == 1)].set_index("group")
    assert y.loc["2019", "estimate"] == pytest.approx(0.85)
    one = prev["n_docs"] == 1                      # every year, and speaker E
    assert (prev.loc[one, "evidence"] == "describes these documents").all()
    assert (prev.loc[~one, "evidence"] == "documents resampled").all()
    assert set(prev.loc[~one, "group"]) == {"N"}
    assert prev["note"].str.contains("no inference to the year").any()
    assert prev["note"].str.contains("no inference to the speaker").any()
    assert list(prev["unstable"].unique()) == [False, True]
    pairs = diff.drop_duplicates(["group_var", "group_a", "group_b"]).set_index(["group_a", "group_b"])
    assert set(pairs.index) == {("2019", "2020"), ("2019", "2025"), ("2020", "2025"), ("E", "N")}
    assert (diff["evidence"] == "describes these documents").all()     # 1 or 2 docs a side
    assert pairs.loc[("2019", "2020"), "caveat"].startswith("Same speaker (N)")
    assert "also one between speakers" in pairs.loc[("2019", "2025"), "caveat"]
    assert "machine translation" in pairs.loc[("2020", "2025"), "caveat"]
    assert (diff["min_p_doc"] >= 1 / 3).all()
    assert "year" in captions and "Single-document groups" in captions["year"]


def test_prevalence_tables_when_k_is_not_identified():
    prev, diff, _ = _prevalence(False)
    assert (prev["evidence"] == "not identified").all() and (diff["evidence"] == "not identified").all()
    assert (prev["status"] == "K not identified: descriptive only").all()
    assert (diff["status"] == "K not identified: descriptive only").all()


def test_final_model_is_the_best_fit_aligned():
    """Three fits of the same K: the one with the highest log-likelihood is the reference
    (not the first), every fit's topics and mixtures are put in its topic order, and a fit
    with two topics merged lowers the stability of those topics only."""
    from scotext.topics.search import final_from_fits, fit_loglik

    rng = np.random.default_rng(0)
    beta = rng.dirichlet(np.full(40, 0.2), size=3)
    theta = rng.dirichlet(np.ones(3), size=50)
    counts = sparse.csr_matrix(np.vstack([rng.multinomial(60, t @ beta) for t in theta]))
    perm = [2, 0, 1]
    merged = beta.copy()
    merged[0] = (beta[0] + beta[1]) / 2
    merged[1] = rng.dirichlet(np.ones(40))
    fits = {7: (beta[perm], theta[:, perm] * 20), 5: (merged, theta * 20), 9: (beta, theta * 20)}
    seeds = [7, 5, 9]
    ll = [fit_loglik(counts, fits[s][0], fits[s][1]) for s in seeds]
    assert ll[1] < min(ll[0], ll[2])                    # the merged fit predicts worse
    res = final_from_fits(seeds, [fits[s][0] for s in seeds], [fits[s][1] for s in seeds],
                          threshold=0.9, loglik=ll)
    assert res["seeds"] == [5, 7, 9] and res["seed"] in (7, 9)
    ref = res["topic_word"]
    for post in res["doc_topic_by_seed"][1:]:         # seeds 7 and 9, aligned
        np.testing.assert_allclose(post / post.sum(axis=1, keepdims=True) @ ref,
                                   res["doc_topic_by_seed"][2] / res["doc_topic_by_seed"][2].sum(
                                       axis=1, keepdims=True) @ ref, atol=1e-12)
    assert res["unstable"].sum() >= 1 and not res["unstable"].all()
    assert res["loglik"] == [ll[1], ll[0], ll[2]]


def test_final_fits_take_the_lighter_settings_only_after_a_sampled_search():
    """The final fits' settings follow search.json's ``sampled`` (computed from the data),
    not the number of metadata rows: all units in the search -> the search's settings."""
    import yaml
    from pathlib import Path

    from scotext.topics.search import engine_settings, final_fit_settings

    top = yaml.safe_load((Path(__file__).parents[1] / "config" / "config.yaml").read_text())["topics"]
    for engine in ("gensim", "tomotopy"):
        cfg = {**top, "engine": engine}
        full, light = engine_settings(cfg), engine_settings(cfg, final=True)
        assert full != light
        assert final_fit_settings(cfg, {"sampled": False}) == full
        assert final_fit_settings(cfg, {"sampled": True}) == light


def test_library_default_partition_share_is_the_configs():
    import yaml
    from pathlib import Path

    from scotext.topics.search import MIN_PARTITION_SHARE

    top = yaml.safe_load((Path(__file__).parents[1] / "config" / "config.yaml").read_text())["topics"]
    assert top["min_partition_share"] == MIN_PARTITION_SHARE
