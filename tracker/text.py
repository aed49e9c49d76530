"""Text as messages and histories quote it."""

ELLIPSIS = "…"


def clip(text: str, limit: int) -> str:
    """`text` cut to at most `limit` characters, with "…" when something was cut (a quoted title must not end
    mid-word as if that were all of it)."""
    text = text or ""
    return text if len(text) <= limit else text[:limit - 1].rstrip() + ELLIPSIS
