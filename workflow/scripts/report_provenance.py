"""Snakemake adapter: provenance.json (inputs, settings, software; no timestamps)."""

import sys
from pathlib import Path

# The analysis library of this very checkout (also works in a conda env without it installed).
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))

from scotext.logutil import start_job  # noqa: E402

log = start_job(snakemake)  # noqa: F821 (snakemake is injected; sets BLAS threads)


def main(sm):
    from scotext.corpus.metadata import read_metadata
    from scotext.jsonio import write_json
    from scotext.provenance import provenance

    schema = Path(sm.params.workflow_dir) / "workflow" / "schemas" / "metadata.schema.yaml"
    rows = read_metadata(sm.input.sheet, schema)     # validated before the run: no errors
    record = provenance(dict(zip(sm.params.docs, sm.input.raw)),
                        dict(zip(sm.params.lexicon_names, sm.input.lexicons)),
                        sm.input.sheet, dict(sm.params.config), sm.params.workflow_dir,
                        sheet_rows=rows)
    write_json(record, sm.output[0])
    computed = sorted(d for d, e in record["raw_files"].items()
                      if e.get("sha256_check", "").startswith("computed"))
    if computed:
        log.info("SHA-256 computed, not checked (blank in the sheet): %s", ", ".join(computed))
    for doc, entry in record["excluded_documents"].items():
        log.info("excluded by the sheet, not analysed: %s (%s): %s", doc, entry["file"],
                 entry["reason"])
    log.info("workflow commit %s", record["workflow"]["commit"])


main(snakemake)  # noqa: F821
