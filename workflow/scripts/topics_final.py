"""Snakemake adapter: the final model of the chosen K (seeds aligned to the most
representative one), its labels, topic-word table and unit-topic shares."""

import sys
from pathlib import Path

# The analysis library of this very checkout (also works in a conda env without it installed).
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))

from scotext.logutil import start_job  # noqa: E402

log = start_job(snakemake)  # noqa: F821 (snakemake is injected; sets BLAS threads)


def main(sm):
    import numpy as np
    import pandas as pd

    from scotext.jsonio import read_json, write_json
    from scotext.tables import write_csv
    from scotext.topics.search import final_from_fits, topic_labels

    top = sm.params.top
    search = read_json(sm.input.search)
    k = int(search["k"])
    seeds, topic_words, doc_topics = [], [], []
    if sm.params.sampled:             # refits on all units, one file per seed
        for path, seed in zip(sm.input.fits, sm.params.final_seeds):
            with np.load(path) as z:
                seeds.append(int(seed))
                topic_words.append(z["topic_word"])
                doc_topics.append(z["doc_topic"])
    else:                             # the grid's fits of the chosen K (on all units)
        for path in sm.input.fits:
            with np.load(path) as z:
                for key in sorted(z.files):
                    if key.startswith(f"k{k}_s") and key.endswith("_topic_word"):
                        seeds.append(int(key.split("_")[1][1:]))
                        topic_words.append(z[key])
                        doc_topics.append(z[key.replace("_topic_word", "_doc_topic")])
    res = final_from_fits(seeds, topic_words, doc_topics, threshold=top["stability_threshold"])
    with open(sm.input.terms, encoding="utf-8") as fh:
        terms = [line.rstrip("\n") for line in fh]
    labels = topic_labels(res["topic_word"], terms, top["frex_weight"],
                          {str(t): v for t, v in top["labels"].items()})

    units = pd.read_csv(sm.input.units, keep_default_na=False,
                        usecols=["segment_id", "doc_id", "year", "speaker"])
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
                "seeds": res["seeds"], "reason": search["reason"], "labels": labels,
                "stability": [float(x) for x in res["per_topic_stability"]],
                "unstable": [bool(x) for x in res["unstable"]],
                "unit": top["unit"], "roles": list(top["roles"]), "engine": top["engine"],
                "search": {key: search[key] for key in ("n_units", "n_docs", "sampled")},
                "fitted_on": "all units, refitted after the search" if sm.params.sampled
                else "all units (the search's fits)"}, sm.output.model)
    log.info("final model: K=%d, %d seeds, reference seed %d", k, len(res["seeds"]),
             res["seed"])


main(snakemake)  # noqa: F821
