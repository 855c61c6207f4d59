# Validation of config and document sheet, the document list, wildcard constraints and
# input functions. Runs when the workflow is parsed, i.e. before any job: bad input stops
# the run here with one message naming the file, row and field, and nothing is written.
import sys
from pathlib import Path

from snakemake.exceptions import WorkflowError
from snakemake.utils import validate

sys.path.insert(0, str(Path(workflow.basedir) / "src"))  # the analysis library of this checkout

from scotext.errors import InputError
from scotext.corpus.metadata import validate_corpus


validate(config, "../schemas/config.schema.yaml")

R = config["results_dir"]
LOGS = f"{R}/logs"
METADATA_SCHEMA = str(Path(workflow.basedir) / "workflow/schemas/metadata.schema.yaml")

try:
    # File contents (SHA-256, decodability) are verified once, by the main process;
    # jobs that a cluster runs as their own processes skip the re-read.
    DOCUMENTS = validate_corpus(
        config["metadata"],
        METADATA_SCHEMA,
        config["corpus_dir"],
        verify_files=workflow.is_main_process,
    )
except InputError as exc:
    raise WorkflowError(f"Invalid input, nothing was run: {exc}") from None

DOC_IDS = [row["doc_id"] for row in DOCUMENTS]
DOC = {row["doc_id"]: row for row in DOCUMENTS}


wildcard_constraints:
    doc="|".join(DOC_IDS),


def get_raw_file(wildcards):
    return str(Path(config["corpus_dir"]) / DOC[wildcards.doc]["file"])


def get_doc_meta(wildcards):
    """The sheet row of one document, as plain strings (a job parameter)."""
    row = DOC[wildcards.doc]
    return {
        k: row.get(k, "")
        for k in ("doc_id", "date", "year", "speaker", "interviewer", "outlet", "genre")
    }


def sheet_rows():
    """The document sheet as plain dicts (a job parameter; file paths stay relative)."""
    return [{k: v for k, v in DOC[d].items() if k not in ("path", "_row")} for d in DOC_IDS]


def lexicon_inputs(*keys):
    """Lexicon files named in config (section.key), as job inputs so edits rerun jobs."""
    out = {}
    for key in keys:
        section, name = key.split(".")
        out[name] = config[section][name]
    return out


def corpus_outputs():
    return [
        f"{R}/corpus/segments.csv",
        f"{R}/corpus/documents.csv",
        f"{R}/tables/corpus_summary.csv",
        f"{R}/tables/cleaning_audit.csv",
        f"{R}/tables/duplicates.csv",
        f"{R}/figures/corpus_overview.png",
    ]


def all_outputs():
    return corpus_outputs()
