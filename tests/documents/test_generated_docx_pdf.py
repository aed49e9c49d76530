"""Every Word document the office sends a unit opens in LibreOffice as A4 pages that print its 文号, the unit and
its title: the 三色督办单 (蓝 / 黄 / 红) and the 催办通知书 of the escalation ladder, and a document written on the
office's uploaded red-header template. CI installs LibreOffice and poppler (scripts/ensure-office.sh); without
them these tests fail, they never skip."""
import io
import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import docx
import pytest
from docx.shared import Mm
from sqlalchemy import select

from tests.factories import basic_world
from tracker.escalation.documents import record_document
from tracker.escalation.models import EscalationRecord
from tracker.escalation.services import walk_ladder
from tracker.extensions import db
from tracker.registers.services import letterhead_bytes, save_letterhead
from tracker.supervision.notices import issue_notices, notices_bytes

A4_POINTS = (595, 842)
UNIT = "区卫健局"
TASK = "制定出台推进婴幼儿照护服务实施意见"  # due 2022-03-31 in the basic world


def _tools() -> tuple[str, str]:
    soffice, pdftotext = shutil.which("soffice"), shutil.which("pdftotext")
    assert soffice and pdftotext, "文档版式测试需要 LibreOffice 和 poppler：bash scripts/ensure-office.sh"
    return soffice, pdftotext


def to_pdf(tmp_path: Path, documents: dict[str, bytes]) -> dict[str, tuple[bytes, str]]:
    """Each named .docx converted by LibreOffice (one run for all): {name: (pdf bytes, its text by pdftotext)}."""
    soffice, pdftotext = _tools()
    paths = []
    for name, data in documents.items():
        paths.append(tmp_path / f"{name}.docx")
        paths[-1].write_bytes(data)
    subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), *map(str, paths)], check=True, capture_output=True, timeout=300)
    out = {}
    for name in documents:
        pdf = tmp_path / f"{name}.pdf"
        text = subprocess.run([pdftotext, str(pdf), "-"], check=True, capture_output=True,
                              timeout=60).stdout.decode()
        out[name] = (pdf.read_bytes(), text)
    return out


def pages_of(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf))


def page_sizes(pdf: bytes) -> set[tuple[int, int]]:
    boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)", pdf)
    return {(round(float(w)), round(float(h))) for w, h in boxes}


def flat(text: str) -> str:
    """pdftotext's text without the spaces and line breaks the layout puts between characters."""
    return re.sub(r"\s+", "", text)


def office_letterhead() -> bytes:
    """An office's red-header template as it would be uploaded: A4, its body at {{正文}}."""
    d = docx.Document()
    section = d.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(26)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    d.add_paragraph("{{发文机关}}文件")
    d.add_paragraph("{{文号}}")
    d.add_paragraph("{{标题}}")
    d.add_paragraph("主送：{{主送}}")
    d.add_paragraph("{{正文}}")
    d.add_paragraph("{{日期}}")
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


@pytest.fixture
def ladder_documents(app) -> dict[str, tuple[str, str, bytes]]:
    """The basic world's lead item walked up the default ladder: {name: (文号, title, .docx)} of the blue, yellow
    and red 督办单, the day-after 催办通知书, the red 督办单 again on the office's red-header template, and the
    chase list's 督办通知单 (on the template too, once there is one)."""
    world = basic_world()
    world.units["wj"].leader_in_charge = "副区长 张三"
    for day in (date(2022, 3, 30), date(2022, 4, 1), date(2022, 4, 20)):  # before the due date, the day after, late
        walk_ladder(world.campaign, day)
    db.session.commit()
    records = list(db.session.scalars(select(EscalationRecord).where(EscalationRecord.skipped.is_(False))
                                      .order_by(EscalationRecord.id)))
    assert [r.step.colour.value for r in records] == ["blue", "yellow", "red"]
    docs = {r.step.colour.value: (r.notice_entry.number_text, r.step.colour.label, record_document(r, "notice"))
            for r in records}
    urged = records[1]
    docs["urge"] = (urged.urge_entry.number_text, "催办通知书", record_document(urged, "urge"))
    save_letterhead("红头模板.docx", office_letterhead(), None)
    db.session.commit()
    red = records[2]
    docs["letterhead"] = (red.notice_entry.number_text, "红色督办单", record_document(red, "notice", letterhead_bytes()))
    notices = issue_notices(world.campaign, date(2022, 4, 20), world.users["office"])  # the chase list's 督办通知单
    assert [n["unit"] for n in notices] == [UNIT]
    docs["notices"] = (notices[0]["number"], "督办通知单", notices_bytes(world.campaign, date(2022, 4, 20), notices))
    return docs


def test_every_document_sent_prints_on_one_a4_page_with_its_number_unit_and_title(ladder_documents, tmp_path):
    pdfs = to_pdf(tmp_path, {name: data for name, (_, _, data) in ladder_documents.items()})
    for name, (number, title, _) in ladder_documents.items():
        pdf, text = pdfs[name]
        assert pages_of(pdf) == 1, name
        assert page_sizes(pdf) == {A4_POINTS}, name
        body = flat(text)
        assert number in body and UNIT in body and title in body and TASK in body, (name, text)
    numbers = [number for name, (number, _, _) in ladder_documents.items() if name != "letterhead"]
    assert len(set(numbers)) == len(numbers) == 5  # each document its own 文号 of the register
    assert "抄送：副区长张三" in flat(pdfs["urge"][1])  # the 催办通知书 is copied to the unit's 分管领导
    for name in ("letterhead", "notices"):  # written on the office's template: its header, the addressee filled
        on_template = flat(pdfs[name][1])
        assert "领导小组办公室文件" in on_template and f"主送：{UNIT}" in on_template and "{{" not in on_template
