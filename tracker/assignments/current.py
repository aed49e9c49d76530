"""The campaign the user is looking at: the one they last chose in the top bar (remembered per user), else —
on a first visit — the campaign in its active phase with the most open work, never a newly created empty one.

Which campaigns a user may see is the visibility policy's (a unit: those it holds assignments in).
"""
from datetime import date

from flask import g, session
from flask_login import current_user
from sqlalchemy import Select, func, select
from sqlalchemy.orm import joinedload

from tracker import clock
from tracker.assignments.models import OPEN_STATUSES, Assignment
from tracker.assignments.visibility import scope
from tracker.campaigns.models import Campaign
from tracker.database import count_if
from tracker.extensions import db
from tracker.tasks.models import Task


def _visible_campaigns():
    return select(Campaign).where(scope(current_user, Campaign)).order_by(Campaign.id.desc())


_STATEMENTS: dict[tuple, Select] = {}  # the top bar's statement per user: built once, its SQL compiled once


def _campaigns_statement() -> Select:
    key = (current_user.get_id(), current_user.role, current_user.unit_id)
    if (stmt := _STATEMENTS.get(key)) is None:
        if len(_STATEMENTS) >= 4096:
            _STATEMENTS.clear()
        stmt = _STATEMENTS[key] = _visible_campaigns().options(joinedload(Campaign.phases))
    return stmt


def all_campaigns() -> list[Campaign]:
    """The campaigns the user may see, newest first, with their phases: one query per request."""
    if "campaigns" not in g:
        if not current_user.is_authenticated:
            return []
        g.campaigns = list(db.session.scalars(_campaigns_statement()).unique())
    return g.campaigns


def current_campaign() -> Campaign | None:
    if "campaign" not in g:
        campaigns = all_campaigns()
        chosen = getattr(current_user, "last_campaign_id", None)
        g.campaign = next((c for c in campaigns if c.id == chosen), None) or _landing(campaigns)
    return g.campaign


def _landing(campaigns: list[Campaign]) -> Campaign | None:
    """The landing campaign, worked out once per session (it must not move under the user while they work)."""
    user_id = getattr(current_user, "id", None)
    kept = session.get("landing")
    mine = kept[1] if isinstance(kept, list) and len(kept) == 2 and kept[0] == user_id else None
    if found := next((c for c in campaigns if c.id == mine), None):
        return found
    campaign = landing_campaign(campaigns, current_user, clock.today())
    if campaign is not None and user_id is not None:
        session["landing"] = [user_id, campaign.id]
    return campaign


def is_active(campaign: Campaign, today: date) -> bool:
    """Today falls in one of the campaign's phases (begun, and the last phase not ended)."""
    if not campaign.phases or today < campaign.phases[0].starts_on:
        return False
    last = campaign.phases[-1]
    return last.ends_on is None or today <= last.ends_on


def landing_campaign(campaigns: list[Campaign], user, today: date) -> Campaign | None:
    """Where a user with no choice yet lands: a campaign with tasks before an empty one, then one in its active
    phase, then the one with the most open work (a unit: its own open assignments), then the newest."""
    if len(campaigns) < 2:
        return campaigns[0] if campaigns else None
    stmt = (select(Task.campaign_id, func.count(Assignment.id), count_if(Assignment.status.in_(OPEN_STATUSES)))
            .join(Assignment, Assignment.task_id == Task.id)
            .where(Task.campaign_id.in_([c.id for c in campaigns])).group_by(Task.campaign_id))
    if getattr(user, "role", None) == "unit":
        stmt = stmt.where(Assignment.unit_id == user.unit_id)
    work = {cid: (total, open_) for cid, total, open_ in db.session.execute(stmt)}

    def rank(c: Campaign) -> tuple:
        total, open_ = work.get(c.id, (0, 0))
        return total > 0, is_active(c, today), open_, c.id

    return max(campaigns, key=rank)


def remember_campaign(user, campaign: Campaign) -> None:
    """The user chose this campaign: they land on it from now on (flush only)."""
    user.last_campaign_id = campaign.id
    g.campaign = campaign
    db.session.flush()


def campaign_for_switch(slug: str) -> Campaign | None:
    """A campaign the user may switch to (a unit: one it takes part in)."""
    return db.session.scalar(_visible_campaigns().where(Campaign.slug == slug))
