# Topic stage: units -> (K, seed) grid of LDA fits (in grid_jobs parts; on a sample of
# documents when the corpus is large) -> diagnostics, stability and the choice of K ->
# final model (the grid's fits of that K, or refits on all units) -> terms, representative
# paragraphs, prevalence, NMF check.

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

rule topics_units:
    input:
        segments=f"{R}/corpus/segments.csv",
        dtm=f"{R}/corpus/dtm.npz",
        vocab=f"{R}/corpus/vocab.txt",
    output:
        units=f"{R}/topics/units.csv",
        counts=f"{R}/topics/units_counts.npz",
        terms=f"{R}/topics/units_terms.txt",
        observed=f"{R}/topics/units_observed.npz",
        heldout=f"{R}/topics/units_heldout.npz",
        texts=f"{R}/topics/units_texts.txt",
        search_rows=f"{R}/topics/search_rows.txt",
    params:
        code=code_version("topics"),
        top=TOP,
    log:
        f"{LOGS}/topics_units.log",
    benchmark:
        f"{R}/benchmarks/topics_units.tsv"
    priority: 10  # the topic chain is the longest path: start it first
    threads: 1
    resources:
        mem_mb=mem_mb(300, 4),
        runtime=10,
    conda:
        "../envs/scotext.yaml"
    script:
        "../scripts/topics_units.py"


rule topics_fit:
    input:
        counts=f"{R}/topics/units_counts.npz",
        terms=f"{R}/topics/units_terms.txt",
        observed=f"{R}/topics/units_observed.npz",
        heldout=f"{R}/topics/units_heldout.npz",
        texts=f"{R}/topics/units_texts.txt",
        search_rows=f"{R}/topics/search_rows.txt",
    output:
        arrays=f"{R}/topics/grid/part{{part}}.npz",
        metrics=f"{R}/topics/grid/part{{part}}.csv",
    params:
        code=code_version("topics"),
        pairs=get_grid_part,
        top=TOP,
    log:
        f"{LOGS}/topics_fit/part{{part}}.log",
    benchmark:
        f"{R}/benchmarks/topics_fit/part{{part}}.tsv"
    group:
        "topic_grid"
    priority: 10  # the topic chain is the longest path: start it first
    threads: 1
    resources:
        mem_mb=mem_mb(300, 2),
        runtime=60,
    conda:
        "../envs/scotext.yaml"
    script:
        "../scripts/topics_fit.py"


rule topics_select:
    input:
        arrays=topic_grid_files("npz"),
        metrics=topic_grid_files("csv"),
        units=f"{R}/topics/units.csv",
        search_rows=f"{R}/topics/search_rows.txt",
    output:
        selection=report(
            f"{R}/tables/topic_model_selection.csv",
            caption="../report/topics_tables.rst",
            category="Topics",
        ),
        selection_tex=f"{R}/tables/topic_model_selection.tex",
        stability=f"{R}/tables/topic_stability.csv",
        stability_tex=f"{R}/tables/topic_stability.tex",
        search=f"{R}/topics/search.json",
        figure=report(
            f"{R}/figures/topics_model_selection.png",
            caption="../report/topics_model_selection.rst",
            category="Topics",
        ),
        figure_other=multiext(f"{R}/figures/topics_model_selection", ".pdf", ".csv"),
    params:
        code=code_version("topics"),
        top=TOP,
        sampled=TOPIC_SAMPLED,
        decimals=config["output"]["decimals"],
    log:
        f"{LOGS}/topics_select.log",
    benchmark:
        f"{R}/benchmarks/topics_select.tsv"
    priority: 10  # the topic chain is the longest path: start it first
    threads: 1
    resources:
        mem_mb=mem_mb(300, 0.2),
        runtime=20,
    conda:
        "../envs/scotext.yaml"
    script:
        "../scripts/topics_select.py"


rule topics_final_fit:
    input:
        search=f"{R}/topics/search.json",
        counts=f"{R}/topics/units_counts.npz",
        terms=f"{R}/topics/units_terms.txt",
    output:
        f"{R}/topics/final/seed{{fseed}}.npz",
    params:
        code=code_version("topics"),
        top=TOP,
    log:
        f"{LOGS}/topics_final_fit/seed{{fseed}}.log",
    benchmark:
        f"{R}/benchmarks/topics_final_fit/seed{{fseed}}.tsv"
    priority: 10  # the topic chain is the longest path: start it first
    threads: 1
    resources:
        mem_mb=mem_mb(300, 22),
        runtime=120,
    conda:
        "../envs/scotext.yaml"
    script:
        "../scripts/topics_final_fit.py"


rule topics_final:
    input:
        search=f"{R}/topics/search.json",
        fits=topic_final_inputs(),
        units=f"{R}/topics/units.csv",
        terms=f"{R}/topics/units_terms.txt",
    output:
        model=f"{R}/topics/model.json",
        topic_word=f"{R}/topics/topic_word.csv",
        aligned=f"{R}/topics/doc_topic_by_seed.npz",
        segment_topics=f"{R}/topics/segment_topics.csv",
    params:
        code=code_version("topics"),
        top=TOP,
        sampled=TOPIC_SAMPLED,
        final_seeds=FINAL_SEEDS,
    log:
        f"{LOGS}/topics_final.log",
    benchmark:
        f"{R}/benchmarks/topics_final.tsv"
    priority: 10  # the topic chain is the longest path: start it first
    threads: 1
    resources:
        mem_mb=mem_mb(300, 1),
        runtime=20,
    conda:
        "../envs/scotext.yaml"
    script:
        "../scripts/topics_final.py"


rule topics_describe:
    input:
        model=f"{R}/topics/model.json",
        topic_word=f"{R}/topics/topic_word.csv",
        segment_topics=f"{R}/topics/segment_topics.csv",
        units=f"{R}/topics/units.csv",
        counts=f"{R}/topics/units_counts.npz",
        terms=f"{R}/topics/units_terms.txt",
    output:
        terms=report(
            f"{R}/tables/topic_terms.csv",
            caption="../report/topics_tables.rst",
            category="Topics",
        ),
        terms_tex=f"{R}/tables/topic_terms.tex",
        documents=f"{R}/tables/topic_documents.csv",
        documents_tex=f"{R}/tables/topic_documents.tex",
        figure=report(
            f"{R}/figures/topics_terms.png",
            caption="../report/topics_terms.rst",
            category="Topics",
        ),
        figure_other=multiext(f"{R}/figures/topics_terms", ".pdf", ".csv"),
    params:
        code=code_version("topics"),
        top=TOP,
        decimals=config["output"]["decimals"],
    log:
        f"{LOGS}/topics_describe.log",
    benchmark:
        f"{R}/benchmarks/topics_describe.tsv"
    priority: 10  # the topic chain is the longest path: start it first
    threads: 1
    resources:
        mem_mb=mem_mb(300, 1.8),
        runtime=10,
    conda:
        "../envs/scotext.yaml"
    script:
        "../scripts/topics_describe.py"


rule topics_prevalence:
    input:
        model=f"{R}/topics/model.json",
        aligned=f"{R}/topics/doc_topic_by_seed.npz",
        units=f"{R}/topics/units.csv",
    output:
        prevalence=report(
            f"{R}/tables/topic_prevalence.csv",
            caption="../report/topics_tables.rst",
            category="Topics",
        ),
        prevalence_tex=f"{R}/tables/topic_prevalence.tex",
        differences=f"{R}/tables/topic_prevalence_differences.csv",
        differences_tex=f"{R}/tables/topic_prevalence_differences.tex",
        by_year=report(
            f"{R}/figures/topics_by_year.png",
            caption="../report/topics_prevalence.rst",
            category="Topics",
        ),
        by_year_other=multiext(f"{R}/figures/topics_by_year", ".pdf", ".csv"),
        by_speaker=report(
            f"{R}/figures/topics_by_speaker.png",
            caption="../report/topics_prevalence.rst",
            category="Topics",
        ),
        by_speaker_other=multiext(f"{R}/figures/topics_by_speaker", ".pdf", ".csv"),
    params:
        code=code_version("topics"),
        top=TOP,
        decimals=config["output"]["decimals"],
    log:
        f"{LOGS}/topics_prevalence.log",
    benchmark:
        f"{R}/benchmarks/topics_prevalence.tsv"
    priority: 10  # the topic chain is the longest path: start it first
    threads: 1
    resources:
        mem_mb=mem_mb(300, 3),
        runtime=20,
    conda:
        "../envs/scotext.yaml"
    script:
        "../scripts/topics_prevalence.py"


rule topics_nmf:
    input:
        model=f"{R}/topics/model.json",
        topic_word=f"{R}/topics/topic_word.csv",
        counts=f"{R}/topics/units_counts.npz",
        terms=f"{R}/topics/units_terms.txt",
    output:
        agreement=report(
            f"{R}/tables/topic_nmf_agreement.csv",
            caption="../report/topics_tables.rst",
            category="Topics",
        ),
        agreement_tex=f"{R}/tables/topic_nmf_agreement.tex",
    params:
        code=code_version("topics"),
        top=TOP,
        decimals=config["output"]["decimals"],
    log:
        f"{LOGS}/topics_nmf.log",
    benchmark:
        f"{R}/benchmarks/topics_nmf.tsv"
    threads: 1
    resources:
        mem_mb=mem_mb(300, 25),
        runtime=10,
    conda:
        "../envs/scotext.yaml"
    script:
        "../scripts/topics_nmf.py"
