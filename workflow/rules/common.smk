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
TOPIC_BATCHES = [
    TOPIC_SEEDS[i : i + TOP["seeds_per_job"]]
    for i in range(0, len(TOPIC_SEEDS), TOP["seeds_per_job"])
]
if TOP["k"] != "auto" and TOP["k"] not in TOP["k_grid"]:
    raise WorkflowError(
        f"Invalid input, nothing was run: config topics.k = {TOP['k']} is not in "
        f"topics.k_grid {TOP['k_grid']}"
    )


def topic_grid_files(ext):
    return expand(
        f"{R}/topics/grid/k{{k}}_b{{b}}.{ext}",
        k=sorted(TOP["k_grid"]),
        b=range(len(TOPIC_BATCHES)),
    )


def get_batch_seeds(wildcards):
    return TOPIC_BATCHES[int(wildcards.b)]


wildcard_constraints:
    doc="|".join(DOC_IDS),
    k=r"\d+",
    b=r"\d+",


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
