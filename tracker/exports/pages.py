"""Page counts for the 卷内目录: PDFs and Office files where the file says so, else unknown (None).

An uploaded file is a unit's, not ours: every read is capped in bytes and time. A .docx whose docProps/app.xml
inflates to a gigabyte, a PDF of 200 MB or one that takes too long to scan, a damaged or encrypted zip — each
gives "unknown" (None), cheaply, and the package goes on.
"""
import re
import time
import zipfile
import zlib
from pathlib import Path

_PDF_PAGE = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")
_OFFICE_PAGES = re.compile(rb"<(?:\w+:)?(?:Pages|Slides)>\s*(\d{1,6})\s*</(?:\w+:)?(?:Pages|Slides)>")
PDF_SCAN_LIMIT = 200 * 1024 * 1024  # bytes of a PDF scanned at most
APP_XML_LIMIT = 1024 * 1024  # docProps/app.xml is a few KB; more is not a document's properties
TIME_BUDGET_S = 5.0  # per file
CHUNK = 1024 * 1024
UNREADABLE = (OSError, EOFError, zlib.error, zipfile.BadZipFile, KeyError, ValueError, RuntimeError,
              NotImplementedError)


def count_pages(path: Path, kind: str, *, budget_s: float = TIME_BUDGET_S) -> int | None:
    """Pages of a PDF (page objects), a .docx (Pages) or a .pptx (Slides); None when not knowable in budget."""
    try:
        if kind == "pdf":
            return _pdf_pages(path, time.monotonic() + budget_s)
        if kind in ("docx", "pptx"):
            return _office_pages(path)
    except UNREADABLE:
        return None
    return None


def _pdf_pages(path: Path, deadline: float) -> int | None:
    """Counts page objects while streaming the file: objects packed into compressed streams are not seen."""
    if path.stat().st_size > PDF_SCAN_LIMIT:
        return None
    count, tail = 0, b""
    with path.open("rb") as f:
        while chunk := f.read(CHUNK):
            if time.monotonic() > deadline:
                return None
            data, last = tail + chunk, len(chunk) < CHUNK
            cut = len(data) if last else len(data) - 64  # a match may straddle chunks: the tail is rescanned
            count += sum(1 for m in _PDF_PAGE.finditer(data) if m.start() < cut)
            tail = data[cut:]
    return count or None


def _office_pages(path: Path) -> int | None:
    """<Pages>/<Slides> of docProps/app.xml, read only if it is small, plain and unencrypted."""
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo("docProps/app.xml")
        if (info.file_size > APP_XML_LIMIT or info.flag_bits & 0x41
                or info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)):
            return None
        with zf.open(info) as part:  # zipfile stops at the declared size, so this read is bounded twice
            data = part.read(APP_XML_LIMIT + 1)
    if len(data) > APP_XML_LIMIT:
        return None
    match = _OFFICE_PAGES.search(data)
    if match is None or int(match.group(1)) == 0:
        return None
    return int(match.group(1))
