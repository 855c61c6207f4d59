# Topic stage: units -> cross-validated (K, replicate) grid of LDA fits (in grid_jobs parts;
# on a sample of documents when the corpus is large) -> per-K summaries and the choice of K
# -> the token-permuted null at that K and the verdict (is K identified?) -> final fits on
# all units -> terms, representative paragraphs, prevalence, NMF check.

TOP = config["topics"]
# The grid: K = 1 (the unigram baseline) and every K of k_grid, n_seeds replicates each
# (seed + r; held-out fold r mod folds), dealt into at most grid_jobs jobs, largest K
# first, round robin, so the jobs take about equally long; the number of jobs does not
# grow with the corpus.
# the keys of the engine settings (scotext.topics.search.engine_settings): the configured
# engine's own section only, so a change to the other engine's settings reruns nothing
ENGINE_KEYS = ("engine", "alpha", "eta", TOP["engine"])
_GRID = [(k, r, TOP["seed"] + r) for k in sorted({1} | set(TOP["k_grid"]), reverse=True)
         for r in range(TOP["n_seeds"])]
GRID_PARTS = [_GRID[j :: TOP["grid_jobs"]] for j in range(min(TOP["grid_jobs"], len(_GRID)))]
# Large corpora: the grid runs on the units of a sample of search_max_docs documents; the
# chosen K is always refitted on all units with final_seeds seeds (topics_final_fit, with
# the engine's final settings when search.json says the search was a sample).
FINAL_SEEDS = [TOP["seed"] + i for i in range(TOP["final_seeds"])]
if TOP["k"] != "auto" and TOP["k"] not in TOP["k_grid"]:
    raise WorkflowError(
        f"Invalid input, nothing was run: config topics.k = {TOP['k']} is not in "
        f"topics.k_grid {TOP['k_grid']}"
    )
if TOP["n_seeds"] < TOP["cv_folds"]:
    raise WorkflowError(
        f"Invalid input, nothing was run: config topics.n_seeds = {TOP['n_seeds']} is smaller "
        f"than topics.cv_folds = {TOP['cv_folds']}: every fold must be held out at least once "
        "(replicate r holds out fold r mod cv_folds); raise n_seeds or lower cv_folds"
    )


def topic_grid_files(ext):
    return expand(f"{R}/topics/grid/part{{part}}.{ext}", part=range(len(GRID_PARTS)))


def get_grid_part(wildcards):
    """The (K, replicate, seed) entries of one grid job (a job parameter)."""
    return [[k, r, s] for k, r, s in GRID_PARTS[int(wildcards.part)]]


def topic_outputs():
    tables = ["topic_k_selection", "topic_terms", "topic_documents", "topic_prevalence",
              "topic_prevalence_differences", "topic_nmf_agreement"]
    figures = ["topics_model_selection", "topics_terms", "topics_by_year", "topics_by_speaker"]
    return (
        expand(f"{R}/tables/{{t}}.{{ext}}", t=tables, ext=["csv", "tex"])
        + [f"{R}/tables/topic_model_selection.csv"]
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
        search_rows=f"{R}/topics/search_rows.txt",
        search=f"{R}/topics/search_units.npz",
    params:
        code=code_version("topics_units"),
        top=settings("topics", "roles", "include_duplicates", "unit", "min_df", "max_df", "search_max_docs", "search_seed", "cv_folds", "split_seed", "cv_by", "heldout_share", "null_seed"),
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
        search=rules.topics_units.output.search,
    output:
        arrays=f"{R}/topics/grid/part{{part}}.npz",
        metrics=f"{R}/topics/grid/part{{part}}.csv",
    params:
        code=code_version("topics_fit"),
        pairs=get_grid_part,
        top=settings("topics", *ENGINE_KEYS, "foldin_sweeps", "foldin_burn_in", "coherence_topn", "frex_weight", "exclusivity_weight"),
    log:
        f"{LOGS}/topics_fit/part{{part}}.log",
    benchmark:
        f"{R}/benchmarks/topics_fit/part{{part}}.tsv"
    group:
        "topic_grid"
    priority: 10  # the topic chain is the longest path: start it first
    threads: 1
    resources:
        mem_mb=mem_mb(300, 6),
        runtime=60,
    conda:
        "../envs/scotext.yaml"
    script:
        "../scripts/topics_fit.py"


rule topics_select:
    input:
        arrays=topic_grid_files("npz"),
        metrics=topic_grid_files("csv"),
        units=rules.topics_units.output.units,
        search_rows=rules.topics_units.output.search_rows,
        search=rules.topics_units.output.search,
    output:
        selection=report(
            f"{R}/tables/topic_model_selection.csv",
            caption="../report/topics_tables.rst",
            category="Topics",
        ),
        k_table=f"{R}/tables/topic_k_selection.csv",
        k_table_tex=f"{R}/tables/topic_k_selection.tex",
        search=f"{R}/topics/search.json",
    params:
        code=code_version("topics_select"),
        top=settings("topics", "engine", "k", "min_partition_share"),
        decimals=config["output"]["decimals"],
    log:
        f"{LOGS}/topics_select.log",
    benchmark:
        f"{R}/benchmarks/topics_select.tsv"
    priority: 10  # the topic chain is the longest path: start it first
    threads: 1
    resources:
        mem_mb=mem_mb(300, 2),
        runtime=20,
    conda:
        "../envs/scotext.yaml"
    script:
        "../scripts/topics_select.py"


rule topics_verdict:
    input:
        search=rules.topics_select.output.search,
        k_table=rules.topics_select.output.k_table,
        search_data=rules.topics_units.output.search,
    output:
        null=f"{R}/topics/null.csv",
        verdict=f"{R}/topics/verdict.json",
        verdict_rst=f"{R}/topics/verdict.rst",
        figure=report(
            f"{R}/figures/topics_model_selection.png",
            caption="../report/topics_model_selection.rst",
            category="Topics",
        ),
        figure_other=multiext(f"{R}/figures/topics_model_selection", ".pdf", ".csv"),
    params:
        code=code_version("topics_verdict"),
        top=settings("topics", *ENGINE_KEYS, "n_seeds", "seed", "foldin_sweeps", "foldin_burn_in", "coherence_topn", "frex_weight", "exclusivity_weight", "identify_level", "min_partition_share"),
    log:
        f"{LOGS}/topics_verdict.log",
    benchmark:
        f"{R}/benchmarks/topics_verdict.tsv"
    priority: 10  # the topic chain is the longest path: start it first
    threads: 1
    resources:
        mem_mb=mem_mb(300, 6),
        runtime=30,
    conda:
        "../envs/scotext.yaml"
    script:
        "../scripts/topics_verdict.py"


rule topics_final_fit:
    input:
        search=rules.topics_select.output.search,
        counts=rules.topics_units.output.counts,
        terms=rules.topics_units.output.terms,
    output:
        f"{R}/topics/final/seed{{fseed}}.npz",
    params:
        code=code_version("topics_final_fit"),
        top=settings("topics", *ENGINE_KEYS),
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
        search=rules.topics_select.output.search,
        verdict=rules.topics_verdict.output.verdict,
        fits=expand(f"{R}/topics/final/seed{{fseed}}.npz", fseed=FINAL_SEEDS),
        units=rules.topics_units.output.units,
        counts=rules.topics_units.output.counts,
        terms=rules.topics_units.output.terms,
    output:
        model=f"{R}/topics/model.json",
        topic_word=f"{R}/topics/topic_word.csv",
        aligned=f"{R}/topics/doc_topic_by_seed.npz",
        segment_topics=f"{R}/topics/segment_topics.csv",
    params:
        code=code_version("topics_final"),
        top=settings("topics", "stability_threshold", "frex_weight", "labels", "unit", "roles", "engine"),
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
        model=rules.topics_final.output.model,
        verdict=rules.topics_verdict.output.verdict_rst,
        topic_word=rules.topics_final.output.topic_word,
        segment_topics=rules.topics_final.output.segment_topics,
        units=rules.topics_units.output.units,
        counts=rules.topics_units.output.counts,
        terms=rules.topics_units.output.terms,
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
        code=code_version("topics_describe"),
        top=settings("topics", "top_terms", "frex_weight", "relevance_lambda", "representative_segments"),
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
        model=rules.topics_final.output.model,
        verdict=rules.topics_verdict.output.verdict_rst,
        aligned=rules.topics_final.output.aligned,
        units=rules.topics_units.output.units,
        counts=rules.topics_units.output.counts,
        terms=rules.topics_units.output.terms,
        documents=f"{R}/corpus/documents.csv",
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
        code=code_version("topics_prevalence"),
        top=settings("topics", "n_boot", "theta_draws", "boot_seed", "conf_level"),
        decimals=config["output"]["decimals"],
    log:
        f"{LOGS}/topics_prevalence.log",
    benchmark:
        f"{R}/benchmarks/topics_prevalence.tsv"
    priority: 10  # the topic chain is the longest path: start it first
    threads: 1
    resources:
        mem_mb=mem_mb(300, 4),
        runtime=20,
    conda:
        "../envs/scotext.yaml"
    script:
        "../scripts/topics_prevalence.py"


rule topics_nmf:
    input:
        model=rules.topics_final.output.model,
        verdict=rules.topics_verdict.output.verdict_rst,
        topic_word=rules.topics_final.output.topic_word,
        counts=rules.topics_units.output.counts,
        terms=rules.topics_units.output.terms,
    output:
        agreement=report(
            f"{R}/tables/topic_nmf_agreement.csv",
            caption="../report/topics_tables.rst",
            category="Topics",
        ),
        agreement_tex=f"{R}/tables/topic_nmf_agreement.tex",
    params:
        code=code_version("topics_nmf"),
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
