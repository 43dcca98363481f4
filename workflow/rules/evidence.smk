# Stage 4b: evidence around the topic model: seed stability, a second engine, a seeded model,
# sensitivity, slogans and period contrasts.


rule fit_seed:
    input:
        model_corpus="results/{corpus}/interim/units.corpus.npz",
        k_selection="results/{corpus}/tables/k_selection.csv",
    output:
        npz="results/{corpus}/interim/stability/seed{seed}.npz",
    log:
        "results/{corpus}/logs/fit_seed_{seed}.log",
    benchmark:
        "results/{corpus}/benchmarks/fit_seed_{seed}.tsv"
    priority: PRIORITY["fit_seed"]
    threads: 1
    resources:
        mem_mb=2000,
        runtime=60,
    conda:
        "../envs/orgtopics.yaml"
    params:
        lda=run_section("lda"),
        lib=LIB,
    script:
        "../scripts/fit_seed.py"


rule stability:
    input:
        unpack(lda_fits),
        model_corpus="results/{corpus}/interim/units.corpus.npz",
        k_selection="results/{corpus}/tables/k_selection.csv",
        seeds=expand("results/{{corpus}}/interim/stability/seed{seed}.npz", seed=STABILITY_SEEDS),
    output:
        stability="results/{corpus}/tables/topic_stability.csv",
        spread="results/{corpus}/tables/topic_seed_spread.csv",
    log:
        "results/{corpus}/logs/stability.log",
    priority: PRIORITY["stability"]
    threads: 1
    resources:
        mem_mb=2000,
        runtime=30,
    conda:
        "../envs/orgtopics.yaml"
    params:
        k_values=K_VALUES,
        lib=LIB,
    script:
        "../scripts/stability.py"


rule model_agreement:
    input:
        unpack(lda_fits),
        model_corpus="results/{corpus}/interim/units.corpus.npz",
        k_selection="results/{corpus}/tables/k_selection.csv",
        themes=RES["themes"],
    output:
        agreement="results/{corpus}/tables/model_agreement.csv",
    log:
        "results/{corpus}/logs/model_agreement.log",
    benchmark:
        "results/{corpus}/benchmarks/model_agreement.tsv"
    priority: PRIORITY["model_agreement"]
    threads: 1
    resources:
        mem_mb=2000,
        runtime=60,
    conda:
        "../envs/orgtopics.yaml"
    params:
        lda=run_section("lda"),
        k_values=K_VALUES,
        cross_check=config["cross_check"],
        lib=LIB,
    script:
        "../scripts/model_agreement.py"


rule seeded_lda:
    input:
        model_corpus="results/{corpus}/interim/units.corpus.npz",
        themes=RES["themes"],
        theme_share="results/{corpus}/tables/theme_share_by_year.csv",
        topic_share="results/{corpus}/tables/topic_share_by_year.csv",
        topic_labels="results/{corpus}/tables/topic_labels.csv",
    output:
        seeded="results/{corpus}/tables/seeded_theme_share_by_year.csv",
        compare="results/{corpus}/tables/theme_method_comparison.csv",
    log:
        "results/{corpus}/logs/seeded_lda.log",
    benchmark:
        "results/{corpus}/benchmarks/seeded_lda.tsv"
    priority: PRIORITY["seeded_lda"]
    threads: 1
    resources:
        mem_mb=2000,
        runtime=60,
    conda:
        "../envs/orgtopics.yaml"
    params:
        lda=run_section("lda"),
        seeded=config["seeded"],
        bootstrap=config["bootstrap"],
        lib=LIB,
    script:
        "../scripts/seeded_lda.py"


rule sensitivity_k:
    input:
        unpack(lda_fits),
        model_corpus="results/{corpus}/interim/units.corpus.npz",
        k_selection="results/{corpus}/tables/k_selection.csv",
        themes=RES["themes"],
    output:
        variant="results/{corpus}/interim/sensitivity/k{delta}.csv",
    log:
        "results/{corpus}/logs/sensitivity_k{delta}.log",
    benchmark:
        "results/{corpus}/benchmarks/sensitivity_k{delta}.tsv"
    wildcard_constraints:
        delta=r"[+-]\d+",
    priority: PRIORITY["sensitivity_k"]
    threads: 1
    resources:
        mem_mb=2000,
        runtime=60,
    conda:
        "../envs/orgtopics.yaml"
    params:
        lda=run_section("lda"),
        k_values=K_VALUES,
        lib=LIB,
    script:
        "../scripts/sensitivity_variant.py"


use rule sensitivity_k as sensitivity_no_boilerplate with:
    input:
        unpack(lda_fits),
        model_corpus="results/{corpus}/interim/units_no_boilerplate.corpus.npz",
        k_selection="results/{corpus}/tables/k_selection.csv",
        themes=RES["themes"],
    output:
        variant="results/{corpus}/interim/sensitivity/no_boilerplate.csv",
    log:
        "results/{corpus}/logs/sensitivity_no_boilerplate.log",
    benchmark:
        "results/{corpus}/benchmarks/sensitivity_no_boilerplate.tsv"


rule sensitivity:
    input:
        variants=expand("results/{{corpus}}/interim/sensitivity/k{delta}.csv", delta=SENSITIVITY_DELTAS)
        + ["results/{corpus}/interim/sensitivity/no_boilerplate.csv"],
        units="results/{corpus}/interim/units.parquet",
        units_no_boilerplate="results/{corpus}/interim/units_no_boilerplate.parquet",
        themes=RES["themes"],
    output:
        sensitivity="results/{corpus}/tables/trend_sensitivity.csv",
        robustness="results/{corpus}/tables/trend_robustness.csv",
    log:
        "results/{corpus}/logs/sensitivity.log",
    priority: PRIORITY["sensitivity"]
    threads: 1
    resources:
        mem_mb=1000,
        runtime=10,
    conda:
        "../envs/orgtopics.yaml"
    params:
        lib=LIB,
    script:
        "../scripts/sensitivity.py"


rule slogans:
    input:
        cleaned="results/{corpus}/interim/cleaned.parquet",
        dictionary=RES["dictionary"],
    output:
        slogans="results/{corpus}/tables/slogans.csv",
        by_year="results/{corpus}/tables/slogans_by_year.csv",
    log:
        "results/{corpus}/logs/slogans.log",
    priority: PRIORITY["slogans"]
    threads: 1
    resources:
        mem_mb=1000,
        runtime=10,
    conda:
        "../envs/orgtopics.yaml"
    params:
        lib=LIB,
    script:
        "../scripts/slogans.py"


rule period_contrast:
    input:
        units="results/{corpus}/interim/units.parquet",
        themes=RES["themes"],
        unit_topics="results/{corpus}/tables/unit_topics.csv",
        topic_labels="results/{corpus}/tables/topic_labels.csv",
    output:
        contrast="results/{corpus}/tables/period_contrast.csv",
    log:
        "results/{corpus}/logs/period_contrast.log",
    priority: PRIORITY["period_contrast"]
    threads: 1
    resources:
        mem_mb=1000,
        runtime=10,
    conda:
        "../envs/orgtopics.yaml"
    params:
        cut=config["period"]["cut_year"],
        bootstrap=config["bootstrap"],
        lib=LIB,
    script:
        "../scripts/period_contrast.py"
