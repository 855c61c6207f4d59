"""Snakemake adapter: the final model of the chosen K (seeds aligned to the most
representative one), its verdict, labels, topic-word table and unit-topic shares."""

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
    from scotext.jsonio import read_json, write_json
    from scotext.stagedata import read_units
    from scotext.tables import write_csv
    from scotext.topics.search import final_from_fits, fit_loglik, topic_labels

    top = sm.params.top
    search = read_json(sm.input.search)
    verdict = read_json(sm.input.verdict)
    k = int(search["k"])
    seeds, topic_words, posteriors = [], [], []
    for path, seed in zip(sm.input.fits, sm.params.final_seeds):
        with np.load(path) as z:
            seeds.append(int(seed))
            topic_words.append(z["topic_word"])
            posteriors.append(z["posterior"])
    counts, _ = load_dtm(sm.input.counts, sm.input.terms)
    loglik = [fit_loglik(counts, tw, post) for tw, post in zip(topic_words, posteriors)]
    res = final_from_fits(seeds, topic_words, posteriors, threshold=top["stability_threshold"],
                          loglik=loglik)
    with open(sm.input.terms, encoding="utf-8") as fh:
        terms = [line.rstrip("\n") for line in fh]
    labels = topic_labels(res["topic_word"], terms, top["frex_weight"],
                          {str(t): v for t, v in top["labels"].items()})

    units = read_units(sm.input.units, columns=["segment_id", "doc_id", "year", "speaker"])
    aligned = res["doc_topic_by_seed"]                 # posterior parameters, aligned
    ref = aligned[res["reference"]]
    ref = ref / ref.sum(axis=1, keepdims=True)
    seg_topics = units.copy()
    for t in range(k):
        seg_topics[f"topic_{t + 1}"] = ref[:, t]
    write_csv(seg_topics, sm.output.segment_topics)
    tw = res["topic_word"]
    write_csv(pd.DataFrame({"topic": np.repeat(np.arange(1, k + 1), len(terms)),
                            "term": terms * k, "probability": tw.ravel()}),
              sm.output.topic_word)
    tmp = Path(sm.output.aligned).with_suffix(".tmp.npz")
    post = np.stack(aligned)
    np.savez_compressed(tmp, doc_topic=post / post.sum(axis=2, keepdims=True), posterior=post,
                        seeds=np.array(res["seeds"]))
    tmp.replace(sm.output.aligned)
    checks = verdict["checks"]
    write_json({"k": k, "rule_k": int(search["rule_k"]), "identified": verdict["identified"],
                "verdict": verdict["verdict"], "checks": checks, "null": verdict["null"],
                "seed": res["seed"], "reference_index": res["reference"],
                "seeds": res["seeds"], "fit_loglik": res["loglik"],
                "reason": search["reason"], "rule": search["rule"],
                "labels": labels,
                "stability": [float(x) for x in res["per_topic_stability"]],
                "unstable": [bool(x) for x in res["unstable"]],
                "unit": top["unit"], "roles": list(top["roles"]), "engine": top["engine"],
                "search": {key: search[key] for key in ("n_units", "n_docs", "sampled",
                                                        "n_folds", "fold_mode")},
                "fitted_on": "all units, refitted after a search on a sample of documents"
                if search["sampled"] else "all units, refitted after the search"},
               sm.output.model)
    log.info("final model: K=%d, %d seeds, reference seed %d; %s", k, len(res["seeds"]),
             res["seed"], verdict["verdict"])


main(snakemake)  # noqa: F821
