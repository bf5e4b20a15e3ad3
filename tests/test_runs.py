"""A run notebook goes through papermill (a real kernel) and nbconvert into an HTML report, as `vintix-lab run` does;
runs write into an untracked folder, progress goes to the terminal, and `vintix-lab publish` records provenance."""
import json
import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from vintix_lab.reports import report_problems, sha256_tree

BIN = Path(sys.executable).parent
ROOT = Path(__file__).resolve().parents[1]


def tracked_changes() -> str:
    "`git status` of the project's tracked files (what a run must leave as it found it)."
    return subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT, capture_output=True,
                          text=True, check=True).stdout


def test_cli_run_writes_report(tmp_path):
    out = tmp_path / "bench"
    before, index = tracked_changes(), (ROOT / "reports" / "index.html").stat().st_mtime
    r = subprocess.run([BIN / "vintix-lab", "run", "bench_env", "-p", "n_envs", "2", "-p", "n_steps", "5",
                        "--out-dir", str(out)], capture_output=True, text=True, timeout=1200)
    assert r.returncode == 0, r.stderr[-3000:]
    html = (out / "bench_env.html").read_text()
    assert "vintix-lab run bench_env -p robot go2 -p n_envs 2" in html   # the report names its command
    result = json.loads((out / "bench_env.json").read_text())
    assert [row["n_envs"] for row in result["rows"]] == [2]
    assert result["rows"][0]["env_steps_per_s"] > 0
    assert not list(Path(__file__).resolve().parents[1].joinpath("nbs", "runs").glob("*.json"))
    assert report_problems(html) == []
    assert tracked_changes() == before   # nothing tracked moved
    assert (ROOT / "reports" / "index.html").stat().st_mtime == index
    assert json.loads((out / "bench_env.run.json").read_text())["git"]["commit"]   # the run records where it came from


# A run notebook that does what the long stages do: a progress bar (the helper and plain tqdm), a Python warning, a
# Genesis log line, stderr and C-level (file descriptor 2) writes. Only results and summary lines belong in its report.
NOISY_RUN = [
    "# A noisy run\n\n> Bars, warnings and logs, as a collection or training would make.",
    ("n: int = 300   # loop length", ["parameters"]),
    "import logging, os, sys, time, warnings\nimport tqdm\nfrom vintix_lab.reports import progress_bar\n"
    "for i in progress_bar(range(n), desc='collect fake', unit='step', mininterval=0):\n    time.sleep(0.002)\n"
    "for i in tqdm.tqdm(range(n), desc='plain tqdm'): pass\n"
    "warnings.warn('a library warning')\nlogging.getLogger('genesis').warning('qpos0 exceeds joint limits')\n"
    "print('stderr line', file=sys.stderr)\nos.write(2, b'[W 12/01/26 14:04:43.489 5213] [frontend_ir.cpp] fd 2\\n')\n"
    "print(f'result: {n} steps')",
]


@pytest.fixture
def noisy_project(tmp_path):
    "A tiny project (settings.ini + nbs/runs/noisy.ipynb) whose run needs no Genesis; its root."
    root = tmp_path / "proj"
    (root / "nbs" / "runs").mkdir(parents=True)
    (root / "settings.ini").write_text("[vintix_lab]\n")
    cells = []
    for c in NOISY_RUN:
        if isinstance(c, tuple): cells.append(nbformat.v4.new_code_cell(c[0], metadata=dict(tags=c[1])))
        elif c.startswith("#"): cells.append(nbformat.v4.new_markdown_cell(c))
        else: cells.append(nbformat.v4.new_code_cell(c))
    kernel = dict(kernelspec=dict(name="python3", language="python", display_name="Python 3"))
    nbformat.write(nbformat.v4.new_notebook(cells=cells, metadata=kernel), root / "nbs" / "runs" / "noisy.ipynb")
    return root


def test_run_progress_on_terminal_not_in_report(noisy_project):
    path = os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])   # the kernel imports this vintix_lab
    env = dict(os.environ, VINTIX_LAB_ROOT=str(noisy_project), PYTHONPATH=path)
    r = subprocess.run([BIN / "vintix-lab", "run", "noisy"], capture_output=True, text=True, timeout=1800, env=env,
                       cwd=noisy_project)
    assert r.returncode == 0, r.stderr[-3000:]
    out = noisy_project / "runs" / "noisy"                       # the default: runs/<name> at the project root
    html = (out / "noisy.html").read_text()
    assert report_problems(html) == [], report_problems(html)
    assert "result: 300 steps" in html                           # results stay
    assert "collect fake: 300 step in " in html and "plain tqdm: 300 it in " in html   # one summary line per bar
    for noise in ("a library warning", "qpos0", "stderr line", "frontend_ir", "%|"): assert noise not in html, noise
    # the terminal got the live bars (rates, ETAs) and the logs
    assert "collect fake:" in r.stderr and "step/s]" in r.stderr and "<" in r.stderr, r.stderr[-2000:]
    for noise in ("a library warning", "qpos0", "stderr line", "frontend_ir"): assert noise in r.stderr, noise
    assert "report: runs/noisy/noisy.html" in r.stdout


def test_report_check_catches_logs():
    "The check the reports are held to fails on what the old quickstart report held."
    bars = "".join(f"\rtrain go2: {i}%|#| {i}/100 [00:01<00:09, 9.0step/s]" for i in range(9))
    out = nbformat.v4.new_output("stream", name="stderr", text=bars)
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x", outputs=[out])])
    from nbconvert import HTMLExporter
    page = HTMLExporter(exclude_input=True).from_notebook_node(nb)[0]
    assert report_problems(page) == ["1 stderr block(s)", "9 progress-bar lines (at most 5)"]


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=True).stdout.strip()


@pytest.fixture
def repo_with_run(tmp_path):
    "A git project (settings.ini, a dataset config, a dataset folder) and a finished fake run in its runs/study/."
    repo = tmp_path / "repo"
    (repo / "configs").mkdir(parents=True)
    (repo / "settings.ini").write_text("[vintix_lab]\n")
    (repo / "configs" / "ds.yaml").write_text("go2_walking: {path: go2_ds}\n")
    (repo / ".gitignore").write_text("runs/\ndata/\n")
    git(repo, "init", "-q")
    git(repo, "config", "user.email", "t@t")
    git(repo, "config", "user.name", "t")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "init")
    (repo / "data" / "go2_ds").mkdir(parents=True)
    (repo / "data" / "go2_ds" / "part0.h5").write_bytes(os.urandom(1000))
    run = repo / "runs" / "study"
    run.mkdir(parents=True)
    (run / "study.html").write_text('<h1>Study</h1><img src="curve.png">')
    (run / "curve.png").write_bytes(b"\x89PNG")
    (run / "study.ipynb").write_text("{}")
    (run / "study.json").write_text(json.dumps(dict(score=0.9, inputs=["configs/ds.yaml", "data/go2_ds"])))
    made = dict(commit=git(repo, "rev-parse", "HEAD"), dirty=False)
    (run / "study.run.json").write_text(json.dumps(dict(command="vintix-lab run study", git=made)))
    return repo


def publish(repo: Path, *args: str):
    return subprocess.run([BIN / "vintix-lab", "publish", *args], capture_output=True, text=True, cwd=repo,
                          env=dict(os.environ, VINTIX_LAB_ROOT=str(repo)))


def test_publish_refuses_dirty_tree_then_publishes_clean(repo_with_run):
    repo = repo_with_run
    (repo / "configs" / "ds.yaml").write_text("go2_walking: {path: other}\n")    # an uncommitted edit
    r = publish(repo, "runs/study", "--as", "go2_study")
    assert r.returncode == 2 and "uncommitted changes" in r.stderr and "--allow-dirty" in r.stderr, r.stderr
    assert "Traceback" not in r.stderr and not (repo / "reports").exists()
    git(repo, "commit", "-qam", "the dataset config")
    r = publish(repo, "runs/study", "--as", "go2_study")
    assert r.returncode == 0, r.stderr
    dest = repo / "reports" / "go2_study"
    published = ["curve.png", "provenance.json", "study.html", "study.json", "study.run.json"]   # no notebook, no data
    assert sorted(p.name for p in dest.iterdir()) == published
    prov = json.loads((dest / "provenance.json").read_text())
    assert prov["git"] == dict(commit=git(repo, "rev-parse", "HEAD"), dirty=False)
    assert prov["command"] == "vintix-lab publish runs/study --as go2_study"
    assert prov["run_command"] == "vintix-lab run study"
    assert prov["inputs"] == {p: sha256_tree(repo / p) for p in ("configs/ds.yaml", "data/go2_ds")}
    assert 'href="go2_study/study.html"' in (repo / "reports" / "index.html").read_text()
    # hashes are stable: publishing again (after touching the files' times) records the same ones
    for p in (repo / "data" / "go2_ds").iterdir(): os.utime(p, (0, 0))
    assert publish(repo, "runs/study", "--as", "go2_study").returncode == 2          # no silent overwrite
    r = publish(repo, "runs/study", "--as", "go2_study", "--replace")
    assert r.returncode == 0, r.stderr
    assert json.loads((dest / "provenance.json").read_text())["inputs"] == prov["inputs"]


def test_publish_allow_dirty_records_it(repo_with_run):
    repo = repo_with_run
    (repo / "configs" / "ds.yaml").write_text("changed\n")
    r = publish(repo, "runs/study", "--allow-dirty")
    assert r.returncode == 0, r.stderr
    assert json.loads((repo / "reports" / "study" / "provenance.json").read_text())["git"]["dirty"] is True


def test_cli_list_and_run_help():
    r = subprocess.run([BIN / "vintix-lab", "list"], capture_output=True, text=True, check=True)
    lines = dict(l.split(None, 1) for l in r.stdout.splitlines())
    assert lines["quickstart"].startswith("The workbench's main job end to end") and all(lines.values()), r.stdout
    r = subprocess.run([BIN / "vintix-lab", "run", "quickstart", "--help"], capture_output=True, text=True, check=True)
    assert "parameters of quickstart" in r.stdout and 'size: str = "main"' in r.stdout
    assert "collector processes" in r.stdout   # the parameter's comment
    import papermill
    for name in papermill.inspect_notebook(str(ROOT / "nbs" / "runs" / "quickstart.ipynb")):
        assert f"  {name}: " in r.stdout, name


def every_flag_has_help(ap) -> list[str]:
    "Flags of parser `ap` and its subcommands without help text."
    import argparse
    missing = []
    for a in ap._actions:
        if isinstance(a, argparse._SubParsersAction):
            for name, sub in a.choices.items(): missing += [f"{name} {m}" for m in every_flag_has_help(sub)]
        elif not a.help and a.dest != "help": missing.append("/".join(a.option_strings) or a.dest)
    return missing


def test_every_cli_flag_has_help():
    from vintix_lab import dataset_cli, docs, reports
    for mod in (dataset_cli, docs, reports):
        assert every_flag_has_help(mod.parser()) == [], mod.__name__
    r = subprocess.run([BIN / "vintix-dataset", "collect", "--help"], capture_output=True, text=True, check=True)
    wanted = {"--p": "curvature", "--f": "noise floor", "--max-perf": "1 - MAX_PERF", "--eps-start": "start"}
    for flag, words in wanted.items():
        line = " ".join(r.stdout[r.stdout.index(f"  {flag} "):].split("\n  -")[0].split())
        assert words in line, (flag, line)


def test_cli_rejects_unknown_parameter(tmp_path):
    r = subprocess.run([BIN / "vintix-lab", "run", "bench_env", "-p", "n_envz", "2", "--out-dir", str(tmp_path)],
                       capture_output=True, text=True)
    assert r.returncode != 0 and "n_envz" in r.stderr


def test_cli_rejects_unknown_notebook(tmp_path):
    r = subprocess.run([BIN / "vintix-lab", "run", "train_everything"], capture_output=True, text=True)
    assert r.returncode != 0 and "bench_env" in r.stderr


def test_dataset_cli_validate_reports_problems(tmp_path):
    r = subprocess.run([BIN / "vintix-dataset", "validate", str(tmp_path / "nope")], capture_output=True, text=True)
    assert r.returncode == 1 and "no such dataset folder" in r.stdout


def test_dataset_cli_rejects_bad_input(tmp_path):
    r = subprocess.run([BIN / "vintix-dataset", "collect", "--robot", "spot", "--out-dir", str(tmp_path / "x")],
                       capture_output=True, text=True)
    assert r.returncode == 2 and "spot" in r.stderr and "Traceback" not in r.stderr
    r = subprocess.run([BIN / "vintix-dataset", "collect", "--preset", "tiny", "--p", "-1",
                        "--out-dir", str(tmp_path / "x")],
                       capture_output=True, text=True)
    assert r.returncode == 2 and "NoiseSchedule.p" in r.stderr


def test_committed_dataset_configs_load():
    from vintix_lab.dataset_config import load_dataset_config
    root = Path(__file__).resolve().parents[1] / "configs" / "datasets"
    tasks = load_dataset_config(root / "quadrupeds_cnd_cpu.yaml")
    assert sorted(tasks) == ["a1_walking", "go1_walking", "go2_walking", "minicheetah_walking"]
    for t in tasks.values():
        assert t.group == t.task.split("_")[0] and t.expert_score > 20 and t.random_score < 0
        assert t.path == f"{t.group}_cnd_cpu"
    for variant in ("dr", "dr_wide"):   # make cross-embodiment-data-dr / cross-embodiment-data-dr-wide's histories
        dr = load_dataset_config(root / f"quadrupeds_cnd_short_centered_{variant}.yaml")
        assert sorted(dr) == sorted(tasks)
        assert all(t.path == f"{t.group}_cnd_short_centered_{variant}" for t in dr.values())
        # normalized like the nominal-dynamics study
        assert all(dr[k].expert_score == tasks[k].expert_score for k in tasks)
    for held_out in ("go2", "go1", "a1", "minicheetah"):   # leave-one-robot-out on the wider-mass histories
        loro = load_dataset_config(root / f"loro_{held_out}_cnd_short_centered_dr_wide.yaml")
        assert sorted(t.group for t in loro.values()) == sorted({"go2", "go1", "a1", "minicheetah"} - {held_out})
        assert all(t.path.endswith("_cnd_short_centered_dr_wide") for t in loro.values())


def test_every_run_notebook_parameter_parses():
    """papermill silently drops a parameter line it cannot parse; every assignment in a parameters cell must be a
    parameter."""
    import json as _json
    from vintix_lab.reports import list_runs, notebook_parameters, run_notebook_path
    for name in list_runs():
        path = run_notebook_path(name)
        cell = next(c for c in _json.loads(path.read_text())["cells"]
                    if "parameters" in c.get("metadata", {}).get("tags", []))
        declared = {l.split(":")[0].split("=")[0].strip() for l in "".join(cell["source"]).splitlines()
                    if l.strip() and not l.startswith("#")}
        assert declared == set(notebook_parameters(path)), (name, declared ^ set(notebook_parameters(path)))


def test_quickstart_from_the_shipped_model(tmp_path):
    "`-p pretrained true`: no collection, no training; the shipped Go2 AD model walks from its second episode."
    out = tmp_path / "qs"
    r = subprocess.run([BIN / "vintix-lab", "run", "quickstart", "-p", "pretrained", "true", "-p", "size", "smoke",
                        "--out-dir", str(out)], capture_output=True, text=True, timeout=1200)
    assert r.returncode == 0, r.stderr[-3000:]
    result = json.loads((out / "quickstart.json").read_text())
    assert result["timings"]["train_s"] < 5 and result["params"]["pretrained"] is True
    assert result["curves"]["Vintix (in context)"]["normalized_mean"][-1] > 0.9, result["curves"]


# The fine-tuning, evaluation and VLA-RL run notebooks default to the studies' recipes and protocols, so `nbdev-test`
# skips them (skip_exec) and these tests run them at a test size. `pretrained_path standin` / `dataset_config standin`
# / `checkpoint standin` / `all_robot standin` / `sft_checkpoint standin` ask for the untrained tiny models and the tiny
# expert collection by name: an empty required input is an error that names it.
def run_notebook(name: str, out: Path, *params: str, fake_env: bool = False) -> subprocess.CompletedProcess:
    """`vintix-lab run NAME -p k v ... --out-dir OUT`, captured. `fake_env`: every env the run builds is the CPU fake of
    `vintix_lab.testing` (the kernel inherits `$VINTIX_LAB_ENV`), for runs whose test is about the pipeline, not the
    robot."""
    from vintix_lab.envs import ENV_CLASS_VAR
    from vintix_lab.testing import FAKE_ENV
    args = [a for k, v in zip(params[::2], params[1::2]) for a in ("-p", k, v)]
    env = {k: v for k, v in os.environ.items() if k != ENV_CLASS_VAR}
    if fake_env:
        env[ENV_CLASS_VAR] = FAKE_ENV
    return subprocess.run([BIN / "vintix-lab", "run", name, *args, "--out-dir", str(out)], capture_output=True,
                          text=True, timeout=1800, env=env)


def test_quickstart_run_smoke(tmp_path):
    """The quickstart defaults to the main job (`make quickstart`), so `nbdev-test` skips it; here it runs whole at its
    test size: histories collected and valid, a model trained, three curves of two episodes, the expert walking."""
    out, data = tmp_path / "qs", tmp_path / "data"
    r = run_notebook("quickstart", out, "size", "smoke", "out_dir", str(data))
    assert r.returncode == 0, r.stderr[-3000:]
    result = json.loads((out / "quickstart.json").read_text())
    assert result["size"] == "smoke" and result["params"]["size"] == "smoke" and result["train"]["steps"] > 0
    assert set(result["curves"]) == {"Vintix (in context)", "expert", "random"}
    assert all(len(c["normalized_mean"]) == 2 for c in result["curves"].values()), result["curves"]
    assert min(result["curves"]["expert"]["normalized_mean"]) > 0.9, result["curves"]
    assert (data / "go2_histories" / "go2_histories.yaml").exists() and (out / "quickstart_curve.png").exists()


def test_self_improve_notebook_defaults_are_the_config():
    "The run notebook's parameters are `SelfImproveConfig`'s fields with its defaults (the study's recipe): one home."
    import ast
    from dataclasses import MISSING, fields
    import papermill
    from vintix_lab.finetune import SelfImproveConfig
    from vintix_lab.reports import run_notebook_path
    declared = papermill.inspect_notebook(str(run_notebook_path("self_improve")))
    shared = [f for f in fields(SelfImproveConfig) if f.name in declared]
    assert {f.name for f in fields(SelfImproveConfig)} - {f.name for f in shared} == {"scores"}   # Python API only
    for f in shared:
        want = "" if f.default is MISSING else f.default   # required: empty in the notebook, an error when left so
        assert ast.literal_eval(declared[f.name]["default"]) == want, (f.name, declared[f.name]["default"], want)


@pytest.mark.parametrize("name,params,missing", [
    ("self_improve", ("robot_type", "a1", "output_dir", "DATA"), "pretrained_path: required"),
    ("self_improve", ("pretrained_path", "standin", "robot_type", "a1"), "output_dir: required"),
    ("finetune_robot", ("pretrained_path", "standin", "robot_type", "a1", "output_dir", "DATA"),
     "dataset_config: required"),
    ("evaluate", ("robot", "go2"), "checkpoint: required"),
    ("cross_embodiment", ("robots", "go2", "results_dir", "DATA"), "nothing to evaluate"),
    ("cross_embodiment", ("all_robot", "standin", "experts", "go2", "results_dir", "DATA"), "give no other model"),
    ("vla_rl", ("num_updates", "1", "output_dir", "DATA"), "sft_checkpoint: required"),
    ("study_go2", ("ed_checkpoint", "standin", "results_dir", "DATA"), "ad_checkpoint: required"),
    ("study_go2", ("ad_checkpoint", "standin", "results_dir", "DATA"), "ed_checkpoint: required"),
    ("train", ("out_dir", "DATA"), "dataset_configs: required")],
    ids=["self_improve-pretrained", "self_improve-output", "finetune_robot-data", "evaluate-checkpoint",
         "cross_embodiment-nothing", "cross_embodiment-standin-and-models", "vla_rl-sft", "study_go2-ad",
         "study_go2-ed", "train-datasets"])
def test_run_notebook_names_a_missing_input(tmp_path, name, params, missing):
    r = run_notebook(name, tmp_path / "report", *[str(tmp_path / "data") if p == "DATA" else p for p in params])
    assert r.returncode != 0 and missing in r.stderr, r.stderr[-3000:]
    assert not (tmp_path / "data").exists()   # nothing was made first: no stand-in model, no collection


def test_self_improve_run_tiny(tmp_path):
    "The stand-in model, one loop of two short episodes on two envs, a one-env guard: loop table, config, evaluations."
    r = run_notebook("self_improve", tmp_path / "report", "pretrained_path", "standin", "robot_type", "a1",
                     "reference_robot", "go2", "num_improvement_loops", "1", "steps_per_loop", "0",
                     "episodes_per_loop", "2", "n_envs", "2", "finetune_steps_per_loop", "2",
                     "max_steps_per_episode", "30", "context_len", "8", "batch_size", "2", "trajectory_sparsity", "2",
                     "guard_envs", "1", "guard_episodes", "1", "dr", "none", "eval_envs", "1", "eval_episodes", "1",
                     "output_dir", str(tmp_path / "data"), fake_env=True)
    assert r.returncode == 0, r.stderr[-3000:]
    result = json.loads((tmp_path / "report" / "self_improve_a1.json").read_text())
    assert [row["loop"] for row in result["loops"]] == [0]
    assert result["loops"][0]["episodes"] == 2   # one per env
    cfg = result["config"]
    assert (cfg["guard_envs"], cfg["explore_eps"], cfg["keep_top"], cfg["fold_stats"]) == (1, 0.1, 0.25, True)
    assert cfg["pretrained_path"].endswith("standin_pretrained")
    assert (tmp_path / "data" / "models" / "loop_01").is_dir()
    assert set(result["evaluations"]) == {"initial", Path(result["final"]).name}


def test_finetune_robot_run_name_and_epochs(tmp_path):
    "The seeds' `--name` and `--epochs`: the model lands in runs/<name>/ after that many epochs, steps split evenly."
    r = run_notebook("finetune_robot", tmp_path / "report", "pretrained_path", "standin", "robot_type", "a1",
                     "reference_robot", "go2", "dataset_config", "standin", "data_fraction", "1.0",
                     "finetune_steps", "4", "epochs", "2", "name", "a1_seedstyle", "context_len", "16",
                     "batch_size", "2", "trajectory_sparsity", "64", "eval_envs", "1", "eval_episodes", "1",
                     "output_dir", str(tmp_path / "data"), fake_env=True)
    assert r.returncode == 0, r.stderr[-3000:]
    result = json.loads((tmp_path / "report" / "finetune_a1.json").read_text())
    assert Path(result["checkpoint"]).parts[-3:] == ("runs", "a1_seedstyle", "0002_epoch"), result["checkpoint"]
    want = ("a1_seedstyle", 2, 4, [])
    assert (result["name"], result["epochs"], result["steps"], result["changed_outside_group"]) == want
    assert set(result["evaluations"]) == {"zero-shot", "fine-tuned"}


def test_evaluate_run_max_steps(tmp_path):
    "The seeds' `--max_steps` caps every episode of every policy: the expert, which never falls, plays exactly as many."
    r = run_notebook("evaluate", tmp_path, "checkpoint", "standin", "max_steps", "30", "baselines", "expert",
                     "n_envs", "2", "n_episodes", "2")
    assert r.returncode == 0, r.stderr[-3000:]
    expert = json.loads((tmp_path / "results_expert.json").read_text())
    model = json.loads((tmp_path / "results_model.json").read_text())
    assert expert["max_steps"] == 30 and expert["lengths"] == [[30.0, 30.0]] * 2
    assert max(max(row) for row in model["lengths"]) <= 30
    assert json.loads((tmp_path / "evaluate_go2.json").read_text())["params"]["max_steps"] == 30


def test_study_go2_run_standin(tmp_path):
    "Stand-in AD and ED models at a test size on the CPU fake env: every condition's row, the goals, the parameters."
    r = run_notebook("study_go2", tmp_path, "ad_checkpoint", "standin", "ed_checkpoint", "standin", "n_envs", "2",
                     "n_episodes", "2", "seeds", "0", "baselines_unseen", "false", "workers", "1", fake_env=True)
    assert r.returncode == 0, r.stderr[-3000:]
    result = json.loads((tmp_path / "study_go2.json").read_text())
    assert [t["condition"] for t in result["table"]] == ["AD", "ED", "expert", "random", "AD, rewards masked",
                                                          "AD, unseen dynamics", "ED, unseen dynamics"]
    assert all(t["envs"] == 2 and t["late_ci95"] >= 0 for t in result["table"])
    assert (result["params"]["n_episodes"], result["params"]["ad_checkpoint"]) == (2, "standin")


def test_train_notebook_defaults_are_the_config():
    "The train run notebook's parameters default to `TrainConfig`'s fields (0 and empty stand for None and ())."
    import ast
    from dataclasses import fields
    import papermill
    from vintix_lab.reports import run_notebook_path
    from vintix_lab.train import TrainConfig
    declared = papermill.inspect_notebook(str(run_notebook_path("train")))
    as_field = dict(config="model")   # the notebook's name for the field
    empty = {0: None, "": ()}         # the notebook's spelling of None and of an empty tuple
    defaults = {f.name: f.default for f in fields(TrainConfig)}
    shared = [k for k in declared if as_field.get(k, k) in defaults and k not in ("dataset_configs", "out_dir")]
    assert len(shared) >= 18, shared
    for k in shared:
        got, want = ast.literal_eval(declared[k]["default"]), defaults[as_field.get(k, k)]
        assert got == want or (want in ((), None) and empty.get(got, got) == want), (k, got, want)


def test_train_run_synthetic(tmp_path):
    "The tiny model for two epochs on the synthetic toy task: checkpoints, loss, throughput in the summary."
    r = run_notebook("train", tmp_path / "report", "config", "tiny", "dataset_configs", "synthetic",
                     "trajectory_sparsity", "16", "batch_size", "16", "epochs", "2", "lr", "0.001",
                     "name", "train_demo",
                     "out_dir", str(tmp_path / "models"))
    assert r.returncode == 0, r.stderr[-3000:]
    result = json.loads((tmp_path / "report" / "train_train_demo.json").read_text())
    assert Path(result["checkpoint"]).name == "0002_epoch" and result["steps"] > 0
    assert result["params"]["config"] == "tiny" and result["last_loss"] == result["last_loss"]   # a number, not NaN
    assert (tmp_path / "models" / "train_demo" / "0002_epoch").is_dir()


def test_train_expert_notebook_defaults_are_the_config():
    "The train_expert run notebook's parameters default to `ExpertConfig`'s fields: the shipped experts' recipe."
    import ast
    from dataclasses import fields
    import papermill
    from vintix_lab.experts import ExpertConfig
    from vintix_lab.reports import run_notebook_path
    declared = papermill.inspect_notebook(str(run_notebook_path("train_expert")))
    defaults = {f.name: f.default for f in fields(ExpertConfig)}
    shared = [k for k in declared if k in defaults]
    assert len(shared) == 10, shared
    for k in shared:
        assert ast.literal_eval(declared[k]["default"]) == defaults[k], (k, declared[k]["default"], defaults[k])


def test_train_expert_run_tiny(tmp_path):
    "Two PPO iterations of 8 steps on 16 envs, exported and evaluated over 4 episodes (the pipeline, on the CPU fake)."
    r = run_notebook("train_expert", tmp_path, "n_envs", "16", "iterations", "2", "save_every", "1",
                     "num_steps_per_env", "8", "eval_episodes", "4", fake_env=True)
    assert r.returncode == 0, r.stderr[-3000:]
    training = json.loads((tmp_path / "run" / "expert" / "training.json").read_text())
    assert training["iterations"] == 2 and training["evaluation"]["n_episodes"] == 4


def test_collect_notebook_defaults_are_the_config():
    "The collect run notebook defaults to `CollectConfig` and `NoiseSchedule` (cpu preset), as `vintix-dataset` does."
    import ast
    import papermill
    from vintix_lab.collector import PRESETS, CollectConfig
    from vintix_lab.noise import NoiseSchedule
    from vintix_lab.reports import run_notebook_path
    declared = papermill.inspect_notebook(str(run_notebook_path("collect")))
    value = lambda k: ast.literal_eval(declared[k]["default"])
    cfg, noise = CollectConfig(), NoiseSchedule()
    for k in ("robot", "obs_variant", "seed", "score_episodes"):
        assert value(k) == getattr(cfg, k), (k, value(k), getattr(cfg, k))
    for k in ("p", "f", "max_perf", "eps_start"):
        assert value(k) == getattr(noise, k), (k, value(k), getattr(noise, k))
    assert {k: getattr(cfg, k) for k in PRESETS[value("preset")]} == PRESETS[value("preset")]


def test_collect_run_tiny(tmp_path):
    """The tiny preset (2 histories x 2,000 transitions) into a named folder: validated, summarized. On the CPU fake env:
    the test is about the run's plumbing; collecting in Genesis is tested by the quickstart smoke run and bench_collect."""
    data = tmp_path / "data" / "go2_tiny"
    r = run_notebook("collect", tmp_path / "report", "preset", "tiny", "score_episodes", "8", "out_dir", str(data),
                     fake_env=True)
    assert r.returncode == 0, r.stderr[-3000:]
    result = json.loads((tmp_path / "report" / "collect_go2.json").read_text())
    assert result["n_transitions"] == 4000 and len(result["histories"]) == 2
    assert result["params"]["preset"] == "tiny" and (data / "history_000.h5").is_file()


def test_experts_run_one_robot(tmp_path):
    "The shipped Go2 expert against the random and zero-action baselines at a test size (4 episodes): its row and bars."
    r = run_notebook("experts", tmp_path, "robots", "go2", "n_episodes", "4")
    assert r.returncode == 0, r.stderr[-3000:]
    result = json.loads((tmp_path / "experts.json").read_text())
    assert [row["robot"] for row in result["rows"]] == ["go2"] and result["params"]["n_episodes"] == 4
    row = result["rows"][0]
    assert row["expert_return"] > row["random_return"] and set(row["bars"]) == {"return_ge_20", "falls_lt_2pct",
                                                                              "speed_in_0_4_0_6"}


def test_cross_embodiment_run_standin(tmp_path):
    """Untrained stand-ins for every kind of row (all-robot, held out zero-shot, generated, another robot's expert, own
    expert)."""
    r = run_notebook("cross_embodiment", tmp_path, "all_robot", "standin", "n_envs", "1", "n_episodes", "1",
                     "seeds", "0", "dr", "none", "workers", "1", fake_env=True)
    assert r.returncode == 0, r.stderr[-3000:]
    result = json.loads((tmp_path / "cross_embodiment.json").read_text())
    rows = {(t["condition"], t["robot"]) for t in result["table"]}
    assert {("all-robot", "go2"), ("held out, zero-shot", "a1"), ("generated, zero-shot", "gen_compact"),
            ("own PPO expert", "go2")} <= rows, rows
    assert result["params"]["all_robot"] == "standin"


def test_vla_rl_notebook_defaults_are_the_config():
    "The VLA-RL run notebook's algorithm parameters default to `VLARLConfig`'s (the study's recipe): one home."
    import ast
    import papermill
    from vintix_lab.vla.rl import VLARLConfig
    from vintix_lab.reports import run_notebook_path
    declared = papermill.inspect_notebook(str(run_notebook_path("vla_rl")))
    default = VLARLConfig()
    none_as = dict(lr_decay_start=1.0, eval_temperature=0.0)   # the notebook's spelling of None (off)
    algorithm = ("algorithm", "num_updates", "num_rollouts", "num_parallel_envs", "max_steps", "learning_rate",
                 "lr_decay_start", "ema_decay", "value_learning_rate", "num_epochs", "minibatch_size", "temperature",
                 "eval_temperature", "eval_decoding", "entropy_coef", "eval_every", "eval_episodes", "seed",
                 "experiment_name")
    for name in algorithm:
        want = getattr(default, name)
        want = none_as[name] if want is None else want
        assert ast.literal_eval(declared[name]["default"]) == want, (name, declared[name]["default"], want)
    # the run's own settings are the study's: two processes, a 115-minute budget, a snapshot every 10 updates
    run = {k: ast.literal_eval(declared[k]["default"])
           for k in ("n_procs", "max_minutes", "keep_every", "final_episodes")}
    assert run == dict(n_procs=2, max_minutes=115.0, keep_every=10, final_episodes=100), run
    assert ast.literal_eval(declared["sft_checkpoint"]["default"]) == ""   # required


def test_vla_rl_run_tiny(tmp_path):
    """The stand-in SFT model, two PPO updates on two envs, the learner's own weights, greedy evaluations: curve and
    table."""
    r = run_notebook("vla_rl", tmp_path / "report", "sft_checkpoint", "standin", "num_updates", "2",
                     "max_minutes", "0", "num_rollouts", "2", "num_parallel_envs", "2", "n_procs", "1",
                     "max_steps", "40", "ema_decay", "0", "num_epochs", "4", "entropy_coef", "0.01",
                     "eval_decoding", "greedy", "eval_every", "1", "keep_every", "0", "eval_episodes", "2",
                     "final_episodes", "4", "render", "False", "experiment_name", "tiny",
                     "output_dir", str(tmp_path / "runs"))
    assert r.returncode == 0, r.stderr[-3000:]
    result = json.loads((tmp_path / "report" / "vla_rl.json").read_text())
    assert result["table"][0]["model"] == "SFT" and result["table"][0]["episodes"] == 4
    assert [e["update"] for e in result["evals"]] == [0, 1, 2]
    cfg = (tmp_path / "runs" / "tiny" / "config.yaml").read_text()
    assert "ema_decay: null" in cfg and "eval_decoding: greedy" in cfg and "keep_every: null" in cfg, cfg
    assert (tmp_path / "runs" / "standin_sft" / "config.json").is_file()
    protocol = result["protocol"]   # under the protocol: SFT and the dev-chosen checkpoint on the test seeds
    assert protocol["test"]["seeds"] == [200, 201, 202] and [t["split"] for t in result["table"]] == ["test", "test"]
    assert protocol["chosen"] in protocol["candidates"] and result["dev_table"][0]["split"] == "dev"
    # the run ships as SFT base + LoRA adapter, its card checked in Genesis, and loads in one line. The shipped
    # evaluation and the card's check share one Genesis scene built here (the run's env: 2 envs, its episode length);
    # the replay below builds its own, so the card must hold on a fresh scene, as a user replays it
    from vintix_lab.study import load_pretrained
    from vintix_lab.vla.rl import load_config, make_env
    from vintix_lab.vla.ship import VLA_CHECK, check_problems, ship_vla, vla_card_check
    env = make_env(load_config(tmp_path / "runs" / "tiny" / "config.yaml", num_parallel_envs=VLA_CHECK["n_envs"]))
    shipped = ship_vla([tmp_path / "report"], "tiny", dest=tmp_path / "shipped", env=env, check_env=env)
    card = json.loads((shipped / "card.json").read_text())
    assert card["shipped_seed"] == "42" and card["shipped_test"]["episodes"] == 4 and len(card["check"]["lengths"]) == 4
    assert "**1 training seed(s)**" in (shipped / "README.md").read_text()
    assert check_problems(card["check"], vla_card_check(shipped)) == []
    assert load_pretrained(shipped).tokenizer is not None
