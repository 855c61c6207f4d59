"""What else differs between the groups a comparison sets side by side, from the metadata.

A difference between two periods (or two speakers, or two genres) is a difference between
two sets of documents. Whatever else distinguishes those documents travels with it: who
speaks, in which genre, for which outlet, whether the English is a machine translation, how
long the documents are. This module computes, for one comparison, the profile of each side
and a caveat sentence that names exactly the dimensions on which the sides differ, so that a
figure or table carries the caveat of *its own* comparison, never a corpus-wide sentence.

- :func:`side_profile`: documents, tokens, speakers, years, genres, outlets and
  machine-translated documents of one side;
- :func:`contrast_caveat`: the sentence for side A against side B;
- :func:`groups_caveat`: the sentence for a figure that shows several groups at once;
- :func:`confound_rows`: one table row per side of a comparison (the confound table).

The documents table is ``results/corpus/documents.csv`` (read with
:func:`scotext.stagedata.read_documents`); ``tokens`` (doc_id -> analysed tokens) lets a
stage pass the size of what it analyses (answers only, say) instead of whole documents.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping

LENGTH_RATIO = 1.5   # mean document sizes differing by this factor or more are named


def _counter_text(counter: Counter, total: int) -> str:
    if not counter:
        return "none"
    parts = []
    for value, n in sorted(counter.items(), key=lambda x: (-x[1], str(x[0]))):
        parts.append(str(value) if n == total and len(counter) == 1 else f"{value} {n}")
    return ", ".join(parts)


def side_profile(documents, doc_ids: Iterable[str], tokens: Mapping[str, int] | None = None
                 ) -> dict:
    """Profile of the documents ``doc_ids`` (ids missing from ``documents`` are an error)."""
    ids = sorted({str(d) for d in doc_ids})
    rows = documents.set_index(documents["doc_id"].astype(str))
    missing = [d for d in ids if d not in rows.index]
    if missing:
        raise ValueError(f"documents not in the documents table: {', '.join(missing)}")
    sub = rows.loc[ids]
    if tokens is None:
        tok = {d: int(sub.loc[d, "n_tokens"]) for d in ids} if "n_tokens" in sub else {}
    else:
        tok = {d: int(tokens.get(d, 0)) for d in ids}
    mt = sub["machine_translated"].astype(bool) if "machine_translated" in sub else None
    return {
        "doc_ids": ids,
        "n_docs": len(ids),
        "n_tokens": int(sum(tok.values())),
        "mean_tokens": (sum(tok.values()) / len(ids)) if ids else 0.0,
        "speakers": Counter(sub["speaker"].astype(str)) if "speaker" in sub else Counter(),
        "years": Counter(sub["year"].astype(int)) if "year" in sub else Counter(),
        "genres": Counter(sub["genre"].astype(str)) if "genre" in sub else Counter(),
        "outlets": Counter(sub["outlet"].astype(str)) if "outlet" in sub else Counter(),
        "n_machine_translated": int(mt.sum()) if mt is not None else 0,
    }


def _shares(counter: Counter, n: int) -> dict:
    return {k: v / n for k, v in counter.items()} if n else {}


def _differs(a: Counter, na: int, b: Counter, nb: int) -> bool:
    return _shares(a, na) != _shares(b, nb)


def differing_dimensions(pa: dict, pb: dict, length_ratio: float = LENGTH_RATIO) -> list[str]:
    """The dimensions on which two side profiles differ, in a fixed order: speaker, year,
    genre, outlet, machine_translation, length."""
    out = []
    for name, key in (("speaker", "speakers"), ("year", "years"), ("genre", "genres"),
                      ("outlet", "outlets")):
        if _differs(pa[key], pa["n_docs"], pb[key], pb["n_docs"]):
            out.append(name)
    if pa["n_docs"] and pb["n_docs"] and (pa["n_machine_translated"] / pa["n_docs"]
                                          != pb["n_machine_translated"] / pb["n_docs"]):
        out.append("machine_translation")
    ma, mb = pa["mean_tokens"], pb["mean_tokens"]
    if ma > 0 and mb > 0 and max(ma, mb) / min(ma, mb) >= length_ratio:
        out.append("length")
    return out


def _side_text(label: str, p: dict) -> str:
    return (f"{label}: {p['n_docs']} document{'s' if p['n_docs'] != 1 else ''}, "
            f"{p['n_tokens']:,} tokens")


def contrast_caveat(pa: dict, pb: dict, label_a: str, label_b: str, *,
                    length_ratio: float = LENGTH_RATIO, compared: str = "") -> str:
    """One sentence naming what else differs between side A and side B.

    ``compared``: the dimension the comparison is about ("year", "speaker", ...), which is
    then not listed as a confound (it is the comparison itself)."""
    dims = [d for d in differing_dimensions(pa, pb, length_ratio) if d != compared]
    parts = []
    speakers_a, speakers_b = set(pa["speakers"]), set(pb["speakers"])
    for d in dims:
        if d == "speaker":
            if speakers_a.isdisjoint(speakers_b):
                parts.append(f"speaker ({label_a}: {_counter_text(pa['speakers'], pa['n_docs'])}; "
                             f"{label_b}: {_counter_text(pb['speakers'], pb['n_docs'])}: the "
                             "difference is also one between speakers)")
            else:
                parts.append(f"mix of speakers ({label_a}: "
                             f"{_counter_text(pa['speakers'], pa['n_docs'])}; {label_b}: "
                             f"{_counter_text(pb['speakers'], pb['n_docs'])})")
        elif d == "year":
            parts.append(f"year ({label_a}: {_counter_text(pa['years'], pa['n_docs'])}; "
                         f"{label_b}: {_counter_text(pb['years'], pb['n_docs'])})")
        elif d == "genre":
            parts.append(f"genre ({label_a}: {_counter_text(pa['genres'], pa['n_docs'])}; "
                         f"{label_b}: {_counter_text(pb['genres'], pb['n_docs'])})")
        elif d == "outlet":
            parts.append(f"outlet ({label_a}: {_counter_text(pa['outlets'], pa['n_docs'])}; "
                         f"{label_b}: {_counter_text(pb['outlets'], pb['n_docs'])})")
        elif d == "machine_translation":
            parts.append(f"machine translation ({label_a}: {pa['n_machine_translated']} "
                         f"of {pa['n_docs']} documents; {label_b}: {pb['n_machine_translated']} "
                         f"of {pb['n_docs']})")
        elif d == "length":
            parts.append(f"document length ({label_a}: {pa['mean_tokens']:,.0f} "
                         f"tokens per document; {label_b}: {pb['mean_tokens']:,.0f})")
    same = []
    if not speakers_a ^ speakers_b and len(speakers_a) == 1 and compared != "speaker":
        same.append(f"same speaker ({next(iter(speakers_a))})")
    sizes = f"{_side_text(label_a, pa)}; {_side_text(label_b, pb)}"
    if not parts:
        head = "No other difference in speaker, year, genre, outlet, translation or length"
        if compared:
            head = head.replace(f" {compared},", "").replace(f" {compared} ", " ")
        text = f"{head} ({sizes})"
    else:
        text = ("The sides also differ in " + "; ".join(parts) + f" ({sizes})")
        if same:
            text = same[0][0].upper() + same[0][1:] + ". " + text
    if min(pa["n_docs"], pb["n_docs"]) == 1:
        one = label_a if pa["n_docs"] == 1 else label_b
        text += (f". {one} is a single document: the comparison describes these documents "
                 "only")
    return text + "."


def groups_caveat(profiles: Mapping[str, dict], *, compared: str = "") -> str:
    """One sentence for a figure of several groups: each group's speakers, genres and
    machine-translated documents, and which of these vary across the groups."""
    if not profiles:
        return ""
    labels = list(profiles)
    varies = []
    for name, key in (("speaker", "speakers"), ("genre", "genres"), ("outlet", "outlets")):
        if name == compared:
            continue
        shapes = {tuple(sorted(_shares(p[key], p["n_docs"]).items())) for p in profiles.values()}
        if len(shapes) > 1:
            varies.append(name)
    mts = {p["n_machine_translated"] / p["n_docs"] if p["n_docs"] else 0
           for p in profiles.values()}
    if len(mts) > 1:
        varies.append("machine translation")
    bits = []
    for lab in labels:
        p = profiles[lab]
        desc = [f"{p['n_docs']} doc{'s' if p['n_docs'] != 1 else ''}"]
        if compared != "speaker":
            desc.append(_counter_text(p["speakers"], p["n_docs"]))
        desc.append(_counter_text(p["genres"], p["n_docs"]))
        if p["n_machine_translated"]:
            desc.append(f"{p['n_machine_translated']} machine-translated")
        bits.append(f"{lab}: {', '.join(desc)}")
    head = ("Groups also differ in " + ", ".join(varies) if varies
            else "Groups do not differ in speaker, genre, outlet or translation")
    single = [lab for lab in labels if profiles[lab]["n_docs"] == 1]
    tail = (f". Single-document groups ({', '.join(single)}) describe those documents only"
            if single else "")
    return f"{head} ({'; '.join(bits)}){tail}."


CONFOUND_COLUMNS = ["comparison", "kind", "side", "label", "n_docs", "n_tokens",
                    "mean_tokens_per_doc", "speakers", "years", "genres", "outlets",
                    "machine_translated_docs", "differs", "caveat"]


def confound_rows(comparison: str, kind: str, label_a: str, pa: dict, label_b: str,
                  pb: dict, *, compared: str = "", length_ratio: float = LENGTH_RATIO
                  ) -> list[dict]:
    """Two rows (side A, side B) of the confound table for one comparison."""
    caveat = contrast_caveat(pa, pb, label_a, label_b, compared=compared,
                             length_ratio=length_ratio)
    differs = ";".join(d for d in differing_dimensions(pa, pb, length_ratio) if d != compared)
    rows = []
    for side, lab, p in (("A", label_a, pa), ("B", label_b, pb)):
        rows.append({"comparison": comparison, "kind": kind, "side": side, "label": lab,
                     "n_docs": p["n_docs"], "n_tokens": p["n_tokens"],
                     "mean_tokens_per_doc": p["mean_tokens"],
                     "speakers": _counter_text(p["speakers"], p["n_docs"]),
                     "years": _counter_text(p["years"], p["n_docs"]),
                     "genres": _counter_text(p["genres"], p["n_docs"]),
                     "outlets": _counter_text(p["outlets"], p["n_docs"]),
                     "machine_translated_docs": p["n_machine_translated"],
                     "differs": differs, "caveat": caveat})
    return rows


def pairwise_confound_rows(units, documents, tokens: Mapping[str, int], *, kind: str,
                           group_vars=("year", "speaker"), prefix: str = "") -> list[dict]:
    """Confound rows of every pair of groups of ``units`` (a table with ``doc_id`` and the
    ``group_vars`` columns) for each group variable: the comparisons a stage reports as all
    pairwise differences (the topic prevalence differences). ``tokens``: doc_id -> the
    tokens the stage analyses; comparisons are named ``"{prefix}{var}: {a} vs {b}"``."""
    rows: list[dict] = []
    for var in group_vars:
        groups = sorted({str(g) for g in units[var]})
        docs_of = {g: sorted(set(units.loc[units[var].astype(str) == g, "doc_id"].astype(str)))
                   for g in groups}
        profiles = {g: side_profile(documents, docs_of[g], tokens) for g in groups}
        for i, a in enumerate(groups):
            for b in groups[i + 1:]:
                rows += confound_rows(f"{prefix}{var}: {a} vs {b}", var, a, profiles[a], b,
                                      profiles[b], compared=var)
    return rows


def merge_confound_tables(tables: Mapping[str, "object"]):
    """One confound table for the whole run: the rows of every stage (stage name -> its
    confound DataFrame with :data:`CONFOUND_COLUMNS`), a ``stage`` column first, in the
    order given, rows kept as the stages wrote them."""
    import pandas as pd

    parts = []
    for stage, df in tables.items():
        missing = [c for c in CONFOUND_COLUMNS if c not in df.columns]
        if missing:
            raise ValueError(f"{stage} confound rows lack the columns {', '.join(missing)}")
        parts.append(df[CONFOUND_COLUMNS].assign(stage=stage))
    cols = ["stage"] + CONFOUND_COLUMNS
    if not parts:
        return pd.DataFrame(columns=cols)
    return pd.concat(parts, ignore_index=True)[cols]
