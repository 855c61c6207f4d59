"""Keyword in context: every reported term shown in the cleaned text it came from."""

from __future__ import annotations

KWIC_COLUMNS = ["term", "doc_id", "segment_id", "left", "match", "right"]


def context(text: str, start: int, end: int, window: int) -> tuple[str, str]:
    """Up to ``window`` characters left and right of ``text[start:end]``, cut at a word
    boundary where the window cuts into the text."""
    left = text[max(0, start - window):start]
    right = text[end:end + window]
    if start > window and " " in left:
        left = left[left.index(" ") + 1:]
    if end + window < len(text) and " " in right:
        right = right[:right.rindex(" ")]
    return left, right


def candidate_rows(index, terms, dtm, vocab, max_per_term: int):
    """Row labels of ``index`` (positions in the document-term matrix) that hold the first
    ``max_per_term`` occurrences of each term, in corpus order: only these need to be
    tokenised again for their character spans. ``dtm`` in CSC form is fastest."""
    import numpy as np

    col_of = {t: j for j, t in enumerate(vocab)}
    csc = dtm.tocsc()
    allowed = np.zeros(dtm.shape[0], dtype=bool)
    allowed[np.asarray(index, dtype=np.int64)] = True
    chosen = []
    for t in terms:
        j = col_of.get(t)
        if j is None:
            continue
        sl = slice(csc.indptr[j], csc.indptr[j + 1])
        rows, counts = csc.indices[sl], csc.data[sl]
        order = np.argsort(rows, kind="stable")
        rows, counts = rows[order], counts[order]
        keep = allowed[rows]
        rows, counts = rows[keep], counts[keep]
        upto = int(np.searchsorted(np.cumsum(counts), max_per_term)) + 1
        chosen.append(rows[:upto])
    return np.unique(np.concatenate(chosen)) if chosen else np.zeros(0, dtype=np.int64)


def kwic(segments, terms, tokenizer, *, window: int = 60, max_per_term: int = 0,
         dtm=None, vocab=None):
    """Rows (term, doc_id, segment_id, left, match, right) for each occurrence of each term.

    ``segments`` is a DataFrame with doc_id, segment_id and text (in corpus order); the
    analysis tokens are recomputed with their character spans by ``tokenizer``, so ``match``
    is the surface text ("Member States" for ``member_state``). ``left``/``right`` hold up to
    ``window`` characters, cut at a word boundary. ``max_per_term`` > 0 keeps the first
    occurrences in corpus order only.

    With ``dtm``/``vocab`` (the corpus document-term matrix, whose rows are the positions
    that ``segments.index`` holds) and ``max_per_term`` > 0, only the segments that hold those
    first occurrences are tokenised (:func:`candidate_rows`): the same lines, without a pass
    over the whole corpus per contrast.
    """
    import pandas as pd

    wanted = set(terms)
    if dtm is not None and max_per_term:
        segments = segments.loc[candidate_rows(segments.index, sorted(wanted), dtm, vocab,
                                               max_per_term)]
    hits: dict[str, list[dict]] = {t: [] for t in sorted(wanted)}
    for doc_id, seg_id, text in zip(segments["doc_id"], segments["segment_id"],
                                    segments["text"]):
        for tok, start, end in tokenizer.token_spans(text):
            if tok in wanted and (not max_per_term or len(hits[tok]) < max_per_term):
                left, right = context(text, start, end, window)
                hits[tok].append({"term": tok, "doc_id": doc_id, "segment_id": seg_id,
                                  "left": left, "match": text[start:end], "right": right})
    rows = [r for t in sorted(hits) for r in hits[t]]
    return pd.DataFrame(rows, columns=KWIC_COLUMNS)
