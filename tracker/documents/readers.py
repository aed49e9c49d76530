"""Reading a table from whatever the office has: .xls (old Excel / WPS), .docx (a Word notice's annex table)
and a table pasted from Word, WPS or Excel (tab-separated text or the clipboard's HTML) — each into a `GridBook`.

The kind is told by the bytes, never by the file name (`detect`). Nothing is ever run: xlrd reads BIFF records,
python-docx parses the XML without resolving entities (after the same streaming scan as an .xlsx:
tracker/xlsx/package.py), pasted HTML is read as data by the standard library's tokenizer and never rendered
back. Every reader keeps to the same `Limits` as an .xlsx (rows, cells, characters) while it builds its grid.
"""
import csv
import io
import zipfile
from html.parser import HTMLParser
from typing import Any

import docx
import xlrd
from docx.oxml.ns import qn

from tracker.documents.grid import Grid, GridBook, Merge
from tracker.xlsx.package import Limits, check_document
from tracker.xlsx.reading import ImportFileError

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ACCEPTED = "可以导入 Excel 工作簿（.xlsx、.xls）、Word 文档（.docx，读取其中的表格），或直接粘贴表格。"
UNKNOWN = "不是 .xlsx、.xls 或 .docx 文件，也不是粘贴的表格。" + ACCEPTED
MAX_PASTE_CHARS = 2_000_000


def detect(data: bytes) -> str | None:
    """'xlsx', 'docx', 'xls' or 'text' (a pasted table) from the content; None for anything else."""
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                names = set(z.namelist())
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
            return None
        if "xl/workbook.xml" in names:
            return "xlsx"
        if "word/document.xml" in names:
            return "docx"
        return None
    if data.startswith(OLE_MAGIC):
        return "xls"
    if _pasted_text(data) is not None:
        return "text"
    return None


def unknown_format_message(data: bytes) -> str:
    """The one Chinese line for a file we cannot read, with a hint for the usual mistakes."""
    if data.startswith(b"PK\x03\x04"):
        return "文件已损坏，或不是 Excel 工作簿或 Word 文档。" + ACCEPTED
    if data.startswith(b"%PDF"):
        return "PDF 文件中的表格无法读取：请上传 Word（.docx）或 Excel 原件。"
    return UNKNOWN


def read_book(data: bytes, limits: Limits | None = None) -> GridBook:
    """The tables of an .xls, a .docx or a pasted table; ImportFileError (exit 2) for anything else."""
    kind, limits = detect(data), limits or Limits()
    if kind == "xls":
        return read_xls(data, limits)
    if kind == "docx":
        return read_docx(data, limits)
    if kind == "text":
        return read_pasted(_pasted_text(data) or "", limits)
    raise ImportFileError(unknown_format_message(data))


def _check_size(title: str, rows: int, cells: int, limits: Limits) -> None:
    """The same row and cell caps as an .xlsx, checked before a grid is built."""
    if rows > limits.max_rows:
        raise ImportFileError(f"“{title}”超过 {limits.max_rows:,} 行的上限，请拆分后导入。")
    if cells > limits.max_cells:
        raise ImportFileError(f"“{title}”的单元格超过 {limits.max_cells:,} 个的上限，请拆分后导入。")


# --- .xls ---------------------------------------------------------------------------------------------------

def read_xls(data: bytes, limits: Limits | None = None) -> GridBook:
    """Every sheet of an old Excel/WPS workbook; merged cells as merges, dates as datetimes, whole floats as int."""
    limits = limits or Limits()
    if "EncryptedPackage".encode("utf-16-le") in data:  # an .xlsx with an open password is an OLE file too
        raise ImportFileError("文件设有打开密码（已加密）：请在 Excel 或 WPS 中取消密码后另存再上传。")
    try:
        # ragged rows: a sheet is not padded out to a rectangle before the caps are checked
        # its warnings (a damaged sector table …) go nowhere: by default xlrd writes them on the process's stdout
        book = xlrd.open_workbook(file_contents=data, formatting_info=True, on_demand=True, ragged_rows=True,
                                  logfile=io.StringIO(), verbosity=0)
        grids, cells = [], 0
        for i in range(book.nsheets):
            sheet = book.sheet_by_index(i)
            cells += _xls_cells(sheet)  # over all sheets, as for an .xlsx
            _check_size(sheet.name, sheet.nrows, cells, limits)
            grids.append(_xls_sheet(book, sheet))
        return GridBook(grids)
    except ImportFileError:
        raise
    except Exception as exc:  # noqa: BLE001 — xlrd raises many kinds for a damaged or non-Excel OLE file
        raise ImportFileError("文件已损坏或不是有效的 .xls 工作簿（若是 .doc，请在 Word/WPS 中另存为 .docx）。") from exc


def _xls_cells(sheet) -> int:
    """Cells the grid would hold, and those its merges cover."""
    return (sum(sheet.row_len(r) for r in range(sheet.nrows))
            + sum((rhi - rlo) * (chi - clo) for rlo, rhi, clo, chi in sheet.merged_cells))


def _xls_sheet(book, sheet) -> Grid:
    merges = [Merge(rlo + 1, clo + 1, rhi, chi) for rlo, rhi, clo, chi in sheet.merged_cells]
    rows = [[_xls_value(book, sheet.cell(r, c)) for c in range(sheet.row_len(r))] for r in range(sheet.nrows)]
    return Grid(sheet.name, rows, merges)


def _xls_value(book, cell) -> Any:
    if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
        return None
    if cell.ctype == xlrd.XL_CELL_DATE:
        try:
            return xlrd.xldate.xldate_as_datetime(cell.value, book.datemode)
        except (ValueError, OverflowError, xlrd.xldate.XLDateError):
            return cell.value
    if cell.ctype == xlrd.XL_CELL_NUMBER:
        return int(cell.value) if float(cell.value).is_integer() else cell.value
    if cell.ctype == xlrd.XL_CELL_BOOLEAN:
        return bool(cell.value)
    if cell.ctype == xlrd.XL_CELL_ERROR:
        return None
    return cell.value if cell.value != "" else None


# --- .docx --------------------------------------------------------------------------------------------------

def read_docx(data: bytes, limits: Limits | None = None) -> GridBook:
    """Every top-level table of a Word document (表格1, 表格2, …): a vertical merge fills down and is kept as a
    merge; a horizontal one keeps its text in its first column; a cell's paragraphs join with a newline."""
    check_document(data, limits or Limits())  # rows, cells, spans and characters, before python-docx parses
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # noqa: BLE001 — any failure to open is "unreadable"
        raise ImportFileError("文件已损坏或不是有效的 Word 文档（.docx）。") from exc
    grids = [_docx_table(f"表格{i}", table) for i, table in enumerate(document.tables, start=1)]
    if not grids:
        raise ImportFileError("Word 文档中没有表格：请确认责任清单是以表格形式插入的。")
    return GridBook(grids)


def _docx_table(title: str, table) -> Grid:
    rows: list[list[Any]] = []
    open_merges: dict[int, list[int]] = {}  # column → [first row, last row] of a running vertical merge
    merges: list[Merge] = []
    for r, tr in enumerate(table._tbl.tr_lst, start=1):
        row: list[Any] = [None] * _grid_before(tr)
        for tc in tr.tc_lst:
            c, span = len(row) + 1, tc.grid_span
            if tc.vMerge == "continue" and c in open_merges:
                value = rows[-1][c - 1] if len(rows[-1]) >= c else None
                open_merges[c][1] = r
            else:
                if c in open_merges:
                    merges.append(_closed(open_merges.pop(c), c))
                value = _tc_text(tc) or None
                if tc.vMerge == "restart":
                    open_merges[c] = [r, r]
            row.extend([value] + [None] * (span - 1))
        rows.append(row)
    merges.extend(_closed(span, c) for c, span in open_merges.items())
    return Grid(title, rows, [m for m in merges if m.max_row > m.min_row])


def _closed(span: list[int], column: int) -> Merge:
    return Merge(span[0], column, span[1], column)


def _grid_before(tr) -> int:
    tr_pr = tr.trPr
    before = tr_pr.find(qn("w:gridBefore")) if tr_pr is not None else None
    return int(before.get(qn("w:val"), 0)) if before is not None else 0


def _tc_text(tc) -> str:
    paragraphs = ["".join(t.text or "" for t in p.iter(qn("w:t"))) for p in tc.iterchildren(qn("w:p"))]
    return "\n".join(paragraphs).strip()


# --- pasted tables ------------------------------------------------------------------------------------------

def _pasted_text(data: bytes) -> str | None:
    """Text that looks like a pasted table (tabs between cells, or an HTML table), else None."""
    if len(data) > MAX_PASTE_CHARS * 4 or b"\x00" in data[:4096]:
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError:
            return None
    return text if ("\t" in text or "<table" in text.lower()) else None


def read_pasted(text: str, limits: Limits | None = None) -> GridBook:
    """A table pasted into the import box: the clipboard's HTML (Word/WPS/Excel put a <table> there) or its
    tab-separated text (Excel quotes a cell holding line breaks)."""
    limits = limits or Limits()
    if len(text) > MAX_PASTE_CHARS:
        raise ImportFileError(f"粘贴的内容超过 {MAX_PASTE_CHARS} 个字符，请改为上传文件。")
    if "<table" in text.lower():
        grids = _html_tables(text, limits)
        if grids:
            return GridBook(grids)
    rows = [[cell if cell.strip() else None for cell in line]
            for line in csv.reader(io.StringIO(text.replace("\r\n", "\n")), delimiter="\t")]
    rows = [r for r in rows if any(v is not None for v in r)] if rows else []
    _check_size("粘贴的表格", len(rows), sum(map(len, rows)), limits)
    if not rows or max(len(r) for r in rows) < 2:
        raise ImportFileError("粘贴的内容不是表格：请在 Word、WPS 或 Excel 中选中整张表格（含表头）后复制粘贴。")
    return GridBook([Grid("粘贴的表格", rows)])


class _TableHTML(HTMLParser):
    """<table>/<tr>/<td|th rowspan colspan> → rows of text; <br> and block ends become line breaks."""

    BREAKS = {"br", "p", "div", "li"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tables: list[list[list[tuple[str, int, int]]]] = []
        self.depth = 0
        self.cell: list[str] | None = None
        self.span = (1, 1)

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.depth += 1
            if self.depth == 1:
                self.tables.append([])
        elif self.depth != 1:
            return
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag in ("td", "th") and self.tables[-1]:
            a = dict(attrs)
            self.cell, self.span = [], (_span(a.get("rowspan")), _span(a.get("colspan")))
        elif tag == "br" and self.cell is not None:
            self.cell.append("\n")

    def handle_endtag(self, tag):
        if tag == "table":
            self.depth -= 1
        elif self.depth != 1:
            return
        elif tag in ("td", "th") and self.cell is not None:
            text = "\n".join(line.strip() for line in "".join(self.cell).split("\n"))
            self.tables[-1][-1].append((text.strip("\n").strip(), *self.span))
            self.cell = None
        elif tag in self.BREAKS and self.cell is not None:
            self.cell.append("\n")

    def handle_data(self, data):
        if self.cell is not None and self.depth == 1:
            self.cell.append(" ".join(data.replace("\xa0", " ").split("\n")))


def _span(value: str | None) -> int:
    try:
        return max(1, min(int(value or 1), 1000))
    except ValueError:
        return 1


def _html_tables(text: str, limits: Limits) -> list[Grid]:
    parser = _TableHTML()
    parser.feed(text)
    parser.close()
    return [_html_grid(f"粘贴的表格{'' if i == 1 else i}", t, limits) for i, t in enumerate(parser.tables, start=1)
            if t]


def _html_grid(title: str, trs: list[list[tuple[str, int, int]]], limits: Limits) -> Grid:
    """Place cells by rowspan/colspan; a rowspan fills down (as a Word vertical merge) and is kept as a merge."""
    # the cells spans would place, counted before any is placed (a rowspan and colspan of 1000 each is 10⁶)
    _check_size(title, len(trs) + max((rs for cells in trs for _, rs, _ in cells), default=1) - 1,
                sum(rs * cs for cells in trs for _, rs, cs in cells), limits)
    rows: list[list[Any]] = []
    taken: dict[tuple[int, int], Any] = {}
    merges = []
    for r, cells in enumerate(trs, start=1):
        row: list[Any] = []
        c = 1
        for text, rowspan, colspan in cells:
            while (r, c) in taken:
                c += 1
            value = text or None
            for dc in range(colspan):
                for dr in range(rowspan):
                    taken[(r + dr, c + dc)] = value if dc == 0 else None
            if rowspan > 1:
                merges.append(Merge(r, c, r + rowspan - 1, c))
            c += colspan
        width = max([col for (rr, col) in taken if rr == r], default=0)
        row = [taken.get((r, col)) for col in range(1, width + 1)]
        rows.append(row)
    return Grid(title, rows, merges)
