# Stage segment (orgtopics.stages.segment): the phrases quoted with “…” over the whole corpus, and every
# shard cut into paragraph units whose words jieba tags (nothing is filtered yet: stage units does that).


TAGGED_SHARD = "results/{corpus}/interim/segment/tagged_{shard}.parquet"  # expanded over the shards by rule units


rule quoted_phrases:
    input:
        cleaned=rules.gather_clean.output.cleaned,
        dictionary=RES["dictionary"],
        themes=corpus_themes,
        extra_dictionary=corpus_dictionaries,
    output:
        phrases="results/{corpus}/tables/quoted_phrases.csv",
    log:
        "results/{corpus}/logs/quoted_phrases.log",
    priority: PRIORITY["quoted_phrases"]
    conda:
        "../envs/orgtopics.yaml"
    threads: 1
    resources:
        mem_mb=1000,
        runtime=10,
    params:
        segment=run_section("segment"),
        lib=LIB["segment"],
    script:
        "../scripts/quoted_phrases.py"


rule segment_shard:
    input:
        cleaned=rules.clean_shard.output.cleaned,
        dictionary=RES["dictionary"],
        themes=corpus_themes,
        extra_dictionary=corpus_dictionaries,
    output:
        tagged=TAGGED_SHARD,
    log:
        "results/{corpus}/logs/segment_{shard}.log",
    benchmark:
        "results/{corpus}/benchmarks/segment_{shard}.tsv"
    priority: PRIORITY["segment_shard"]
    conda:
        "../envs/orgtopics.yaml"
    threads: 1
    resources:
        mem_mb=2000,
        runtime=60,
    params:
        segment=run_section("segment"),
        units=config["units"],
        lib=LIB["segment"],
    script:
        "../scripts/segment_shard.py"
