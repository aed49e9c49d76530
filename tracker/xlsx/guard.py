"""The checks an uploaded .xlsx passes before openpyxl reads it: readable, and small once unpacked.

openpyxl (normal mode) builds the whole workbook in memory and trusts what it reads: a 150 MB cell, eleven
million shared strings, a merge over a million rows, a shared-string index past the table or an XML entity all
cost memory and time, or end in a traceback. So every part is first streamed through expat with byte, count and
length caps and stops at the first breach, naming it in Chinese (`ImportFileError`, exit 2). Only a file that
passes is handed to openpyxl — which is then bounded by these same caps.

    facts = check_workbook(data, Limits(max_rows=5010))   # raises ImportFileError
"""
import re
import zipfile
from dataclasses import dataclass, field

from tracker.xlsx.package import (
    CONTENT_TYPES,
    CORRUPT,
    DIGITS,
    XML_SUFFIXES,
    Handler,
    Limits,
    Scan,
    open_package,
)
from tracker.xlsx.reading import ImportFileError

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Compound File: an .xls, or an .xlsx with an open password
WORKBOOK_TYPES = ("spreadsheetml.sheet.main+xml", "spreadsheetml.template.main+xml",
                  "ms-excel.sheet.macroEnabled.main+xml", "ms-excel.template.macroEnabled.main+xml")
SHEET_TYPE = "spreadsheetml.worksheet+xml"
SHARED_STRINGS_TYPE = "spreadsheetml.sharedStrings+xml"
STYLES_TYPE = "spreadsheetml.styles+xml"
CELL_REF = re.compile(r"\$?([A-Z]{1,3})\$?([0-9]{1,7})")
MAX_COLUMN = 16_384  # XFD, Excel's last column

NOT_XLSX = "不是 .xlsx 文件：请用 Excel 或 WPS 另存为“Excel 工作簿（*.xlsx）”后上传。"


@dataclass
class WorkbookFacts:
    """What the scan learnt on the way, so that readers need not look again."""

    sheet_names: dict[str, str] = field(default_factory=dict)  # part name → sheet name (when known)
    # sheet name → (row, column) of each formula saved without its value
    uncached_formulas: dict[str, set[tuple[int, int]]] = field(default_factory=dict)


def check_workbook(data: bytes, limits: Limits | None = None) -> WorkbookFacts:
    """Refuse (ImportFileError, a Chinese reason) anything openpyxl could not read cheaply; else the facts."""
    limits = limits or Limits()
    if data.startswith(OLE_MAGIC):
        raise ImportFileError("文件设有打开密码（已加密）或是旧版 .xls：请在 Excel 或 WPS 中取消密码，"
                              "另存为“Excel 工作簿（*.xlsx）”后上传。")
    if not data.startswith(b"PK\x03\x04"):
        raise ImportFileError(NOT_XLSX)
    archive, members = open_package(data, limits)
    with archive:
        return _WorkbookScan(archive, members, limits).run()


class _WorkbookScan(Scan):
    """One pass over the XML parts: content types, workbook and its relations, shared strings, styles, the rest."""

    def __init__(self, archive: zipfile.ZipFile, members: dict[str, zipfile.ZipInfo], limits: Limits):
        super().__init__(archive, members, limits)
        self.facts = WorkbookFacts()
        self.overrides: dict[str, str] = {}  # part name → content type
        self.shared_strings = 0
        self.cell_styles: int | None = None  # <xf> in <cellXfs>, when the workbook has a styles part
        self.sheet_ids: dict[str, str] = {}  # r:id → sheet name (workbook.xml)
        self.targets: dict[str, str] = {}  # r:id → target (workbook.xml.rels)

    def run(self) -> WorkbookFacts:
        self.part(CONTENT_TYPES, _ContentTypes(self))
        workbook = next((name for name, ct in self.overrides.items() if ct.endswith(WORKBOOK_TYPES)),
                        "xl/workbook.xml")
        if workbook not in self.members:
            raise ImportFileError(f"{CORRUPT[:-1]}（缺少工作簿 {workbook}）。")
        folder, _, base = workbook.rpartition("/")
        rels = f"{folder}/_rels/{base}.rels" if folder else f"_rels/{base}.rels"
        done = {CONTENT_TYPES, workbook, rels}
        if rels in self.members:
            self.part(rels, _Relations(self))
        self.part(workbook, _Workbook(self))
        self.facts.sheet_names = {_join(folder, target): self.sheet_ids[rid]
                                  for rid, target in self.targets.items() if rid in self.sheet_ids}
        for content_type, handler in ((SHARED_STRINGS_TYPE, _SharedStrings), (STYLES_TYPE, _Styles)):
            part = next((name for name, ct in self.overrides.items() if ct.endswith(content_type)), None)
            if part is not None and part in self.members and part not in done:
                self.part(part, handler(self))
                done.add(part)
        for name in self.members:
            if name not in done and name.endswith(XML_SUFFIXES):
                is_sheet = self.overrides.get(name, "").endswith(SHEET_TYPE) or name in self.facts.sheet_names
                self.part(name, _Sheet(self, name) if is_sheet else Handler(self))
        return self.facts

def _join(folder: str, target: str) -> str:
    """A relationship target as a part name: relative to the workbook's folder, or absolute from the root."""
    if target.startswith("/"):
        return target[1:]
    parts = (folder.split("/") if folder else []) + target.split("/")
    out: list[str] = []
    for p in parts:
        if p == "..":
            out = out[:-1]
        elif p not in ("", "."):
            out.append(p)
    return "/".join(out)


class _ContentTypes(Handler):
    def start(self, local: str, attrs: dict) -> None:
        if local == "Override" and "PartName" in attrs:
            self.scan.overrides[attrs["PartName"].lstrip("/")] = attrs.get("ContentType", "")


class _Relations(Handler):
    def start(self, local: str, attrs: dict) -> None:
        if local == "Relationship" and "Id" in attrs and "Target" in attrs:
            self.scan.targets[attrs["Id"]] = attrs["Target"]


class _Workbook(Handler):
    def start(self, local: str, attrs: dict) -> None:
        if local == "sheet":
            rid = next((v for k, v in attrs.items() if k.endswith("}id")), None)
            if rid is not None:
                self.scan.sheet_ids[rid] = attrs.get("name", "")


class _SharedStrings(Handler):
    """Counts the strings (<si>) and the characters of each, runs included."""

    def __init__(self, scan: _WorkbookScan):
        super().__init__(scan)
        self.text_limit = self.limits.max_cell_chars
        self.si_chars = 0

    def start(self, local: str, attrs: dict) -> None:
        if local == "si":
            self.scan.shared_strings += 1
            self.si_chars = 0
            if self.scan.shared_strings > self.limits.max_shared_strings:
                raise ImportFileError(f"共享字符串超过 {self.limits.max_shared_strings:,} 个的上限，不像一份责任清单，"
                                      "请拆分后导入。")

    def chars(self, data: str) -> None:
        self.si_chars += len(data)
        if self.si_chars > self.limits.max_cell_chars:
            self.too_long()

    def too_long(self) -> None:
        raise ImportFileError(f"有单元格超过 {self.limits.max_cell_chars:,} 个字符（Excel 的上限），请检查后重新保存。")


class _Styles(Handler):
    """The style tables: a cell format (<xf>) may only refer to fonts, fills, borders and formats that exist,
    and cells may only refer to cell formats that exist (openpyxl prints, then fails, on a missing one)."""

    TABLES = {"fonts": "font", "fills": "fill", "borders": "border", "cellStyleXfs": "xf", "cellXfs": "xf"}
    REFERENCES = {"fontId": "fonts", "fillId": "fills", "borderId": "borders", "xfId": "cellStyleXfs"}

    def __init__(self, scan: _WorkbookScan):
        super().__init__(scan)
        self.counts = dict.fromkeys(self.TABLES, 0)
        self.table: str | None = None
        scan.cell_styles = 0

    def start(self, local: str, attrs: dict) -> None:
        if local in self.TABLES:
            self.table = local
        elif self.table is not None and local == self.TABLES[self.table]:
            self.counts[self.table] += 1
            if local == "xf":
                self._check_references(attrs)

    def end(self, local: str) -> None:
        if local == self.table:
            self.table = None
            self.scan.cell_styles = self.counts["cellXfs"]

    def _check_references(self, attrs: dict) -> None:
        for attribute, table in self.REFERENCES.items():
            if attribute in attrs and (table != "cellStyleXfs" or self.table == "cellXfs"):
                value = attrs[attribute].strip()
                if not DIGITS.fullmatch(value) or int(value) >= max(self.counts[table], 1):
                    raise ImportFileError(f"文件已损坏：样式表中的 {attribute}“{value[:20]}”不存在。")


@dataclass
class _Cell:
    address: str
    kind: str  # the t attribute: n, s, b, str, inlineStr, e, d
    row: int
    column: int
    formula: bool = False
    cached: bool = False  # a non-empty <v>: the value Excel/WPS saved with a formula


class _Sheet(Handler):
    """A worksheet: row numbers, cell addresses and values, shared-string indexes, merges; and the formulas
    saved without their value (which a reader of cached values would take for blanks)."""

    def __init__(self, scan: _WorkbookScan, name: str):
        super().__init__(scan)
        self.text_limit = self.limits.max_cell_chars
        self.sheet = scan.facts.sheet_names.get(name, name)
        self.where = f"工作表“{self.sheet}”"
        self.row = 0
        self.column = 0
        self.cell: _Cell | None = None  # the open <c>
        self.value: tuple[_Cell, list[str]] | None = None  # the open <v>: its cell, its text

    def start(self, local: str, attrs: dict) -> None:
        if local == "row":
            self.row = self._number(attrs["r"], "行号") if "r" in attrs else self.row + 1
            self.column = 0
            self._check_row(self.row)
        elif local == "c":
            self._open_cell(attrs)
        elif local == "v" and self.cell is not None:
            self.value = (self.cell, [])
        elif local == "f" and self.cell is not None:
            self.cell.formula = True
        elif local == "mergeCell":
            self._merge(attrs.get("ref", ""))

    def end(self, local: str) -> None:
        if local == "v" and self.value is not None:
            cell, parts = self.value
            text = "".join(parts)
            self._check_value(cell, text)
            cell.cached = cell.cached or bool(text)
            self.value = None
        elif local == "c" and self.cell is not None:
            if self.cell.formula and not self.cell.cached:
                self.scan.facts.uncached_formulas.setdefault(self.sheet, set()).add((self.cell.row, self.cell.column))
            self.cell = None

    def chars(self, data: str) -> None:
        if self.value is not None:
            self.value[1].append(data)

    def too_long(self) -> None:
        address = self.cell.address if self.cell else f"第 {self.row} 行"
        raise ImportFileError(f"{self.where} {address} 超过 {self.limits.max_cell_chars:,} 个字符（Excel 的上限），"
                              "请检查后重新保存。")

    def _open_cell(self, attrs: dict) -> None:
        if "r" in attrs:
            row, self.column = self._address(attrs["r"])
            self._check_row(row)
        else:
            self.column += 1
            row = self.row
        self.cell = _Cell(attrs.get("r") or f"第 {row} 行第 {self.column} 列", attrs.get("t", "n"), row, self.column)
        self.scan.count_cells(1, self.where)
        if "s" in attrs and self.scan.cell_styles is not None:
            style = attrs["s"].strip()
            if not DIGITS.fullmatch(style) or int(style) >= max(self.scan.cell_styles, 1):
                raise ImportFileError(f"文件已损坏：{self.where} {self.cell.address} 引用的单元格格式“{style[:20]}”不存在。")

    def _check_row(self, row: int) -> None:
        if row > self.limits.max_rows:
            raise ImportFileError(f"{self.where}超过 {self.limits.max_rows:,} 行的上限（第 {row:,} 行），请拆分后导入。")

    def _check_value(self, cell: _Cell, text: str) -> None:
        address, kind, text = cell.address, cell.kind, text.strip()
        if kind == "s":
            if not DIGITS.fullmatch(text) or int(text) >= self.scan.shared_strings:
                raise ImportFileError(f"文件已损坏：{self.where} {address} 引用的共享字符串“{text[:20]}”不存在。")
        elif kind == "n" and text:
            try:
                if len(text) > 100:
                    raise ValueError(text)
                float(text)
            except ValueError:
                raise ImportFileError(f"文件已损坏：{self.where} {address} 的数值“{text[:20]}”无效。") from None
        elif kind == "b" and text not in ("0", "1"):
            raise ImportFileError(f"文件已损坏：{self.where} {address} 的逻辑值“{text[:20]}”无效。")

    def _merge(self, ref: str) -> None:
        first, _, last = ref.partition(":")
        (r1, c1), (r2, c2) = self._address(first), self._address(last or first)
        self._check_row(max(r1, r2))
        self.scan.count_cells((abs(r2 - r1) + 1) * (abs(c2 - c1) + 1), self.where)

    def _address(self, ref: str) -> tuple[int, int]:
        match = CELL_REF.fullmatch(ref)
        if match is None:
            raise ImportFileError(f"文件已损坏：{self.where} 的单元格地址“{ref[:20]}”无效。")
        column = 0
        for ch in match[1]:
            column = column * 26 + ord(ch) - 64
        row = int(match[2])
        if not 1 <= column <= MAX_COLUMN or row < 1:
            raise ImportFileError(f"文件已损坏：{self.where} 的单元格地址“{ref[:20]}”无效。")
        return row, column

    def _number(self, text: str, what: str) -> int:
        if not DIGITS.fullmatch(text.strip()) or int(text) < 1:
            raise ImportFileError(f"文件已损坏：{self.where} 的{what}“{text[:20]}”无效。")
        return int(text)
