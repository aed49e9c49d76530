"""Campaigns and their phase calendar."""
import re
from dataclasses import dataclass
from datetime import date

from pypinyin import Style, lazy_pinyin
from sqlalchemy import select

from tracker.audit.services import record_event
from tracker.campaigns.models import PHASE_KINDS, PHASE_LABELS, Campaign, CampaignKind, Phase
from tracker.errors import Refusal, UnknownSlug
from tracker.extensions import db

SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
DISTRICT_PREFIX = re.compile(r"^([\u4e00-\u9fff]{2,3}?)[区县市]")


class CampaignError(Refusal):
    """A refused campaign operation; the message is shown to the user."""


@dataclass(frozen=True)
class PhaseSpec:
    kind: str
    starts_on: date
    ends_on: date | None


def parse_phase_arg(text: str) -> PhaseSpec:
    """KIND=YYYY-MM-DD..YYYY-MM-DD (the end may be empty)."""
    m = re.fullmatch(r"(\w+)=(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})?", text.strip())
    if not m:
        raise CampaignError(f"阶段格式应为 KIND=YYYY-MM-DD..YYYY-MM-DD：{text}")
    kind, start, end = m.groups()
    if kind not in PHASE_KINDS:
        raise CampaignError(f"未知阶段：{kind}（可用：{', '.join(PHASE_KINDS)}）")
    try:
        return PhaseSpec(kind, date.fromisoformat(start), date.fromisoformat(end) if end else None)
    except ValueError as exc:
        raise CampaignError(f"日期无效：{text}") from exc


def validate_phases(specs: list[PhaseSpec]) -> None:
    """All four phases, in the fixed order, each once, not overlapping: a creation campaign never lacks one
    (its gates and the 长期 due date are the starts of 自查评估 and 申报验收)."""
    kinds = [s.kind for s in specs]
    if len(set(kinds)) != len(kinds):
        raise CampaignError("每个阶段只能设置一次。")
    if kinds != sorted(kinds, key=PHASE_KINDS.index):
        raise CampaignError("阶段须按 动员部署、组织实施、自查评估、申报验收 的顺序排列。")
    for s in specs:
        if s.ends_on and s.ends_on < s.starts_on:
            raise CampaignError(f"{PHASE_LABELS[s.kind]}的结束日期早于开始日期。")
    for prev, nxt in zip(specs, specs[1:], strict=False):
        if prev.ends_on is None or prev.ends_on >= nxt.starts_on:
            raise CampaignError(f"{PHASE_LABELS[prev.kind]}与{PHASE_LABELS[nxt.kind]}的日期重叠。")
    missing = [PHASE_LABELS[k] for k in PHASE_KINDS if k not in kinds]
    if missing:
        raise CampaignError(f"创建活动须有全部四个阶段，缺少：{'、'.join(missing)}（请填写开始日期）。")


def suggest_slug(name: str, year: int | None = None) -> str:
    """A free 标识 made from the name: the district in pinyin (汉滨区… → hanbin), else the name's pinyin
    initials, and the year of the first phase (hanbin-2021); -2, -3 … when taken."""
    name = (name or "").strip()
    district = DISTRICT_PREFIX.match(name)
    if district:
        base = "".join(lazy_pinyin(district.group(1)))
    else:
        base = "".join(lazy_pinyin(name, style=Style.FIRST_LETTER))
    base = re.sub(r"[^a-z0-9]+", "-", base.lower()).strip("-")[:40] or "campaign"
    base = f"{base}-{year}" if year else base
    taken = set(db.session.scalars(select(Campaign.slug).where(Campaign.slug.like(f"{base}%"))))
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def _check_ack_workdays(days: int) -> None:
    if not 0 <= days <= 30:
        raise CampaignError("签收时限应在 0 到 30 个工作日之间（0 为不设时限）。")


def create_campaign(slug: str, name: str, phases: list[PhaseSpec], *, lead_days: int = 14,
                    co_units_submit_separately: bool = False, actor=None,
                    light_yellow: tuple[int, bool] = (5, True), ack_workdays: int = 2,
                    kind: str = CampaignKind.CREATION) -> Campaign:
    """Create a campaign and its phases; a blank 标识 is made from the name (`suggest_slug`). A joint-meeting
    body (`kind` joint_meeting, made by tracker/meetings) has no phases."""
    slug = slug.strip().lower() or suggest_slug(name, phases[0].starts_on.year if phases else None)
    if not SLUG_RE.match(slug):
        raise CampaignError("标识只能包含小写字母、数字和连字符。")
    if not name.strip():
        raise CampaignError("请填写创建活动名称。")
    if db.session.scalar(select(Campaign.id).where(Campaign.slug == slug)):
        raise CampaignError(f"标识已存在：{slug}")
    if not 0 <= lead_days <= 365:
        raise CampaignError("提前预警天数应在 0 到 365 之间。")
    if not 0 <= light_yellow[0] <= 60:
        raise CampaignError("黄灯提前工作日数应在 0 到 60 之间。")
    _check_ack_workdays(ack_workdays)
    _check_phases_for(kind, phases)
    campaign = Campaign(ack_workdays=ack_workdays, slug=slug, name=name.strip(), lead_days=lead_days,
                        kind=CampaignKind(kind).value,
                        co_units_submit_separately=co_units_submit_separately,
                        light_yellow_workdays=light_yellow[0], light_yellow_due_soon=light_yellow[1])
    campaign.phases = [Phase(kind=s.kind, starts_on=s.starts_on, ends_on=s.ends_on) for s in phases]
    db.session.add(campaign)
    record_event(actor, "campaign.create", campaign, f"创建活动 {campaign.name}", campaign_id=None)
    return campaign


def update_campaign(campaign: Campaign, name: str, lead_days: int, phases: list[PhaseSpec], actor, *,
                    co_units_submit_separately: bool | None = None,
                    light_yellow: tuple[int, bool] | None = None, ack_workdays: int | None = None) -> None:
    """Change the name, warning days and phases; `co_units_submit_separately` (None: unchanged) switches between
    co-units feeding the lead and co-units submitting separately; `light_yellow` (None: unchanged) is the 黄灯
    rule: (working days before the due date, whether 临期 lights yellow)."""
    if not name.strip():
        raise CampaignError("请填写创建活动名称。")
    if not 0 <= lead_days <= 365:
        raise CampaignError("提前预警天数应在 0 到 365 之间。")
    if light_yellow is not None and not 0 <= light_yellow[0] <= 60:
        raise CampaignError("黄灯提前工作日数应在 0 到 60 之间。")
    if ack_workdays is not None:
        _check_ack_workdays(ack_workdays)
        campaign.ack_workdays = ack_workdays
    _check_phases_for(campaign.kind, phases)
    before = {"name": campaign.name, "lead_days": campaign.lead_days, "phases": _phase_dict(campaign),
              "co_units_submit_separately": campaign.co_units_submit_separately}
    campaign.name, campaign.lead_days = name.strip(), lead_days
    if co_units_submit_separately is not None:
        campaign.co_units_submit_separately = co_units_submit_separately
    if light_yellow is not None:
        campaign.light_yellow_workdays, campaign.light_yellow_due_soon = light_yellow
    _apply_phases(campaign, phases)
    db.session.flush()
    record_event(actor, "campaign.update", campaign, f"修改活动 {campaign.name}", campaign_id=campaign.id,
                 before=before, after={"name": campaign.name, "lead_days": lead_days,
                                       "phases": _phase_dict(campaign),
                                       "co_units_submit_separately": campaign.co_units_submit_separately})


def _check_phases_for(kind: str, phases: list[PhaseSpec]) -> None:
    """A creation campaign's phases in order; a joint-meeting body has none (its matters have their own dates)."""
    if kind == CampaignKind.JOINT_MEETING and phases:
        raise CampaignError("联席会议不设创建阶段：议定事项按各自的完成时限督办。")
    if kind != CampaignKind.JOINT_MEETING:
        validate_phases(phases)


def _apply_phases(campaign: Campaign, phases: list[PhaseSpec]) -> None:
    """Set each of the (validated, complete) phases in place; a phase missing from an old row is appended to
    the collection, so it is saved with the campaign. Nothing is ever removed."""
    existing = {p.kind: p for p in campaign.phases}
    for spec in phases:
        phase = existing.get(spec.kind)
        if phase is None:
            phase = Phase(kind=spec.kind)
            campaign.phases.append(phase)
        phase.starts_on, phase.ends_on = spec.starts_on, spec.ends_on


def _phase_dict(campaign: Campaign) -> dict:
    return {p.kind: [p.starts_on.isoformat(), p.ends_on.isoformat() if p.ends_on else None]
            for p in campaign.phases}


def get_campaign(slug: str) -> Campaign | None:
    return db.session.scalar(select(Campaign).where(Campaign.slug == slug))


def require_campaign(slug: str) -> Campaign:
    """The campaign a command names by its slug; an unknown slug is a usage error (UnknownSlug: exit 2, 404)."""
    campaign = get_campaign(slug)
    if campaign is None:
        raise UnknownSlug(f"找不到创建活动：{slug}")
    return campaign


@dataclass
class PhaseView:
    kind: str
    label: str
    starts_on: date
    ends_on: date | None
    state: str  # past | current | future
    days_to_start: int


def phase_calendar(campaign: Campaign, today: date) -> list[PhaseView]:
    current = campaign.current_phase(today)
    views = []
    for p in campaign.phases:
        state = "current" if p is current else ("past" if p.starts_on <= today else "future")
        views.append(PhaseView(p.kind, p.label, p.starts_on, p.ends_on, state, (p.starts_on - today).days))
    return views


def next_gate(campaign: Campaign, today: date) -> tuple[str, date] | None:
    upcoming = sorted((d, k) for k, d in campaign.gate_dates().items() if d > today)
    return (upcoming[0][1], upcoming[0][0]) if upcoming else None
