"""Snakemake adapter: fit one part of the (K, seed) grid (held-out and full fits) on the
search units."""

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
    from scotext.tables import write_csv
    from scotext.topics.search import engine_settings, fit_batch

    top = sm.params.top
    counts, terms = load_dtm(sm.input.counts, sm.input.terms)
    rows = np.loadtxt(sm.input.search_rows, dtype=np.int64, ndmin=1)
    counts = counts[rows]
    observed, _ = load_dtm(sm.input.observed, sm.input.terms)
    heldout, _ = load_dtm(sm.input.heldout, sm.input.terms)
    with open(sm.input.texts, encoding="utf-8") as fh:
        texts = [line.split() for line in fh]
    settings = engine_settings(top)
    by_k = {}
    for k, seed in sm.params.pairs:
        by_k.setdefault(int(k), []).append(int(seed))
    metrics, arrays = [], {}
    for k, seeds in sorted(by_k.items()):
        rows_k, topic_word, doc_topic = fit_batch(
            counts, observed, heldout, terms, texts, k=k, seeds=seeds, settings=settings,
            topn=top["coherence_topn"], engine=top["engine"])
        metrics += rows_k
        for i, seed in enumerate(seeds):
            arrays[f"k{k}_s{seed}_topic_word"] = topic_word[i]
            arrays[f"k{k}_s{seed}_doc_topic"] = doc_topic[i]
        for r in rows_k:
            log.info("K=%d seed=%d held-out loglik/token %.4f c_npmi %.4f", r["k"], r["seed"],
                     r["heldout_loglik"], r["c_npmi"])
    tmp = Path(sm.output.arrays).with_suffix(".tmp.npz")
    np.savez_compressed(tmp, **arrays)
    tmp.replace(sm.output.arrays)
    write_csv(pd.DataFrame(metrics), sm.output.metrics)


main(snakemake)  # noqa: F821
