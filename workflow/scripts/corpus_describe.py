"""Snakemake adapter: document table, corpus summary, cleaning audit and overview figure."""

import sys
from pathlib import Path

# The analysis library of this very checkout (also works in a conda env without it installed).
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))

from scotext.logutil import start_job  # noqa: E402

log = start_job(snakemake)  # noqa: F821 (snakemake is injected; sets BLAS threads)


def audit_tex(audit, decimals):
    """One column per document (a few documents) or, for a larger corpus, totals and the
    spread over documents of every numeric measure."""
    import pandas as pd

    from scotext.tables import to_booktabs

    if len(audit) <= 10:    # one column per document reads better than 20 columns of counts
        wide = audit.set_index("doc_id").T.reset_index().rename(columns={"index": "measure"})
        return to_booktabs(wide.astype(str), caption="Cleaning audit: what was changed in "
                           "each document.", label="tab:cleaning-audit", decimals=decimals)
    num = audit.select_dtypes("number")
    table = pd.DataFrame({"measure": num.columns, "total": num.sum().to_numpy(),
                          "mean": num.mean().to_numpy(), "min": num.min().to_numpy(),
                          "max": num.max().to_numpy(),
                          "documents_nonzero": (num != 0).sum().to_numpy()})
    return to_booktabs(table, caption=f"Cleaning audit of {len(audit)} documents: what was "
                       "changed, in total and per document (cleaning_audit.csv has every "
                       "document).", label="tab:cleaning-audit", decimals=decimals)


def main(sm):
    from scotext.corpus.assemble import describe
    from scotext.corpus.overview import plot_overview
    from scotext.jsonio import iter_jsonl
    from scotext.stagedata import SEGMENTS, read_segments, write_documents
    from scotext.tables import atomic_write_text, write_csv, write_table

    segments = read_segments(sm.input.segments,
                             columns=[c for c in SEGMENTS if c not in ("text", "tokens")])
    docs = [{"meta": d["meta"], "audit": d["audit"]}
            for p in sm.input.tokens for d in iter_jsonl(p)]
    documents, summary, audit = describe(segments, docs, list(sm.params.documents))
    dec = sm.params.decimals
    write_documents(documents, sm.output.documents)
    write_table(summary, sm.output.summary, sm.output.summary_tex,
                caption="Corpus by year, speaker and role: documents, segments and analysis "
                        "tokens, all and after removing near-duplicate segments.",
                label="tab:corpus-summary", decimals=dec)
    write_csv(audit, sm.output.audit)
    atomic_write_text(sm.output.audit_tex, audit_tex(audit, dec))
    plot_overview(segments, sm.output.figure.removesuffix(".png"))


main(snakemake)  # noqa: F821
