"""The soak: many sessions one after another in ONE Streamlit server process.

    python benchmarks/bench_soak.py [--sessions 200] [--ttl 5]

Starts `streamlit run app.py` headless on a free port (as tests/e2e does) with its own TMPDIR, so
every session's folder (`Store.workdir`, `audit-*`) lands where this script can see it. Then, for
each session, in Debian's headless Chromium driven by Playwright: a new browser context (a new
Streamlit session), the home page, the demo company's button, the Summary page (which runs the
audit), and the context closed (the session's websocket goes).

The server's environment is the production one: MALLOC_ARENA_MAX=2 and MALLOC_MMAP_THRESHOLD_=131072,
as scripts/start.sh and the Dockerfile set them (audits/malloc.py says why); set either in the
environment to override it (MALLOC_ARENA_MAX=16 MALLOC_MMAP_THRESHOLD_=33554432 is about glibc's
default behaviour).

Streamlit forgets a closed session `server.disconnectedSessionTTL` seconds later, and the app then
closes its Store (audits.ui.sessions); the server runs with `--ttl` (default 5 s, the production
default is 120 s) so that sessions are released within the run. The server's resident memory
(VmRSS of /proc/PID/status) is read after the first session and after the last, each time once
every session folder is gone (waiting at most TTL + 60 s). Targets: the last within 10 % of the
first, and no session folder left.
"""
from __future__ import annotations

import argparse
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from audits.i18n import t  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
LANG = "ru"
TIMEOUT_MS = 120_000
TARGET_GROWTH = 0.10
MALLOC = {"MALLOC_ARENA_MAX": "2", "MALLOC_MMAP_THRESHOLD_": "131072"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for process {pid}")


def session_dirs(tmp: Path) -> list[Path]:
    return sorted(tmp.glob("audit-*"))


def wait_released(tmp: Path, timeout: float) -> float:
    """Seconds until no session folder is left in `tmp` (or the timeout passed)."""
    t0 = time.monotonic()
    while session_dirs(tmp) and time.monotonic() - t0 < timeout:
        time.sleep(0.5)
    return time.monotonic() - t0


def settle(page) -> None:
    """Wait until the app's script run is over (as tests/e2e/helpers.settle)."""
    page.wait_for_timeout(250)
    page.locator("[data-testid=stApp][data-test-script-state=notRunning]").wait_for(timeout=TIMEOUT_MS)


def one_session(browser, url: str) -> None:
    """Open the app, load the demo company, open the Summary (the audit), close the session."""
    context = browser.new_context(viewport={"width": 1400, "height": 900}, locale="ru-RU")
    context.set_default_timeout(TIMEOUT_MS)
    try:
        page = context.new_page()
        page.goto(url)
        page.get_by_role("button", name=t("home.demo_button", LANG)).click()
        page.get_by_text(t("load.result_title", LANG), exact=True).first.wait_for()
        settle(page)
        page.get_by_test_id("stSidebar").get_by_role("link", name=t("nav.summary", LANG), exact=True).click()
        page.get_by_role("heading", name=t("summary.title", LANG)).wait_for()
        page.get_by_test_id("stMetric").first.wait_for()
        settle(page)
    finally:
        context.close()


def start_server(port: int, tmp: Path, ttl: int, log: Path) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if not k.startswith("STREAMLIT_") and k != "AUDIT_DEMO"}
    env["TMPDIR"] = str(tmp)
    for name, value in MALLOC.items():              # as scripts/start.sh and the Dockerfile start it
        env.setdefault(name, value)
    return subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
         "--server.port", str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
         "--server.fileWatcherType", "none", "--server.disconnectedSessionTTL", str(ttl)],
        cwd=ROOT, env=env, stdout=open(log, "wb"), stderr=subprocess.STDOUT)


def wait_healthy(proc: subprocess.Popen, url: str, log: Path, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"streamlit exited with {proc.returncode}:\n{log.read_text(errors='replace')[-4000:]}")
        try:
            with urllib.request.urlopen(url + "_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"streamlit did not answer in {timeout:.0f} s")


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sessions", type=int, default=200)
    ap.add_argument("--ttl", type=int, default=5, help="the server's disconnectedSessionTTL, seconds")
    args = ap.parse_args(argv)
    if not os.path.exists(CHROMIUM):
        raise SystemExit(f"bench_soak needs {CHROMIUM} (Debian's chromium package)")
    from playwright.sync_api import sync_playwright

    tmp = Path(tempfile.mkdtemp(prefix="soak-"))
    log = tmp.parent / f"{tmp.name}-streamlit.log"
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    proc = start_server(port, tmp, args.ttl, log)
    release_timeout = args.ttl + 60
    try:
        wait_healthy(proc, url, log)
        times, trace = [], []
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            try:
                for i in range(args.sessions):
                    t0 = time.perf_counter()
                    one_session(browser, url)
                    times.append(time.perf_counter() - t0)
                    trace.append(rss_mb(proc.pid))
                    if i == 0:
                        wait_released(tmp, release_timeout)
                        first = rss_mb(proc.pid)
            finally:
                browser.close()
        waited = wait_released(tmp, release_timeout)
        last = rss_mb(proc.pid)
        left = session_dirs(tmp)
        other = sorted(p.name for p in tmp.iterdir() if p not in left)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    growth = last / first - 1
    times.sort()
    print(f"sessions: {args.sessions} one after another in one server (open, demo company, Summary, close); "
          f"disconnectedSessionTTL {args.ttl} s")
    print(f"session time: median {times[len(times) // 2]:.1f} s, slowest {times[-1]:.1f} s")
    step = max(args.sessions // 10, 1)
    marks = sorted({0, *range(step - 1, args.sessions, step)})
    print("server RSS right after sessions " + ", ".join(f"{i + 1}: {trace[i]:.0f}" for i in marks) + " MB")
    print(f"server RSS after the first session: {first:7.0f} MB")
    print(f"server RSS after the last session:  {last:7.0f} MB  ({growth:+.1%}; target within "
          f"{TARGET_GROWTH:.0%}: {'met' if abs(growth) <= TARGET_GROWTH else 'MISSED'})")
    print(f"session folders left: {len(left)} (released {waited:.0f} s after the last session closed; "
          f"target 0: {'met' if not left else 'MISSED'})" + (f"; other entries in TMPDIR: {', '.join(other)}" if other else ""))
    shutil.rmtree(tmp, ignore_errors=True)
    log.unlink(missing_ok=True)


if __name__ == "__main__":
    main()
