"""Headless Chromium for the browser tests: Debian's chromium and chromium-driver driven by selenium,
the network off. Skipped where the browser is absent; in CI (CI=true) a missing browser fails."""

from __future__ import annotations

import os
import shutil
import tempfile
from contextlib import contextmanager

import pytest

CHROMIUM = os.environ.get("MINZHENG_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("MINZHENG_CHROMEDRIVER", "/usr/bin/chromedriver")


def require_browser() -> None:
    missing = [p for p in (CHROMIUM, CHROMEDRIVER) if not os.path.exists(p)]
    try:
        import selenium  # noqa: F401
    except ImportError:
        missing.append("selenium (pip)")
    if missing:
        msg = f"headless Chromium not available: {', '.join(missing)} (apt-get install chromium chromium-driver)"
        if os.environ.get("CI") == "true":
            pytest.fail(msg)
        pytest.skip(msg)


@contextmanager
def chromium(offline: bool = True):
    """A headless Chromium with a fresh profile; offline: no host name resolves and every request but those
    to 127.0.0.1 (a local server under test; Chromium never proxies loopback) goes to a dead proxy."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="minzheng-chromium-")
    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for arg in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                f"--user-data-dir={profile}", "--window-size=1400,1000"):
        opts.add_argument(arg)
    if offline:
        opts.add_argument("--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1")
        opts.add_argument("--proxy-server=127.0.0.1:9")
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=opts)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)
