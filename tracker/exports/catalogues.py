"""The catalogue workbooks of the evidence package, built purely from the plan (streamed, flat memory)."""
from openpyxl import Workbook

from tracker.exports.package_plan import Box, PackagePlan, document_title
from tracker.exports.sheets import finish_sheet, fit_row_height, prepare_sheet, write_title
from tracker.exports.styles import Stamps
from tracker.xlsx.cells import safe_text

CATALOGUE_COLUMNS = [
    ("序号", 6, "center"), ("类别", 10, "text"), ("任务序号", 6, "center"), ("创建任务", 30, "text"),
    ("责任单位", 14, "text"), ("文件名（点击打开）", 34, "link"), ("文件题名", 20, "text"), ("大小(KB)", 9, "number"),
    ("形成日期", 11, "date"), ("上传日期", 11, "date"), ("上传人", 10, "text"), ("SHA-256", 22, "code"),
]
EXCLUDED_COLUMNS = [
    ("序号", 6, "center"), ("类别", 10, "text"), ("任务序号", 6, "center"), ("创建任务", 30, "text"),
    ("责任单位", 14, "text"), ("文件名", 30, "text"), ("形成日期", 11, "date"), ("未纳入原因", 30, "text"),
]
GENERAL_COLUMNS = [
    ("卷号", 8, "center"), ("类别", 12, "text"), ("任务序号", 8, "center"), ("创建任务", 44, "text"),
    ("件数", 7, "number"), ("页数", 7, "number"), ("起始日期", 12, "date"), ("截止日期", 12, "date"),
]
BOX_COLUMNS = [
    ("序号", 6, "center"), ("文件题名", 44, "text"), ("责任单位", 16, "text"), ("形成日期", 12, "date"),
    ("页数", 7, "number"), ("备注", 24, "text"),
]


def link_target(arcname: str, base: str = "") -> str:
    """A relative hyperlink from a workbook in folder `base` to a file of the unzipped package."""
    if base:
        arcname = arcname[len(base) + 1:] if arcname.startswith(base + "/") else "../" + arcname
    return arcname.replace(" ", "%20")  # as Excel writes it; names hold no # or % (see names.py)


def build_catalogue(plan: PackagePlan) -> Workbook:
    """佐证材料目录: one row per file, with a relative hyperlink that opens it; and what was left out."""
    wb = Workbook(write_only=True)
    stamps = Stamps(wb)
    ws = wb.create_sheet("佐证材料目录")
    prepare_sheet(ws, CATALOGUE_COLUMNS)
    title = f"{plan.data.campaign_name}佐证材料目录（{plan.window.describe()}）"
    write_title(ws, stamps, title, plan.data.export_date, CATALOGUE_COLUMNS)
    for i, entry in enumerate(plan.entries, start=1):
        row = _catalogue_row(ws, stamps, i, entry)
        fit_row_height(ws, 2 + i, [c.value for c in row], CATALOGUE_COLUMNS)
        ws.append(row)
    finish_sheet(ws, CATALOGUE_COLUMNS, 2 + len(plan.entries))
    _excluded_sheet(wb, stamps, plan)
    return wb


def _catalogue_row(ws, stamps: Stamps, i: int, entry) -> list:
    f = entry.file
    link = stamps.cell(ws, safe_text(entry.arcname.rpartition("/")[2]), "link")
    link.hyperlink = link_target(entry.arcname)
    values = [i, safe_text(f.category), f.task_number, safe_text(f.task), safe_text(f.unit), None,
              safe_text(f.title), round(f.size / 1024, 1), f.document_date, f.uploaded_at.date(),
              safe_text(f.uploader), f.sha256]
    row = [stamps.cell(ws, v, s) for v, (_, _, s) in zip(values, CATALOGUE_COLUMNS, strict=True)]
    row[5] = link
    return row


def _excluded_sheet(wb: Workbook, stamps: Stamps, plan: PackagePlan) -> None:
    ws = wb.create_sheet("未纳入材料")
    prepare_sheet(ws, EXCLUDED_COLUMNS)
    write_title(ws, stamps, f"未纳入材料（{plan.window.describe()}）", plan.data.export_date, EXCLUDED_COLUMNS)
    for i, item in enumerate(plan.excluded, start=1):
        f = item.file
        values = [i, safe_text(f.category), f.task_number, safe_text(f.task), safe_text(f.unit),
                  safe_text(f.original_name), f.document_date, item.reason]
        ws.append([stamps.cell(ws, v, s) for v, (_, _, s) in zip(values, EXCLUDED_COLUMNS, strict=True)])
    finish_sheet(ws, EXCLUDED_COLUMNS, 2 + len(plan.excluded))


def build_general_catalogue(plan: PackagePlan) -> Workbook:
    """总目录: one row per box (卷)."""
    wb = Workbook(write_only=True)
    stamps = Stamps(wb)
    ws = wb.create_sheet("总目录")
    prepare_sheet(ws, GENERAL_COLUMNS)
    write_title(ws, stamps, f"{plan.data.campaign_name}佐证材料总目录", plan.data.export_date, GENERAL_COLUMNS)
    for box in plan.boxes:
        first, last = box.date_range
        values = [f"卷{box.number}", safe_text(box.category), box.task_number, safe_text(box.task),
                  len(box.entries), box.pages, first, last]
        row = [stamps.cell(ws, v, s) for v, (_, _, s) in zip(values, GENERAL_COLUMNS, strict=True)]
        row[0].hyperlink = link_target(f"{box.folder}/卷内目录.xlsx")
        ws.append(row)
    finish_sheet(ws, GENERAL_COLUMNS, 2 + len(plan.boxes))
    return wb


def build_box_catalogue(plan: PackagePlan, box: Box) -> Workbook:
    """卷内目录 of one box: 序号, 文件题名, 责任单位, 形成日期, 页数, 备注 (the original file name)."""
    wb = Workbook(write_only=True)
    stamps = Stamps(wb)
    ws = wb.create_sheet("卷内目录")
    prepare_sheet(ws, BOX_COLUMNS)
    write_title(ws, stamps, f"卷{box.number} 卷内目录：{box.task}", plan.data.export_date, BOX_COLUMNS)
    for entry in box.entries:
        f = entry.file
        values = [entry.box_seq, safe_text(document_title(entry)), safe_text(f.unit), f.document_date,
                  entry.pages, safe_text(f.original_name)]
        row = [stamps.cell(ws, v, s) for v, (_, _, s) in zip(values, BOX_COLUMNS, strict=True)]
        row[1].hyperlink = link_target(entry.arcname, base=box.folder)
        fit_row_height(ws, 2 + entry.box_seq, values, BOX_COLUMNS)
        ws.append(row)
    finish_sheet(ws, BOX_COLUMNS, 2 + len(box.entries))
    return wb
