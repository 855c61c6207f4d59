"""The document-term matrix of the corpus, built once and read by every analysis stage.

Rows are the segments of ``results/corpus/segments.csv`` in file order; columns the sorted
vocabulary of analysis tokens. Stored as a scipy ``.npz`` (byte-identical across runs) and a
one-term-per-line vocabulary file.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path


def build_dtm(token_strings: Iterable[str]):
    """Sparse counts (segments × terms, int64 CSR) and the sorted vocabulary."""
    import numpy as np
    from scipy import sparse

    vocab: dict[str, int] = {}
    indptr, indices = [0], []
    for toks in token_strings:
        for t in toks.split():
            indices.append(vocab.setdefault(t, len(vocab)))
        indptr.append(len(indices))
    terms = sorted(vocab)
    remap = np.empty(len(vocab), dtype=np.int64)
    for new, t in enumerate(terms):
        remap[vocab[t]] = new
    cols = remap[np.asarray(indices, dtype=np.int64)] if indices else np.zeros(0, np.int64)
    m = sparse.csr_matrix((np.ones(len(cols), dtype=np.int64), cols, np.asarray(indptr)),
                          shape=(len(indptr) - 1, len(terms)))
    m.sum_duplicates()
    m.sort_indices()
    return m, terms


def save_dtm(matrix, vocab: list[str], npz_path, vocab_path) -> None:
    from scipy import sparse

    from scotext.tables import atomic_write_text

    Path(npz_path).parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(npz_path).with_suffix(".tmp.npz")
    sparse.save_npz(tmp, matrix.tocsr(), compressed=True)
    tmp.replace(npz_path)
    atomic_write_text(vocab_path, "".join(f"{t}\n" for t in vocab))


def load_dtm(npz_path, vocab_path):
    from scipy import sparse

    with open(vocab_path, encoding="utf-8") as fh:
        vocab = [line.rstrip("\n") for line in fh]
    return sparse.load_npz(npz_path).tocsr(), vocab
