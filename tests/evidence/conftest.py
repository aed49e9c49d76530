import io
import struct
import zipfile

from tests.cfb import compound_file

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
PNG = bytes.fromhex("89504E470D0A1A0A0000000D49484452") + b"\x00" * 64
JPG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 64
EXE = b"MZ\x90\x00" + b"\x00" * 64


def ooxml(*parts: str) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        for part in parts:
            zf.writestr(part, "<x/>")
    return buf.getvalue()


def plain_zip() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("照片/说明.txt", "材料")
    return buf.getvalue()


def ole2(stream: str, storages: dict[str, list[str]] | None = None) -> bytes:
    """A real OLE2 compound file holding `stream` (and `storages`, e.g. a VBA project)."""
    return compound_file({stream: b"\x01" * 64}, storages)


# --- PowerPoint 97–2003 record streams ([MS-PPT] 2.3.1: recVer 4 bits, recInstance 12, recType 16, recLen 32)

RT_DOCUMENT, RT_DOCUMENT_ATOM, RT_LIST, RT_SLIDE, RT_USER_EDIT = 0x03E8, 0x03E9, 0x07D0, 0x03EE, 0x0FF5
RT_VBA_INFO, RT_VBA_INFO_ATOM, RT_EX_OLE_STG = 0x03FF, 0x0400, 0x1011


def atom(rec_type: int, body: bytes = b"", ver: int = 0, inst: int = 0, length: int | None = None) -> bytes:
    return struct.pack("<HHI", (inst << 4) | ver, rec_type, len(body) if length is None else length) + body


def container(rec_type: int, *children: bytes, inst: int = 0, length: int | None = None) -> bytes:
    return atom(rec_type, b"".join(children), ver=0xF, inst=inst, length=length)


def vba_info(inst: int = 1, atom_ver: int = 2) -> bytes:
    """VBAInfoContainer → VBAInfoAtom (persistIdRef 7, fHasMacros 1, version 2), as PowerPoint writes it."""
    return container(RT_VBA_INFO, atom(RT_VBA_INFO_ATOM, struct.pack("<III", 7, 1, 2), ver=atom_ver), inst=inst)


def document(*doc_info: bytes) -> bytes:
    """A DocumentContainer (its DocumentAtom and a DocInfoList holding `doc_info`), a slide, a UserEditAtom."""
    doc = container(RT_DOCUMENT, atom(RT_DOCUMENT_ATOM, b"\x00" * 40, ver=1), container(RT_LIST, *doc_info))
    return doc + container(RT_SLIDE, atom(0x03EF, b"\x00" * 24, ver=2)) + atom(RT_USER_EDIT, b"\x00" * 28)


def ppt(stream: bytes) -> bytes:
    """An old .ppt: a compound file holding Current User and this PowerPoint Document stream."""
    return compound_file({"Current User": b"\x00" * 20, "PowerPoint Document": stream})


def upload(client, assignment_id: int, *files, **form):
    """POST files [(name, bytes)] as the XHR would."""
    data = {"files": [(io.BytesIO(content), name) for name, content in files], **form}
    return client.post(f"/assignments/{assignment_id}/evidence", data=data, content_type="multipart/form-data",
                       headers={"X-Requested-With": "XMLHttpRequest"})
