"""The circular as a workbook and as a Word document: pure functions of the snapshot (no queries)."""
from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from tracker.documents.circular import circular_docx
from tracker.timeutil import to_local
from tracker.xlsx.cells import write_cell, write_row

UNIT_HEADERS = ("排名", "责任单位", "承担任务", "待审核", "已办结", "已退回", "逾期", "完成率(%)")


def unit_headers(data: dict) -> tuple[str, ...]:
    """排名 when the circular ranks units (optional, off by default), else 序号 (old circulars were ranked)."""
    return UNIT_HEADERS if data.get("ranked", True) else ("序号", *UNIT_HEADERS[1:])


def circular_workbook(title: str, body: str, data: dict) -> Workbook:
    """Sheet 1: text, ranking table, praise and criticism; sheet 2: the overdue list; sheet 3 (when the
    circular carries it): the indicator table."""
    wb = Workbook()
    ws = wb.active
    ws.title = "通报"
    write_cell(ws, 1, 1, title).font = Font(bold=True, size=14)
    write_cell(ws, 2, 1, f"统计截至 {data['as_of']}")
    write_cell(ws, 3, 1, body).alignment = Alignment(wrap_text=True, vertical="top")
    write_row(ws, 5, unit_headers(data))
    for i, u in enumerate(data["units"], start=6):
        write_row(ws, i, (u["rank"], u["name"], u["assigned"], u["submitted"], u["approved"], u["returned"],
                          u["overdue"], u["rate"]))
    row = 7 + len(data["units"])
    write_cell(ws, row, 1, "表扬")
    write_cell(ws, row, 2, "、".join(data.get("praise", [])) or "无")
    for j, c in enumerate(data.get("criticism", []), start=1):
        write_cell(ws, row + j, 1, "通报批评")
        write_cell(ws, row + j, 2, c["name"])
        write_cell(ws, row + j, 3, c["reason"])
    ws.column_dimensions["B"].width = 28
    _overdue_sheet(wb.create_sheet("逾期任务"), data["overdue"])
    if data.get("indicators"):
        _indicator_sheet(wb.create_sheet("指标完成情况"), data["indicators"])
    return wb


def _indicator_sheet(ws, rows: list[dict]) -> None:
    write_row(ws, 1, ("指标", "最新值", "数据截至", "对照目标", "目标日期", "完成进度(%)", "完成状态", "情况说明"))
    for i, r in enumerate(rows, start=2):
        write_row(ws, i, (r["name"], f"{r['latest']}{r['measure']}" if r["latest"] else "", r["latest_on"],
                          f"{r['target']}{r['measure']}" if r["target"] else "", r["target_on"], r["progress"],
                          r["status_label"], r["reason"]))
    ws.column_dimensions["A"].width = 36
    ws.column_dimensions["H"].width = 40


def _overdue_sheet(ws, overdue: list[dict]) -> None:
    write_row(ws, 1, ("任务", "责任单位", "完成时限", "逾期天数", "催办次数"))
    for i, o in enumerate(overdue, start=2):
        write_row(ws, i, (o["task"], o["unit"], o["deadline"], o["days"], o["chases"]))
    ws.column_dimensions["A"].width = 50
    ws.column_dimensions["B"].width = 24


def workbook_bytes(wb: Workbook) -> bytes:
    buf = BytesIO()
    wb.save(buf)
    return buf.getvalue()


def circular_docx_of(circular, letterhead: bytes | None = None) -> bytes:
    """The circular as a Word document (tracker/documents/circular.py), from its snapshot, on the office's
    red-header template when given one."""
    entry = circular.register_entry
    number_text = entry.number_text if entry else f"第{circular.number}期"
    issued_on = entry.issued_on.isoformat() if entry else _local_day(circular)
    return circular_docx(circular.title, circular.body, circular.data, issuer=issuer_of(circular.campaign),
                         number_text=number_text, issued_on=issued_on, letterhead=letterhead)


def _local_day(circular) -> str:
    """The day the circular was issued where the office is (stored UTC: 17:00 UTC is the next morning there)."""
    return to_local(circular.created_at, circular.campaign.timezone).date().isoformat()


def issuer_of(campaign) -> str:
    """The issuing body printed on the office's documents: the campaign's leading-group office."""
    return f"{campaign.name}领导小组办公室"
