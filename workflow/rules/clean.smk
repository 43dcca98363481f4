# Stage 1: validate and clean the raw texts.


rule clean:
    input:
        corpus_inputs,
    output:
        cleaned="results/{corpus}/interim/cleaned.parquet",
        cleaning_log="results/{corpus}/tables/cleaning_log.csv",
    log:
        "results/{corpus}/logs/clean.log",
    benchmark:
        "results/{corpus}/benchmarks/clean.tsv"
    threads: 1
    resources:
        mem_mb=1000,
        runtime=30,
    conda:
        "../envs/orgtopics.yaml"
    params:
        path=corpus_path,
        encoding=corpus_encoding,
        clean=config["clean"],
        lib=LIB,
    script:
        "../scripts/clean.py"
