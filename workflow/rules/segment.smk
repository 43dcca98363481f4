# Stage 2: paragraph units and jieba tags per shard; quoted phrases over the corpus; then the model
# tokens (phrases merged, stopwords and part-of-speech filter applied).


rule quoted_phrases:
    input:
        cleaned="results/{corpus}/interim/cleaned.parquet",
    output:
        phrases="results/{corpus}/tables/quoted_phrases.csv",
    log:
        "results/{corpus}/logs/quoted_phrases.log",
    priority: PRIORITY["quoted_phrases"]
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


rule segment_shard:
    input:
        cleaned="results/{corpus}/interim/shards/clean_{shard}.parquet",
        dictionary=RES["dictionary"],
        themes=RES["themes"],
        extra_dictionary=corpus_dictionaries,
    output:
        tagged="results/{corpus}/interim/shards/tagged_{shard}.parquet",
    log:
        "results/{corpus}/logs/segment_{shard}.log",
    benchmark:
        "results/{corpus}/benchmarks/segment_{shard}.tsv"
    priority: PRIORITY["segment_shard"]
    threads: 1
    resources:
        mem_mb=2000,
        runtime=60,
    conda:
        "../envs/orgtopics.yaml"
    params:
        segment=run_section("segment"),
        units=config["units"],
        lib=LIB,
    script:
        "../scripts/segment_shard.py"


rule units:
    input:
        tagged=shard_files("results/{corpus}/interim/shards/tagged_{shard}.parquet"),
        phrases="results/{corpus}/tables/quoted_phrases.csv",
        dictionary=RES["dictionary"],
        themes=RES["themes"],
        boilerplate=RES["boilerplate"],
        extra_dictionary=corpus_dictionaries,
        extra_stopwords=corpus_stopwords,
    output:
        units="results/{corpus}/interim/units.parquet",
    log:
        "results/{corpus}/logs/units.log",
    priority: PRIORITY["units"]
    threads: 1
    resources:
        mem_mb=2000,
        runtime=30,
    conda:
        "../envs/orgtopics.yaml"
    params:
        segment=run_section("segment"),
        lib=LIB,
    script:
        "../scripts/units.py"


use rule units as units_no_boilerplate with:
    output:
        units="results/{corpus}/interim/units_no_boilerplate.parquet",
    log:
        "results/{corpus}/logs/units_no_boilerplate.log",
    params:
        segment=run_section("segment", policy_boilerplate=False),
        lib=LIB,


rule documents:
    input:
        cleaned="results/{corpus}/interim/cleaned.parquet",
        units="results/{corpus}/interim/units.parquet",
    output:
        documents="results/{corpus}/tables/documents.csv",
    log:
        "results/{corpus}/logs/documents.log",
    priority: PRIORITY["documents"]
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
