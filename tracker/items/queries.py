"""The 督办事项 list: one page of items with their task, units and number, filtered by source and status, and
the counts per source and per status for the filter's badges — in a fixed number of queries."""
from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, func, or_, select

from tracker.assignments.due import overdue_sql
from tracker.assignments.models import Assignment, Role
from tracker.campaigns.models import Campaign
from tracker.database import count_if
from tracker.extensions import db
from tracker.items.models import Source, SupervisionItem
from tracker.registers.models import RegisterEntry
from tracker.tasks.models import Task
from tracker.web.pagination import Page, page_of

# the item's state is its lead's (主办单位's): 已办结 once the office approved it in 办结审核
STATE_FILTERS = {"not_started": "未开始", "in_progress": "推进中", "submitted": "待审核", "returned": "已退回",
                 "approved": "已办结", "overdue": "逾期"}


@dataclass
class ItemFilters:
    source: str = ""
    state: str = ""
    q: str = ""

    @classmethod
    def from_args(cls, args) -> "ItemFilters":
        source, state = args.get("source", ""), args.get("state", "")
        return cls(source if source in Source.values() else "", state if state in STATE_FILTERS else "",
                   args.get("q", "").strip()[:100])


def _lead_join(stmt):
    return stmt.join(Task, Task.id == SupervisionItem.task_id).outerjoin(
        Assignment, and_(Assignment.task_id == Task.id, Assignment.role == Role.LEAD))


def _state_clause(campaign: Campaign, state: str, today: date):
    if state == "overdue":
        return overdue_sql(campaign, today)
    return Assignment.status == state


def item_page(campaign: Campaign, today: date, f: ItemFilters, *visible, page: int = 1) -> Page:
    """One page (50) of the campaign's items, newest number first, with task, units and register entry."""
    stmt = _lead_join(select(SupervisionItem)).join(RegisterEntry, RegisterEntry.id == SupervisionItem.register_entry_id)
    stmt = stmt.where(SupervisionItem.campaign_id == campaign.id, *visible)
    if f.source:
        stmt = stmt.where(SupervisionItem.source == f.source)
    if f.state:
        stmt = stmt.where(_state_clause(campaign, f.state, today))
    if f.q:
        like = f"%{f.q}%"
        stmt = stmt.where(or_(Task.title.like(like), RegisterEntry.number_text.like(like),
                              SupervisionItem.leader_name.like(like), SupervisionItem.instruction_text.like(like)))
    total = db.session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    stmt = stmt.options(db.contains_eager(SupervisionItem.register_entry),
                        db.selectinload(SupervisionItem.task).selectinload(Task.assignments).joinedload(Assignment.unit),
                        db.joinedload(SupervisionItem.meeting), db.joinedload(SupervisionItem.inspection))
    return page_of(stmt.order_by(RegisterEntry.year.desc(), RegisterEntry.serial.desc()), page, total=total)


def item_counts(campaign: Campaign, today: date, *visible) -> dict[str, dict[str, int]]:
    """{"source": {source: n, "all": n}, "state": {state: n}} over the campaign's items, in one query."""
    sources = [count_if(SupervisionItem.source == s).label(s) for s in Source.values()]
    states = [count_if(_state_clause(campaign, s, today)).label(f"state_{s}") for s in STATE_FILTERS]
    row = db.session.execute(_lead_join(select(func.count(SupervisionItem.id).label("all"), *sources, *states))
                             .where(SupervisionItem.campaign_id == campaign.id, *visible)).one()._mapping
    return {"source": {"all": row["all"], **{s: row[s] or 0 for s in Source.values()}},
            "state": {s: row[f"state_{s}"] or 0 for s in STATE_FILTERS}}
