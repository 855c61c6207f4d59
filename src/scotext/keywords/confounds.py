"""The caveat of every keyword comparison, computed from the documents table.

A contrast of periods compares two sets of documents; :mod:`scotext.confound` names what
else differs between them (speakers, genres, outlets, machine translation, length, one
document a side). Here each side is profiled with the documents *and tokens the keyword
stage analyses* (the official's words of the configured roles, near-duplicates out), so the
sizes in the caveat are the sizes of the compared text.
"""

from __future__ import annotations

import numpy as np


def side_tokens(periods, docs, totals, side) -> dict[str, int]:
    """doc_id -> analysis tokens of the units of ``side`` (periods), documents with tokens
    only."""
    periods = np.asarray(periods, dtype=object)
    docs = np.asarray(docs, dtype=object)
    totals = np.asarray(totals, dtype=float)
    sel = np.isin(periods, list(side))
    out: dict[str, int] = {}
    for d, t in zip(docs[sel], totals[sel]):
        out[str(d)] = out.get(str(d), 0) + int(t)
    return {d: t for d, t in sorted(out.items()) if t > 0}


def contrast_profiles(documents, periods, docs, totals, contrast):
    """``(profile A, profile B)`` (:func:`scotext.confound.side_profile`)."""
    from scotext.confound import side_profile

    out = []
    for side in (contrast.a, contrast.b):
        tok = side_tokens(periods, docs, totals, side)
        out.append(side_profile(documents, list(tok), tok))
    return tuple(out)


def contrast_caveats(documents, periods, docs, totals, contrasts) -> dict[str, str]:
    """Contrast name -> the caveat sentence of that comparison
    (:func:`scotext.confound.contrast_caveat`, ``compared="year"``: periods are years or
    groups of years, so the years themselves are not a confound)."""
    from scotext.confound import contrast_caveat

    out = {}
    for con in contrasts:
        pa, pb = contrast_profiles(documents, periods, docs, totals, con)
        out[con.name] = contrast_caveat(pa, pb, con.label_a, con.label_b, compared="year")
    return out


def confound_table(documents, periods, docs, totals, contrasts):
    """The keyword rows of the confound table: two rows (side A, side B) per contrast
    (:func:`scotext.confound.confound_rows`, kind ``keywords``)."""
    import pandas as pd

    from scotext.confound import CONFOUND_COLUMNS, confound_rows

    rows = []
    for con in contrasts:
        pa, pb = contrast_profiles(documents, periods, docs, totals, con)
        rows += confound_rows(con.name, "keywords", con.label_a, pa, con.label_b, pb,
                              compared="year")
    return pd.DataFrame(rows, columns=CONFOUND_COLUMNS)


def periods_caveat(documents, periods, docs, totals, period_order) -> str:
    """The caveat of a figure that shows every period side by side
    (:func:`scotext.confound.groups_caveat`, ``compared="year"``)."""
    from scotext.confound import groups_caveat, side_profile

    profiles = {}
    for p in period_order:
        tok = side_tokens(periods, docs, totals, (p,))
        if tok:
            profiles[p] = side_profile(documents, list(tok), tok)
    return groups_caveat(profiles, compared="year")
