"""Snakemake adapter: the confound table of every comparison of the run (keywords, topics,
framing), computed from the metadata of the documents on each side."""

import sys
from pathlib import Path

# The analysis library of this very checkout (also works in a conda env without it installed).
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))

from scotext.logutil import start_job  # noqa: E402

log = start_job(snakemake)  # noqa: F821 (snakemake is injected; sets BLAS threads)


def main(sm):
    import numpy as np
    import pandas as pd

    from scotext.confound import CONFOUND_COLUMNS, merge_confound_tables, pairwise_confound_rows
    from scotext.corpus.dtm import load_dtm
    from scotext.stagedata import read_documents, read_units
    from scotext.tables import atomic_write_text, to_booktabs, write_csv

    documents = read_documents(sm.input.documents)
    units = read_units(sm.input.topic_units, columns=["segment_id", "doc_id", "year", "speaker"])
    counts, _ = load_dtm(sm.input.topic_counts, sm.input.topic_terms)
    per_unit = np.asarray(counts.sum(axis=1)).ravel()
    tokens = (pd.Series(per_unit, index=units["doc_id"].astype(str).to_numpy())
              .groupby(level=0).sum().astype(int).to_dict())
    topic_rows = pd.DataFrame(pairwise_confound_rows(units, documents, tokens, kind="topics"),
                              columns=CONFOUND_COLUMNS)
    read = lambda p: pd.read_csv(p, keep_default_na=False, dtype={"label": str, "years": str})
    merged = merge_confound_tables({"keywords": read(sm.input.keywords),
                                    "topics": topic_rows,
                                    "framing": read(sm.input.framing)})
    write_csv(merged, sm.output.csv)
    cols = ["stage", "comparison", "side", "label", "n_docs", "n_tokens", "speakers", "years",
            "genres", "outlets", "machine_translated_docs", "differs"]
    atomic_write_text(sm.output.tex, to_booktabs(
        merged[cols], caption="What else differs between the sides of every comparison of "
        "the run (keywords, topic prevalence, framing), from the metadata of the documents on "
        "each side: documents, analysed tokens, speakers, years, genres, outlets and "
        "machine-translated documents; differs: the dimensions on which the sides differ "
        "besides the one compared. The CSV file gives each comparison's caveat sentence.",
        label="tab:confounds", decimals=sm.params.decimals, max_rows=None))
    log.info("%d confound rows (%d comparisons)", len(merged),
             merged[["stage", "comparison"]].drop_duplicates().shape[0])


main(snakemake)  # noqa: F821
