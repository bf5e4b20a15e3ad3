# vintix_lab: the three commands of the README.
VENV ?= .venv
BIN = $(VENV)/bin

.PHONY: setup quickstart lab test bench experts-report collect collect-all dataset-configs cross-embodiment-data cross-embodiment-data-dr cross-embodiment-data-dr-wide bench-collect bench-model docs reports-index publish FORCE
# The browser tests drive the system Chromium through Playwright (tests/conftest.py); Playwright never downloads one.
CHROMIUM = $(shell command -v chromium || command -v chromium-browser || command -v google-chrome)
SUDO = $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# Rendered rollouts (nbs/11_rollout.ipynb): Genesis's camera draws offscreen through EGL; Mesa's software EGL needs no GPU.
EGL_PACKAGES = libegl1 libegl-mesa0 libgl1-mesa-dri libopengl0 libgl1
setup:  ## create .venv and install the workbench with its pinned CPU stack
	test -x $(BIN)/python || python3 -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	@if [ -n "$(CHROMIUM)" ]; then echo "chromium: $(CHROMIUM)"; \
	elif command -v apt-get >/dev/null; then $(SUDO) apt-get update && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y chromium; \
	else echo "setup: no chromium and no apt-get; install Chromium by hand for the browser tests" >&2; fi
	@missing=$$(for p in $(EGL_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -z "$$missing" ]; then echo "EGL: $(EGL_PACKAGES) installed"; \
	elif command -v apt-get >/dev/null; then $(SUDO) apt-get update && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y $$missing; \
	else echo "setup: no apt-get; install Mesa's EGL ($(EGL_PACKAGES) on Debian) by hand for rendered rollouts" >&2; fi

# Runs write only into runs/<name>/ (git-ignored): a run never modifies a tracked file. Bars with rates and ETAs show
# on the terminal; the report keeps one summary line per stage. `make publish RUN=runs/<name>` is the one step that
# copies a finished run into reports/ (from a clean commit, with provenance.json).
quickstart:  ## the main job on its embedded defaults (expert -> histories -> training -> in-context eval); writes runs/quickstart/quickstart.html
	$(BIN)/vintix-lab quickstart

# JupyterLab at the project, opening the explorer; `make lab LAB_ARGS="--no-browser --port 8899"` on a remote machine.
LAB_ARGS ?=
lab:  ## JupyterLab at the project root, opening nbs/explore.ipynb
	$(BIN)/jupyter lab --ServerApp.root_dir=. $(if $(filter 0,$(shell id -u)),--allow-root) $(LAB_ARGS) nbs/explore.ipynb

RUN ?=
NAME ?=
publish:  ## copy finished run RUN (e.g. RUN=runs/quickstart) into reports/NAME/ with provenance.json; needs a clean commit
	@test -n "$(RUN)" || { echo "publish: give RUN=runs/<name> (and NAME=<folder under reports/>)" >&2; exit 2; }
	$(BIN)/vintix-lab publish $(RUN) $(if $(NAME),--as $(NAME))

tour:  ## build and step every registered robot (runs/tour/)
	$(BIN)/vintix-lab run tour

# Two pytest workers on two cores: one torch thread each (OMP_NUM_THREADS), or every torch call in one worker waits for
# a core the other worker holds (a 25x slowdown of small models was measured).
test:  ## notebook sync checks, every notebook's tests, CLI/papermill smoke tests
	OMP_NUM_THREADS=1 $(BIN)/python -m pytest -n 2 --dist worksteal --durations=12 -p no:cacheprovider tests

docs:  ## the docs site from the notebooks into _docs/ (nbdev-docs with Quarto, else nbconvert)
	$(BIN)/vintix-docs --out _docs

reports-index:  ## (re)write reports/index.html, the list of every HTML report
	$(BIN)/python -c "from vintix_lab.reports import write_reports_index; print(write_reports_index())"

bench:  ## the environment benchmark (runs/bench_env/; publish: make publish RUN=runs/bench_env)
	$(BIN)/vintix-lab run bench_env -p n_envs "1 64 512" -p substeps "1 2" -p n_steps 100 -p repeats 3

experts-report:  ## evaluate every shipped expert against the baselines (runs/experts/)
	$(BIN)/vintix-lab run experts   # defaults: the four robots with shipped experts, 64 episodes per policy

ROBOT ?= go2
collect:  ## learning histories (cpu preset: 8 x 250k) for ROBOT into data/<robot>_cnd_cpu; rerun to resume; report in runs/collect_<robot>/
	$(BIN)/vintix-lab run collect -p robot $(ROBOT) --out-dir runs/collect_$(ROBOT)   # defaults: the cpu preset into data/

collect-all:  ## the cpu preset for every robot with a shipped expert
	for r in go2 go1 a1 minicheetah; do $(MAKE) collect ROBOT=$$r || exit 1; done

# configs/datasets/*.yaml are generated from configs/datasets/spec.yaml (robots x collection variants, and the
# multi-robot sets); every score is read through experts.reference_scores (models/experts/scores.json), never copied.
# `vintix-dataset configs` alone lists the files that differ from the spec (a test fails on any hand edit).
dataset-configs:  ## regenerate configs/datasets/*.yaml from configs/datasets/spec.yaml
	$(BIN)/vintix-dataset configs --write

# The cross-embodiment study's histories (README, cross-embodiment): zero-mean noise for the three robots whose joint
# limits are lopsided, the plain box for the Mini Cheetah (already centred); `make -j2` runs two collections at a time,
# one per core. FORCE reruns a collection whose directory exists, so a killed one resumes.
SHORT_HISTORIES = $(BIN)/vintix-dataset collect --preset cpu --n-histories 128 --steps-per-history 4000 --f 0.25 --workers 1
CROSS_EMBODIMENT_DATA = data/go2_cnd_short_centered data/go1_cnd_short_centered data/a1_cnd_short_centered data/minicheetah_cnd_short
cross-embodiment-data:  ## rebuild the study's histories: data/{go2,go1,a1}_cnd_short_centered, data/minicheetah_cnd_short (~10 min)
	$(MAKE) -j2 $(CROSS_EMBODIMENT_DATA)
data/%_cnd_short_centered: FORCE
	$(SHORT_HISTORIES) --robot $* --noise-box centered --out-dir $@
# The same histories under the study's mild dynamics randomization (mass x0.9-1.1, friction 0.8-1.2, drawn at every
# reset): configs/datasets/quadrupeds_cnd_short_centered_dr.yaml. The Mini Cheetah's centred box is its limits box (to float rounding).
CROSS_EMBODIMENT_DATA_DR = data/go2_cnd_short_centered_dr data/go1_cnd_short_centered_dr data/a1_cnd_short_centered_dr data/minicheetah_cnd_short_centered_dr
cross-embodiment-data-dr:  ## the study's histories under mild dynamics randomization: data/{go2,go1,a1,minicheetah}_cnd_short_centered_dr (~10 min)
	$(MAKE) -j2 $(CROSS_EMBODIMENT_DATA_DR)
data/%_cnd_short_centered_dr: FORCE
	$(SHORT_HISTORIES) --robot $* --noise-box centered --mass-range 0.9 1.1 --friction-range 0.8 1.2 --out-dir $@
# The model trained on those still fell on bodies heavier than x1.02 (reports/cross_embodiment_centered_dr/falls_by_mass.txt):
# the wide variant moves the mass edge to x1.2, so the evaluation's heaviest bodies (x1.1) lie inside the training range.
CROSS_EMBODIMENT_DATA_DR_WIDE = $(CROSS_EMBODIMENT_DATA_DR:=_wide)
cross-embodiment-data-dr-wide:  ## as cross-embodiment-data-dr with mass x0.9-1.2: data/{go2,go1,a1,minicheetah}_cnd_short_centered_dr_wide
	$(MAKE) -j2 $(CROSS_EMBODIMENT_DATA_DR_WIDE)
data/%_cnd_short_centered_dr_wide: FORCE
	$(SHORT_HISTORIES) --robot $* --noise-box centered --mass-range 0.9 1.2 --friction-range 0.8 1.2 --out-dir $@
data/%_cnd_short: FORCE
	$(SHORT_HISTORIES) --robot $* --out-dir $@
FORCE:

bench-collect:  ## the collection benchmark (runs/bench_collect/)
	$(BIN)/vintix-lab run bench_collect -p n_envs 4 -p n_steps 10000 -p repeats 3 -p job_histories 512 -p job_steps 16000

bench-model:  ## the model benchmark (runs/bench_model/)
	$(BIN)/vintix-lab run bench_model -p configs "cpu standard" -p batch_size 2 -p train_steps 2 -p agent_config cpu -p agent_envs 64 \
		-p agent_steps 20 -p loader_windows 256   # add -p dataset_config configs/datasets/go2_cnd_cpu.yaml after `make collect`
