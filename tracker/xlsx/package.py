"""Streaming checks for an uploaded Office Open XML package (.xlsx, .docx) before a library builds it in memory.

Each XML part is fed through expat in 64 KB chunks with byte, count and length caps, and the scan stops at the
first breach with a Chinese reason (`ImportFileError`, exit 2): a damaged zip or deflate stream, an encrypted or
unsupported part, XML that is not well-formed, any DOCTYPE or ENTITY (external entities, entity expansion), too
many parts, elements or characters. The workbook-specific checks are in guard.py; a Word document's tables are
checked here (`check_document`).
"""
import io
import re
import zipfile
import zlib
from dataclasses import dataclass
from xml.parsers import expat

from tracker.xlsx.reading import ImportFileError

MB = 1024 * 1024
XML_SUFFIXES = (".xml", ".rels")
CONTENT_TYPES = "[Content_Types].xml"
DIGITS = re.compile(r"[0-9]{1,10}")  # a longer number is no row or index (and int() would refuse it)
MAX_WORD_SPAN = 64  # Word tables have at most 63 columns
CORRUPT = "文件已损坏或不是有效的 .xlsx 工作簿：请在 Excel 或 WPS 中打开并另存为 .xlsx 后重新上传。"
CORRUPT_DOCX = "文件已损坏或不是有效的 Word 文档（.docx）：请在 Word 或 WPS 中打开并另存后重新上传。"


@dataclass(frozen=True)
class Limits:
    """How much an uploaded workbook may hold. A 5,000-row list is a few MB of XML and ~30,000 cells."""

    max_rows: int = 5_010  # the highest row number in any sheet (data rows + title and header rows)
    max_cells: int = 100_000  # cells (empty formatted ones too) and cells covered by merges, over all sheets
    max_cell_chars: int = 32_767  # Excel's own limit for one cell
    max_shared_strings: int = 100_000
    max_xml_bytes: int = 32 * MB  # all XML parts unpacked
    max_unpacked_bytes: int = 200 * MB  # every part unpacked (pictures included)
    max_members: int = 2_000  # parts in the zip
    max_elements: int = 3_000_000  # XML elements over all parts
    max_text_chars: int = MB  # any other text node or attribute (a chart title, a property)


def open_package(data: bytes, limits: Limits, corrupt: str = CORRUPT) -> tuple[zipfile.ZipFile, dict]:
    """The zip and its members by name, once the directory passed `check_members`; else ImportFileError."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError, NotImplementedError) as exc:
        raise ImportFileError(corrupt) from exc  # NotImplementedError: "zip file version 16.7" and the like
    try:
        return archive, check_members(archive.infolist(), limits, corrupt)
    except ImportFileError:
        archive.close()
        raise


def check_members(infos: list[zipfile.ZipInfo], limits: Limits, corrupt: str = CORRUPT) -> dict[str, zipfile.ZipInfo]:
    """Parts, encryption, compression methods and unpacked sizes, from the zip directory (nothing inflated)."""
    if len(infos) > limits.max_members:
        raise ImportFileError(f"文件包含 {len(infos)} 个部件，超过 {limits.max_members} 个的上限，不像一份工作簿。")
    for info in infos:
        if info.flag_bits & 0x41:  # bit 0: encrypted, bit 6: strong encryption
            raise ImportFileError(f"文件中的“{info.filename}”已加密：请取消密码后另存为 .xlsx 再上传。")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise ImportFileError(f"文件中的“{info.filename}”使用了不支持的压缩方式（{info.compress_type}）："
                                  "请在 Excel 或 WPS 中打开并另存为 .xlsx 后上传。")
    if sum(i.file_size for i in infos) > limits.max_unpacked_bytes:
        raise ImportFileError(f"文件解压后超过 {limits.max_unpacked_bytes // MB} MB，不像一份责任清单，请检查后重新保存。")
    if sum(i.file_size for i in infos if i.filename.endswith(XML_SUFFIXES)) > limits.max_xml_bytes:
        raise ImportFileError(f"工作表内容解压后超过 {limits.max_xml_bytes // MB} MB，不像一份责任清单，请拆分后导入。")
    members = {i.filename: i for i in infos}
    if CONTENT_TYPES not in members:
        raise ImportFileError(f"{corrupt[:-1]}（缺少 {CONTENT_TYPES}）。")
    return members


class Scan:
    """Counters shared by the handlers of one package, and the streaming of one part through a handler."""

    def __init__(self, archive: zipfile.ZipFile, members: dict[str, zipfile.ZipInfo], limits: Limits):
        self.archive, self.members, self.limits = archive, members, limits
        self.elements = 0
        self.cells = 0

    def part(self, name: str, handler: "Handler") -> None:
        parser = handler.parser()
        try:
            with self.archive.open(self.members[name]) as stream:
                while chunk := stream.read(64 * 1024):
                    parser.Parse(chunk, False)
                parser.Parse(b"", True)
        except expat.ExpatError as exc:
            raise ImportFileError(f"文件已损坏：“{name}”不是有效的 XML（第 {exc.lineno} 行）。") from exc
        except (LookupError, UnicodeError) as exc:  # an encoding declaration Python does not know
            raise ImportFileError(f"文件已损坏：“{name}”的字符编码无法识别。") from exc
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, NotImplementedError) as exc:
            raise ImportFileError(f"文件已损坏：“{name}”无法解压。") from exc

    def count_element(self) -> None:
        self.elements += 1
        if self.elements > self.limits.max_elements:
            raise ImportFileError(f"文件包含的 XML 元素超过 {self.limits.max_elements:,} 个，不像一份责任清单。")

    def count_cells(self, n: int, where: str) -> None:
        self.cells += n
        if self.cells > self.limits.max_cells:
            raise ImportFileError(f"{where}：单元格（含合并单元格）超过 {self.limits.max_cells:,} 个的上限，请拆分后导入。")


class Handler:
    """Any XML part: well-formed, no DTD or entity, bounded element count, text and attribute lengths."""

    def __init__(self, scan: Scan):
        self.scan, self.limits = scan, scan.limits
        self.text = 0  # characters of the current text run
        self.text_limit = self.limits.max_text_chars

    def parser(self):
        p = expat.ParserCreate(namespace_separator="}")
        p.buffer_text = True
        p.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
        p.StartDoctypeDeclHandler = self._doctype
        p.EntityDeclHandler = self._doctype
        p.StartElementHandler = self._start
        p.EndElementHandler = self._end
        p.CharacterDataHandler = self._chars
        return p

    def _doctype(self, *args) -> None:
        raise ImportFileError("文件包含 XML 文档类型或实体声明（DOCTYPE / ENTITY），出于安全原因拒绝读取。")

    def _start(self, name: str, attrs: dict) -> None:
        self.scan.count_element()
        for value in attrs.values():
            if len(value) > self.limits.max_text_chars:
                raise ImportFileError(f"文件中有超过 {self.limits.max_text_chars:,} 字符的属性值，不像一份责任清单。")
        self.text = 0
        self.start(name[name.rfind("}") + 1:], attrs)

    def _end(self, name: str) -> None:
        self.end(name[name.rfind("}") + 1:])
        self.text = 0

    def _chars(self, data: str) -> None:
        self.text += len(data)
        if self.text > self.text_limit:
            self.too_long()
        self.chars(data)

    def too_long(self) -> None:
        raise ImportFileError(f"文件中有超过 {self.text_limit:,} 字符的文本，不像一份责任清单。")

    def start(self, local: str, attrs: dict) -> None:
        pass

    def end(self, local: str) -> None:
        pass

    def chars(self, data: str) -> None:
        pass




# --- .docx ---------------------------------------------------------------------------------------------------

def check_document(data: bytes, limits: Limits) -> None:
    """A Word document whose parts pass the scan and whose tables stay within the caps; else ImportFileError."""
    archive, members = open_package(data, limits, CORRUPT_DOCX)
    with archive:
        scan = Scan(archive, members, limits)
        for name in members:
            if name.endswith(XML_SUFFIXES):
                scan.part(name, _WordTables(scan) if name == "word/document.xml" else Handler(scan))


class _WordTables(Handler):
    """word/document.xml: rows per table, cells (spans included) over all tables, characters per cell."""

    def __init__(self, scan: Scan):
        super().__init__(scan)
        self.rows: list[int] = []  # rows of each open table (tables nest)
        self.cell_chars: int | None = None

    def start(self, local: str, attrs: dict) -> None:
        if local == "tbl":
            self.rows.append(0)
        elif local == "tr" and self.rows:
            self.rows[-1] += 1
            if self.rows[-1] > self.limits.max_rows:
                raise ImportFileError(f"Word 文档中的表格超过 {self.limits.max_rows:,} 行的上限，请拆分后导入。")
        elif local == "tc":
            self.cell_chars = 0
            self.scan.count_cells(1, "Word 文档中的表格")
        elif local in ("gridSpan", "gridBefore", "gridAfter"):
            value = next((v for k, v in attrs.items() if k.endswith("}val")), "1").strip()
            if not DIGITS.fullmatch(value) or int(value) > MAX_WORD_SPAN:
                raise ImportFileError(f"文件已损坏：Word 表格的合并列数“{value[:20]}”无效。")
            self.scan.count_cells(int(value), "Word 文档中的表格")

    def end(self, local: str) -> None:
        if local == "tbl" and self.rows:
            self.rows.pop()
        elif local == "tc":
            self.cell_chars = None

    def chars(self, data: str) -> None:
        if self.cell_chars is not None:
            self.cell_chars += len(data)
            if self.cell_chars > self.limits.max_cell_chars:
                raise ImportFileError(f"Word 表格中有单元格超过 {self.limits.max_cell_chars:,} 个字符，请检查后重新保存。")
