"""What every table importer does the same way with an upload: open it as sheets under the caps, find the header
row by synonyms, read merged cells, refuse a sheet over the row cap. The 责任清单, the indicators, a body's
directory and the unit registry read their own columns and rows; this is the part they share.

A sheet is an openpyxl worksheet (an .xlsx, after the guard's scan) or a `Grid` (.xls, .docx tables, pasted
text) of the same shape (tracker/documents/grid.py). Unreadable input is ImportFileError (exit 2).
"""
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from tracker.documents.readers import detect, read_book
from tracker.documents.script import to_simplified
from tracker.xlsx.cells import unescape_text
from tracker.xlsx.loading import load_upload
from tracker.xlsx.package import Limits
from tracker.xlsx.reading import ImportFileError

HEADER_SCAN_ROWS = 10  # the header is looked for in the first rows (title rows above it are common)


@dataclass
class RowError:
    """A row's problem: its row, the column's label and a Chinese message naming the cell."""

    row: int
    column: str
    message: str


def open_tables(data: bytes, max_rows: int) -> tuple[Any, dict[str, set[tuple[int, int]]]]:
    """The upload's sheets (a Workbook or a GridBook) and the .xlsx formulas saved without a value ((row,
    column)s by sheet title); `max_rows` data rows plus the header scan at most."""
    limits = Limits(max_rows=max_rows + HEADER_SCAN_ROWS)
    if detect(data) != "xlsx":
        return read_book(data, limits), {}  # ImportFileError (exit 2) for any other content
    book = load_upload(data, limits)
    return book.values, book.facts.uncached_formulas


def synonym_field(text: Any, synonyms: Iterable[tuple[str, Iterable[str]]]) -> str | None:
    """The field a header cell names: the first whose synonyms the cell contains, spaces removed, in simplified
    characters and lower case ("责任单位（牵头单位列首位）" → units; 指標 reads as 指标)."""
    if not isinstance(text, str):
        return None
    compact = to_simplified(re.sub(r"\s+", "", text)).lower()
    return next((name for name, words in synonyms if any(w in compact for w in words)), None)


def find_header(ws, field_of: Callable[[Any], str | None],
                required: Iterable[str]) -> tuple[int, dict[str, int]] | None:
    """(row, {field: column}) of the first of the first rows naming every `required` field (a field's first
    column counts); None when no such row."""
    for r in range(1, min(ws.max_row, HEADER_SCAN_ROWS) + 1):
        columns: dict[str, int] = {}
        for c in range(1, ws.max_column + 1):
            name = field_of(ws.cell(r, c).value)
            if name and name not in columns:
                columns[name] = c
        if all(f in columns for f in required):
            return r, columns
    return None


def cell_text(value: Any) -> str:
    """A cell as stripped text ("" for an empty one); text our own exports wrote as '=… (formula-like) reads back
    as it was typed."""
    if value is None:
        return ""
    return unescape_text(value.strip() if isinstance(value, str) else str(value).strip())


def check_row_cap(ws, header_row: int, max_rows: int) -> None:
    """Refuse a sheet with more than `max_rows` rows below its header."""
    if ws.max_row - header_row > max_rows:
        raise ImportFileError(f"工作表“{ws.title}”超过 {max_rows} 行的上限，请拆分后导入。")


def merge_tops(ws) -> dict[tuple[int, int], Any]:
    """Every cell covered by a merge → the merge's top-left cell (which holds its value)."""
    found = {}
    for rng in ws.merged_cells.ranges:
        top = ws.cell(rng.min_row, rng.min_col)
        for r in range(rng.min_row, rng.max_row + 1):
            for c in range(rng.min_col, rng.max_col + 1):
                found[(r, c)] = top
    return found
