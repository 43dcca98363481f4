# Stage figures (orgtopics.stages.figures): one job per group of orgtopics.figure_registry.FIGURES
# (figures_corpus, figures_topics, figures_sensitivity, figures_adjusted); each figure is its own PNG, SVG and the CSV of the
# numbers it plots, marked for `snakemake --report`, and the palette PNG the HTML report embeds (FIGURE_EMBED).

for _group, _names in FIGURE_GROUPS.items():

    rule:
        name:
            f"figures_{_group}"
        input:
            unpack(figure_inputs(_names)),
            themes=corpus_themes,
        output:
            **figure_outputs(_names),
        log:
            f"results/{{corpus}}/logs/figures_{_group}.log",
        benchmark:
            f"results/{{corpus}}/benchmarks/figures_{_group}.tsv"
        priority: PRIORITY[f"figures_{_group}"]
        conda:
            "../envs/orgtopics.yaml"
        threads: 1
        resources:
            mem_mb=1500,
            runtime=10,
        params:
            figures=_names,
            lib=LIB["figures"],
        script:
            "../scripts/figures.py"
