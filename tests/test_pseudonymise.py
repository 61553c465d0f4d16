import hashlib
import hmac

import duckdb
import pytest

from orchestration.ingest.pseudonymise import DevelopmentKeyWarning, hmac_sql, pseudonym_key
from tests.helpers import id_number

IDS = [id_number("37132419800101001"), id_number("11010519491231002"), id_number("44030620010229123")]


@pytest.mark.parametrize("key", [b"k", b"a-much-longer-secret-key-" * 4])  # > 64 bytes is hashed first
def test_duckdb_hmac_equals_python_hmac(key: bytes) -> None:
    con = duckdb.connect()
    con.execute("create table t(id varchar)")
    con.executemany("insert into t values (?)", [[i] for i in [*IDS, None]])
    got = [r[0] for r in con.execute(f"select {hmac_sql('id', key)} from t").fetchall()]
    want = [hmac.new(key, i.upper().encode(), hashlib.sha256).hexdigest() for i in IDS] + [None]
    assert got == want


def test_lowercase_check_character_gives_the_same_pseudonym() -> None:
    con = duckdb.connect()
    x = next(i for i in (id_number(f"3713241980010100{n}") for n in range(10)) if i.endswith("X"))
    a, b = (con.execute(f"select {hmac_sql('v', b'k')} from (select ? as v)", [v]).fetchone()[0] for v in (x, x.lower()))
    assert a == b


def test_development_key_warns(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MINZHENG_PSEUDONYM_KEY", raising=False)
    with pytest.warns(DevelopmentKeyWarning, match="DEVELOPMENT key"):
        pseudonym_key()
    monkeypatch.setenv("MINZHENG_PSEUDONYM_KEY", "secret")
    assert pseudonym_key() == b"secret"
