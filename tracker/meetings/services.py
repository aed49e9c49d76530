"""Joint-meeting bodies: creating one (a campaign of kind joint_meeting with its body facts), finding one by its
标识, and resolving the unit a command or form names."""
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from tracker.audit.services import record_event
from tracker.campaigns.models import Campaign, CampaignKind
from tracker.campaigns.services import CampaignError, create_campaign, get_campaign
from tracker.errors import Refusal, UnknownSlug, UsageError
from tracker.extensions import db
from tracker.meetings.models import Convener, ConvenerRole, JointBody
from tracker.units.models import Unit
from tracker.units.resolver import resolve_any_script
from tracker.units.services import load_registry


class BodyError(Refusal):
    """A refused operation on a body, its members or meetings; the message is shown to the user."""


@dataclass
class BodySpec:
    """What the office writes about a body (the notice's 成员单位 section): all but the name optional."""

    name: str
    office_unit: Unit
    convener: tuple[str, str] | None = None  # (name, post)
    deputies: list[tuple[str, str]] = field(default_factory=list)
    notice_number: str = ""
    notice_date: date | None = None


def resolve_unit(text: str) -> Unit:
    """The one registry unit a text names (as a list names it); UsageError (exit 2) with suggestions otherwise."""
    cell = resolve_any_script(load_registry(), (text or "").strip())
    if len(cell.units) != 1 or cell.unresolved:
        hint = cell.unresolved[0].suggestions if cell.unresolved else []
        raise UsageError(f"找不到责任单位：{text}" + (f"（可能是：{'、'.join(hint)}）" if hint else ""))
    return db.session.get(Unit, cell.units[0].id)


def create_body(slug: str, spec: BodySpec, *, actor=None) -> Campaign:
    """A joint-meeting body: a campaign without phases (its 议定事项 are its tasks) and its body facts."""
    try:
        campaign = create_campaign(slug, spec.name, [], kind=CampaignKind.JOINT_MEETING, actor=actor)
    except CampaignError as exc:
        raise BodyError(str(exc).replace("创建活动名称", "联席会议名称")) from exc
    body = JointBody(campaign=campaign, office_unit=spec.office_unit)
    db.session.add(body)
    _set_facts(body, spec)
    db.session.flush()
    record_event(actor, "body.create", body, f"建立联席会议 {campaign.name}，办公室设在{spec.office_unit.name}",
                 campaign_id=campaign.id)
    return campaign


def update_body(body: JointBody, spec: BodySpec, *, actor=None) -> None:
    """Change the body's name, office, conveners and founding notice (audited with before and after)."""
    if not spec.name.strip():
        raise BodyError("请填写联席会议名称。")
    before = body_facts(body)
    body.campaign.name = spec.name.strip()
    body.office_unit = spec.office_unit
    _set_facts(body, spec)
    db.session.flush()
    record_event(actor, "body.update", body, f"修改联席会议 {body.campaign.name}", campaign_id=body.campaign_id,
                 before=before, after=body_facts(body))


def _set_facts(body: JointBody, spec: BodySpec) -> None:
    body.notice_number = spec.notice_number.strip()[:100] or None
    body.notice_date = spec.notice_date
    people = ([(ConvenerRole.CONVENER, *spec.convener)] if spec.convener and spec.convener[0].strip() else []) + \
        [(ConvenerRole.DEPUTY, n, p) for n, p in spec.deputies if n.strip()]
    body.conveners = [Convener(role=role.value, name=name.strip()[:50], post=(post or "").strip()[:100],
                               position=i) for i, (role, name, post) in enumerate(people)]


def body_facts(body: JointBody) -> dict:
    return {"name": body.campaign.name, "office_unit": body.office_unit.name,
            "conveners": [[c.role, c.name, c.post] for c in body.conveners],
            "notice": [body.notice_number, body.notice_date.isoformat() if body.notice_date else None]}


def body_of(campaign: Campaign) -> JointBody:
    """The body of a joint-meeting campaign (with its office and conveners); NotFound-like refusal otherwise."""
    body = db.session.scalar(select(JointBody).where(JointBody.campaign_id == campaign.id)
                             .options(selectinload(JointBody.conveners), joinedload(JointBody.office_unit)))
    if body is None:
        raise UnknownSlug(f"“{campaign.name}”不是联席会议。")
    return body


def require_body(slug: str) -> Campaign:
    """The body a command names by its 标识; an unknown one (or a creation campaign) is a usage error (exit 2)."""
    campaign = get_campaign(slug)
    if campaign is None or not campaign.is_body:
        raise UnknownSlug(f"找不到联席会议：{slug}")
    return campaign


def bodies() -> list[Campaign]:
    return list(db.session.scalars(select(Campaign).where(Campaign.kind == CampaignKind.JOINT_MEETING)
                                   .order_by(Campaign.id.desc())))
