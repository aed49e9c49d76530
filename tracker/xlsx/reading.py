"""Reading an uploaded spreadsheet (or a pasted table): the size cap while reading, and the one error for an
unreadable file."""
from tracker.errors import UsageError


class ImportFileError(UsageError):
    """The file cannot be read (exit 2 on the command line); the message is one Chinese line."""


def read_capped(stream, max_mb: int) -> bytes:
    """Read an upload stream, refusing more than max_mb megabytes."""
    limit = max_mb * 1024 * 1024
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise ImportFileError(f"文件超过 {max_mb} MB 的上限。")
    if not data:
        raise ImportFileError("请选择要上传的 .xlsx 文件。")
    return data


def read_file_or_paste(upload, pasted: str | None, max_mb: int) -> bytes | None:
    """An upload form's table: the chosen file's bytes, else the pasted table as UTF-8 text (the readers tell them
    apart by content), each refused over max_mb megabytes; None when neither was given."""
    if upload and getattr(upload, "filename", ""):
        return read_capped(upload.stream, max_mb)
    text = (pasted or "").strip()
    if not text:
        return None
    if len(text.encode()) > max_mb * 1024 * 1024:
        raise ImportFileError(f"粘贴的内容超过 {max_mb} MB 的上限。")
    return text.encode()
