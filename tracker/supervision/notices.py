"""督办通知单: per unit, its overdue and at-risk assignments (the chase list's rule), as .docx documents."""
from datetime import date
from pathlib import Path

from tracker.assignments.due import due_date, is_overdue
from tracker.campaigns.models import Campaign
from tracker.documents.notice import notices_docx
from tracker.extensions import db
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
        notice = by_unit.setdefault(a.unit_id, {"unit": a.unit.name, "order": (a.unit.display_order, a.unit.name),
                                                "items": []})
        notice["items"].append({"category": a.task.category.name, "task": a.task.title,
                                "deadline": due.isoformat() if due else None, "state": state,
                                "chases": a.chase_count or 0})
    return sorted(by_unit.values(), key=lambda n: n["order"])


def write_unit_notices(campaign: Campaign, today: date, out_dir: Path, *, single: bool = False) -> list[Path]:
    """One 督办通知单-<unit>.docx per unit in `out_dir` (or one 督办通知单.docx with a page per unit)."""
    notices = unit_notices(campaign, today)
    out_dir.mkdir(parents=True, exist_ok=True)
    kw = {"issuer": issuer_of(campaign), "issued_on": today.isoformat()}
    if single:
        path = out_dir / "督办通知单.docx"
        path.write_bytes(notices_docx(notices, number_text=f"{today.year}年", **kw))
        return [path] if notices else []
    paths = []
    for n, notice in enumerate(notices, start=1):
        path = out_dir / f"督办通知单-{_file_safe(notice['unit'])}.docx"
        path.write_bytes(notices_docx([notice], number_text=f"督办〔{today.year}〕{n}号", **kw))
        paths.append(path)
    return paths


def _file_safe(name: str) -> str:
    return "".join(ch for ch in name if ch not in '\\/:*?"<>|\0').strip() or "单位"
