# Stage 5: figures (PNG + SVG + the CSV of the plotted numbers), marked for `snakemake --report`.


rule figure:
    input:
        unpack(figure_inputs),
        themes=RES["themes"],
    output:
        png=report(
            "results/{corpus}/figures/{figure}.png",
            caption="../report/figure.rst",
            category="Figures",
            labels={"corpus": "{corpus}", "figure": "{figure}"},
        ),
        svg="results/{corpus}/figures/{figure}.svg",
        csv="results/{corpus}/figures/{figure}.csv",
    log:
        "results/{corpus}/logs/figure_{figure}.log",
    threads: 1
    resources:
        mem_mb=1500,
        runtime=10,
    conda:
        "../envs/orgtopics.yaml"
    params:
        lib=LIB,
    script:
        "../scripts/figure.py"
