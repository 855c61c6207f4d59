# Report stage: provenance of the run and the list of every output.


rule report_provenance:
    input:
        raw=[str(Path(config["corpus_dir"]) / DOC[d]["file"]) for d in DOC_IDS],
        sheet=config["metadata"],
        lexicons=list(lexicon_files().values()),
    output:
        f"{R}/provenance.json",
    params:
        code=code_version("corpus"),
        docs=DOC_IDS,
        lexicon_names=list(lexicon_files()),
        config=config,
        workflow_dir=workflow.basedir,
    log:
        f"{LOGS}/report_provenance.log",
    benchmark:
        f"{R}/benchmarks/report_provenance.tsv"
    threads: 1
    resources:
        mem_mb=mem_mb(200, 0.2),
        runtime=5,
    conda:
        "../envs/scotext.yaml"
    script:
        "../scripts/report_provenance.py"


rule report_readme:
    input:
        [f for f in all_outputs() if not f.endswith("README.md")],
        catalogue=str(Path(workflow.basedir) / "workflow" / "report" / "outputs.yaml"),
    output:
        f"{R}/README.md",
    params:
        code=code_version("corpus"),
    log:
        f"{LOGS}/report_readme.log",
    benchmark:
        f"{R}/benchmarks/report_readme.tsv"
    threads: 1
    resources:
        mem_mb=mem_mb(200),
        runtime=5,
    conda:
        "../envs/scotext.yaml"
    script:
        "../scripts/report_readme.py"


rule report_texts:
    input:
        documents=f"{R}/corpus/documents.csv",
        segments=f"{R}/corpus/segments.csv",
        cleaning_audit=f"{R}/tables/cleaning_audit.csv",
        keyness=f"{R}/tables/keyness.csv",
        keyness_doc_permutation=f"{R}/tables/keyness_doc_permutation.csv",
        tracked_keywords=f"{R}/tables/tracked_keywords.csv",
        model=f"{R}/topics/model.json",
        topic_units=f"{R}/topics/units.csv",
        topic_model_selection=f"{R}/tables/topic_model_selection.csv",
        topic_nmf_agreement=f"{R}/tables/topic_nmf_agreement.csv",
        topic_prevalence=f"{R}/tables/topic_prevalence.csv",
        topic_prevalence_differences=f"{R}/tables/topic_prevalence_differences.csv",
        frame_contrasts=f"{R}/tables/frame_contrasts.csv",
        frame_salience=f"{R}/tables/frame_salience.csv",
        frame_transition_rates=f"{R}/tables/frame_transition_rates.csv",
        provenance=f"{R}/provenance.json",
    output:
        summary=f"{R}/summary.md",
        methods=f"{R}/methods.md",
        sources=f"{R}/texts_sources.csv",
    params:
        code=code_version("corpus"),
        config=config,
        results_dir=R,
    log:
        f"{LOGS}/report_texts.log",
    benchmark:
        f"{R}/benchmarks/report_texts.tsv"
    threads: 1
    resources:
        mem_mb=mem_mb(300, 1.7),
        runtime=5,
    conda:
        "../envs/scotext.yaml"
    script:
        "../scripts/report_texts.py"
