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
    threads: 1
    resources:
        mem_mb=500,
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
    threads: 1
    resources:
        mem_mb=500,
        runtime=5,
    conda:
        "../envs/scotext.yaml"
    script:
        "../scripts/report_readme.py"
