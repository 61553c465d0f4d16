"""Superset's configuration for `make bi` (SUPERSET_CONFIG_PATH points here; read by Superset's own venv).

Everything Superset writes (its metadata database, the secret key) lives in MINZHENG_BI_HOME, which
`minzheng bi` (orchestration/bi.py) creates; the warehouse is reached only through the database the
dashboards' bundle defines: the serving copy, opened read-only.
"""

import os
from pathlib import Path

BI_HOME = Path(os.environ["MINZHENG_BI_HOME"])

SQLALCHEMY_DATABASE_URI = f"sqlite:///{BI_HOME / 'superset.db'}"
SECRET_KEY = (BI_HOME / "secret_key").read_text(encoding="utf-8").strip()

# Chinese interface by default (the charts' labels are Chinese in the bundle either way)
BABEL_DEFAULT_LOCALE = "zh"
LANGUAGES = {"zh": {"flag": "cn", "name": "简体中文"}, "en": {"flag": "us", "name": "English"}}

# an intranet: nothing external (no map tiles, no thumbnails by headless workers, no telemetry)
MAPBOX_API_KEY = ""
THUMBNAILS = False
FEATURE_FLAGS = {"THUMBNAILS": False, "ALERT_REPORTS": False}
CACHE_CONFIG = {"CACHE_TYPE": "SimpleCache", "CACHE_DEFAULT_TIMEOUT": 300}
DATA_CACHE_CONFIG = {"CACHE_TYPE": "NullCache"}

ROW_LIMIT = 50000
SQLLAB_CTAS_NO_LIMIT = True

# Content-Security-Policy: this host only. Superset's default lets pages reach a telemetry pixel
# (scarf.sh, rendered in every page's menu), map tiles and a CDN; on an intranet those requests hang or
# fail, and none should leave the machine, so the browser is told not to make them.
_SELF_ONLY_CSP = {
    "base-uri": ["'self'"],
    "default-src": ["'self'"],
    "img-src": ["'self'", "blob:", "data:"],
    "worker-src": ["'self'", "blob:"],
    "connect-src": ["'self'"],
    "object-src": "'none'",
    "style-src": ["'self'", "'unsafe-inline'"],
    "font-src": ["'self'", "data:"],
    "script-src": ["'self'", "'strict-dynamic'"],
}
TALISMAN_ENABLED = True
TALISMAN_CONFIG = {"content_security_policy": _SELF_ONLY_CSP, "content_security_policy_nonce_in": ["script-src"],
                   "force_https": False, "session_cookie_secure": False}
TALISMAN_DEV_CONFIG = TALISMAN_CONFIG
