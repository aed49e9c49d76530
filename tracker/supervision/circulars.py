"""通报: per-unit figures as of a date, overdue list, praise and criticism — kept as a snapshot.

Publishing a ranking of units is optional and **off by default** (整治形式主义为基层减负: no rankings unless the
office decides to): without it the table lists units in registry order with a 序号; `with_ranking=True` orders
by completion rate with a 排名. Praise suggestions are worked out from the rates either way (not published).
"""
from datetime import date

from sqlalchemy import case, func, select, update

from tracker import clock
from tracker.assignments.due import due_sql, overdue_sql
from tracker.assignments.models import DONE_STATUSES, Assignment
from tracker.assignments.states import owes_work_clause, submits_itself_clause
from tracker.audit.services import record_event
from tracker.campaigns.models import Campaign
from tracker.database import count_if
from tracker.extensions import db
from tracker.indicators.progress import standings
from tracker.indicators.status import fmt
from tracker.notifications.services import notify_unit
from tracker.registers.models import DocKind
from tracker.registers.services import issue_number
from tracker.review.models import Review
from tracker.supervision.models import Circular, CriticismProposal
from tracker.supervision.services import SupervisionError, open_proposals
from tracker.tasks.models import Task
from tracker.units.models import Unit

LONG_OVERDUE_DAYS = 30
REPEATED_RETURNS = 2
PRAISE_TOP = 3


def unit_stats(campaign: Campaign, as_of: date) -> list[dict]:
    """Per unit: assigned, submitted (awaiting review), done (`approved`: 已办结, its own approvals and its parts
    closed with the lead, `closed_with_lead` of them), returned, overdue — one GROUP BY query.

    `max_overdue_days` (for the suggestions) counts only the overdue work the unit owes itself; `own` and
    `own_approved` (for the praise) only the work it submits itself (a lead, or a co-unit submitting separately).
    """
    overdue, due = overdue_sql(campaign, as_of), due_sql(campaign)
    owed_overdue = overdue & owes_work_clause()
    own = submits_itself_clause()
    stmt = (select(Unit.id, Unit.name, func.count(Assignment.id), count_if(Assignment.status == "submitted"),
                   count_if(Assignment.status.in_(DONE_STATUSES)), count_if(Assignment.status == "closed_with_lead"),
                   count_if(Assignment.status == "returned"), count_if(overdue),
                   func.min(case((owed_overdue, due), else_=None)), count_if(own),
                   count_if(own & (Assignment.status == "approved")))
            .join(Assignment, Assignment.unit_id == Unit.id).join(Task, Task.id == Assignment.task_id)
            .where(Task.campaign_id == campaign.id)
            .group_by(Unit.id, Unit.name, Unit.display_order).order_by(Unit.display_order, Unit.name))
    returns = return_counts_by_unit(campaign.id)
    rows = []
    for order, (uid, name, assigned, submitted, done, closed, returned, overdue_n, oldest, own_n,
                own_approved) in enumerate(db.session.execute(stmt)):
        oldest = date.fromisoformat(oldest) if isinstance(oldest, str) else oldest
        rows.append({"unit_id": uid, "name": name, "assigned": assigned, "submitted": int(submitted),
                     "approved": int(done), "closed_with_lead": int(closed), "returned": int(returned),
                     "overdue": int(overdue_n), "rate": round(100 * int(done) / assigned, 1) if assigned else 0.0,
                     "own": int(own_n), "own_approved": int(own_approved),
                     "max_overdue_days": (as_of - oldest).days if oldest else 0,
                     "times_returned": returns.get(uid, 0), "order": order})
    return rank(rows)


def in_registry_order(units: list[dict]) -> list[dict]:
    """The table without a ranking: units in registry order, numbered (序号) instead of placed."""
    ordered = [dict(u) for u in sorted(units, key=lambda u: u.get("order", 0))]
    for i, u in enumerate(ordered, start=1):
        u["rank"] = i
    return ordered


def return_counts_by_unit(campaign_id: int) -> dict[int, int]:
    stmt = (select(Assignment.unit_id, func.count(Review.id)).join(Review, Review.assignment_id == Assignment.id)
            .join(Task, Task.id == Assignment.task_id)
            .where(Task.campaign_id == campaign_id, Review.decision == "return").group_by(Assignment.unit_id))
    return dict(db.session.execute(stmt).all())


def rank(rows: list[dict]) -> list[dict]:
    """Rank by completion rate, then approved, then fewest overdue; equal figures share a rank."""
    ordered = sorted(rows, key=lambda r: (-r["rate"], -r["approved"], r["overdue"], r["name"]))
    previous, place = None, 0
    for i, row in enumerate(ordered, start=1):
        key = (row["rate"], row["approved"], row["overdue"])
        place = place if key == previous else i
        row["rank"], previous = place, key
    return ordered


def overdue_list(campaign: Campaign, as_of: date, limit: int | None = None) -> list[dict]:
    """Overdue assignments on `as_of` (assignments/due.py), longest overdue first."""
    due = due_sql(campaign)
    stmt = (select(Task.title, Unit.name, due, Assignment.status, Assignment.chase_count)
            .select_from(Assignment).join(Task, Task.id == Assignment.task_id).join(Unit, Unit.id == Assignment.unit_id)
            .where(Task.campaign_id == campaign.id, overdue_sql(campaign, as_of))
            .order_by(due, Task.sequence, Unit.display_order, Unit.name).limit(limit))
    return [{"task": t, "unit": u, "deadline": d.isoformat(), "days": (as_of - d).days, "status": s, "chases": c}
            for t, u, d, s, c in db.session.execute(stmt)]


def suggestions(units: list[dict], proposals: dict[int, list[str]] | None = None) -> dict[str, list[dict]]:
    """Who the office might praise (top of the ranking, nothing overdue) or criticise (long overdue, returned,
    or proposed by the escalation ladder: `proposals`, unit id → reasons).

    Criticism names only a unit that itself owes overdue work (`max_overdue_days` counts what it owes): a co-unit
    feeding a lead, or a unit whose returned work is now in on time, is not named.
    """
    criticism, proposals = [], proposals or {}
    for u in units:
        if u["max_overdue_days"] <= 0:
            continue
        reasons = [f"督办升级：{r}" for r in dict.fromkeys(proposals.get(u["unit_id"], []))][:2]
        if u["max_overdue_days"] >= LONG_OVERDUE_DAYS:
            reasons.append(f"有任务逾期 {u['max_overdue_days']} 天")
        if u["times_returned"] >= REPEATED_RETURNS:
            reasons.append(f"材料被退回 {u['times_returned']} 次")
        if reasons:
            criticism.append({**u, "reason": "，".join(reasons)})
    return {"praise": praise_suggestions(units), "criticism": criticism}


def praise_suggestions(units: list[dict]) -> list[dict]:
    """Units to praise: those whose own submissions (not their parts closed with a lead) were approved, with
    nothing overdue, by the share of their own work approved; the first PRAISE_TOP and every unit level with the
    last of them (a tie is never broken by the order of names)."""
    def key(u):
        return (u["own_approved"] / u["own"], u["own_approved"])
    eligible = sorted((u for u in units if u["own_approved"] > 0 and u["overdue"] == 0),
                      key=lambda u: (*(-k for k in key(u)), u["order"]))
    if len(eligible) <= PRAISE_TOP:
        return eligible
    cut = key(eligible[PRAISE_TOP - 1])
    return [u for u in eligible if key(u) >= cut]


def totals(units: list[dict]) -> dict:
    keys = ("assigned", "submitted", "approved", "closed_with_lead", "returned", "overdue")
    out = {k: sum(u.get(k, 0) for u in units) for k in keys}
    out["rate"] = round(100 * out["approved"] / out["assigned"], 1) if out["assigned"] else 0.0
    return out


def standard_text(as_of: date, units: list[dict]) -> str:
    t = totals(units)
    closed = t["closed_with_lead"]
    done = (f"已办结{t['approved']}项（其中审核通过{t['approved'] - closed}项、配合单位随牵头办结{closed}项）" if closed
            else f"已审核通过{t['approved']}项")
    return (f"截至{as_of.isoformat()}，{len(units)}个责任单位共承担创建任务{t['assigned']}项，{done}，"
            f"完成率{t['rate']}%；逾期未完成{t['overdue']}项。请各责任单位对照责任清单，压实责任，加快推进，"
            f"按时报送佐证材料。")


def indicator_table(campaign: Campaign, as_of: date) -> list[dict]:
    """The plan's numbers on `as_of` as the 通报 prints them (indicators/status.py decides the status)."""
    rows = []
    for v in standings(campaign, as_of):
        latest, target = v.assessment.latest, v.compare_to
        rows.append({"name": v.indicator.name, "measure": v.indicator.measure,
                     "latest": fmt(latest.value) if latest else "", "latest_on": latest.on.isoformat() if latest else "",
                     "target": f"{v.indicator.direction_label}{fmt(target.value)}" if target else "",
                     "target_on": target.on.isoformat() if target else "",
                     "progress": v.percent, "status": v.assessment.status.value, "status_label": v.assessment.label,
                     "reason": v.assessment.reason if v.assessment.status == "behind" else ""})
    return rows


def preview(campaign: Campaign, as_of: date, *, with_indicators: bool = False, with_ranking: bool = False) -> dict:
    """The figures of a circular that is about to be issued (nothing is stored); with the indicator table
    (目标指标完成情况) when asked; units ranked by completion rate only when asked (`ranked`)."""
    units = unit_stats(campaign, as_of)
    extra = {"indicators": indicator_table(campaign, as_of)} if with_indicators else {}
    shown = units if with_ranking else in_registry_order(units)
    return {**extra, "as_of": as_of.isoformat(), "units": shown, "ranked": with_ranking, "totals": totals(units),
            "overdue": overdue_list(campaign, as_of), "suggestions": suggestions(units, open_proposals(campaign.id)),
            "body": standard_text(as_of, units)}


def next_number(campaign_id: int) -> int:
    return (db.session.scalar(select(func.max(Circular.number)).where(Circular.campaign_id == campaign_id)) or 0) + 1


def issue_circular(campaign: Campaign, as_of: date, body: str, actor, *, praise_ids=(), criticism=None,
                   title: str | None = None, with_indicators: bool = False,
                   issued_on: date | None = None, with_ranking: bool = False) -> Circular:
    """Number and keep a circular: a JSON snapshot of the figures, the edited text, praise and criticism; its
    文号 comes from the 发文登记 (registers), dated `issued_on` (default: today).

    `criticism` maps unit id → reason (the office may edit the suggested reason). Units are told in-app.
    """
    if not (body or "").strip():
        raise SupervisionError("通报正文不能为空。")
    data = preview(campaign, as_of, with_indicators=with_indicators, with_ranking=with_ranking)
    names = {u["unit_id"]: u["name"] for u in data["units"]}
    criticism = criticism or {}
    if unknown := (set(praise_ids) | set(criticism)) - set(names):
        raise SupervisionError(f"所选单位不在本期通报范围内：{sorted(unknown)}")
    data.pop("suggestions")
    data["praise"] = [names[i] for i in praise_ids]
    data["criticism"] = [{"name": names[i], "reason": (r or "").strip()} for i, r in criticism.items()]
    number = next_number(campaign.id)
    title = title or f"创建工作进展通报（第{number}期）"
    entry = issue_number(DocKind.CIRCULAR, title, issued_on or clock.today(campaign.timezone), actor,
                         campaign_id=campaign.id)
    circular = Circular(campaign_id=campaign.id, number=number, as_of=as_of, body=body.strip(), data=data,
                        title=title, issued_by_id=getattr(actor, "id", None), register_entry_id=entry.id)
    db.session.add(circular)
    db.session.flush()
    record_event(actor, "circular.issue", circular, f"印发{circular.title}", campaign_id=campaign.id,
                 after={"as_of": as_of.isoformat(), "praise": data["praise"], "criticism": data["criticism"]})
    _take_up_proposals(circular, set(criticism))
    _announce(circular, list(names))
    return circular


def _take_up_proposals(circular: Circular, unit_ids: set[int]) -> None:
    """The ladder's proposals for the units this circular criticises are done with."""
    if unit_ids:
        db.session.execute(update(CriticismProposal).where(
            CriticismProposal.campaign_id == circular.campaign_id, CriticismProposal.circular_id.is_(None),
            CriticismProposal.unit_id.in_(unit_ids)).values(circular_id=circular.id),
            execution_options={"synchronize_session": False})


def _announce(circular: Circular, unit_ids: list[int]) -> None:
    for uid in unit_ids:
        notify_unit(uid, "circular", f"已印发{circular.title}，请查阅。", link=f"/circulars/{circular.id}",
                    campaign_id=circular.campaign_id)


def list_circulars(campaign_id: int, *visible) -> list[Circular]:
    """The campaign's circulars, newest first; `visible`: the visibility policy's scope for the reader."""
    return list(db.session.scalars(select(Circular).where(Circular.campaign_id == campaign_id, *visible)
                                   .order_by(Circular.number.desc())))
