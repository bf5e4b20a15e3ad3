"""Every notebook's tests (nbdev's runner, one pytest case per notebook), so CI prints a pytest summary line."""
from pathlib import Path

import pytest
from nbdev.config import get_config
from nbdev.test import test_nb as run_notebook_tests  # renamed so pytest does not collect it

CFG = get_config()
NOTEBOOKS = sorted(p for p in Path(CFG.nbs_path).rglob("*.ipynb")
                   if not any(part.startswith(("_", ".")) for part in p.relative_to(CFG.nbs_path).parts))


def test_found_notebooks():
    names = {p.stem for p in NOTEBOOKS}
    assert {"00_config", "02_robots", "03_envs", "bench_env", "quickstart"} <= names, names


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=[str(p.relative_to(CFG.nbs_path)) for p in NOTEBOOKS])
def test_notebook(nb, monkeypatch):
    # every notebook starts on the real env, and a notebook that switches to the fake (`testing.use_fake_envs`)
    # cannot leak the switch into the next test run by this process: setenv records the variable's state before the
    # test (delenv of an unset variable records nothing), which teardown restores
    monkeypatch.setenv("VINTIX_LAB_ENV", "")
    monkeypatch.delenv("VINTIX_LAB_ENV")
    ok, secs = run_notebook_tests(nb, skip_flags=CFG.tst_flags.split(), basepath=CFG.config_path)
    assert ok, f"{nb.name} failed (traceback above)"
