# Stage 2: quoted phrases, paragraph units and jieba segmentation.


rule quoted_phrases:
    input:
        cleaned="results/{corpus}/interim/cleaned.parquet",
    output:
        phrases="results/{corpus}/tables/quoted_phrases.csv",
    log:
        "results/{corpus}/logs/quoted_phrases.log",
    threads: 1
    resources:
        mem_mb=1000,
        runtime=10,
    conda:
        "../envs/orgtopics.yaml"
    params:
        quoted=config["segment"]["quoted_phrases"],
        lib=LIB,
    script:
        "../scripts/quoted_phrases.py"


rule segment:
    input:
        cleaned="results/{corpus}/interim/cleaned.parquet",
        phrases="results/{corpus}/tables/quoted_phrases.csv",
        dictionary=RES["dictionary"],
        themes=RES["themes"],
        boilerplate=RES["boilerplate"],
    output:
        units="results/{corpus}/interim/units.parquet",
    log:
        "results/{corpus}/logs/segment.log",
    benchmark:
        "results/{corpus}/benchmarks/segment.tsv"
    threads: 1
    resources:
        mem_mb=2000,
        runtime=60,
    conda:
        "../envs/orgtopics.yaml"
    params:
        segment=config["segment"],
        units=config["units"],
        lib=LIB,
    script:
        "../scripts/segment.py"


rule documents:
    input:
        cleaned="results/{corpus}/interim/cleaned.parquet",
        units="results/{corpus}/interim/units.parquet",
    output:
        documents="results/{corpus}/tables/documents.csv",
    log:
        "results/{corpus}/logs/documents.log",
    threads: 1
    resources:
        mem_mb=1000,
        runtime=10,
    conda:
        "../envs/orgtopics.yaml"
    params:
        lib=LIB,
    script:
        "../scripts/documents.py"
