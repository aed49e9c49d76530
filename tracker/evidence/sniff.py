"""What a file is, judged by its content (magic bytes), never by its name."""
import zipfile
from pathlib import Path

import filetype

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
# stream names inside an OLE2 compound file, as UTF-16LE
OLE2_STREAMS = (("doc", "WordDocument"), ("xls", "Workbook"), ("xls", "Book"), ("ppt", "PowerPoint Document"))
OOXML_PARTS = (("docx", "word/"), ("xlsx", "xl/"), ("pptx", "ppt/"))


def _ooxml_kind(path: Path) -> str:
    try:
        with zipfile.ZipFile(path) as zf:
            names = zf.namelist()
    except (zipfile.BadZipFile, OSError):
        return ""
    if "[Content_Types].xml" in names:
        for kind, prefix in OOXML_PARTS:
            if any(n.startswith(prefix) for n in names):
                return kind
    return "zip"


def _ole2_kind(path: Path, ext: str) -> str:
    data = path.read_bytes()
    for kind, stream in OLE2_STREAMS:
        if stream.encode("utf-16-le") in data:
            return kind
    # an old Office file whose directory we cannot read: trust the extension within the family
    return ext if ext in ("doc", "xls", "ppt") else ""


def detect_kind(path: Path, filename: str) -> str:
    """The kind (pdf, docx, jpg …) of the file at `path`, or "" if it is none we accept."""
    with path.open("rb") as fh:
        head = fh.read(8192)
    ext = extension(filename)
    if head.startswith(OLE2_MAGIC):
        return _ole2_kind(path, ext)
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
