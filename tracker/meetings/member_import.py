"""Importing a body's directory from a workbook: 成员单位 | 职责 | 联络员 | 职务 | 电话 | 邮箱.

An .xlsx, an .xls, the tables of a Word .docx or a pasted table, read as the responsibility list is
(tracker/documents/readers.py), under the same caps. One row per liaison; a unit's cells (成员单位, 职责) may
repeat on its rows or be merged over them. Units resolve as in the 责任清单 (units/resolver.py). Nothing is
written unless every row reads and every unit resolves (all or nothing); an unreadable file is ImportFileError
(exit 2). Members are matched by unit: a listed unit's duty is set (a blank 职责 keeps the one on record) and the
file's liaisons become its current ones — a liaison no longer listed ends today and stays in the history.
Members the file does not list are kept and named (`missing`), never removed.
"""
import re
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from openpyxl.utils import get_column_letter

from tracker.audit.services import record_event
from tracker.campaigns.models import Campaign
from tracker.documents.script import to_simplified
from tracker.documents.tables import (
    RowError,
    cell_text,
    check_row_cap,
    find_header,
    merge_tops,
    open_tables,
    synonym_field,
)
from tracker.extensions import db
from tracker.meetings.members import members_of
from tracker.meetings.models import Liaison, Member
from tracker.units.resolver import ResolvingPlan, UnitRef, Unresolved, resolve_any_script
from tracker.units.services import load_registry
from tracker.xlsx.reading import ImportFileError

# field → synonyms, checked in this order (联络员 before 单位: "联络员单位" is no header we know)
SYNONYMS = (
    ("email", ("邮箱", "电子邮件", "电子信箱", "email", "e-mail")),
    ("phone", ("电话", "手机", "联系方式")),
    ("post", ("职务", "职位")),
    ("liaison", ("联络员", "联系人", "姓名")),
    ("duty", ("职责", "职责分工", "分工")),
    ("unit", ("成员单位", "单位名称", "单位", "部门")),
)
LABELS = {"unit": "成员单位", "duty": "职责", "liaison": "联络员", "post": "职务", "phone": "电话", "email": "邮箱"}
REQUIRED = ("unit", "liaison")
MAX = {"liaison": 50, "post": 100, "phone": 50, "email": 200, "duty": 4000}
NOTE_PREFIXES = ("注", "备注", "说明")
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


@dataclass
class PlannedLiaison:
    row: int
    name: str
    post: str = ""
    phone: str = ""
    email: str = ""


@dataclass
class PlannedMember:
    row: int  # its first row
    text: str  # the 成员单位 cell as written
    duty: str = ""
    liaisons: list[PlannedLiaison] = field(default_factory=list)
    unit: UnitRef | None = None
    unresolved: list[Unresolved] = field(default_factory=list)
    effect: str = "new"  # new / update, against the body's members


@dataclass
class MemberSheet:
    """The directory as read (plain text cells), kept between the preview and 确认导入."""

    sheet: str
    columns: dict[str, int]
    rows: list[dict]  # {"row": n, "cells": {field: text}}


@dataclass
class MemberPlan(ResolvingPlan):
    sheet: str
    members: list[PlannedMember]
    errors: list[RowError]
    missing: list[str] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    written: bool = False

    @property
    def unresolved(self) -> list[tuple[int, Unresolved]]:
        return [(m.row, u) for m in self.members for u in m.unresolved]


# --- reading -------------------------------------------------------------------------------------------------

def _text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a phone number typed as a number: 13800000000.0 → 13800000000
    return cell_text(value)


def header_field(text: Any) -> str | None:
    return synonym_field(text, SYNONYMS)


def read_members(data: bytes, *, max_rows: int = 5000) -> MemberSheet:
    """The directory's rows as text. An .xlsx after the guard's scan, anything else through the documents
    readers, all under the same caps; ImportFileError (exit 2) for anything unreadable or without a header."""
    book, _ = open_tables(data, max_rows)
    for ws in book.worksheets:
        found = find_header(ws, header_field, REQUIRED)
        if found is None:
            continue
        header_row, columns = found
        check_row_cap(ws, header_row, max_rows)
        merged, rows = merge_tops(ws), []
        for r in range(header_row + 1, ws.max_row + 1):
            cells = {f: _text((merged[(r, c)] if (r, c) in merged else ws.cell(r, c)).value)
                     for f, c in columns.items()}
            if any(cells.values()):
                rows.append({"row": r, "cells": cells})
        return MemberSheet(ws.title, columns, rows)
    raise ImportFileError("未找到表头：前 10 行中应有“成员单位”“联络员”等列（成员单位 | 职责 | 联络员 | 职务 | 电话 | 邮箱）。")


def sheet_to_json(sheet: MemberSheet) -> dict:
    return asdict(sheet)


def sheet_from_json(data: dict) -> MemberSheet:
    return MemberSheet(data["sheet"], data["columns"], data["rows"])


# --- the plan ------------------------------------------------------------------------------------------------

class _Reader:
    """Groups rows by member unit and checks their cells, collecting every error with its cell."""

    def __init__(self, sheet: MemberSheet):
        self.sheet = sheet
        self.errors: list[RowError] = []
        self.members: dict[str, PlannedMember] = {}

    def error(self, row: int, name: str, message: str) -> None:
        column = self.sheet.columns.get(name)
        ref = f"{self.sheet.sheet}!{get_column_letter(column)}{row} " if column else ""
        self.errors.append(RowError(row, LABELS[name], f"{ref}{message}。"))

    def read(self, row: int, cells: dict[str, str]) -> None:
        text = " ".join(cells.get("unit", "").split())
        if not text:
            self.error(row, "unit", "成员单位为空（同一单位的各行请重复填写单位名称或合并单元格）")
            return
        if to_simplified(text).startswith(NOTE_PREFIXES) and not cells.get("liaison"):
            return
        member = self.members.get(text)
        if member is None:
            member = self.members[text] = PlannedMember(row, text)
        self._duty(member, row, cells.get("duty", ""))
        self._liaison(member, row, cells)

    def _duty(self, member: PlannedMember, row: int, duty: str) -> None:
        if not duty:
            return
        if len(duty) > MAX["duty"]:
            self.error(row, "duty", f"职责超过 {MAX['duty']} 字")
        elif not member.duty:
            member.duty = duty
        elif duty != member.duty:
            self.error(row, "duty", f"与第 {member.row} 行同一单位“{member.text}”的职责不一致")

    def _liaison(self, member: PlannedMember, row: int, cells: dict[str, str]) -> None:
        person = {f: cells.get(f, "") for f in ("liaison", "post", "phone", "email")}
        if not person["liaison"]:
            if any(person.values()):
                self.error(row, "liaison", "联络员姓名为空（职务、电话、邮箱应与联络员同行）")
            return
        for f, limit in MAX.items():
            if f in person and len(person[f]) > limit:
                self.error(row, f, f"{LABELS[f]}超过 {limit} 字")
                return
        if person["email"] and not EMAIL.fullmatch(person["email"]):
            self.error(row, "email", f"“{person['email']}”不是有效的邮箱地址")
            return
        if any(li.name == person["liaison"] for li in member.liaisons):
            self.error(row, "liaison", f"联络员“{person['liaison']}”在“{member.text}”下重复")
            return
        member.liaisons.append(PlannedLiaison(row, person["liaison"], person["post"], person["phone"],
                                              person["email"]))


def plan_sheet(campaign: Campaign, sheet: MemberSheet) -> MemberPlan:
    """Check a directory read earlier against the registry and the body, without writing anything."""
    reader = _Reader(sheet)
    for raw in sheet.rows:
        reader.read(raw["row"], raw["cells"])
    planned = list(reader.members.values())
    _resolve(planned, reader)
    existing = {m.unit_id: m for m in members_of(campaign)}
    listed = {p.unit.id for p in planned if p.unit}
    for p in planned:
        p.effect = "update" if p.unit and p.unit.id in existing else "new"
    missing = [m.unit.name for uid, m in existing.items() if uid not in listed]
    return MemberPlan(sheet.sheet, planned, sorted(reader.errors, key=lambda e: e.row), missing)


def _resolve(planned: list[PlannedMember], reader: _Reader) -> None:
    registry, seen = load_registry(), {}
    for p in planned:
        cell = resolve_any_script(registry, p.text)
        if cell.unresolved:
            p.unresolved = cell.unresolved
        elif len(cell.units) != 1:
            reader.error(p.row, "unit", f"“{p.text}”指 {len(cell.units)} 个单位：每行只写一个成员单位")
        elif cell.units[0].id in seen:
            reader.error(p.row, "unit", f"“{p.text}”与第 {seen[cell.units[0].id]} 行是同一单位")
        else:
            p.unit = cell.units[0]
            seen[p.unit.id] = p.row


def plan_members(campaign: Campaign, data: bytes, *, max_rows: int = 5000) -> MemberPlan:
    """Read and check a directory workbook without writing anything (ImportFileError for an unreadable file)."""
    return plan_sheet(campaign, read_members(data, max_rows=max_rows))


def import_members(campaign: Campaign, sheet: MemberSheet, *, today: date, dry_run: bool = False,
                   actor=None) -> MemberPlan:
    """Plan the import and, when it is clean and not a dry run, write it (flush only; the caller commits)."""
    plan = plan_sheet(campaign, sheet)
    if plan.ok and not dry_run:
        _apply(campaign, plan, today, actor)
    return plan


def _apply(campaign: Campaign, plan: MemberPlan, today: date, actor) -> None:
    existing = {m.unit_id: m for m in members_of(campaign)}
    for position, p in enumerate(plan.members, start=1):
        member = existing.get(p.unit.id)
        if member is None:
            member = Member(campaign_id=campaign.id, unit_id=p.unit.id, duty=p.duty, position=position)
            db.session.add(member)
            plan.created += 1
        else:
            member.position = position
            member.duty = p.duty or member.duty
            plan.updated += 1
        if p.liaisons:
            _set_liaisons(member, p.liaisons, today)
    db.session.flush()
    plan.written = True
    record_event(actor, "body.members.import", campaign,
                 f"导入成员单位：新增 {plan.created} 个，更新 {plan.updated} 个，表中已无 {len(plan.missing)} 个",
                 campaign_id=campaign.id)


def _set_liaisons(member: Member, listed: list[PlannedLiaison], today: date) -> None:
    """The file's liaisons are the current ones: the same name is updated, a new one starts today, one no
    longer listed ends today (its row stays: the history of who was liaison when)."""
    current = {li.name: li for li in member.liaisons if li.until is None}
    for p in listed:
        li = current.pop(p.name, None)
        if li is None:
            li = Liaison(name=p.name, since=today)
            member.liaisons.append(li)
        li.post, li.phone, li.email = p.post, p.phone, p.email
    for gone in current.values():
        gone.until = max(today, gone.since)


def plan_json(plan: MemberPlan) -> dict:
    """The --json shape of the issue: members (with their liaisons), unresolved texts, errors."""
    return {
        "members": [{"row": m.row, "unit": m.unit.name if m.unit else None, "duty": m.duty,
                     "liaisons": [{"name": li.name, "post": li.post, "phone": li.phone} for li in m.liaisons]}
                    for m in plan.members],
        "unresolved": [{"row": row, "text": u.text, "suggestions": u.suggestions} for row, u in plan.unresolved],
        "errors": [{"row": e.row, "column": e.column, "message": e.message} for e in plan.errors],
    }
