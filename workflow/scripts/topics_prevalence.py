"""Snakemake adapter: topic prevalence by year and by speaker, every pairwise difference,
with intervals (documents x theta posterior x seeds) and the caveat of each comparison."""

import sys
from pathlib import Path

# The analysis library of this very checkout (also works in a conda env without it installed).
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))

from scotext.logutil import start_job  # noqa: E402

log = start_job(snakemake)  # noqa: F821 (snakemake is injected; sets BLAS threads)


def main(sm):
    import numpy as np

    from scotext.corpus.dtm import load_dtm
    from scotext.jsonio import read_json
    from scotext.stagedata import read_documents, read_units
    from scotext.tables import atomic_write_text, to_booktabs, write_csv
    from scotext.topics.plots import plot_prevalence
    from scotext.topics.search import prevalence_tables
    from scotext.topics.select import NOT_IDENTIFIED_MARK

    top = sm.params.top
    model = read_json(sm.input.model)
    identified = bool(model["identified"])
    mark = "" if identified else f"{NOT_IDENTIFIED_MARK}. "
    units = read_units(sm.input.units, columns=["segment_id", "doc_id", "year", "speaker"])
    documents = read_documents(sm.input.documents)
    counts, _ = load_dtm(sm.input.counts, sm.input.terms)
    with np.load(sm.input.aligned) as z:
        posteriors = list(z["posterior"])
    prev, diff, captions = prevalence_tables(
        posteriors, units, documents, model,
        unit_tokens=np.asarray(counts.sum(axis=1)).ravel(), n_boot=top["n_boot"],
        n_draws=top["theta_draws"], seed=top["boot_seed"], level=top["conf_level"])
    write_csv(prev, sm.output.prevalence)
    write_csv(diff, sm.output.differences)
    dec = sm.params.decimals
    level = f"{top['conf_level']:.0%}"
    atomic_write_text(sm.output.prevalence_tex, to_booktabs(
        prev.drop(columns=["caveat", "status"]), caption=f"{mark}Topic prevalence (mean "
        "topic share of the modelled paragraphs) by year and by speaker, with "
        f"{level} intervals combining a cluster bootstrap over documents, draws of every "
        "paragraph's topic mixture from its posterior (method of composition) and the "
        "final seeds. A group of one document allows no inference to its year or speaker. "
        + " ".join(captions[v] for v in ("year", "speaker")),
        label="tab:topic-prevalence", decimals=dec))
    atomic_write_text(sm.output.differences_tex, to_booktabs(
        diff.drop(columns=["caveat", "status"]), caption=f"{mark}Every pairwise difference "
        f"in topic prevalence (b - a) with {level} intervals (same replicates); evidence: "
        "the level the documents on each side allow. The caveat of each comparison is in "
        "the CSV.", label="tab:topic-prevalence-differences", decimals=dec))
    for var, out in (("year", sm.output.by_year), ("speaker", sm.output.by_speaker)):
        plot_prevalence(prev[prev["group_var"] == var], out.removesuffix(".png"),
                        group_var=var, caveat=captions[var], level=top["conf_level"],
                        banner="" if identified else NOT_IDENTIFIED_MARK)
    log.info("prevalence: %d rows, differences: %d rows (%s)", len(prev), len(diff),
             "identified" if identified else "K not identified")


main(snakemake)  # noqa: F821
