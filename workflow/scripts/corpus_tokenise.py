"""Snakemake adapter: analysis tokens for every segment of one document."""

import sys
from pathlib import Path

# The analysis library of this very checkout (also works in a conda env without it installed).
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))

from scotext.logutil import start_log  # noqa: E402

log = start_log(snakemake.log[0])  # noqa: F821


def main(sm):
    from scotext.corpus.spelling import load_spelling_map
    from scotext.corpus.tokens import Tokenizer, load_pairs, load_stopwords, read_lines
    from scotext.jsonio import read_json, write_json

    doc = read_json(sm.input.clean)
    spelling = load_spelling_map(sm.input.spelling_variants, sm.params.spelling_direction)
    tokenizer = Tokenizer(
        stopwords=load_stopwords(sm.input.domain_stopwords, sm.params.standard_stopwords),
        multiword=read_lines(sm.input.multiword),
        spelling=spelling,
        lemma_overrides=load_pairs(sm.input.lemma_overrides),
        min_chars=sm.params.min_chars,
        keep_numbers=sm.params.keep_numbers,
    )
    mapped = 0
    for seg in doc["segments"]:
        seg["tokens"] = tokenizer.tokens(seg["text"])
        mapped += sum(1 for w in tokenizer.words(seg["text"]) if w in spelling)
    doc["audit"]["spellings_mapped"] = mapped
    doc["audit"]["n_tokens"] = sum(len(s["tokens"]) for s in doc["segments"])
    log.info("%s: %d tokens, %d spellings mapped", doc["meta"]["doc_id"],
             doc["audit"]["n_tokens"], mapped)
    write_json(doc, sm.output[0])


main(snakemake)  # noqa: F821
