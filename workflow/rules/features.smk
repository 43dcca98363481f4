# Stage features (orgtopics.stages.features): what the words themselves show, before any topic model:
# TF-IDF by year, the dictionary themes, tracked terms, slogans and keywords in context.


rule tfidf:
    input:
        units=rules.units.output.units,
    output:
        tfidf="results/{corpus}/tables/tfidf_by_year.csv",
    log:
        "results/{corpus}/logs/tfidf.log",
    priority: PRIORITY["tfidf"]
    conda:
        "../envs/orgtopics.yaml"
    threads: 1
    resources:
        mem_mb=2000,
        runtime=10,
    params:
        tfidf=config["tfidf"],
        lib=LIB["features"],
    script:
        "../scripts/tfidf.py"


rule themes:
    input:
        units=rules.units.output.units,
        themes=corpus_themes,
    output:
        share="results/{corpus}/tables/theme_share_by_year.csv",
        change="results/{corpus}/tables/theme_change.csv",
    log:
        "results/{corpus}/logs/themes.log",
    benchmark:
        "results/{corpus}/benchmarks/themes.tsv"
    priority: PRIORITY["themes"]
    conda:
        "../envs/orgtopics.yaml"
    threads: 1
    resources:
        mem_mb=2000,
        runtime=10,
    params:
        bootstrap=config["bootstrap"],
        lib=LIB["features"],
    script:
        "../scripts/themes.py"


rule term_trajectories:
    input:
        cleaned=rules.gather_clean.output.cleaned,
    output:
        trajectories="results/{corpus}/tables/term_trajectories.csv",
    log:
        "results/{corpus}/logs/term_trajectories.log",
    priority: PRIORITY["term_trajectories"]
    conda:
        "../envs/orgtopics.yaml"
    threads: 1
    resources:
        mem_mb=1000,
        runtime=10,
    params:
        terms=run_value("track_terms"),
        bootstrap=config["bootstrap"],
        lib=LIB["features"],
    script:
        "../scripts/term_trajectories.py"


rule slogans:
    input:
        cleaned=rules.gather_clean.output.cleaned,
        dictionary=RES["dictionary"],
    output:
        slogans="results/{corpus}/tables/slogans.csv",
        by_year="results/{corpus}/tables/slogans_by_year.csv",
    log:
        "results/{corpus}/logs/slogans.log",
    priority: PRIORITY["slogans"]
    conda:
        "../envs/orgtopics.yaml"
    threads: 1
    resources:
        mem_mb=1000,
        runtime=10,
    params:
        lib=LIB["features"],
    script:
        "../scripts/slogans.py"


rule kwic:
    input:
        cleaned=rules.gather_clean.output.cleaned,
    output:
        kwic="results/{corpus}/tables/kwic.csv",
    log:
        "results/{corpus}/logs/kwic.log",
    priority: PRIORITY["kwic"]
    conda:
        "../envs/orgtopics.yaml"
    threads: 1
    resources:
        mem_mb=1000,
        runtime=10,
    params:
        terms=run_value("track_terms"),
        width=config["report"]["kwic_width"],
        max_per_term=config["report"]["kwic_max_per_term"],
        lib=LIB["features"],
    script:
        "../scripts/kwic.py"
