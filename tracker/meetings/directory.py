"""The body's directory (成员单位及联络员名单) as plain rows and as a workbook — in the import's own columns
(成员单位 | 职责 | 联络员 | 职务 | 电话 | 邮箱, a unit's cells merged over its liaisons), so it imports back."""
from dataclasses import dataclass, field
from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from tracker.meetings.member_import import LABELS
from tracker.meetings.models import Member
from tracker.xlsx.cells import write_cell, write_row

HEADER = tuple(LABELS[f] for f in ("unit", "duty", "liaison", "post", "phone", "email"))


@dataclass
class DirectoryEntry:
    unit: str
    duty: str
    liaisons: list[tuple[str, str, str, str]] = field(default_factory=list)  # current: name, post, phone, email


def directory_entries(members: list[Member]) -> list[DirectoryEntry]:
    return [DirectoryEntry(m.unit.name, m.duty, [(li.name, li.post, li.phone, li.email) for li in m.current_liaisons])
            for m in members]


def directory_workbook(title: str, entries: list[DirectoryEntry]) -> bytes:
    """A pure function of the entries: title row, header, one row per liaison (a member without one: one row)."""
    wb = Workbook()
    ws = wb.active
    ws.title = "成员单位"
    write_cell(ws, 1, 1, f"{title}成员单位及联络员名单").font = Font(bold=True, size=14)
    write_row(ws, 2, HEADER)
    row = 3
    for e in entries:
        people = e.liaisons or [("", "", "", "")]
        for i, person in enumerate(people):
            write_row(ws, row + i, (e.unit if i == 0 else None, e.duty if i == 0 else None, *person))
        if len(people) > 1:
            ws.merge_cells(start_row=row, start_column=1, end_row=row + len(people) - 1, end_column=1)
            ws.merge_cells(start_row=row, start_column=2, end_row=row + len(people) - 1, end_column=2)
        ws.cell(row, 2).alignment = Alignment(wrap_text=True, vertical="top")
        row += len(people)
    for column, width in zip("ABCDEF", (24, 60, 12, 16, 18, 26), strict=True):
        ws.column_dimensions[column].width = width
    ws.print_title_rows = "2:2"
    ws.page_setup.orientation = "landscape"
    buf = BytesIO()
    wb.save(buf)
    return buf.getvalue()
