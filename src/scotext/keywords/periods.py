"""Periods and contrasts, from the metadata and config; nothing hard-codes a year.

A period is the document's year by default, or a named group of years from the config
(``keywords.periods: {"Norov": [2019, 2020], "Ermekbaev": [2025]}``). Contrasts are
``"auto"`` (every pair of periods, and each period against the rest when there are more than
two) or an explicit list of ``[a, b]`` pairs where ``b`` may be ``"rest"``.
"""

from __future__ import annotations

from dataclasses import dataclass

from scotext.stagedata import period_of  # noqa: F401  (re-exported: one implementation)


@dataclass(frozen=True)
class Contrast:
    name: str
    a: tuple[str, ...]     # periods on side A
    b: tuple[str, ...]     # periods on side B
    label_a: str
    label_b: str


def periods_of(years, mapping) -> list[str]:
    """Sorted distinct period labels of the given years (by earliest year, then name)."""
    first: dict[str, int] = {}
    for y in years:
        p = period_of(y, mapping)
        first[p] = min(first.get(p, int(y)), int(y))
    return sorted(first, key=lambda p: (first[p], p))


def _slug(label: str) -> str:
    return "".join(ch if ch.isalnum() else "-" for ch in label).strip("-")


def make_contrasts(periods: list[str], spec) -> list[Contrast]:
    """The contrasts to compute, in a fixed order."""
    out: list[Contrast] = []
    if spec == "auto":
        for i, a in enumerate(periods):
            for b in periods[i + 1:]:
                out.append(Contrast(f"{_slug(a)}_vs_{_slug(b)}", (a,), (b,), a, b))
        if len(periods) > 2:
            for a in periods:
                rest = tuple(p for p in periods if p != a)
                out.append(Contrast(f"{_slug(a)}_vs_rest", (a,), rest, a, "rest"))
        return out
    for pair in spec:
        a, b = str(pair[0]), str(pair[1])
        if a not in periods:
            raise ValueError(f"config keywords.contrasts: unknown period '{a}' "
                             f"(periods are {', '.join(periods)})")
        if b == "rest":
            out.append(Contrast(f"{_slug(a)}_vs_rest", (a,),
                                tuple(p for p in periods if p != a), a, "rest"))
        elif b in periods and b != a:
            out.append(Contrast(f"{_slug(a)}_vs_{_slug(b)}", (a,), (b,), a, b))
        else:
            raise ValueError(f"config keywords.contrasts: unknown period '{b}' "
                             f"(periods are {', '.join(periods)}, or 'rest')")
    return out


def contrasts_from_specs(specs) -> list[Contrast]:
    """Contrasts passed as plain dicts (a Snakemake parameter) back to objects."""
    return [Contrast(s["name"], tuple(s["a"]), tuple(s["b"]), s["label_a"], s["label_b"])
            for s in specs]


PERIOD_COLUMNS = ["period", "years", "n_documents", "documents", "n_docs_analysed", "n_units",
                  "n_tokens", "analysable", "skipped_contrasts", "note"]


def period_table(documents, unit_periods, unit_docs, unit_totals, period_order, period_map,
                 contrasts=(), roles=()):
    """One row per period: its years and documents (from the documents table), the
    documents, units and analysis tokens the keyword stage analyses in it, whether it has
    any (``analysable``), and the contrasts skipped because a side has no tokens.

    A period without analysis tokens (every document of it gives the official no words of
    the analysed roles, or only words the tokenizer drops) cannot be compared: its
    contrasts are skipped (:func:`usable_contrasts`) and ``note`` names its documents and
    years, so that the run says why instead of failing."""
    import numpy as np
    import pandas as pd

    unit_periods = np.asarray(unit_periods, dtype=object)
    unit_docs = np.asarray(unit_docs, dtype=object)
    totals = np.asarray(unit_totals, dtype=float)
    doc_period = {str(d): period_of(y, period_map)
                  for d, y in zip(documents["doc_id"], documents["year"])}
    doc_year = {str(d): int(y) for d, y in zip(documents["doc_id"], documents["year"])}
    skipped = {c.name: c for c in contrasts if c not in usable_contrasts(
        contrasts, {p: float(totals[unit_periods == p].sum()) for p in period_order})}
    rows = []
    for p in period_order:
        docs = sorted(d for d, q in doc_period.items() if q == p)
        sel = unit_periods == p
        n_tok = int(totals[sel].sum())
        analysed = sorted({str(d) for d in unit_docs[sel]})
        skip = sorted(n for n, c in skipped.items() if p in c.a + c.b
                      and not _side_tokens(c.a if p in c.a else c.b, unit_periods, totals))
        note = ""
        if n_tok == 0:
            where = ", ".join(f"{d} ({doc_year[d]})" for d in docs) or "no document"
            note = (f"no analysable words: no analysis tokens in the roles "
                    f"{', '.join(roles) or 'analysed'} in {where}; contrasts with this period "
                    "alone on a side are skipped")
        rows.append({"period": p, "years": " ".join(str(y) for y in
                                                     sorted({doc_year[d] for d in docs})),
                     "n_documents": len(docs), "documents": " ".join(docs),
                     "n_docs_analysed": len(analysed), "n_units": int(sel.sum()),
                     "n_tokens": n_tok, "analysable": n_tok > 0,
                     "skipped_contrasts": " ".join(skip), "note": note})
    return pd.DataFrame(rows, columns=PERIOD_COLUMNS)


def _side_tokens(periods, unit_periods, totals) -> float:
    import numpy as np

    return float(totals[np.isin(unit_periods, list(periods))].sum())


def usable_contrasts(contrasts, period_tokens: dict) -> list[Contrast]:
    """The contrasts whose two sides both have analysis tokens (``period_tokens``: period
    -> tokens), in the given order."""
    def tokens(side):
        return sum(period_tokens.get(p, 0) for p in side)

    return [c for c in contrasts if tokens(c.a) > 0 and tokens(c.b) > 0]
