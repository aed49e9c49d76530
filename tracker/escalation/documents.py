"""The documents a ladder step issues — its 三色督办单 and its 催办通知书 — rebuilt from the step's snapshot."""
from tracker.documents.notice import notices_docx
from tracker.documents.word import chinese_date
from tracker.errors import NotFound
from tracker.escalation.models import EscalationRecord
from tracker.supervision.xlsx import issuer_of

URGE_REQUEST = ("请你单位高度重视，于收到本通知书后 3 个工作日内办结上述任务并在系统中报送佐证材料；确有困难的，"
                "请书面说明原因及完成时限，报领导小组办公室。")
NOTICE_REQUEST = "请你单位对照完成时限，倒排工期，确保按时办结，并在系统中及时报送进展和佐证材料。"


def record_document(record: EscalationRecord, which: str, letterhead: bytes | None = None) -> bytes:
    """'notice' (the step's 督办单 in its colour) or 'urge' (its 催办通知书, copied to the 分管领导) as .docx."""
    snap, step = record.snapshot or {}, record.step
    entry = record.notice_entry if which == "notice" else record.urge_entry if which == "urge" else None
    if entry is None or not snap:
        raise NotFound()
    item = {k: snap[k] for k in ("category", "task", "deadline", "state", "chases")}
    intro = f"截至{chinese_date(snap['today'])}，你单位承担的下列创建任务已到“{snap['step']}”，现予督办："
    notice = {"unit": snap["unit"], "number": entry.number_text, "items": [item], "intro": intro}
    if which == "notice":
        notice |= {"title": step.colour.label, "colour": step.colour.value, "request": NOTICE_REQUEST}
    else:
        notice |= {"title": "催办通知书", "request": URGE_REQUEST, "cc": snap.get("leader") or ""}
    campaign = record.assignment.task.campaign
    return notices_docx([notice], issuer=issuer_of(campaign), number_text=entry.number_text,
                        issued_on=snap["today"], title=notice["title"], letterhead=letterhead)
