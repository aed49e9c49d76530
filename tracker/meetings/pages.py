"""What the body and meeting pages show, for a user: composed here so the routes stay thin.

A unit sees its own membership (duty, liaisons), the directory, the meetings and only the matters it holds
(visibility.py decides: a unit's task list is scoped to its assignments); the office and leaders see all.
"""
from dataclasses import dataclass
from datetime import date

from tracker.assignments.due import due_date
from tracker.campaigns.models import Campaign
from tracker.extensions import db
from tracker.meetings.meetings import is_done, matters, meetings_of
from tracker.meetings.members import members_of
from tracker.meetings.models import Meeting
from tracker.meetings.services import body_of
from tracker.tasks.models import Task


@dataclass
class MatterRow:
    task: Task
    done: bool
    due: date | None
    mine: object  # the user's own assignment on it (a unit), else None


def _rows(user, tasks: list[Task]) -> list[MatterRow]:
    rows = []
    for t in tasks:
        lead = t.lead
        mine = next((a for a in t.assignments if a.unit_id == getattr(user, "unit_id", None)), None)
        rows.append(MatterRow(t, is_done(t), due_date(lead) if lead else t.deadline, mine))
    return rows


def body_page(user, campaign: Campaign) -> dict:
    members = members_of(campaign)
    meetings = meetings_of(campaign)
    open_rows = _rows(user, matters(campaign, open_only=True, visible_to=user))
    mine = next((m for m in members if m.unit_id == getattr(user, "unit_id", None)), None)
    return {"campaign": campaign, "body": body_of(campaign), "members": members, "meetings": meetings,
            "meetings_by_id": {m.id: m for m in meetings},
            "open_rows": open_rows, "membership": mine}


def meeting_page(user, meeting: Meeting) -> dict:
    campaign = db.session.get(Campaign, meeting.campaign_id)
    rows = _rows(user, matters(campaign, meeting_id=meeting.id, visible_to=user))
    present = [a for a in meeting.attendance if a.present]
    return {"campaign": campaign, "meeting": meeting, "rows": rows, "done": sum(r.done for r in rows),
            "present": present, "absent": [a for a in meeting.attendance if not a.present]}
