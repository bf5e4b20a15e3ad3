"""The notebooks are the source of truth: they must be clean, and the package must be exactly what they export."""
import filecmp
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


@pytest.fixture(scope="module")
def copy(tmp_path_factory):
    "A copy of the project's notebooks, package and config, where nbdev may rewrite files freely."
    dst = tmp_path_factory.mktemp("sync")
    for name in ("nbs", "vintix_lab"):
        shutil.copytree(ROOT / name, dst / name, ignore=shutil.ignore_patterns("__pycache__", ".ipynb_checkpoints"))
    for name in ("pyproject.toml", "settings.ini"):
        shutil.copy(ROOT / name, dst / name)
    return dst


def changed_files(a: Path, b: Path, pattern: str) -> list:
    return [str(p.relative_to(a)) for p in sorted(a.rglob(pattern))
            if "__pycache__" not in p.parts and not filecmp.cmp(p, b / p.relative_to(a), shallow=False)]


def test_notebooks_are_clean(copy):
    subprocess.run([BIN / "nbdev-clean"], cwd=copy, check=True, capture_output=True)
    changed = changed_files(copy / "nbs", ROOT / "nbs", "*.ipynb")
    assert not changed, f"nbdev-clean changed {changed}: run nbdev-clean and commit"


def test_package_matches_notebooks(copy):
    subprocess.run([BIN / "nbdev-export"], cwd=copy, check=True, capture_output=True)
    changed = changed_files(copy / "vintix_lab", ROOT / "vintix_lab", "*.py")
    new = sorted({p.name for p in (copy / "vintix_lab").glob("*.py")} - {p.name for p in (ROOT / "vintix_lab").glob("*.py")})
    assert not changed and not new, f"nbdev-export changed {changed} / added {new}: run nbdev-export and commit"
