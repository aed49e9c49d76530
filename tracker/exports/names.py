"""File and folder names that survive unzipping on Windows: no reserved characters or names, bounded length,
duplicates numbered (Windows compares names without regard to case)."""
import re
import unicodedata

# < > : " / \ | ? * and control characters are refused by Windows; # and % confuse hyperlinks
_FORBIDDEN = re.compile(r'[<>:"/\\|?*#%\x00-\x1f\x7f]')
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}
COMPONENT_MAX = 80


def safe_name(name: str, limit: int = COMPONENT_MAX, fallback: str = "未命名") -> str:
    """One path component made safe for Windows: the extension is kept when the name is shortened."""
    name = unicodedata.normalize("NFC", name or "")
    name = _FORBIDDEN.sub("_", name)
    name = " ".join(name.split()).strip(" .")
    if not name:
        name = fallback
    stem, dot, ext = name.rpartition(".")
    if not dot or not stem or len(ext) > 10:
        stem, dot, ext = name, "", ""
    if stem.split(".")[0].upper() in _RESERVED:
        stem = "_" + stem
    room = max(1, limit - len(dot + ext))
    return stem[:room].rstrip(" .") + dot + ext


def shorten(text: str, limit: int) -> str:
    """A title cut to `limit` characters for a folder name (the full title is in the catalogues)."""
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


class UniqueNames:
    """Hands out names unique within each folder: 报告.pdf, 报告 (2).pdf, 报告 (3).pdf …"""

    def __init__(self):
        self._taken: set[str] = set()

    def claim(self, folder: str, name: str) -> str:
        stem, dot, ext = name.rpartition(".")
        if not dot:
            stem, ext = name, ""
        candidate, n = name, 1
        while f"{folder}/{candidate}".casefold() in self._taken:
            n += 1
            candidate = f"{stem} ({n}){dot}{ext}"
        self._taken.add(f"{folder}/{candidate}".casefold())
        return candidate
