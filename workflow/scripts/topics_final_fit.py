"""Snakemake adapter: one final fit of the chosen K on all units."""

import sys
from pathlib import Path

# The analysis library of this very checkout (also works in a conda env without it installed).
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))

from scotext.logutil import start_job  # noqa: E402

log = start_job(snakemake)  # noqa: F821 (snakemake is injected; sets BLAS threads)


def main(sm):
    import numpy as np

    from scotext.corpus.dtm import load_dtm
    from scotext.jsonio import read_json
    from scotext.topics.search import final_fit_settings, fit_final

    top = sm.params.top
    search = read_json(sm.input.search)
    k = int(search["k"])
    sampled = bool(search["sampled"])
    seed = int(sm.wildcards.fseed)
    counts, _ = load_dtm(sm.input.counts, sm.input.terms)
    topic_word, posterior = fit_final(counts, k=k, seed=seed,
                                      settings=final_fit_settings(top, search),
                                      engine=top["engine"])
    tmp = Path(sm.output[0]).with_suffix(".tmp.npz")
    np.savez_compressed(tmp, posterior=posterior, topic_word=topic_word)
    tmp.replace(sm.output[0])
    log.info("K=%d seed=%d fitted on %d units (%d tokens), %s settings", k, seed,
             counts.shape[0], counts.sum(), "final (sampled search)" if sampled else "search")


main(snakemake)  # noqa: F821
