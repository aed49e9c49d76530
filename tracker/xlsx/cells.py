"""Safe spreadsheet cells (OWASP CSV / formula injection).

A text cell beginning with = + - @, a tab or a carriage return may be taken for a formula by Excel, WPS or
LibreOffice — when opened, when re-typed, or once the sheet is saved as CSV. `safe_text` prefixes such text
with a single quote, the OWASP recommendation, so it stays inert in every writer (openpyxl normal or write-only,
csv). Numbers, dates and None pass through with their types. Every export runs its text cells through it.

    from tracker.xlsx.cells import safe_row, safe_text
    ws.append(safe_row([title, unit_name, deadline]))
"""
from collections.abc import Iterable
from typing import Any

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

DANGEROUS_STARTS = ("=", "+", "-", "@", "\t", "\r")
MAX_CELL_CHARS = 32_000  # Excel refuses more than 32,767 characters in a cell


def is_dangerous(value: Any) -> bool:
    """True when `value` is text a spreadsheet could take for a formula."""
    return isinstance(value, str) and value.startswith(DANGEROUS_STARTS)


def safe_text(value: Any) -> Any:
    """`value` unchanged, unless it is text a spreadsheet could run: then "'" + value (shown as text).

    Text also loses the control characters an .xlsx cannot hold (pasted from Word) and is cut to Excel's limit.
    """
    if not isinstance(value, str):
        return value
    value = ILLEGAL_CHARACTERS_RE.sub("", value)[:MAX_CELL_CHARS]
    return "'" + value if is_dangerous(value) else value


def safe_row(values: Iterable[Any]) -> list[Any]:
    """`safe_text` applied to every value of a row."""
    return [safe_text(v) for v in values]
