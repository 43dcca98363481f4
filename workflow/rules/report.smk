# Stage report (orgtopics.stages.report): provenance, the self-contained HTML report, the topic explorer and
# (make pdf) the report as PDF.


rule provenance:
    input:
        corpus_inputs,
        claim=rules.claim_results.output.marker,
        dictionary=RES["dictionary"],
        themes=corpus_themes,
        boilerplate=RES["boilerplate"],
    output:
        provenance="results/{corpus}/provenance.json",
    log:
        "results/{corpus}/logs/provenance.log",
    priority: PRIORITY["provenance"]
    conda:
        "../envs/orgtopics.yaml"
    threads: 1
    resources:
        mem_mb=500,
        runtime=5,
    params:
        config=run_config_of,
        engines=engines_of,
        documents=corpus_document_hashes,
        command=reproduce_command,
        lib=LIB["report"],
    script:
        "../scripts/provenance.py"


rule report:
    input:
        documents=rules.documents.output.documents,
        theme_share_by_year=rules.themes.output.share,
        theme_change=rules.themes.output.change,
        topic_terms=rules.topic_tables.output.topic_terms,
        topic_labels=rules.topic_tables.output.topic_labels,
        topic_share_by_year=rules.topic_tables.output.topic_share_by_year,
        topic_change=rules.topic_tables.output.topic_change,
        topic_passages=rules.topic_tables.output.topic_passages,
        unit_topics=rules.topic_tables.output.unit_topics,
        k_selection=rules.select_k.output.k_selection,
        term_trajectories=rules.term_trajectories.output.trajectories,
        tfidf_by_year=rules.tfidf.output.tfidf,
        quoted_phrases=rules.quoted_phrases.output.phrases,
        suspect_fragments=rules.fragments.output.fragments,
        k_neighbours=rules.topic_tables.output.k_neighbours,
        topic_terms_by_period=rules.topic_tables.output.topic_terms_by_period,
        topic_stability=rules.stability.output.stability,
        model_agreement=rules.model_agreement.output.agreement,
        seeded_theme_share_by_year=rules.seeded_lda.output.seeded,
        trend_robustness=rules.sensitivity.output.robustness,
        trend_sensitivity=rules.sensitivity.output.sensitivity,
        slogans=rules.slogans.output.slogans,
        period_contrast=rules.period_contrast.output.contrast,
        covariates=rules.adjusted_trends.output.covariates,
        theme_change_adjusted=rules.adjusted_trends.output.theme_change,
        topic_change_adjusted=rules.adjusted_trends.output.topic_change,
        kwic=rules.kwic.output.kwic,
        validation_key=rules.validation_tasks.output.key,
        validation_scores=rules.validation_scores.output.scores,
        validation_coders=rules.validation_scores.output.coders,
        skipped_documents=rules.input_report.output.skipped,
        near_duplicates=rules.input_report.output.near_duplicates,
        shared_passages=rules.documents.output.shared,
        recurring_lines=rules.documents.output.recurring,
        figures=expand(FIGURE_EMBED, figure=FIGURE_NAMES, allow_missing=True),
        provenance=rules.provenance.output.provenance,
        themes=corpus_themes,
    output:
        html=report(
            "results/{corpus}/report.html",
            caption="../report/report.rst",
            category="Report",
            labels={"corpus": "{corpus}", "file": "report.html"},
        ),
    log:
        "results/{corpus}/logs/report.log",
    conda:
        "../envs/orgtopics.yaml"
    threads: 1
    resources:
        mem_mb=1000,
        runtime=10,
    params:
        figures=FIGURE_NAMES,
        lam=config["lda"]["relevance_lambda"],
        cut_year=run_value("period", "cut_year"),
        terms_shown=config["report"]["terms_shown"],
        answers_dir=answers_dir,
        settings_file=settings_file,
        lib=LIB["report"],
    script:
        "../scripts/report.py"


rule explorer:
    input:
        unpack(lda_fits),
        model_corpus=rules.model_corpus.output.model_corpus,
        k_selection=rules.select_k.output.k_selection,
        topic_share=rules.topic_tables.output.topic_share_by_year,
        topic_labels=rules.topic_tables.output.topic_labels,
    output:
        html=report(
            "results/{corpus}/explorer.html",
            caption="../report/explorer.rst",
            category="Report",
            labels={"corpus": "{corpus}", "file": "explorer.html"},
        ),
    log:
        "results/{corpus}/logs/explorer.log",
    priority: PRIORITY["explorer"]
    conda:
        "../envs/orgtopics.yaml"
    threads: 1
    resources:
        mem_mb=1000,
        runtime=10,
    params:
        lam=config["lda"]["relevance_lambda"],
        k_values=K_VALUES,
        lib=LIB["report"],
    script:
        "../scripts/explorer.py"


rule pdf:
    input:
        html=rules.report.output.html,
    output:
        pdf="results/{corpus}/report.pdf",
    log:
        "results/{corpus}/logs/pdf.log",
    conda:
        "../envs/orgtopics.yaml"
    threads: 1
    resources:
        mem_mb=2000,
        runtime=10,
    params:
        lib=LIB["report"],
    script:
        "../scripts/pdf.py"


rule all_pdf:
    input:
        expand("results/{corpus}/report.pdf", corpus=CORPORA),
