"""The monthly schedule and the landing-folder sensor."""

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import dagster as dg
import pytest

from orchestration.definitions import build_definitions
from orchestration.partitions import monthly_partitions
from orchestration.resources import LandingResource
from tests.helpers import write_csv


@pytest.fixture(scope="module")
def defs() -> dg.Definitions:
    return build_definitions()


def test_schedule_builds_the_previous_month_on_the_16th(defs: dg.Definitions) -> None:
    schedule = defs.get_schedule_def("monthly_build")
    assert schedule.cron_schedule == "0 6 16 * *"
    assert schedule.execution_timezone == "Asia/Shanghai"
    ctx = dg.build_schedule_context(scheduled_execution_time=datetime(2022, 1, 16, 6, tzinfo=ZoneInfo("Asia/Shanghai")))
    (request,) = schedule.evaluate_tick(ctx).run_requests
    assert request.partition_key == "2021-12-01"


def _tick(defs: dg.Definitions, landing: Path, cursor: str | None):
    ctx = dg.build_sensor_context(cursor=cursor, resources={"landing": LandingResource(path=str(landing))},
                                  definitions=defs)
    return defs.get_sensor_def("landing_sensor").evaluate_tick(ctx)


def test_sensor_requests_a_build_for_new_or_changed_files_only(defs: dg.Definitions, tmp_path: Path) -> None:
    header = "区划代码,地区,死亡人数,火化数,生态安葬数,统计月份"
    write_csv(tmp_path / "funeral/371324_兰陵县_殡葬业务月报_202111.csv", [header, "371324,兰陵县,1,1,0,2021-11"])
    write_csv(tmp_path / "funeral/371324_兰陵县_殡葬业务月报_202112.csv", [header, "371324,兰陵县,1,1,0,2021-12"])
    write_csv(tmp_path / "funeral/说明.csv", ["not a delivery"])
    first = _tick(defs, tmp_path, None)
    assert [r.partition_key for r in first.run_requests] == ["2021-11-01", "2021-12-01"]
    assert _tick(defs, tmp_path, first.cursor).run_requests == []
    write_csv(tmp_path / "funeral/371324_兰陵县_殡葬业务月报_202112.csv", [header, "371324,兰陵县,2,2,0,2021-12"])
    third = _tick(defs, tmp_path, first.cursor)
    assert [r.partition_key for r in third.run_requests] == ["2021-12-01"]
    assert third.run_requests[0].run_key != first.run_requests[1].run_key


def test_sensor_builds_the_latest_month_for_a_new_work_report(defs: dg.Definitions, tmp_path: Path) -> None:
    first = _tick(defs, tmp_path, None)
    assert first.run_requests == []
    (tmp_path / "reports").mkdir()
    (tmp_path / "reports" / "西湖区2022年民政工作总结.txt").write_text("2022年,全区纳入城乡低保1200人。", encoding="utf-8")
    second = _tick(defs, tmp_path, first.cursor)
    (request,) = second.run_requests
    assert request.partition_key == monthly_partitions.get_last_partition_key()
    assert _tick(defs, tmp_path, second.cursor).run_requests == []
