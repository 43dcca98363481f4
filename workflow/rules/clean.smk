# Stage clean (orgtopics.stages.clean): clean the raw texts shard by shard (documents are assigned to shards
# by content hash, so adding, changing or removing one document reruns only its shard), gather them, and list
# what intake skipped.


# Patterns that other rules expand over the shards (expand() refuses a rule's output once a storage plugin
# has flagged it, as on Kubernetes).
CLEAN_SHARD = "results/{corpus}/interim/clean/shard_{shard}.parquet"
CLEANLOG_SHARD = "results/{corpus}/interim/clean/cleanlog_{shard}.csv"


# The first job of every corpus: results/<name>/.corpus-source names the corpus whose results the folder holds
# (the start-up check refuses another corpus of that name). A job, not an onstart handler, so that it also runs
# when the workflow is used as a module, and a dry run writes nothing. A shell job: a `run:` block would start
# a second Snakemake process that parses the whole workflow again (about 1.3 s, before any other job can start).
rule claim_results:
    output:
        marker=f"results/{{corpus}}/{SOURCE_FILE}",
    log:
        "results/{corpus}/logs/claim_results.log",
    localrule: True
    conda:
        "../envs/orgtopics.yaml"
    params:
        source=lambda wildcards: claim_text(CORPORA[wildcards.corpus]),
    shell:
        "printf '%s\\n' {params.source:q} > {output.marker:q}"


rule clean_shard:
    input:
        shard_inputs,
        claim=rules.claim_results.output.marker,
    output:
        cleaned=CLEAN_SHARD,
        cleaning_log=CLEANLOG_SHARD,
    log:
        "results/{corpus}/logs/clean_{shard}.log",
    benchmark:
        "results/{corpus}/benchmarks/clean_{shard}.tsv"
    priority: PRIORITY["clean_shard"]
    conda:
        "../envs/orgtopics.yaml"
    threads: 1
    resources:
        mem_mb=1000,
        runtime=30,
    params:
        corpus=corpus_settings,
        docs=shard_docs,
        clean=config["clean"],
        lib=LIB["clean"],
    script:
        "../scripts/clean_shard.py"


rule gather_clean:
    input:
        shards=shard_files(CLEAN_SHARD),
        logs=shard_files(CLEANLOG_SHARD),
    output:
        cleaned="results/{corpus}/interim/clean/cleaned.parquet",
        cleaning_log="results/{corpus}/tables/cleaning_log.csv",
    log:
        "results/{corpus}/logs/gather_clean.log",
    priority: PRIORITY["gather_clean"]
    conda:
        "../envs/orgtopics.yaml"
    threads: 1
    resources:
        mem_mb=2000,
        runtime=10,
    params:
        lib=LIB["clean"],
    script:
        "../scripts/gather_clean.py"


rule input_report:
    input:
        claim=rules.claim_results.output.marker,
    output:
        skipped="results/{corpus}/tables/skipped_documents.csv",
        near_duplicates="results/{corpus}/tables/near_duplicates.csv",
    log:
        "results/{corpus}/logs/input_report.log",
    priority: PRIORITY["input_report"]
    conda:
        "../envs/orgtopics.yaml"
    threads: 1
    resources:
        mem_mb=200,
        runtime=5,
    params:
        skipped=skipped_documents,
        warnings=near_duplicate_warnings,
        lib=LIB["clean"],
    script:
        "../scripts/input_report.py"
