"""Known answers for the whole search (scotext.topics.search.run_search, the computation the
workflow's topics jobs make): corpora of nearly pure paragraphs made from K = 4 and K = 8
topics are found and identified; the same corpora with their tokens shuffled across
paragraphs are not identified, and the verdict says why; dominated K values do not change
the choice. Both engines are checked on K = 4; tomotopy (the default) also on K = 8."""

import numpy as np
import pytest

from scotext.topics.data import permute_tokens
from scotext.topics.search import run_search
from scotext.topics.select import NOT_IDENTIFIED_MARK, choose_k, k_table
from scotext.topics.synthetic import pure_unit_corpus

SETTINGS = {"tomotopy": dict(iterations=150, burn_in=75, restarts=2, restart_sweeps=40,
                             alpha=0.1, eta=0.1),
            "gensim": dict(passes=30, iterations=50, alpha=0.1, eta=0.1)}


def _search(dtm, docs, grid, engine="tomotopy"):
    return run_search(dtm, docs, k_grid=grid, n_seeds=4, seed=100, engine=engine,
                      settings=SETTINGS[engine], cv_folds=4,
                      foldin={"sweeps": 20, "burn_in": 5})


@pytest.fixture(scope="module")
def corpus4():
    dtm, beta, z, docs = pure_unit_corpus(n_topics=4, n_words=250, n_docs=50,
                                          units_per_doc=8, unit_len=30, seed=1)
    return dtm, docs


@pytest.fixture(scope="module")
def corpus8():
    dtm, beta, z, docs = pure_unit_corpus(n_topics=8, n_words=450, n_docs=60,
                                          units_per_doc=10, unit_len=30, seed=2)
    return dtm, docs


@pytest.fixture(scope="module")
def found8(corpus8):
    return _search(*corpus8, [2, 4, 6, 7, 8, 9, 10, 12])


def _report(res):
    t = res["table"]
    print("\n" + t[["k", "gain", "gain_se", "coherence", "exclusivity", "topwords", "ari",
                    "frontier"]].round(3).to_string())
    print(res["verdict"])


@pytest.mark.parametrize("engine", ["tomotopy", "gensim"])
def test_finds_and_identifies_four_topics(corpus4, engine):
    res = _search(*corpus4, [2, 3, 4, 5, 6, 8], engine=engine)
    _report(res)
    assert res["k"] == 4 and res["rule_k"] == 4
    assert res["identified"], res["verdict"]
    assert res["verdict"].startswith("K = 4 identified")
    ch = res["checks"]
    assert ch["gain_low"] > 0.5 * ch["gain"] and ch["null_gain"] < 0
    assert ch["ari"] > ch["null_ari_max"] and ch["topwords"] > ch["null_topwords_max"]


def test_finds_and_identifies_eight_topics(found8):
    _report(found8)
    assert found8["k"] == 8
    assert found8["identified"], found8["verdict"]


def test_shuffled_tokens_are_not_identified(corpus4, corpus8):
    for dtm, docs in (corpus4, corpus8):
        res = _search(permute_tokens(dtm, seed=3), docs, [2, 3, 4, 6, 8])
        _report(res)
        assert not res["identified"]
        assert res["verdict"].startswith(NOT_IDENTIFIED_MARK)
        # no gain over word frequencies: the interval holds zero or lies below it
        assert ("does not exclude zero" in res["verdict"]
                or "its whole interval lies below zero" in res["verdict"])
        assert res["checks"]["gain_low"] <= 0


def test_dominated_k_values_do_not_change_the_choice(found8):
    """Drop from the grid every K the rule found dominated (as if they had never been
    added), and add again only some of them: the choice stays."""
    sel, t = found8["selection"], found8["table"]
    front = set(found8["rule"]["frontier"])
    dominated = sorted(set(t["k"].astype(int)) - front - {1})
    assert dominated                                    # the test has something to remove
    for keep_extra in ([], dominated[:1], dominated[1:]):
        sub = sel[sel["k"].isin(front | {1} | set(keep_extra))]
        assert choose_k(k_table(sub), sub)[0] == found8["rule_k"]


def test_words_unseen_in_the_fitted_folds_do_not_reward_more_topics():
    """No topic structure: every token is either a word private to its document (30 % of
    tokens) or a word of one shared Zipf distribution. A held-out document's private words
    never occur in the fitted folds; their probability is pure smoothing, larger when the
    training tokens are spread over more topics. They are not scored, so the gain over
    K = 1 is not positive at any K and nothing is identified (scoring them made the gain
    grow with K)."""
    from scipy import sparse

    rng = np.random.default_rng(0)
    shared = 1 / np.arange(1, 501) ** 1.0
    shared /= shared.sum()
    rows, docs = [], []
    for d in range(30):
        private = 500 + 20 * d + np.arange(20)
        for _ in range(8):
            own = rng.random(25) < 0.3
            words = np.where(own, rng.choice(private, 25), rng.choice(500, 25, p=shared))
            rows.append(np.bincount(words, minlength=500 + 20 * 30))
            docs.append(f"d{d:02d}")
    res = run_search(sparse.csr_matrix(np.vstack(rows)), np.array(docs), k_grid=[2, 4, 8, 12],
                     n_seeds=4, seed=1, engine="tomotopy", cv_folds=4,
                     foldin={"sweeps": 10, "burn_in": 5},
                     settings=dict(iterations=100, burn_in=50, alpha=0.1, eta=0.1))
    t = res["table"].set_index("k")
    print("\n" + t[["gain", "gain_se"]].round(4).to_string())
    assert (t.loc[[2, 4, 8, 12], "gain"] <= 0.005).all()
    assert not res["identified"]
