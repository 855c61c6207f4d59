"""Gather the per-document results into the corpus tables every later stage reads."""

from __future__ import annotations

from collections.abc import Iterable

from scotext.corpus.dedup import (DEFAULT_MAX_SHINGLE_DF, encode_token_strings,
                                  find_duplicates_arrays)

SEGMENT_COLUMNS = ["doc_id", "segment_id", "turn", "role", "speaker", "year", "date", "text",
                   "tokens", "n_tokens", "is_duplicate", "duplicate_of"]
DOCUMENT_COLUMNS = ["doc_id", "file", "sha256", "date", "year", "speaker", "outlet", "genre",
                    "n_segments", "n_tokens"]


def fullness_rank(docs: list[dict]):
    """Key ordering documents from fullest (most tokens) to least; ties by date, doc_id."""
    key = {d["meta"]["doc_id"]: (-sum(len(s["tokens"]) for s in d["segments"]),
                                 d["meta"]["date"], d["meta"]["doc_id"]) for d in docs}
    return key.__getitem__


def build_segments(docs: Iterable[dict], *, shingle_size: int, threshold: float,
                   min_shingles: int, min_doc_share: float = 0.0,
                   max_shingle_df: int | None = DEFAULT_MAX_SHINGLE_DF,
                   events: dict[str, str] | None = None, rejected: list | None = None):
    """Return (segments DataFrame, duplicates DataFrame) from tokenised documents (any
    order, read one at a time: only the segment fields are kept); matches between
    documents that are not versions of each other go to ``rejected``."""
    import pandas as pd

    per_doc: dict[str, tuple] = {}
    for d in docs:
        m = d["meta"]
        per_doc[m["doc_id"]] = (int(m["year"]), m["date"], [
            (s["segment_id"], s["turn"], s["role"], s["speaker"], s["text"],
             " ".join(s["tokens"]), len(s["tokens"])) for s in d["segments"]])
    cols: dict[str, list] = {c: [] for c in SEGMENT_COLUMNS[:10]}
    rank = {}
    for doc_id in sorted(per_doc):
        year, date, segs = per_doc.pop(doc_id)
        rank[doc_id] = (-sum(s[6] for s in segs), date, doc_id)
        for seg_id, turn, role, speaker, text, tokens, n_tokens in segs:
            for c, v in zip(SEGMENT_COLUMNS[:10], (doc_id, seg_id, turn, role, speaker, year,
                                                   date, text, tokens, n_tokens)):
                cols[c].append(v)
    segments = pd.DataFrame(cols, columns=SEGMENT_COLUMNS[:10])
    del cols
    token_ids, offsets, _ = encode_token_strings(segments["tokens"])
    dups = find_duplicates_arrays(segments["doc_id"], segments["segment_id"], token_ids,
                                  offsets, rank, k=shingle_size, threshold=threshold,
                                  min_shingles=min_shingles, min_doc_share=min_doc_share,
                                  max_shingle_df=max_shingle_df, rejected=rejected)
    dup_of = {row["segment_id"]: row["duplicate_of"] for row in dups}
    segments["is_duplicate"] = segments["segment_id"].isin(list(dup_of))
    segments["duplicate_of"] = segments["segment_id"].map(dup_of).fillna("")
    involved = segments[segments["segment_id"].isin(set(dup_of) | set(dup_of.values()))]
    role = dict(zip(involved["segment_id"], involved["role"]))
    events = events or {}
    dup_cols = ["doc_id", "segment_id", "role", "duplicate_of_doc", "duplicate_of",
                "partner_role", "containment", "shared_shingles", "same_event"]
    duplicates = pd.DataFrame(
        [{**r, "role": role[r["segment_id"]], "partner_role": role[r["duplicate_of"]],
          "same_event": bool(events.get(r["doc_id"])) and
          events.get(r["doc_id"]) == events.get(r["duplicate_of_doc"])} for r in dups],
        columns=dup_cols)
    return segments, duplicates


def describe(segments, docs: list[dict], meta_rows: list[dict]):
    """Return (documents, corpus_summary, cleaning_audit) DataFrames."""
    import pandas as pd

    sheet = {str(r["doc_id"]): r for r in meta_rows}
    segments = segments.astype({"doc_id": str})
    # a document whose cleaning left no segment still gets its row (zeros), never a KeyError
    per_doc = (segments.groupby("doc_id").agg(n_segments=("segment_id", "size"),
                                              n_tokens=("n_tokens", "sum"),
                                              n_duplicate_segments=("is_duplicate", "sum"))
               .reindex(sorted(sheet), fill_value=0))
    q_turns = (segments[segments["role"] == "question"].groupby("doc_id")["turn"].nunique())
    documents = pd.DataFrame([
        {**{k: sheet[d][k] for k in DOCUMENT_COLUMNS[:8]},
         "n_segments": int(per_doc.loc[d, "n_segments"]),
         "n_tokens": int(per_doc.loc[d, "n_tokens"]),
         "n_question_turns": int(q_turns.get(d, 0)),
         "n_duplicate_segments": int(per_doc.loc[d, "n_duplicate_segments"]),
         "machine_translated": bool(sheet[d].get("machine_translated", False)),
         "event_id": sheet[d].get("event_id", ""),
         "interviewer": sheet[d].get("interviewer", "")}
        for d in sorted(sheet)])

    seg = segments.assign(dedup_tokens=segments["n_tokens"].where(~segments["is_duplicate"], 0),
                          dedup_segment=(~segments["is_duplicate"]).astype(int))
    summary = (seg.groupby(["year", "speaker", "role"], sort=True)
               .agg(n_documents=("doc_id", "nunique"), n_segments=("segment_id", "size"),
                    n_tokens=("n_tokens", "sum"), n_segments_dedup=("dedup_segment", "sum"),
                    n_tokens_dedup=("dedup_tokens", "sum"))
               .reset_index())

    audit_rows = []
    for d in sorted(docs, key=lambda d: d["meta"]["doc_id"]):
        audit_rows.append({"doc_id": d["meta"]["doc_id"], **d["audit"]})
    audit = pd.DataFrame(audit_rows)
    return documents, summary, audit
