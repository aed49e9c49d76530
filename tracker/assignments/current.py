"""The campaign the user is looking at: chosen in the top bar, else the newest they take part in.

A unit liaison sees only the campaigns its unit holds assignments in; everyone else sees all.
"""
from flask import g, session
from flask_login import current_user
from sqlalchemy import select

from tracker.assignments.models import Assignment
from tracker.campaigns.models import Campaign
from tracker.extensions import db
from tracker.tasks.models import Task


def _visible_campaigns():
    stmt = select(Campaign).order_by(Campaign.id.desc())
    if current_user.is_authenticated and current_user.role == "unit":
        mine = (select(Task.campaign_id).join(Assignment, Assignment.task_id == Task.id)
                .where(Assignment.unit_id == current_user.unit_id))
        stmt = stmt.where(Campaign.id.in_(mine))
    return stmt


def current_campaign() -> Campaign | None:
    if "campaign" not in g:
        campaign = None
        if cid := session.get("campaign_id"):
            campaign = db.session.scalar(_visible_campaigns().where(Campaign.id == cid))
        if campaign is None:
            campaign = db.session.scalar(_visible_campaigns().limit(1))
        g.campaign = campaign
    return g.campaign


def all_campaigns() -> list[Campaign]:
    return list(db.session.scalars(_visible_campaigns()))


def campaign_for_switch(slug: str) -> Campaign | None:
    """A campaign the user may switch to (a unit: one it takes part in)."""
    return db.session.scalar(_visible_campaigns().where(Campaign.slug == slug))
