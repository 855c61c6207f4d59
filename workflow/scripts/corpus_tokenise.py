"""Snakemake adapter: analysis tokens for every segment of a batch of documents."""

import sys
from pathlib import Path

# The analysis library of this very checkout (also works in a conda env without it installed).
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))

from scotext.logutil import start_job  # noqa: E402

log = start_job(snakemake)  # noqa: F821 (snakemake is injected; sets BLAS threads)


def main(sm):
    from scotext.corpus.tokenizer_config import tokenizer_from_job
    from scotext.jsonio import iter_jsonl, write_jsonl

    tokenizer = tokenizer_from_job(sm.input, sm.params.tokens, sm.params.spelling_direction)

    def tokenised_documents():
        for doc in iter_jsonl(sm.input.clean):
            mapped = 0
            for seg in doc["segments"]:
                seg["tokens"] = tokenizer.tokens(seg["text"])
                mapped += sum(1 for w in tokenizer.words(seg["text"]) if w in tokenizer.spelling)
            doc["audit"]["spellings_mapped"] = mapped
            doc["audit"]["n_tokens"] = sum(len(s["tokens"]) for s in doc["segments"])
            log.info("%s: %d tokens, %d spellings mapped", doc["meta"]["doc_id"],
                     doc["audit"]["n_tokens"], mapped)
            yield doc

    write_jsonl(tokenised_documents(), sm.output[0])


main(snakemake)  # noqa: F821
