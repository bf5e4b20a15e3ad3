"""The explorer in JupyterLab, as `make lab` opens it: a real JupyterLab server on 127.0.0.1 with a token, headless
Chromium opens nbs/explore.ipynb, runs all cells, and the widgets render with no cell in error."""
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from test_explore import free_port

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = "nbs/explore.ipynb"
START_S = 60          # JupyterLab's server start on 2 busy cores
RUN_ALL_MS = 150_000  # every cell: imports, the notebook's own tests, the explorer
BODY_LAB_MS = 240_000 # BodyLab: two policies, one Genesis episode each


def wait_for_port(port: int, proc: subprocess.Popen, seconds: float, log: Path) -> None:
    "Return once the server accepts connections; fail with its log if it exits or never listens."
    deadline = time.time() + seconds
    while time.time() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"jupyter lab exited with {proc.returncode}:\n{log.read_text()[-3000:]}", pytrace=False)
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0: return
        time.sleep(0.3)
    pytest.fail(f"jupyter lab did not listen on port {port} within {seconds} s:\n{log.read_text()[-3000:]}",
                pytrace=False)


@pytest.fixture
def lab(tmp_path):
    "JupyterLab serving the project on a free local port with a fresh token; (base URL, token). Always stopped."
    port, token = free_port(), secrets.token_hex(16)
    cmd = [sys.executable, "-m", "jupyterlab", "--no-browser", "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}",
           f"--ServerApp.root_dir={ROOT}", f"--IdentityProvider.token={token}", "--LabApp.expose_app_in_browser=True",
           "--LabApp.news_url=None", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
           "--LabApp.extension_manager=readonly", "--ServerApp.terminals_enabled=False",
           f"--LabApp.user_settings_dir={tmp_path / 'settings'}", f"--LabApp.workspaces_dir={tmp_path / 'workspaces'}"]
    if os.geteuid() == 0: cmd.append("--allow-root")   # containers run as root; JupyterLab refuses it unless told
    # nothing of the user's Jupyter state is read or written; the kernel finds this project
    env = dict(os.environ, VINTIX_LAB_ROOT=str(ROOT), JUPYTER_RUNTIME_DIR=str(tmp_path / "runtime"),
               JUPYTER_CONFIG_DIR=str(tmp_path / "config"))
    # JupyterLab autosaves an open notebook every 2 minutes: the run-all below must not write into the repository
    plugin = tmp_path / "settings" / "@jupyterlab" / "docmanager-extension" / "plugin.jupyterlab-settings"
    plugin.parent.mkdir(parents=True)
    plugin.write_text('{"autosave": false}')
    log = open(tmp_path / "lab.log", "w+")
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, text=True,
                            start_new_session=True)   # its own process group: the kernel goes down with it
    try:
        wait_for_port(port, proc, START_S, tmp_path / "lab.log")
        yield f"http://127.0.0.1:{port}", token
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try: proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
        log.seek(0)
        print(log.read()[-3000:])
        log.close()


# Each code cell of the open notebook: its execution count and the `ename: evalue` of every error output.
CELL_STATE = """() => {
  const panel = window.jupyterapp.shell.currentWidget;
  return panel.content.widgets.filter(c => c.model.type === 'code').map(c => ({
    n: c.model.executionCount,
    errors: c.model.outputs.toJSON().filter(o => o.output_type === 'error').map(o => `${o.ename}: ${o.evalue}`)}));
}"""


def test_explorer_runs_in_jupyterlab(chromium_page, lab):
    from playwright.sync_api import expect
    page, (base, token) = chromium_page, lab
    t0 = time.time()
    page.goto(f"{base}/lab/tree/{NOTEBOOK}?token={token}", timeout=60_000)
    page.wait_for_function("() => window.jupyterapp && window.jupyterapp.shell.currentWidget"
                           " && window.jupyterapp.shell.currentWidget.context"
                           f" && window.jupyterapp.shell.currentWidget.context.path === '{NOTEBOOK}'", timeout=60_000)
    kernel = "window.jupyterapp.shell.currentWidget.sessionContext.session?.kernel?.status"
    page.wait_for_function(f"() => {kernel} === 'idle'", timeout=60_000)
    page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
    page.wait_for_function(f"() => ({CELL_STATE})().every(c => c.n !== null) && "
                           "window.jupyterapp.shell.currentWidget.sessionContext.session.kernel.status === 'idle'",
                           timeout=RUN_ALL_MS, polling=1000)
    cells = page.evaluate(CELL_STATE)
    assert cells and all(c["n"] for c in cells), cells
    assert not [c for c in cells if c["errors"]], [c["errors"] for c in cells if c["errors"]]
    # the explorer's widgets, drawn by JupyterLab's widget manager: the adaptation curve PNG, the scrubber, the button
    expect(page.locator(".jp-OutputArea-output .jupyter-widgets").first).to_be_visible(timeout=30_000)
    img = page.locator("img.widget-image").first
    img.wait_for(timeout=30_000)
    page.wait_for_function("img => img.complete && img.naturalWidth > 300 && img.naturalHeight > 200",
                           arg=img.element_handle(), timeout=30_000)
    assert page.locator("button", has_text="Record rollout").count() >= 1
    assert page.locator(".widget-slider").count() >= 1
    assert not [e for e in page.errors if "widget" in e.lower()], page.errors
    # BodyLab, clicked as a user would: one episode of its preselected policies on the heavy body it starts on, played
    # for real in the kernel; the status line reports each policy's score and the curve image appears
    controls = page.locator(".widget-hbox", has=page.locator("button", has_text="Compare")).last
    episodes = controls.locator("input").last
    episodes.fill("1")
    episodes.press("Enter")
    controls.locator("button", has_text="Compare").click()
    page.wait_for_function("() => [...document.querySelectorAll('.widget-html-content')]"
                           ".some(e => e.textContent.includes('last episode'))", timeout=BODY_LAB_MS, polling=1000)
    status = page.locator(".widget-html-content", has_text="last episode").first.inner_text()
    assert status.count("last episode") == 2 and "failed" not in status, status
    print(f"explorer ran in JupyterLab in {time.time() - t0:.0f} s ({len(cells)} code cells); BodyLab: {status}")
