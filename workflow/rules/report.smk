# Report stage: provenance of the run, the generated texts and the list of every output;
# outputs that no longer belong to the corpus (a removed document, year or contrast) are
# listed by `snakemake results_stale` and removed by `snakemake results_prune`.
import itertools
import re


def wildcard_values():
    """Every value each wildcard of the workflow takes for this corpus and config."""
    return {
        "batch": list(BATCH_NAMES),
        "part": [str(i) for i in range(len(GRID_PARTS))],
        "fseed": [str(s) for s in FINAL_SEEDS],
        "contrast": list(CONTRAST_NAMES),
    }


def current_outputs():
    """The output files of every rule for this corpus and config (relative paths, sorted):
    each rule's output patterns expanded over the values of their wildcards."""
    values = wildcard_values()
    out = set()
    for rule in workflow.rules:
        for pattern in rule.output:
            pattern = str(pattern)
            names = sorted(set(re.findall(r"{(\w+)", pattern)))
            if any(n not in values for n in names):
                raise WorkflowError(f"rule {rule.name}: no values known for a wildcard of "
                                    f"{pattern} (add it to wildcard_values in report.smk)")
            for combo in itertools.product(*(values[n] for n in names)):
                out.add(re.sub(r"{(\w+)[^}]*}", lambda m: dict(zip(names, combo))[m.group(1)],
                               pattern))
    return sorted(out)


def get_current_outputs(wildcards):
    return current_outputs()


rule report_provenance:
    input:
        raw=[str(Path(config["corpus_dir"]) / DOC[d]["file"]) for d in DOC_IDS],
        sheet=config["metadata"],
        lexicons=list(lexicon_files().values()),
    output:
        f"{R}/provenance.json",
    params:
        code=code_version("report_provenance"),
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
        code=code_version("report_readme"),
        current=get_current_outputs,
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
        duplicates=f"{R}/tables/duplicates.csv",
        keyness=f"{R}/tables/keyness.csv",
        keyness_doc_permutation=f"{R}/tables/keyness_doc_permutation.csv",
        keyness_summary=f"{R}/tables/keyness_summary.csv",
        keyness_sensitivity=f"{R}/tables/keyness_sensitivity.csv",
        keyness_sensitivity_frames=f"{R}/tables/keyness_sensitivity_frames.csv",
        keyword_periods=f"{R}/tables/keyword_periods.csv",
        tracked_keywords=f"{R}/tables/tracked_keywords.csv",
        model=f"{R}/topics/model.json",
        topic_units=f"{R}/topics/units.csv",
        topic_model_selection=f"{R}/tables/topic_model_selection.csv",
        topic_nmf_agreement=f"{R}/tables/topic_nmf_agreement.csv",
        topic_prevalence=f"{R}/tables/topic_prevalence.csv",
        topic_prevalence_differences=f"{R}/tables/topic_prevalence_differences.csv",
        frame_contrasts=f"{R}/tables/frame_contrasts.csv",
        frame_adjusted_contrasts=f"{R}/tables/frame_adjusted_contrasts.csv",
        frame_adoption_lift=f"{R}/tables/frame_adoption_lift.csv",
        frame_salience=f"{R}/tables/frame_salience.csv",
        frame_transition_rates=f"{R}/tables/frame_transition_rates.csv",
        confounds=f"{R}/tables/confounds.csv",
        provenance=f"{R}/provenance.json",
    output:
        summary=f"{R}/summary.md",
        methods=f"{R}/methods.md",
        sources=f"{R}/texts_sources.csv",
    params:
        code=code_version("report_texts"),
        config=config,
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


rule report_confounds:
    """One confound table for every comparison of the run (keywords, topics, framing)."""
    input:
        documents=f"{R}/corpus/documents.csv",
        keywords=f"{R}/tables/keyword_confounds.csv",
        framing=f"{R}/tables/framing_confounds.csv",
        topic_units=f"{R}/topics/units.csv",
        topic_counts=f"{R}/topics/units_counts.npz",
        topic_terms=f"{R}/topics/units_terms.txt",
    output:
        csv=f"{R}/tables/confounds.csv",
        tex=f"{R}/tables/confounds.tex",
    params:
        code=code_version("report_confounds"),
        decimals=config["output"]["decimals"],
    log:
        f"{LOGS}/report_confounds.log",
    benchmark:
        f"{R}/benchmarks/report_confounds.tsv"
    threads: 1
    resources:
        mem_mb=mem_mb(200, 0.3),
        runtime=5,
    conda:
        "../envs/scotext.yaml"
    script:
        "../scripts/report_confounds.py"


rule results_stale:
    """List the files below results/ that no current rule produces (run on request)."""
    params:
        current=get_current_outputs,
        results_dir=R,
        delete=False,
    log:
        f"{LOGS}/results_stale.log",
    localrule: True
    threads: 1
    conda:
        "../envs/scotext.yaml"
    script:
        "../scripts/report_stale.py"


rule results_prune:
    """Remove the files below results/ that no current rule produces (run on request)."""
    params:
        current=get_current_outputs,
        results_dir=R,
        delete=True,
    log:
        f"{LOGS}/results_prune.log",
    localrule: True
    threads: 1
    conda:
        "../envs/scotext.yaml"
    script:
        "../scripts/report_stale.py"
