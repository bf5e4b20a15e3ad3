"""Average the LoRA adapters of a run's snapshots into a new checkpoint directory, to evaluate with `cli evaluate`.

Usage: python reports/vla_rl_ws100_mb32/average_adapters.py RUN_DIR OUT_DIR UPDATE [UPDATE ...]
The mean is taken factor by factor (each lora_A and lora_B tensor separately): close to the mean of the weight deltas
only while the snapshots are close, as consecutive snapshots of one run are. The rest of OUT_DIR (config, value head,
trainer state) is a copy of the last snapshot named; evaluation uses only the adapter.
"""
import shutil, sys
from pathlib import Path
from safetensors.torch import load_file, save_file

if len(sys.argv) < 4 or not all(u.isdigit() for u in sys.argv[3:]):
    sys.exit("usage: average_adapters.py RUN_DIR OUT_DIR UPDATE [UPDATE ...]  (UPDATE: snapshot numbers such as 150)")
run, out, updates = Path(sys.argv[1]), Path(sys.argv[2]), [int(u) for u in sys.argv[3:]]
sources = [run / f"checkpoint_update_{u:05d}" for u in updates]
for s in sources:
    if not (s / "adapter_model.safetensors").is_file(): sys.exit(f"average_adapters: {s} holds no adapter_model.safetensors")
if out.exists(): sys.exit(f"average_adapters: {out} exists; choose another output directory")
adapters = [load_file(s / "adapter_model.safetensors") for s in sources]
shutil.copytree(sources[-1], out)
save_file({k: sum(a[k] for a in adapters) / len(adapters) for k in adapters[0]}, out / "adapter_model.safetensors", metadata={"format": "pt"})
print(f"{out}: mean of {len(adapters)} adapters ({', '.join(str(u) for u in updates)})")
