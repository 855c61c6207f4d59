"""Snakemake adapter: the units of the topic model, the search sample, its folds, its
document-completion halves and the token-permuted null corpus."""

import sys
from pathlib import Path

# The analysis library of this very checkout (also works in a conda env without it installed).
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))

from scotext.logutil import start_job  # noqa: E402

log = start_job(snakemake)  # noqa: F821 (snakemake is injected; sets BLAS threads)


def main(sm):
    import numpy as np

    from scotext.corpus.dtm import load_dtm, save_dtm
    from scotext.stagedata import read_segments, write_units
    from scotext.tables import atomic_write_text
    from scotext.topics.data import completion_split, cv_folds, permute_tokens, save_matrices
    from scotext.topics.search import search_rows, topic_units

    top = sm.params.top
    segments = read_segments(sm.input.segments)
    dtm, vocab = load_dtm(sm.input.dtm, sm.input.vocab)
    units, counts, terms = topic_units(
        segments, dtm, vocab, roles=top["roles"], include_duplicates=top["include_duplicates"],
        unit=top["unit"], min_df=top["min_df"], max_df=top["max_df"])
    # the grid runs on these units (all of them unless the corpus is large)
    rows = search_rows(units["doc_id"], top["search_max_docs"], top["search_seed"])
    search = counts[rows]
    folds, mode = cv_folds(units["doc_id"].to_numpy()[rows], top["cv_folds"],
                           top["split_seed"], top["cv_by"])
    observed, heldout = completion_split(search, seed=top["split_seed"],
                                         heldout_share=top["heldout_share"])
    null = permute_tokens(search, seed=top["null_seed"])
    null_observed, null_heldout = completion_split(null, seed=top["split_seed"],
                                                   heldout_share=top["heldout_share"])
    write_units(units, sm.output.units)
    save_dtm(counts, terms, sm.output.counts, sm.output.terms)
    atomic_write_text(sm.output.search_rows, "".join(f"{i}\n" for i in rows))
    save_matrices(sm.output.search, counts=search, observed=observed, heldout=heldout,
                  null=null, null_observed=null_observed, null_heldout=null_heldout,
                  folds=folds.astype(np.int64), fold_mode=np.array(mode))
    log.info("%d units (%s), %d terms, %d tokens", len(units), top["unit"], len(terms),
             counts.sum())
    log.info("search on %d units of %d documents in %d folds by %s (%d observed, %d held-out "
             "tokens); null: the same tokens permuted across the units", len(rows),
             units["doc_id"].iloc[rows].nunique(), int(folds.max()) + 1, mode,
             observed.sum(), heldout.sum())


main(snakemake)  # noqa: F821
