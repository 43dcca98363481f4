# Stage validation (orgtopics.stages.validation): coding tasks for people (word and topic intrusion, topic labels,
# dictionary hits), the offline coding page, and the scores of the answer files coders save in the corpus's
# validation folder.


rule validation_tasks:
    input:
        unpack(lda_fits),
        units=rules.units.output.units,
        model_corpus=rules.model_corpus.output.model_corpus,
        k_selection=rules.select_k.output.k_selection,
        topic_labels=rules.topic_tables.output.topic_labels,
        themes=corpus_themes,
    output:
        tasks="results/{corpus}/validation/tasks.json",
        key="results/{corpus}/validation/key.csv",
        page="results/{corpus}/validation/coding.html",
    log:
        "results/{corpus}/logs/validation_tasks.log",
    priority: PRIORITY["validation_tasks"]
    conda:
        "../envs/orgtopics.yaml"
    threads: 1
    resources:
        mem_mb=1000,
        runtime=10,
    params:
        settings=config["validation"],
        lam=config["lda"]["relevance_lambda"],
        k_values=K_VALUES,
        answers_dir=answers_dir,
        lib=LIB["validation"],
    script:
        "../scripts/validation_tasks.py"


rule validation_scores:
    input:
        tasks=rules.validation_tasks.output.tasks,
        key=rules.validation_tasks.output.key,
        answers=validation_answers,
    output:
        scores="results/{corpus}/tables/validation_scores.csv",
        coders="results/{corpus}/tables/validation_coders.csv",
    log:
        "results/{corpus}/logs/validation_scores.log",
    priority: PRIORITY["validation_scores"]
    conda:
        "../envs/orgtopics.yaml"
    threads: 1
    resources:
        mem_mb=500,
        runtime=5,
    params:
        ci=config["bootstrap"]["ci"],
        lib=LIB["validation"],
    script:
        "../scripts/validation_scores.py"
