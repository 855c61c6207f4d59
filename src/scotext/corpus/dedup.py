"""Near-duplicate segments across documents: flag, never delete.

Two documents can be versions of one event (an abridged web page and the full
transcript). Every segment is represented by its set of word ``k``-shingles (lower case,
spelling-normalised words, so a repaired glued word or a British/American variant does not
hide a copy). Two segments of *different* documents are near-duplicates when their
containment ``|A ∩ B| / min(|A|, |B|)`` reaches ``threshold``: containment rather than
Jaccard because an abridged version cuts and merges paragraphs, so one paragraph of
the short version lies inside a paragraph of the long one.

Versions, not stock phrases: segments are flagged only between two documents that share
at least ``min_doc_share`` of the smaller document's comparable segments. One official
formula repeated in two unrelated interviews ("an influential and responsible participant
in the modern system of international relations") is rhetoric worth analysing, not a copy;
such pairs are returned separately (``rejected``) for the log.

Canonical copy: the segment in the *fuller* document (more word tokens; ties: earlier
date, then smaller doc_id). Every segment with a partner in a fuller document is flagged
``is_duplicate`` with ``duplicate_of`` = its best partner there (highest containment, ties:
earlier segment), followed to the canonical copy if that partner is itself a duplicate.

Shingles. A segment of at least ``k`` words has the shingles of its ``k`` consecutive words
(never across a segment boundary); a non-empty segment shorter than ``k`` has one shingle of
all its words; an empty segment has none. A shingle repeated within a segment counts once
(sets). Segments with fewer than ``min_shingles`` distinct shingles are never compared
("comparable" segments are the others). Shingles are exact integer codes of the word ids
(mixed radix ``vocabulary + 1``, re-ranked densely with ``np.unique`` whenever the next word
would overflow int64), so two shingles get one code only when their words are identical:
there are no hash collisions and nothing depends on Python's salted ``hash()``.

Candidate pairs (the one approximation, ``max_shingle_df``). The document frequency of a
shingle is the number of comparable segments containing it. Two segments are *compared*
only if they share at least one shingle of document frequency ``<= max_shingle_df``; their
containment is then computed exactly over *all* their shingles, frequent ones included, so a
flagged pair has exactly the containment and ``shared_shingles`` of the all-pairs method.
What changes: a pair of segments whose common shingles are *all* frequent (each in more than
``max_shingle_df`` segments) is never considered, even if its containment would reach the
threshold. Why: one stock phrase ("shanghai_cooperation_organization member state") in most
paragraphs of a large corpus would otherwise make every pair of those paragraphs a candidate
(10^6 segments sharing one shingle = 5 * 10^11 pairs), and a shingle used in hundreds of
paragraphs is rhetoric, not evidence of a copy. The cost is bounded: each segment meets at
most ``(its shingles) * max_shingle_df`` partners. Caveat: a passage copied verbatim into
more than ``max_shingle_df`` segments (syndicated into that many documents) consists only
of frequent shingles and is then not flagged at all. ``max_shingle_df=None`` restores the
all-pairs behaviour (quadratic in the largest shingle's document frequency).

Cost: sparse (scipy) segment x shingle incidence built from numpy arrays; candidate pairs by
a sparse product restricted to the infrequent shingles, in blocks of segments whose number
of candidate pairs is bounded, so memory stays bounded; exact intersections of the
candidates' frequent shingles by elementwise sparse products. Everything is sorted
explicitly, so the result does not depend on block size, hash seed or input dict order.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

#: default document-frequency cap of the shingles that generate candidate pairs
DEFAULT_MAX_SHINGLE_DF = 100
#: default rows per block of the candidate search (the block is cut earlier if its
#: candidate-pair bound exceeds ``_BLOCK_PAIRS``)
DEFAULT_BLOCK_SIZE = 20000
_BLOCK_PAIRS = 1 << 22
_INT64_MAX = (1 << 63) - 1


@dataclass(frozen=True)
class SegmentRef:
    doc_id: str
    segment_id: str
    words: tuple[str, ...]


def shingles(words: Sequence[str], k: int) -> set[str]:
    """Set of word k-shingles (a segment shorter than k gives one shingle of all its words)."""
    if len(words) < k:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i:i + k]) for i in range(len(words) - k + 1)}


# -- token ids ---------------------------------------------------------------------------

def encode_words(segments: Iterable[Iterable[str]], vocab: dict[str, int] | None = None):
    """Map segments given as sequences of words to ``(token_ids, offsets, vocab)``.

    ``token_ids`` (int32) is all segments' word ids concatenated, ``offsets`` (int64,
    length n + 1) the segment boundaries: segment ``i`` is
    ``token_ids[offsets[i]:offsets[i + 1]]``. Ids are given in order of first occurrence
    (``vocab`` maps word -> id and is extended in place if given). Only one segment's words
    are held as a Python list at a time.
    """
    ids = array("i")
    offsets = array("q", [0])
    known = _Vocabulary(vocab or {})
    get = known.__getitem__                        # C-level lookups; misses add a new id
    for words in segments:
        ids.extend(map(get, words))
        offsets.append(len(ids))
    if vocab is None:
        vocab = dict(known)
    else:
        vocab.update(known)                        # new words, in order of first occurrence
    return (np.frombuffer(ids, dtype=np.int32).copy() if ids else np.zeros(0, np.int32),
            np.frombuffer(offsets, dtype=np.int64).copy(), vocab)


class _Vocabulary(dict):
    def __missing__(self, word):
        self[word] = i = len(self)
        return i


def encode_token_strings(texts: Iterable, vocab: dict[str, int] | None = None):
    """``(token_ids, offsets, vocab)`` from space-joined token strings, one per segment
    (the ``tokens`` column of ``segments.csv``). A missing value (None/NaN, as pandas
    reads an empty cell) is an empty segment. See :func:`encode_words`."""
    return encode_words((t.split() if isinstance(t, str) else () for t in texts), vocab)


# -- shingles as integer codes -----------------------------------------------------------

def _check_arrays(token_ids, offsets) -> tuple[np.ndarray, np.ndarray]:
    token_ids = np.asarray(token_ids)
    offsets = np.asarray(offsets, dtype=np.int64)
    if token_ids.ndim != 1 or offsets.ndim != 1 or len(offsets) < 1:
        raise ValueError("token_ids and offsets must be 1-d, offsets of length n + 1")
    if offsets[0] != 0 or offsets[-1] != len(token_ids) or np.any(np.diff(offsets) < 0):
        raise ValueError("offsets must rise from 0 to len(token_ids)")
    if len(token_ids) == 0:
        return np.zeros(0, np.int32), offsets
    if not np.issubdtype(token_ids.dtype, np.integer) or token_ids.min() < 0:
        raise ValueError("token_ids must be non-negative integers")
    if token_ids.dtype not in (np.int32, np.int64):
        token_ids = token_ids.astype(np.int64)
    return token_ids, offsets


_CHUNK = 1 << 22


def _dense_rank(values: np.ndarray) -> tuple[np.ndarray, int]:
    """Replace int64 values in place by their dense rank (0 = smallest); (values, n distinct)."""
    if len(values) == 0:
        return values, 0
    order = np.argsort(values)
    ranks = values[order]
    new = np.empty(len(values), bool)
    new[0] = True
    np.not_equal(ranks[1:], ranks[:-1], out=new[1:])
    np.cumsum(new, out=ranks)
    ranks -= 1
    values[order] = ranks
    return values, int(ranks[-1]) + 1


def _shingle_codes(t: np.ndarray, offsets: np.ndarray, k: int):
    """(segment index int32, exact code int64, exclusive bound of the codes) per shingle
    occurrence: k-word windows inside a segment, then one padded window per short segment."""
    if k < 1:
        raise ValueError("k must be >= 1")
    n, size = len(offsets) - 1, len(t)
    lengths = np.diff(offsets)
    tok_seg = np.repeat(np.arange(n, dtype=np.int32), lengths)
    # window starting at p: its first and last word lie in the same segment
    full = (np.flatnonzero(tok_seg[:size - k + 1] == tok_seg[k - 1:]) if size >= k
            else np.zeros(0, np.int64))
    short_seg = np.flatnonzero((lengths > 0) & (lengths < k))
    short_start, short_len = offsets[short_seg], lengths[short_seg]
    nfull = len(full)
    seg = np.empty(nfull + len(short_seg), np.int32)
    seg[:nfull] = tok_seg[full]
    seg[nfull:] = short_seg
    del tok_seg
    base = int(t.max()) + 2 if size else 2          # word id + 1 in 1..base-1; 0 = padding
    code = np.empty(len(seg), np.int64)
    code[:nfull] = t[full]
    code[nfull:] = t[short_start]
    code += 1
    bound = base                                   # all codes are < bound
    for m in range(1, k):
        if bound * base > _INT64_MAX:              # re-rank densely, exactly
            code, bound = _dense_rank(code)
        code *= base
        for c in range(0, nfull, _CHUNK):
            part = code[c:min(c + _CHUNK, nfull)]
            part += t[full[c:c + _CHUNK] + m]
            part += 1
        if len(short_seg):
            code[nfull:] += np.where(m < short_len,
                                     t[np.minimum(short_start + m, size - 1)] + 1, 0)
        bound *= base
    return seg, code, bound


def shingle_codes(token_ids, offsets, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Every shingle occurrence as ``(segment index, exact int64 code)`` (not deduplicated).

    Code of a shingle = mixed-radix number of its word ids + 1 (base: largest id + 2), the
    shingle of a shorter-than-k segment padded with zeros, so equal codes <=> equal word
    tuples. Before a step that could overflow int64 the codes are replaced by their dense
    rank (``np.unique``), which keeps them exact for any k and vocabulary.
    """
    t, offsets = _check_arrays(token_ids, offsets)
    seg, code, _ = _shingle_codes(t, offsets, k)
    return seg, code


def _incidence(t: np.ndarray, offsets: np.ndarray, k: int):
    """Distinct (segment, shingle) pairs sorted by shingle, then segment: (rows int32,
    cols int32/int64, number of shingles); shingles numbered in order of their codes."""
    n = len(offsets) - 1
    seg, key, bound = _shingle_codes(t, offsets, k)
    if len(key) == 0:
        return np.zeros(0, np.int32), np.zeros(0, np.int32), 0
    if bound * n > _INT64_MAX:                     # codes too large to pack with segments:
        key, _ = _dense_rank(key)                  # rank them first (one argsort)
    key *= n                                       # key = code * n + segment: one plain sort
    key += seg
    del seg
    key.sort()
    distinct = np.empty(len(key), bool)
    distinct[0] = True
    np.not_equal(key[1:], key[:-1], out=distinct[1:])
    key = key[distinct]
    rows = (key % n).astype(np.int32)
    key //= n
    new = distinct[:len(key)]
    new[0] = True
    np.not_equal(key[1:], key[:-1], out=new[1:])
    del key
    idx = np.int32 if len(rows) < 2**31 - 1 else np.int64
    cols = np.cumsum(new, dtype=idx)
    cols -= 1
    return rows, cols, int(cols[-1]) + 1


def _by_shingle(rows, cols, keep, ncol_new, col_map, n):
    """Transposed incidence (CSR shingle x segment) of the entries ``keep`` of the
    shingle-sorted (rows, cols), shingles renumbered by ``col_map``."""
    from scipy import sparse

    c = col_map[cols[keep]]
    indptr = np.zeros(ncol_new + 1, np.int64)
    np.cumsum(np.bincount(c, minlength=ncol_new), out=indptr[1:])
    idx = np.int32 if max(n, len(c)) < 2**31 - 1 else np.int64
    return sparse.csr_matrix((np.ones(len(c), np.int32), rows[keep].astype(idx, copy=False),
                              indptr.astype(idx)), shape=(ncol_new, n))


def shingle_matrix(token_ids, offsets, k: int):
    """Binary segment x shingle incidence (scipy CSR, int32 ones, sorted column indices).

    Columns are the distinct shingles in order of their codes; row sums are the sizes of
    the segments' shingle sets.
    """
    t, offsets = _check_arrays(token_ids, offsets)
    n = len(offsets) - 1
    rows, cols, ncol = _incidence(t, offsets, k)
    keep = np.ones(len(rows), bool)
    return _by_shingle(rows, cols, keep, ncol, np.arange(ncol), n).T.tocsr()


def _row_intersections(m, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """|row a[p] ∩ row b[p]| of a binary CSR matrix, for every p."""
    out = np.zeros(len(a), np.int64)
    step = 1 << 20
    for s in range(0, len(a), step):
        prod = m[a[s:s + step]].multiply(m[b[s:s + step]]).tocsr()
        prod.eliminate_zeros()
        out[s:s + step] = np.diff(prod.indptr)
    return out


# -- near-duplicates ---------------------------------------------------------------------

def _objects(values) -> np.ndarray:
    """1-d object array of the values (numpy strings become Python str)."""
    if isinstance(values, np.ndarray) and values.dtype.kind in "US":
        return values.astype(object)
    return np.fromiter(values, dtype=object, count=len(values))


def _dense_doc_rank(doc_names: np.ndarray, doc_rank) -> np.ndarray:
    """Integer rank per document, equal for equal keys, smaller = fuller."""
    get = doc_rank.__getitem__ if isinstance(doc_rank, Mapping) else doc_rank
    keys = [get(d) for d in doc_names]
    order = sorted(range(len(keys)), key=keys.__getitem__)
    out = np.zeros(len(keys), np.int64)
    r, prev = -1, None
    for pos, d in enumerate(order):
        if pos == 0 or prev < keys[d]:
            r += 1
        out[d], prev = r, keys[d]
    return out


def find_duplicates_arrays(doc_ids: Sequence, segment_ids: Sequence, token_ids, offsets,
                           doc_rank: Callable[[str], tuple] | Mapping, *, k: int = 3,
                           threshold: float = 0.5, min_shingles: int = 5,
                           min_doc_share: float = 0.0,
                           max_shingle_df: int | None = DEFAULT_MAX_SHINGLE_DF,
                           block_size: int | None = None,
                           rejected: list | None = None) -> list[dict]:
    """Near-duplicate segments of a corpus given as arrays; see the module docstring.

    ``doc_ids`` and ``segment_ids``: one entry per segment (n). ``token_ids``: all
    segments' word ids (non-negative ints) concatenated; ``offsets``: n + 1 boundaries
    (:func:`encode_token_strings` builds both). ``doc_rank``: callable or mapping doc_id ->
    sortable key, fullest document first (called once per distinct document).
    ``max_shingle_df``: only shingles in at most this many comparable segments generate
    candidate pairs (None: all). ``block_size``: max segments per block of the candidate
    search (memory only; never changes the result).

    Returns one row per flagged segment in segment order: doc_id, segment_id,
    duplicate_of_doc, duplicate_of, containment, shared_shingles. Matches between documents
    sharing less than ``min_doc_share`` of the less full document's comparable segments are
    appended to ``rejected`` (if given) instead, ordered by segment then partner doc_id.
    """
    t, offsets = _check_arrays(token_ids, offsets)
    n = len(offsets) - 1
    if k < 1:
        raise ValueError("k must be >= 1")
    doc_arr, seg_arr = _objects(doc_ids), _objects(segment_ids)
    if len(doc_arr) != n or len(seg_arr) != n:
        raise ValueError("doc_ids, segment_ids and offsets disagree on the number of segments")
    if max_shingle_df is not None and max_shingle_df < 1:
        raise ValueError("max_shingle_df must be >= 1 or None")
    if n == 0:
        return []
    block_size = DEFAULT_BLOCK_SIZE if block_size is None else max(1, int(block_size))

    doc_names, doc_code = np.unique(doc_arr, return_inverse=True)
    doc_code = doc_code.ravel().astype(np.int64)
    n_docs = len(doc_names)
    seg_rank = _dense_doc_rank(doc_names, doc_rank)[doc_code]

    rows, cols, ncol = _incidence(t, offsets, k)
    sizes = np.bincount(rows, minlength=n).astype(np.int64)
    comparable = sizes >= min_shingles
    comparable_docs = np.bincount(doc_code[comparable], minlength=n_docs)
    ok = comparable[rows]
    df = np.bincount(cols[ok], minlength=ncol)      # over comparable segments
    rare_col = df >= 2
    if max_shingle_df is not None:
        rare_col &= df <= max_shingle_df
        freq_col = df > max_shingle_df
    else:
        freq_col = np.zeros(ncol, bool)
    del df
    # shingle x segment (rare shingles) and segment x shingle (rare; frequent)
    mt = _by_shingle(rows, cols, ok & rare_col[cols], int(rare_col.sum()),
                     np.cumsum(rare_col) - 1, n)
    m_rare = mt.T.tocsr()
    freq_entry = ok & freq_col[cols]
    n_freq = np.bincount(rows[freq_entry], minlength=n)
    m_freq = (_by_shingle(rows, cols, freq_entry, int(freq_col.sum()),
                          np.cumsum(freq_col) - 1, n).T.tocsr() if n_freq.any() else None)
    del rows, cols, ok, freq_entry, rare_col, freq_col

    # bound on the candidate pairs of each row (sum of its rare shingles' df), for blocks
    col_df = np.bincount(m_rare.indices, minlength=m_rare.shape[1])
    work = np.bincount(np.repeat(np.arange(n), np.diff(m_rare.indptr)),
                       weights=col_df[m_rare.indices], minlength=n)
    cum_work = np.concatenate([[0.0], np.cumsum(work)])
    del col_df, work

    parts = []
    start = 0
    while start < n:
        end = min(n, start + block_size,
                  max(start + 1, int(np.searchsorted(cum_work, cum_work[start] + _BLOCK_PAIRS,
                                                     side="right")) - 1))
        blk = m_rare[start:end]
        lo = start
        start = end
        if blk.nnz == 0:
            continue
        prod = (blk @ mt).tocsr()
        pi = np.repeat(np.arange(lo, end, dtype=np.int64), np.diff(prod.indptr))
        pj = prod.indices.astype(np.int64)
        rare_shared = prod.data.astype(np.int64)
        del prod, blk
        keep = seg_rank[pj] < seg_rank[pi]         # partner in a strictly fuller document
        pi, pj, rare_shared = pi[keep], pj[keep], rare_shared[keep]
        smaller = np.minimum(sizes[pi], sizes[pj])
        f_min = np.minimum(n_freq[pi], n_freq[pj])
        keep = (rare_shared + f_min) / smaller >= threshold   # upper bound of containment
        pi, pj, rare_shared, smaller, f_min = (x[keep] for x in
                                               (pi, pj, rare_shared, smaller, f_min))
        shared = rare_shared
        need = np.flatnonzero(f_min > 0)
        if len(need):
            shared = shared.copy()
            shared[need] += _row_intersections(m_freq, pi[need], pj[need])
        c = shared / smaller
        keep = c >= threshold
        if not keep.any():
            continue
        pi, pj, shared, c = pi[keep], pj[keep], shared[keep], c[keep]
        dj = doc_code[pj]
        # best partner of each segment in each fuller document: highest c, then smallest j
        order = np.lexsort((pj, -c, dj, pi))
        pi, pj, shared, c, dj = pi[order], pj[order], shared[order], c[order], dj[order]
        first = np.concatenate([[True], (pi[1:] != pi[:-1]) | (dj[1:] != dj[:-1])])
        parts.append((pi[first], dj[first], c[first], pj[first], shared[first]))
    del mt, m_rare, m_freq
    if not parts:
        return []
    ci, cdj, cc, cj, cshared = (np.concatenate(x) for x in zip(*parts))

    # share of the less full document's comparable segments matched in the fuller one
    pair = doc_code[ci] * n_docs + cdj
    _, inv, counts = np.unique(pair, return_inverse=True, return_counts=True)
    share = counts[inv.ravel()] / np.maximum(1, comparable_docs[doc_code[ci]])
    low = share < min_doc_share
    if rejected is not None:
        for i, j, c, s in zip(ci[low].tolist(), cj[low].tolist(), cc[low].tolist(),
                              share[low].tolist()):
            rejected.append({"doc_id": doc_arr[i], "segment_id": seg_arr[i],
                             "partner": seg_arr[j], "containment": c, "doc_share": s})
    ci, cc, cj, cshared = ci[~low], cc[~low], cj[~low], cshared[~low]
    if not len(ci):
        return []
    order = np.lexsort((cj, -cc, ci))
    ci, cc, cj, cshared = ci[order], cc[order], cj[order], cshared[order]
    first = np.concatenate([[True], ci[1:] != ci[:-1]])
    bi, bc, bj, bshared = ci[first], cc[first], cj[first], cshared[first]

    # follow partners that are themselves duplicates to the canonical copy (chains go to
    # strictly fuller documents, so they end after at most n_docs steps)
    partner = np.full(n, -1, np.int64)
    partner[bi] = bj
    root = bj.copy()
    for _ in range(n_docs):
        nxt = partner[root]
        moving = nxt >= 0
        if not moving.any():
            break
        root[moving] = nxt[moving]
    return [{"doc_id": doc_arr[i], "segment_id": seg_arr[i], "duplicate_of_doc": doc_arr[j],
             "duplicate_of": seg_arr[j], "containment": c, "shared_shingles": s}
            for i, j, c, s in zip(bi.tolist(), root.tolist(), bc.tolist(), bshared.tolist())]


def find_duplicates(segments: Sequence[SegmentRef], doc_rank: Callable[[str], tuple],
                    *, k: int = 3, threshold: float = 0.5, min_shingles: int = 5,
                    min_doc_share: float = 0.0,
                    max_shingle_df: int | None = DEFAULT_MAX_SHINGLE_DF,
                    block_size: int | None = None,
                    rejected: list | None = None) -> list[dict]:
    """Return one row per flagged segment (sorted by segment order).

    ``doc_rank(doc_id)`` orders documents from fullest (smallest key) to least full.
    Rows: doc_id, segment_id, duplicate_of_doc, duplicate_of, containment, shared_shingles.
    Matches between documents sharing less than ``min_doc_share`` of the less full
    document's comparable segments are appended to ``rejected`` (if given) instead.
    Thin wrapper of :func:`find_duplicates_arrays` (words mapped to ids).
    """
    token_ids, offsets, _ = encode_words(s.words for s in segments)
    return find_duplicates_arrays([s.doc_id for s in segments],
                                  [s.segment_id for s in segments], token_ids, offsets,
                                  doc_rank, k=k, threshold=threshold,
                                  min_shingles=min_shingles, min_doc_share=min_doc_share,
                                  max_shingle_df=max_shingle_df, block_size=block_size,
                                  rejected=rejected)
