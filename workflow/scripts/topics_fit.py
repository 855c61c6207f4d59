"""Snakemake adapter: fit one part of the cross-validated (K, replicate) grid on the search
units (``topics_null``: the same fits on the token-permuted null corpus)."""

import sys
from pathlib import Path

# The analysis library of this very checkout (also works in a conda env without it installed).
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))

from scotext.logutil import start_job  # noqa: E402

log = start_job(snakemake)  # noqa: F821 (snakemake is injected; sets BLAS threads)


def main(sm):
    import pandas as pd

    from scotext.tables import write_csv
    from scotext.topics.data import load_matrices, save_matrices
    from scotext.topics.search import engine_settings, grid_fits

    top = sm.params.top
    d = load_matrices(sm.input.search)
    data = {"counts": d["counts"], "observed": d["observed"], "heldout": d["heldout"],
            "folds": d["folds"]}
    rows, arrays = grid_fits(
        data, [tuple(p) for p in sm.params.pairs], settings=engine_settings(top),
        engine=top["engine"], foldin={"sweeps": top["foldin_sweeps"],
                                      "burn_in": top["foldin_burn_in"]},
        topn=top["coherence_topn"], frex_weight=top["frex_weight"],
        excl_weight=top["exclusivity_weight"], log=log)
    save_matrices(sm.output.arrays, **arrays)
    write_csv(pd.DataFrame(rows), sm.output.metrics)


main(snakemake)  # noqa: F821
