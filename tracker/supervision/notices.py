"""督办通知单: per unit, its overdue and at-risk assignments (the chase list's rule), as .docx documents."""
from datetime import date
from pathlib import Path

from tracker.assignments.due import due_date, is_overdue
from tracker.campaigns.models import Campaign
from tracker.documents.notice import notices_docx
from tracker.extensions import db
from tracker.registers.models import DocKind
from tracker.registers.services import issue_number, letterhead_bytes
from tracker.supervision.services import chase_candidates
from tracker.supervision.xlsx import issuer_of


def unit_notices(campaign: Campaign, today: date, assignment_ids: list[int] | None = None) -> list[dict]:
    """Per unit (in registry order): the lagging assignments it owes — overdue, or due within the lead days and not
    started — with category, task, deadline, state and chases; `assignment_ids` narrows to those (the 催办 action)."""
    stmt = chase_candidates(campaign, today, "lagging")
    by_unit: dict[int, dict] = {}
    for a in db.session.scalars(stmt).unique():
        if assignment_ids is not None and a.id not in assignment_ids:
            continue
        due = due_date(a)
        state = f"逾期{(today - due).days}天" if is_overdue(a, today) else f"临期（剩{(due - today).days}天）"
        notice = by_unit.setdefault(a.unit_id, {"unit": a.unit.name, "unit_id": a.unit_id,
                                                "order": (a.unit.display_order, a.unit.name), "items": []})
        notice["items"].append({"category": a.task.category.name, "task": a.task.title,
                                "deadline": due.isoformat() if due else None, "state": state,
                                "chases": a.chase_count or 0})
    return sorted(by_unit.values(), key=lambda n: n["order"])


def issue_notices(campaign: Campaign, today: date, actor=None, assignment_ids: list[int] | None = None) -> list[dict]:
    """The units' 督办通知单 of `unit_notices`, each numbered from the 发文登记 (one 文号 per unit). Flushes."""
    notices = unit_notices(campaign, today, assignment_ids)
    for notice in notices:
        entry = issue_number(DocKind.NOTICE, f"督办通知单（{notice['unit']}）", today, actor,
                             campaign_id=campaign.id, unit_id=notice["unit_id"])
        notice["number"] = entry.number_text
    return notices


def notices_bytes(campaign: Campaign, today: date, notices: list[dict]) -> bytes:
    """One .docx holding the notices, a page per unit, each with its own 文号."""
    return notices_docx(notices, issuer=issuer_of(campaign), number_text="", issued_on=today.isoformat(),
                        letterhead=letterhead_bytes())


def write_unit_notices(campaign: Campaign, today: date, out_dir: Path, *, single: bool = False,
                       actor=None) -> list[Path]:
    """One 督办通知单-<unit>.docx per unit in `out_dir` (or one 督办通知单.docx with a page per unit), each notice
    numbered from the register. Flushes (the caller commits the numbers)."""
    notices = issue_notices(campaign, today, actor)
    out_dir.mkdir(parents=True, exist_ok=True)
    if single:
        path = out_dir / "督办通知单.docx"
        path.write_bytes(notices_bytes(campaign, today, notices))
        return [path] if notices else []
    paths = []
    for notice in notices:
        path = out_dir / f"督办通知单-{_file_safe(notice['unit'])}.docx"
        path.write_bytes(notices_bytes(campaign, today, [notice]))
        paths.append(path)
    return paths


def _file_safe(name: str) -> str:
    return "".join(ch for ch in name if ch not in '\\/:*?"<>|\0').strip() or "单位"
