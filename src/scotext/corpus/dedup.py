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
``is_duplicate`` with ``duplicate_of`` = its best partner there (highest containment),
followed to the canonical copy if that partner is itself a duplicate.

Cost: one sparse matrix product per block of documents (scipy), so memory stays bounded.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np


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


def find_duplicates(segments: Sequence[SegmentRef], doc_rank: Callable[[str], tuple],
                    *, k: int = 3, threshold: float = 0.5, min_shingles: int = 5,
                    min_doc_share: float = 0.0, block_size: int = 2000,
                    rejected: list | None = None) -> list[dict]:
    """Return one row per flagged segment (sorted by segment order).

    ``doc_rank(doc_id)`` orders documents from fullest (smallest key) to least full.
    Rows: doc_id, segment_id, duplicate_of_doc, duplicate_of, containment, shared_shingles.
    Matches between documents sharing less than ``min_doc_share`` of the less full
    document's comparable segments are appended to ``rejected`` (if given) instead.
    """
    from scipy import sparse

    sets = [shingles(s.words, k) for s in segments]
    vocab: dict[str, int] = {}
    rows, cols = [], []
    for i, sh in enumerate(sets):
        if len(sh) < min_shingles:
            continue
        for g in sh:
            rows.append(i)
            cols.append(vocab.setdefault(g, len(vocab)))
    n = len(segments)
    if not vocab:
        return []
    m = sparse.csr_matrix((np.ones(len(rows), dtype=np.int32), (rows, cols)),
                          shape=(n, len(vocab)))
    sizes = np.asarray(m.sum(axis=1)).ravel()
    docs = np.array([s.doc_id for s in segments])
    rank = {d: doc_rank(d) for d in sorted(set(docs))}
    mt = m.T.tocsr()

    # best partner of each segment in each fuller document
    cand: dict[tuple[int, str], tuple[float, int, int]] = {}
    for start in range(0, n, block_size):
        block = (m[start:start + block_size] @ mt).tocoo()
        for i, j, shared in zip(block.row + start, block.col, block.data):
            if docs[i] == docs[j] or rank[docs[j]] >= rank[docs[i]]:
                continue
            c = shared / min(sizes[i], sizes[j])
            if c < threshold:
                continue
            key = (int(i), str(docs[j]))
            if key not in cand or (c, -j) > (cand[key][0], -cand[key][1]):
                cand[key] = (float(c), int(j), int(shared))

    comparable = {d: int(((docs == d) & (sizes >= min_shingles)).sum()) for d in rank}
    share: dict[tuple[str, str], float] = {}
    for (i, dj) in cand:
        share[(docs[i], dj)] = share.get((docs[i], dj), 0) + 1
    share = {pair: cnt / max(1, comparable[pair[0]]) for pair, cnt in share.items()}

    best: dict[int, tuple[float, int, int]] = {}
    for (i, dj), (c, j, shared) in sorted(cand.items()):
        if share[(docs[i], dj)] < min_doc_share:
            if rejected is not None:
                rejected.append({"doc_id": segments[i].doc_id,
                                 "segment_id": segments[i].segment_id,
                                 "partner": segments[j].segment_id, "containment": c,
                                 "doc_share": share[(docs[i], dj)]})
            continue
        if i not in best or (c, -j) > (best[i][0], -best[i][1]):
            best[i] = (c, j, shared)

    def root(j: int) -> int:
        seen = set()
        while j in best and j not in seen:
            seen.add(j)
            j = best[j][1]
        return j

    out = []
    for i in sorted(best):
        c, j, shared = best[i]
        j = root(j)
        out.append({"doc_id": segments[i].doc_id, "segment_id": segments[i].segment_id,
                    "duplicate_of_doc": segments[j].doc_id,
                    "duplicate_of": segments[j].segment_id,
                    "containment": c, "shared_shingles": shared})
    return out
