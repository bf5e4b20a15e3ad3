"""Shared fixtures. Browser tests: `chromium_page` gives a Playwright page in the system's headless Chromium.

Playwright (a dev extra, `playwright==1.65.2`) never downloads a browser here: it launches the Chromium that
`make setup` installs from the Debian packages, found with `chromium_executable()` (`$CHROMIUM`, then `chromium`,
`chromium-browser`, `google-chrome`, `google-chrome-stable` on the PATH). With no Chromium, or no Playwright, a test that
asks for the fixture FAILS with a message telling to run `make setup`; it is never skipped silently.

Use it in any test module under tests/ (pytest finds this file by itself)::

    def test_page(chromium_page, tmp_path):
        (tmp_path / "a.html").write_text("<h1>hi</h1>")
        chromium_page.goto((tmp_path / "a.html").as_uri())          # file:// pages work offline
        assert chromium_page.locator("h1").inner_text() == "hi"

    def test_voila(chromium_page):                                      # a server the test started itself
        chromium_page.goto("http://127.0.0.1:8866/")
        chromium_page.wait_for_selector(".jupyter-widgets", timeout=60_000)

One browser is started per test session (per xdist worker) and each test gets a fresh context and page (1280x900,
30 s default timeout), closed after the test. `chromium_page.errors` lists the page's uncaught JavaScript errors
(`str` messages), so a test can assert a page ran cleanly: `assert not chromium_page.errors`.
"""
import os
import shutil

import pytest

# Seconds each slow test took in the last full run on an idle 2-core machine (`make test` with `--durations=0`);
# any test not named here counts as `UNLISTED_S`. Refresh the numbers when a test's cost changes by much.
SLOW_TESTS = {
    "tests/test_runs.py::test_vla_rl_run_tiny": 80,
    "tests/test_notebooks.py::test_notebook[runs/bench_collect.ipynb]": 66,
    "tests/test_docs.py": 55,   # a module-scoped site fixture: the whole module runs as one block
    "tests/test_runs.py::test_quickstart_from_the_shipped_model": 60,
    "tests/test_runs.py::test_quickstart_run_smoke": 55,
    "tests/test_notebooks.py::test_notebook[09_train.ipynb]": 42,
    "tests/test_lab.py::test_explorer_runs_in_jupyterlab": 40,
    "tests/test_runs.py::test_collect_run_tiny": 15,
    "tests/test_notebooks.py::test_notebook[02_robots.ipynb]": 33,
    "tests/test_runs.py::test_evaluate_run_max_steps": 33,
    "tests/test_runs.py::test_experts_run_one_robot": 29,
    "tests/test_notebooks.py::test_notebook[10_evaluate.ipynb]": 28,
    "tests/test_notebooks.py::test_notebook[05_experts.ipynb]": 25,
    "tests/test_notebooks.py::test_notebook[06_collector.ipynb]": 25,
    "tests/test_notebooks.py::test_notebook[12_finetune.ipynb]": 25,
    "tests/test_notebooks.py::test_notebook[runs/collect.ipynb]": 25,
    "tests/test_notebooks.py::test_notebook[runs/tour.ipynb]": 25,
    "tests/test_notebooks.py::test_notebook[runs/study_go2.ipynb]": 25,
    "tests/test_runs.py::test_cross_embodiment_run_standin": 25,
    "tests/test_runs.py::test_finetune_robot_run_name_and_epochs": 25,
    "tests/test_runs.py::test_cli_run_writes_report": 25,
    "tests/test_sync.py": 20,
    # estimates, until a full run measures them
    "tests/test_explore.py::test_explorer_shows_adaptation_curve": 20,
    "tests/test_runs.py::test_self_improve_run_tiny": 15,
    "tests/test_runs.py::test_study_go2_run_standin": 15,
    "tests/test_runs.py::test_train_expert_run_tiny": 15,
    "tests/test_runs.py::test_train_run_synthetic": 10,
    "tests/test_runs.py::test_run_progress_on_terminal_not_in_report": 8,
    **{f"tests/test_runs.py::test_run_notebook_names_a_missing_input[{case}]": 6 for case in (
        "self_improve-pretrained", "self_improve-output", "finetune_robot-data", "evaluate-checkpoint",
        "cross_embodiment-nothing", "cross_embodiment-standin-and-models", "vla_rl-sft", "study_go2-ad",
        "study_go2-ed", "train-datasets")},
    **{f"tests/test_notebooks.py::test_notebook[{nb}.ipynb]": 12 for nb in (
        "03_envs", "04_scoring", "06e_dataset_cli", "11_rollout", "14_importers", "15_study", "explore",
        "runs/bench_env", "runs/bench_model", "vla/03_env", "vla/04_sft", "vla/09_rl_runner", "vla/10_cli",
        "vla/11_ship")},
}
UNLISTED_S = 3
# Tests that run Genesis in the worker's own process: every notebook (nbdev runs them in-process) and the VLA run's
# shipping step. A process pays ~20 s of CPU once to import Genesis and load its kernels, so they share one worker.
IN_PROCESS_GENESIS = ("tests/test_notebooks.py::test_notebook[", "tests/test_runs.py::test_vla_rl_run_tiny")


def _blocks(items: list) -> list[list]:
    """`items` in runs that must stay together: the tests of a module that uses a module-scoped fixture form one block
    (split up, each worker would build the fixture again), every other test is a block of its own."""
    scoped = {}
    for item in items:
        defs = getattr(item, "_fixtureinfo", None)
        names = defs.name2fixturedefs if defs else {}
        if any(d[-1].scope == "module" for d in names.values()):
            scoped.setdefault(item.nodeid.split("::")[0], []).append(item)
    blocks, seen = [], set()
    for item in items:
        module = item.nodeid.split("::")[0]
        if module in scoped:
            if module not in seen:
                seen.add(module)
                blocks.append(scoped[module])
        else:
            blocks.append([item])
    return blocks


def _block_seconds(block: list) -> float:
    module = block[0].nodeid.split("::")[0]
    if module in SLOW_TESTS and len(block) > 1:
        return SLOW_TESTS[module]
    return sum(SLOW_TESTS.get(i.nodeid, UNLISTED_S) for i in block)


@pytest.hookimpl(trylast=True)   # after -k/-m deselection: the split below is of the tests that will run
def pytest_collection_modifyitems(config, items):
    """Longest tests first on both of two workers. `pytest -n 2 --dist worksteal` gives the first worker the first half
    of the list and the second the rest; each runs its half in order and, when done, takes half of what the other has
    left, from the end. Blocks go longest first to the half with less work so far (each half keeps its number of
    tests) and each half runs longest first, so whatever is shared at the end is short: a slow test added at the end
    of a file cannot become the suite's tail, and the docs site is built once, on one worker. The in-process Genesis
    tests all go to the first half."""
    halves, work = ([], []), [0.0, 0.0]
    room = [len(items) // 2, len(items) - len(items) // 2]
    blocks = sorted(_blocks(items), key=_block_seconds, reverse=True)   # stable: file order among equals
    pinned = [b for b in blocks if all(i.nodeid.startswith(IN_PROCESS_GENESIS) for i in b)]
    for block in pinned + [b for b in blocks if b not in pinned]:
        fits = [h for h in (0, 1) if room[h] >= len(block)]
        if block in pinned and 0 in fits:
            h = 0
        else:
            h = min(fits, key=lambda h: work[h]) if fits else max((0, 1), key=lambda h: room[h])
        halves[h].append(block)
        work[h] += _block_seconds(block)
        room[h] -= len(block)
    for half in halves:
        half.sort(key=_block_seconds, reverse=True)
    items[:] = [item for half in halves for block in half for item in block]
