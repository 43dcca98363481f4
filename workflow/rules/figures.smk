# Stage 5: figures (PNG + SVG + the CSV of the plotted numbers), marked for `snakemake --report`.
# One rule per group of FIGURE_GROUPS (common.smk): figures_corpus, figures_topics, figures_sensitivity.

for _group, _names in FIGURE_GROUPS.items():

    rule:
        name:
            f"figures_{_group}"
        input:
            unpack(figure_group_inputs(_names)),
            themes=RES["themes"],
        output:
            **figure_outputs(_names),
        log:
            f"results/{{corpus}}/logs/figures_{_group}.log",
        benchmark:
            f"results/{{corpus}}/benchmarks/figures_{_group}.tsv"
        priority: PRIORITY[f"figures_{_group}"]
        threads: 1
        resources:
            mem_mb=1500,
            runtime=10,
        conda:
            "../envs/orgtopics.yaml"
        params:
            # figure -> the names of its input tables (the same for every corpus)
            tables={n: list(figure_tables("{corpus}", n)) for n in _names},
            lib=LIB,
        script:
            "../scripts/figure.py"
