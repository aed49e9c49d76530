"""What a file is, judged by its content (magic bytes), never by its name."""
import zipfile
from pathlib import Path

import filetype
import olefile

from tracker.errors import Refusal

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "doc": "application/msword",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xls": "application/vnd.ms-excel",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ppt": "application/vnd.ms-powerpoint",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "jpg": "image/jpeg",
    "png": "image/png",
    "zip": "application/zip",
}
ALLOWED_KINDS = tuple(CONTENT_TYPES)
PREVIEWABLE = ("pdf", "jpg", "png")
# the extensions a user may give each kind; a name with another known extension is a disguised file
EXTENSIONS = {kind: {kind} for kind in ALLOWED_KINDS} | {"jpg": {"jpg", "jpeg"}}
OLE2_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
# the stream an old Office file of each kind holds at the top of its OLE2 directory (an .msi or any other
# compound file has none of them)
OLE2_STREAMS = (("doc", "worddocument"), ("xls", "workbook"), ("xls", "book"), ("ppt", "powerpoint document"))
# storages and parts that carry a VBA project: macros run when a reviewer opens the file
OLE2_MACRO_NAMES = {"macros", "vba", "_vba_project_cur", "_vba_project"}
OOXML_MACRO_PART = "vbaproject.bin"
OOXML_PARTS = (("docx", "word/"), ("xlsx", "xl/"), ("pptx", "ppt/"))
MACRO_MESSAGE = ("含有宏（VBA 代码），为安全起见不予接收：请在 Office / WPS 中另存为不含宏的 .docx / .xlsx / .pptx "
                 "或 PDF 后再上传。")


class MacroRefused(Refusal):
    """An Office file carrying macros: refused, with what to do instead."""


def _ooxml_kind(path: Path) -> str:
    try:
        with zipfile.ZipFile(path) as zf:
            names = zf.namelist()
    except (zipfile.BadZipFile, OSError):
        return ""
    if "[Content_Types].xml" in names:
        if any(n.lower().rsplit("/", 1)[-1] == OOXML_MACRO_PART for n in names):
            raise MacroRefused(MACRO_MESSAGE)
        for kind, prefix in OOXML_PARTS:
            if any(n.startswith(prefix) for n in names):
                return kind
    return "zip"


def _ole2_kind(path: Path) -> str:
    """doc / xls / ppt when the OLE2 directory holds that kind's main stream, else "" (an .msi, junk after the
    header, a damaged directory); MacroRefused when it carries a VBA project."""
    try:
        with olefile.OleFileIO(str(path)) as ole:
            entries = ole.listdir(streams=True, storages=True)
    except Exception:  # noqa: BLE001 — olefile raises several kinds on a damaged directory: none is a document
        return ""
    if any(part.lower() in OLE2_MACRO_NAMES for entry in entries for part in entry):
        raise MacroRefused(MACRO_MESSAGE)
    top = {entry[0].lower() for entry in entries if len(entry) == 1}
    return next((kind for kind, stream in OLE2_STREAMS if stream in top), "")


def detect_kind(path: Path, filename: str) -> str:  # noqa: ARG001 — the name never decides the kind
    """The kind (pdf, docx, jpg …) of the file at `path`, or "" if it is none we accept; MacroRefused for an
    Office file carrying macros."""
    with path.open("rb") as fh:
        head = fh.read(8192)
    if head.startswith(OLE2_MAGIC):
        return _ole2_kind(path)
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return _ooxml_kind(path)
    guess = filetype.guess_extension(head)
    return guess if guess in ("pdf", "jpg", "png") else ""


def extension(filename: str) -> str:
    return filename.rsplit(".", 1)[-1].lower() if "." in filename else ""


def name_matches(kind: str, filename: str) -> bool:
    """A name without an extension is fine; one with an extension must agree with the content."""
    ext = extension(filename)
    return not ext or ext in EXTENSIONS[kind]
