"""An export ledger_world: progress, reviews, a score, an overdue flag and evidence files on disk."""
import hashlib
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from flask import current_app

from tests.factories import basic_world, make_task
from tracker.assignments.services import add_progress_update, submit_assignment
from tracker.evidence.models import Evidence, EvidenceLink
from tracker.extensions import db
from tracker.review.models import TaskScore
from tracker.review.services import approve_assignment, return_for_revision
from tracker.scheduler.models import Flag

TODAY = date(2022, 8, 20)
DANGEROUS_PROGRESS = '=HYPERLINK("http://evil.example","点我")'


def assignment_of(task, unit):
    return next(a for a in task.assignments if a.unit_id == unit.id)


def add_evidence(assignment, user, name: str, content: bytes, *, day=date(2022, 3, 1), title=None, kind="pdf"):
    """An Evidence row linked to the assignment, its file written under UPLOAD_FOLDER/evidence."""
    folder = Path(current_app.config["UPLOAD_FOLDER"]) / "evidence"
    folder.mkdir(parents=True, exist_ok=True)
    stored = f"{hashlib.md5(name.encode() + content).hexdigest()}{assignment.id}.{kind}"  # noqa: S324
    (folder / stored).write_bytes(content)
    ev = Evidence(unit_id=assignment.unit_id, uploader_id=user.id, stored_name=stored, original_name=name,
                  title=title, content_type="application/pdf", kind=kind, size=len(content),
                  sha256=hashlib.sha256(content).hexdigest(), document_date=day,
                  created_at=datetime(2022, 3, 2, 1, 0))
    db.session.add(ev)
    db.session.flush()
    db.session.add(EvidenceLink(evidence_id=ev.id, assignment_id=assignment.id, linked_by_id=user.id))
    db.session.flush()
    return ev


def pdf_bytes(pages: int) -> bytes:
    objs = "".join(f"{i + 3} 0 obj << /Type /Page /Parent 2 0 R >> endobj\n" for i in range(pages))
    return f"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Count {pages} >> endobj\n{objs}%%EOF\n".encode()


@pytest.fixture
def ledger_world(app):
    w = basic_world()
    units, users = w.units, w.users
    t1, t2 = w.tasks
    t3 = make_task(w.campaign, "建立长期协作的组织体系", [units["wj"]])  # ongoing, same category as t1
    t1.co_submission = "separate"  # 区发改局 stays 未开始 (and late) after 区卫健局 is approved
    w.tasks.append(t3)
    a = assignment_of(t1, units["wj"])
    add_progress_update(a, users["wj"], a.version, DANGEROUS_PROGRESS, "经费不足", "-继续推进")
    submit_assignment(a, users["wj"], a.version, "已完成")
    approve_assignment(a, users["office"])
    b = assignment_of(t2, units["fg"])
    add_progress_update(b, users["fg"], b.version, "已起草政策文件", "", "")
    submit_assignment(b, users["fg"], b.version, "请审核")
    return_for_revision(b, "材料不全，请补充印发文件", users["office"])
    db.session.add(TaskScore(task_id=t1.id, score=Decimal("8.5"), comment=""))
    late = assignment_of(t1, units["fg"])
    db.session.add(Flag(assignment_id=late.id, kind="overdue", due_on=date(2022, 3, 31), opened_on=date(2022, 4, 1)))
    add_evidence(a, users["wj"], "实施意见.pdf", pdf_bytes(3), title="区政府关于推进婴幼儿照护服务的实施意见")
    add_evidence(a, users["wj"], "会议纪要:第1次?.pdf", pdf_bytes(2), day=date(2022, 2, 1))
    add_evidence(a, users["wj"], "会议纪要_第1次_.pdf", b"%PDF-1.4 other", day=date(2020, 5, 1))  # out of window
    add_evidence(assignment_of(t1, units["fg"]), users["fg"], "CON.pdf", pdf_bytes(1))
    add_evidence(b, users["fg"], "政策文件.pdf", pdf_bytes(4), day=date(2022, 6, 1))
    db.session.commit()
    return w
