"""Document-term matrix of the analysis units and the splits used to evaluate topic models.

``build_dtm`` turns the units (lists of analysis tokens) into a sparse count matrix with a
sorted vocabulary, so the same units always give the same matrix, column for column.

``cv_folds`` deals the units into cross-validation folds (by document by default) and
``completion_split`` is the *document-completion* split of Wallach et al. (2009, "Evaluation
methods for topic models", ICML): every unit keeps some of its token occurrences
(``observed``) and hides the others (``heldout``). In the search a model is fitted on the
units of the other folds (all their tokens); each unit of the held-out fold gets its topic
mixture from its observed part (``scotext.topics.foldin``) and is scored on its held-out
part. ``permute_tokens`` makes the null corpus (tokens permuted across units).

How the tokens are split (documented choice): in a unit with ``n_d`` token occurrences exactly
``floor(n_d * heldout_share)`` occurrences, chosen uniformly at random without replacement
(a random subset of the unit's token positions), are held out; the others are observed. This
is the same as shuffling the unit's tokens and cutting, and has less variance than an
independent coin flip per occurrence: every unit with at least ``1 / heldout_share`` tokens
contributes to both halves, and a one-token unit is always fully observed.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def build_dtm(units: Sequence[Sequence[str]], min_df: int, max_df: float):
    """Count matrix (units x vocabulary) and its sorted vocabulary.

    ``min_df``: a word is kept when it occurs in at least this many units (an integer count).
    ``max_df``: a word is dropped when it occurs in more than this *share* of the units
    (``df / n_units > max_df``; 1.0 keeps everything).
    The vocabulary is sorted by code point (independent of locale and hash seed). Units left
    without any kept token stay in the matrix as empty rows, so row ``i`` is always unit ``i``.

    Returns ``(dtm, vocab)``: a canonical ``scipy.sparse.csr_matrix`` of ``int64`` counts
    (sorted indices, no explicit zeros) and ``list[str]``.
    """
    from scipy import sparse

    if isinstance(min_df, bool) or not isinstance(min_df, (int, np.integer)) or min_df < 1:
        raise ValueError(f"min_df must be a positive integer (a number of units), got {min_df!r}")
    if not 0.0 < float(max_df) <= 1.0:
        raise ValueError(f"max_df must be a share in (0, 1], got {max_df!r}")
    units = [list(u) for u in units]
    for i, u in enumerate(units):
        for t in u:
            if not isinstance(t, str) or not t:
                raise ValueError(f"unit {i}: tokens must be non-empty strings, got {t!r}")
    n = len(units)
    df: dict[str, int] = {}
    for u in units:
        for t in set(u):
            df[t] = df.get(t, 0) + 1
    vocab = sorted(t for t, c in df.items() if c >= min_df and (n == 0 or c / n <= max_df))
    index = {t: j for j, t in enumerate(vocab)}
    rows: list[int] = []
    cols: list[int] = []
    for i, u in enumerate(units):
        for t in u:
            j = index.get(t)
            if j is not None:
                rows.append(i)
                cols.append(j)
    data = np.ones(len(rows), dtype=np.int64)
    dtm = sparse.csr_matrix((data, (np.asarray(rows, dtype=np.int64), np.asarray(cols, dtype=np.int64))),
                            shape=(n, len(vocab)), dtype=np.int64)
    dtm.sum_duplicates()
    dtm.sort_indices()
    return dtm, vocab


def as_counts(dtm):
    """Canonical csr copy with integer counts (raises on negative or non-integer values)."""
    from scipy import sparse

    m = sparse.csr_matrix(dtm, copy=True)
    m.sum_duplicates()
    m.sort_indices()
    m.eliminate_zeros()
    if m.nnz and (m.data.min() < 0 or not np.all(np.equal(np.mod(m.data, 1), 0))):
        raise ValueError("the document-term matrix must hold non-negative integer counts")
    return m.astype(np.int64)


def completion_split(dtm, seed: int, heldout_share: float = 0.5):
    """Document-completion split of every unit's token occurrences (see the module docstring).

    Returns ``(observed, heldout)``, two csr count matrices of the shape of ``dtm`` with
    ``observed + heldout == dtm``. Deterministic for ``seed`` (numpy ``Generator``) and the
    canonical form of ``dtm``; vectorised (no loop over units).
    """
    from scipy import sparse

    if not 0.0 < float(heldout_share) < 1.0:
        raise ValueError(f"heldout_share must lie strictly between 0 and 1, got {heldout_share!r}")
    m = as_counts(dtm)
    n_units, n_words = m.shape
    counts = m.data
    rows_nz = np.repeat(np.arange(n_units), np.diff(m.indptr))
    # one entry per token occurrence: (row, nonzero cell it belongs to)
    occ_cell = np.repeat(np.arange(m.nnz), counts)
    occ_row = rows_nz[occ_cell]
    rng = np.random.default_rng(seed)
    keys = rng.random(occ_cell.size)
    order = np.lexsort((keys, occ_row))              # rows in order, random order within a row
    n_tokens = np.bincount(occ_row, minlength=n_units)
    start = np.concatenate(([0], np.cumsum(n_tokens)[:-1]))
    position = np.empty(occ_cell.size, dtype=np.int64)
    position[order] = np.arange(occ_cell.size) - start[occ_row[order]]
    n_held = np.floor(n_tokens * float(heldout_share) + 1e-9).astype(np.int64)
    is_held = position < n_held[occ_row]
    held_counts = np.bincount(occ_cell[is_held], minlength=m.nnz).astype(np.int64)
    heldout = sparse.csr_matrix((held_counts, m.indices.copy(), m.indptr.copy()), shape=m.shape)
    observed = sparse.csr_matrix((counts - held_counts, m.indices.copy(), m.indptr.copy()),
                                 shape=m.shape)
    heldout.eliminate_zeros()
    observed.eliminate_zeros()
    return observed, heldout


def fold_split(n_units: int, n_folds: int, seed: int) -> np.ndarray:
    """Fold id (0 .. n_folds-1) of each unit: balanced (sizes differ by at most one), seeded."""
    if n_folds < 2 or n_folds > n_units:
        raise ValueError(f"n_folds must be between 2 and the number of units, got {n_folds}")
    rng = np.random.default_rng(seed)
    return rng.permutation(np.arange(n_units) % n_folds)


def cv_folds(doc_ids, n_folds: int, seed: int, by: str = "document") -> tuple[np.ndarray, str]:
    """Fold id of every unit for cross-validation, and how the folds were made.

    ``by="document"``: the documents (sorted ids) are dealt into ``n_folds`` balanced folds
    (:func:`fold_split` over documents) and every unit gets its document's fold, so a
    document's paragraphs are never split between the fitted and the held-out units (a
    topic has to recur in other documents to help predict a held-out one). With fewer
    documents than folds there is one fold per document (leave one document out). With a
    single document, or ``by="unit"``, the units themselves are dealt into folds.

    Returns ``(folds, mode)``: ``mode`` is ``"document"`` or ``"unit"`` (what was done).
    """
    doc_ids = np.asarray(doc_ids, dtype=str)
    if by not in ("document", "unit"):
        raise ValueError(f"by must be 'document' or 'unit', got {by!r}")
    n = doc_ids.size
    docs, code = np.unique(doc_ids, return_inverse=True)
    if by == "document" and docs.size >= 2:
        f = min(int(n_folds), docs.size)
        return fold_split(docs.size, f, seed)[code], "document"
    return fold_split(n, min(int(n_folds), n), seed), "unit"


def permute_tokens(dtm, seed: int):
    """The null corpus: every token occurrence of ``dtm`` dealt to a random unit, keeping
    every unit's length and every word's total count (a uniformly random permutation of
    the corpus's token sequence, cut into units of the original lengths). Co-occurrence
    beyond chance is destroyed; nothing else is. Deterministic for ``seed``."""
    from scipy import sparse

    m = as_counts(dtm)
    n_units, n_words = m.shape
    words = np.repeat(m.indices.astype(np.int64), m.data)
    lengths = np.asarray(m.sum(axis=1), dtype=np.int64).ravel()
    words = np.random.default_rng(seed).permutation(words)
    rows = np.repeat(np.arange(n_units), lengths)
    out = sparse.csr_matrix((np.ones(words.size, dtype=np.int64), (rows, words)),
                            shape=(n_units, n_words))
    out.sum_duplicates()
    out.sort_indices()
    return out


def save_matrices(path, **named) -> None:
    """Several arrays and CSR matrices in one ``.npz`` (atomic; names sorted, so the file's
    bytes depend only on the contents): a sparse matrix ``m`` is stored as ``m.data``,
    ``m.indices``, ``m.indptr``, ``m.shape``."""
    from pathlib import Path

    from scipy import sparse

    arrays = {}
    for name, value in named.items():
        if sparse.issparse(value):
            c = sparse.csr_matrix(value)
            arrays[f"{name}.data"] = c.data
            arrays[f"{name}.indices"] = c.indices
            arrays[f"{name}.indptr"] = c.indptr
            arrays[f"{name}.shape"] = np.asarray(c.shape, dtype=np.int64)
        else:
            arrays[name] = np.asarray(value)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp.npz")
    np.savez_compressed(tmp, **{k: arrays[k] for k in sorted(arrays)})
    tmp.replace(path)


def load_matrices(path) -> dict:
    """What :func:`save_matrices` wrote: name -> array or CSR matrix."""
    from scipy import sparse

    out, parts = {}, {}
    with np.load(path) as z:
        for key in z.files:
            if key.endswith((".data", ".indices", ".indptr", ".shape")):
                name, part = key.rsplit(".", 1)
                parts.setdefault(name, {})[part] = z[key]
            else:
                out[key] = z[key]
    for name, p in parts.items():
        out[name] = sparse.csr_matrix((p["data"], p["indices"], p["indptr"]),
                                      shape=tuple(int(x) for x in p["shape"]))
    return out
