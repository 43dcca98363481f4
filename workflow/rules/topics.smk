# Stage topics (orgtopics.stages.topics): the model corpus once, one LDA fit per K of the sweep, K selection,
# and the tables of the chosen model.


# Patterns other rules expand over K (expand() refuses a rule's output once a storage plugin has flagged it).
LDA_FIT = "results/{corpus}/interim/topics/k{k}.fit.npz"
LDA_METRICS = "results/{corpus}/interim/topics/k{k}.metrics.json"


rule model_corpus:
    input:
        units=rules.units.output.units,
    output:
        model_corpus="results/{corpus}/interim/topics/units.corpus.npz",
    log:
        "results/{corpus}/logs/model_corpus.log",
    priority: PRIORITY["model_corpus"]
    conda:
        "../envs/orgtopics.yaml"
    threads: 1
    resources:
        mem_mb=2000,
        runtime=20,
    params:
        lda=run_section("lda"),
        lib=LIB["topics"],
    script:
        "../scripts/model_corpus.py"


use rule model_corpus as model_corpus_no_boilerplate with:
    input:
        units=rules.units_no_boilerplate.output.units,
    output:
        model_corpus="results/{corpus}/interim/topics/units_no_boilerplate.corpus.npz",
    log:
        "results/{corpus}/logs/model_corpus_no_boilerplate.log",


rule fit_lda:
    input:
        model_corpus=rules.model_corpus.output.model_corpus,
    output:
        fit=LDA_FIT,
        metrics=LDA_METRICS,
    log:
        "results/{corpus}/logs/fit_lda_k{k}.log",
    benchmark:
        "results/{corpus}/benchmarks/fit_lda_k{k}.tsv"
    priority: PRIORITY["fit_lda"]
    conda:
        "../envs/orgtopics.yaml"
    threads: 1
    resources:
        mem_mb=2000,
        runtime=60,
    params:
        lda=run_section("lda"),
        lib=LIB["topics"],
    script:
        "../scripts/fit_lda.py"


rule select_k:
    input:
        metrics=expand(LDA_METRICS, k=K_VALUES, allow_missing=True),
    output:
        k_selection="results/{corpus}/tables/k_selection.csv",
    log:
        "results/{corpus}/logs/select_k.log",
    priority: PRIORITY["select_k"]
    conda:
        "../envs/orgtopics.yaml"
    threads: 1
    resources:
        mem_mb=500,
        runtime=5,
    params:
        select_by=config["lda"]["select_by"],
        k=config["lda"]["k"],
        lib=LIB["topics"],
    script:
        "../scripts/select_k.py"


rule topic_tables:
    input:
        unpack(lda_fits),
        units=rules.units.output.units,
        model_corpus=rules.model_corpus.output.model_corpus,
        k_selection=rules.select_k.output.k_selection,
        themes=corpus_themes,
    output:
        topic_terms="results/{corpus}/tables/topic_terms.csv",
        topic_labels="results/{corpus}/tables/topic_labels.csv",
        unit_topics="results/{corpus}/tables/unit_topics.csv",
        topic_share_by_year="results/{corpus}/tables/topic_share_by_year.csv",
        topic_change="results/{corpus}/tables/topic_change.csv",
        topic_passages="results/{corpus}/tables/topic_passages.csv",
        k_neighbours="results/{corpus}/tables/k_neighbours.csv",
        topic_terms_by_period="results/{corpus}/tables/topic_terms_by_period.csv",
    log:
        "results/{corpus}/logs/topic_tables.log",
    benchmark:
        "results/{corpus}/benchmarks/topic_tables.tsv"
    priority: PRIORITY["topic_tables"]
    conda:
        "../envs/orgtopics.yaml"
    threads: 1
    resources:
        mem_mb=2000,
        runtime=30,
    params:
        lda=run_section("lda"),
        bootstrap=config["bootstrap"],
        k_values=K_VALUES,
        cut_year=run_value("period", "cut_year"),
        lib=LIB["topics"],
    script:
        "../scripts/topic_tables.py"
