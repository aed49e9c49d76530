"""Every .xlsx writer stores formula-like text and control characters as inert text (tracker/xlsx/cells.py)."""
import io
import zipfile
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from tracker.exports.catalogues import build_box_catalogue, build_catalogue, build_general_catalogue
from tracker.exports.ledger import build_ledger
from tracker.exports.package_plan import Box, DateWindow, Entry, Excluded, PackagePlan
from tracker.exports.records import (
    EvidenceFile,
    LedgerData,
    OverdueItem,
    PackageData,
    TaskRecord,
    UnitSummary,
    UnitWork,
)
from tracker.imports.template import list_template
from tracker.supervision.xlsx import circular_workbook
from tracker.units.models import Unit, UnitAlias
from tracker.units.registry_io import read_registry, registry_template
from tracker.xlsx.cells import DANGEROUS_STARTS, safe_text

# what a user may type into any text field; each must come out as text, never a formula or a number
HOSTILE = ("=1+1", "@SUM(A1)", "-2", "+86 0915", "正文\x00含控制字符\x0b")
ESCAPED = {"'=1+1", "'@SUM(A1)", "'-2", "'+86 0915", "正文含控制字符"}


def _ledger() -> Workbook:
    a, b, c, d, e = HOSTILE
    work = (UnitWork(a, "lead", "in_progress", progress=b, problems=c, next_steps=d, review=e),)
    task = TaskRecord(1, 1, a, b, None, units=(c, d), work=work)
    return build_ledger(LedgerData(e, date(2022, 6, 1), [task], [UnitSummary(a, lead=1)],
                                   [OverdueItem(b, 1, c, date(2022, 5, 1), 31, "in_progress")]))


def _plan() -> PackagePlan:
    a, b, c, d, e = HOSTILE
    f = EvidenceFile(1, "x.pdf", a, b, "pdf", 1024, "0" * 64, date(2022, 3, 1), datetime(2022, 3, 2), c, None,
                     d, 1, e, 1, a)
    entry = Entry(f, Path("x.pdf"), "卷001/材料.pdf", box=1, box_seq=1)
    box = Box(1, "卷001", 1, b, c, [entry])
    return PackagePlan(PackageData(d, date(2022, 6, 1), [f]), DateWindow(), True, [entry], [Excluded(f, e)], [box])


def _circular() -> Workbook:
    a, b, c, d, e = HOSTILE
    unit = {"rank": 1, "name": a, "assigned": 1, "submitted": 0, "approved": 0, "returned": 0, "overdue": 1,
            "rate": 0}
    data = {"as_of": "2022-06-01", "units": [unit], "praise": [b], "criticism": [{"name": c, "reason": d}],
            "overdue": [{"task": e, "unit": a, "deadline": "2022-05-01", "days": 31, "chases": 0}]}
    return circular_workbook(a, b, data)


def _registry() -> bytes:
    a, b, c, d, e = HOSTILE
    one = Unit(name=a, short_name=b, group_name=c, aliases=[UnitAlias(alias=d, position=0)])
    return registry_template([one, Unit(name=e)])


WRITERS = {
    "ledger": _ledger,
    "catalogue": lambda: build_catalogue(_plan()),
    "general catalogue": lambda: build_general_catalogue(_plan()),
    "box catalogue": lambda: build_box_catalogue(_plan(), _plan().boxes[0]),
    "circular": _circular,
    "unit registry": _registry,
}


def _saved(made) -> bytes:
    if isinstance(made, bytes):
        return made
    buf = io.BytesIO()
    made.save(buf)
    return buf.getvalue()


def _text_cells(data: bytes) -> list:
    wb = load_workbook(io.BytesIO(data))
    return [c for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None]


@pytest.mark.parametrize("name", WRITERS)
def test_a_writer_stores_hostile_text_as_inert_text(name):
    data = _saved(WRITERS[name]())
    cells = _text_cells(data)
    texts = {c.value for c in cells if isinstance(c.value, str)}
    assert all(c.data_type != "f" for c in cells), name
    assert not any(t.startswith(DANGEROUS_STARTS) or "\x00" in t or "\x0b" in t for t in texts), name
    assert ESCAPED & texts, name  # the hostile values are there, escaped
    assert -2 not in {c.value for c in cells}
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert not any(b"<f>" in z.read(n) for n in z.namelist() if n.startswith("xl/worksheets/")), name


def test_the_ledger_keeps_every_hostile_value():
    texts = {c.value for c in _text_cells(_saved(_ledger()))}
    assert texts >= ESCAPED


def test_the_registry_template_reads_back_as_typed():
    rows = read_registry(_registry()).rows
    assert [(r.name, r.short_name, r.aliases, r.group_name) for r in rows] == [
        ("=1+1", "@SUM(A1)", ["+86 0915"], "-2"), ("正文含控制字符", None, [], None)]


def test_the_list_template_holds_no_formula():
    assert all(c.data_type != "f" for c in _text_cells(list_template()))


def test_safe_text_ends_overlong_text_with_a_marker_and_is_idempotent():
    long = "=" + "字" * 40_000
    once = safe_text(long)
    assert len(once) <= 32_767 and once.startswith("'=") and safe_text(once) == once
    missing = 40_002 - once.index("……【")
    assert once.endswith(f"其后 {missing} 字未写入；完整内容请在系统中查看】")


def test_safe_text_keeps_text_a_cell_holds_whole():
    text = "进" * 32_767
    assert safe_text(text) == text


def test_safe_text_counts_characters_outside_the_bmp_twice():
    text = "😀" * 20_000  # 40,000 UTF-16 units
    once = safe_text(text)
    assert once.endswith("完整内容请在系统中查看】") and len(once.encode("utf-16-le")) // 2 <= 32_767
