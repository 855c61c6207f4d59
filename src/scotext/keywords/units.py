"""The analysed units of the keyword stage: which segments, which period each is in."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

#: segment columns the keyword jobs read (the text and token strings are the large ones;
#: the document-term matrix has the tokens)
UNIT_COLUMNS = ["doc_id", "segment_id", "role", "speaker", "year", "n_tokens", "is_duplicate"]


@dataclass
class Units:
    segments: object          # DataFrame of the analysed segments (corpus order)
    counts: object            # their rows of the document-term matrix (CSR)
    vocab: list[str]
    periods: np.ndarray       # period label per unit
    docs: np.ndarray          # doc_id per unit (str)

    @property
    def totals(self) -> np.ndarray:
        """Analysis tokens of each unit (the denominator of every rate)."""
        return np.asarray(self.counts.sum(axis=1)).ravel()


def load_units(segments_path, dtm_path, vocab_path, *, roles, include_duplicates: bool,
               period_map) -> Units:
    """Read segments (:func:`scotext.stagedata.read_segments`) and the document-term
    matrix; keep the analysed roles, without near-duplicates unless ``include_duplicates``
    (:func:`scotext.stagedata.select_units`); periods by
    :func:`scotext.stagedata.unit_periods`."""
    from scotext.corpus.dtm import load_dtm
    from scotext.stagedata import read_segments, select_units, unit_periods

    segments = read_segments(segments_path, columns=UNIT_COLUMNS)
    dtm, vocab = load_dtm(dtm_path, vocab_path)
    if dtm.shape[0] != len(segments):
        raise ValueError(f"{dtm_path} has {dtm.shape[0]} rows but {segments_path} has "
                         f"{len(segments)} segments: rerun the corpus stage")
    mask = select_units(segments, roles, include_duplicates)
    sel = segments[mask].reset_index(drop=True)
    return Units(sel, dtm[np.flatnonzero(mask)], vocab,
                 unit_periods(sel["year"].to_numpy(), period_map),
                 sel["doc_id"].to_numpy(dtype=object))
