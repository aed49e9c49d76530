"""Importing indicators from a workbook: 指标 | 计量单位 | 方向 | 基线 | 目标值 | 目标日期 | 责任单位 (| 计算公式).

An .xlsx, an .xls, the tables of a Word .docx or a pasted table, read as the responsibility list is
(tracker/documents/readers.py).

One row per milestone; an indicator's own cells (name, measure, direction, baseline, units, formula) may repeat
on its rows or be merged over them. Units resolve as for the responsibility list (units/resolver.py). Nothing is
written unless every row reads and every unit resolves (all or nothing); an unreadable file is ImportFileError
(exit 2). Indicators are matched by name: an existing one is updated (its milestones replaced), none is deleted.
"""
import calendar
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
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
from tracker.indicators.definitions import (
    IndicatorSpec,
    campaign_indicators,
    formula_problem,
    save_indicator,
    spec_problems,
)
from tracker.indicators.status import Direction, as_json_number
from tracker.units.resolver import ResolvingPlan, UnitRef, Unresolved, resolve_any_script
from tracker.units.services import load_registry
from tracker.xlsx.reading import ImportFileError

# field → synonyms, checked in this order (目标日期 before 目标值, 责任单位 before 计量单位)
SYNONYMS = (
    ("formula", ("计算公式", "公式")),
    ("units", ("责任单位", "牵头单位", "责任部门", "报送单位")),
    ("date", ("目标日期", "目标时间", "完成时限", "时间节点", "日期")),
    ("target", ("目标值", "目标")),
    ("measure", ("计量单位", "单位")),
    ("direction", ("方向",)),
    ("baseline", ("基线", "基期", "现状")),
    ("name", ("指标名称", "指标")),
)
LABELS = {"name": "指标", "measure": "计量单位", "direction": "方向", "baseline": "基线", "target": "目标值",
          "date": "目标日期", "units": "责任单位", "formula": "计算公式"}
REQUIRED = ("name", "measure", "target", "date", "units")
OWN_FIELDS = ("measure", "direction", "baseline", "units", "formula")  # the indicator's, not the milestone's
NOTE_PREFIXES = ("注", "备注", "说明")
AT_MOST = ("不高于", "不超过", "不多于", "不大于", "≤", "<=", "以下", "以内", "至多")
AT_LEAST = ("不低于", "不少于", "不小于", "≥", ">=", "以上", "至少", "达到")
NUMBER = re.compile(r"[-+]?(?:\d[\d,，]*(?:\.\d+)?|\.\d+)")
_DAY = re.compile(r"(\d{4})\s*(?:[-/.]|年)\s*(\d{1,2})\s*(?:[-/.]|月)\s*(\d{1,2})\s*日?(?:前|底)?")
_MONTH = re.compile(r"(\d{4})\s*(?:[-/.]|年)\s*(\d{1,2})\s*月?(?:底|末)?(?:前)?")
_YEAR = re.compile(r"(?:到|至)?(\d{4})\s*年?(?:底|末|年底|年末)?(?:前)?")


@dataclass
class PlannedIndicator:
    row: int  # its first row
    spec: IndicatorSpec
    units_text: str
    units: list[UnitRef] = field(default_factory=list)
    unresolved: list[Unresolved] = field(default_factory=list)
    rows: list[int] = field(default_factory=list)


@dataclass
class IndicatorPlan(ResolvingPlan):
    sheet: str
    indicators: list[PlannedIndicator]
    errors: list[RowError]
    missing: list[str] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    written: bool = False

    @property
    def unresolved(self) -> list[tuple[int, Unresolved]]:
        return [(p.row, u) for p in self.indicators for u in p.unresolved]


# --- cells ---------------------------------------------------------------------------------------------------

class CellError(Exception):
    """A cell that does not read as what its column expects (message in Chinese)."""


def parse_amount(value: Any, number_format: str = "General") -> Decimal | None:
    """A number from a cell: 400, 4.7, "95%", "≥95%", "400个", a 95 % cell stored as 0.95. Blank → None."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise CellError("应为数字")
    if isinstance(value, int | float):
        amount = Decimal(str(value))
        return amount * 100 if "%" in (number_format or "") else amount
    found = NUMBER.findall(cell_text(value))
    if len(found) != 1:
        raise CellError(f"“{cell_text(value)}”应为一个数字")
    try:
        return Decimal(found[0].replace(",", "").replace("，", ""))
    except InvalidOperation as exc:
        raise CellError(f"“{cell_text(value)}”应为一个数字") from exc


def parse_direction(value: Any) -> str:
    text = to_simplified(re.sub(r"\s+", "", cell_text(value)))
    if not text:
        return Direction.AT_LEAST.value
    if any(w in text for w in AT_MOST):
        return Direction.AT_MOST.value
    if any(w in text for w in AT_LEAST):
        return Direction.AT_LEAST.value
    raise CellError(f"“{text}”应为“不低于”或“不高于”")


def parse_target_date(value: Any) -> date | None:
    """2021-12-31, 2021年12月31日, 2022年6月底, 2025年（底）→ a date; blank → None."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = re.sub(r"\s+", "", cell_text(value))
    try:
        if m := _DAY.fullmatch(text):
            return date(int(m[1]), int(m[2]), int(m[3]))
        if m := _MONTH.fullmatch(text):
            year, month = int(m[1]), int(m[2])
            return date(year, month, calendar.monthrange(year, month)[1])
        if (m := _YEAR.fullmatch(text)) and 1900 < int(m[1]) < 2200:
            return date(int(m[1]), 12, 31)
    except (ValueError, calendar.IllegalMonthError) as exc:
        raise CellError(f"“{text}”不是有效的日期") from exc
    raise CellError(f"“{text}”应为日期（如 2022-12-31、2022年12月31日、2025年底）")


# --- the sheet -----------------------------------------------------------------------------------------------

def header_field(text: Any) -> str | None:
    return synonym_field(text, SYNONYMS)  # 指標 | 計量單位 … (seed 004 is in Traditional characters)


@dataclass
class _Row:
    row: int
    cells: dict[str, Any]
    formats: dict[str, str]


def read_rows(data: bytes, max_rows: int = 5000) -> tuple[str, dict[str, int], list[_Row]]:
    """The first sheet with a header naming 指标, 计量单位, 目标值, 目标日期 and 责任单位: its title, columns and
    non-blank rows, each cell with its number format (a merged cell reads as its merge's top-left cell).
    An .xlsx after the guard's scan; an .xls, a .docx's tables or a pasted table as a GridBook (the same
    reader); all under the same caps. ImportFileError (exit 2) for anything unreadable."""
    book, _ = open_tables(data, max_rows)
    for ws in book.worksheets:
        found = find_header(ws, header_field, REQUIRED)
        if found is None:
            continue
        header_row, columns = found
        check_row_cap(ws, header_row, max_rows)
        merged, rows = merge_tops(ws), []
        for r in range(header_row + 1, ws.max_row + 1):
            cells, formats = {}, {}
            for f, c in columns.items():
                cell = merged[(r, c)] if (r, c) in merged else ws.cell(r, c)
                cells[f], formats[f] = cell.value, getattr(cell, "number_format", "General")
            if any(cell_text(v) for v in cells.values()):
                rows.append(_Row(r, cells, formats))
        return ws.title, columns, rows
    raise ImportFileError("未找到表头：前 10 行中应有“指标”“计量单位”“目标值”“目标日期”“责任单位”等列。")


# --- the plan ------------------------------------------------------------------------------------------------

def _ref(sheet: str, columns: dict[str, int], name: str, row: int) -> str:
    return f"{sheet}!{get_column_letter(columns[name])}{row}"


class _Reader:
    """Groups the rows by indicator and reads their cells, collecting every error with its cell."""

    def __init__(self, sheet: str, columns: dict[str, int]):
        self.sheet, self.columns = sheet, columns
        self.errors: list[RowError] = []
        self.planned: dict[str, PlannedIndicator] = {}
        self.own: dict[str, dict[str, str]] = {}  # name → the indicator's own cells as first written

    def error(self, row: int, name: str, message: str) -> None:
        self.errors.append(RowError(row, LABELS[name], f"{_ref(self.sheet, self.columns, name, row)} {message}。"))

    def read(self, row: _Row) -> None:
        name = " ".join(cell_text(row.cells["name"]).split())
        if not name:
            self.error(row.row, "name", "指标为空（同一指标的各行请重复填写或合并单元格）")
            return
        if name.startswith(NOTE_PREFIXES) and not cell_text(row.cells.get("target")):
            return
        if name not in self.planned:
            self._start(name, row)
        else:
            self._check_same(name, row)
        self._milestone(self.planned[name], row)

    def _start(self, name: str, row: _Row) -> None:
        own = {f: cell_text(row.cells.get(f)) for f in OWN_FIELDS if f in self.columns}
        self.own[name] = own
        spec = IndicatorSpec(name=name, measure=own.get("measure", ""), formula=own.get("formula") or None)
        try:
            spec.direction = parse_direction(row.cells.get("direction"))
        except CellError as exc:
            self.error(row.row, "direction", str(exc))
        if "baseline" in self.columns:
            try:
                spec.baseline = parse_amount(row.cells.get("baseline"), row.formats.get("baseline"))
            except CellError as exc:
                self.error(row.row, "baseline", str(exc))
        self.planned[name] = PlannedIndicator(row.row, spec, own.get("units", ""))

    def _check_same(self, name: str, row: _Row) -> None:
        first = self.planned[name]
        for f in OWN_FIELDS:
            if f in self.columns and (text := cell_text(row.cells.get(f))) and text != self.own[name][f]:
                if not self.own[name][f]:
                    self.own[name][f] = text  # first written on a later row
                    continue
                self.error(row.row, f, f"与第 {first.row} 行同一指标的{LABELS[f]}“{self.own[name][f]}”不一致")

    def _milestone(self, planned: PlannedIndicator, row: _Row) -> None:
        planned.rows.append(row.row)
        try:
            target = parse_amount(row.cells.get("target"), row.formats.get("target"))
        except CellError as exc:
            self.error(row.row, "target", str(exc))
            return
        try:
            due = parse_target_date(row.cells.get("date"))
        except CellError as exc:
            self.error(row.row, "date", str(exc))
            return
        if (target is None) != (due is None):
            self.error(row.row, "target" if target is None else "date", "目标值和目标日期应同时填写")
            return
        if target is not None:
            if any(d == due for d, _ in planned.spec.milestones):
                self.error(row.row, "date", f"指标“{planned.spec.name}”已有 {due.isoformat()} 的目标值")
                return
            planned.spec.milestones.append((due, target))


def plan_indicators(campaign: Campaign, data: bytes, *, max_rows: int = 5000) -> IndicatorPlan:
    """Read and check a workbook of indicators without writing anything."""
    sheet, columns, rows = read_rows(data, max_rows)
    reader = _Reader(sheet, columns)
    for row in rows:
        reader.read(row)
    planned = list(reader.planned.values())
    for p in planned:
        p.spec.measure = reader.own[p.spec.name].get("measure", "")
        p.spec.formula = reader.own[p.spec.name].get("formula") or None
        p.units_text = reader.own[p.spec.name].get("units", "")
    _resolve_units(planned)
    existing = {i.name: i for i in campaign_indicators(campaign.id)}
    reported = {n: not i.derived for n, i in existing.items()} | {p.spec.name: not p.spec.formula for p in planned}
    for p in planned:
        for label, message in spec_problems(p.spec):
            if label == "责任单位" and p.unresolved:
                continue  # said once, as unresolved text
            reader.errors.append(RowError(p.row, label, f"第 {p.row} 行指标“{p.spec.name}”：{message}"))
        if not any(lbl == "公式" for lbl, _ in spec_problems(p.spec)) and (problem := formula_problem(p.spec, reported)):
            reader.errors.append(RowError(p.row, "计算公式", f"第 {p.row} 行指标“{p.spec.name}”：{problem}"))
    errors = sorted(reader.errors, key=lambda e: e.row)
    listed = {p.spec.name for p in planned}
    return IndicatorPlan(sheet, planned, errors, [n for n in existing if n not in listed])


def _resolve_units(planned: list[PlannedIndicator]) -> None:
    registry = load_registry()
    for p in planned:
        if not p.units_text:
            continue
        cell = resolve_any_script(registry, p.units_text)
        p.units, p.unresolved = cell.units, cell.unresolved
        p.spec.unit_ids = [u.id for u in cell.units]


def import_indicators(campaign: Campaign, data: bytes, *, dry_run: bool = False, actor=None,
                      max_rows: int = 5000) -> IndicatorPlan:
    """Plan the import and, when it is clean and not a dry run, write it (flush only; the caller commits)."""
    plan = plan_indicators(campaign, data, max_rows=max_rows)
    if not plan.ok or dry_run:
        return plan
    existing = {i.name for i in campaign_indicators(campaign.id)}
    # reported indicators first, so that a formula finds its inputs; the file's order is kept as the sequence
    ordered = sorted(enumerate(plan.indicators, start=1), key=lambda pair: bool(pair[1].spec.formula))
    for sequence, p in ordered:
        save_indicator(campaign, p.spec, actor, sequence=sequence)
    plan.created = sum(1 for p in plan.indicators if p.spec.name not in existing)
    plan.updated = len(plan.indicators) - plan.created
    plan.written = True
    record_event(actor, "indicators.import", campaign,
                 f"导入指标：新增 {plan.created} 项，更新 {plan.updated} 项，表中已无 {len(plan.missing)} 项",
                 campaign_id=campaign.id)
    return plan


def plan_json(plan: IndicatorPlan) -> dict:
    """The --json shape: indicators (with milestones and units), unresolved, errors, and what was written."""
    return {
        "indicators": [{"row": p.row, "name": p.spec.name, "measure": p.spec.measure,
                        "direction": p.spec.direction, "baseline": as_json_number(p.spec.baseline),
                        "milestones": [{"target": as_json_number(t), "date": d.isoformat()}
                                       for d, t in sorted(p.spec.milestones)],
                        "units": [u.name for u in p.units], "formula": p.spec.formula} for p in plan.indicators],
        "unresolved": [{"row": row, "text": u.text, "suggestions": u.suggestions} for row, u in plan.unresolved],
        "errors": [{"row": e.row, "column": e.column, "message": e.message} for e in plan.errors],
        "missing": plan.missing, "created": plan.created, "updated": plan.updated, "written": plan.written,
    }
