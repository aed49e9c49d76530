"""The unit registry as a workbook: sheet 责任单位, header 单位名称 | 简称 | 别名 | 分组."""
import io
import re
from dataclasses import dataclass, field

from openpyxl import Workbook, load_workbook
from sqlalchemy import select

from tracker.extensions import db
from tracker.imports.xlsx_guard import unpacked_size_problem
from tracker.units.models import Unit
from tracker.units.services import UnitError, upsert_unit

REGISTRY_SHEET = "责任单位"
REGISTRY_HEADER = ("单位名称", "简称", "别名", "分组")
ALIAS_SPLIT = re.compile(r"[、,，;；]")


class RegistryFileError(ValueError):
    """The registry workbook cannot be read; one Chinese line."""


@dataclass
class RegistryRow:
    row: int
    name: str
    short_name: str | None
    aliases: list[str]
    group_name: str | None


@dataclass
class RegistryResult:
    created: int = 0
    updated: int = 0
    absent: list[str] = field(default_factory=list)  # in the registry, not in the file: kept, never deleted


def read_registry(data: bytes) -> list[RegistryRow]:
    """Rows of the sheet 责任单位 (or the first sheet), header found among the first 10 rows."""
    if not data.startswith(b"PK\x03\x04"):
        raise RegistryFileError("不是 .xlsx 文件。")
    if problem := unpacked_size_problem(data):
        raise RegistryFileError(problem)
    try:
        wb = load_workbook(io.BytesIO(data), data_only=True)
    except Exception as exc:  # noqa: BLE001 — any failure to open is "unreadable"
        raise RegistryFileError("文件已损坏或不是有效的 .xlsx 工作簿。") from exc
    ws = wb[REGISTRY_SHEET] if REGISTRY_SHEET in wb.sheetnames else wb.worksheets[0]
    header, cols = _header(ws)
    rows = []
    for r in range(header + 1, ws.max_row + 1):
        name = _cell(ws, r, cols["单位名称"])
        if name:
            rows.append(RegistryRow(r, name, _cell(ws, r, cols.get("简称")),
                                    [a.strip() for a in ALIAS_SPLIT.split(_cell(ws, r, cols.get("别名")) or "")
                                     if a.strip()], _cell(ws, r, cols.get("分组"))))
    if not rows:
        raise RegistryFileError(f"工作表“{ws.title}”中没有单位。")
    return rows


def _header(ws) -> tuple[int, dict[str, int]]:
    for r in range(1, min(ws.max_row, 10) + 1):
        cols = {str(ws.cell(r, c).value).strip(): c for c in range(1, ws.max_column + 1)
                if str(ws.cell(r, c).value or "").strip() in REGISTRY_HEADER}
        if "单位名称" in cols:
            return r, cols
    raise RegistryFileError("未找到表头：应有“单位名称 | 简称 | 别名 | 分组”。")


def _cell(ws, r: int, c: int | None) -> str | None:
    if c is None:
        return None
    value = ws.cell(r, c).value
    return str(value).strip() or None if value is not None else None


def import_registry(rows: list[RegistryRow], *, actor=None) -> RegistryResult:
    """Upsert every row by canonical name (row order = display order). Units absent from the file are kept."""
    result = RegistryResult()
    names = {row.name for row in rows}
    for order, row in enumerate(rows, start=1):
        is_new = db.session.scalar(select(Unit.id).where(Unit.name == row.name)) is None
        try:
            upsert_unit(row.name, short_name=row.short_name, aliases=row.aliases, group_name=row.group_name,
                        display_order=order, actor=actor)
        except UnitError as exc:
            raise UnitError(f"第 {row.row} 行：{exc}") from exc
        result.created += is_new
        result.updated += not is_new
    result.absent = list(db.session.scalars(
        select(Unit.name).where(Unit.name.not_in(names)).order_by(Unit.display_order, Unit.id)))
    db.session.flush()
    return result


def registry_template(units: list[Unit] | None = None) -> bytes:
    """The registry workbook: header plus the current units (or one example row)."""
    wb = Workbook()
    ws = wb.active
    ws.title = REGISTRY_SHEET
    ws.append(REGISTRY_HEADER)
    rows = [(u.name, u.short_name, "、".join(a.alias for a in u.aliases), u.group_name) for u in units or []]
    for row in rows or [("区卫生健康局", "卫健", "区卫健局、卫健局", None), ("老城街道办", "老城", "", "镇办")]:
        write_text_row(ws, row)
    for col, width in zip("ABCD", (28, 12, 40, 10), strict=True):
        ws.column_dimensions[col].width = width
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def write_text_row(ws, values) -> None:
    """Append a row whose cells are text, never formulas (a value beginning with = stays text)."""
    r = ws.max_row + 1 if ws.max_row > 1 or ws["A1"].value is not None else 1
    for c, value in enumerate(values, start=1):
        cell = ws.cell(r, c)
        cell.value = value
        if isinstance(value, str):
            cell.data_type = "s"
