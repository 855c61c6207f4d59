# Keyword stage: frequencies per period with intervals, tracked keywords, keyness for every
# contrast, a document-level permutation check, keyword-in-context evidence, figures, and
# the sensitivity of the key terms to the preprocessing and selection choices.

from scotext.keywords.periods import make_contrasts, periods_of

KW = config["keywords"]
PERIODS = periods_of([row["year"] for row in DOCUMENTS], KW["periods"])
try:
    CONTRASTS = make_contrasts(PERIODS, KW["contrasts"])
except ValueError as exc:
    raise WorkflowError(f"Invalid input, nothing was run: {exc}") from None
CONTRAST_NAMES = [c.name for c in CONTRASTS]


KW_UNITS = ("roles", "include_duplicates", "periods")  # keys of every job that selects units


def contrast_specs():
    """Contrasts as plain data (a job parameter)."""
    return [
        {"name": c.name, "a": list(c.a), "b": list(c.b), "label_a": c.label_a,
         "label_b": c.label_b}
        for c in CONTRASTS
    ]



def keyword_outputs():
    return (
        [
            f"{R}/tables/keyword_frequencies.csv",
            f"{R}/tables/tracked_keywords.csv",
            f"{R}/tables/keyness.csv",
            f"{R}/tables/keyness_doc_permutation.csv",
            f"{R}/tables/keyness_summary.csv",
            f"{R}/tables/keyword_periods.csv",
            f"{R}/tables/keyword_confounds.csv",
            f"{R}/tables/keyness_sensitivity.csv",
            f"{R}/tables/keyness_sensitivity_frames.csv",
            f"{R}/figures/keywords_tracked.png",
            f"{R}/figures/keywords_sensitivity.png",
            f"{R}/tables/kwic/tracked.csv",
        ]
        + expand(f"{R}/tables/kwic/{{contrast}}.csv", contrast=CONTRAST_NAMES)
        + expand(
            f"{R}/figures/keywords_{{kind}}_{{contrast}}.png",
            kind=["keyness", "fightin"],
            contrast=CONTRAST_NAMES,
        )
    )

rule keywords_frequencies:
    input:
        segments=f"{R}/corpus/segments.csv",
        documents=f"{R}/corpus/documents.csv",
        dtm=f"{R}/corpus/dtm.npz",
        vocab=f"{R}/corpus/vocab.txt",
    output:
        frequencies=f"{R}/tables/keyword_frequencies.csv",
        tracked=report(
            f"{R}/tables/tracked_keywords.csv",
            caption="../report/keywords_tables.rst",
            category="Keywords",
        ),
        tracked_tex=f"{R}/tables/tracked_keywords.tex",
    params:
        code=code_version("keywords_frequencies"),
        kw=settings("keywords", *KW_UNITS, "n_boot", "seed", "conf_level", "resample_segments",
                     "resample_segments_max_docs", "tracked"),
        periods=PERIODS,
        decimals=config["output"]["decimals"],
    log:
        f"{LOGS}/keywords_frequencies.log",
    benchmark:
        f"{R}/benchmarks/keywords_frequencies.tsv"
    priority: 10  # with the topic chain, the longest paths: start them first
    threads: 1
    resources:
        mem_mb=mem_mb(300, 1.8),
        runtime=20,
    conda:
        "../envs/scotext.yaml"
    script:
        "../scripts/keywords_frequencies.py"


rule keywords_keyness:
    input:
        segments=f"{R}/corpus/segments.csv",
        documents=f"{R}/corpus/documents.csv",
        dtm=f"{R}/corpus/dtm.npz",
        vocab=f"{R}/corpus/vocab.txt",
    output:
        keyness=f"{R}/tables/keyness.csv",
        periods=f"{R}/tables/keyword_periods.csv",
        confounds=f"{R}/tables/keyword_confounds.csv",
        summary=report(
            f"{R}/tables/keyness_summary.csv",
            caption="../report/keywords_tables.rst",
            category="Keywords",
        ),
        summary_tex=f"{R}/tables/keyness_summary.tex",
        top_tex=f"{R}/tables/keyness_top.tex",
        permutation=report(
            f"{R}/tables/keyness_doc_permutation.csv",
            caption="../report/keywords_tables.rst",
            category="Keywords",
        ),
        permutation_tex=f"{R}/tables/keyness_doc_permutation.tex",
    params:
        code=code_version("keywords_keyness"),
        kw=settings("keywords", *KW_UNITS, "alpha0", "min_count", "min_segments", "conf_level",
                     "lrc_bonferroni", "significance", "top_n", "n_perm", "seed",
                     "max_perm_draws"),
        periods=PERIODS,
        contrasts=contrast_specs(),
        decimals=config["output"]["decimals"],
    log:
        f"{LOGS}/keywords_keyness.log",
    benchmark:
        f"{R}/benchmarks/keywords_keyness.tsv"
    priority: 10  # with the topic chain, the longest paths: start them first
    threads: 1
    resources:
        mem_mb=mem_mb(300, 2.5),
        runtime=20,
    conda:
        "../envs/scotext.yaml"
    script:
        "../scripts/keywords_keyness.py"


rule keywords_kwic:
    input:
        segments=f"{R}/corpus/segments.csv",
        dtm=f"{R}/corpus/dtm.npz",
        vocab=f"{R}/corpus/vocab.txt",
        keyness=f"{R}/tables/keyness.csv",
        **lexicon_inputs(
            "cleaning.spelling_variants",
            "tokens.domain_stopwords",
            "tokens.project_stopwords",
            "tokens.multiword",
            "tokens.lemma_overrides",
        ),
    output:
        tracked=f"{R}/tables/kwic/tracked.csv",
        contrasts=expand(f"{R}/tables/kwic/{{contrast}}.csv", contrast=CONTRAST_NAMES),
    params:
        code=code_version("keywords_kwic"),
        kw=settings("keywords", *KW_UNITS, "kwic_window", "kwic_max_per_term", "tracked", "top_n"),
        contrasts=contrast_specs(),
        tokens=config["tokens"],
        spelling_direction=config["cleaning"]["spelling_direction"],
    log:
        f"{LOGS}/keywords_kwic.log",
    benchmark:
        f"{R}/benchmarks/keywords_kwic.tsv"
    threads: 1
    resources:
        mem_mb=mem_mb(300, 3),
        runtime=20,
    conda:
        "../envs/scotext.yaml"
    script:
        "../scripts/keywords_kwic.py"


rule keywords_figures:
    input:
        keyness=f"{R}/tables/keyness.csv",
        tracked=f"{R}/tables/tracked_keywords.csv",
        periods=f"{R}/tables/keyword_periods.csv",
    output:
        tracked=report(
            f"{R}/figures/keywords_tracked.png",
            caption="../report/keywords_tracked.rst",
            category="Keywords",
        ),
        tracked_other=multiext(f"{R}/figures/keywords_tracked", ".pdf", ".csv"),
        keyness=[
            report(
                f"{R}/figures/keywords_keyness_{c}.png",
                caption="../report/keywords_keyness.rst",
                category="Keywords",
                subcategory="Key terms",
            )
            for c in CONTRAST_NAMES
        ],
        keyness_other=expand(
            f"{R}/figures/keywords_keyness_{{contrast}}.{{ext}}",
            contrast=CONTRAST_NAMES,
            ext=["pdf", "csv"],
        ),
        fightin=[
            report(
                f"{R}/figures/keywords_fightin_{c}.png",
                caption="../report/keywords_fightin.rst",
                category="Keywords",
                subcategory="Fightin' Words",
            )
            for c in CONTRAST_NAMES
        ],
        fightin_other=expand(
            f"{R}/figures/keywords_fightin_{{contrast}}.{{ext}}",
            contrast=CONTRAST_NAMES,
            ext=["pdf", "csv"],
        ),
    params:
        code=code_version("keywords_figures"),
        kw=settings("keywords", "top_n", "significance", "fightin_labels", "conf_level"),
        periods=PERIODS,
        contrasts=contrast_specs(),
    log:
        f"{LOGS}/keywords_figures.log",
    benchmark:
        f"{R}/benchmarks/keywords_figures.tsv"
    priority: 10  # with the topic chain, the longest paths: start them first
    threads: 1
    resources:
        mem_mb=mem_mb(300, 0.5),
        runtime=10,
    conda:
        "../envs/scotext.yaml"
    script:
        "../scripts/keywords_figures.py"


rule keywords_sensitivity:
    input:
        segments=f"{R}/corpus/segments.csv",
        documents=f"{R}/corpus/documents.csv",
        codebook=config["framing"]["codebook"],
        **lexicon_inputs(
            "cleaning.spelling_variants",
            "tokens.domain_stopwords",
            "tokens.project_stopwords",
            "tokens.multiword",
            "tokens.lemma_overrides",
        ),
    output:
        table=report(
            f"{R}/tables/keyness_sensitivity.csv",
            caption="../report/keywords_sensitivity.rst",
            category="Keywords",
        ),
        tex=f"{R}/tables/keyness_sensitivity.tex",
        frames=f"{R}/tables/keyness_sensitivity_frames.csv",
        figure=report(
            f"{R}/figures/keywords_sensitivity.png",
            caption="../report/keywords_sensitivity.rst",
            category="Keywords",
        ),
        figure_other=multiext(f"{R}/figures/keywords_sensitivity", ".pdf", ".csv"),
    params:
        code=code_version("keywords_sensitivity"),
        kw=settings("keywords", *KW_UNITS, "alpha0", "min_count", "min_segments", "top_n", "seed",
                     "sensitivity"),
        contrasts=contrast_specs(),
        tokens=config["tokens"],
        spelling_direction=config["cleaning"]["spelling_direction"],
        frame_roles=config["framing"]["compare_roles"],
        frame_min_hits=config["framing"]["min_hits"],
        decimals=config["output"]["decimals"],
    log:
        f"{LOGS}/keywords_sensitivity.log",
    benchmark:
        f"{R}/benchmarks/keywords_sensitivity.tsv"
    threads: 1
    resources:
        mem_mb=mem_mb(400, 3),
        runtime=30,
    conda:
        "../envs/scotext.yaml"
    script:
        "../scripts/keywords_sensitivity.py"
