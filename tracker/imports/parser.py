"""Reading a responsibility list (.xlsx; .xls, .docx and pasted tables via tracker.documents) into raw rows: header by synonyms, merged categories, notes.

Reads in normal mode (read-only mode cannot see merged cells) and takes formula cells by the value Excel/WPS
saved with them. Unreadable input raises ImportFileError (exit 2); problems of a row become RowErrors.
"""
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from openpyxl.utils import get_column_letter

from tracker.documents.script import to_simplified
from tracker.documents.tables import (
    HEADER_SCAN_ROWS,
    RowError,
    cell_text,
    check_row_cap,
    open_tables,
    synonym_field,
)
from tracker.tasks.points import parse_points
from tracker.xlsx.reading import ImportFileError

# field → synonyms; checked in this order so that 配合单位 is not taken for 责任单位
SYNONYMS = (
    ("co_units", ("配合单位", "协办单位", "配合部门")),
    ("units", ("责任单位", "牵头单位", "责任部门", "承办单位")),
    ("deadline", ("完成时限", "时间节点", "完成时间", "时限")),
    ("points", ("分值", "评分")),
    ("title", ("创建任务", "工作任务", "工作内容", "重点任务", "创建内容", "任务", "议定事项", "事项")),
    ("category", ("类别", "类型", "项目", "板块")),
)
COLUMN_LABELS = {"category": "类别", "title": "创建任务", "units": "责任单位", "co_units": "配合单位",
                 "deadline": "完成时限", "points": "分值"}
SINGLE_COLUMN_FIELDS = ("units", "co_units", "deadline", "points")
NOTE_PREFIXES = ("注", "备注", "说明", "附", "抄送")
PREFERRED_SHEETS = ("责任清单", "任务清单")


@dataclass
class RawRow:
    row: int
    category: str
    title: str
    units_text: str
    co_text: str | None
    deadline: Any
    points: Decimal | None


@dataclass
class ParsedSheet:
    sheet: str
    header_row: int
    columns: dict[str, int]
    rows: list[RawRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


def read_list(data: bytes, *, max_rows: int = 5000) -> ParsedSheet:
    """Parse the first sheet with a recognisable header (a sheet named 责任清单 first).

    The file is scanned before it is loaded: more rows than `max_rows` (plus the title and header rows), an
    overlong cell or a damaged part is refused at the first breach, before openpyxl builds anything.
    """
    book, uncached = open_tables(data, max_rows)
    sheets = sorted(book.worksheets, key=lambda ws: ws.title not in PREFERRED_SHEETS)
    if all(ws.max_row <= 1 and ws.max_column <= 1 and ws["A1"].value is None for ws in sheets):
        raise ImportFileError("工作表为空：文件中没有任何内容。")
    for ws in sheets:
        found = find_header(ws)
        if found is not None:
            header_row, columns = found
            check_row_cap(ws, header_row, max_rows)
            return _read_rows(ws, uncached.get(ws.title, set()), header_row, columns)
    raise ImportFileError("未找到表头：前 10 行中应有“类别”“创建任务”“责任单位”等列。")


def header_field(text: Any) -> str | None:
    """Which column a header cell names, by synonyms it contains ("责任单位（牵头单位列首位）" → units)."""
    return synonym_field(text, SYNONYMS)


def find_header(ws) -> tuple[int, dict[str, int]] | None:
    """(row, {field: column}) of the first of the first 10 rows naming a task and a unit column.

    Two columns for one of the fields a row holds once (责任单位, 配合单位, 完成时限, 分值) are refused: taking
    either would silently drop the other."""
    for r in range(1, min(ws.max_row, HEADER_SCAN_ROWS) + 1):
        columns: dict[str, int] = {}
        twice: dict[str, list[int]] = {}
        for c in range(1, ws.max_column + 1):
            name = header_field(ws.cell(r, c).value)
            if name and name not in columns:
                columns[name] = c
            elif name in SINGLE_COLUMN_FIELDS:
                twice.setdefault(name, [columns[name]]).append(c)
        if "title" in columns and "units" in columns:
            _refuse_twice(ws.title, r, twice)
            return r, columns
    return None


def _refuse_twice(sheet: str, r: int, twice: dict[str, list[int]]) -> None:
    for name, cols in twice.items():
        where = "、".join(f"{get_column_letter(c)}{r}" for c in cols)
        raise ImportFileError(f"工作表“{sheet}”的表头中“{COLUMN_LABELS[name]}”出现了 {len(cols)} 次（{where}）："
                              "请只保留一列，或把多出的列改名（如“配合单位”）。")


def _read_rows(ws, uncached: set[tuple[int, int]], header_row: int, columns: dict[str, int]) -> ParsedSheet:
    sheet = ParsedSheet(ws.title, header_row, columns)
    task_merges = _task_column_merges(ws, columns["title"], header_row)
    category, seen = "", {}
    for r in range(header_row + 1, ws.max_row + 1):
        cells = {f: ws.cell(r, c).value for f, c in columns.items()}
        errors = _formula_errors(ws, uncached, r, columns, cells)
        category = cell_text(cells.get("category")) or category
        title = " ".join(cell_text(cells["title"]).split())
        if errors:
            sheet.errors.extend(errors)
            continue
        if not title or to_simplified(title).startswith(NOTE_PREFIXES):
            continue
        if (merge := task_merges.get(r)) is not None:
            sheet.errors.append(RowError(r, "创建任务", f"{merge} 为合并单元格：每行应各有一项任务，请取消合并。"))
            continue
        row = _make_row(sheet, r, category or "未分类", title, cells)
        if row is None:
            continue
        key = (row.category, row.title)
        if key in seen:
            sheet.errors.append(RowError(r, "创建任务", f"与第 {seen[key]} 行的任务重复。"))
            continue
        seen[key] = r
        sheet.rows.append(row)
    return sheet


def _make_row(sheet: ParsedSheet, r: int, category: str, title: str, cells: dict) -> RawRow | None:
    units_text = cell_text(cells.get("units"))
    if not units_text:
        sheet.errors.append(RowError(r, "责任单位", f"{_ref(sheet, 'units', r)} 责任单位为空。"))
        return None
    if len(category) > 100:
        sheet.errors.append(RowError(r, "类别", f"{_ref(sheet, 'category', r)} 类别名称超过 100 字。"))
        return None
    try:
        points = parse_points(cell_text(cells.get("points")))
    except ValueError as exc:
        sheet.errors.append(RowError(r, "分值", f"{_ref(sheet, 'points', r)} 分值应为 0 到 99999.99 的数字：{exc}"))
        return None
    return RawRow(r, category, title, units_text, cell_text(cells.get("co_units")) or None,
                  _deadline_value(cells.get("deadline")), points)


def _deadline_value(value: Any) -> Any:
    """The cell as parse_deadline takes it: None, text, a number or a date; a time or a boolean as its text."""
    if value is None or isinstance(value, str | date) or (isinstance(value, int | float)
                                                           and not isinstance(value, bool)):
        return value
    return str(value)


def _ref(sheet: ParsedSheet, field_name: str, r: int) -> str:
    return f"{sheet.sheet}!{get_column_letter(sheet.columns[field_name])}{r}"


def _task_column_merges(ws, task_col: int, header_row: int) -> dict[int, str]:
    """Rows whose task cell lies in a merge spanning several rows (two rows sharing one task)."""
    rows = {}
    for rng in ws.merged_cells.ranges:
        if rng.min_col <= task_col <= rng.max_col and rng.max_row > rng.min_row and rng.min_row > header_row:
            for r in range(rng.min_row, rng.max_row + 1):
                rows[r] = rng.coord
    return rows


def _formula_errors(ws, uncached: set[tuple[int, int]], r: int, columns: dict[str, int],
                    cells: dict) -> list[RowError]:
    """A formula whose saved value is missing cannot be read: name the cell rather than import a blank."""
    errors = []
    for name, c in columns.items():
        if cells[name] is None and (r, c) in uncached:
            ref = f"{ws.title}!{get_column_letter(c)}{r}"
            errors.append(RowError(r, COLUMN_LABELS[name],
                                   f"{ref} 是公式但没有保存计算结果：请在 Excel/WPS 中打开并保存后再导入。"))
    return errors


def sheet_to_json(sheet: ParsedSheet) -> dict:
    """The parsed list as JSON-safe data (staged between preview and confirm); `sheet_from_json` reverses it."""
    data = asdict(sheet)
    for row in data["rows"]:
        row["deadline"] = _encode(row["deadline"])
        row["points"] = None if row["points"] is None else str(row["points"])
    return data


def sheet_from_json(data: dict) -> ParsedSheet:
    rows = [RawRow(**{**r, "deadline": _decode(r["deadline"]),
                      "points": None if r["points"] is None else Decimal(r["points"])}) for r in data["rows"]]
    return ParsedSheet(data["sheet"], data["header_row"], data["columns"], rows,
                       [RowError(**e) for e in data["errors"]])


def _encode(value: Any) -> Any:
    if isinstance(value, datetime):
        return {"datetime": value.isoformat()}
    if isinstance(value, date):
        return {"date": value.isoformat()}
    if isinstance(value, float):
        return {"float": repr(value)}  # NaN and infinities too
    return value


def _decode(value: Any) -> Any:
    if not isinstance(value, dict):
        return value
    kind, text = next(iter(value.items()))
    return {"datetime": datetime.fromisoformat, "date": date.fromisoformat, "float": float}[kind](text)
