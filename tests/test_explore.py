"""The explorer as an app: Voilà serves nbs/explore.ipynb, headless Chromium opens it, the adaptation curve appears."""
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "nbs" / "explore.ipynb"
TIMEOUT_MS = 50_000   # Voilà runs the whole notebook (imports, its own tests, the explorer) before the widgets render


def free_port() -> int:
    "A TCP port nobody listens on right now."
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port: int, proc: subprocess.Popen, seconds: float) -> None:
    "Return once the server accepts connections; fail with its log if it exits or never listens."
    deadline = time.time() + seconds
    while time.time() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"voila exited with {proc.returncode}:\n{proc.stdout.read()}", pytrace=False)
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0: return
        time.sleep(0.2)
    pytest.fail(f"voila did not listen on port {port} within {seconds} s", pytrace=False)


@pytest.fixture
def voila_url():
    "Serve the explorer notebook with Voilà on a free local port; the server (and its kernel) is always stopped."
    port = free_port()
    cmd = [sys.executable, "-m", "voila", str(NOTEBOOK), "--no-browser", f"--port={port}", "--Voila.ip=127.0.0.1",
           "--VoilaConfiguration.show_tracebacks=True"]
    env = dict(os.environ, VINTIX_LAB_ROOT=str(ROOT))
    # its own process group, so the kernel Voilà starts goes down with it
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            start_new_session=True)
    try:
        wait_for_port(port, proc, 30)
        yield f"http://127.0.0.1:{port}/"
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try: proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL); proc.wait()


def test_explorer_shows_adaptation_curve(chromium_page, voila_url):
    page = chromium_page
    t0 = time.time()
    page.goto(voila_url, timeout=TIMEOUT_MS)
    title = page.locator("h3", has_text="Adaptation curve")
    title.wait_for(timeout=TIMEOUT_MS)
    # the curve is a PNG in an ipywidgets Image: a decoded <img> of real size
    img = page.locator("img.widget-image").first
    img.wait_for(timeout=10_000)
    page.wait_for_function("img => img.complete && img.naturalWidth > 300 && img.naturalHeight > 200",
                           arg=img.element_handle(), timeout=10_000)
    assert page.locator("button", has_text="Record rollout").count() == 1   # the rollout waits for a click
    assert page.locator(".widget-slider").count() >= 1          # the scrubber
    assert not [e for e in page.errors if "widget" in e.lower()], page.errors
    print(f"explorer rendered in {time.time() - t0:.1f} s: {title.inner_text()!r}")
