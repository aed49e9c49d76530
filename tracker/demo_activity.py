"""A little recorded work for the demo, so that lists, review queue and dashboard are not empty.

It goes through the same services as the pages: notes, submissions, one approval, one return.
"""
from datetime import datetime, time, timedelta

from sqlalchemy import select, update

from tracker import clock
from tracker.assignments.models import Assignment
from tracker.assignments.services import add_progress_update, submit_assignment
from tracker.auth.models import User
from tracker.auth.services import find_user
from tracker.evidence.services import co_material
from tracker.extensions import db
from tracker.review.services import approve_assignment, return_for_revision
from tracker.tasks.models import Task

NOTES = (
    ("已起草文件初稿，征求相关部门意见。", "部分部门反馈较慢。", "本月底前提请区政府常务会审议。"),
    ("已召开专题会议研究部署，明确责任分工。", "", "按季度调度推进情况。"),
    ("已完成摸底调查，建立工作台账。", "专业人员不足。", "联合人社部门开展培训。"),
)
SUMMARY = "已按清单要求完成，请审核。"
RETURN_REASON = "佐证材料缺少正式印发文件（含文号），请补充后重新提交。"


def _liaison(unit_id: int) -> User | None:
    return db.session.scalar(select(User).where(User.unit_id == unit_id, User.role == "unit").limit(1))


def seed_activity(campaign) -> None:
    """Eight lead assignments get a note; five are submitted; the office approves two and returns one."""
    office = find_user("office")
    leads = db.session.scalars(
        select(Assignment).join(Task).where(Task.campaign_id == campaign.id, Assignment.role == "lead")
        .order_by(Task.sequence).limit(8)
    ).all()
    for i, a in enumerate(leads):
        user = _liaison(a.unit_id)
        if user is None:
            continue
        add_progress_update(a, user, a.version, *NOTES[i % len(NOTES)])
        if i < 5:
            submit_assignment(a, user, a.version, SUMMARY, carried=co_material(a))
        if i < 2:
            approve_assignment(a, office)
        elif i == 2:
            return_for_revision(a, RETURN_REASON, office)
    db.session.flush()
    _acknowledge_the_past(campaign)


def _acknowledge_the_past(campaign, late: int = 3) -> None:
    """签收 in the demo: the list was handed out long ago, so its items count as acknowledged when created (as the
    migration did for old data) — except the last few leads, given a week before the demo's day and still
    waiting, so the 催办 list's 未签收 tab has something to show."""
    ids = db.session.scalars(select(Assignment.id).join(Task).where(
        Task.campaign_id == campaign.id, Assignment.acknowledged_at.is_(None), Assignment.role == "lead")
        .order_by(Task.sequence.desc()).limit(late)).all()
    given = datetime.combine(clock.today(campaign.timezone) - timedelta(days=7), time(2, 0))
    if ids:
        db.session.execute(update(Assignment).where(Assignment.id.in_(ids)).values(created_at=given),
                           execution_options={"synchronize_session": False})
    in_campaign = select(Task.id).where(Task.campaign_id == campaign.id)
    db.session.execute(update(Assignment).where(Assignment.task_id.in_(in_campaign),
                                                Assignment.acknowledged_at.is_(None), Assignment.id.not_in(ids))
                       .values(acknowledged_at=Assignment.created_at), execution_options={"synchronize_session": False})
    db.session.flush()
