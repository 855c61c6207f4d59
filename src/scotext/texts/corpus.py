"""The corpus section of the summary and the corpus paragraph of the methods text.

Both say what the corpus *is* before any finding: documents, genres, machine translations,
which version of a duplicated event is analysed, and every document whose segmentation
needed a warning. Every number passes through ``ctx.cite``.
"""

from __future__ import annotations

from collections import Counter

REFERENCES = [
    "Denny, M. J. & Spirling, A. (2018). Text preprocessing for unsupervised learning: why it "
    "matters, when it misleads, and what to do about it. *Political Analysis*, 26(2), "
    "168-189.",
]


def _names(values) -> str:
    values = list(values)
    return ", ".join(values[:-1]) + " and " + values[-1] if len(values) > 1 else "".join(values)


def _canonical_pairs(ctx) -> list[tuple[str, str, int]]:
    """(flagged document, canonical document, segments flagged) per pair of versions."""
    dup = ctx.csv("duplicates")
    if dup.empty:
        return []
    counts = Counter(zip(dup["doc_id"], dup["duplicate_of_doc"]))
    return sorted((a, b, n) for (a, b), n in counts.items())


def _genres(ctx) -> str:
    docs = ctx.csv("documents")
    c = ctx.cite
    parts = []
    for genre, n in sorted(Counter(docs["genre"]).items()):
        parts.append(f"{genre.replace('_', ' ')} "
                     f"{c.count(n, 'documents', 'doc_id', {'genre': genre}, agg='count')}")
    return ", ".join(parts)


def _mt_docs(ctx) -> list[str]:
    docs = ctx.csv("documents")
    return sorted(docs.loc[docs["machine_translated"].astype(str) == "True", "doc_id"])


def summary(ctx) -> list[str]:
    c = ctx.cite
    docs = ctx.csv("documents")
    seg = ctx.csv("segments")
    years = sorted(docs["year"].astype(int).unique())
    speakers = sorted(docs["speaker"].unique())
    n_dup = len(ctx.csv("duplicates"))
    out = ["## Corpus", "",
           f"- {c.count(len(docs), 'documents', 'doc_id', agg='count')} documents "
           f"({', '.join(str(y) for y in years)}; {_genres(ctx)}), "
           f"{c.count(len(seg), 'segments', 'segment_id', agg='count')} paragraph segments, "
           f"{c.count(int(seg['n_tokens'].astype(int).sum()), 'segments', 'n_tokens', agg='sum')}"
           f" analysis tokens; officials: {', '.join(speakers)} (`corpus/documents.csv`, "
           "`corpus/segments.csv`, figure `corpus_overview`)."]
    for flagged, canonical, n in _canonical_pairs(ctx):
        out.append(f"- {c.count(n, 'duplicates', 'segment_id', {'doc_id': flagged, 'duplicate_of_doc': canonical}, agg='count')}"
                   f" segments of {flagged} repeat the fuller version {canonical} of the same "
                   f"event and are left out; {canonical} is the analysed version "
                   "(`tables/duplicates.csv`).")
    if not n_dup:
        out.append("- No near-duplicate segments between versions of one event "
                   "(`tables/duplicates.csv`).")
    mt = _mt_docs(ctx)
    if mt:
        out.append(f"- Machine-translated documents: {_names(mt)}; their wording is partly "
                   "the translation engine's, so any comparison involving them is also a "
                   "comparison of translations (`corpus/documents.csv`).")
    out.append("- Question turns per document: " + ", ".join(
        f"{d} {c.count(int(q), 'documents', 'n_question_turns', {'doc_id': d})}"
        for d, q in zip(docs["doc_id"], docs["n_question_turns"])) + " (`corpus/documents.csv`).")
    audit = ctx.csv("cleaning_audit")
    if "segment_warnings" in audit:
        warned = audit[audit["segment_warnings"].astype(str) != ""]
        for r in warned.itertuples():
            msg = c.text(r.segment_warnings, "cleaning_audit", "segment_warnings",
                         {"doc_id": r.doc_id})
            out.append(f"- Segmentation warning for {r.doc_id}: {msg} "
                       "(`tables/cleaning_audit.csv`).")
    return out + [""]


def methods(ctx) -> list[str]:
    cite = ctx.cite
    docs = ctx.csv("documents")
    audit = ctx.csv("cleaning_audit")
    cfg = ctx.config
    c, tk = cfg["cleaning"], cfg["tokens"]
    packages = ctx.provenance["packages"]

    def ver(name):
        return cite.text(packages[name], "provenance", f"packages.{name}")

    n_dup = len(ctx.csv("duplicates"))
    stop = {"project": f"the project's English stop list (`{tk.get('project_stopwords', '')}`: "
                       "scikit-learn's list without its negation, stance and content words "
                       "such as *not*, *no*, *against*, *without*, *system*; each removal is "
                       "listed with its reason in the file)",
            "sklearn": "scikit-learn's English stop list",
            "none": "no standard stop list"}[str(tk["standard_stopwords"])]
    excluded = (ctx.provenance or {}).get("excluded_documents", {})
    pairs = _canonical_pairs(ctx)
    canon = "; ".join(f"{canonical} is the analysed version of the event it shares with "
                      f"{flagged}" for flagged, canonical, _ in pairs)
    mt = _mt_docs(ctx)
    text = ("**Corpus.** The corpus holds "
            f"{cite.count(len(docs), 'documents', 'doc_id', agg='count')} documents "
            f"({_genres(ctx)}; "
            f"{cite.count(int(docs['n_segments'].astype(int).sum()), 'documents', 'n_segments', agg='sum')}"
            " paragraph segments)"
            + (f"; the sheet lists further documents that are excluded from every analysis "
               f"({_names(sorted(excluded))}, with their reasons in `provenance.json`)"
               if excluded else "")
            + ". Raw texts were verified against their recorded SHA-256 (or the digest was "
            "computed and recorded where the sheet left it blank) and decoded (UTF-8 with or "
            "without byte-order mark, CRLF, Windows-1252 and HTML are read to the same text); "
            "a text that is not English by the configured language check stops the run. "
            f"Web page furniture was removed by the rules of `{c['furniture']}` "
            f"({cite.count(int(audit['furniture_chars_removed'].astype(int).sum()), 'cleaning_audit', 'furniture_chars_removed', agg='sum')}"
            " characters); words glued where a "
            "scrape lost a space were split with SymSpell's probabilistic word segmentation "
            f"(symspellpy {ver('symspellpy')}) and its English frequency lexicon, "
            "only after a function word "
            f"({cite.count(int(audit['glued_tokens_split'].astype(int).sum()), 'cleaning_audit', 'glued_tokens_split', agg='sum')}"
            " tokens split). Paragraphs were grouped "
            "into speaker turns from the documents' structure (question/answer markers, dash-led "
            "dialogue, speaker labels, numbered items with or without the asking outlet, "
            "plain-paragraph questions, reported speech in news items); speeches and "
            "statements (sheet genre) are the official's own words; an interview without any "
            "question structure is attributed to the official with a warning. "
            "Near-duplicate segments across documents were flagged when "
            f"their word {cite.conf('dedup.shingle_size')}-shingle containment reached "
            f"{cite.conf('dedup.threshold')} between documents sharing at least "
            f"{cite.conf('dedup.min_doc_share')} of their segments "
            f"({cite.count(n_dup, 'duplicates', 'segment_id', agg='count')}"
            " segments), keeping the fuller document's copy"
            + (f" ({canon})" if canon else "")
            + "; the keyword sensitivity analysis reports what the other version as canonical "
            "gives (`tables/keyness_sensitivity.csv`). "
            + (f"{_names(mt)} {'is a machine translation' if len(mt) == 1 else 'are machine translations'}"
               " into English: wording, frequencies and frames measured on "
               f"{'it' if len(mt) == 1 else 'them'} are partly the translation engine's. "
               if mt else "")
            + "Analysis tokens are Unicode words, lower-cased, mapped to "
            f"{c['spelling_direction']} spelling, lemmatised (simplemma {ver('simplemma')}), with "
            "multi-word expressions joined (spaced and hyphenated forms alike) and "
            f"{stop} plus the domain stop list removed (Denny & Spirling 2018 show how such "
            "choices move results; see the sensitivity analysis).")
    conf = ctx.csv("confounds")
    n_comp = int((conf["side"] == "A").sum())          # two rows (sides) per comparison
    text += (" **Confounds.** Every comparison of the run "
             f"({cite.count(n_comp, 'confounds', 'comparison', {'side': 'A'}, agg='count')}"
             " comparisons of years, speakers and period groups over the three stages) is "
             "listed in `tables/confounds.csv` with what else differs between its sides, "
             "computed from the metadata of the documents on each side (speakers, years, "
             "genres, outlets, machine translation, documents, tokens); each figure and table "
             "prints the caveat of its own comparison, never a corpus-wide sentence.")
    return [text, ""]
