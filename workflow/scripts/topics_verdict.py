"""Snakemake adapter: the null corpus fitted at the chosen K (same seeds, folds and
settings), and the verdict: is K identified?"""

import sys
from pathlib import Path

# The analysis library of this very checkout (also works in a conda env without it installed).
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))

from scotext.logutil import start_job  # noqa: E402

log = start_job(snakemake)  # noqa: F821 (snakemake is injected; sets BLAS threads)


def main(sm):
    import pandas as pd

    from scotext.jsonio import read_json, write_json
    from scotext.tables import atomic_write_text, write_csv
    from scotext.topics.data import load_matrices
    from scotext.topics.plots import plot_model_selection
    from scotext.topics.search import engine_settings, grid_entries, grid_fits, null_verdict
    from scotext.topics.select import verdict_rst

    top = sm.params.top
    search = read_json(sm.input.search)
    k, rule_k = int(search["k"]), int(search["rule_k"])
    table = pd.read_csv(sm.input.k_table)
    d = load_matrices(sm.input.search_data)
    data = {"counts": d["null"], "observed": d["null_observed"],
            "heldout": d["null_heldout"], "folds": d["folds"]}
    pairs = [e for e in grid_entries([k], top["n_seeds"], top["seed"]) if e[0] in (1, k)]
    rows, arrays = grid_fits(
        data, pairs, settings=engine_settings(top), engine=top["engine"],
        foldin={"sweeps": top["foldin_sweeps"], "burn_in": top["foldin_burn_in"]},
        topn=top["coherence_topn"], frex_weight=top["frex_weight"],
        excl_weight=top["exclusivity_weight"], log=log, label="null")
    null_sel = pd.DataFrame(rows).sort_values(["k", "replicate"], ignore_index=True)
    res = null_verdict(table, null_sel, arrays, k=k, rule_k=rule_k,
                       level=top["identify_level"], best_k=int(search["rule"]["best"]),
                       min_share=top["min_partition_share"])
    log.info(res["verdict"])
    write_csv(null_sel, sm.output.null)
    write_json({"k": k, "rule_k": rule_k, "identified": res["identified"],
                "verdict": res["verdict"], "checks": res["checks"], "null": res["null"]},
               sm.output.verdict)
    atomic_write_text(sm.output.verdict_rst, verdict_rst(res["identified"], res["verdict"]))
    plot_model_selection(table, res, sm.output.figure.removesuffix(".png"))


main(snakemake)  # noqa: F821
