"""Page counts for the 卷内目录: PDFs and Office files where the file says so, else unknown (None)."""
import re
import zipfile
from pathlib import Path

_PDF_PAGE = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")
_OFFICE_PAGES = re.compile(rb"<(?:Pages|Slides)>(\d+)</(?:Pages|Slides)>")
PDF_SCAN_LIMIT = 200 * 1024 * 1024
CHUNK = 1024 * 1024


def count_pages(path: Path, kind: str) -> int | None:
    """Pages of a PDF (page objects), a .docx (Pages) or a .pptx (Slides); None when not knowable."""
    try:
        if kind == "pdf":
            return _pdf_pages(path)
        if kind in ("docx", "pptx"):
            return _office_pages(path)
    except (OSError, zipfile.BadZipFile, KeyError):
        return None
    return None


def _pdf_pages(path: Path) -> int | None:
    """Counts page objects while streaming the file: objects packed into compressed streams are not seen."""
    if path.stat().st_size > PDF_SCAN_LIMIT:
        return None
    count, tail = 0, b""
    with path.open("rb") as f:
        while chunk := f.read(CHUNK):
            data, last = tail + chunk, len(chunk) < CHUNK
            cut = len(data) if last else len(data) - 64  # a match may straddle chunks: the tail is rescanned
            count += sum(1 for m in _PDF_PAGE.finditer(data) if m.start() < cut)
            tail = data[cut:]
    return count or None


def _office_pages(path: Path) -> int | None:
    with zipfile.ZipFile(path) as zf:
        match = _OFFICE_PAGES.search(zf.read("docProps/app.xml"))
    return int(match.group(1)) if match else None
