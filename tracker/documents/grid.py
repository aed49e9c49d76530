"""A table read from any format, shaped like the part of an openpyxl worksheet our readers use.

Readers of .xls, .docx and pasted tables build a `Grid` (1-based `cell(r, c).value`, `max_row`, `max_column`,
`merged_cells.ranges`, `title`) so the header synonyms, merged categories and row rules stay in one parser.
A merged range keeps its value in its top-left cell and None elsewhere — as openpyxl reads an .xlsx — except
where a format's own rule says otherwise (a Word table's vertical merge fills down).
"""
from dataclasses import dataclass, field
from typing import Any

from openpyxl.utils import get_column_letter


@dataclass(frozen=True)
class Merge:
    min_row: int
    min_col: int
    max_row: int
    max_col: int

    @property
    def coord(self) -> str:
        return f"{get_column_letter(self.min_col)}{self.min_row}:{get_column_letter(self.max_col)}{self.max_row}"


@dataclass(frozen=True)
class GridCell:
    value: Any


@dataclass
class _Merges:
    ranges: list[Merge] = field(default_factory=list)


class Grid:
    """Rows of values (lists of any length) with merged ranges; cells outside the rows are None."""

    def __init__(self, title: str, rows: list[list[Any]], merges: list[Merge] | None = None):
        self.title = title
        self.rows = rows
        self.merged_cells = _Merges(list(merges or []))
        self.max_row = max(len(rows), 1)
        self.max_column = max((len(r) for r in rows), default=1) or 1

    def cell(self, row: int, column: int) -> GridCell:
        if 1 <= row <= len(self.rows) and 1 <= column <= len(self.rows[row - 1]):
            return GridCell(self.rows[row - 1][column - 1])
        return GridCell(None)

    def __getitem__(self, ref: str) -> GridCell:
        if ref != "A1":
            raise KeyError(ref)
        return self.cell(1, 1)


class GridBook:
    """Grids by name, shaped like an openpyxl Workbook (`sheetnames`, `book[name]`, `worksheets`)."""

    def __init__(self, grids: list[Grid]):
        self.worksheets = grids or [Grid("表格1", [])]
        self.sheetnames = [g.title for g in self.worksheets]

    def __getitem__(self, name: str) -> Grid:
        return self.worksheets[self.sheetnames.index(name)]
