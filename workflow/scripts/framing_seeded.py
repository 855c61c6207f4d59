"""Snakemake adapter: dictionary-seeded LDA and its agreement with the dictionary."""

import sys
from pathlib import Path

# The analysis library of this very checkout (also works in a conda env without it installed).
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))

from scotext.logutil import start_job  # noqa: E402

log = start_job(snakemake)  # noqa: F821 (snakemake is injected; sets BLAS threads)


def main(sm):
    import numpy as np

    from scotext.corpus.dtm import load_dtm
    from scotext.corpus.tokenizer_config import tokenizer_from_job
    from scotext.framing.codebook import load_codebook
    from scotext.framing.match import compile_codebook
    from scotext.framing.seeded import dictionary_agreement, fit_seeded, seed_words, topic_top_words
    from scotext.stagedata import read_segments, select_units
    from scotext.tables import write_csv, write_table
    from scotext.topics.search import search_rows

    fr, sd = sm.params.fr, sm.params.fr["seeded"]
    tokenizer = tokenizer_from_job(sm.input, sm.params.tokens, sm.params.spelling_direction)
    segments = read_segments(sm.input.segments, columns=["doc_id", "segment_id", "role",
                                                         "speaker", "year", "is_duplicate"])
    dtm, vocab = load_dtm(sm.input.dtm, sm.input.vocab)
    rows = np.flatnonzero(select_units(segments, fr["compare_roles"]))
    # a large corpus: the robustness check runs on the paragraphs of a sample of documents
    rows = rows[search_rows(segments["doc_id"].to_numpy()[rows], sd["max_docs"], sd["seed"])]
    units = dtm[rows]
    used = np.flatnonzero(np.asarray(units.sum(axis=0)).ravel() > 0)
    units, terms = units[:, used], [vocab[j] for j in used]
    seeds = seed_words(compile_codebook(load_codebook(sm.input.codebook), tokenizer), terms)
    fit = fit_seeded(units, terms, seeds, n_free=sd["n_free"], seed=sd["seed"],
                     seed_boost=sd["seed_boost"], passes=sd["passes"],
                     iterations=sd["iterations"])
    from scotext.framing.table import read_frame_scores

    fs = read_frame_scores(sm.input.frame_scores)
    agree = dictionary_agreement(fit.theta, fit.topics, fs,
                                 segments["segment_id"].to_numpy()[rows])
    write_table(agree, sm.output.agreement, sm.output.agreement_tex,
                caption="Robustness: a dictionary-seeded LDA (one topic per frame seeded "
                        f"with its patterns, {sd['n_free']} free topics) against the "
                        "dictionary, per answer paragraph: rank and linear correlation of the "
                        "frame's topic share with the dictionary's hits per 1,000 words, and "
                        "AUC of the topic share for dictionary presence.",
                label="tab:frame-seeded", decimals=sm.params.decimals)
    write_csv(topic_top_words(fit), sm.output.topics)
    log.info("seeded LDA: %d topics over %d units (of %d documents) x %d terms",
             len(fit.topics), units.shape[0], segments["doc_id"].iloc[rows].nunique(),
             units.shape[1])


main(snakemake)  # noqa: F821
