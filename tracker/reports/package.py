"""All reports of a cycle as one zip: 报告汇总.xlsx (the board, one row per owing unit), each report as a Word
document, and each report's files — a pure function of the cycle's data, written to a temporary file.

Built synchronously in the request: a cycle holds one report per owing unit (tens of units), mostly text, and
the files are stored without recompression, so even a cycle with a hundred files of a few MB is a few seconds of
copying. A cycle whose files add up to more than `REPORT_PACKAGE_MAX_MB` (200) is refused on the web; the
administrator builds it with `tracker cycle package`, which has no time limit.
"""
import re
import tempfile
import unicodedata
import zipfile
from datetime import date
from io import BytesIO

from flask import current_app
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from tracker.documents import word
from tracker.errors import Refusal
from tracker.evidence import storage
from tracker.evidence.models import Evidence
from tracker.extensions import db
from tracker.reports.models import Report, ReportCycle, ReportFile
from tracker.reports.pages import unit_scores
from tracker.reports.services import BoardState, boards
from tracker.timeutil import to_local
from tracker.xlsx.cells import write_row

MB = 1024 * 1024
_FORBIDDEN = re.compile(r'[<>:"/\\|?*#%\x00-\x1f\x7f]')
SUMMARY = "报告汇总.xlsx"
HEADER = ["序号", "单位", "报送情况", "报告状态", "首次报送", "最近报送", "字数", "附件", "退回原因", "初验得分（牵头任务）"]


def safe_name(name: str, limit: int = 60) -> str:
    """A path component that unzips on Windows (no reserved characters, bounded, extension kept)."""
    name = " ".join(_FORBIDDEN.sub("_", unicodedata.normalize("NFC", name or "")).split()).strip(" .") or "未命名"
    stem, dot, ext = name.rpartition(".")
    if not dot or not stem or len(ext) > 10:
        stem, dot, ext = name, "", ""
    return stem[: max(1, limit - len(dot + ext))] + dot + ext


def package_filename(cycle: ReportCycle, today: date) -> str:
    return f"{safe_name(cycle.campaign.name + '-' + cycle.name)}报告-{today.isoformat()}.zip"  # whose, not just when


def files_bytes(cycle: ReportCycle) -> int:
    return db.session.scalar(select(func.coalesce(func.sum(Evidence.size), 0))
                             .join(ReportFile, ReportFile.evidence_id == Evidence.id)
                             .join(Report, Report.id == ReportFile.report_id).where(Report.cycle_id == cycle.id)) or 0


def _when(ts, tz: str) -> str:
    return to_local(ts, tz).strftime("%Y-%m-%d %H:%M") if ts else ""


def summary_sheet(cycle: ReportCycle, rows, scores) -> bytes:
    """The board as a workbook: one row per owing unit, every text cell through the safe writer."""
    wb = Workbook()
    ws = wb.active
    ws.title = "报送情况"
    write_row(ws, 1, [f"{cycle.name}（{cycle.kind_label}）报送情况，截止 {cycle.due_on.isoformat()}"])
    ws.cell(row=1, column=1).font = Font(bold=True, size=14)
    write_row(ws, 2, HEADER)
    tz = cycle.campaign.timezone
    for n, row in enumerate(rows, 1):
        r, score = row.report, scores.get(row.unit.id)
        write_row(ws, n + 2, [n, row.unit.name, BoardState.LABELS[row.state], r.status_label if r else "未报送",
                              _when(r.first_submitted_at, tz) if r else "", _when(r.submitted_at, tz) if r else "",
                              len(r.text) if r else 0, len(r.files) if r else 0, (r.reason if r else "") or "",
                              score.text if score else ""])
    for column, width in zip("ABCDEFGHIJ", (6, 24, 10, 10, 17, 17, 8, 6, 30, 18), strict=True):
        ws.column_dimensions[column].width = width
    for cell in ws[2]:
        cell.font, cell.alignment = Font(bold=True), Alignment(horizontal="center")
    ws.print_title_rows = "2:2"
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


def report_document(cycle: ReportCycle, report: Report) -> bytes:
    """One report as an office document: title, unit and dates, the text paragraph by paragraph, its files."""
    document = word.new_document()
    word.title(document, f"{report.unit.name}{cycle.name}{cycle.kind_label}")
    tz = cycle.campaign.timezone
    word.paragraph(document, f"报告期：{cycle.period_from.isoformat()} 至 {cycle.period_to.isoformat()}　"
                             f"报送时间：{_when(report.submitted_at, tz)}　状态：{report.status_label}",
                   size=word.TABLE_SIZE, align="center")
    for line in report.text.splitlines():
        word.paragraph(document, line.strip(), indent=bool(line.strip()))
    if report.files:
        word.heading(document, "附件")
        for n, f in enumerate(report.files, 1):
            word.paragraph(document, f"{n}. {f.evidence.title or f.evidence.original_name}")
    return word.document_bytes(document)


def _reports(cycle: ReportCycle) -> dict[int, Report]:
    stmt = (select(Report).where(Report.cycle_id == cycle.id)
            .options(joinedload(Report.unit), selectinload(Report.files).joinedload(ReportFile.evidence)))
    return {r.unit_id: r for r in db.session.scalars(stmt)}


def build_package(cycle: ReportCycle, today: date, out) -> int:
    """Write the cycle's package into the binary file `out`; returns the number of reports in it."""
    board = boards([cycle], today)[0]
    reports = _reports(cycle)
    for row in board.rows:
        row.report = reports.get(row.unit.id)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(SUMMARY, summary_sheet(cycle, board.rows, unit_scores(cycle.campaign_id)))
        written = 0
        for n, row in enumerate(board.rows, 1):
            if row.report is None:
                continue
            folder = f"{n:02d}_{safe_name(row.unit.name, 40)}"
            zf.writestr(f"{folder}/{safe_name(row.unit.name + cycle.name)}报告.docx",
                        report_document(cycle, row.report))
            for i, f in enumerate(row.report.files, 1):
                path = storage.stored_path(f.evidence.stored_name)
                name = f"{folder}/附件/{i:02d}_{safe_name(f.evidence.original_name)}"
                zf.write(path, name, compress_type=zipfile.ZIP_STORED)
            written += 1
    return written


def write_package(cycle: ReportCycle, today: date):
    """The package in a temporary file (removed when closed), for the web; refused above the size cap."""
    cap = int(current_app.config["REPORT_PACKAGE_MAX_MB"])
    if files_bytes(cycle) > cap * MB:
        raise Refusal(f"该周期的附件合计超过 {cap} MB，不能在网页上直接打包下载，请联系系统管理员在服务器上导出。",
                      status=413)
    out = tempfile.TemporaryFile()  # noqa: SIM115 (send_file closes it, which removes it)
    build_package(cycle, today, out)
    out.seek(0)
    return out
