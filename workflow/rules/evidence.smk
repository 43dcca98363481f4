# Stage evidence (orgtopics.stages.evidence): what the chosen model's trends survive: other seeds, a second
# engine of another inference family, a seeded model, other Ks and stoplists, and a before/after contrast.


# Pattern expanded over seeds (expand() refuses a rule's output once a storage plugin flagged it).
SEED_FIT = "results/{corpus}/interim/evidence/seed{seed}.npz"


rule fit_seed:
    input:
        model_corpus=rules.model_corpus.output.model_corpus,
        k_selection=rules.select_k.output.k_selection,
    output:
        npz=SEED_FIT,
    log:
        "results/{corpus}/logs/fit_seed_{seed}.log",
    benchmark:
        "results/{corpus}/benchmarks/fit_seed_{seed}.tsv"
    priority: PRIORITY["fit_seed"]
    conda:
        "../envs/orgtopics.yaml"
    threads: 1
    resources:
        mem_mb=2000,
        runtime=60,
    params:
        lda=run_section("lda"),
        lib=LIB["evidence"],
    script:
        "../scripts/fit_seed.py"


rule stability:
    input:
        unpack(lda_fits),
        model_corpus=rules.model_corpus.output.model_corpus,
        k_selection=rules.select_k.output.k_selection,
        seeds=expand(SEED_FIT, seed=STABILITY_SEEDS, allow_missing=True),
    output:
        stability="results/{corpus}/tables/topic_stability.csv",
        spread="results/{corpus}/tables/topic_seed_spread.csv",
    log:
        "results/{corpus}/logs/stability.log",
    priority: PRIORITY["stability"]
    conda:
        "../envs/orgtopics.yaml"
    threads: 1
    resources:
        mem_mb=2000,
        runtime=30,
    params:
        k_values=K_VALUES,
        lib=LIB["evidence"],
    script:
        "../scripts/stability.py"


rule model_agreement:
    input:
        unpack(lda_fits),
        model_corpus=rules.model_corpus.output.model_corpus,
        k_selection=rules.select_k.output.k_selection,
        themes=corpus_themes,
    output:
        agreement="results/{corpus}/tables/model_agreement.csv",
    log:
        "results/{corpus}/logs/model_agreement.log",
    benchmark:
        "results/{corpus}/benchmarks/model_agreement.tsv"
    priority: PRIORITY["model_agreement"]
    conda:
        "../envs/orgtopics.yaml"
    threads: 1
    resources:
        mem_mb=2000,
        runtime=60,
    params:
        lda=run_section("lda"),
        k_values=K_VALUES,
        cross_check=config["cross_check"],
        lib=LIB["evidence"],
    script:
        "../scripts/model_agreement.py"


rule seeded_lda:
    input:
        model_corpus=rules.model_corpus.output.model_corpus,
        units=rules.units.output.units,
        themes=corpus_themes,
        theme_share=rules.themes.output.share,
        topic_share=rules.topic_tables.output.topic_share_by_year,
        topic_labels=rules.topic_tables.output.topic_labels,
    output:
        seeded="results/{corpus}/tables/seeded_theme_share_by_year.csv",
        compare="results/{corpus}/tables/theme_method_comparison.csv",
    log:
        "results/{corpus}/logs/seeded_lda.log",
    benchmark:
        "results/{corpus}/benchmarks/seeded_lda.tsv"
    priority: PRIORITY["seeded_lda"]
    conda:
        "../envs/orgtopics.yaml"
    threads: 1
    resources:
        mem_mb=2000,
        runtime=60,
    params:
        lda=run_section("lda"),
        seeded=config["seeded"],
        bootstrap=config["bootstrap"],
        lib=LIB["evidence"],
    script:
        "../scripts/seeded_lda.py"


rule sensitivity_models:
    input:
        unpack(lda_fits),
        model_corpus=rules.model_corpus.output.model_corpus,
        model_corpus_no_boilerplate=rules.model_corpus_no_boilerplate.output.model_corpus,
        k_selection=rules.select_k.output.k_selection,
        themes=corpus_themes,
    output:
        models="results/{corpus}/interim/evidence/sensitivity_models.csv",
    log:
        "results/{corpus}/logs/sensitivity_models.log",
    benchmark:
        "results/{corpus}/benchmarks/sensitivity_models.tsv"
    priority: PRIORITY["sensitivity_models"]
    conda:
        "../envs/orgtopics.yaml"
    threads: 1
    resources:
        mem_mb=2000,
        runtime=60,
    params:
        lda=run_section("lda"),
        k_values=K_VALUES,
        k_delta=config["sensitivity"]["k_delta"],
        lib=LIB["evidence"],
    script:
        "../scripts/sensitivity_models.py"


rule sensitivity:
    input:
        models=rules.sensitivity_models.output.models,
        units=rules.units.output.units,
        units_no_boilerplate=rules.units_no_boilerplate.output.units,
        units_no_phrases=rules.units_no_phrases.output.units,
        themes=corpus_themes,
        theme_change=rules.themes.output.change,
    output:
        sensitivity="results/{corpus}/tables/trend_sensitivity.csv",
        robustness="results/{corpus}/tables/trend_robustness.csv",
    log:
        "results/{corpus}/logs/sensitivity.log",
    priority: PRIORITY["sensitivity"]
    conda:
        "../envs/orgtopics.yaml"
    threads: 1
    resources:
        mem_mb=1000,
        runtime=10,
    params:
        lib=LIB["evidence"],
    script:
        "../scripts/sensitivity.py"


rule period_contrast:
    input:
        units=rules.units.output.units,
        themes=corpus_themes,
        unit_topics=rules.topic_tables.output.unit_topics,
        topic_labels=rules.topic_tables.output.topic_labels,
    output:
        contrast="results/{corpus}/tables/period_contrast.csv",
    log:
        "results/{corpus}/logs/period_contrast.log",
    priority: PRIORITY["period_contrast"]
    conda:
        "../envs/orgtopics.yaml"
    threads: 1
    resources:
        mem_mb=1000,
        runtime=10,
    params:
        cut=run_value("period", "cut_year"),
        bootstrap=config["bootstrap"],
        lib=LIB["evidence"],
    script:
        "../scripts/period_contrast.py"


rule adjusted_trends:
    input:
        unpack(lda_fits),
        units=rules.units.output.units,
        documents=rules.documents.output.documents,
        themes=corpus_themes,
        k_selection=rules.select_k.output.k_selection,
        seeds=expand(SEED_FIT, seed=STABILITY_SEEDS, allow_missing=True),
        topic_labels=rules.topic_tables.output.topic_labels,
    output:
        covariates="results/{corpus}/tables/covariates.csv",
        theme_change="results/{corpus}/tables/theme_change_adjusted.csv",
        topic_change="results/{corpus}/tables/topic_change_adjusted.csv",
        by_year="results/{corpus}/tables/trends_adjusted_by_year.csv",
    log:
        "results/{corpus}/logs/adjusted_trends.log",
    priority: PRIORITY["adjusted_trends"]
    conda:
        "../envs/orgtopics.yaml"
    threads: 1
    resources:
        mem_mb=2000,
        runtime=30,
    params:
        k_values=K_VALUES,
        covariates=run_value("covariates"),
        bootstrap=config["bootstrap"],
        lib=LIB["evidence"],
    script:
        "../scripts/adjusted_trends.py"
