import io
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


def upload(client, assignment_id: int, *files, **form):
    """POST files [(name, bytes)] as the XHR would."""
    data = {"files": [(io.BytesIO(content), name) for name, content in files], **form}
    return client.post(f"/assignments/{assignment_id}/evidence", data=data, content_type="multipart/form-data",
                       headers={"X-Requested-With": "XMLHttpRequest"})
