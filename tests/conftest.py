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
