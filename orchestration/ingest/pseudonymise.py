"""Keyed pseudonyms for identity numbers: HMAC-SHA256, computed inside DuckDB (no row-wise Python).

HMAC(k, m) = H((k ⊕ opad) ‖ H((k ⊕ ipad) ‖ m)); DuckDB's sha256() takes a BLOB, so the whole
construction is one vectorised SQL expression. The result equals Python's hmac.new(key, m, sha256).
"""

from __future__ import annotations

import hashlib
import os
import warnings

from orchestration.settings import PSEUDONYM_KEY_ENV

DEVELOPMENT_KEY = b"minzheng-development-key-NOT-FOR-PRODUCTION"


class DevelopmentKeyWarning(UserWarning):
    pass


def pseudonym_key() -> bytes:
    """The key from MINZHENG_PSEUDONYM_KEY; the built-in development key, loudly, when unset."""
    value = os.environ.get(PSEUDONYM_KEY_ENV)
    if value:
        return value.encode("utf-8")
    warnings.warn(
        f"{PSEUDONYM_KEY_ENV} is not set: identity numbers are pseudonymised with the built-in "
        "DEVELOPMENT key, which is public. Set a secret key before loading real data.",
        DevelopmentKeyWarning,
        stacklevel=2,
    )
    return DEVELOPMENT_KEY


def hmac_sql(column: str, key: bytes) -> str:
    """SQL expression: lowercase hex HMAC-SHA256 of the UTF-8 text in `column` under `key`."""
    k = hashlib.sha256(key).digest() if len(key) > 64 else key
    k = k.ljust(64, b"\0")
    ipad = bytes(b ^ 0x36 for b in k).hex()
    opad = bytes(b ^ 0x5C for b in k).hex()
    return (
        f"CASE WHEN {column} IS NULL THEN NULL ELSE "
        f"sha256(unhex('{opad}') || unhex(sha256(unhex('{ipad}') || encode(upper({column}))))) END"
    )
