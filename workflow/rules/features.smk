# Stage 3: TF-IDF by year, the dictionary baseline of themes, and term trajectories.


rule tfidf:
    input:
        units="results/{corpus}/interim/units.parquet",
    output:
        tfidf="results/{corpus}/tables/tfidf_by_year.csv",
    log:
        "results/{corpus}/logs/tfidf.log",
    priority: PRIORITY["tfidf"]
    threads: 1
    resources:
        mem_mb=2000,
        runtime=10,
    conda:
        "../envs/orgtopics.yaml"
    params:
        tfidf=config["tfidf"],
        lib=LIB,
    script:
        "../scripts/tfidf.py"


rule themes:
    input:
        units="results/{corpus}/interim/units.parquet",
        themes=RES["themes"],
    output:
        share="results/{corpus}/tables/theme_share_by_year.csv",
        change="results/{corpus}/tables/theme_change.csv",
    log:
        "results/{corpus}/logs/themes.log",
    benchmark:
        "results/{corpus}/benchmarks/themes.tsv"
    priority: PRIORITY["themes"]
    threads: 1
    resources:
        mem_mb=2000,
        runtime=10,
    conda:
        "../envs/orgtopics.yaml"
    params:
        bootstrap=config["bootstrap"],
        lib=LIB,
    script:
        "../scripts/themes.py"


rule term_trajectories:
    input:
        cleaned="results/{corpus}/interim/cleaned.parquet",
    output:
        trajectories="results/{corpus}/tables/term_trajectories.csv",
    log:
        "results/{corpus}/logs/term_trajectories.log",
    priority: PRIORITY["term_trajectories"]
    threads: 1
    resources:
        mem_mb=1000,
        runtime=10,
    conda:
        "../envs/orgtopics.yaml"
    params:
        terms=config["track_terms"],
        lib=LIB,
    script:
        "../scripts/term_trajectories.py"
