"""Safe spreadsheet cells (OWASP CSV / formula injection): the one text writer of every workbook we produce.

A text cell beginning with = + - @, a tab or a carriage return may be taken for a formula by Excel, WPS or
LibreOffice — when opened, when re-typed, or once the sheet is saved as CSV. `safe_text` prefixes such text
with a single quote, the OWASP recommendation, so it stays inert in every writer (openpyxl normal or write-only,
csv); it also drops the control characters an .xlsx cannot hold and cuts text to Excel's cell limit. Numbers,
dates and None pass through with their types. Every .xlsx writer runs its cells through it:

    ws.append(safe_row([title, unit_name, deadline]))       # a write-only sheet, or plain values
    write_row(ws, 3, [title, unit_name, deadline])           # a normal sheet: text is also stored as text
    stamps.cell(ws, value, "text")                           # the export sheets (tracker/exports/styles.py)

Our readers undo the escape with `unescape_text`, so a workbook we wrote imports back as it was typed.
"""
from collections.abc import Iterable
from typing import Any

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.worksheet.worksheet import Worksheet

DANGEROUS_STARTS = ("=", "+", "-", "@", "\t", "\r")
MAX_CELL_CHARS = 32_767  # Excel holds at most 32,767 characters (UTF-16 code units) in a cell
CUT_MARK = "……【此处内容过长，超出 Excel 单元格上限，其后 {n} 字未写入；完整内容请在系统中查看】"
ESCAPE = "'"


def is_dangerous(value: Any) -> bool:
    """True when `value` is text a spreadsheet could take for a formula."""
    return isinstance(value, str) and value.startswith(DANGEROUS_STARTS)


def safe_text(value: Any) -> Any:
    """`value` unchanged, unless it is text a spreadsheet could run: then "'" + value (shown as text).

    Text also loses the control characters an .xlsx cannot hold (pasted from Word); text longer than a cell holds
    is kept up to the limit and ends with a marker saying how much is missing — never cut silently.
    Idempotent: safe_text(safe_text(x)) == safe_text(x).
    """
    if not isinstance(value, str):
        return value
    value = ILLEGAL_CHARACTERS_RE.sub("", value)
    return fit_cell((ESCAPE + value) if is_dangerous(value) else value)


def _units(text: str) -> int:
    """Length as Excel counts it (UTF-16 code units: a character outside the BMP counts twice)."""
    return len(text) + sum(1 for c in text if ord(c) > 0xFFFF)


def fit_cell(text: str) -> str:
    """The text whole when a cell holds it, else its beginning and `CUT_MARK` (with the number left out)."""
    if len(text) <= MAX_CELL_CHARS // 2 or _units(text) <= MAX_CELL_CHARS:
        return text
    room = MAX_CELL_CHARS - _units(CUT_MARK.format(n=len(text)))
    kept, used = 0, 0
    for c in text:
        width = 2 if ord(c) > 0xFFFF else 1
        if used + width > room:
            break
        kept, used = kept + 1, used + width
    return text[:kept] + CUT_MARK.format(n=len(text) - kept)


def safe_row(values: Iterable[Any]) -> list[Any]:
    """`safe_text` applied to every value of a row."""
    return [safe_text(v) for v in values]


def unescape_text(text: str) -> str:
    """The text as it was typed, from a cell `safe_text` wrote ("'=1+1" → "=1+1"); any other text unchanged."""
    return text[1:] if text.startswith(ESCAPE) and is_dangerous(text[1:]) else text


def write_cell(ws: Worksheet, row: int, column: int, value: Any) -> Cell:
    """Set one cell of a normal worksheet through `safe_text`; text is stored as text, never a formula or an
    error code (a progress note reading "#N/A" stays a note)."""
    cell = ws.cell(row=row, column=column)
    cell.value = safe_text(value)
    if isinstance(cell.value, str):
        cell.data_type = "s"
    return cell


def write_row(ws: Worksheet, row: int, values: Iterable[Any], first_column: int = 1) -> list[Cell]:
    """`write_cell` for each value, left to right from `first_column`."""
    return [write_cell(ws, row, column, v) for column, v in enumerate(values, start=first_column)]
