"""Falls and scores of the cross-embodiment study's envs, split by the mass scale each env drew.

Usage: python reports/cross_embodiment_centered_dr/falls_by_mass.py LABEL=RESULTS_DIR/PREFIX [LABEL=...]
Reads RESULTS_DIR/PREFIX_<robot>_seed<N>.json (the study's per-seed results) and prints, per robot and mass bin,
how many envs fell in episode 5 and their mean normalized score there."""
import json, sys
from pathlib import Path

BINS = [(0.9, 0.97), (0.97, 1.02), (1.02, 1.1)]   # the study's mild randomization draws mass x0.9-1.1

def rows(prefix: Path):
    "(robot, mass scale, fell in the last episode, normalized score of the last episode) per env."
    for f in sorted(prefix.parent.glob(prefix.name + "_*_seed*.json")):
        d = json.loads(f.read_text())
        if not (d.get("dr_values") and d["dr_values"][0].get("mass_scale")):
            sys.exit(f"error: {f} has no per-env mass draws (field dr_values): was it run with -p dr mild?")
        for e, mass in enumerate(d["dr_values"][0]["mass_scale"]):
            yield d["robot"], mass, d["falls"][e][-1], d["normalized"][e][-1]

def main(args):
    if not args: sys.exit(__doc__)
    print("| model | robot | " + " | ".join(f"mass ×{lo:.2f}–{hi:.2f}" for lo, hi in BINS) + " |")
    print("|---|---|" + "---|" * len(BINS))
    for arg in args:
        label, sep, prefix = arg.partition("=")
        if not (sep and label and prefix): sys.exit(f"error: argument {arg!r} is not LABEL=RESULTS_DIR/PREFIX")
        table = {}
        for robot, mass, fell, score in rows(Path(prefix)):
            b = next(i for i, (lo, hi) in enumerate(BINS) if mass < hi or i == len(BINS) - 1)
            table.setdefault(robot, [[] for _ in BINS])[b].append((fell, score))
        if not table: sys.exit(f"error: no results match {prefix}_<robot>_seed<N>.json")
        for robot, cells in table.items():
            print(f"| {label} | {robot} | " + " | ".join(
                f"{sum(f for f, _ in c)}/{len(c)} fell, {sum(s for _, s in c) / len(c):.2f}" if c else "–" for c in cells) + " |")

if __name__ == "__main__": main(sys.argv[1:])
