# Framing stage: the frame codebook matched on every segment; salience by speaker, role and
# year; speaker differences; length-adjusted contrasts between speakers and years;
# question -> answer transitions against a re-pairing null; speaker-distinctive language;
# a dictionary-seeded topic model; validation against the coded sample.

FR = config["framing"]


def get_gold(wildcards):
    """The gold-standard file if it exists (validation runs where it does)."""
    return [FR["gold"]] if Path(FR["gold"]).is_file() else []


def framing_outputs():
    tables = [
        "frame_segments",
        "frame_salience",
        "frame_contrasts",
        "frame_adjusted_contrasts",
        "framing_confounds",
        "frame_transitions",
        "frame_transition_rates",
        "frame_adoption_lift",
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
        "framing_adjusted",
        "framing_transitions",
        "framing_documents",
    ]
    return [f"{R}/tables/{t}.csv" for t in tables] + expand(
        f"{R}/figures/{{f}}.{{ext}}", f=figures, ext=["png", "pdf", "csv"]
    )

rule framing_score:
    input:
        segments=f"{R}/corpus/segments.csv",
        codebook=FR["codebook"],
        **lexicon_inputs(
            "cleaning.spelling_variants",
            "tokens.domain_stopwords",
            "tokens.project_stopwords",
            "tokens.multiword",
            "tokens.lemma_overrides",
        ),
    output:
        frame_segments=f"{R}/tables/frame_segments.csv",
        frame_scores=f"{R}/framing/frame_scores.csv",
        matches=f"{R}/framing/matches.csv",
        kwic=f"{R}/tables/frame_kwic.csv",
        top_terms=f"{R}/tables/frame_top_terms.csv",
        top_segments=f"{R}/tables/frame_top_segments.csv",
        coverage=report(
            f"{R}/tables/frame_coverage.csv",
            caption="../report/framing_tables.rst",
            category="Framing",
        ),
        codebook_table=f"{R}/framing/codebook.csv",
    params:
        code=code_version("framing_score"),
        fr=settings(
            "framing", "compare_roles", "kwic_max_per_term", "kwic_window", "min_hits",
            "top_segments",
        ),
        tokens=config["tokens"],
        spelling_direction=config["cleaning"]["spelling_direction"],
    log:
        f"{LOGS}/framing_score.log",
    benchmark:
        f"{R}/benchmarks/framing_score.tsv"
    threads: 1
    resources:
        mem_mb=mem_mb(400, 1.6),
        runtime=20,
    conda:
        "../envs/scotext.yaml"
    script:
        "../scripts/framing_score.py"


rule framing_salience:
    input:
        frame_scores=f"{R}/framing/frame_scores.csv",
        codebook_table=f"{R}/framing/codebook.csv",
        documents=f"{R}/corpus/documents.csv",
    output:
        salience=report(
            f"{R}/tables/frame_salience.csv",
            caption="../report/framing_tables.rst",
            category="Framing",
        ),
        salience_tex=f"{R}/tables/frame_salience.tex",
        contrasts=report(
            f"{R}/tables/frame_contrasts.csv",
            caption="../report/framing_tables.rst",
            category="Framing",
        ),
        contrasts_tex=f"{R}/tables/frame_contrasts.tex",
        by_speaker=report(
            f"{R}/figures/framing_by_speaker.png",
            caption="../report/framing_salience.rst",
            category="Framing",
        ),
        by_role=report(
            f"{R}/figures/framing_by_role.png",
            caption="../report/framing_salience.rst",
            category="Framing",
        ),
        by_year=report(
            f"{R}/figures/framing_by_year.png",
            caption="../report/framing_salience.rst",
            category="Framing",
        ),
        documents=report(
            f"{R}/figures/framing_documents.png",
            caption="../report/framing_documents.rst",
            category="Framing",
        ),
        other=expand(
            f"{R}/figures/framing_{{f}}.{{ext}}",
            f=["by_speaker", "by_role", "by_year", "documents"],
            ext=["pdf", "csv"],
        ),
    params:
        code=code_version("framing_salience"),
        fr=settings(
            "framing", "alpha", "compare_roles", "conf_level", "max_perm_draws", "n_boot",
            "n_perm", "resample_segments", "resample_segments_max_docs", "seed",
        ),
        decimals=config["output"]["decimals"],
    log:
        f"{LOGS}/framing_salience.log",
    benchmark:
        f"{R}/benchmarks/framing_salience.tsv"
    threads: 1
    resources:
        mem_mb=mem_mb(300, 9),
        runtime=20,
    conda:
        "../envs/scotext.yaml"
    script:
        "../scripts/framing_salience.py"


rule framing_adjusted:
    input:
        frame_scores=f"{R}/framing/frame_scores.csv",
        codebook_table=f"{R}/framing/codebook.csv",
        documents=f"{R}/corpus/documents.csv",
    output:
        table=report(
            f"{R}/tables/frame_adjusted_contrasts.csv",
            caption="../report/framing_adjusted.rst",
            category="Framing",
        ),
        table_tex=f"{R}/tables/frame_adjusted_contrasts.tex",
        confounds=f"{R}/tables/framing_confounds.csv",
        confounds_tex=f"{R}/tables/framing_confounds.tex",
        figure=report(
            f"{R}/figures/framing_adjusted.png",
            caption="../report/framing_adjusted.rst",
            category="Framing",
        ),
        figure_other=multiext(f"{R}/figures/framing_adjusted", ".pdf", ".csv"),
    params:
        code=code_version("framing_adjusted"),
        fr=settings(
            "framing", "alpha", "compare_roles", "conf_level", "n_boot",
            "resample_segments", "resample_segments_max_docs", "robust_min_docs", "seed",
            "year_contrasts",
        ),
        decimals=config["output"]["decimals"],
    log:
        f"{LOGS}/framing_adjusted.log",
    benchmark:
        f"{R}/benchmarks/framing_adjusted.tsv"
    threads: 1
    resources:
        mem_mb=mem_mb(300, 9),
        runtime=20,
    conda:
        "../envs/scotext.yaml"
    script:
        "../scripts/framing_adjusted.py"


rule framing_transitions:
    input:
        frame_scores=f"{R}/framing/frame_scores.csv",
        codebook_table=f"{R}/framing/codebook.csv",
    output:
        transitions=report(
            f"{R}/tables/frame_transitions.csv",
            caption="../report/framing_tables.rst",
            category="Framing",
        ),
        transitions_tex=f"{R}/tables/frame_transitions.tex",
        rates=report(
            f"{R}/tables/frame_transition_rates.csv",
            caption="../report/framing_transitions.rst",
            category="Framing",
        ),
        rates_tex=f"{R}/tables/frame_transition_rates.tex",
        lift=f"{R}/tables/frame_adoption_lift.csv",
        lift_tex=f"{R}/tables/frame_adoption_lift.tex",
        pairs=f"{R}/framing/qa_pairs.csv",
        figure=report(
            f"{R}/figures/framing_transitions.png",
            caption="../report/framing_transitions.rst",
            category="Framing",
        ),
        figure_other=multiext(f"{R}/figures/framing_transitions", ".pdf", ".csv"),
    params:
        code=code_version("framing_transitions"),
        fr=settings(
            "framing", "conf_level", "max_perm_draws", "n_boot", "n_repair",
            "resample_segments", "resample_segments_max_docs", "seed",
        ),
        decimals=config["output"]["decimals"],
    log:
        f"{LOGS}/framing_transitions.log",
    benchmark:
        f"{R}/benchmarks/framing_transitions.tsv"
    threads: 1
    resources:
        mem_mb=mem_mb(300, 4.5),
        runtime=10,
    conda:
        "../envs/scotext.yaml"
    script:
        "../scripts/framing_transitions.py"


rule framing_distinctive:
    input:
        segments=f"{R}/corpus/segments.csv",
        frame_scores=f"{R}/framing/frame_scores.csv",
        documents=f"{R}/corpus/documents.csv",
    output:
        terms=report(
            f"{R}/tables/speaker_distinctive_terms.csv",
            caption="../report/framing_tables.rst",
            category="Framing",
        ),
        terms_tex=f"{R}/tables/speaker_distinctive_terms.tex",
    params:
        code=code_version("framing_distinctive"),
        fr=settings("framing", "alpha0", "compare_roles", "distinctive_top"),
        decimals=config["output"]["decimals"],
    log:
        f"{LOGS}/framing_distinctive.log",
    benchmark:
        f"{R}/benchmarks/framing_distinctive.tsv"
    threads: 1
    resources:
        mem_mb=mem_mb(300, 1.2),
        runtime=10,
    conda:
        "../envs/scotext.yaml"
    script:
        "../scripts/framing_distinctive.py"


rule framing_seeded:
    input:
        segments=f"{R}/corpus/segments.csv",
        dtm=f"{R}/corpus/dtm.npz",
        vocab=f"{R}/corpus/vocab.txt",
        frame_scores=f"{R}/framing/frame_scores.csv",
        codebook=FR["codebook"],
        **lexicon_inputs(
            "cleaning.spelling_variants",
            "tokens.domain_stopwords",
            "tokens.project_stopwords",
            "tokens.multiword",
            "tokens.lemma_overrides",
        ),
    output:
        agreement=f"{R}/tables/frame_seeded_agreement.csv",
        agreement_tex=f"{R}/tables/frame_seeded_agreement.tex",
        topics=f"{R}/framing/seeded_topics.csv",
    params:
        code=code_version("framing_seeded"),
        fr=settings("framing", "compare_roles", "seeded"),
        tokens=config["tokens"],
        spelling_direction=config["cleaning"]["spelling_direction"],
        decimals=config["output"]["decimals"],
    log:
        f"{LOGS}/framing_seeded.log",
    benchmark:
        f"{R}/benchmarks/framing_seeded.tsv"
    threads: 1
    resources:
        mem_mb=mem_mb(300, 1.0),
        runtime=20,
    conda:
        "../envs/scotext.yaml"
    script:
        "../scripts/framing_seeded.py"


rule framing_validation:
    input:
        segments=f"{R}/corpus/segments.csv",
        frame_scores=f"{R}/framing/frame_scores.csv",
        codebook_table=f"{R}/framing/codebook.csv",
        gold=get_gold,
    output:
        validation=report(
            f"{R}/tables/frame_validation.csv",
            caption="../report/framing_validation.rst",
            category="Framing",
        ),
        validation_tex=f"{R}/tables/frame_validation.tex",
        reliability=f"{R}/tables/frame_reliability.csv",
        reliability_tex=f"{R}/tables/frame_reliability.tex",
    params:
        code=code_version("framing_validation"),
        decimals=config["output"]["decimals"],
    log:
        f"{LOGS}/framing_validation.log",
    benchmark:
        f"{R}/benchmarks/framing_validation.tsv"
    threads: 1
    resources:
        mem_mb=mem_mb(300, 1.9),
        runtime=10,
    conda:
        "../envs/scotext.yaml"
    script:
        "../scripts/framing_validation.py"
