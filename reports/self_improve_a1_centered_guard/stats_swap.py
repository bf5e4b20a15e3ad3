"""Does A1's own observation statistics, alone, explain why self-improvement hurts A1?

Scores the guarded run's initial model (Go1's group and Go1's stats) and a copy of it carrying the A1 stats that the
first fine-tune used (from models/loop_01), weights unchanged, with the guard's protocol (4 envs x 2 episodes, seed 5999).
Run from the project root after the guarded run: .venv/bin/python reports/self_improve_a1_centered_guard/stats_swap.py
"""
import json, shutil
from pathlib import Path
import numpy as np
from vintix_lab.config import save_json
from vintix_lab.evaluate import evaluate_in_context

run = Path("data/self_improve/a1_centered_guard/models")
swapped = Path("data/diag/a1_initial_ownstats")
shutil.rmtree(swapped, ignore_errors=True); shutil.copytree(run / "initial", swapped)
(swapped / "guard.json").unlink(missing_ok=True)
meta, own = (json.loads((d / "metadata.json").read_text()) for d in (swapped, run / "loop_01"))
task = next(k for k, t in meta["tasks"].items() if t.get("robot") == "a1")
for f in ("obs_mean", "obs_std"): meta["tasks"][task][f] = own["tasks"][task][f]
(swapped / "metadata.json").write_text(json.dumps(meta))
t = meta["tasks"][task]
scores = dict(random_score=t["random_score"], expert_score=t["expert_score"])
out = {}
for name, m in (("initial, Go1's stats", run / "initial"), ("initial weights, A1's own stats", swapped)):
    r = evaluate_in_context(m, "a1", n_envs=4, n_episodes=2, seeds=(5999,), scores=scores, progress=False)
    out[name] = dict(normalized=float(np.mean(r["normalized"])), fall_rate=float(np.mean(r["falls"])))
    print(name, out[name])
save_json(out, Path(__file__).with_name("stats_swap.json"))
