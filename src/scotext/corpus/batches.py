"""Which documents are cleaned and tokenised together in one job.

A job costs about two seconds of start-up (a Python process importing the library) before
it does any work, so one job per document is right for five documents and wrong for
100,000 (two stages x 100,000 jobs = days of start-up). :func:`assign_batches` keeps one
job per document for small corpora (each document is then rerun on its own when it
changes) and otherwise puts ``docs_per_job`` documents on average into each job, so the
number of jobs grows with the corpus only by ``N / docs_per_job`` and never beyond
``max_jobs`` (so the whole workflow has about as many jobs at 10^5 documents as at 10^3;
on a cluster raise it to spread the cleaning over more nodes).

Assignment is by a stable hash of the ``doc_id`` (SHA-1, not Python's salted ``hash``), not
by position: adding a document to a large corpus changes one batch, not every batch after
it, as long as the number of batches stays the same. Within a batch, documents are in
``doc_id`` order. The batching never changes a result: every later stage reads all batches
and orders documents by ``doc_id``.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Sequence


def n_batches(n_docs: int, docs_per_job: int, per_document_max: int,
              max_jobs: int | None = None) -> int:
    """Number of cleaning jobs: ``n_docs`` if at most ``per_document_max``, else
    ``ceil(n_docs / docs_per_job)``, and never more than ``max_jobs``."""
    if docs_per_job < 1:
        raise ValueError(f"docs_per_job must be at least 1, got {docs_per_job}")
    if n_docs <= per_document_max:
        return n_docs
    n = max(1, math.ceil(n_docs / docs_per_job))
    return n if max_jobs is None else max(1, min(n, max_jobs))


def stable_bucket(doc_id: str, n: int) -> int:
    """The bucket (0..n-1) of a doc_id, the same on every machine and Python process."""
    return int.from_bytes(hashlib.sha1(doc_id.encode("utf-8")).digest()[:8], "big") % n


def assign_batches(doc_ids: Sequence[str], docs_per_job: int, per_document_max: int,
                   max_jobs: int | None = None) -> dict[str, list[str]]:
    """Batch name -> its doc_ids (sorted). Small corpora: one batch per document, named by
    its doc_id; otherwise batches ``b000``, ``b001``, ... (zero-padded to equal width);
    empty buckets are left out."""
    ids = sorted(doc_ids)
    if len(set(ids)) != len(ids):
        raise ValueError("doc_ids must be unique")
    n = n_batches(len(ids), docs_per_job, per_document_max, max_jobs)
    if len(ids) <= per_document_max:
        return {d: [d] for d in ids}
    width = max(3, len(str(n - 1)))
    buckets: dict[int, list[str]] = {}
    for d in ids:
        buckets.setdefault(stable_bucket(d, n), []).append(d)
    return {f"b{i:0{width}d}": buckets[i] for i in sorted(buckets)}
