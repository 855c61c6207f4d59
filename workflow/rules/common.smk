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
from scotext.keywords.periods import make_contrasts, periods_of


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

# Documents cleaned and tokenised together (one job per document for small corpora).
BATCHES = assign_batches(DOC_IDS, config["batching"]["docs_per_job"],
                         config["batching"]["per_document_max"],
                         config["batching"]["max_jobs"])
BATCH_NAMES = list(BATCHES)


KW = config["keywords"]
PERIODS = periods_of([row["year"] for row in DOCUMENTS], KW["periods"])
try:
    CONTRASTS = make_contrasts(PERIODS, KW["contrasts"])
except ValueError as exc:
    raise WorkflowError(f"Invalid input, nothing was run: {exc}") from None
CONTRAST_NAMES = [c.name for c in CONTRASTS]


def contrast_specs():
    """Contrasts as plain data (a job parameter)."""
    return [
        {"name": c.name, "a": list(c.a), "b": list(c.b), "label_a": c.label_a,
         "label_b": c.label_b}
        for c in CONTRASTS
    ]


TOP = config["topics"]
TOPIC_SEEDS = [TOP["seed"] + i for i in range(TOP["n_seeds"])]
# The (K, seed) grid dealt into at most grid_jobs jobs, largest K first, round robin, so the
# jobs take about equally long; the number of jobs does not grow with the corpus.
_GRID = [(k, s) for k in sorted(TOP["k_grid"], reverse=True) for s in TOPIC_SEEDS]
GRID_PARTS = [_GRID[j :: TOP["grid_jobs"]] for j in range(min(TOP["grid_jobs"], len(_GRID)))]
# Large corpora: the grid runs on the units of a sample of search_max_docs documents, then
# the chosen K is refitted on all units with final_seeds seeds (topics_final_fit).
TOPIC_SAMPLED = len(DOC_IDS) > TOP["search_max_docs"]
FINAL_SEEDS = [TOP["seed"] + i for i in range(TOP["final_seeds"])] if TOPIC_SAMPLED else []
if TOP["engine"] == "tomotopy" and TOP["alpha"] == "asymmetric":
    raise WorkflowError(
        "Invalid input, nothing was run: config topics.alpha = asymmetric is a gensim "
        "setting; with topics.engine = tomotopy use symmetric or a number"
    )
if TOP["k"] != "auto" and TOP["k"] not in TOP["k_grid"]:
    raise WorkflowError(
        f"Invalid input, nothing was run: config topics.k = {TOP['k']} is not in "
        f"topics.k_grid {TOP['k_grid']}"
    )


def topic_grid_files(ext):
    return expand(f"{R}/topics/grid/part{{part}}.{ext}", part=range(len(GRID_PARTS)))


def get_grid_part(wildcards):
    """The (K, seed) pairs of one grid job (a job parameter)."""
    return [[k, s] for k, s in GRID_PARTS[int(wildcards.part)]]


def topic_final_inputs():
    """What the final model is built from: the grid's fits (search on all units) or the
    refits on all units (sampled search)."""
    if TOPIC_SAMPLED:
        return expand(f"{R}/topics/final/seed{{fseed}}.npz", fseed=FINAL_SEEDS)
    return topic_grid_files("npz")


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


def code_version(stage):
    """SHA-256 of the library code a stage runs (its package, the corpus package and the
    shared top-level modules): a job parameter, so editing the library reruns its jobs
    (Snakemake itself only watches the adapter script)."""
    src = Path(workflow.basedir) / "src" / "scotext"
    folders = [src, src / "corpus"] if stage == "corpus" else [src, src / "corpus", src / stage]
    digest = hashlib.sha256()
    for folder in folders:
        for f in sorted(folder.glob("*.py")):
            digest.update(f.relative_to(src).as_posix().encode())
            digest.update(f.read_bytes())
    return digest.hexdigest()[:16]


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
        "multiword": config["tokens"]["multiword"],
        "lemma_overrides": config["tokens"]["lemma_overrides"],
        "frames": config["framing"]["codebook"],
    }


def corpus_outputs():
    return [
        f"{R}/corpus/segments.csv",
        f"{R}/corpus/documents.csv",
        f"{R}/tables/corpus_summary.csv",
        f"{R}/tables/cleaning_audit.csv",
        f"{R}/tables/duplicates.csv",
        f"{R}/figures/corpus_overview.png",
    ]


def keyword_outputs():
    return (
        [
            f"{R}/tables/keyword_frequencies.csv",
            f"{R}/tables/tracked_keywords.csv",
            f"{R}/tables/keyness.csv",
            f"{R}/tables/keyness_doc_permutation.csv",
            f"{R}/figures/keywords_tracked.png",
            f"{R}/tables/kwic/tracked.csv",
        ]
        + expand(f"{R}/tables/kwic/{{contrast}}.csv", contrast=CONTRAST_NAMES)
        + expand(
            f"{R}/figures/keywords_{{kind}}_{{contrast}}.png",
            kind=["keyness", "fightin"],
            contrast=CONTRAST_NAMES,
        )
    )


def topic_outputs():
    tables = [
        "topic_model_selection",
        "topic_stability",
        "topic_terms",
        "topic_documents",
        "topic_prevalence",
        "topic_prevalence_differences",
        "topic_nmf_agreement",
    ]
    figures = ["topics_model_selection", "topics_terms", "topics_by_year", "topics_by_speaker"]
    return (
        expand(f"{R}/tables/{{t}}.{{ext}}", t=tables, ext=["csv", "tex"])
        + expand(f"{R}/figures/{{f}}.{{ext}}", f=figures, ext=["png", "pdf", "csv"])
        + [f"{R}/topics/segment_topics.csv"]
    )


FR = config["framing"]


def get_gold(wildcards):
    """The gold-standard file if it exists (validation runs where it does)."""
    return [FR["gold"]] if Path(FR["gold"]).is_file() else []


def framing_outputs():
    tables = [
        "frame_segments",
        "frame_salience",
        "frame_contrasts",
        "frame_transitions",
        "frame_transition_rates",
        "frame_validation",
        "frame_reliability",
        "speaker_distinctive_terms",
        "frame_kwic",
        "frame_top_terms",
        "frame_top_segments",
        "frame_coverage",
        "frame_seeded_agreement",
    ]
    figures = [
        "framing_by_speaker",
        "framing_by_role",
        "framing_by_year",
        "framing_transitions",
        "framing_documents",
    ]
    return [f"{R}/tables/{t}.csv" for t in tables] + expand(
        f"{R}/figures/{{f}}.{{ext}}", f=figures, ext=["png", "pdf", "csv"]
    )


def all_outputs():
    return (
        corpus_outputs()
        + keyword_outputs()
        + topic_outputs()
        + framing_outputs()
        + [f"{R}/provenance.json", f"{R}/summary.md", f"{R}/methods.md", f"{R}/README.md"]
    )
