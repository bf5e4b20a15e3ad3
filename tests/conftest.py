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

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
# Root in a container: Chromium's sandbox needs user namespaces it does not have; /dev/shm is often tiny.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"]


def chromium_executable() -> str | None:
    "Path of the system Chromium: `$CHROMIUM` when set, else the first of `CHROMIUM_NAMES` on the PATH; None if none."
    if os.environ.get("CHROMIUM"): return shutil.which(os.environ["CHROMIUM"])
    return next((p for p in map(shutil.which, CHROMIUM_NAMES) if p), None)


@pytest.fixture(scope="session")
def chromium_browser():
    "A headless system Chromium driven by Playwright, shared by the session; fails (not skips) when it cannot start."
    exe = chromium_executable()
    if exe is None:
        looked = f"$CHROMIUM={os.environ['CHROMIUM']!r}" if os.environ.get("CHROMIUM") else ", ".join(CHROMIUM_NAMES)
        pytest.fail(f"no Chromium found (looked for {looked} on the PATH): run `make setup`, which installs "
                    "Debian's chromium package", pytrace=False)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("playwright is not installed: run `make setup` (it installs the dev extras)", pytrace=False)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=exe, headless=True, args=CHROMIUM_ARGS)
        try: yield browser
        finally: browser.close()


@pytest.fixture
def chromium_page(chromium_browser):
    "A fresh page (own context, 1280x900) in the shared headless Chromium; `page.errors` collects uncaught JS errors."
    context = chromium_browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(30_000)
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda exc: page.errors.append(str(exc)))
    try: yield page
    finally: context.close()


# Scheduling: which worker runs what, and in which order.
# Seconds each test of 3 s or more took in `make test` (`--durations=0`, 2 workers), the mean of two runs of this branch
# on a machine other jobs shared, so they are inflated; a test not named here counts as `UNLISTED_S`. The order, not
# the numbers, matters: refresh them when a test's cost changes by much. test_docs.py runs as one block.
SLOW_TESTS = {
    "tests/test_runs.py::test_vla_rl_run_tiny": 122,
    "tests/test_notebooks.py::test_notebook[15_study.ipynb]": 86,
    "tests/test_notebooks.py::test_notebook[runs/bench_collect.ipynb]": 78,
    "tests/test_runs.py::test_quickstart_run_smoke": 69,
    "tests/test_notebooks.py::test_notebook[06_collector.ipynb]": 65,
    "tests/test_docs.py": 65,
    "tests/test_runs.py::test_quickstart_from_the_shipped_model": 61,
    "tests/test_notebooks.py::test_notebook[09_train.ipynb]": 45,
    "tests/test_runs.py::test_evaluate_run_max_steps": 40,
    "tests/test_runs.py::test_cli_run_writes_report": 38,
    "tests/test_runs.py::test_experts_run_one_robot": 38,
    "tests/test_notebooks.py::test_notebook[10_evaluate.ipynb]": 36,
    "tests/test_notebooks.py::test_notebook[03_envs.ipynb]": 36,
    "tests/test_notebooks.py::test_notebook[02_robots.ipynb]": 32,
    "tests/test_lab.py::test_explorer_runs_in_jupyterlab": 27,
    "tests/test_notebooks.py::test_notebook[vla/04_sft.ipynb]": 23,
    "tests/test_notebooks.py::test_notebook[runs/tour.ipynb]": 23,
    "tests/test_notebooks.py::test_notebook[00_config.ipynb]": 23,
    "tests/test_notebooks.py::test_notebook[vla/09_rl_runner.ipynb]": 17,
    "tests/test_notebooks.py::test_notebook[11_rollout.ipynb]": 16,
    "tests/test_notebooks.py::test_notebook[05_experts.ipynb]": 16,
    "tests/test_explore.py::test_explorer_shows_adaptation_curve": 16,
    "tests/test_runs.py::test_train_run_synthetic": 14,
    "tests/test_notebooks.py::test_notebook[runs/bench_env.ipynb]": 12,
    "tests/test_runs.py::test_finetune_robot_run_name_and_epochs": 12,
    "tests/test_runs.py::test_self_improve_run_tiny": 12,
    "tests/test_runs.py::test_train_expert_run_tiny": 11,
    "tests/test_runs.py::test_collect_run_tiny": 10,
    "tests/test_runs.py::test_study_go2_run_standin": 10,
    "tests/test_runs.py::test_cross_embodiment_run_standin": 10,
    "tests/test_runs.py::test_run_notebook_names_a_missing_input[self_improve-output]": 9,
    "tests/test_runs.py::test_run_notebook_names_a_missing_input[finetune_robot-data]": 8,
    "tests/test_runs.py::test_run_progress_on_terminal_not_in_report": 8,
    "tests/test_runs.py::test_run_notebook_names_a_missing_input[train-datasets]": 8,
    "tests/test_runs.py::test_publish_refuses_dirty_tree_then_publishes_clean": 8,
    "tests/test_runs.py::test_run_notebook_names_a_missing_input[study_go2-ad]": 8,
    "tests/test_notebooks.py::test_notebook[vla/10_cli.ipynb]": 8,
    "tests/test_runs.py::test_run_notebook_names_a_missing_input[self_improve-pretrained]": 8,
    "tests/test_runs.py::test_run_notebook_names_a_missing_input[vla_rl-sft]": 8,
    "tests/test_runs.py::test_run_notebook_names_a_missing_input[cross_embodiment-nothing]": 7,
    "tests/test_notebooks.py::test_notebook[14_importers.ipynb]": 7,
    "tests/test_runs.py::test_run_notebook_names_a_missing_input[study_go2-ed]": 7,
    "tests/test_runs.py::test_cli_list_and_run_help": 7,
    "tests/test_runs.py::test_run_notebook_names_a_missing_input[evaluate-checkpoint]": 7,
    "tests/test_runs.py::test_run_notebook_names_a_missing_input[cross_embodiment-standin-and-models]": 7,
    "tests/test_notebooks.py::test_notebook[vla/11_ship.ipynb]": 6,
    "tests/test_notebooks.py::test_notebook[explore.ipynb]": 6,
    "tests/test_notebooks.py::test_notebook[vla/03_env.ipynb]": 6,
    "tests/test_notebooks.py::test_notebook[99_docs.ipynb]": 6,
    "tests/test_runs.py::test_cli_rejects_unknown_parameter": 5,
    "tests/test_notebooks.py::test_notebook[12_finetune.ipynb]": 4,
    "tests/test_notebooks.py::test_notebook[runs/bench_model.ipynb]": 4,
    "tests/test_runs.py::test_dataset_cli_rejects_bad_input": 4,
}
UNLISTED_S = 3
def _blocks(items: list) -> list[list]:
    """`items` in runs that must stay together: a module with a module-scoped fixture runs whole, as one block (split
    up, each worker would build the fixture again); every other test is a block of its own."""
    module = lambda item: item.nodeid.split("::")[0]
    scoped = {module(i) for i in items
              if any(d[-1].scope == "module" for d in getattr(i, "_fixtureinfo").name2fixturedefs.values())}
    blocks, by_module = [], {}
    for item in items:
        if module(item) not in scoped:
            blocks.append([item])
        elif module(item) in by_module:
            by_module[module(item)].append(item)
        else:
            by_module[module(item)] = [item]
            blocks.append(by_module[module(item)])
    assert sum(map(len, blocks)) == len(items)
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
    of a file cannot become the suite's tail, and the docs site is built once, on one worker."""
    halves, work = ([], []), [0.0, 0.0]
    room = [len(items) // 2, len(items) - len(items) // 2]
    for block in sorted(_blocks(items), key=_block_seconds, reverse=True):   # stable: file order among equals
        fits = [h for h in (0, 1) if room[h] >= len(block)]
        h = min(fits, key=lambda h: work[h]) if fits else max((0, 1), key=lambda h: room[h])
        halves[h].append(block)
        work[h] += _block_seconds(block)
        room[h] -= len(block)
    items[:] = [item for half in halves for block in half for item in block]
