"""Messy workbooks for the importer tests, built in memory with openpyxl."""
import io

import pytest
from openpyxl import Workbook

from tests.factories import make_campaign, make_unit
from tracker.extensions import db

HEADER = ["类别", "创建任务", "责任单位", "完成时限"]

# seed 001 (汉滨区): canonical, short, aliases, group
HANBIN = [
    ("区政府办", "政府办", (), None), ("区卫健局", "卫健", ("区卫生健康局",), None),
    ("区发改局", "发改", (), None), ("区财政局", "财政", (), None), ("区人社局", "人社", (), None),
    ("区民政局", "民政", (), None), ("区税务局", "税务", (), None),
    ("区自然资源局", "自然资源", ("区自然资源分局",), None), ("区住建局", "住建", (), None),
    ("区经贸局", "经贸", (), None), ("五里工业集中区管委会", None, ("五里工业集中区",), None),
    ("城东新区开发办", None, (), None), ("团区委", None, (), "群团"), ("区妇联", "妇联", (), "群团"),
    ("老城街道办", "老城", (), "镇办"), ("江北街道办", "江北", (), "镇办"), ("五里镇", "五里", (), "镇办"),
    ("泉港区住房和城乡建设局", "泉港住建", (), None),
]


def xlsx(rows, *, merges=(), title="责任清单", extra_sheets=()) -> bytes:
    """A workbook whose first sheet holds `rows` (lists; None = empty cell) with the given merges."""
    wb = Workbook()
    ws = wb.active
    ws.title = title
    for r in rows:
        ws.append(list(r))
    for rng in merges:
        ws.merge_cells(rng)
    for name, srows in extra_sheets:
        other = wb.create_sheet(name)
        for r in srows:
            other.append(list(r))
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def hanbin_registry():
    for order, (name, short, aliases, group) in enumerate(HANBIN, start=1):
        make_unit(name, short, aliases, group, order)


@pytest.fixture
def hanbin_campaign(app):
    """A campaign and the Hanbin registry, committed."""
    campaign = make_campaign()
    hanbin_registry()
    db.session.commit()
    return campaign
