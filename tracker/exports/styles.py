"""Cell styles of the export workbooks, prepared once per workbook and stamped onto cells cheaply.

Setting font/alignment/border on each cell makes openpyxl look every style up again; instead a template cell is
styled once and its style array is copied onto each new cell — what keeps the streaming ledger fast.
"""
from copy import copy

from openpyxl.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from tracker.xlsx.cells import safe_text

FONT = "宋体"
_THIN = Side(style="thin", color="808080")
BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
DATE_FORMAT = "yyyy-mm-dd"

STYLE_SPECS = {
    "title": {"font": Font(name=FONT, size=16, bold=True), "alignment": Alignment(horizontal="center", vertical="center")},
    "subtitle": {"font": Font(name=FONT, size=10, color="555555"), "alignment": Alignment(horizontal="left")},
    "header": {"font": Font(name=FONT, size=11, bold=True), "border": BORDER,
                   "fill": PatternFill("solid", fgColor="D9E1F2"),
                   "alignment": Alignment(horizontal="center", vertical="center", wrap_text=True)},
    "text": {"font": Font(name=FONT, size=10), "border": BORDER,
                 "alignment": Alignment(vertical="center", wrap_text=True)},
    "center": {"font": Font(name=FONT, size=10), "border": BORDER,
                   "alignment": Alignment(horizontal="center", vertical="center", wrap_text=True)},
    "date": {"font": Font(name=FONT, size=10), "border": BORDER, "number_format": DATE_FORMAT,
                 "alignment": Alignment(horizontal="center", vertical="center")},
    "number": {"font": Font(name=FONT, size=10), "border": BORDER, "alignment": Alignment(horizontal="right", vertical="center")},
    "percent": {"font": Font(name=FONT, size=10), "border": BORDER, "number_format": "0.0%",
                    "alignment": Alignment(horizontal="right", vertical="center")},
    "code": {"font": Font(name="Consolas", size=8), "border": BORDER, "alignment": Alignment(vertical="center")},
    "link": {"font": Font(name=FONT, size=10, color="0563C1", underline="single"), "border": BORDER,
                 "alignment": Alignment(vertical="center", wrap_text=True)},
}


class StampedCell(Cell):
    """A cell with a cheap repr: openpyxl's streaming writer formats one into an error message it then
    catches, for every styled cell it is given — with the default repr that costs as much as writing it."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "<StampedCell>"


class Stamps:
    """Prepared styles of one workbook: `stamps.cell(ws, value, "text")` returns a styled cell."""

    def __init__(self, wb: Workbook):
        scratch = wb.create_sheet("_styles") if wb.write_only else wb.active
        self._arrays = {}
        for name, spec in STYLE_SPECS.items():
            template = Cell(scratch)
            for attr, value in spec.items():
                setattr(template, attr, value)
            self._arrays[name] = template._style
        if wb.write_only:
            wb._sheets.remove(scratch)

    def cell(self, ws: Worksheet, value, style: str) -> Cell:
        """A styled cell holding `value` through safe_text: every export cell is written the one safe way."""
        cell = StampedCell(ws, row=1, column=1, value=safe_text(value))
        cell._style = copy(self._arrays[style])
        return cell
