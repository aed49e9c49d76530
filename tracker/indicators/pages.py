"""What the indicator pages show, loaded in a fixed number of queries (routes stay thin)."""
from collections import Counter
from datetime import date
from io import BytesIO

from openpyxl import Workbook
from sqlalchemy import or_, select
from sqlalchemy.orm import joinedload, selectinload

from tracker.assignments.visibility import scope, sees_everything
from tracker.audit.models import AuditEvent
from tracker.campaigns.models import Campaign
from tracker.evidence.models import Evidence
from tracker.extensions import db
from tracker.indicators.formula import parse
from tracker.indicators.importing import LABELS
from tracker.indicators.models import Indicator, IndicatorValue, ValueEvidence, ValueStatus
from tracker.indicators.progress import IndicatorView, standings, standings_of
from tracker.indicators.status import STANDING_COLOURS, Standing, latest_as_of, reaches
from tracker.xlsx.cells import write_row

LIBRARY_CHOICES = 30
HISTORY_SIZE = 50
TEMPLATE_ROWS = (
    ("新增托位", "个", "不低于", 0, 400, "2021-12-31", "区卫健局、区发改局", None),
    ("新增托位", "个", "不低于", 0, 500, "2022-12-31", "区卫健局、区发改局", None),
    ("婴幼儿早期发展知识普及率", "%", "不低于", None, 95, "2025-12-31", "区卫健局", None),
    ("每千人口拥有3岁以下婴幼儿托位数", "个", "不低于", None, 4.7, "2025-12-31", None, "托位数 ÷ 常住人口 × 1000"),
    ("托位数", "个", "不低于", None, None, None, "区卫健局", None),
    ("常住人口", "人", "不低于", None, None, None, "区卫健局", None),
)


def _pending_values(campaign: Campaign, visible) -> list[IndicatorValue]:
    """Values awaiting the office's review, oldest first, with what the review list shows."""
    stmt = (select(IndicatorValue).join(Indicator, Indicator.id == IndicatorValue.indicator_id)
            .where(Indicator.campaign_id == campaign.id, IndicatorValue.status == ValueStatus.SUBMITTED, visible)
            .options(joinedload(IndicatorValue.indicator), joinedload(IndicatorValue.unit),
                     selectinload(IndicatorValue.files).joinedload(ValueEvidence.evidence))
            .order_by(IndicatorValue.reported_at, IndicatorValue.id))
    return list(db.session.scalars(stmt).unique())


def list_page(user, campaign: Campaign, today: date, status: str | None) -> dict:
    """The list: every indicator the user may see with its standing, counts per standing, and (for the office)
    the values awaiting review."""
    views = standings(campaign, today, visible=scope(user, Indicator))
    counts = Counter(v.assessment.status.value for v in views)
    shown = [v for v in views if v.assessment.status == status] if status in Standing.values() else views
    pending = _pending_values(campaign, scope(user, IndicatorValue, change=True)) \
        if user.role in ("office", "admin") else []
    return {"views": shown, "all_count": len(views), "counts": counts, "status": status, "pending": pending,
            "campaign": campaign, "today": today, "standings": Standing, "colours": STANDING_COLOURS}


def _values(user, indicator: Indicator) -> list[IndicatorValue]:
    stmt = (select(IndicatorValue).where(IndicatorValue.indicator_id == indicator.id,
                                         scope(user, IndicatorValue))
            .options(joinedload(IndicatorValue.unit), joinedload(IndicatorValue.reported_by),
                     joinedload(IndicatorValue.reviewed_by),
                     selectinload(IndicatorValue.files).joinedload(ValueEvidence.evidence))
            .order_by(IndicatorValue.as_of.desc(), IndicatorValue.id.desc()))
    return list(db.session.scalars(stmt).unique())


def _history(indicator: Indicator, value_ids: list[int]) -> list[AuditEvent]:
    about_values = (AuditEvent.object_type == "indicator_values") & AuditEvent.object_id.in_(value_ids or [-1])
    about_it = (AuditEvent.object_type == "indicators") & (AuditEvent.object_id == indicator.id)
    stmt = (select(AuditEvent).where(or_(about_values, about_it)).options(joinedload(AuditEvent.actor))
            .order_by(AuditEvent.created_at.desc(), AuditEvent.id.desc()).limit(HISTORY_SIZE))
    return list(db.session.scalars(stmt))


def _library(user) -> list[Evidence]:
    """The unit's own files, newest first: a value may carry a file it already uploaded (report once, reuse)."""
    if user.role != "unit":
        return []
    stmt = select(Evidence).where(scope(user, Evidence, change=True)).order_by(Evidence.id.desc())
    return list(db.session.scalars(stmt.limit(LIBRARY_CHOICES)))


def _related(indicator: Indicator, user) -> dict[str, list[Indicator]]:
    """The inputs of a derived indicator, and the derived indicators reading this one (that the user may see)."""
    others = list(db.session.scalars(select(Indicator).where(
        Indicator.campaign_id == indicator.campaign_id, Indicator.id != indicator.id, scope(user, Indicator))))
    names = set(parse(indicator.formula).names) if indicator.formula else set()
    return {"inputs": [i for i in others if i.name in names],
            "readers": [i for i in others if i.formula and indicator.name in parse(i.formula).names]}


def files_visible(user, value: IndicatorValue) -> bool:
    """A value's files are the reporting unit's: the office and leaders open them, other units see the count."""
    return sees_everything(user) or value.unit_id == getattr(user, "unit_id", None)


def milestone_rows(view: IndicatorView, today: date) -> list[dict]:
    """Each milestone with the value as of its date (or now, for one still ahead): 已达到 / 未达到 / 未到期."""
    rows = []
    for t in view.indicator.targets():
        by_then = latest_as_of(view.points, min(t.on, today))
        reached = by_then is not None and reaches(view.indicator.direction, by_then.value, t.value)
        state = "reached" if reached else ("missed" if t.on < today else "open")
        rows.append({"on": t.on, "target": t.value, "value": by_then.value if by_then else None, "state": state})
    return rows


def detail_page(user, indicator: Indicator, today: date) -> dict:
    view: IndicatorView = standings_of([indicator], indicator.campaign, today)[0]
    values = _values(user, indicator)
    responsible = [r.unit_id for r in indicator.responsibilities]
    may_report = user.role == "unit" and not indicator.derived and user.unit_id in responsible
    return {"indicator": indicator, "view": view, "values": values, "today": today,
            "history": _history(indicator, [v.id for v in values]), "library": _library(user) if may_report else [],
            "may_report": may_report, "related": _related(indicator, user), "files_visible": files_visible,
            "milestones": milestone_rows(view, today),
            "colours": STANDING_COLOURS}


def indicator_uses(evidence_ids: list[int]) -> dict[int, list[tuple[int, str, date]]]:
    """For a unit's library: the indicator values each file is attached to, (indicator id, name, as of), one query."""
    found: dict[int, list[tuple[int, str, date]]] = {i: [] for i in evidence_ids}
    if evidence_ids:
        stmt = (select(ValueEvidence.evidence_id, Indicator.id, Indicator.name, IndicatorValue.as_of)
                .join(IndicatorValue, IndicatorValue.id == ValueEvidence.value_id)
                .join(Indicator, Indicator.id == IndicatorValue.indicator_id)
                .where(ValueEvidence.evidence_id.in_(evidence_ids)).order_by(ValueEvidence.id))
        for evidence_id, indicator_id, name, as_of in db.session.execute(stmt):
            found[evidence_id].append((indicator_id, name, as_of))
    return found


def import_template() -> bytes:
    """The import workbook: the header and a few rows of seed 001 as examples."""
    wb = Workbook()
    ws = wb.active
    ws.title = "指标"
    write_row(ws, 1, [LABELS[f] for f in ("name", "measure", "direction", "baseline", "target", "date", "units",
                                           "formula")])
    for r, row in enumerate(TEMPLATE_ROWS, start=2):
        write_row(ws, r, row)
    for column, width in zip("ABCDEFGH", (30, 10, 10, 8, 10, 12, 24, 28), strict=True):
        ws.column_dimensions[column].width = width
    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
