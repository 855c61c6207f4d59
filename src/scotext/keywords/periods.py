"""Periods and contrasts, from the metadata and config; nothing hard-codes a year.

A period is the document's year by default, or a named group of years from the config
(``keywords.periods: {"Norov": [2019, 2020], "Ermekbaev": [2025]}``). Contrasts are
``"auto"`` (every pair of periods, and each period against the rest when there are more than
two) or an explicit list of ``[a, b]`` pairs where ``b`` may be ``"rest"``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Contrast:
    name: str
    a: tuple[str, ...]     # periods on side A
    b: tuple[str, ...]     # periods on side B
    label_a: str
    label_b: str


def period_of(year: int, mapping: dict[str, list[int]] | None) -> str:
    """The period label of a year: its group name, or the year itself."""
    for name, years in sorted((mapping or {}).items()):
        if int(year) in {int(y) for y in years}:
            return str(name)
    return str(year)


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
