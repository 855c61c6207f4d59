"""Snakemake adapter: the per-K summaries of the cross-validated grid and the choice of K."""

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
    from scotext.stagedata import read_units
    from scotext.tables import write_csv, write_table
    from scotext.topics.data import load_matrices
    from scotext.topics.search import select_k, selection_table

    top = sm.params.top
    frames, arrays = [], {}
    for arr, metrics in zip(sm.input.arrays, sm.input.metrics):
        frames.append(pd.read_csv(metrics))
        arrays.update(load_matrices(arr))
    selection = pd.concat(frames, ignore_index=True).sort_values(["k", "replicate"],
                                                                  ignore_index=True)
    res = select_k(selection, arrays, k_setting=top["k"],
                   min_share=top["min_partition_share"])
    log.info(res["reason"])
    table = res["table"]
    write_csv(selection_table(selection, res["k"]), sm.output.selection)
    write_table(table, sm.output.k_table, sm.output.k_table_tex,
                caption="Topic model search, per number of topics K: held-out log-likelihood "
                "per token by document completion (mean over folds, SE over folds), its gain "
                "over the one-topic (unigram) model on the same folds, semantic coherence and "
                "exclusivity (stm), stability across seeds (top-word agreement, ARI of unit "
                "assignments), the coherence-exclusivity frontier and the one-SE rule. "
                + res["reason"], label="tab:topic-k-selection", decimals=sm.params.decimals)
    units = read_units(sm.input.units, columns=["doc_id"])
    rows = np.loadtxt(sm.input.search_rows, dtype=np.int64, ndmin=1)
    d = load_matrices(sm.input.search)
    write_json({"k": res["k"], "rule_k": res["rule_k"], "reason": res["reason"],
                "rule": res["rule"], "engine": top["engine"], "n_units": int(len(rows)),
                "n_docs": int(units["doc_id"].iloc[rows].nunique()),
                "n_folds": int(d["folds"].max()) + 1, "fold_mode": str(d["fold_mode"]),
                # from the data: the search ran on a sample only if it left units out (the
                # parse-time flag counts metadata documents, some of which may have no units)
                "sampled": bool(len(rows) < len(units))}, sm.output.search)


main(snakemake)  # noqa: F821
