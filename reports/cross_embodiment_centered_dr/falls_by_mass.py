"""Falls and scores of the cross-embodiment study's envs, split by the mass scale each env drew.

Usage: python reports/cross_embodiment_centered_dr/falls_by_mass.py LABEL=RESULTS_DIR/PREFIX[,RESULTS_DIR/PREFIX...] [LABEL=...]
Reads RESULTS_DIR/PREFIX_<robot>_seed<N>.json (the study's per-seed results; several prefixes joined by commas pool
their envs, e.g. two draws of seeds) and prints, per robot and mass bin, how many envs fell in episode 5 and their mean
normalized score there, then the same over every mass with the 95 % CI the study reports."""
import json, sys
from pathlib import Path
from vintix_lab.evaluate import ci95

BINS = [(0.9, 0.97), (0.97, 1.02), (1.02, 1.1)]   # the study's mild randomization draws mass x0.9-1.1

def rows(prefix: Path):
    "(robot, mass scale, fell in the last episode, normalized score of the last episode) per env."
    files = sorted(prefix.parent.glob(prefix.name + "_*_seed*.json"))
    if not files: sys.exit(f"error: no results match {prefix}_<robot>_seed<N>.json")
    for f in files:
        try: d = json.loads(f.read_text())
        except json.JSONDecodeError as e: sys.exit(f"error: {f} is not valid JSON ({e})")
        if not (d.get("dr_values") and d["dr_values"][0].get("mass_scale")):
            sys.exit(f"error: {f} has no per-env mass draws (field dr_values): was it run with -p dr mild?")
        masses = d["dr_values"][0]["mass_scale"]
        for field in ("robot", "falls", "normalized"):
            if field not in d or (field != "robot" and len(d[field]) != len(masses)):
                sys.exit(f"error: {f}: field {field} is missing or does not have one entry per env ({len(masses)})")
        for e, mass in enumerate(masses):
            yield d["robot"], mass, d["falls"][e][-1], d["normalized"][e][-1]

def main(args):
    if not args: sys.exit(__doc__)
    print("| model | robot | " + " | ".join(f"mass ×{lo:.2f}–{hi:.2f}" for lo, hi in BINS) + " | every mass |")
    print("|---|---|" + "---|" * (len(BINS) + 1))
    for arg in args:
        label, sep, prefix = arg.partition("=")
        if not (sep and label and prefix): sys.exit(f"error: argument {arg!r} is not LABEL=RESULTS_DIR/PREFIX")
        table = {}
        for robot, mass, fell, score in (r for one in prefix.split(",") for r in rows(Path(one))):
            b = next(i for i, (lo, hi) in enumerate(BINS) if mass < hi or i == len(BINS) - 1)
            table.setdefault(robot, [[] for _ in BINS])[b].append((fell, score))
        for robot, cells in table.items():
            every = [x for c in cells for x in c]
            mean, half = ci95([s for _, s in every])
            print(f"| {label} | {robot} | " + " | ".join(
                f"{sum(f for f, _ in c)}/{len(c)} fell, {sum(s for _, s in c) / len(c):.2f}" if c else "–" for c in cells)
                + f" | {sum(f for f, _ in every)}/{len(every)} fell, {mean:.2f} ± {half:.2f} |")

if __name__ == "__main__": main(sys.argv[1:])
