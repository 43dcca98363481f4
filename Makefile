# The two commands of the README:
#   make run    build .venv from the pinned versions, run the workflow (results/<corpus>/)
#   make test   build .venv, run the test suite
# Options: CORPUS=path/to/folder-or-table (run one corpus), CORES=N, PYTHON=python3.11,
#          SNAKEMAKE_ARGS="..." (passed on to snakemake)

PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
CORES  ?= all
CORPUS ?=
SNAKEMAKE := $(BIN)/snakemake --profile profiles/default --cores $(CORES)
# CORPUS reaches the workflow only as an environment variable (ORGTOPICS_CORPUS, read by
# workflow/rules/common.smk), never as text of a command line: a folder named `x;touch y`, `a$$(b)`,
# `it's` or `corpus (copy)` is a path, not a command, and Snakemake's --config parser cannot turn it into
# a number or a list. $(value ...) keeps make from expanding $(...) inside it.
ifneq ($(value CORPUS),)
export ORGTOPICS_CORPUS := $(value CORPUS)
else
unexport ORGTOPICS_CORPUS
endif
CORPUS_ARGS := $(SNAKEMAKE_ARGS)

.PHONY: run test test-fast check format venv report lint dryrun clean-results help pdf bench draft-themes

help:
	@echo "make run [CORPUS=folder]   build the environment and run the workflow"
	@echo "make test                  build the environment and run the tests"
	@echo "make report                snakemake --report (results/report.zip)"
	@echo "make test-fast             the unit tests only (no workflow runs), in about a minute"
	@echo "make check                 ruff (lint, format), mypy, snakefmt and snakemake --lint, all clean"
	@echo "make format                apply ruff format and snakefmt"
	@echo "make lint                  snakemake --lint"
	@echo "make draft-themes RESULTS=results/<corpus>   draft a themes file from a run's topics"

venv: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e ".[test]"
	touch $(STAMP)

run: $(STAMP)
	$(SNAKEMAKE) $(CORPUS_ARGS)

dryrun: $(STAMP)
	$(SNAKEMAKE) $(CORPUS_ARGS) --dry-run

report: $(STAMP)
	$(SNAKEMAKE) $(CORPUS_ARGS) --report results/report.zip

lint: $(STAMP)
	$(BIN)/snakemake --lint

# A themes file for a new domain, drafted from a run's topics (orgtopics/draft_themes.py): edit, then set
# `themes:` in the corpus's corpus.yaml.
draft-themes: $(STAMP)
	@test -n "$(RESULTS)" || { echo "give the run's results folder: make draft-themes RESULTS=results/<corpus>"; exit 2; }
	$(BIN)/python -m orgtopics.draft_themes "$(RESULTS)"

test: $(STAMP)
	$(BIN)/python -m pytest

# The unit tier: no test that runs the workflow or needs a system package (markers in pyproject.toml).
test-fast: $(STAMP)
	$(BIN)/python -m pytest -m "not slow and not system"

check: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/snakefmt --check .
	$(BIN)/snakemake --lint

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .
	$(BIN)/snakefmt .

clean-results:
	rm -rf results .snakemake

pdf: $(STAMP)
	$(SNAKEMAKE) $(CORPUS_ARGS) all_pdf

# Benchmarks (not tests): scaled corpora under benchmarks/out/, numbers into benchmarks/out/*.json;
# benchmarks/RESULTS.md records them with the machine and the command.
BENCH_MB ?= 10
# rounds of (notebook, pipeline) in bench_end_to_end, the order alternating; medians reported
BENCH_REPEAT ?= 3
BENCH_SOURCE ?= $(if $(wildcard ../shared/corpora/cpc-congress),../shared/corpora/cpc-congress,seeds)
bench: $(STAMP)
	$(BIN)/python benchmarks/scale_corpus.py $(BENCH_SOURCE) benchmarks/out/scaled_$(BENCH_MB)mb --mb $(BENCH_MB)
	$(BIN)/python benchmarks/bench_segment.py benchmarks/out/scaled_$(BENCH_MB)mb
	$(BIN)/python benchmarks/bench_end_to_end.py benchmarks/out/scaled_$(BENCH_MB)mb --repeat $(BENCH_REPEAT)
	$(BIN)/python benchmarks/bench_engines.py results/scaled_$(BENCH_MB)mb/interim/units/units.parquet
	$(BIN)/python benchmarks/bench_cross_check.py results/scaled_$(BENCH_MB)mb/interim/topics/units.corpus.npz
	$(BIN)/python benchmarks/bench_engine_agreement.py results/scaled_$(BENCH_MB)mb
