"""A run notebook goes through papermill (a real kernel) and nbconvert into an HTML report, as `vintix-lab run` does."""
import json
import subprocess
import sys
from pathlib import Path

import pytest

BIN = Path(sys.executable).parent


def test_cli_run_writes_report(tmp_path):
    out = tmp_path / "bench"
    r = subprocess.run([BIN / "vintix-lab", "run", "bench_env", "-p", "n_envs", "2", "-p", "n_steps", "5",
                        "--out-dir", str(out)], capture_output=True, text=True, timeout=1200)
    assert r.returncode == 0, r.stderr[-3000:]
    html = (out / "bench_env.html").read_text()
    assert "vintix-lab run bench_env -p robot go2 -p n_envs 2" in html   # the report names its command
    result = json.loads((out / "bench_env.json").read_text())
    assert [row["n_envs"] for row in result["rows"]] == [2]
    assert result["rows"][0]["env_steps_per_s"] > 0
    assert not list(Path(__file__).resolve().parents[1].joinpath("nbs", "runs").glob("*.json"))


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
    r = subprocess.run([BIN / "vintix-dataset", "collect", "--preset", "tiny", "--p", "-1", "--out-dir", str(tmp_path / "x")],
                       capture_output=True, text=True)
    assert r.returncode == 2 and "NoiseSchedule.p" in r.stderr


def test_committed_dataset_configs_load():
    from vintix_lab.collector import load_dataset_config
    root = Path(__file__).resolve().parents[1] / "configs" / "datasets"
    tasks = load_dataset_config(root / "quadrupeds_cnd_cpu.yaml")
    assert sorted(tasks) == ["a1_walking", "go1_walking", "go2_walking", "minicheetah_walking"]
    for t in tasks.values():
        assert t.group == t.task.split("_")[0] and t.expert_score > 20 and t.random_score < 0
        assert t.path == f"{t.group}_cnd_cpu"
    for variant in ("dr", "dr_wide"):   # make cross-embodiment-data-dr / cross-embodiment-data-dr-wide's histories
        dr = load_dataset_config(root / f"quadrupeds_cnd_short_centered_{variant}.yaml")
        assert sorted(dr) == sorted(tasks) and all(t.path == f"{t.group}_cnd_short_centered_{variant}" for t in dr.values())
        assert all(dr[k].expert_score == tasks[k].expert_score for k in tasks)   # normalized like the nominal-dynamics study
    for held_out in ("go2", "go1", "a1", "minicheetah"):   # leave-one-robot-out on the wider-mass histories
        loro = load_dataset_config(root / f"loro_{held_out}_cnd_short_centered_dr_wide.yaml")
        assert sorted(t.group for t in loro.values()) == sorted({"go2", "go1", "a1", "minicheetah"} - {held_out})
        assert all(t.path.endswith("_cnd_short_centered_dr_wide") for t in loro.values())


def test_every_run_notebook_parameter_parses():
    "papermill silently drops a parameter line it cannot parse; every assignment in a parameters cell must be a parameter."
    import json as _json
    from vintix_lab.reports import list_runs, notebook_parameters, run_notebook_path
    for name in list_runs():
        path = run_notebook_path(name)
        cell = next(c for c in _json.loads(path.read_text())["cells"] if "parameters" in c.get("metadata", {}).get("tags", []))
        declared = {l.split(":")[0].split("=")[0].strip() for l in "".join(cell["source"]).splitlines() if l.strip() and not l.startswith("#")}
        assert declared == set(notebook_parameters(path)), (name, declared ^ set(notebook_parameters(path)))
