"""The campaign the user is looking at: chosen in the top bar, else the newest."""
from flask import g, session
from sqlalchemy import select

from tracker.campaigns.models import Campaign
from tracker.extensions import db


def current_campaign() -> Campaign | None:
    if "campaign" not in g:
        campaign = None
        if cid := session.get("campaign_id"):
            campaign = db.session.get(Campaign, cid)
        if campaign is None:
            campaign = db.session.scalar(select(Campaign).order_by(Campaign.id.desc()).limit(1))
        g.campaign = campaign
    return g.campaign


def all_campaigns() -> list[Campaign]:
    return list(db.session.scalars(select(Campaign).order_by(Campaign.id.desc())))
