"""What a file is, judged by its content (magic bytes), never by its name."""
import struct
import zipfile
from collections.abc import Iterator
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
# PowerPoint 97–2003 keeps its VBA project inside the "PowerPoint Document" stream, not in a storage: the document
# container holds a VBAInfoContainer (RT_VbaInfo) whose VBAInfoAtom points at the compressed project ([MS-PPT])
PPT_STREAM = "PowerPoint Document"
RT_VBA_INFO, RT_VBA_INFO_ATOM = 0x03FF, 0x0400
# the two headers exactly as PowerPoint writes them, also looked for off the record grid: PowerPoint finds its
# records through the persist directory, so a container hidden inside a bogus record's length escapes a walk
VBA_HEADERS = (bytes.fromhex("1F00FF0314000000"), bytes.fromhex("020000040C000000"))
# bounds on hostile input: a stream above the evidence cap (50 MB) or a tree of more records is not checked
# but refused; real decks hold a few thousand records per hundred slides
PPT_MAX_BYTES = 64 * 2**20
PPT_MAX_RECORDS = 500_000
_RECORD_HEADER = struct.Struct("<HHI")  # recVer (low 4 bits) + recInstance, recType, recLen
_CONTAINER = 0xF
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


def ppt_records(data: bytes, max_records: int = PPT_MAX_RECORDS) -> Iterator[tuple[int, int]]:
    """(recType, depth) of each record of a PowerPoint Document stream, in order, descending into containers
    (recVer 0xF); at most `max_records`. A length past its parent's end is cut to it and every record moves
    forward by its 8-byte header at least, so hostile lengths, nesting and loops end with bounded work."""
    ends, pos, walked = [len(data)], 0, 0
    while ends and walked < max_records:
        if pos + _RECORD_HEADER.size > ends[-1]:
            pos = ends.pop()  # the container (or the stream) is done; a tail too short for a header is skipped
            continue
        version, rec_type, length = _RECORD_HEADER.unpack_from(data, pos)
        end = min(pos + _RECORD_HEADER.size + length, ends[-1])
        yield rec_type, len(ends) - 1
        walked += 1
        if version & 0xF == _CONTAINER:
            ends.append(end)
            pos += _RECORD_HEADER.size
        else:
            pos = end


def ppt_has_vba(data: bytes) -> bool | None:
    """True when a PowerPoint Document stream holds a VBA project reference, False when it holds none, None when
    it is too large or has too many records to tell."""
    if len(data) > PPT_MAX_BYTES:
        return None
    if any(header in data for header in VBA_HEADERS):
        return True
    walked = 0
    for rec_type, _depth in ppt_records(data):
        if rec_type in (RT_VBA_INFO, RT_VBA_INFO_ATOM):
            return True
        walked += 1
    return None if walked >= PPT_MAX_RECORDS else False


def _ppt_checked(ole: olefile.OleFileIO) -> str:
    """ppt when its main stream carries no VBA project; MacroRefused when it does; "" when it cannot be told."""
    if ole.get_size(PPT_STREAM) > PPT_MAX_BYTES:
        return ""
    with ole.openstream(PPT_STREAM) as stream:
        verdict = ppt_has_vba(stream.read(PPT_MAX_BYTES + 1))
    if verdict:
        raise MacroRefused(MACRO_MESSAGE)
    return "" if verdict is None else "ppt"


def _ole2_kind(path: Path) -> str:
    """doc / xls / ppt when the OLE2 directory holds that kind's main stream, else "" (an .msi, junk after the
    header, a damaged directory); MacroRefused when it carries a VBA project (a storage, or in a .ppt a record of
    its main stream)."""
    try:
        with olefile.OleFileIO(str(path)) as ole:
            entries = ole.listdir(streams=True, storages=True)
            if any(part.lower() in OLE2_MACRO_NAMES for entry in entries for part in entry):
                raise MacroRefused(MACRO_MESSAGE)
            top = {entry[0].lower() for entry in entries if len(entry) == 1}
            kind = next((kind for kind, stream in OLE2_STREAMS if stream in top), "")
            return _ppt_checked(ole) if kind == "ppt" else kind
    except MacroRefused:
        raise
    except Exception:  # noqa: BLE001 — olefile raises several kinds on a damaged directory: none is a document
        return ""


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
