"""The evidence level of a comparison, in the same words in every table, figure and text.

A comparison of two groups of documents can support a claim about the *groups* (a period, a
speaker) only when there are enough documents on each side for a document-level test to
reach the chosen alpha at all. With one or two documents a side the smallest attainable
permutation p is 1/3 or 1: whatever the statistic, the comparison describes these documents
and nothing beyond them. Paragraph- or token-level statistics (G², bootstrap intervals over
paragraphs) then measure how clearly *these texts* differ, not whether the groups do.

Levels (the ``evidence`` column):

- :data:`DOCUMENT_TEST` - "document-level test": the smallest attainable document-level
  permutation p is at most alpha, so the data could show a group difference;
- :data:`DESCRIBES` - "describes these documents": it is not; the numbers describe the
  documents compared;
- :data:`NOT_IDENTIFIED` - "not identified": a model quantity (e.g. the number of topics) that
  the data do not pin down; descriptive output only.
"""

from __future__ import annotations

from scotext.inference.exact import smallest_permutation_p

DOCUMENT_TEST = "document-level test"
DESCRIBES = "describes these documents"
NOT_IDENTIFIED = "not identified"
LEVELS = (DOCUMENT_TEST, DESCRIBES, NOT_IDENTIFIED)


def comparison_level(n_docs_a: int, n_docs_b: int, alpha: float = 0.05,
                     symmetric: bool = True) -> tuple[str, float]:
    """``(level, smallest attainable p)`` of a two-group comparison of documents."""
    min_p = smallest_permutation_p(n_docs_a, n_docs_b, symmetric)
    return (DOCUMENT_TEST if min_p <= alpha else DESCRIBES), min_p


def level_sentence(level: str, n_docs_a: int, n_docs_b: int, min_p: float) -> str:
    """A short reason for the level, for captions and notes."""
    if level == DOCUMENT_TEST:
        return (f"{n_docs_a} vs {n_docs_b} documents: a document-level permutation test can "
                f"reach p = {min_p:.3g}")
    if level == DESCRIBES:
        return (f"{n_docs_a} vs {n_docs_b} documents: the smallest attainable document-level "
                f"p is {min_p:.3g}, so the comparison describes these documents only")
    return "not identified by the data: descriptive only"
