"""The evidence package: a zip written on disk file by file, so memory stays flat whatever its size.

Python's zipfile marks non-ASCII names as UTF-8 (general purpose flag bit 11) by itself, which is what makes
Chinese names show correctly in Windows Explorer; names are made safe for Windows by `names.py`.
"""
import os
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from tracker.config import ROOT
from tracker.exports.catalogues import build_box_catalogue, build_catalogue, build_general_catalogue
from tracker.exports.package_plan import (
    BOX_CATALOGUE_NAME,
    CATALOGUE_NAME,
    GENERAL_CATALOGUE_NAME,
    LABELS_NAME,
    PackagePlan,
)
from tracker.exports.pages import count_pages

Progress = Callable[[int, int], None]
# already compressed: storing them again saves time and gains nothing
STORED_KINDS = {"pdf", "jpg", "jpeg", "png", "gif", "zip", "docx", "xlsx", "pptx", "mp4", "rar", "7z", "ofd"}


def file_locator(upload_folder: str) -> Callable[[str], Path | None]:
    """Where an Evidence.stored_name lives: UPLOAD_FOLDER/evidence/NAME (or directly under UPLOAD_FOLDER)."""
    base = Path(upload_folder)

    def locate(stored_name: str) -> Path | None:
        for path in (base / "evidence" / stored_name, base / stored_name):
            if path.is_file():
                return path
        return None

    return locate


def write_package(plan: PackagePlan, out: Path, progress: Progress | None = None) -> Path:
    """Write the zip to `out` (through a temporary name, so a failure leaves no half file)."""
    out = Path(out)
    part = out.with_name(out.name + ".part")
    total = len(plan.entries)
    try:
        with zipfile.ZipFile(part, "w", compression=zipfile.ZIP_DEFLATED, allowZip64=True) as zf:
            for done, entry in enumerate(plan.entries, start=1):
                if plan.archive:
                    entry.pages = entry.file.page_count or count_pages(entry.source, entry.file.kind)
                kind = zipfile.ZIP_STORED if entry.file.kind in STORED_KINDS else zipfile.ZIP_DEFLATED
                zf.write(entry.source, entry.arcname, compress_type=kind)
                if progress:
                    progress(done, total)
            _write_catalogues(zf, plan)
        os.replace(part, out)
    finally:
        part.unlink(missing_ok=True)
    return out


def _write_catalogues(zf: zipfile.ZipFile, plan: PackagePlan) -> None:
    _add_workbook(zf, build_catalogue(plan), CATALOGUE_NAME)
    if not plan.archive:
        return
    _add_workbook(zf, build_general_catalogue(plan), GENERAL_CATALOGUE_NAME)
    for box in plan.boxes:
        _add_workbook(zf, build_box_catalogue(plan, box), f"{box.folder}/{BOX_CATALOGUE_NAME}")
    zf.writestr(LABELS_NAME, render_labels(plan))


def _add_workbook(zf: zipfile.ZipFile, wb, arcname: str) -> None:
    """Streamed workbooks are saved to a temporary file first, then copied in: never held whole in memory."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "book.xlsx"
        wb.save(path)
        zf.write(path, arcname)


def render_labels(plan: PackagePlan) -> str:
    """档案盒脊背 and front labels of every box, as a printable A4 HTML page."""
    env = Environment(loader=FileSystemLoader(str(ROOT / "templates")), autoescape=select_autoescape())
    return env.get_template("exports/box_labels.html").render(
        campaign_name=plan.data.campaign_name, boxes=plan.boxes, export_date=plan.data.export_date.isoformat())
