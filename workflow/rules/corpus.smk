# Corpus stage: clean the documents (in batches, see BATCHES in common.smk), tokenise them,
# flag near-duplicate segments across documents, and describe the corpus. Raw files are
# only read.

def corpus_outputs():
    return [
        f"{R}/corpus/segments.csv",
        f"{R}/corpus/documents.csv",
        f"{R}/tables/corpus_summary.csv",
        f"{R}/tables/cleaning_audit.csv",
        f"{R}/tables/duplicates.csv",
        f"{R}/figures/corpus_overview.png",
    ]

rule corpus_clean:
    input:
        raw=get_batch_raw_files,
        **lexicon_inputs("cleaning.furniture", "cleaning.glue_prefixes"),
    output:
        f"{R}/corpus/clean/{{batch}}.jsonl",
    params:
        code=code_version("corpus_clean"),
        meta=get_batch_meta,
        glue_margin=config["cleaning"]["glue_margin"],
    log:
        f"{LOGS}/corpus_clean/{{batch}}.log",
    benchmark:
        f"{R}/benchmarks/corpus_clean/{{batch}}.tsv"
    group:
        "corpus_docs"
    threads: 1
    resources:
        mem_mb=mem_mb(300, 2),
        runtime=30,
    conda:
        "../envs/scotext.yaml"
    script:
        "../scripts/corpus_clean.py"


rule corpus_tokenise:
    input:
        clean=f"{R}/corpus/clean/{{batch}}.jsonl",
        **lexicon_inputs(
            "cleaning.spelling_variants",
            "tokens.domain_stopwords",
            "tokens.project_stopwords",
            "tokens.multiword",
            "tokens.lemma_overrides",
        ),
    output:
        f"{R}/corpus/tokens/{{batch}}.jsonl",
    params:
        code=code_version("corpus_tokenise"),
        spelling_direction=config["cleaning"]["spelling_direction"],
        tokens=config["tokens"],
    log:
        f"{LOGS}/corpus_tokenise/{{batch}}.log",
    benchmark:
        f"{R}/benchmarks/corpus_tokenise/{{batch}}.tsv"
    group:
        "corpus_docs"
    threads: 1
    resources:
        mem_mb=mem_mb(300, 1.5),
        runtime=30,
    conda:
        "../envs/scotext.yaml"
    script:
        "../scripts/corpus_tokenise.py"


rule corpus_deduplicate:
    input:
        batch_files("tokens"),
    output:
        segments=f"{R}/corpus/segments.csv",
        duplicates=report(
            f"{R}/tables/duplicates.csv",
            caption="../report/corpus_tables.rst",
            category="Corpus",
        ),
        duplicates_tex=f"{R}/tables/duplicates.tex",
    params:
        code=code_version("corpus_deduplicate"),
        dedup=config["dedup"],
        events={d: DOC[d].get("event_id", "") for d in DOC_IDS},
        decimals=config["output"]["decimals"],
    log:
        f"{LOGS}/corpus_deduplicate.log",
    benchmark:
        f"{R}/benchmarks/corpus_deduplicate.tsv"
    threads: 1
    resources:
        mem_mb=mem_mb(300, 1.7),
        runtime=10,
    conda:
        "../envs/scotext.yaml"
    script:
        "../scripts/corpus_deduplicate.py"


rule corpus_describe:
    input:
        segments=f"{R}/corpus/segments.csv",
        tokens=batch_files("tokens"),
    output:
        documents=f"{R}/corpus/documents.csv",
        summary=report(
            f"{R}/tables/corpus_summary.csv",
            caption="../report/corpus_tables.rst",
            category="Corpus",
        ),
        summary_tex=f"{R}/tables/corpus_summary.tex",
        audit=report(
            f"{R}/tables/cleaning_audit.csv",
            caption="../report/corpus_tables.rst",
            category="Corpus",
        ),
        audit_tex=f"{R}/tables/cleaning_audit.tex",
        figure=report(
            f"{R}/figures/corpus_overview.png",
            caption="../report/corpus_overview.rst",
            category="Corpus",
        ),
        figure_pdf=f"{R}/figures/corpus_overview.pdf",
        figure_data=f"{R}/figures/corpus_overview.csv",
    params:
        code=code_version("corpus_describe"),
        documents=sheet_rows(),
        decimals=config["output"]["decimals"],
    log:
        f"{LOGS}/corpus_describe.log",
    benchmark:
        f"{R}/benchmarks/corpus_describe.tsv"
    threads: 1
    resources:
        mem_mb=mem_mb(300, 0.65),
        runtime=5,
    conda:
        "../envs/scotext.yaml"
    script:
        "../scripts/corpus_describe.py"


rule corpus_dtm:
    input:
        segments=f"{R}/corpus/segments.csv",
    output:
        dtm=f"{R}/corpus/dtm.npz",
        vocab=f"{R}/corpus/vocab.txt",
    params:
        code=code_version("corpus_dtm"),
    log:
        f"{LOGS}/corpus_dtm.log",
    benchmark:
        f"{R}/benchmarks/corpus_dtm.tsv"
    priority: 10  # feeds the topic chain, the longest path
    threads: 1
    resources:
        mem_mb=mem_mb(300, 1.3),
        runtime=10,
    conda:
        "../envs/scotext.yaml"
    script:
        "../scripts/corpus_dtm.py"
