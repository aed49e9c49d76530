"""The official ledger workbook (责任清单 filled in), built by a pure function from plain data.

`build_ledger(data)` never queries: `tracker.exports.data.gather_ledger` collects the data. With
`write_only=True` rows are streamed to disk when the workbook is saved, for campaigns of thousands of tasks.
"""
from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from tracker.assignments.lights import LIGHT_LABELS
from tracker.assignments.models import STATUS_LABELS
from tracker.exports.records import (
    IndicatorRecord,
    ItemRecord,
    LedgerData,
    OverdueItem,
    TaskRecord,
    UnitSummary,
    UnitWork,
)
from tracker.exports.sheets import finish_sheet, fit_row_height, prepare_sheet, write_title
from tracker.exports.styles import Stamps
from tracker.indicators.status import fmt
from tracker.xlsx.cells import safe_text

LEDGER_SHEET, UNITS_SHEET, OVERDUE_SHEET, INDICATOR_SHEET = "责任清单", "单位汇总", "逾期事项", "指标完成情况"
ITEM_SHEET = "督办事项"  # only when the campaign has items: the list's own sheet keeps its columns (round trip)
ONGOING = "长期"
# (header, width, style)
LEDGER_COLUMNS = [
    ("类别", 9, "center"), ("序号", 5, "center"), ("创建任务", 34, "text"), ("牵头单位", 12, "center"),
    ("配合单位", 16, "text"), ("完成时限", 11, "date"), ("完成状态", 15, "text"), ("进展情况", 30, "text"),
    ("存在问题", 20, "text"), ("下步打算", 20, "text"), ("佐证材料", 14, "text"), ("审核意见", 16, "text"),
]
POINTS_COLUMNS = [("分值", 6, "number"), ("得分", 6, "number")]
LIGHT_COLUMNS = [("亮灯", 14, "text")]  # last, so that the list's own columns keep their places
EXTENSION_COLUMNS = [("批准延期至", 16, "text")]  # only when a due date was extended (完成时限 stays the original)
UNIT_COLUMNS = [
    ("序号", 6, "center"), ("责任单位", 24, "text"), ("牵头任务", 9, "number"), ("配合任务", 9, "number"),
    ("合计", 8, "number"), ("已提交", 8, "number"), ("已通过", 8, "number"), ("已退回", 8, "number"),
    ("逾期", 8, "number"), ("完成率", 9, "percent"),
]
OVERDUE_COLUMNS = [
    ("序号", 6, "center"), ("责任单位", 20, "text"), ("任务序号", 8, "center"), ("创建任务", 44, "text"),
    ("完成时限", 12, "date"), ("逾期天数", 9, "number"), ("完成状态", 10, "center"),
]
INDICATOR_COLUMNS = [
    ("序号", 5, "center"), ("指标", 26, "text"), ("计量单位", 7, "center"), ("方向", 7, "center"),
    ("基线", 9, "number"), ("节点目标", 20, "text"), ("对照目标值", 10, "number"), ("目标日期", 11, "date"),
    ("最新值", 10, "number"), ("数据截至", 11, "date"), ("完成进度", 9, "percent"), ("完成状态", 9, "center"),
    ("情况说明", 26, "text"), ("责任单位", 20, "text"), ("佐证材料", 9, "center"),
]


ITEM_COLUMNS = [
    ("督办编号", 18, "text"), ("来源", 9, "center"), ("来源详情", 30, "text"), ("任务序号", 8, "center"),
    ("督办内容", 36, "text"), ("主办单位", 12, "center"), ("协办单位", 16, "text"), ("办理时限", 11, "date"),
    ("办复要求", 24, "text"), ("办理状态", 10, "center"),
]


def build_ledger(data: LedgerData, write_only: bool = False) -> Workbook:
    """The ledger workbook: sheets 责任清单, 单位汇总, 逾期事项 and 指标完成情况, and 督办事项 when there are
    any. Pure: no database access."""
    wb = Workbook(write_only=write_only)
    stamps = Stamps(wb)
    if not write_only:
        wb.remove(wb.active)
    _ledger_sheet(wb.create_sheet(LEDGER_SHEET), data, stamps)
    _units_sheet(wb.create_sheet(UNITS_SHEET), data, stamps)
    _overdue_sheet(wb.create_sheet(OVERDUE_SHEET), data, stamps)
    _indicator_sheet(wb.create_sheet(INDICATOR_SHEET), data, stamps)
    if data.items:
        _item_sheet(wb.create_sheet(ITEM_SHEET), data, stamps)
    return wb


def ledger_columns(data: LedgerData) -> list[tuple[str, int, str]]:
    return (LEDGER_COLUMNS + (POINTS_COLUMNS if data.uses_points else []) + LIGHT_COLUMNS
            + (EXTENSION_COLUMNS if data.uses_extensions else []))


def ledger_title(data: LedgerData) -> str:
    scope = f"（{data.unit_scope}）" if data.unit_scope else ""
    return f"{data.campaign_name}工作责任清单{scope}"


def _ledger_sheet(ws: Worksheet, data: LedgerData, stamps: Stamps) -> None:
    columns = ledger_columns(data)
    prepare_sheet(ws, columns, landscape=True)
    write_title(ws, stamps, ledger_title(data), data.export_date, columns)
    styles = [style for _, _, style in columns]
    for start, end in _category_spans(data.tasks, first_row=3):
        if end > start:
            ws.merged_cells.add(f"A{start}:A{end}")
    for row, task in enumerate(data.tasks, start=3):
        values = _ledger_values(task, data.uses_points, data.uses_extensions)
        fit_row_height(ws, row, values, columns)
        ws.append([stamps.cell(ws, v, s) for v, s in zip(values, styles, strict=True)])
    finish_sheet(ws, columns, 2 + len(data.tasks))


def _category_spans(tasks: list[TaskRecord], first_row: int):
    """(first, last) sheet rows of each run of tasks in one category: 类别 is merged over them."""
    start = first_row
    for i, task in enumerate(tasks):
        last = i + 1 == len(tasks) or tasks[i + 1].category_number != task.category_number
        if last:
            yield start, first_row + i
            start = first_row + i + 1


def _deadline_cell(task: TaskRecord):
    written = task.deadline_as_written
    return safe_text(written) if isinstance(written, str) else written


def _ledger_values(task: TaskRecord, uses_points: bool, uses_extensions: bool = False) -> list:
    many = len(task.work) > 1
    values = [
        safe_text(task.category), task.number, safe_text(task.title), safe_text(task.lead),
        safe_text("、".join(task.co)), _deadline_cell(task),
        _per_unit(task.work, lambda w: STATUS_LABELS[w.status], many),
        _per_unit(task.work, lambda w: w.progress, many), _per_unit(task.work, lambda w: w.problems, many),
        _per_unit(task.work, lambda w: w.next_steps, many), _evidence_text(task),
        _per_unit(task.work, lambda w: w.review, many),
    ]
    if uses_points:
        values += [task.points, task.score]
    values.append(_per_unit(task.work, lambda w: LIGHT_LABELS.get(w.light, ""), many))
    if uses_extensions:
        values.append(_per_unit(task.work, lambda w: w.extended_to.isoformat() if w.extended_to else "", many))
    return values


def _per_unit(work: tuple[UnitWork, ...], field, many: bool) -> str:
    """One line per unit (单位：内容) when several units share the task; empty contributions are left out."""
    if not many:
        return safe_text(field(work[0])) if work else ""
    lines = [f"{w.unit}：{text}" for w in work if (text := field(w))]
    return safe_text("\n".join(lines))


def _evidence_text(task: TaskRecord) -> str:
    return f"{task.evidence_count} 份（目录第{task.number}项）" if task.evidence_count else "无"


def _units_sheet(ws: Worksheet, data: LedgerData, stamps: Stamps) -> None:
    prepare_sheet(ws, UNIT_COLUMNS, landscape=False)
    write_title(ws, stamps, f"{data.campaign_name}责任单位汇总", data.export_date, UNIT_COLUMNS)
    styles = [style for _, _, style in UNIT_COLUMNS]
    for i, u in enumerate(data.units, start=1):
        ws.append([stamps.cell(ws, v, s) for v, s in zip(_unit_values(i, u), styles, strict=True)])
    finish_sheet(ws, UNIT_COLUMNS, 2 + len(data.units))


def _unit_values(i: int, u: UnitSummary) -> list:
    return [i, safe_text(u.unit), u.lead, u.co, u.assigned, u.submitted, u.approved, u.returned, u.overdue,
            u.completion_rate]


def _overdue_sheet(ws: Worksheet, data: LedgerData, stamps: Stamps) -> None:
    prepare_sheet(ws, OVERDUE_COLUMNS, landscape=False)
    write_title(ws, stamps, f"{data.campaign_name}逾期事项", data.export_date, OVERDUE_COLUMNS)
    styles = [style for _, _, style in OVERDUE_COLUMNS]
    for i, item in enumerate(data.overdue, start=1):
        values = _overdue_values(i, item)
        fit_row_height(ws, 2 + i, values, OVERDUE_COLUMNS)
        ws.append([stamps.cell(ws, v, s) for v, s in zip(values, styles, strict=True)])
    finish_sheet(ws, OVERDUE_COLUMNS, 2 + len(data.overdue))


def _overdue_values(i: int, item: OverdueItem) -> list:
    return [i, safe_text(item.unit), item.task_number, safe_text(item.task), item.due_on, item.days_overdue,
            STATUS_LABELS[item.status]]


def _indicator_sheet(ws: Worksheet, data: LedgerData, stamps: Stamps) -> None:
    prepare_sheet(ws, INDICATOR_COLUMNS, landscape=True)
    write_title(ws, stamps, f"{data.campaign_name}目标指标完成情况", data.export_date, INDICATOR_COLUMNS)
    styles = [style for _, _, style in INDICATOR_COLUMNS]
    for i, record in enumerate(data.indicators, start=1):
        values = _indicator_values(i, record)
        fit_row_height(ws, 2 + i, values, INDICATOR_COLUMNS)
        ws.append([stamps.cell(ws, v, s) for v, s in zip(values, styles, strict=True)])
    finish_sheet(ws, INDICATOR_COLUMNS, 2 + len(data.indicators))


def _indicator_values(i: int, r: IndicatorRecord) -> list:
    milestones = "\n".join(f"{on.isoformat()}：{fmt(value)}" for on, value in r.milestones)
    units = f"计算：{r.formula}" if r.formula else "、".join(r.units)
    evidence = f"{r.evidence_count} 份" if r.evidence_count else ("—" if r.formula else "无")
    return [i, safe_text(r.name), safe_text(r.measure), r.direction, r.baseline, safe_text(milestones), r.target,
            r.target_on, r.latest, r.latest_on, r.progress, r.status, safe_text(r.reason), safe_text(units), evidence]


def _item_sheet(ws: Worksheet, data: LedgerData, stamps: Stamps) -> None:
    prepare_sheet(ws, ITEM_COLUMNS, landscape=True)
    write_title(ws, stamps, f"{data.campaign_name}督办事项", data.export_date, ITEM_COLUMNS)
    styles = [style for _, _, style in ITEM_COLUMNS]
    for i, item in enumerate(data.items, start=1):
        values = _item_values(item)
        fit_row_height(ws, 2 + i, values, ITEM_COLUMNS)
        ws.append([stamps.cell(ws, v, s) for v, s in zip(values, styles, strict=True)])
    finish_sheet(ws, ITEM_COLUMNS, 2 + len(data.items))


def _item_values(item: ItemRecord) -> list:
    status = "已办结" if item.status == "approved" else STATUS_LABELS.get(item.status, "")
    return [safe_text(item.number), item.source, safe_text(item.origin), item.task_number, safe_text(item.content),
            safe_text(item.lead), safe_text("、".join(item.co)), item.due_on if item.due_on else ONGOING,
            safe_text(item.reply_requirement), status]
