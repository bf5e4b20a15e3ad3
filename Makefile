# vintix_lab: the three commands of the README.
VENV ?= .venv
BIN = $(VENV)/bin

.PHONY: setup quickstart test bench experts-report
setup:  ## create .venv and install the workbench with its pinned CPU stack
	test -x $(BIN)/python || python3 -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -e ".[dev]"

quickstart:  ## the main job on its embedded defaults; writes reports/quickstart/
	$(BIN)/vintix-lab quickstart

test:  ## notebook sync checks, every notebook's tests, CLI/papermill smoke tests
	$(BIN)/python -m pytest -n 2 -p no:cacheprovider tests

bench:  ## the committed environment benchmark (reports/bench_env/)
	$(BIN)/vintix-lab run bench_env -p n_envs "1 64 512" -p substeps "1 2" -p n_steps 100 -p repeats 3

experts-report:  ## evaluate every shipped expert against the baselines (reports/experts/)
	$(BIN)/vintix-lab run experts -p robots "go2 go1 a1 minicheetah" -p n_episodes 64
