"""Snakemake adapter: the units of the topic model and the held-out split."""

import sys
from pathlib import Path

# The analysis library of this very checkout (also works in a conda env without it installed).
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))

from scotext.logutil import start_job  # noqa: E402

log = start_job(snakemake)  # noqa: F821 (snakemake is injected; sets BLAS threads)


def main(sm):
    import pandas as pd

    from scotext.corpus.dtm import load_dtm, save_dtm
    from scotext.tables import atomic_write_text, write_csv
    from scotext.topics.data import completion_split
    from scotext.topics.search import search_rows, topic_units

    top = sm.params.top
    segments = pd.read_csv(sm.input.segments, keep_default_na=False)
    dtm, vocab = load_dtm(sm.input.dtm, sm.input.vocab)
    units, counts, terms, texts = topic_units(
        segments, dtm, vocab, roles=top["roles"], include_duplicates=top["include_duplicates"],
        unit=top["unit"], min_df=top["min_df"], max_df=top["max_df"])
    # the (K, seed) grid runs on these units (all of them unless the corpus is large)
    rows = search_rows(units["doc_id"], top["search_max_docs"], top["search_seed"])
    search = counts[rows]
    observed, heldout = completion_split(search, seed=top["split_seed"],
                                         heldout_share=top["heldout_share"])
    write_csv(units, sm.output.units)
    save_dtm(counts, terms, sm.output.counts, sm.output.terms)
    save_dtm(observed, terms, sm.output.observed, sm.output.terms)
    save_dtm(heldout, terms, sm.output.heldout, sm.output.terms)
    atomic_write_text(sm.output.search_rows, "".join(f"{i}\n" for i in rows))
    atomic_write_text(sm.output.texts, "".join(" ".join(texts[i]) + "\n" for i in rows))
    log.info("%d units (%s), %d terms, %d tokens", len(units), top["unit"], len(terms),
             counts.sum())
    log.info("search on %d units of %d documents (%d observed, %d held-out tokens)",
             len(rows), units["doc_id"].iloc[rows].nunique(), observed.sum(), heldout.sum())


main(snakemake)  # noqa: F821
