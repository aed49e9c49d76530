"""A synthetic city for the benchmarks, built with bulk inserts equivalent to the app's services.

At scale 1.0: 100 units (groups, short names, aliases) with a liaison each, one campaign whose 5,000 tasks in 20
categories give 25,000 assignments (one lead, four co-units) in every state, progress notes, reviews, 50,000
evidence files linked to their assignments, audit events, the office's messages, and the open flags of a real
sweep. Every unit holds 1/100 of the work. Scale 0.2 is the same city with a fifth of the tasks.

The rows are what the services would write (same columns, same audit events); what the app keeps besides the
rows it derives the way a bulk import does (`refresh_derived`).
"""
import hashlib
import time
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import insert, select, text
from werkzeug.security import generate_password_hash

from tests.factories import make_campaign
from tracker.assignments.models import Assignment, ProgressUpdate
from tracker.audit.models import AuditEvent
from tracker.auth.models import User
from tracker.campaigns.models import Campaign
from tracker.evidence.models import Evidence, EvidenceLink
from tracker.extensions import db
from tracker.notifications.models import Notification
from tracker.review.models import Review
from tracker.scheduler.sweep import sweep_deadlines
from tracker.tasks.models import Category, Task, title_key
from tracker.units.models import Unit, UnitAlias

TODAY = date(2022, 5, 20)  # mid-campaign: twelve days before the 自查评估 gate
UNITS = 100
CATEGORIES = 20
TASKS_FULL = 5000
PER_TASK = 5
GROUPS = ("镇办", "部门", "群团", "园区")
# in 20 assignments: 4 not started, 7 in progress, 3 submitted, 2 returned, 4 approved
STATES = ("not_started",) * 4 + ("in_progress",) * 7 + ("submitted",) * 3 + ("returned",) * 2 + ("approved",) * 4
CHUNK = 5000


@dataclass
class City:
    campaign_id: int
    assignments: int
    tasks: int
    evidence: int
    sweep_s: float
    build_s: float
    liaison: str  # a unit's liaison (its unit holds 1/100 of the work)
    sample_assignment: int  # one of that unit's assignments, as lead, with notes, files and reviews


def _bulk(model, rows: list[dict]) -> None:
    for i in range(0, len(rows), CHUNK):
        db.session.execute(insert(model), rows[i:i + CHUNK])


def _ids(column) -> list[int]:
    return list(db.session.scalars(select(column).order_by(column)))


def _units() -> list[int]:
    _bulk(Unit, [{"name": f"区第{i:03d}责任单位", "short_name": f"责{i:03d}", "group_name": GROUPS[i % len(GROUPS)],
                  "display_order": i} for i in range(UNITS)])
    unit_ids = _ids(Unit.id)
    _bulk(UnitAlias, [{"unit_id": uid, "alias": f"第{i:03d}单位", "position": 0} for i, uid in enumerate(unit_ids)])
    return unit_ids


def _users(unit_ids: list[int]) -> None:
    pw = generate_password_hash("bench12345", method="pbkdf2:sha256:1000")
    rows = [{"username": name, "display_name": name, "role": role, "unit_id": None, "password_hash": pw,
             "session_token": hashlib.md5(name.encode()).hexdigest()}  # noqa: S324 (a token, not a secret)
            for name, role in (("office", "office"), ("leader", "leader"), ("admin", "admin"))]
    rows += [{"username": f"u{i:03d}", "display_name": f"联络员{i:03d}", "role": "unit", "unit_id": uid,
              "password_hash": pw, "session_token": hashlib.md5(f"u{i:03d}".encode()).hexdigest()}  # noqa: S324
             for i, uid in enumerate(unit_ids)]
    _bulk(User, rows)


def _deadline(i: int) -> date | None:
    """A quarter 长期; the rest on 45 dates from four months before today to two months after."""
    return None if i % 4 == 0 else TODAY + timedelta(days=(i * 7) % 180 - 120)


def _tasks(campaign: Campaign, n: int) -> list[int]:
    _bulk(Category, [{"campaign_id": campaign.id, "name": f"类别{c:02d}", "sequence": c} for c in range(CATEGORIES)])
    cats = _ids(Category.id)
    rows = []
    for i in range(n):
        title = f"第{i}项创建任务：完善婴幼儿照护服务政策体系，推动托育机构建设并组织实施"
        rows.append({"campaign_id": campaign.id, "category_id": cats[i * CATEGORIES // n], "sequence": i + 1,
                     "title": title, "title_key": title_key(title), "deadline": _deadline(i),
                     "deadline_text": None if i % 4 else "长期坚持", "points": 5})
    _bulk(Task, rows)
    return _ids(Task.id)


def _moment(k: int) -> datetime:
    """A stored (UTC) timestamp in the 60 days before today."""
    return datetime.combine(TODAY, datetime.min.time()) - timedelta(minutes=(k * 37) % (60 * 24 * 60))


def _assignments(task_ids: list[int], unit_ids: list[int]) -> list[tuple[int, int, str]]:
    rows = []
    for i, tid in enumerate(task_ids):
        for j in range(PER_TASK):
            k = i * PER_TASK + j
            status = STATES[((k * 2654435761) >> 7) % len(STATES)]
            rows.append({"task_id": tid, "unit_id": unit_ids[(i * 7 + j * 20) % UNITS], "role": "co" if j else "lead",
                         "position": j, "status": status, "version": 1 if status == "not_started" else 3,
                         "submit_summary": "已按要求完成，材料齐全" if status != "not_started" else None,
                         "submitted_at": _moment(k) if status in ("submitted", "approved", "returned") else None,
                         "created_at": _moment(k) - timedelta(days=30), "updated_at": _moment(k)})
    _bulk(Assignment, rows)
    return [tuple(r) for r in db.session.execute(
        select(Assignment.id, Assignment.unit_id, Assignment.status).order_by(Assignment.id))]


def _work(campaign: Campaign, assignments, users: dict[int, int], office_id: int) -> int:
    """Progress notes, reviews, evidence and their links, audit events and the office's messages."""
    notes, reviews, files, events, messages = [], [], [], [], []
    for k, (aid, uid, status) in enumerate(assignments):
        when = _moment(k)
        base = {"campaign_id": campaign.id, "assignment_id": aid, "actor_id": users[uid], "object_type": "assignments",
                "object_id": aid}
        if status != "not_started":
            notes.append({"assignment_id": aid, "author_id": users[uid], "created_at": when - timedelta(days=2),
                          "progress": f"已完成第{k}项工作的主要部分，正在推进", "problems": "经费不足", "next_steps": "下月完成"})
            events.append({**base, "action": "progress.add", "summary": "填报进展", "created_at": when - timedelta(days=2)})
        if status in ("submitted", "approved", "returned"):
            events.append({**base, "action": "assignment.submitted", "summary": "提交审核", "created_at": when})
            messages.append({"user_id": office_id, "kind": "submitted", "text": "单位提交了任务，请审核。",
                             "link": f"/assignments/{aid}", "created_at": when,
                             "read_at": None if status == "submitted" else when})
        if status in ("approved", "returned"):
            decision = "approve" if status == "approved" else "return"
            reviews.append({"assignment_id": aid, "reviewer_id": office_id, "decision": decision,
                            "reason": "" if decision == "approve" else "材料不全，请补充", "created_at": when + timedelta(hours=3)})
            events.append({**base, "actor_id": office_id, "action": f"review.{decision}", "summary": "审核",
                           "created_at": when + timedelta(hours=3)})
        for f in range(2):
            files.append({"unit_id": uid, "uploader_id": users[uid], "stored_name": f"{aid:08d}-{f}.pdf",
                          "original_name": f"佐证材料{k}-{f}.pdf", "title": None, "content_type": "application/pdf",
                          "kind": "pdf", "size": 250_000, "sha256": hashlib.sha256(f"{aid}/{f}".encode()).hexdigest(),
                          "document_date": TODAY - timedelta(days=k % 200), "page_count": 3, "created_at": when})
    for model, rows in ((ProgressUpdate, notes), (Review, reviews), (AuditEvent, events), (Notification, messages),
                        (Evidence, files)):
        _bulk(model, rows)
    by_name = dict(db.session.execute(select(Evidence.stored_name, Evidence.id)).all())
    _bulk(EvidenceLink, [{"evidence_id": by_name[f"{aid:08d}-{f}.pdf"], "assignment_id": aid, "linked_by_id": users[uid]}
                         for aid, uid, _ in assignments for f in range(2)])
    return len(files)


def analyze() -> None:
    """Planner statistics, as a database that has lived a while has them."""
    dialect = db.engine.dialect.name
    if dialect in ("postgresql", "sqlite"):
        db.session.execute(text("ANALYZE"))
    db.session.commit()


def build_city(scale: float, refresh_derived=None) -> City:
    """Populate an empty schema; `refresh_derived()` is what a bulk import runs after writing rows."""
    start = time.perf_counter()
    campaign = make_campaign()
    unit_ids = _units()
    _users(unit_ids)
    db.session.flush()
    users = dict(db.session.execute(select(User.unit_id, User.id).where(User.role == "unit")).all())
    office_id = db.session.scalar(select(User.id).where(User.username == "office"))
    task_ids = _tasks(campaign, int(TASKS_FULL * scale))
    assignments = _assignments(task_ids, unit_ids)
    n_files = _work(campaign, assignments, users, office_id)
    if refresh_derived is not None:
        refresh_derived()
    db.session.commit()
    analyze()
    build_s = time.perf_counter() - start
    start = time.perf_counter()
    sweep_deadlines(db.session.get(Campaign, campaign.id), TODAY)
    db.session.commit()
    sweep_s = time.perf_counter() - start
    analyze()
    unit0 = unit_ids[0]
    sample = db.session.scalar(
        select(Assignment.id).join(Review, Review.assignment_id == Assignment.id)
        .where(Assignment.unit_id == unit0, Assignment.role == "lead").order_by(Assignment.id).limit(1))
    return City(campaign.id, len(assignments), len(task_ids), n_files, sweep_s, build_s, "u000", sample)
