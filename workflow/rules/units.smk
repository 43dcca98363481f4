# Stage units (orgtopics.stages.units): the model tokens of every paragraph unit (quoted phrases merged,
# stopwords and the part-of-speech filter applied), once more without the boilerplate stoplist and once
# without the harvested phrases (two sensitivity variants), and the table of documents.


rule units:
    input:
        tagged=shard_files(TAGGED_SHARD),
        phrases=rules.quoted_phrases.output.phrases,
        dictionary=RES["dictionary"],
        themes=corpus_themes,
        boilerplate=RES["boilerplate"],
        extra_dictionary=corpus_dictionaries,
        extra_stopwords=corpus_stopwords,
    output:
        units="results/{corpus}/interim/units/units.parquet",
    log:
        "results/{corpus}/logs/units.log",
    priority: PRIORITY["units"]
    conda:
        "../envs/orgtopics.yaml"
    threads: 1
    resources:
        mem_mb=2000,
        runtime=30,
    params:
        segment=run_section("segment"),
        lib=LIB["units"],
    script:
        "../scripts/units.py"


use rule units as units_no_boilerplate with:
    output:
        units="results/{corpus}/interim/units/units_no_boilerplate.parquet",
    log:
        "results/{corpus}/logs/units_no_boilerplate.log",
    params:
        segment=run_section("segment", policy_boilerplate=False),
        lib=LIB["units"],


use rule units as units_no_phrases with:
    output:
        units="results/{corpus}/interim/units/units_no_phrases.parquet",
    log:
        "results/{corpus}/logs/units_no_phrases.log",
    priority: PRIORITY["units_no_phrases"]
    params:
        segment=run_section("segment", quoted_phrases={"add": False}),
        lib=LIB["units"],


rule documents:
    input:
        cleaned=rules.gather_clean.output.cleaned,
        units=rules.units.output.units,
    output:
        documents="results/{corpus}/tables/documents.csv",
        shared="results/{corpus}/tables/shared_passages.csv",
        recurring="results/{corpus}/tables/recurring_lines.csv",
    log:
        "results/{corpus}/logs/documents.log",
    priority: PRIORITY["documents"]
    conda:
        "../envs/orgtopics.yaml"
    threads: 1
    resources:
        mem_mb=1000,
        runtime=10,
    params:
        lib=LIB["units"],
    script:
        "../scripts/documents.py"


rule fragments:
    input:
        tagged=shard_files(TAGGED_SHARD),
        units=rules.units.output.units,
    output:
        fragments="results/{corpus}/tables/suspect_fragments.csv",
    log:
        "results/{corpus}/logs/fragments.log",
    priority: PRIORITY["fragments"]
    conda:
        "../envs/orgtopics.yaml"
    threads: 1
    resources:
        mem_mb=2000,
        runtime=20,
    params:
        audit=config["segment"]["audit"],
        lib=LIB["units"],
    script:
        "../scripts/fragments.py"
