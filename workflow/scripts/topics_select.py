"""Snakemake adapter: stability across seeds, the choice of K, the final model."""

import sys
from pathlib import Path

# The analysis library of this very checkout (also works in a conda env without it installed).
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))

from scotext.logutil import start_log  # noqa: E402

log = start_log(snakemake.log[0])  # noqa: F821


def main(sm):
    import numpy as np
    import pandas as pd

    from scotext.jsonio import write_json
    from scotext.tables import write_csv, write_table
    from scotext.topics.plots import plot_model_selection
    from scotext.topics.search import select_model, topic_labels

    top = sm.params.top
    batches = []
    for arrays, metrics in zip(sm.input.arrays, sm.input.metrics):
        with np.load(arrays) as z:
            batches.append((pd.read_csv(metrics).to_dict("records"), z["topic_word"],
                            z["doc_topic"]))
    with open(sm.input.terms, encoding="utf-8") as fh:
        terms = [line.rstrip("\n") for line in fh]
    res = select_model(batches, k_setting=top["k"], threshold=top["stability_threshold"])
    labels = topic_labels(res["topic_word"], terms, top["frex_weight"],
                          {str(k): v for k, v in top["labels"].items()})
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

    units = pd.read_csv(sm.input.units, keep_default_na=False)
    aligned = res["doc_topic_by_seed"]
    ref = aligned[res["reference"]]
    seg_topics = units[["segment_id", "doc_id", "year", "speaker"]].copy()
    for t in range(k):
        seg_topics[f"topic_{t + 1}"] = ref[:, t]
    write_csv(seg_topics, sm.output.segment_topics)
    tw = res["topic_word"]
    write_csv(pd.DataFrame({"topic": np.repeat(np.arange(1, k + 1), len(terms)),
                            "term": terms * k, "probability": tw.ravel()}),
              sm.output.topic_word)
    tmp = Path(sm.output.aligned).with_suffix(".tmp.npz")
    np.savez_compressed(tmp, doc_topic=np.stack(aligned), seeds=np.array(res["seeds"]))
    tmp.replace(sm.output.aligned)
    write_json({"k": k, "seed": res["seed"], "reference_index": res["reference"],
                "seeds": res["seeds"], "reason": res["reason"], "labels": labels,
                "stability": [float(x) for x in res["per_topic_stability"]],
                "unstable": [bool(x) for x in res["unstable"]],
                "unit": top["unit"], "roles": list(top["roles"])}, sm.output.model)
    plot_model_selection(sel, k, sm.output.figure.removesuffix(".png"))


main(snakemake)  # noqa: F821
