"""Snakemake adapter: stability across seeds and the choice of K (the search)."""

import sys
from pathlib import Path

# The analysis library of this very checkout (also works in a conda env without it installed).
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))

from scotext.logutil import start_job  # noqa: E402

log = start_job(snakemake)  # noqa: F821 (snakemake is injected; sets BLAS threads)


def main(sm):
    import numpy as np
    import pandas as pd

    from scotext.jsonio import write_json
    from scotext.tables import write_csv, write_table
    from scotext.topics.plots import plot_model_selection
    from scotext.topics.search import select_model

    top = sm.params.top
    batches = []
    for arrays, metrics in zip(sm.input.arrays, sm.input.metrics):
        with np.load(arrays) as z:
            for row in pd.read_csv(metrics).to_dict("records"):
                key = f"k{row['k']}_s{row['seed']}"
                batches.append(([row], z[f"{key}_topic_word"][None],
                                z[f"{key}_doc_topic"][None]))
    res = select_model(batches, k_setting=top["k"], threshold=top["stability_threshold"])
    k = res["k"]
    log.info(res["reason"])

    sel = res["selection"]
    write_csv(sel, sm.output.selection)
    per_k = (sel.groupby("k").agg(
        n_seeds=("seed", "size"), heldout_loglik=("heldout_loglik", "mean"),
        heldout_sd=("heldout_loglik", "std"), c_npmi=("c_npmi", "mean"), c_v=("c_v", "mean"),
        exclusivity=("exclusivity", "mean"), stability=("stability", "mean"),
        chosen=("chosen", "first")).reset_index())
    from scotext.tables import atomic_write_text, to_booktabs
    atomic_write_text(sm.output.selection_tex, to_booktabs(
        per_k, caption="Topic model search: diagnostics per number of topics K (means over "
        f"{top['n_seeds']} seeds; held-out log-likelihood per token on document-completion "
        "halves the fits never saw). " + res["reason"].split(" K=")[0],
        label="tab:topic-model-selection", decimals=sm.params.decimals))
    stab = res["stability"]
    write_table(stab, sm.output.stability, sm.output.stability_tex,
                caption="Topic stability across seeds: for every topic of the reference "
                        "(most representative) seed of each K, the mean cosine of its "
                        "Hungarian-matched topic in the other seeds; unstable below "
                        f"{top['stability_threshold']}.",
                label="tab:topic-stability", decimals=sm.params.decimals)

    search_rows = np.loadtxt(sm.input.search_rows, dtype=np.int64, ndmin=1)
    units = pd.read_csv(sm.input.units, keep_default_na=False, usecols=["doc_id"])
    write_json({"k": k, "reason": res["reason"], "seed": res["seed"],
                "seeds": res["seeds"], "engine": top["engine"],
                "n_units": int(len(search_rows)),
                "n_docs": int(units["doc_id"].iloc[search_rows].nunique()),
                "sampled": bool(sm.params.sampled)}, sm.output.search)
    plot_model_selection(sel, k, sm.output.figure.removesuffix(".png"))


main(snakemake)  # noqa: F821
