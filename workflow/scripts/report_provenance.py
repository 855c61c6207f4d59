"""Snakemake adapter: provenance.json (inputs, settings, software; no timestamps)."""

import sys
from pathlib import Path

# The analysis library of this very checkout (also works in a conda env without it installed).
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))

from scotext.logutil import start_job  # noqa: E402

log = start_job(snakemake)  # noqa: F821 (snakemake is injected; sets BLAS threads)


def main(sm):
    from scotext.jsonio import write_json
    from scotext.provenance import provenance

    record = provenance(dict(zip(sm.params.docs, sm.input.raw)),
                        dict(zip(sm.params.lexicon_names, sm.input.lexicons)),
                        sm.input.sheet, dict(sm.params.config), sm.params.workflow_dir)
    write_json(record, sm.output[0])
    log.info("workflow commit %s", record["workflow"]["commit"])


main(snakemake)  # noqa: F821
