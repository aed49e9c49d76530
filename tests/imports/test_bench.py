"""A 1,000-row list: the time is printed (about 2 s is the target on this machine), not asserted."""
import time

import pytest
from sqlalchemy import func, select

from tests.imports.conftest import xlsx
from tracker.extensions import db
from tracker.imports.services import import_list
from tracker.tasks.models import Task

UNITS = ["区政府办、区卫健局、各镇办", "区发改、财政、人社、民政、税务、自然资源、住建卫健等部门", "区卫健局",
         "区人社局五里工业集中区管委会、城东新区开发办", "经贸、财政、民政自然资源住建部门"]
DEADLINES = ["2022年6月底前", "长期坚持", "2022-05-31", "2022年底前", None]


@pytest.mark.slow
def test_thousand_row_list_timing(hanbin_campaign, capsys):
    rows = [["附件"], ["类别", "创建任务", "责任单位", "完成时限"]]
    rows += [[f"类别{i // 50}" if i % 50 == 0 else None, f"第 {i} 项创建任务：完善托育服务体系", UNITS[i % 5],
              DEADLINES[i % 5]] for i in range(1000)]
    data = xlsx(rows)
    start = time.perf_counter()
    plan = import_list(hanbin_campaign, data)
    db.session.commit()
    elapsed = time.perf_counter() - start
    assert plan.ok and db.session.scalar(select(func.count(Task.id))) == 1000
    with capsys.disabled():
        print(f"\n[bench] 1,000-row list imported in {elapsed:.2f} s ({db.engine.dialect.name})")
