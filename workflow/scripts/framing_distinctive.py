"""Snakemake adapter: Fightin' Words between the Secretaries-General, overall and per frame."""

import sys
from pathlib import Path

# The analysis library of this very checkout (also works in a conda env without it installed).
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))

from scotext.logutil import start_job  # noqa: E402

log = start_job(snakemake)  # noqa: F821 (snakemake is injected; sets BLAS threads)


def main(sm):
    import pandas as pd

    from scotext.framing.distinctive import COLUMNS, fightin_words, top_distinctive
    from scotext.tables import atomic_write_text, to_booktabs, write_csv

    fr = sm.params.fr
    from scotext.framing.table import read_frame_scores
    from scotext.stagedata import read_documents, read_segments

    segments = read_segments(sm.input.segments, columns=["doc_id", "segment_id", "role",
                                                         "speaker", "year", "tokens",
                                                         "is_duplicate"])
    documents = read_documents(sm.input.documents)

    fs = read_frame_scores(sm.input.frame_scores)
    officials = sorted(set(segments.loc[segments["role"].isin(fr["compare_roles"]), "speaker"]))
    if len(officials) == 2:
        table = fightin_words(segments, fs, alpha0=fr["alpha0"], roles=fr["compare_roles"],
                              documents=documents)
    else:   # Fightin' Words compares two speakers
        log.warning("speakers in roles %s: %s; need exactly two: no comparison",
                    fr["compare_roles"], officials)
        table = pd.DataFrame(columns=COLUMNS)
    write_csv(table, sm.output.terms)
    top = top_distinctive(table, fr["distinctive_top"])
    cols = [c for c in ("scope", "favours", "term", "count_a", "count_b", "z")
            if c in top.columns]
    caveat = table["caveat"].iloc[0] if len(table) else ""
    atomic_write_text(sm.output.terms_tex, to_booktabs(
        top[cols] if cols else top, caption="Speaker-distinctive terms (Fightin' Words, "
        f"informative Dirichlet prior, alpha0 = {fr['alpha0']}) between the two officials, "
        f"overall and within each frame. {caveat}", label="tab:speaker-distinctive",
        decimals=sm.params.decimals))
    log.info("%d rows", len(table))


main(snakemake)  # noqa: F821
