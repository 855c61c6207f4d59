"""Snakemake adapter: NMF on TF-IDF at the chosen K, aligned to the LDA topics."""

import sys
from pathlib import Path

# The analysis library of this very checkout (also works in a conda env without it installed).
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))

from scotext.logutil import start_job  # noqa: E402

log = start_job(snakemake)  # noqa: F821 (snakemake is injected; sets BLAS threads)


def main(sm):
    import pandas as pd

    from scotext.corpus.dtm import load_dtm
    from scotext.jsonio import read_json
    from scotext.tables import write_table
    from scotext.topics.nmf import agreement, nmf_topics
    from scotext.topics.search import status_word
    from scotext.topics.select import NOT_IDENTIFIED_MARK

    model = read_json(sm.input.model)
    counts, terms = load_dtm(sm.input.counts, sm.input.terms)
    lda = (pd.read_csv(sm.input.topic_word, keep_default_na=False)
           .pivot(index="topic", columns="term", values="probability")[terms].to_numpy())
    nmf = nmf_topics(counts, model["k"], seed=model["seed"])
    agree = agreement(lda, nmf)
    agree["topic"] = agree["topic"] + 1
    agree["matched_topic"] = agree["matched_topic"] + 1
    agree.insert(1, "label", [model["labels"][t - 1] for t in agree["topic"]])
    agree["unstable"] = [model["unstable"][t - 1] for t in agree["topic"]]
    agree["status"] = status_word(bool(model["identified"]))
    agree = agree.rename(columns={"matched_topic": "nmf_topic"})
    mark = "" if model["identified"] else f"{NOT_IDENTIFIED_MARK}. "
    write_table(agree, sm.output.agreement, sm.output.agreement_tex,
                caption=f"{mark}Robustness: NMF on TF-IDF at the same K={model['k']}, each LDA "
                        "topic matched to an NMF topic (Hungarian, topic-word cosine).",
                label="tab:topic-nmf-agreement", decimals=sm.params.decimals)
    log.info("NMF agreement: %s", ", ".join(f"{c:.2f}" for c in agree["cosine"]))


main(snakemake)  # noqa: F821
