"""Reported values and their small review flow — the same words and audit as an assignment's review.

    (report) ──► submitted ──approve──► approved            only approved values count
                  ▲  │ ▲       └─return──► returned (reason)
          correct └──┘ └────── resubmit ──────┘  the unit corrects and reports it again

A unit corrects its own value still awaiting review (`correct`), also by reporting the same date again.

`STEPS` is the table: who may take each step from which status. A step with `actor=None` is the command line
(`tracker indicators report … [--approve]`), which acts as the unit it names and, with --approve, as the office.
Every step writes its audit event and tells the other side, in the same flush. Services flush, never commit.
"""
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

from sqlalchemy import select

from tracker.audit.services import record_event
from tracker.errors import Conflict, Refusal
from tracker.evidence.models import Evidence
from tracker.evidence.services import Incoming, store_unit_files
from tracker.extensions import db
from tracker.indicators.definitions import AMOUNT_LIMIT
from tracker.indicators.models import Indicator, IndicatorValue, ValueEvidence, ValueStatus
from tracker.indicators.status import fmt
from tracker.notifications.services import notify_office, notify_unit
from tracker.timeutil import utcnow
from tracker.units.models import Unit

NOTE_MAX = 2000
OFFICE, UNIT = ("office", "admin"), ("unit",)


class ValueRefused(Refusal):
    """A refused step on a reported value: 409 for the wrong state, 403 for the wrong person."""

    status = 409


@dataclass(frozen=True)
class Step:
    label: str
    sources: tuple[ValueStatus | None, ...]
    target: ValueStatus
    roles: tuple[str, ...]
    action: str
    own_unit: bool = False


STEPS = {
    "report": Step("报送数值", (None,), ValueStatus.SUBMITTED, UNIT, "indicator.report", own_unit=True),
    "approve": Step("审核通过", (ValueStatus.SUBMITTED,), ValueStatus.APPROVED, OFFICE, "indicator.approve"),
    "return": Step("审核退回", (ValueStatus.SUBMITTED,), ValueStatus.RETURNED, OFFICE, "indicator.return"),
    "resubmit": Step("修改后重新报送", (ValueStatus.RETURNED,), ValueStatus.SUBMITTED, UNIT, "indicator.resubmit",
                     own_unit=True),
    "correct": Step("更正报送", (ValueStatus.SUBMITTED,), ValueStatus.SUBMITTED, UNIT, "indicator.correct",
                    own_unit=True),  # before the office decides: a typo costs the unit no phone call
}


def refusal(step_name: str, status: str | None, unit_id: int, actor) -> ValueRefused | None:
    """Why `actor` may not take the step on a value of `unit_id` in `status` now, or None if they may."""
    step = STEPS[step_name]
    if actor is not None:
        if actor.role not in step.roles:
            return ValueRefused(f"您的角色不能{step.label}。", status=403)
        if step.own_unit and actor.unit_id != unit_id:
            return ValueRefused(f"只有本单位联络员可以{step.label}。", status=403)
    if status not in step.sources:
        shown = ValueStatus(status).label if status else "未报送"
        return ValueRefused(f"该数值当前为“{shown}”，不能{step.label}。")
    return None


def may(step_name: str, value: IndicatorValue, actor) -> bool:
    return refusal(step_name, value.status, value.unit_id, actor) is None


def _take(step_name: str, value: IndicatorValue | None, unit_id: int, actor) -> Step:
    if (refused := refusal(step_name, value.status if value else None, unit_id, actor)) is not None:
        raise refused
    return STEPS[step_name]


def _check_version(value: IndicatorValue, version: int | None) -> None:
    if version is not None and version != value.version:
        raise Conflict("在您操作期间，该数值已被他人修改。请刷新后重试。")


@dataclass
class Entry:
    """What a unit reports: the value, its date, a note; new files and files already in its library."""

    value: Decimal
    as_of: date
    note: str = ""
    files: list[Incoming] = field(default_factory=list)
    library_ids: list[int] = field(default_factory=list)
    title: str = ""


def _check_entry(indicator: Indicator, entry: Entry, today: date) -> None:
    if indicator.derived:
        raise ValueRefused("该指标由公式计算得出，无需报送。", status=400)
    if entry.as_of > today:
        raise ValueRefused(f"数据日期不能晚于今天（{today.isoformat()}）。", status=400)
    if abs(entry.value) >= AMOUNT_LIMIT:
        raise ValueRefused(f"数值 {fmt(entry.value)} 过大。", status=400)
    if len(entry.note or "") > NOTE_MAX:
        raise ValueRefused(f"说明不能超过 {NOTE_MAX} 字。", status=400)


def _check_responsible(indicator: Indicator, unit: Unit) -> None:
    if unit.id not in [r.unit_id for r in indicator.responsibilities]:
        raise ValueRefused(f"{unit.name}不是指标“{indicator.name}”的责任单位。", status=403)


def _pending_on(indicator_id: int, as_of: date, but: int | None = None) -> IndicatorValue | None:
    stmt = select(IndicatorValue).where(IndicatorValue.indicator_id == indicator_id, IndicatorValue.as_of == as_of,
                                        IndicatorValue.status == ValueStatus.SUBMITTED)
    if but is not None:
        stmt = stmt.where(IndicatorValue.id != but)
    return db.session.scalar(stmt.limit(1))


def _attach(value: IndicatorValue, unit_id: int, actor, entry: Entry) -> list[Path]:
    """Link the entry's files to the value: new ones stored in the unit's library, chosen ones checked."""
    chosen = []
    if entry.library_ids:
        chosen = list(db.session.scalars(select(Evidence).where(Evidence.id.in_(entry.library_ids))))
        if len(chosen) != len(set(entry.library_ids)) or any(e.unit_id != unit_id for e in chosen):
            raise ValueRefused("所选材料不在本单位材料库中。", status=404)
    stored, moved = store_unit_files(unit_id, actor, entry.files, title=entry.title,
                                     document_date=entry.as_of) if entry.files else ([], [])
    have = {f.evidence_id for f in value.files}
    for evidence in [*chosen, *stored]:
        if evidence.id not in have:
            value.files.append(ValueEvidence(evidence=evidence, evidence_id=evidence.id))
            have.add(evidence.id)
    return moved


def _described(value: IndicatorValue, indicator: Indicator) -> str:
    return f"“{indicator.name}”{fmt(value.value)}{indicator.measure}（截至 {value.as_of.isoformat()}）"


@dataclass
class Reported:
    value: IndicatorValue
    moved: list[Path]  # files moved into place: the caller removes them if its commit fails


def report_value(indicator: Indicator, unit: Unit, entry: Entry, actor, *, today: date) -> Reported:
    """A unit reports a value as of a date (with a note and files); it waits for the office's review."""
    _take("report", None, unit.id, actor)
    _check_entry(indicator, entry, today)
    _check_responsible(indicator, unit)
    if (pending := _pending_on(indicator.id, entry.as_of)) is not None:
        if pending.unit_id == unit.id:  # its own value, not yet decided: this corrects it
            return resubmit_value(pending, entry, actor, today=today)
        raise ValueRefused(f"截至 {entry.as_of.isoformat()} 的数值已由{pending.unit.name}报送、正在审核，请勿重复报送。")
    value = IndicatorValue(indicator=indicator, indicator_id=indicator.id, unit_id=unit.id, value=entry.value,
                           as_of=entry.as_of, note=(entry.note or "").strip(), status=ValueStatus.SUBMITTED.value,
                           reported_by_id=getattr(actor, "id", None), reported_at=utcnow())
    db.session.add(value)
    moved = _attach(value, unit.id, actor, entry)
    db.session.flush()
    text = f"{unit.name}报送{_described(value, indicator)}"
    record_event(actor, STEPS["report"].action, value, text, campaign_id=indicator.campaign_id,
                 after=_state(value))
    notify_office("indicator.report", f"{text}，请审核。", link=f"/indicators/{indicator.id}",
                  campaign_id=indicator.campaign_id)
    return Reported(value, moved)


def resubmit_value(value: IndicatorValue, entry: Entry, actor, *, today: date,
                   version: int | None = None) -> Reported:
    """The unit corrects a returned value, or its value still awaiting review (value, date, note, more files),
    and reports it (again)."""
    _check_version(value, version)
    step = _take("correct" if value.status == ValueStatus.SUBMITTED else "resubmit", value, value.unit_id, actor)
    indicator = value.indicator
    _check_entry(indicator, entry, today)
    if _pending_on(indicator.id, entry.as_of, but=value.id) is not None:
        raise ValueRefused(f"截至 {entry.as_of.isoformat()} 的数值已报送、正在审核，请勿重复报送。")
    before = _state(value)
    value.value, value.as_of, value.note = entry.value, entry.as_of, (entry.note or "").strip()
    value.status, value.reported_at = step.target.value, utcnow()
    moved = _attach(value, value.unit_id, actor, entry)
    db.session.flush()
    text = f"{value.unit.name}{step.label}{_described(value, indicator)}"
    record_event(actor, step.action, value, text, campaign_id=indicator.campaign_id, before=before,
                 after=_state(value))
    notify_office("indicator.report", f"{text}，请审核。", link=f"/indicators/{indicator.id}",
                  campaign_id=indicator.campaign_id)
    return Reported(value, moved)


def _decide(step_name: str, value: IndicatorValue, actor, reason: str = "") -> IndicatorValue:
    step = _take(step_name, value, value.unit_id, actor)
    before = _state(value)
    value.status, value.reason = step.target.value, reason
    value.reviewed_by_id, value.reviewed_at = getattr(actor, "id", None), utcnow()
    db.session.flush()
    indicator = value.indicator
    word = "通过" if step.target == ValueStatus.APPROVED else "退回"
    record_event(actor, step.action, value, f"{step.label}：{_described(value, indicator)}"
                 + (f"（{reason}）" if reason else ""), campaign_id=indicator.campaign_id, before=before,
                 after=_state(value))
    notify_unit(value.unit_id, step.action, f"您单位报送的{_described(value, indicator)}已审核{word}。"
                + (f"退回原因：{reason}" if reason else ""), link=f"/indicators/{indicator.id}",
                campaign_id=indicator.campaign_id)
    return value


def approve_value(value: IndicatorValue, actor, *, version: int | None = None) -> IndicatorValue:
    """通过: the value counts from now on. Refused (409) if it is not awaiting review or was changed meanwhile."""
    _check_version(value, version)
    return _decide("approve", value, actor)


def return_value(value: IndicatorValue, reason: str, actor, *, version: int | None = None) -> IndicatorValue:
    """退回: back to the unit with a required reason; it does not count."""
    reason = (reason or "").strip()
    if not reason:
        raise ValueRefused("退回时必须填写退回原因。", status=400)
    _check_version(value, version)
    return _decide("return", value, actor, reason)


def _state(value: IndicatorValue) -> dict:
    return {"status": value.status, "value": fmt(value.value), "as_of": value.as_of.isoformat(),
            "reason": value.reason or "", "files": [f.evidence_id for f in value.files]}
