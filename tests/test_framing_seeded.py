"""Dictionary-seeded LDA: seed words, eta prior, recovery of a planted topic, agreement."""

import numpy as np
import pandas as pd
import pytest

from scotext.corpus.tokens import Tokenizer
from scotext.framing.codebook import parse_codebook
from scotext.framing.match import compile_codebook
from scotext.framing.seeded import (auc, dictionary_agreement, fit_seeded, seed_words,
                                    seeded_eta, topic_top_words)
from scotext.topics.synthetic import synthetic_corpus


def test_seed_words_use_the_corpus_tokenisation():
    tok = Tokenizer(stopwords=frozenset({"in", "of", "the", "against"}),
                    multiword=["international terrorism"])
    frames = [{"id": "security", "label": "s", "pfc_dimensions": ["Security and defense"],
               "definition": "d", "coder_include": "i", "coder_exclude": "e",
               "patterns": ["international terrorism", "terrorists", "digitali*",
                            "non-interference in internal affairs", "UN", "absent",
                            "against the council"],
               "exclude": ["security council"]}]
    cb = parse_codebook({"version": "1", "changelog": [{"version": "1", "date": "d",
                                                        "changes": "c"}], "frames": frames})
    vocab = ["digitalization", "digitalize", "international_terrorism", "terrorist", "un",
             "non-interference", "internal", "affairs", "security", "council", "digital"]
    seeds = seed_words(compile_codebook(cb, tok), vocab)
    assert seeds == {"security": ["digitalization", "digitalize", "international_terrorism",
                                  "terrorist", "un"]}


def test_seeded_eta_rows_and_exclusivity():
    vocab = ["a", "b", "c", "d"]
    eta, labels = seeded_eta({"x": ["a", "b"], "y": ["b", "c"], "z": ["missing"]}, vocab, 2,
                             seed_boost=2.0)
    assert labels == ["x", "y", "free_1", "free_2"]       # z has no seed in the vocabulary
    base = 1 / 4
    assert eta.shape == (4, 4)
    assert eta[0].tolist() == pytest.approx([base + 2, base + 2, base * 0.01, base])
    assert eta[1].tolist() == pytest.approx([base * 0.01, base + 2, base + 2, base])
    assert np.all(eta[2:] == base)
    with pytest.raises(ValueError, match="n_free"):
        seeded_eta({"x": ["a"]}, vocab, -1)


@pytest.fixture(scope="module")
def planted_corpus():
    # small synthetic corpus: 4 planted topics on blocks of 20 words, 100 units x 40 tokens
    return synthetic_corpus(n_topics=4, n_words=100, n_docs=100, doc_len=40, seed=11,
                            background=0.1)


@pytest.mark.parametrize("planted", [1, 3])
def test_seeded_lda_recovers_the_planted_topic(planted_corpus, planted):
    dtm, beta, theta, vocab = planted_corpus
    # seed words: the 5 most probable words of the planted topic
    seeds = {"frame": [vocab[j] for j in np.argsort(-beta[planted])[:5]]}
    fit = fit_seeded(dtm, vocab, seeds, n_free=3, seed=0, passes=30, iterations=100)
    assert fit.topics == ["frame", "free_1", "free_2", "free_3"]
    est = fit.model.topic_word_
    cos = est @ beta.T / np.outer(np.linalg.norm(est, axis=1), np.linalg.norm(beta, axis=1))
    assert int(np.argmax(cos[0])) == planted            # topic 0 is the seeded one
    assert cos[0, planted] > 0.95
    block = set(range(planted * 20, (planted + 1) * 20))
    top = topic_top_words(fit, n=10)
    frame_top = top[top["topic"] == "frame"]
    assert sum(vocab.index(t) in block for t in frame_top["term"]) >= 9
    assert frame_top["is_seed"].sum() >= 4
    assert np.corrcoef(fit.theta[:, 0], theta[:, planted])[0, 1] > 0.9


def test_prior_start_off_is_exactly_lda_topic_model(planted_corpus):
    from scotext.framing.seeded import SeededLdaTopicModel
    from scotext.topics.lda import LdaTopicModel

    dtm, beta, _, vocab = planted_corpus
    eta, _ = seeded_eta({"frame": [vocab[j] for j in np.argsort(-beta[1])[:5]]}, vocab, 3)
    plain = LdaTopicModel(k=4, seed=0, passes=5, iterations=50, eta=eta).fit(dtm)
    off = SeededLdaTopicModel(k=4, seed=0, prior_start=False, passes=5, iterations=50,
                              eta=eta).fit(dtm)
    on = SeededLdaTopicModel(k=4, seed=0, passes=5, iterations=50, eta=eta).fit(dtm)
    assert np.array_equal(plain.topic_word_, off.topic_word_)
    assert np.array_equal(plain.doc_topic_, off.doc_topic_)
    assert not np.allclose(plain.topic_word_, on.topic_word_)
    again = SeededLdaTopicModel(k=4, seed=0, passes=5, iterations=50, eta=eta).fit(dtm)
    assert np.array_equal(on.topic_word_, again.topic_word_)          # deterministic


def test_auc_by_hand_and_agreement_table():
    assert auc([0.9, 0.8, 0.1, 0.3], [True, True, False, False]) == 1.0
    assert auc([0.1, 0.8, 0.9, 0.3], [True, True, False, False]) == pytest.approx(0.25)
    assert auc([0.5, 0.5], [True, False]) == pytest.approx(0.5)      # tie counts 1/2
    assert np.isnan(auc([0.1, 0.2], [False, False]))
    ids = ["s1", "s2", "s3", "s4"]
    theta = np.array([[0.9, 0.1], [0.6, 0.4], [0.2, 0.8], [0.1, 0.9]])
    fs = pd.DataFrame({"segment_id": ids * 2, "frame": ["x"] * 4 + ["y"] * 4,
                       "per_1000": [50, 20, 0, 0, 0, 0, 0, 0],
                       "present": [True, True, False, False] + [False] * 4})
    a = dictionary_agreement(theta, ["x", "y"], fs, ids).set_index("frame")
    assert a.loc["x", "auc"] == 1.0 and a.loc["x", "n_present"] == 2
    assert a.loc["x", "spearman"] == pytest.approx(np.corrcoef([4, 3, 2, 1], [4, 3, 1.5, 1.5])[0, 1])
    assert np.isnan(a.loc["y", "auc"]) and np.isnan(a.loc["y", "pearson"])   # constant
