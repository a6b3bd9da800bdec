"""End-to-end fixtures: the app served by `streamlit run` and driven by Debian's headless Chromium.

Two servers are started once per run: one with AUDIT_DEMO=1 (every new browser session starts with
the demo company loaded) and one without (an empty session, for uploads). Each test gets a fresh
browser context, so a fresh Streamlit session. Screenshots go to artifacts/e2e/ (gitignored), one
per page and language, and one of the page as it was when a test failed.

A missing Chromium or Playwright is an error, never a skip: CI must prove these flows.
"""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

from tests.e2e.helpers import TIMEOUT_MS, shot

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
VIEWPORT = {"width": 1400, "height": 900}


def pytest_collection_modifyitems(items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.e2e)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call" and report.failed:
        page = item.funcargs.get("page") if hasattr(item, "funcargs") else None
        if page is not None:
            try:
                shot(page, f"FAILED-{item.name}")
            except Exception:      # the test's own failure is what matters
                pass
    return report


# --- the app ----------------------------------------------------------------------------------

def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """`streamlit run app.py` on a free port of this machine, its output in a log file."""

    def __init__(self, demo: bool, log_dir: Path):
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        env = {k: v for k, v in os.environ.items() if not k.startswith("STREAMLIT_")}
        env.pop("AUDIT_DEMO", None)
        if demo:
            env["AUDIT_DEMO"] = "1"
        self.log_path = log_dir / f"streamlit-{'demo' if demo else 'empty'}.log"
        self._log = open(self.log_path, "wb")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
             "--server.port", str(self.port), "--server.address", "127.0.0.1",
             "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
            cwd=ROOT, env=env, stdout=self._log, stderr=subprocess.STDOUT)

    def wait_healthy(self, timeout: float = 90.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"streamlit exited with {self.proc.returncode}:\n{self.log()}")
            try:
                with urllib.request.urlopen(self.url + "_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        return
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"streamlit did not answer /_stcore/health in {timeout:.0f} s:\n{self.log()}")

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")[-4000:]

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self._log.close()


@pytest.fixture(scope="session")
def _server_logs():
    path = Path(tempfile.mkdtemp(prefix="e2e-logs-"))
    yield path
    shutil.rmtree(path, ignore_errors=True)


def _serve(demo: bool, logs: Path):
    server = Server(demo, logs)
    try:
        server.wait_healthy()
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def demo_server(_server_logs):
    """The app with AUDIT_DEMO=1: each new session opens with the demo company loaded."""
    yield from _serve(True, _server_logs)


@pytest.fixture(scope="session")
def empty_server(_server_logs):
    """The app as a stranger finds it: no data until they upload."""
    yield from _serve(False, _server_logs)


# --- the browser ------------------------------------------------------------------------------

@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: `bash scripts/test.sh` installs Debian's chromium package")
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        # launch() gives every run a new, empty profile of its own.
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def context(browser):
    ctx = browser.new_context(viewport=VIEWPORT, accept_downloads=True, locale="ru-RU")
    ctx.set_default_timeout(TIMEOUT_MS)
    yield ctx
    ctx.close()


@pytest.fixture
def page(context):
    return context.new_page()
