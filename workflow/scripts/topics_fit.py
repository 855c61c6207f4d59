"""Snakemake adapter: fit one K for a batch of seeds (held-out and full fits)."""

import sys
from pathlib import Path

# The analysis library of this very checkout (also works in a conda env without it installed).
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))

from scotext.logutil import start_log  # noqa: E402

log = start_log(snakemake.log[0])  # noqa: F821


def main(sm):
    import numpy as np
    import pandas as pd

    from scotext.corpus.dtm import load_dtm
    from scotext.tables import write_csv
    from scotext.topics.search import fit_batch

    top = sm.params.top
    counts, terms = load_dtm(sm.input.counts, sm.input.terms)
    observed, _ = load_dtm(sm.input.observed, sm.input.terms)
    heldout, _ = load_dtm(sm.input.heldout, sm.input.terms)
    with open(sm.input.texts, encoding="utf-8") as fh:
        texts = [line.split() for line in fh]
    settings = {"passes": top["passes"], "iterations": top["iterations"],
                "alpha": top["alpha"]}
    k = int(sm.wildcards.k)
    rows, topic_word, doc_topic = fit_batch(counts, observed, heldout, terms, texts, k=k,
                                            seeds=list(sm.params.seeds), settings=settings,
                                            topn=top["coherence_topn"])
    tmp = Path(sm.output.arrays).with_suffix(".tmp.npz")
    np.savez_compressed(tmp, seeds=np.array(list(sm.params.seeds)), topic_word=topic_word,
                        doc_topic=doc_topic)
    tmp.replace(sm.output.arrays)
    write_csv(pd.DataFrame(rows), sm.output.metrics)
    for r in rows:
        log.info("K=%d seed=%d held-out loglik/token %.4f c_npmi %.4f", r["k"], r["seed"],
                 r["heldout_loglik"], r["c_npmi"])


main(snakemake)  # noqa: F821
