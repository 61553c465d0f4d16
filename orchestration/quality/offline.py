"""GX Data Docs that work with the network off (bureau intranets): the CDN links GX's templates write
are rewritten to copies shipped with the project (orchestration/quality/data_docs_vendor/, from the npm
packages named in its README.md; installed as package data, never fetched at run time)."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

VENDOR = Path(__file__).with_name("data_docs_vendor")

# every CDN address in GX 1.24's Data Docs templates -> the vendored file (relative to VENDOR)
CDN = {
    "https://code.jquery.com/jquery-3.7.1.min.js": "jquery.min.js",
    "https://maxcdn.bootstrapcdn.com/bootstrap/4.3.1/css/bootstrap.min.css": "bootstrap.min.css",
    "https://stackpath.bootstrapcdn.com/bootstrap/4.3.1/js/bootstrap.min.js": "bootstrap.min.js",
    "https://cdnjs.cloudflare.com/ajax/libs/popper.js/1.12.9/umd/popper.min.js": "popper.min.js",
    "https://unpkg.com/bootstrap-table@1.19.1/dist/bootstrap-table.min.css": "bootstrap-table.min.css",
    "https://unpkg.com/bootstrap-table@1.19.1/dist/bootstrap-table.min.js": "bootstrap-table.min.js",
    "https://unpkg.com/bootstrap-table@1.19.1/dist/extensions/filter-control/bootstrap-table-filter-control.min.js":
        "bootstrap-table-filter-control.min.js",
    "https://unpkg.com/bootstrap-table@1.19.0/dist/extensions/filter-control/bootstrap-table-filter-control.min.css":
        "bootstrap-table-filter-control.min.css",
    "https://unpkg.com/bootstrap-table@1.19.0/dist/extensions/filter-control/bootstrap-table-filter-control.css":
        "bootstrap-table-filter-control.css",
    "https://cdn.jsdelivr.net/npm/vega@5": "vega.min.js",
    "https://cdn.jsdelivr.net/npm/vega-lite@5": "vega-lite.min.js",
    "https://cdn.jsdelivr.net/npm/vega-embed@6": "vega-embed.min.js",
    "https://cdnjs.cloudflare.com/ajax/libs/font-awesome/6.6.0/css/all.min.css": "css/all.min.css",
    "https://cdnjs.cloudflare.com/ajax/libs/bootstrap-datepicker/1.9.0/css/bootstrap-datepicker.min.css":
        "bootstrap-datepicker.min.css",
    "https://cdnjs.cloudflare.com/ajax/libs/bootstrap-datepicker/1.9.0/js/bootstrap-datepicker.min.js":
        "bootstrap-datepicker.min.js",
    "https://cdn.jsdelivr.net/npm/@forevolve/bootstrap-dark@1.1.0/dist/css/bootstrap-prefers-dark.css":
        "bootstrap-prefers-dark.css",
}
_URL = re.compile("|".join(re.escape(u) for u in sorted(CDN, key=len, reverse=True)))
# GX's logo comes from S3; each site has its own copy under static/images/
_LOGO = re.compile(r"https://great-expectations-web-assets\.s3\.us-east-2\.amazonaws\.com/"
                   r"(?:logo-long|full_logo_dark)\.png(?:\?[^\"']*)?")
_ANY_CDN = re.compile(r"""(?:src|href)=["'](https?://[^"']+\.(?:js|css)|https://cdn\.jsdelivr\.net/npm/[^"']+)["']""")


def make_offline(site: Path) -> int:
    """Copy the vendored assets into <site>/static/vendor/ and point every page of the site at them.
    Returns the number of pages rewritten; raises naming the page if a CDN link is left that has no
    local copy (a GX upgrade that changed its templates)."""
    site = Path(site)
    target = site / "static" / "vendor"
    shutil.copytree(VENDOR, target, dirs_exist_ok=True, ignore=shutil.ignore_patterns("README.md"))
    rewritten = 0
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        rel = Path(os.path.relpath(target, page.parent)).as_posix()
        new = _URL.sub(lambda m: f"{rel}/{CDN[m.group(0)]}", text)
        new = _LOGO.sub(f"{Path(rel).parent.as_posix()}/images/logo-long.png", new)
        left = _ANY_CDN.findall(new)
        if left:
            raise ValueError(f"{page}: CDN asset without a vendored copy: {left[0]} "
                             f"(add it to orchestration/quality/offline.py CDN)")
        if new != text:
            page.write_text(new, encoding="utf-8")
            rewritten += 1
    return rewritten
