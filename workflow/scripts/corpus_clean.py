"""Snakemake adapter: clean a batch of documents and split each into speaker turns."""

import sys
from pathlib import Path

# The analysis library of this very checkout (also works in a conda env without it installed).
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))

from scotext.logutil import start_job  # noqa: E402

log = start_job(snakemake)  # noqa: F821 (snakemake is injected; sets BLAS threads)


def main(sm):
    import yaml

    from scotext.corpus.clean import clean_document
    from scotext.corpus.furniture import FurnitureRules
    from scotext.corpus.glue import GlueSplitter, load_word_list
    from scotext.corpus.segment import segment_with_notes
    from scotext.jsonio import write_jsonl
    from scotext.stagedata import segment_id

    with open(sm.input.furniture, encoding="utf-8") as fh:
        rules = FurnitureRules.from_dict(yaml.safe_load(fh))
    splitter = GlueSplitter(load_word_list(sm.input.glue_prefixes), margin=sm.params.glue_margin)

    def cleaned_documents():
        for raw, meta in zip(sm.input.raw, sm.params.meta):
            meta = dict(meta)
            cleaned = clean_document(Path(raw).read_bytes(), raw, rules, splitter)
            result = segment_with_notes(cleaned.text, official=meta["speaker"],
                                        interviewer=meta["interviewer"],
                                        outlet=meta["outlet"], genre=meta.get("genre"))
            segments = result.segments
            for i, seg in enumerate(segments, start=1):
                seg["segment_id"] = segment_id(meta["doc_id"], i)
            audit = dict(cleaned.audit)
            audit["format"] = result.format
            audit["n_segments"] = len(segments)
            audit["n_question_turns"] = len({s["turn"] for s in segments
                                             if s["role"] == "question"})
            audit["official_words"] = result.official_words
            audit["segment_warnings"] = " | ".join(result.warnings)
            log.info("%s: %d segments (layout %s), %d question turns, %d words of the "
                     "official, %d glued tokens split", meta["doc_id"], len(segments),
                     result.format, audit["n_question_turns"], result.official_words,
                     audit["glued_tokens_split"])
            for warning in result.warnings:
                log.warning("%s (%s): %s", meta["doc_id"], raw, warning)
            yield {"meta": meta, "text": cleaned.text, "audit": audit,
                   "glue_changes": cleaned.glue_changes, "segments": segments}

    write_jsonl(cleaned_documents(), sm.output[0])


main(snakemake)  # noqa: F821
