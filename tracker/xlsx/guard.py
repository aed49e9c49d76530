"""Checks an uploaded .xlsx passes before openpyxl unpacks it: a small file must not expand into a huge one."""
import io
import zipfile

MAX_UNPACKED_BYTES = 200 * 1024 * 1024  # a 5,000-row list unpacks to a few MB; 200 MB is far beyond any real one


def unpacked_size_problem(data: bytes, limit: int = MAX_UNPACKED_BYTES) -> str | None:
    """A Chinese reason if the zip is unreadable or unpacks to more than `limit` bytes, else None."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            total = sum(info.file_size for info in z.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return "文件已损坏或不是有效的 .xlsx 工作簿。"
    if total > limit:
        return f"文件解压后超过 {limit // (1024 * 1024)} MB，不像一份责任清单，请检查后重新保存。"
    return None
