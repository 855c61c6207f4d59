"""The corpus section of the summary and the corpus paragraph of the methods text."""

from __future__ import annotations

REFERENCES: list[str] = []


def summary(ctx) -> list[str]:
    c = ctx.cite
    docs = ctx.csv("documents")
    seg = ctx.csv("segments")
    years = sorted(docs["year"].astype(int).unique())
    speakers = sorted(docs["speaker"].unique())
    n_dup = len(ctx.csv("duplicates"))
    return ["## Corpus", "",
            f"- {c.count(len(docs), 'documents', 'doc_id', agg='count')} documents "
            f"({', '.join(str(y) for y in years)}), "
            f"{c.count(len(seg), 'segments', 'segment_id', agg='count')} paragraph segments, "
            f"{c.count(int(seg['n_tokens'].astype(int).sum()), 'segments', 'n_tokens', agg='sum')}"
            f" analysis tokens; officials: {', '.join(speakers)} (`corpus/documents.csv`, "
            "`corpus/segments.csv`, figure `corpus_overview`).",
            f"- {c.count(n_dup, 'duplicates', 'segment_id', agg='count')}"
            " segments are near-duplicates of a fuller version of the same event and "
            "are left out of the analyses (`tables/duplicates.csv`).",
            "- Question turns per document: " + ", ".join(
                f"{d} {c.count(int(q), 'documents', 'n_question_turns', {'doc_id': d})}"
                for d, q in zip(docs["doc_id"], docs["n_question_turns"]))
            + " (`corpus/documents.csv`).", ""]


def methods(ctx) -> list[str]:
    cite = ctx.cite
    docs = ctx.csv("documents")
    seg = ctx.csv("segments")
    audit = ctx.csv("cleaning_audit")
    cfg = ctx.config
    c, dd = cfg["cleaning"], cfg["dedup"]
    packages = ctx.provenance["packages"]

    def ver(name):
        return cite.text(packages[name], "provenance", f"packages.{name}")

    n_dup = len(ctx.csv("duplicates"))
    return ["**Corpus.** The corpus holds "
            f"{cite.count(len(docs), 'documents', 'doc_id', agg='count')} documents "
            f"({cite.count(int(docs['n_segments'].astype(int).sum()), 'documents', 'n_segments', agg='sum')}"
            " paragraph segments). Raw "
            "texts were verified against their recorded SHA-256 and decoded (UTF-8 with or "
            "without byte-order mark, CRLF, Windows-1252 and HTML are read to the same text). "
            f"Web page furniture was removed by the rules of `{c['furniture']}` "
            f"({cite.count(int(audit['furniture_chars_removed'].astype(int).sum()), 'cleaning_audit', 'furniture_chars_removed', agg='sum')}"
            " characters); words glued where a "
            "scrape lost a space were split with SymSpell's probabilistic word segmentation "
            f"(symspellpy {ver('symspellpy')}) and its English frequency lexicon, "
            "only after a function word "
            f"({cite.count(int(audit['glued_tokens_split'].astype(int).sum()), 'cleaning_audit', 'glued_tokens_split', agg='sum')}"
            " tokens split). Paragraphs were grouped "
            "into speaker turns from the documents' structure (question/answer markers, dash-led "
            "dialogue, speaker labels, numbered items, plain-paragraph questions, reported "
            "speech in news items). Near-duplicate segments across documents were flagged when "
            f"their word {cite.conf('dedup.shingle_size')}-shingle containment reached "
            f"{cite.conf('dedup.threshold')} between documents sharing at least "
            f"{cite.conf('dedup.min_doc_share')} of their segments "
            f"({cite.count(n_dup, 'duplicates', 'segment_id', agg='count')}"
            " segments), keeping the "
            "fuller document's copy. Analysis tokens are lower-cased, mapped to "
            f"{c['spelling_direction']} spelling, lemmatised (simplemma {ver('simplemma')}), with "
            "multi-word expressions joined and English and domain stopwords removed.", ""]
