"""Snakemake adapter: top terms and representative paragraphs of every topic."""

import sys
from pathlib import Path

# The analysis library of this very checkout (also works in a conda env without it installed).
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))

from scotext.logutil import start_job  # noqa: E402

log = start_job(snakemake)  # noqa: F821 (snakemake is injected; sets BLAS threads)


def main(sm):
    import numpy as np
    import pandas as pd

    from scotext.corpus.dtm import load_dtm
    from scotext.jsonio import read_json
    from scotext.stagedata import read_units
    from scotext.tables import atomic_write_text, to_booktabs, write_csv
    from scotext.topics.plots import plot_topic_terms
    from scotext.topics.search import representative_units, topic_terms_table
    from scotext.topics.select import NOT_IDENTIFIED_MARK

    top = sm.params.top
    model = read_json(sm.input.model)
    k, identified = model["k"], bool(model["identified"])
    mark = "" if identified else f"{NOT_IDENTIFIED_MARK}. "
    counts, terms = load_dtm(sm.input.counts, sm.input.terms)
    tw = (pd.read_csv(sm.input.topic_word, keep_default_na=False)
          .pivot(index="topic", columns="term", values="probability")[terms].to_numpy())
    term_freq = np.asarray(counts.sum(axis=0)).ravel()
    stab, unstable, labels = model["stability"], model["unstable"], model["labels"]
    table = topic_terms_table(tw, terms, term_freq, labels, stab, unstable,
                              topn=top["top_terms"], frex_weight=top["frex_weight"],
                              lam=top["relevance_lambda"], identified=identified)
    write_csv(table, sm.output.terms)
    wide = (table.assign(term=table["term"].str.replace("_", " "))
            .groupby(["topic", "label", "unstable", "status", "measure"], sort=True)["term"]
            .agg(", ".join).unstack("measure").reset_index()
            [["topic", "label", "unstable", "status", "probability", "frex", "relevance"]])
    atomic_write_text(sm.output.terms_tex, to_booktabs(
        wide, caption=f"{mark}Topics of the final model (K={k}, reference seed "
        f"{model['seed']}): top {top['top_terms']} terms by probability, by FREX (weight "
        f"{top['frex_weight']}) and by relevance (lambda {top['relevance_lambda']}); "
        "'unstable' topics do not recur across seeds and should not be interpreted alone. "
        + model["verdict"], label="tab:topic-terms", decimals=sm.params.decimals))

    units = read_units(sm.input.units)
    seg_topics = pd.read_csv(sm.input.segment_topics, keep_default_na=False)
    theta = seg_topics[[f"topic_{t + 1}" for t in range(k)]].to_numpy()
    docs = representative_units(theta, units, labels, stab, unstable,
                                n=top["representative_segments"], identified=identified)
    write_csv(docs, sm.output.documents)
    atomic_write_text(sm.output.documents_tex, to_booktabs(
        docs[["topic", "rank", "segment_id", "year", "theta", "excerpt"]].assign(
            excerpt=docs["excerpt"].str.slice(0, 110) + "..."),
        caption=f"{mark}The most representative paragraphs of every topic (highest topic "
                "share theta), as in stm's findThoughts.", label="tab:topic-documents",
        decimals=sm.params.decimals))
    plot_topic_terms(table, sm.output.figure.removesuffix(".png"), k=k,
                     banner="" if identified else NOT_IDENTIFIED_MARK)
    log.info("K=%d (%s): %s", k, "identified" if identified else "not identified",
             "; ".join(f"{i + 1}: {lab}" for i, lab in enumerate(labels)))


main(snakemake)  # noqa: F821
