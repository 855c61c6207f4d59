"""Snakemake adapter: the sensitivity of the key terms and of the frame-contrast signs to the
preprocessing and selection choices (config keywords.sensitivity)."""

import sys
from pathlib import Path

# The analysis library of this very checkout (also works in a conda env without it installed).
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))

from scotext.logutil import start_job  # noqa: E402

log = start_job(snakemake)  # noqa: F821 (snakemake is injected; sets BLAS threads)


def main(sm):
    from scotext.corpus.tokenizer_config import tokenizer_from_job
    from scotext.corpus.tokens import STANDARD_STOPWORD_CHOICES, load_stopwords
    from scotext.framing.codebook import load_codebook
    from scotext.framing.match import compile_codebook
    from scotext.keywords.periods import contrasts_from_specs
    from scotext.keywords.plots import plot_sensitivity
    from scotext.keywords.sensitivity import pair_caveats, sensitivity
    from scotext.stagedata import read_documents, read_segments
    from scotext.tables import atomic_write_text, to_booktabs, write_csv

    kw, sens, tokens = sm.params.kw, sm.params.kw["sensitivity"], sm.params.tokens
    base = tokenizer_from_job(sm.input, tokens, sm.params.spelling_direction)
    project = getattr(sm.input, "project_stopwords", None) or tokens.get("project_stopwords")
    stop_lists = {c: load_stopwords(sm.input.domain_stopwords, c, project)
                  for c in STANDARD_STOPWORD_CHOICES}
    compiled = compile_codebook(load_codebook(sm.input.codebook), base)
    segments = read_segments(sm.input.segments)
    keys, frames = sensitivity(
        segments, contrasts_from_specs(sm.params.contrasts), sens["variants"],
        base_tokenizer=base, stop_lists=stop_lists, roles=kw["roles"],
        include_duplicates=kw["include_duplicates"], period_map=kw["periods"],
        alpha0=kw["alpha0"], min_count=kw["min_count"], min_segments=kw["min_segments"],
        top_n=kw["top_n"], frame_roles=sm.params.frame_roles, compiled_codebook=compiled,
        frame_min_hits=sm.params.frame_min_hits, max_docs=sens["max_docs"], seed=kw["seed"],
        log=log)
    # what else differs between the speakers of the frame contrasts (panel b), from the sheet
    caveats = pair_caveats(segments, read_documents(sm.input.documents), frames,
                           roles=sm.params.frame_roles, include_duplicates=kw["include_duplicates"])
    if len(frames):
        frames["caveat"] = [caveats[(a, b)] for a, b in zip(frames["speaker_a"], frames["speaker_b"])]
    write_csv(keys, sm.output.table)
    write_csv(frames, sm.output.frames)
    n_docs = int(keys["n_docs_used"].iloc[0]) if len(keys) else 0
    atomic_write_text(sm.output.tex, to_booktabs(
        keys[["variant", "contrast", "side", "overlap", "n_main", "chance_overlap",
              "chance_high", "spearman_z"]],
        caption=f"Sensitivity of the key terms (Denny and Spirling 2018): for every variant of "
                f"the preprocessing or selection choices, the number of the top "
                f"{kw['top_n']} terms of each side of each contrast that the main analysis "
                "also has among its top terms (overlap, out of n_main). chance_overlap is the "
                "overlap a random draw of the variant's terms from the main analysis's ranked "
                "terms of that side would give on average (hypergeometric mean), chance_high "
                "its 97.5% quantile; spearman_z: rank correlation of the z-scores over the "
                f"terms ranked in both. {n_docs} documents. Variants: "
                + "; ".join(f"{r.variant}: {r.changes}" for r in
                            keys.drop_duplicates("variant").itertuples()) + ".",
        label="tab:keyness-sensitivity", decimals=sm.params.decimals))
    plot_sensitivity(keys, frames, sm.output.figure.removesuffix(".png"), top_n=kw["top_n"],
                     caveat=" ".join(
                         ["Panel a: what else differs between the periods of each contrast is "
                          "under its keyness figure and in tables/confounds.csv."]
                         + [f"Panel b ({a} vs {b}): {c}" for (a, b), c in caveats.items()]))
    for r in keys.itertuples():
        log.info("%s %s (more in %s): %d of %d shared (chance %.1f)", r.variant, r.contrast,
                 r.side, r.overlap, r.n_main, r.chance_overlap)
    flips = frames[~frames["same_sign"].astype(bool)] if len(frames) else frames
    log.info("frame contrasts: %d of %d signs differ from the main analysis", len(flips),
             len(frames))


main(snakemake)  # noqa: F821
