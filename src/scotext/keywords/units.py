"""The analysed units of the keyword stage: which segments, which period each is in."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass
class Units:
    segments: object          # DataFrame of the analysed segments (corpus order)
    counts: object            # their rows of the document-term matrix (CSR)
    vocab: list[str]
    periods: np.ndarray       # period label per unit
    docs: np.ndarray          # doc_id per unit


def load_units(segments_path, dtm_path, vocab_path, *, roles, include_duplicates: bool,
               period_map) -> Units:
    """Read segments and DTM, keep the analysed roles (and non-duplicates by default)."""
    import pandas as pd

    from scotext.corpus.dtm import load_dtm
    from scotext.keywords.frequencies import select_units
    from scotext.keywords.periods import period_of

    # the texts and token strings are the large columns; the matrix has the tokens
    segments = pd.read_csv(segments_path, keep_default_na=False,
                           usecols=lambda c: c not in ("text", "tokens"))
    dtm, vocab = load_dtm(dtm_path, vocab_path)
    if dtm.shape[0] != len(segments):
        raise ValueError(f"{dtm_path} has {dtm.shape[0]} rows but {segments_path} has "
                         f"{len(segments)} segments: rerun the corpus stage")
    mask = select_units(segments, roles, include_duplicates)
    sel = segments[mask].reset_index(drop=True)
    periods = np.array([period_of(y, period_map) for y in sel["year"]], dtype=object)
    return Units(sel, dtm[np.flatnonzero(mask)], vocab, periods,
                 sel["doc_id"].to_numpy(dtype=object))
