"""Near-duplicate segments across documents: flag, never delete.

Two documents can be versions of one event (an abridged web page and the full
transcript). Every segment is represented by its set of word ``k``-shingles (lower case,
spelling-normalised words, so a repaired glued word or a British/American variant does not
hide a copy). Two segments of *different* documents are near-duplicates when their
containment ``|A ∩ B| / min(|A|, |B|)`` reaches ``threshold``: containment rather than
Jaccard because an abridged version cuts and merges paragraphs, so one paragraph of
the short version lies inside a paragraph of the long one.

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
                    block_size: int = 2000) -> list[dict]:
    """Return one row per flagged segment (sorted by segment order).

    ``doc_rank(doc_id)`` orders documents from fullest (smallest key) to least full.
    Rows: doc_id, segment_id, duplicate_of_doc, duplicate_of, containment, shared_shingles.
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

    best: dict[int, tuple[float, int, int]] = {}
    for start in range(0, n, block_size):
        block = (m[start:start + block_size] @ mt).tocoo()
        for i, j, shared in zip(block.row + start, block.col, block.data):
            if docs[i] == docs[j] or rank[docs[j]] >= rank[docs[i]]:
                continue
            c = shared / min(sizes[i], sizes[j])
            if c < threshold:
                continue
            key = (c, -j)  # highest containment, then earliest segment
            if i not in best or key > (best[i][0], -best[i][1]):
                best[i] = (float(c), int(j), int(shared))

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
