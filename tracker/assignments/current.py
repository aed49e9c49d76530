"""The campaign the user is looking at: chosen in the top bar, else the newest they may see.

Which campaigns a user may see is the visibility policy's (a unit: those it holds assignments in).
"""
from flask import g, session
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from tracker.assignments.visibility import scope
from tracker.campaigns.models import Campaign
from tracker.extensions import db


def _visible_campaigns():
    return select(Campaign).where(scope(current_user, Campaign)).order_by(Campaign.id.desc())


def all_campaigns() -> list[Campaign]:
    """The campaigns the user may see, newest first, with their phases: one query per request."""
    if "campaigns" not in g:
        g.campaigns = list(db.session.scalars(_visible_campaigns().options(joinedload(Campaign.phases))).unique())
    return g.campaigns


def current_campaign() -> Campaign | None:
    if "campaign" not in g:
        campaigns = all_campaigns()
        cid = session.get("campaign_id")
        g.campaign = next((c for c in campaigns if c.id == cid), campaigns[0] if campaigns else None)
    return g.campaign


def campaign_for_switch(slug: str) -> Campaign | None:
    """A campaign the user may switch to (a unit: one it takes part in)."""
    return db.session.scalar(_visible_campaigns().where(Campaign.slug == slug))
