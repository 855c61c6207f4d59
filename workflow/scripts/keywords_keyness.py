"""Snakemake adapter: keyness table, its LaTeX summary, the document-level check, the
periods table and the keyword rows of the confound table."""

import sys
from pathlib import Path

# The analysis library of this very checkout (also works in a conda env without it installed).
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))

from scotext.logutil import start_job  # noqa: E402

log = start_job(snakemake)  # noqa: F821 (snakemake is injected; sets BLAS threads)


def main(sm):
    import pandas as pd

    from scotext.keywords.confounds import confound_table, contrast_caveats
    from scotext.keywords.keyness import (doc_permutation_table, keyness_table, summary_counts,
                                          top_terms)
    from scotext.keywords.periods import contrasts_from_specs, period_table, usable_contrasts
    from scotext.keywords.units import load_units
    from scotext.stagedata import read_documents
    from scotext.tables import atomic_write_text, to_booktabs, write_csv, write_table

    kw = sm.params.kw
    alpha = kw["significance"]
    contrasts = contrasts_from_specs(sm.params.contrasts)
    u = load_units(sm.input.segments, sm.input.dtm, sm.input.vocab, roles=kw["roles"],
                   include_duplicates=kw["include_duplicates"], period_map=kw["periods"])
    documents = read_documents(sm.input.documents)
    totals = u.totals
    periods = period_table(documents, u.periods, u.docs, totals, list(sm.params.periods),
                           kw["periods"], contrasts, kw["roles"])
    write_csv(periods, sm.output.periods)
    for row in periods[~periods["analysable"]].itertuples():
        log.warning("period %s: %s; skipped contrasts: %s", row.period, row.note,
                    row.skipped_contrasts or "none")
    usable = usable_contrasts(contrasts, dict(zip(periods["period"], periods["n_tokens"])))
    if not contrasts:
        log.warning("only one period (%s): no keyness contrasts", ", ".join(sm.params.periods))

    caveats = contrast_caveats(documents, u.periods, u.docs, totals, usable)
    write_csv(confound_table(documents, u.periods, u.docs, totals, usable), sm.output.confounds)
    table = keyness_table(u.counts, u.vocab, u.periods, u.docs, usable,
                          alpha0=kw["alpha0"], min_count=kw["min_count"],
                          min_segments=kw["min_segments"], conf=kw["conf_level"],
                          lrc_bonferroni=kw["lrc_bonferroni"], significance=alpha,
                          caveats=caveats)
    write_csv(table, sm.output.keyness)

    tops = {c.name: top_terms(table, c.name, kw["top_n"]) for c in usable}
    top = pd.concat([table.iloc[:0], *tops.values()], ignore_index=True)
    cols = ["contrast", "favours", "rank", "term", "count_a", "count_b", "log_ratio", "lr_low",
            "lr_high", "lrc", "p_exact", "q_exact", "q_g2", "z_log_odds"]
    per_contrast = []
    for c in usable:
        g = table[table["contrast"] == c.name].iloc[0]
        per_contrast.append(f"{c.name}: {int(g['family_size'])} ranked terms, "
                            f"{int(g['n_docs_a'])} vs {int(g['n_docs_b'])} documents, "
                            f"{g['evidence']}. {caveats[c.name]}")
    lrc_text = ("Bonferroni-corrected over the ranked terms" if kw["lrc_bonferroni"]
                else "not corrected for the number of terms")
    atomic_write_text(sm.output.top_tex, to_booktabs(
        top[cols].sort_values(["contrast", "favours", "rank"], kind="stable"),
        caption=f"Key terms of each contrast (top {kw['top_n']} per side by z of the "
                "log-odds with informative Dirichlet prior, among the ranked terms: count >= "
                f"{kw['min_count']} in >= {kw['min_segments']} segments). Log Ratio with its "
                f"exact {kw['conf_level']:.0%} interval (lr_low, lr_high; -inf/inf: a zero "
                f"count bounds the ratio on one side only); LRC: Evert's conservative Log "
                f"Ratio, {lrc_text}; p_exact: exact conditional binomial test; q: "
                "Benjamini-Hochberg over the ranked terms of the contrast (exact test; q_g2 "
                "for G2). Per contrast: " + " ".join(per_contrast),
        label="tab:keyness-top", decimals=sm.params.decimals))

    perm = doc_permutation_table(u.counts, u.vocab, u.periods, u.docs, usable,
                                 {n: list(t["term"]) for n, t in tops.items()},
                                 n_perm=kw["n_perm"], seed=kw["seed"],
                                 max_draws=kw["max_perm_draws"], significance=alpha,
                                 caveats=caveats)
    write_table(perm, sm.output.permutation, sm.output.permutation_tex,
                caption="Document-level permutation test of the reported key terms: "
                        "document labels permuted between the two sides; min_p_doc is the "
                        "smallest p the test can give with this many documents and "
                        "evidence says whether a document-level test is possible at all "
                        "('describes these documents': it is not). The caveat column "
                        "names what else differs between the sides.",
                label="tab:keyness-permutation", decimals=sm.params.decimals)
    summary = summary_counts(table, alpha, usable)
    write_csv(summary, sm.output.summary)
    atomic_write_text(sm.output.summary_tex, to_booktabs(
                summary.drop(columns=["label_a", "label_b", "caveat"]),
                caption="Keyness per contrast: the BH family (ranked terms), ranked terms with "
                        f"p < {alpha} and q < {alpha} under G2 and under the exact test, the "
                        f"number a null of no difference gives p < {alpha} on average "
                        "(chance_p_below), key terms under the conservative Log Ratio (LRC "
                        "!= 0, Bonferroni over lrc_tests terms), documents per side, the "
                        "smallest attainable document-level p and the evidence level. The "
                        "caveat of each contrast is in the CSV file.",
                label="tab:keyness-summary", decimals=sm.params.decimals))
    for r in summary.itertuples():
        log.info("%s: %d ranked terms (the BH family); p < %.2f: %d by G2, %d exact "
                 "(a null gives about %.1f); q < %.2f: %d by G2, %d exact; key terms "
                 "under LRC: %d; %s", r.contrast, r.family_size, alpha, r.p_g2_below,
                 r.p_exact_below, r.chance_p_below, alpha, r.q_g2_below, r.q_exact_below,
                 r.lrc_key_terms, r.evidence)

main(snakemake)  # noqa: F821
