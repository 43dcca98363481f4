# Stage 6: provenance and the self-contained HTML report.


rule provenance:
    input:
        corpus_inputs,
        dictionary=RES["dictionary"],
        themes=RES["themes"],
        boilerplate=RES["boilerplate"],
    output:
        provenance="results/{corpus}/provenance.json",
    log:
        "results/{corpus}/logs/provenance.log",
    priority: PRIORITY["provenance"]
    threads: 1
    resources:
        mem_mb=500,
        runtime=5,
    conda:
        "../envs/orgtopics.yaml"
    params:
        config=lambda wildcards: RUN_CONFIG[wildcards.corpus],
        engines=lambda wildcards: ENGINES[wildcards.corpus],
        documents=corpus_document_hashes,
        command=reproduce_command,
        lib=LIB,
    script:
        "../scripts/provenance.py"


rule report:
    input:
        documents="results/{corpus}/tables/documents.csv",
        theme_share_by_year="results/{corpus}/tables/theme_share_by_year.csv",
        theme_change="results/{corpus}/tables/theme_change.csv",
        topic_terms="results/{corpus}/tables/topic_terms.csv",
        topic_labels="results/{corpus}/tables/topic_labels.csv",
        topic_share_by_year="results/{corpus}/tables/topic_share_by_year.csv",
        topic_change="results/{corpus}/tables/topic_change.csv",
        topic_passages="results/{corpus}/tables/topic_passages.csv",
        k_selection="results/{corpus}/tables/k_selection.csv",
        term_trajectories="results/{corpus}/tables/term_trajectories.csv",
        tfidf_by_year="results/{corpus}/tables/tfidf_by_year.csv",
        quoted_phrases="results/{corpus}/tables/quoted_phrases.csv",
        k_neighbours="results/{corpus}/tables/k_neighbours.csv",
        topic_stability="results/{corpus}/tables/topic_stability.csv",
        model_agreement="results/{corpus}/tables/model_agreement.csv",
        seeded_theme_share_by_year="results/{corpus}/tables/seeded_theme_share_by_year.csv",
        trend_robustness="results/{corpus}/tables/trend_robustness.csv",
        trend_sensitivity="results/{corpus}/tables/trend_sensitivity.csv",
        slogans="results/{corpus}/tables/slogans.csv",
        period_contrast="results/{corpus}/tables/period_contrast.csv",
        kwic="results/{corpus}/tables/kwic.csv",
        skipped_documents="results/{corpus}/tables/skipped_documents.csv",
        near_duplicates="results/{corpus}/tables/near_duplicates.csv",
        figures=expand("results/{{corpus}}/figures/{figure}.png", figure=FIGURES),
        provenance="results/{corpus}/provenance.json",
        themes=RES["themes"],
    output:
        html=report(
            "results/{corpus}/report.html",
            caption="../report/report.rst",
            category="Report",
            labels={"corpus": "{corpus}", "file": "report.html"},
        ),
    log:
        "results/{corpus}/logs/report.log",
    threads: 1
    resources:
        mem_mb=1000,
        runtime=10,
    conda:
        "../envs/orgtopics.yaml"
    params:
        figures=FIGURES,
        lam=config["lda"]["relevance_lambda"],
        cut_year=config["period"]["cut_year"],
        terms_shown=config["report"]["terms_shown"],
        lib=LIB,
    script:
        "../scripts/report.py"


rule kwic:
    input:
        cleaned="results/{corpus}/interim/cleaned.parquet",
    output:
        kwic="results/{corpus}/tables/kwic.csv",
    log:
        "results/{corpus}/logs/kwic.log",
    priority: PRIORITY["kwic"]
    threads: 1
    resources:
        mem_mb=1000,
        runtime=10,
    conda:
        "../envs/orgtopics.yaml"
    params:
        terms=config["track_terms"],
        width=config["report"]["kwic_width"],
        max_per_term=config["report"]["kwic_max_per_term"],
        lib=LIB,
    script:
        "../scripts/kwic.py"


rule explorer:
    input:
        unpack(lda_fits),
        model_corpus="results/{corpus}/interim/units.corpus.npz",
        k_selection="results/{corpus}/tables/k_selection.csv",
        topic_share="results/{corpus}/tables/topic_share_by_year.csv",
        topic_labels="results/{corpus}/tables/topic_labels.csv",
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
    threads: 1
    resources:
        mem_mb=1000,
        runtime=10,
    conda:
        "../envs/orgtopics.yaml"
    params:
        lam=config["lda"]["relevance_lambda"],
        k_values=K_VALUES,
        lib=LIB,
    script:
        "../scripts/explorer.py"


rule pdf:
    input:
        html="results/{corpus}/report.html",
    output:
        pdf="results/{corpus}/report.pdf",
    log:
        "results/{corpus}/logs/pdf.log",
    threads: 1
    resources:
        mem_mb=2000,
        runtime=10,
    conda:
        "../envs/orgtopics.yaml"
    params:
        lib=LIB,
    script:
        "../scripts/pdf.py"


rule all_pdf:
    input:
        expand("results/{corpus}/report.pdf", corpus=CORPORA),
