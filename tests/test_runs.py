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
