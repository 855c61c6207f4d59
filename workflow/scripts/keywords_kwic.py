"""Snakemake adapter: keyword-in-context lines for every reported term."""

import sys
from pathlib import Path

# The analysis library of this very checkout (also works in a conda env without it installed).
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))

from scotext.logutil import start_job  # noqa: E402

log = start_job(snakemake)  # noqa: F821 (snakemake is injected; sets BLAS threads)


def main(sm):
    from scotext.corpus.dtm import load_dtm
    from scotext.corpus.tokenizer_config import tokenizer_from_job
    from scotext.keywords.keyness import read_keyness, top_terms
    from scotext.keywords.kwic import kwic
    from scotext.keywords.periods import contrasts_from_specs
    from scotext.stagedata import read_segments, select_units, unit_periods
    from scotext.tables import write_csv

    kw = sm.params.kw
    tokenizer = tokenizer_from_job(sm.input, sm.params.tokens, sm.params.spelling_direction)
    segments = read_segments(sm.input.segments,
                             columns=["doc_id", "segment_id", "role", "year", "text",
                                      "is_duplicate"])
    units = segments[select_units(segments, kw["roles"], kw["include_duplicates"])]
    units = units.assign(period=unit_periods(units["year"].to_numpy(), kw["periods"]))
    keyness = read_keyness(sm.input.keyness)
    dtm, vocab = load_dtm(sm.input.dtm, sm.input.vocab)
    opts = dict(window=kw["kwic_window"], max_per_term=kw["kwic_max_per_term"],
                dtm=dtm.tocsc(), vocab=vocab)

    tracked_terms = sorted({t for terms in kw["tracked"].values() for t in terms})
    write_csv(kwic(units, tracked_terms, tokenizer, **opts), sm.output.tracked)
    for con, path in zip(contrasts_from_specs(sm.params.contrasts), sm.output.contrasts):
        terms = top_terms(keyness, con.name, kw["top_n"])["term"].tolist()
        side = units[units["period"].isin(con.a + con.b)]
        lines = kwic(side, terms, tokenizer, **opts)
        log.info("%s: %d terms, %d lines", con.name, len(terms), len(lines))
        write_csv(lines, path)


main(snakemake)  # noqa: F821
