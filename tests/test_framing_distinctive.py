"""Fightin' Words between two speakers, overall and within frames (reusing keywords.stats)."""

import numpy as np
import pandas as pd
import pytest

from scotext.framing.distinctive import fightin_words, fightin_words_scopes, top_distinctive
from scotext.keywords.stats import log_odds_prior, log_odds_z

SEGMENTS = pd.DataFrame({
    "segment_id": ["a1", "a2", "a3", "b1", "b2", "q1", "a4"],
    "doc_id": ["d1", "d1", "d2", "d3", "d3", "d3", "d2"],
    "speaker": ["Norov", "Norov", "Norov", "Ermekbaev", "Ermekbaev", "Journalist", "Norov"],
    "role": ["answer"] * 5 + ["question", "answer"],
    "year": [2019, 2019, 2020, 2025, 2025, 2025, 2020],
    "is_duplicate": [False] * 6 + [True],
    "tokens": ["terrorism terrorism security", "trade investment", "terrorism pandemic",
               "security security expansion", "trade membership", "terrorism", "pandemic"],
})
# frame presence per segment
PRESENT = {"security": {"a1", "a3", "b1", "q1"}, "economy": {"a2", "b2"}, "health": {"a3"}}
FRAME_SEGMENTS = pd.DataFrame([{"segment_id": s, "frame": f, "present": s in ids}
                               for s in SEGMENTS["segment_id"] for f, ids in PRESENT.items()])


DOCUMENTS = pd.DataFrame({
    "doc_id": ["d1", "d2", "d3"], "speaker": ["Norov", "Norov", "Ermekbaev"],
    "year": [2019, 2020, 2025], "genre": ["interview"] * 3, "outlet": ["X", "X", "Y"],
    "machine_translated": [False, False, True], "n_tokens": [5, 3, 6]})


def test_overall_scope_equals_keywords_stats():
    t = fightin_words(SEGMENTS, FRAME_SEGMENTS, alpha0=10, documents=DOCUMENTS)
    allv = t[t["scope"] == "all"].set_index("term")
    # speakers sorted: a = Ermekbaev, b = Norov; a4 (duplicate) and q1 (question) left out
    vocab = ["expansion", "investment", "membership", "pandemic", "security", "terrorism", "trade"]
    a = np.array([1, 0, 1, 0, 2, 0, 1])
    b = np.array([0, 1, 0, 1, 1, 3, 1])
    prior = log_odds_prior(a + b, 10)
    delta, z = log_odds_z(a, b, a.sum(), b.sum(), prior)
    assert allv.loc[vocab, "z"].to_numpy() == pytest.approx(z)
    assert allv.loc[vocab, "delta"].to_numpy() == pytest.approx(delta)
    assert allv.loc["terrorism", "favours"] == "Norov" and allv.loc["security", "favours"] == "Ermekbaev"
    assert allv["total_a"].iloc[0] == 5 and allv["total_b"].iloc[0] == 7
    # the caveat of this pair, from the documents table: years, outlet and translation differ
    cav = allv["caveat"].iloc[0]
    assert "year (Ermekbaev: 2025; Norov: 2019 1, 2020 1)" in cav
    assert "machine translation" in cav and "outlet" in cav and "genre" not in cav
    assert "Ermekbaev: 1 document, 5 tokens" in cav          # analysis tokens of b1, b2
    assert fightin_words(SEGMENTS, FRAME_SEGMENTS, alpha0=10)["caveat"].eq("").all()


def test_frame_scope_uses_the_overall_prior():
    t = fightin_words(SEGMENTS, FRAME_SEGMENTS, alpha0=10)
    sec = t[t["scope"] == "security"].set_index("term")
    # security segments: b1 (Ermekbaev), a1 and a3 (Norov)
    assert sec.loc["terrorism", "count_b"] == 3 and sec.loc["security", "count_a"] == 2
    assert sec["n_segments_a"].iloc[0] == 1 and sec["n_segments_b"].iloc[0] == 2
    vocab = ["expansion", "investment", "membership", "pandemic", "security", "terrorism", "trade"]
    pooled = np.array([1, 1, 1, 1, 3, 3, 2])
    prior = log_odds_prior(pooled, 10)
    a = np.array([1, 0, 0, 0, 2, 0, 0])
    b = np.array([0, 0, 0, 1, 1, 3, 0])
    _, z = log_odds_z(a, b, 3, 5, prior, alpha0=10)
    keep = (a + b) > 0
    got = sec.loc[np.asarray(vocab)[keep], "z"].to_numpy()
    assert got == pytest.approx(z[keep])
    assert "investment" not in sec.index                   # terms absent in the scope left out
    # health: only Norov -> no contrast
    assert "health" not in set(t["scope"])
    scopes = fightin_words_scopes(SEGMENTS, FRAME_SEGMENTS).set_index("scope")
    assert not scopes.loc["health", "compared"] and scopes.loc["economy", "compared"]


def test_top_distinctive_and_speaker_checks():
    t = fightin_words(SEGMENTS, FRAME_SEGMENTS, alpha0=10)
    top = top_distinctive(t, n=1)
    assert len(top) == 2 * t["scope"].nunique()
    with pytest.raises(ValueError, match="expected two speakers"):
        fightin_words(SEGMENTS, FRAME_SEGMENTS, roles=["answer", "question"])
    t2 = fightin_words(SEGMENTS, FRAME_SEGMENTS, roles=["answer", "question"],
                       speakers=("Norov", "Journalist"), alpha0=10)
    assert set(t2["speaker_a"]) == {"Journalist"}
