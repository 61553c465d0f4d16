"""Every HTML page the project produces works with the network off: the GX Data Docs point at the
vendored copies of their scripts and styles (orchestration/quality/offline.py), and opened in headless
Chromium with no network their tables render rows."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.browser import chromium, require_browser

pytestmark = pytest.mark.slow

_ASSET = re.compile(r"""<(?:script|link|img)\b[^>]*?(?:src|href)=["']([^"'$]+)["']""")


def _pages(warehouse: Path) -> list[Path]:
    pages = sorted((Path(warehouse).parent / "gx" / "data_docs").glob("*/index.html"))
    assert pages, "the build writes one Data Docs site per suite"
    return pages


def test_data_docs_load_nothing_from_the_network(build) -> None:
    warehouse, _ = build
    for site in _pages(warehouse):
        for page in site.parent.rglob("*.html"):
            for ref in _ASSET.findall(page.read_text(encoding="utf-8")):
                assert not re.match(r"(?i)(https?:)?//", ref), f"{page}: {ref}"
                if not ref.endswith(".ico"):  # GX links a favicon it never writes: a local 404, not a fetch
                    assert (page.parent / ref.split("?")[0]).resolve().is_file(), f"{page}: {ref} missing"


@pytest.mark.browser
def test_data_docs_render_their_tables_offline(build) -> None:
    require_browser()
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    warehouse, _ = build
    with chromium(offline=True) as driver:
        for index in _pages(warehouse):
            driver.get(index.as_uri())
            # bootstrap-table fills the validation results table from the page's script: rows appear only
            # when jQuery and bootstrap-table loaded (offline, from the vendored copies)
            WebDriverWait(driver, 60).until(
                lambda d: d.find_elements(By.CSS_SELECTOR, "table tbody tr td a"))
            rows = driver.find_elements(By.CSS_SELECTOR, "table tbody tr")
            assert len(rows) >= 1, index
            assert not driver.find_elements(By.CSS_SELECTOR, "table tbody tr.no-records-found"), index
            assert driver.execute_script("return typeof jQuery === 'function' && !!jQuery.fn.bootstrapTable"), index
