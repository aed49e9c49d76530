"""What the report pages show: the list of cycles, a cycle's board (with 初验 scores), a unit's own report."""
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from tracker.assignments.models import Assignment, Role
from tracker.assignments.visibility import scope
from tracker.campaigns.models import Campaign
from tracker.evidence.models import Evidence
from tracker.extensions import db
from tracker.reports.filing import prefill, report_of
from tracker.reports.models import CycleKind, Report, ReportCycle, ReportFile
from tracker.reports.services import BoardState, board_state, boards, cycles_of
from tracker.review.models import TaskScore
from tracker.tasks.models import Task

STATES = (BoardState.REPORTED, BoardState.MISSING, BoardState.OVERDUE)


@dataclass
class UnitScore:
    """初验 scores of the tasks a unit leads: the points it got of the points scored so far."""

    score: Decimal
    maximum: Decimal
    scored: int

    @property
    def text(self) -> str:
        return f"{self.score:g} / {self.maximum:g}（{self.scored} 项）"


def unit_scores(campaign_id: int) -> dict[int, UnitScore]:
    """Per lead unit: the sum of its scored tasks' 初验 scores and of their points, in one statement."""
    stmt = (select(Assignment.unit_id, func.sum(TaskScore.score), func.sum(Task.points), func.count(TaskScore.id))
            .join(Task, Task.id == Assignment.task_id).join(TaskScore, TaskScore.task_id == Task.id)
            .where(Task.campaign_id == campaign_id, Assignment.role == Role.LEAD, Task.points.is_not(None))
            .group_by(Assignment.unit_id))
    return {u: UnitScore(Decimal(s), Decimal(m), n) for u, s, m, n in db.session.execute(stmt)}


def index_page(campaign: Campaign | None, today: date) -> dict:
    """The office's list: every cycle of the campaign with its counts."""
    cycle_boards = boards(cycles_of(campaign), today) if campaign else []
    return {"boards": cycle_boards, "states": STATES, "labels": BoardState.LABELS, "today": today,
            "has_self_assessment": any(b.cycle.kind == CycleKind.SELF_ASSESSMENT for b in cycle_boards)}


@dataclass
class OwedCycle:
    cycle: ReportCycle
    report: Report | None
    state: str

    @property
    def label(self) -> str:
        return BoardState.LABELS[self.state]


def owed_cycles(user, today: date) -> list[OwedCycle]:
    """A unit's cycles (of every campaign or body), newest due first, with its report's state: two statements."""
    cycles = list(db.session.scalars(select(ReportCycle).where(scope(user, ReportCycle))
                                     .options(joinedload(ReportCycle.campaign))
                                     .order_by(ReportCycle.due_on.desc(), ReportCycle.id.desc())))
    reports = {r.cycle_id: r for r in db.session.scalars(select(Report).where(
        Report.unit_id == user.unit_id, Report.cycle_id.in_([c.id for c in cycles])))} if cycles else {}
    return [OwedCycle(c, reports.get(c.id), board_state(reports.get(c.id), c.due_on, today)) for c in cycles]


def board_page(cycle: ReportCycle, today: date, state: str | None) -> dict:
    board = boards([cycle], today)[0]
    rows = [r for r in board.rows if state in STATES and r.state == state] if state in STATES else board.rows
    ids = [r.report.id for r in board.rows if r.report]
    files = {}
    if ids:
        for f in db.session.scalars(select(ReportFile).where(ReportFile.report_id.in_(ids))
                                    .options(joinedload(ReportFile.evidence))):
            files.setdefault(f.report_id, []).append(f.evidence)
    return {"cycle": cycle, "board": board, "rows": rows, "state": state, "states": STATES,
            "labels": BoardState.LABELS, "today": today, "files": files, "scores": unit_scores(cycle.campaign_id)}


def unit_page(cycle: ReportCycle, unit, today: date) -> dict:
    """A unit's report in a cycle: its report (with files) or, before it files one, the pre-filled draft."""
    report = report_of(cycle, unit.id)
    if report is not None:
        db.session.scalars(select(ReportFile).where(ReportFile.report_id == report.id)
                           .options(joinedload(ReportFile.evidence))).all()
    library = list(db.session.scalars(select(Evidence).where(Evidence.unit_id == unit.id)
                                      .order_by(Evidence.id.desc()).limit(100)))
    return {"cycle": cycle, "report": report, "state": board_state(report, cycle.due_on, today), "today": today,
            "labels": BoardState.LABELS, "draft": prefill(cycle, unit) if report is None else report.text,
            "library": library}


def report_page(report: Report) -> dict:
    report = db.session.scalar(select(Report).where(Report.id == report.id).options(
        selectinload(Report.files).joinedload(ReportFile.evidence), joinedload(Report.cycle)))
    return {"report": report, "cycle": report.cycle}
