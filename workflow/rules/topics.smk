# Stage 4: LDA. The model corpus once, one job per K of the sweep, then K selection and the tables of
# the chosen model.


rule model_corpus:
    input:
        units="results/{corpus}/interim/{units}.parquet",
    output:
        model_corpus="results/{corpus}/interim/{units}.corpus.npz",
    log:
        "results/{corpus}/logs/model_corpus_{units}.log",
    wildcard_constraints:
        units="units|units_no_boilerplate",
    priority: PRIORITY["model_corpus"]
    threads: 1
    resources:
        mem_mb=2000,
        runtime=20,
    conda:
        "../envs/orgtopics.yaml"
    params:
        lda=run_section("lda"),
        lib=LIB,
    script:
        "../scripts/model_corpus.py"


rule fit_lda:
    input:
        model_corpus="results/{corpus}/interim/units.corpus.npz",
    output:
        model="results/{corpus}/interim/lda/k{k}.model",
        fit="results/{corpus}/interim/lda/k{k}.fit.npz",
        metrics="results/{corpus}/interim/lda/k{k}.metrics.json",
    log:
        "results/{corpus}/logs/fit_lda_k{k}.log",
    benchmark:
        "results/{corpus}/benchmarks/fit_lda_k{k}.tsv"
    priority: PRIORITY["fit_lda"]
    threads: 1
    resources:
        mem_mb=2000,
        runtime=60,
    conda:
        "../envs/orgtopics.yaml"
    params:
        lda=run_section("lda"),
        lib=LIB,
    script:
        "../scripts/fit_lda.py"


rule select_k:
    input:
        metrics=expand("results/{{corpus}}/interim/lda/k{k}.metrics.json", k=K_VALUES),
    output:
        k_selection="results/{corpus}/tables/k_selection.csv",
    log:
        "results/{corpus}/logs/select_k.log",
    priority: PRIORITY["select_k"]
    threads: 1
    resources:
        mem_mb=500,
        runtime=5,
    conda:
        "../envs/orgtopics.yaml"
    params:
        select_by=config["lda"]["select_by"],
        k=config["lda"]["k"],
        lib=LIB,
    script:
        "../scripts/select_k.py"


rule topic_tables:
    input:
        unpack(lda_fits),
        units="results/{corpus}/interim/units.parquet",
        model_corpus="results/{corpus}/interim/units.corpus.npz",
        k_selection="results/{corpus}/tables/k_selection.csv",
        themes=RES["themes"],
    output:
        topic_terms="results/{corpus}/tables/topic_terms.csv",
        topic_labels="results/{corpus}/tables/topic_labels.csv",
        unit_topics="results/{corpus}/tables/unit_topics.csv",
        topic_share_by_year="results/{corpus}/tables/topic_share_by_year.csv",
        topic_change="results/{corpus}/tables/topic_change.csv",
        topic_passages="results/{corpus}/tables/topic_passages.csv",
        k_neighbours="results/{corpus}/tables/k_neighbours.csv",
    log:
        "results/{corpus}/logs/topic_tables.log",
    benchmark:
        "results/{corpus}/benchmarks/topic_tables.tsv"
    priority: PRIORITY["topic_tables"]
    threads: 1
    resources:
        mem_mb=2000,
        runtime=30,
    conda:
        "../envs/orgtopics.yaml"
    params:
        lda=run_section("lda"),
        bootstrap=config["bootstrap"],
        k_values=K_VALUES,
        lib=LIB,
    script:
        "../scripts/topic_tables.py"
