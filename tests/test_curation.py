"""The front door stays curated: a README that fits, reports/ small and without copies, no machine paths, no logs in
reports, and a library that takes nothing from reports/ at run time."""
import hashlib
import re
import subprocess
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
MACHINE_PATH = re.compile(r"(?<![\w.~-])/(?:work|root|tmp|home|Users|mnt)/")
PROGRESS = re.compile(r"\d+%\|")


def tracked(*paths: str) -> list[Path]:
    "Files git tracks under `paths` (a checkout without git history has nothing to check)."
    try: out = subprocess.run(["git", "ls-files", "-z", *paths], cwd=ROOT, capture_output=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError): pytest.skip("not a git checkout")
    return [ROOT / p for p in out.decode().split("\0") if p and (ROOT / p).is_file()]


def test_readme_fits():
    text = (ROOT / "README.md").read_text()
    assert len(text.encode()) <= 15_000, f"README.md is {len(text.encode())} bytes; the limit is 15,000"
    for marker in ("<!-- results:begin -->", "<!-- results:end -->"):
        assert text.count(marker) == 1, f"README.md must hold {marker} once"
    for link in re.findall(r"\]\((?!https?:)([^)#]+)", text):
        assert (ROOT / link).exists(), f"README.md links {link}, which does not exist"


def test_reports_small_and_without_copies():
    files = tracked("reports")
    size = sum(p.stat().st_size for p in files)
    assert size <= 20_000_000, f"tracked reports/ is {size / 1e6:.1f} MB; the limit is 20 MB"
    by_hash = defaultdict(list)
    for p in files: by_hash[hashlib.sha256(p.read_bytes()).hexdigest()].append(str(p.relative_to(ROOT)))
    copies = [names for names in by_hash.values() if len(names) > 1]
    assert not copies, f"byte-identical files under reports/: {copies[:5]}"
    loose = [p.name for p in (ROOT / "reports").iterdir() if p.is_file() and p.name != "index.html" and p in files]
    assert not loose, f"reports/ holds one folder per study or benchmark; loose files: {loose}"


def test_no_machine_paths():
    hits = [str(p.relative_to(ROOT)) for p in tracked("reports", "nbs", "vintix_lab", "configs", "README.md")
            if p.suffix not in (".png", ".mp4", ".gif", ".jpg", ".safetensors", ".h5")
            and MACHINE_PATH.search(p.read_text(errors="replace"))]
    assert not hits, f"absolute machine paths in {hits}: make them project-relative"


def test_reports_hold_no_logs():
    for p in tracked("reports"):
        if p.suffix != ".html": continue
        text = p.read_text(errors="replace")
        assert 'data-mime-type="application/vnd.jupyter.stderr"' not in text, f"{p.name}: a stderr block"
        assert not PROGRESS.search(text), f"{p.name}: a progress bar line"


def test_library_reads_no_reports():
    "Normalizing scores come from models/experts/scores.json through experts.reference_scores, not from a report."
    import vintix_lab.evaluate as evaluate
    from vintix_lab.experts import reference_scores
    assert evaluate.robot_scores("go2") == reference_scores("go2", "nominal")
    assert not hasattr(evaluate, "shipped_scores")   # one resolver: the alias is gone
    readers = [p.name for p in (ROOT / "vintix_lab").glob("*.py") if "experts.json" in p.read_text()]
    assert not readers, f"{readers} name reports/experts/experts.json; use vintix_lab.experts.reference_scores"


def test_readme_results_are_generated():
    "The README's results block is exactly what the published study JSON generates (vintix_lab.study.sync_readme)."
    from vintix_lab.study import readme_results, sync_readme
    assert sync_readme(ROOT / "README.md"), ("README.md's results block differs from the published studies' JSON; run "
                                             "`python -c 'from vintix_lab.study import sync_readme; sync_readme(write=True)'`")
    assert "No study has been published" not in readme_results(ROOT)
