"""The unit registry as a workbook: sheet 责任单位, header 单位名称 | 简称 | 别名 | 分组.

An alias that stands for several units (两办 → 区委办、区政府办) lives on a second, optional sheet 多单位别名,
header 别名 | 对应单位, the units in order (the first leads) separated by 、 — the 别名 column of sheet 责任单位
holds only one-unit aliases.
"""
import io
import re
from dataclasses import asdict, dataclass, field

from openpyxl import Workbook

from tracker.documents.tables import HEADER_SCAN_ROWS, open_tables
from tracker.units.models import Unit
from tracker.xlsx.cells import unescape_text, write_row
from tracker.xlsx.reading import ImportFileError

REGISTRY_SHEET = "责任单位"
REGISTRY_HEADER = ("单位名称", "简称", "别名", "分组")
COMBO_SHEET = "多单位别名"
COMBO_HEADER = ("别名", "对应单位")
ALIAS_SPLIT = re.compile(r"[、,，;；]")


class RegistryFileError(ImportFileError):
    """The registry workbook cannot be read (exit 2); one Chinese line."""


@dataclass
class RegistryRow:
    row: int
    name: str
    short_name: str | None
    aliases: list[str]
    group_name: str | None


@dataclass
class ComboRow:
    row: int
    alias: str
    units: list[str]


@dataclass
class RegistryBook:
    rows: list[RegistryRow]
    combos: list[ComboRow] = field(default_factory=list)
    columns: dict[str, int] = field(default_factory=dict)  # header → column number, for cell references


def book_to_json(book: RegistryBook) -> dict:
    """The parsed registry as JSON-safe data (staged between preview and confirm); `book_from_json` reverses it."""
    return asdict(book)


def book_from_json(data: dict) -> RegistryBook:
    return RegistryBook([RegistryRow(**r) for r in data["rows"]], [ComboRow(**c) for c in data["combos"]],
                        data["columns"])


def read_registry(data: bytes, *, max_rows: int = 5000) -> RegistryBook:
    """Rows of the sheet 责任单位 (or the first sheet), header found among the first 10 rows; and 多单位别名.

    The file passes the same scan and caps as a list (tracker/xlsx/guard.py) before it is loaded.
    """
    wb = _open_book(data, max_rows)
    sheets = {ws.title: ws for ws in wb.worksheets}
    if not sheets:
        raise RegistryFileError("工作簿中没有工作表。")
    ws = sheets.get(REGISTRY_SHEET) or wb.worksheets[0]
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
    return RegistryBook(rows, _combos(sheets[COMBO_SHEET]) if COMBO_SHEET in sheets else [], cols)


def _open_book(data: bytes, max_rows: int):
    """An .xlsx through the guard's scan and openpyxl; an .xls, .docx (its tables) or pasted table as a GridBook
    of the same shape, under the same caps."""
    try:
        return open_tables(data, max_rows)[0]
    except RegistryFileError:
        raise
    except ImportFileError as exc:
        raise RegistryFileError(str(exc)) from exc


def _combos(ws) -> list[ComboRow]:
    """Rows of the sheet 多单位别名: 别名 | 对应单位 (units in order, separated by 、)."""
    for r in range(1, min(ws.max_row, HEADER_SCAN_ROWS) + 1):
        cols = {str(ws.cell(r, c).value or "").strip(): c for c in range(1, ws.max_column + 1)}
        if all(h in cols for h in COMBO_HEADER):
            return [ComboRow(row, alias, [n.strip() for n in ALIAS_SPLIT.split(_cell(ws, row, cols["对应单位"]) or "")
                                          if n.strip()])
                    for row in range(r + 1, ws.max_row + 1) if (alias := _cell(ws, row, cols["别名"]))]
    raise RegistryFileError(f"工作表“{COMBO_SHEET}”未找到表头：应有“别名 | 对应单位”。")


def _header(ws) -> tuple[int, dict[str, int]]:
    for r in range(1, min(ws.max_row, HEADER_SCAN_ROWS) + 1):
        cols = {str(ws.cell(r, c).value).strip(): c for c in range(1, ws.max_column + 1)
                if str(ws.cell(r, c).value or "").strip() in REGISTRY_HEADER}
        if "单位名称" in cols:
            return r, cols
    raise RegistryFileError("未找到表头：应有“单位名称 | 简称 | 别名 | 分组”。")


def _cell(ws, r: int, c: int | None) -> str | None:
    if c is None:
        return None
    value = ws.cell(r, c).value
    return unescape_text(str(value).strip()) or None if value is not None else None


def registry_template(units: list[Unit] | None = None) -> bytes:
    """The registry workbook: header plus the current units (or one example row); sheet 多单位别名 beside it."""
    wb = Workbook()
    ws = wb.active
    ws.title = REGISTRY_SHEET
    write_row(ws, 1, REGISTRY_HEADER)
    by_text: dict[str, list] = {}
    for a in (a for u in units or [] for a in u.aliases):
        by_text.setdefault(a.alias, []).append(a)
    single = {a.alias for u in units or [] for a in u.aliases if len(by_text[a.alias]) == 1}
    rows = [(u.name, u.short_name, "、".join(a.alias for a in u.aliases if a.alias in single), u.group_name)
            for u in units or []]
    examples = [("区卫生健康局", "卫健", "区卫健局、卫健局", None), ("老城街道办", "老城", "", "镇办")]
    for r, row in enumerate(rows or examples, start=2):
        write_row(ws, r, row)
    for col, width in zip("ABCD", (28, 12, 40, 10), strict=True):
        ws.column_dimensions[col].width = width
    combos = wb.create_sheet(COMBO_SHEET)
    write_row(combos, 1, COMBO_HEADER)
    for r, text in enumerate(sorted(t for t in by_text if t not in single), start=2):
        rows_in_order = sorted(by_text[text], key=lambda a: (a.position, a.id))
        write_row(combos, r, (text, "、".join(a.unit.name for a in rows_in_order)))
    combos.column_dimensions["A"].width, combos.column_dimensions["B"].width = 16, 60
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()

