"""Snakemake adapter: keyness table, its LaTeX summary and the document-level check."""

import sys
from pathlib import Path

# The analysis library of this very checkout (also works in a conda env without it installed).
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))

from scotext.logutil import start_job  # noqa: E402

log = start_job(snakemake)  # noqa: F821 (snakemake is injected; sets BLAS threads)


def main(sm):
    import pandas as pd

    from scotext.keywords.periods import contrasts_from_specs
    from scotext.keywords.keyness import doc_permutation_table, keyness_table, top_terms
    from scotext.keywords.units import load_units
    from scotext.tables import atomic_write_text, to_booktabs, write_csv, write_table

    kw = sm.params.kw
    contrasts = contrasts_from_specs(sm.params.contrasts)
    u = load_units(sm.input.segments, sm.input.dtm, sm.input.vocab, roles=kw["roles"],
                   include_duplicates=kw["include_duplicates"], period_map=kw["periods"])
    table = keyness_table(u.counts, u.vocab, u.periods, u.docs, contrasts,
                          alpha0=kw["alpha0"], min_count=kw["min_count"],
                          min_segments=kw["min_segments"], conf=kw["conf_level"],
                          lrc_bonferroni=kw["lrc_bonferroni"])
    write_csv(table, sm.output.keyness)
    if not contrasts:
        log.warning("only one period (%s): no keyness contrasts", ", ".join(sm.params.periods))

    tops = {c.name: top_terms(table, c.name, kw["top_n"]) for c in contrasts}
    top = pd.concat([table.iloc[:0], *tops.values()], ignore_index=True)
    cols = ["contrast", "favours", "rank", "term", "count_a", "count_b", "log_ratio", "lrc",
            "g2", "q_bh", "z_log_odds", "range_a", "range_b"]
    atomic_write_text(sm.output.top_tex, to_booktabs(
        top[cols].sort_values(["contrast", "favours", "rank"], kind="stable"),
        caption=f"Key terms of each contrast (top {kw['top_n']} per side by z of the "
                "log-odds with informative Dirichlet prior, among terms passing the "
                f"minimums: count >= {kw['min_count']}, segments >= {kw['min_segments']}). "
                "G2 is signed (positive: side A), no continuity correction; q: "
                "Benjamini-Hochberg within the contrast.",
        label="tab:keyness-top", decimals=sm.params.decimals))

    perm = doc_permutation_table(u.counts, u.vocab, u.periods, u.docs, contrasts,
                                 {n: list(t["term"]) for n, t in tops.items()},
                                 n_perm=kw["n_perm"], seed=kw["seed"],
                                 max_draws=kw["max_perm_draws"])
    write_table(perm, sm.output.permutation, sm.output.permutation_tex,
                caption="Document-level permutation test of the reported key terms: "
                        "document labels permuted between the two sides; min_p is the "
                        "smallest p the test can give with this many documents.",
                label="tab:keyness-permutation", decimals=sm.params.decimals)
    for c in contrasts:
        sub = table[(table["contrast"] == c.name) & table["ranked"]]
        log.info("%s: %d terms, %d ranked, %d with q < %.2f", c.name,
                 int((table["contrast"] == c.name).sum()), len(sub),
                 int((sub["q_bh"] < kw["significance"]).sum()), kw["significance"])


main(snakemake)  # noqa: F821
