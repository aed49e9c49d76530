"""The campaign the user is looking at: chosen in the top bar, else the newest they may see.

Which campaigns a user may see is the visibility policy's (a unit: those it holds assignments in).
"""
from flask import g, session
from flask_login import current_user
from sqlalchemy import select

from tracker.assignments.visibility import scope
from tracker.campaigns.models import Campaign
from tracker.extensions import db


def _visible_campaigns():
    return select(Campaign).where(scope(current_user, Campaign)).order_by(Campaign.id.desc())


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
