"""Synthetic corpora drawn from known topics, to test that the methods recover them.

``pure_unit_corpus``: units that are each nearly about one topic, grouped in documents
(the known-answer corpus of the choice of K). ``synthetic_corpus``: topic k puts ``1 - background`` of its mass on its own block of ``n_words // (n_topics + 1)``
words (Dirichlet(1) weights inside the block) and ``background`` on all words (one shared
Dirichlet(1) background distribution); the last block belongs to no topic. Every document
draws theta ~ Dirichlet(``alpha``) and ``doc_len`` tokens from sum_k theta_k beta_k.
"""

from __future__ import annotations

import numpy as np


def synthetic_corpus(n_topics: int = 4, n_words: int = 200, n_docs: int = 300,
                     doc_len: int = 60, seed: int = 0, background: float = 0.2,
                     alpha: float = 0.3):
    """Return ``(dtm csr int64, topic_word K x V, doc_topic n_docs x K, vocab)`` (seeded)."""
    from scipy import sparse

    rng = np.random.default_rng(seed)
    block = n_words // (n_topics + 1)
    bg = rng.dirichlet(np.ones(n_words))
    beta = np.zeros((n_topics, n_words))
    for k in range(n_topics):
        beta[k, k * block:(k + 1) * block] = rng.dirichlet(np.ones(block))
    beta = (1.0 - background) * beta + background * bg
    theta = rng.dirichlet(np.full(n_topics, alpha), size=n_docs)
    probs = theta @ beta
    probs /= probs.sum(axis=1, keepdims=True)
    counts = np.vstack([rng.multinomial(doc_len, p) for p in probs])
    vocab = [f"w{j:03d}" for j in range(n_words)]
    return sparse.csr_matrix(counts.astype(np.int64)), beta, theta, vocab


def units_from_dtm(dtm, vocab, seed: int | None = None) -> list[list[str]]:
    """Token lists of the rows of a count matrix (each word repeated by its count).

    Tokens come in vocabulary order, or shuffled within each unit when ``seed`` is given.
    """
    m = sparse_csr(dtm)
    rng = None if seed is None else np.random.default_rng(seed)
    units = []
    for i in range(m.shape[0]):
        sl = slice(m.indptr[i], m.indptr[i + 1])
        ids = np.repeat(m.indices[sl], m.data[sl].astype(np.int64))
        if rng is not None:
            ids = rng.permutation(ids)
        units.append([vocab[j] for j in ids.tolist()])
    return units


def sparse_csr(m):
    from scipy import sparse

    c = sparse.csr_matrix(m)
    c.sort_indices()
    return c


def pure_unit_corpus(n_topics: int = 4, n_words: int = 300, n_docs: int = 60,
                     units_per_doc: int = 8, unit_len: int = 30, purity: float = 0.9,
                     seed: int = 0, background: float = 0.1, doc_alpha: float = 0.5):
    """Units (paragraphs) that are each nearly about one topic, grouped in documents: the
    known-answer corpus of the choice of K. Topic k puts ``1 - background`` of its mass
    on its own block of ``n_words // (n_topics + 1)`` words (Dirichlet(1) weights) and the
    rest on a shared background. Document d has a mixture theta_d ~ Dirichlet(doc_alpha);
    each of its units draws one topic z_u from theta_d and ``unit_len`` tokens, each from
    topic z_u with probability ``purity`` and from theta_d otherwise.

    Returns ``(dtm csr int64 units x n_words, topic_word K x V, unit_topic, doc_ids)``."""
    from scipy import sparse

    rng = np.random.default_rng(seed)
    block = n_words // (n_topics + 1)
    bg = rng.dirichlet(np.ones(n_words))
    beta = np.zeros((n_topics, n_words))
    for k in range(n_topics):
        beta[k, k * block:(k + 1) * block] = rng.dirichlet(np.ones(block))
    beta = (1.0 - background) * beta + background * bg
    rows, unit_topic, doc_ids = [], [], []
    for d in range(n_docs):
        theta = rng.dirichlet(np.full(n_topics, doc_alpha))
        for _ in range(units_per_doc):
            z = int(rng.choice(n_topics, p=theta))
            mix = (1.0 - purity) * theta
            mix[z] += purity
            p = mix @ beta
            rows.append(rng.multinomial(unit_len, p / p.sum()))
            unit_topic.append(z)
            doc_ids.append(f"d{d:04d}")
    dtm = sparse.csr_matrix(np.vstack(rows).astype(np.int64))
    return dtm, beta, np.asarray(unit_topic), np.asarray(doc_ids)
