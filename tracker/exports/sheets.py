"""Pieces shared by every export sheet: the title row, the header row, the print area."""
from datetime import date

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from tracker.exports.styles import Stamps
from tracker.xlsx.cells import safe_text


def write_title(ws: Worksheet, stamps: Stamps, title: str, export_date: date, columns) -> None:
    """Row 1: the title (with the export date) merged across the table; row 2: the header."""
    last = get_column_letter(len(columns))
    ws.merged_cells.add(f"A1:{last}1")
    ws.row_dimensions[1].height = 32
    text = f"{title}（导出日期：{export_date.isoformat()}）"
    ws.append([stamps.cell(ws, safe_text(text), "title")])
    ws.append([stamps.cell(ws, name, "header") for name, _, _ in columns])


def finish_sheet(ws: Worksheet, columns, last_row: int) -> None:
    """The print area covers the table; an autofilter on the header helps the office sort."""
    last = get_column_letter(len(columns))
    ws.print_area = f"A1:{last}{max(last_row, 2)}"
    if last_row > 2:
        ws.auto_filter.ref = f"A2:{last}{last_row}"


def prepare_sheet(ws: Worksheet, columns, landscape: bool = True) -> None:
    """Widths, frozen header, A4 fit to width, title and header repeated on every printed page.

    Set before any row is written, as streaming (write-only) sheets require.
    """
    for i, (_, width, _) in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = "A3"
    ws.print_title_rows = "1:2"
    ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4


LINE_HEIGHT = 13.5  # points per line of 10 pt text
WRAPPING = {"text", "center", "link"}  # styles that wrap text


def text_width(line: str) -> int:
    """Width of a line in column units: CJK characters (3 bytes in UTF-8) take two, ASCII one."""
    return (len(line.encode()) + len(line)) // 2


def fit_row_height(ws: Worksheet, row: int, values, columns) -> None:
    """Give a row the height its wrapped text needs: Excel, WPS and LibreOffice do not all grow rows on opening."""
    lines = 1
    for value, (_, width, style) in zip(values, columns, strict=False):
        if style in WRAPPING and isinstance(value, str) and (len(value) * 2 > width or "\n" in value):
            room = max(1, width - 1)
            lines = max(lines, sum(max(1, -(-text_width(part) // room)) for part in value.split("\n")))
    if lines > 1:
        ws.row_dimensions[row].height = min(409, lines * LINE_HEIGHT + 3)
