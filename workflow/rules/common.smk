# Validation of config and document sheet, the document list, wildcard constraints and
# input functions. Runs when the workflow is parsed, i.e. before any job: bad input stops
# the run here with one message naming the file, row and field, and nothing is written.
import hashlib
import sys
from pathlib import Path

from snakemake.exceptions import WorkflowError
from snakemake.utils import validate

sys.path.insert(0, str(Path(workflow.basedir) / "src"))  # the analysis library of this checkout

from scotext.errors import InputError
from scotext.corpus.batches import assign_batches
from scotext.corpus.metadata import validate_corpus
from scotext.configio import coerce_to_schema, load_schema

# Nested --config values arrive as strings (YAML base loader): read them with the types the
# schema asks for before validating (scotext.configio).
config.update(coerce_to_schema(
    dict(config), load_schema(Path(workflow.basedir) / "workflow/schemas/config.schema.yaml")))
validate(config, "../schemas/config.schema.yaml")

R = config["results_dir"]
LOGS = f"{R}/logs"
METADATA_SCHEMA = str(Path(workflow.basedir) / "workflow/schemas/metadata.schema.yaml")

from scotext.corpus.metadata import excluded, included
from scotext.corpus.tokenizer_config import validate_lexicons

# File contents (SHA-256, decodability, language) and the lexicons are verified once, by
# the main process; jobs that a cluster runs as their own processes skip the re-read. Every
# problem of the sheet and of the lexicons is reported in one message, one line each.
_PROBLEMS = []
try:
    SHEET_ROWS = validate_corpus(
        config["metadata"],
        METADATA_SCHEMA,
        config["corpus_dir"],
        verify_files=workflow.is_main_process,
        language=config["language"],
    )
except InputError as exc:
    _PROBLEMS.append(str(exc))
if workflow.is_main_process:
    try:
        validate_lexicons(config)
    except InputError as exc:
        _PROBLEMS.append(str(exc))
if _PROBLEMS:
    raise WorkflowError("Invalid input, nothing was run: " + "\n".join(_PROBLEMS))

# Documents with exclude = true stay in the sheet and out of every analysis.
DOCUMENTS = included(SHEET_ROWS)
EXCLUDED = excluded(SHEET_ROWS)
if EXCLUDED and workflow.is_main_process:
    from snakemake.logging import logger

    logger.info(
        f"{len(EXCLUDED)} document(s) excluded by the sheet (column exclude), not analysed: "
        + "; ".join(f"{r['doc_id']} ({r['exclude_reason'] or 'no reason given'})"
                    for r in EXCLUDED))

DOC_IDS = [row["doc_id"] for row in DOCUMENTS]
DOC = {row["doc_id"]: row for row in DOCUMENTS}

# Documents cleaned and tokenised together (one job per document for small corpora).
BATCHES = assign_batches(DOC_IDS, config["batching"]["docs_per_job"],
                         config["batching"]["per_document_max"],
                         config["batching"]["max_jobs"])
BATCH_NAMES = list(BATCHES)


wildcard_constraints:
    batch="|".join(BATCH_NAMES),
    part=r"\d+",
    fseed=r"\d+",


def mem_mb(base, per_input_mb=0.0):
    """``resources: mem_mb`` of a rule: ``base`` MB plus ``per_input_mb`` MB per MB of the
    job's input files. The numbers are the rule's peak RSS in the benchmark at 10^3 to 10^5
    documents (benchmarks/results/latest.md), rounded up. Snakemake starts a job only while
    the declared memory of the running jobs fits the budget (``resources: mem_mb`` in
    profiles/default, or --resources mem_mb=...); a job that needs more runs alone."""

    def mem(wildcards, input):
        return int(base + per_input_mb * input.size_mb)

    return mem


def code_version(script):
    """Digest of the package modules ``workflow/scripts/<script>.py`` imports, transitively
    (scotext.codehash): a job parameter, so that editing a library module reruns exactly
    the jobs whose scripts import it (Snakemake itself only watches the script)."""
    from scotext.codehash import closure_digest

    base = Path(workflow.basedir)
    path = base / "workflow" / "scripts" / f"{script}.py"
    if not path.is_file():          # a stage name (until every rule names its script)
        return _stage_code_version(script)
    return closure_digest(path, base / "src")


def _stage_code_version(stage):
    src = Path(workflow.basedir) / "src" / "scotext"
    folders = [src, src / "corpus"] if stage == "corpus" else [src, src / "corpus", src / stage]
    digest = hashlib.sha256()
    for folder in folders:
        for f in sorted(folder.glob("*.py")):
            digest.update(f.relative_to(src).as_posix().encode())
            digest.update(f.read_bytes())
    return digest.hexdigest()[:16]


def settings(section, *keys):
    """The keys of one config section a rule's script reads (a job parameter): a change to
    any other key of the section does not rerun the job."""
    return {k: config[section][k] for k in keys}


def get_batch_raw_files(wildcards):
    return [str(Path(config["corpus_dir"]) / DOC[d]["file"]) for d in BATCHES[wildcards.batch]]


def get_batch_meta(wildcards):
    """The sheet rows of one batch's documents, as plain strings (a job parameter)."""
    return [
        {k: DOC[d].get(k, "")
         for k in ("doc_id", "date", "year", "speaker", "interviewer", "outlet", "genre")}
        for d in BATCHES[wildcards.batch]
    ]


def batch_files(kind):
    """The per-batch files of a corpus stage ("clean" or "tokens"), in batch order."""
    return expand(f"{R}/corpus/{kind}/{{batch}}.jsonl", batch=BATCH_NAMES)


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


def lexicon_files():
    """Every research-instrument file named in the config (name -> path)."""
    return {
        "furniture": config["cleaning"]["furniture"],
        "glue_prefixes": config["cleaning"]["glue_prefixes"],
        "spelling_variants": config["cleaning"]["spelling_variants"],
        "domain_stopwords": config["tokens"]["domain_stopwords"],
        "project_stopwords": config["tokens"]["project_stopwords"],
        "multiword": config["tokens"]["multiword"],
        "lemma_overrides": config["tokens"]["lemma_overrides"],
        "frames": config["framing"]["codebook"],
        "function_words": config["language"]["function_words"],
    }


def all_outputs():
    return (
        corpus_outputs()
        + keyword_outputs()
        + topic_outputs()
        + framing_outputs()
        + [f"{R}/tables/confounds.csv", f"{R}/tables/confounds.tex",
           f"{R}/provenance.json", f"{R}/summary.md", f"{R}/methods.md",
           f"{R}/texts_sources.csv", f"{R}/README.md"]
    )
